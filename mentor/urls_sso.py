"""Single sign-on: OpenID Connect and SAML 2.0 (``mentor/views_sso.py``). Every URL answers
404 while its provider is not configured; the names are the libraries' own, which they
reverse."""

from django.urls import path

from mentor import views_sso

urlpatterns = [
    path("login/refused/", views_sso.sso_refused, name="sso_refused"),
    path("oidc/authenticate/", views_sso.OidcSignInView.as_view(),
         name="oidc_authentication_init"),
    path("oidc/callback/", views_sso.OidcCallbackView.as_view(),
         name="oidc_authentication_callback"),
    path("saml2/login/", views_sso.saml_sign_in, name="saml2_login"),
    path("saml2/acs/", views_sso.saml_assertion_consumer, name="saml2_acs"),
    path("saml2/ls/", views_sso.saml_logout_service, name="saml2_ls"),
    path("saml2/ls/post/", views_sso.saml_logout_service, name="saml2_ls_post"),
    path("saml2/metadata/", views_sso.saml_metadata, name="saml2_metadata"),
]

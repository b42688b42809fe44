"""``{% sso_sign_in_options as providers %}`` on the login page: the identity providers that
are configured, as (URL, button text) pairs; empty without single sign-on."""

from __future__ import annotations

from urllib.parse import urlencode

from django import template
from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _

from mentor import sso

register = template.Library()


@register.simple_tag
def sso_sign_in_options(next_url: str = "") -> list[tuple[str, str]]:
    options: list[tuple[str, str]] = []
    # Only a path of this site; the libraries check it again.
    suffix = "?" + urlencode({"next": next_url}) if next_url.startswith("/") else ""
    if sso.oidc_enabled():
        options.append((reverse("oidc_authentication_init") + suffix,
                        _("Log ind med %(name)s")
                        % {"name": settings.SSO_OIDC_LABEL or _("kommunens konto")}))
    if sso.saml_enabled():
        options.append((reverse("saml2_login") + suffix,
                        _("Log ind med %(name)s")
                        % {"name": settings.SSO_SAML_LABEL or _("kommunens konto")}))
    return options


@register.simple_tag
def sso_enabled() -> bool:
    return sso.enabled()

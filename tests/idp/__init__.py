"""Identity providers for the single sign-on tests, run as separate local processes: an
OpenID Connect provider made with django-oauth-toolkit (``oidc_idp.py``) and a SAML 2.0
identity provider made with pysaml2 (``saml_idp.py``). Started by the fixtures in
``tests/mentor/sso_fixtures.py``; never part of the product."""

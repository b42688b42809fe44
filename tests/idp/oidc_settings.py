"""Settings of the test OpenID Connect provider (``tests/idp/oidc_idp.py``): a separate
Django project with django-oauth-toolkit's OIDC support, on its own SQLite database."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

STATE_DIR = Path(os.environ["IDP_STATE_DIR"])
ISSUER = os.environ["IDP_ISSUER"]

SECRET_KEY = "test-identity-provider-only"
DEBUG = False
ALLOWED_HOSTS = ["localhost", "127.0.0.1"]
USE_TZ = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "oauth2_provider",
]
MIDDLEWARE = [
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
]
ROOT_URLCONF = "tests.idp.oidc_idp"
TEMPLATES = [{
    "BACKEND": "django.template.backends.django.DjangoTemplates",
    "DIRS": [Path(__file__).resolve().parent / "templates"],
    "APP_DIRS": True,
    "OPTIONS": {"context_processors": ["django.template.context_processors.request"]},
}]
DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3",
                         "NAME": str(STATE_DIR / "oidc.sqlite3")}}
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# The product runs on the same host name in the tests (another port): cookies are not kept
# apart by port, so the provider's have names of their own.
SESSION_COOKIE_NAME = "test_oidc_idp_session"
CSRF_COOKIE_NAME = "test_oidc_idp_csrftoken"
LOGIN_URL = "/login/"
LOGIN_REDIRECT_URL = "/"
OAUTH2_PROVIDER: dict[str, Any] = {
    "OIDC_ENABLED": True,
    "OIDC_ISS_ENDPOINT": ISSUER,
    "OIDC_RSA_PRIVATE_KEY": (STATE_DIR / "oidc-signing-key.pem").read_text(),
    "OAUTH2_VALIDATOR_CLASS": "tests.idp.oidc_idp.ClaimsValidator",
    "PKCE_REQUIRED": True,
    "OIDC_RP_INITIATED_LOGOUT_ENABLED": True,
    "OIDC_RP_INITIATED_LOGOUT_ALWAYS_PROMPT": False,
    "ALLOWED_REDIRECT_URI_SCHEMES": ["http"],
    "SCOPES": {"openid": "OpenID Connect", "profile": "Profile", "email": "E-mail"},
}
LOGGING: dict[str, Any] = {"version": 1, "disable_existing_loggers": False,
                           "root": {"level": "WARNING"}}

"""The one settings module, driven by environment variables.

Every setting has a working default for the embedded set-up (SQLite in ``var/`` and a Celery
broker on the filesystem); production (``DJANGO_ENV=production``) refuses to start without the
secrets it needs. Small ``env_*`` helpers fail loudly on malformed values.
"""

from __future__ import annotations

import hashlib
import os
import secrets
from pathlib import Path
from typing import Any

import dj_database_url
import django_stubs_ext
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

# Lets Django's generic classes be subscripted as their stubs type them (``ModelAdmin[User]``).
django_stubs_ext.monkeypatch()

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("VAR_DIR", BASE_DIR / "var"))
VAR_DIR.mkdir(parents=True, exist_ok=True)


def env_str(name: str, default: str | None = None) -> str:
    value = os.environ.get(name, default)
    if value is None:
        raise ImproperlyConfigured(f"Set the environment variable {name}.")
    return value


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    if raw.lower() in {"1", "true", "yes", "on"}:
        return True
    if raw.lower() in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean (1/0, true/false), not {raw!r}.")


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be an integer, not {raw!r}.") from exc


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


def dev_secret(name: str, generate: Any) -> str:
    """A development secret, generated once into ``var/`` so that restarts keep sessions."""
    path = VAR_DIR / f"{name}.txt"
    if not path.exists():
        path.write_text(generate())
        path.chmod(0o600)
    return path.read_text().strip()


def _fernet_key() -> str:
    import base64

    return base64.urlsafe_b64encode(secrets.token_bytes(32)).decode()


DJANGO_ENV = env_str("DJANGO_ENV", "development")
PRODUCTION = DJANGO_ENV == "production"
TESTING = env_bool("TESTING", False)

if PRODUCTION:
    SECRET_KEY = env_str("SECRET_KEY")
    # Encryption at rest of CPR numbers and the keyed hash that makes them searchable. During a
    # key rotation the plural variables below hold the new key first and the old ones after.
    CPR_ENCRYPTION_KEY = (env_list("CPR_ENCRYPTION_KEYS", []) or [env_str("CPR_ENCRYPTION_KEY")])[0]
    CPR_HASH_KEY = (env_list("CPR_HASH_KEYS", []) or [env_str("CPR_HASH_KEY")])[0]
else:
    SECRET_KEY = os.environ.get("SECRET_KEY") or dev_secret(
        "secret_key", lambda: secrets.token_urlsafe(50)
    )
    CPR_ENCRYPTION_KEY = os.environ.get("CPR_ENCRYPTION_KEY") or dev_secret(
        "cpr_encryption_key", _fernet_key
    )
    CPR_HASH_KEY = os.environ.get("CPR_HASH_KEY") or dev_secret(
        "cpr_hash_key", lambda: secrets.token_urlsafe(32)
    )
# Key rotation without downtime (mentor/cpr.py, ``manage.py rotate_cpr_keys``): newest first.
# New values are written with the first key; every key decrypts, and a search by CPR number
# looks for the hash under every hash key until the rotation has rewritten all rows.
CPR_ENCRYPTION_KEYS = env_list("CPR_ENCRYPTION_KEYS", [CPR_ENCRYPTION_KEY])
CPR_HASH_KEYS = env_list("CPR_HASH_KEYS", [CPR_HASH_KEY])
CPR_ENCRYPTION_KEY, CPR_HASH_KEY = CPR_ENCRYPTION_KEYS[0], CPR_HASH_KEYS[0]

DEBUG = env_bool("DEBUG", not PRODUCTION)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", [] if PRODUCTION else ["*"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000")

INSTALLED_APPS = [
    # Django's own widget templates, for the form renderer below.
    "django.forms",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_filters",
    "django_celery_beat",
    "simple_history",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "csp",
    "bootstrap",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "oauth2_provider",
    "django_prometheus",
    "mentor",
    "visitation",
    "agreements",
    "reporting",
]

MIDDLEWARE = [
    # First, so that every log line of the request carries its id (mentor/request_id.py), and
    # the request metrics (django-prometheus) time the whole stack.
    "mentor.request_id.RequestIdMiddleware",
    "django_prometheus.middleware.PrometheusBeforeMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    # NUL characters in form data or the query string: 400 before any view (PostgreSQL
    # cannot store them).
    "mentor.security_middleware.RejectNulMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "mentor.middleware.IdleTimeoutMiddleware",
    "mentor.middleware.NoStoreMiddleware",
    # Every signed-in user sets up and enters a second factor before any page. The session
    # says where they stand (django-otp's own middleware would read the device every request).
    "mentor.two_factor.TwoFactorMiddleware",
    "django_prometheus.middleware.PrometheusAfterMiddleware",
    # A sign-in refused by the throttle is answered with the cool-down page.
    "mentor.sign_in_throttle.SignInThrottleMiddleware",
]

ROOT_URLCONF = "mentor.urls"
WSGI_APPLICATION = "mentor.wsgi.application"
AUTH_USER_MODEL = "mentor.User"

TEMPLATES = [
    {
        # One engine for every page. The cached loader, named here (Django adds it itself only
        # when DEBUG is off and no loaders are given), compiles each template once per process.
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "mentor.navigation.layout",
            ],
            "loaders": [
                ("django.template.loaders.cached.Loader", [
                    "django.template.loaders.filesystem.Loader",
                    "django.template.loaders.app_directories.Loader",
                ]),
            ],
        },
    },
]

# Widgets render through the same engine (and cache) as the pages, so that a widget's
# template can live in templates/ (templates/widgets/).
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"

# --- Database -------------------------------------------------------------------------------
DATABASE_URL = os.environ.get("DATABASE_URL", "")
# However SQLite is chosen (the default or a sqlite:// URL): BEGIN IMMEDIATE takes the write
# lock up front, so two writers queue instead of one failing half-way with "database is
# locked", and a busy connection waits instead of failing at once.
SQLITE_OPTIONS: dict[str, Any] = {
    "transaction_mode": "IMMEDIATE",
    "timeout": 20,
    "init_command": (
        "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
        "PRAGMA busy_timeout=20000; PRAGMA foreign_keys=ON;"
    ),
}
DATABASES: dict[str, dict[str, Any]]
if DATABASE_URL:
    DATABASES = {"default": dict(dj_database_url.parse(DATABASE_URL, conn_max_age=60))}
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": VAR_DIR / "mentor.sqlite3",
            # A file, not memory, so that a real Celery worker in the tests sees the test data.
            "TEST": {"NAME": str(VAR_DIR / "test.sqlite3")},
        }
    }
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {**SQLITE_OPTIONS,
                                       **DATABASES["default"].get("OPTIONS", {})}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache ------------------------------------------------------------------------------------
REDIS_URL = os.environ.get("REDIS_URL", "")
CACHES: dict[str, dict[str, Any]]
# Cached values belong to the database they were read from: two instances (or the benchmark's
# two databases) sharing one Redis must never serve each other's users or figures, so the key
# prefix names the database unless set explicitly.
CACHE_KEY_PREFIX = env_str("CACHE_KEY_PREFIX", "{}/{}".format(
    DATABASES["default"].get("HOST") or "local", DATABASES["default"]["NAME"]))
if REDIS_URL and not TESTING:
    CACHES = {"default": {"BACKEND": "mentor.cache.RedisCache",
                          "LOCATION": REDIS_URL, "KEY_PREFIX": CACHE_KEY_PREFIX}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# mentor/caching.py keeps values only in a cache that every process shares (Redis), or in the
# tests (one process, eager Celery): a version bumped in one process must reach the others.
# The embedded set-up's web server and worker each have their own memory: nothing is cached.
SHARED_CACHE = bool(REDIS_URL) or TESTING

# --- Celery -----------------------------------------------------------------------------------
CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL") or REDIS_URL or "filesystem://"


def _database_key(database: dict[str, Any]) -> str:
    """A short name for the database a worker serves: two instances that share ``var/`` but not
    a database must not share a broker folder, or one's worker runs the other's tasks against
    the wrong database."""
    identity = "|".join(str(database.get(k, "")) for k in ("ENGINE", "NAME", "HOST", "PORT"))
    return hashlib.sha256(identity.encode()).hexdigest()[:12]


CELERY_BROKER_DIR = Path(os.environ.get(
    "CELERY_BROKER_DIR", VAR_DIR / "celery-broker" / _database_key(DATABASES["default"])))
CELERY_BROKER_TRANSPORT_OPTIONS: dict[str, Any] = {}
if CELERY_BROKER_URL == "filesystem://":
    for sub in ("out", "processed", "control"):
        (CELERY_BROKER_DIR / sub).mkdir(parents=True, exist_ok=True)
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(CELERY_BROKER_DIR / "out"),
        "data_folder_out": str(CELERY_BROKER_DIR / "out"),
        "processed_folder": str(CELERY_BROKER_DIR / "processed"),
        "control_folder": str(CELERY_BROKER_DIR / "control"),
        "store_processed": False,
    }
CELERY_TASK_DEFAULT_QUEUE = env_str("CELERY_TASK_DEFAULT_QUEUE", "celery")
CELERY_RESULT_BACKEND = None
CELERY_TASK_IGNORE_RESULT = True
# Unit tests run tasks eagerly; the Celery integration tests switch to a real worker.
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", TESTING)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TIMEZONE = "Europe/Copenhagen"
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
CELERY_TASK_PUBLISH_RETRY = False
# The worker and beat log through LOGGING below (JSON in production, CPR redacted), not
# through handlers of Celery's own.
CELERY_WORKER_HIJACK_ROOT_LOGGER = False

# --- Passwords and authentication ---------------------------------------------------------------
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
if TESTING:
    # Argon2 is slow on purpose; tests create many users.
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# Django's validators (its common list holds 20,000 passwords) and ours (mentor/passwords.py):
# word-plus-year patterns, keyboard walks and the Danish words people build passwords from,
# and not the current password again.
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
     "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "mentor.passwords.GuessablePatternValidator"},
    {"NAME": "mentor.passwords.NotCurrentPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    # Refuses a sign-in in cool-down before any password is checked (by username and by
    # address, separately: mentor/sign_in_throttle.py).
    "mentor.sign_in_throttle.SignInThrottleBackend",
    # ModelBackend, with the logged-in user read from the cache with their roles and teams.
    "mentor.auth_backend.CachedModelBackend",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Reverse proxies in front of the web server that append to X-Forwarded-For: the sign-in
# throttle counts failures by the address the outermost of them saw. 0: REMOTE_ADDR.
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)

# TOTP two-factor for everyone, with recovery codes (mentor/two_factor.py). After a wrong code
# the next try waits 1, 2, 4 … seconds (django-otp's throttle, per device).
OTP_TOTP_ISSUER = "Mentorstøtte"
OTP_TOTP_THROTTLE_FACTOR = 1
OTP_STATIC_THROTTLE_FACTOR = 1

SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 8 * 3600)
# With Redis, sessions are read from the cache and written through to the database (so a Redis
# restart logs nobody out); a per-process cache cannot be shared between the web workers.
SESSION_ENGINE = ("django.contrib.sessions.backends.cached_db" if REDIS_URL and not TESTING
                  else "django.contrib.sessions.backends.db")
# Idle timeout: after this many seconds without a request the session ends; the page warns
# a minute before.
SESSION_IDLE_TIMEOUT = env_int("SESSION_IDLE_TIMEOUT", 30 * 60)
SESSION_COOKIE_HTTPONLY = True
# Shared PCs in a jobcentre: closing the browser ends the session too.
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = False
# A refused CSRF check is a 403 page in the layout that says what to do (mentor/views_errors.py).
CSRF_FAILURE_VIEW = "mentor.views_errors.csrf_failure"

# --- Internationalisation --------------------------------------------------------------------
LANGUAGE_CODE = "da"
LANGUAGES = [("da", _("Dansk")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Copenhagen"
USE_I18N = True
USE_TZ = True

# --- Static and media ---------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES: dict[str, dict[str, Any]] = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
# Outside production WhiteNoise serves the files straight from the finders (``static/`` and the
# apps), so that ``make run`` with DEBUG off needs no collectstatic step.
WHITENOISE_USE_FINDERS = not PRODUCTION
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
MEDIA_URL = "/media/"
# Documents on the case (mentor/models_documents.py) are kept through the default storage:
# files under MEDIA_ROOT, or an S3-compatible bucket (django-storages) when DOCUMENTS_S3_BUCKET
# is set. They are only ever handed out through the permission-checked download view, never
# by a public or signed URL.
DOCUMENTS_S3_BUCKET = env_str("DOCUMENTS_S3_BUCKET", "")
if DOCUMENTS_S3_BUCKET:
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": DOCUMENTS_S3_BUCKET,
            "endpoint_url": env_str("DOCUMENTS_S3_ENDPOINT_URL", "") or None,
            "region_name": env_str("DOCUMENTS_S3_REGION", "") or None,
            "access_key": env_str("DOCUMENTS_S3_ACCESS_KEY", "") or None,
            "secret_key": env_str("DOCUMENTS_S3_SECRET_KEY", "") or None,
            "location": env_str("DOCUMENTS_S3_PREFIX", ""),
            "default_acl": None,
            "file_overwrite": False,
            "querystring_auth": True,
        },
    }
# The largest document a user may upload, in bytes.
DOCUMENT_MAX_BYTES = env_int("DOCUMENT_MAX_BYTES", 20 * 1024 * 1024)
# ClamAV's daemon (mentor/clamav.py): a Unix socket, or TCP when CLAMD_HOST is set.
CLAMD_SOCKET = env_str("CLAMD_SOCKET", "/var/run/clamav/clamd.ctl")
CLAMD_HOST = env_str("CLAMD_HOST", "")
CLAMD_PORT = env_int("CLAMD_PORT", 3310)
CLAMD_TIMEOUT = env_int("CLAMD_TIMEOUT", 30)

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# --- Email -----------------------------------------------------------------------------------------
EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_FILE_PATH = VAR_DIR / "emails"
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "mentorstotte@jobcenter.example")

# --- Decision letters (agreements/services_letters.py) -------------------------------------------
# Digital Post: each letter is written as a MeMo message (agreements/memo.py) to this directory,
# which the municipality's Digital Post gateway picks up.
LETTERS_DIGITAL_POST_OUTBOX = Path(env_str("LETTERS_DIGITAL_POST_OUTBOX",
                                           str(VAR_DIR / "outbox" / "digital-post")))
# A failed delivery is tried again this many times, after 1, 2, 4, ... times the base delay.
LETTERS_DELIVERY_RETRIES = env_int("LETTERS_DELIVERY_RETRIES", 5)
LETTERS_RETRY_BASE_SECONDS = env_int("LETTERS_RETRY_BASE_SECONDS", 60)

# --- Security ------------------------------------------------------------------------------------
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if PRODUCTION:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    # Probes and Prometheus reach the processes directly, on plain HTTP.
    SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$", r"^metrics$"]
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}

# --- Logging: never a CPR number or a journal note ------------------------------------------------
# JSON lines in production (one object per line, with the request's id), text in development.
LOG_FORMAT = env_str("LOG_FORMAT", "json" if PRODUCTION else "text")
if LOG_FORMAT not in {"json", "text"}:
    raise ImproperlyConfigured(f"LOG_FORMAT must be json or text, not {LOG_FORMAT!r}.")
LOGGING: dict[str, Any] = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"redact_cpr": {"()": "mentor.logging.RedactCprFilter"},
                "request_id": {"()": "mentor.request_id.RequestIdFilter"}},
    "formatters": {
        "text": {"format": "%(levelname)s %(name)s [%(request_id)s] %(message)s"},
        "json": {"()": "mentor.logging.RedactingJsonFormatter",
                 "format": "%(asctime)s %(levelname)s %(name)s %(request_id)s %(message)s",
                 "datefmt": "%Y-%m-%dT%H:%M:%S%z",
                 "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"}},
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": LOG_FORMAT,
                    "filters": ["request_id", "redact_cpr"]},
    },
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {
        # Django's own handlers (the debug console, runserver's request lines with their query
        # strings, error mails) would bypass the redaction: everything goes through ours.
        "django": {"handlers": ["console"], "level": "INFO", "propagate": False},
        "django.server": {"handlers": ["console"], "level": "INFO", "propagate": False},
        "django.db.backends": {"level": "WARNING"},
    },
}

# --- Product settings ------------------------------------------------------------------------------
MUNICIPALITY_NAME = env_str("MUNICIPALITY_NAME", "Demo Kommune")
# Where users report an accessibility problem: shown on the accessibility statement
# (tilgængelighedserklæring) that every page's footer links to.
ACCESSIBILITY_CONTACT_EMAIL = env_str("ACCESSIBILITY_CONTACT_EMAIL",
                                      "tilgaengelighed@jobcenter.example")

# --- API (mentor/api/): REST framework, OAuth 2.0 client credentials, OpenAPI -----------------
REST_FRAMEWORK: dict[str, Any] = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["mentor.api.permissions.ClientAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["mentor.api.permissions.HasClientScope"],
    "DEFAULT_THROTTLE_CLASSES": ["mentor.api.permissions.ClientRateThrottle"],
    "DEFAULT_THROTTLE_RATES": {"client": env_str("API_RATE_LIMIT", "600/minute")},
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_SCHEMA_CLASS": "mentor.api.schema.ProblemAutoSchema",
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.LimitOffsetPagination",
    "PAGE_SIZE": 50,
    "EXCEPTION_HANDLER": "mentor.api.problems.exception_handler",
    "UNAUTHENTICATED_USER": None,
}
SPECTACULAR_SETTINGS: dict[str, Any] = {
    "TITLE": "Mentorstøtte API",
    "DESCRIPTION": (
        "For external mentor providers' systems and the municipality's case systems. "
        "OAuth 2.0 client credentials: POST /api/v1/oauth/token/. Errors are RFC 9457 problem "
        "details (application/problem+json), in Danish or English (Accept-Language)."),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.AllowAny"],
    "SERVE_AUTHENTICATION": [],
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "COMPONENT_SPLIT_REQUEST": True,
    "PATH_CONVERTER_OVERRIDES": {
        "id": {"type": "integer", "minimum": 0, "maximum": 999_999_999_999_999_999}},
    # One name per choice set (several models have a "kind", a "status", an "outcome").
    "ENUM_NAME_OVERRIDES": {
        "DecisionKindEnum": "mentor.models.DecisionKind",
        "ReviewKindEnum": "visitation.models.ReviewKind",
        "ReviewStatusEnum": "visitation.models.ReviewStatus",
        "ReviewOutcomeEnum": "visitation.models.ReviewOutcome",
        "CourseStatusEnum": "visitation.models.CourseStatus",
        "CourseOutcomeEnum": "visitation.models.Outcome",
        "EndReasonEnum": "visitation.models.EndReason",
        "ReferralStatusEnum": "visitation.models.ReferralStatus",
        "CostKindEnum": "reporting.models.CostKind",
        "ProviderCostKindEnum": "mentor.api.serializers.PROVIDER_COST_KINDS",
        "EventTypeEnum": "mentor.models_api.EventType",
    },
}
# Named so that the core app's migration can refer to the (swappable) model.
OAUTH2_PROVIDER_APPLICATION_MODEL = "oauth2_provider.Application"
OAUTH2_PROVIDER: dict[str, Any] = {
    "ACCESS_TOKEN_EXPIRE_SECONDS": env_int("API_TOKEN_SECONDS", 3600),
    "SCOPES_BACKEND_CLASS": "mentor.api.permissions.ClientScopes",
    # The OAuth 2.0 security BCP (RFC 9700) throughout: only client credentials are used, and
    # tokens are stored hashed.
    **{f"COMPLIANT_BCP_RFC9700_{gate}": True for gate in (
        "IMPLICIT_GRANT", "PASSWORD_GRANT", "PKCE_METHOD", "ACCESS_TOKEN_TRANSPORT",
        "AUTHZ_RESPONSE_ISS", "TOKEN_STORAGE", "REFRESH_TOKEN", "REDIRECT_URI_SCHEME")},
    "REFRESH_TOKEN_REUSE_PROTECTION": True,
    "ALLOWED_REDIRECT_URI_SCHEMES": ["https"],
    "PKCE_REQUIRED": True,
    "SCOPES": {
        "provider:read": "Provider: read own open courses",
        "provider:write": "Provider: journal, hours and invoices, reviews",
        "case:read": "Case system: decisions, courses, events",
        "case:webhooks": "Case system: webhooks",
    },
}
# Webhook deliveries: this many attempts, the n-th retry after WEBHOOK_BACKOFF_SECONDS * 4**(n-1).
WEBHOOK_MAX_ATTEMPTS = env_int("WEBHOOK_MAX_ATTEMPTS", 6)
WEBHOOK_BACKOFF_SECONDS = env_int("WEBHOOK_BACKOFF_SECONDS", 30)
WEBHOOK_TIMEOUT_SECONDS = env_int("WEBHOOK_TIMEOUT_SECONDS", 10)

# --- Operations: /healthz, /readyz, /metrics (mentor/ops.py) ---------------------------------------
# What /readyz checks; a web process that should not depend on the worker can drop some.
READY_CHECKS = env_list("READY_CHECKS", ["database", "cache", "broker", "worker", "beat"])
# The worker's heartbeat runs every 30 s and the webhook sweep every minute (beat).
READY_WORKER_MAX_AGE = env_int("READY_WORKER_MAX_AGE", 120)
READY_SWEEP_MAX_AGE = env_int("READY_SWEEP_MAX_AGE", 300)
# When set, /metrics asks for "Authorization: Bearer <METRICS_TOKEN>".
METRICS_TOKEN = env_str("METRICS_TOKEN", "")

# --- Single sign-on: OpenID Connect and SAML 2.0 (mentor/sso.py, README "Single sign-on") -----
# Each provider is on when its variables are set; with neither, local sign-in works as
# always. With either on, a password signs in only a break-glass account (admin: "Nødadgange").
# The libraries do the protocol (mozilla-django-oidc: authorization code flow with PKCE, state,
# nonce, signature; djangosaml2/pysaml2: signed requests, assertion checks, single logout).
#
# OpenID Connect (e.g. Microsoft Entra ID, AD FS): the provider's endpoints from its
# discovery document (<issuer>/.well-known/openid-configuration) and the client registered
# there with the redirect URI <site>/oidc/callback/ and post-logout URI <site>/login/.
OIDC_RP_CLIENT_ID = env_str("OIDC_RP_CLIENT_ID", "")
OIDC_RP_CLIENT_SECRET = env_str("OIDC_RP_CLIENT_SECRET", "")
OIDC_OP_AUTHORIZATION_ENDPOINT = env_str("OIDC_OP_AUTHORIZATION_ENDPOINT", "")
OIDC_OP_TOKEN_ENDPOINT = env_str("OIDC_OP_TOKEN_ENDPOINT", "")
OIDC_OP_USER_ENDPOINT = env_str("OIDC_OP_USER_ENDPOINT", "")
OIDC_OP_JWKS_ENDPOINT = env_str("OIDC_OP_JWKS_ENDPOINT", "")
# RP-initiated logout; empty: sign-out ends only the product's session.
OIDC_OP_END_SESSION_ENDPOINT = env_str("OIDC_OP_END_SESSION_ENDPOINT", "")
# When set, the ID token's "iss" must be exactly this.
OIDC_OP_ISSUER = env_str("OIDC_OP_ISSUER", "")
SSO_OIDC_ENABLED = bool(OIDC_RP_CLIENT_ID and OIDC_OP_AUTHORIZATION_ENDPOINT
                        and OIDC_OP_TOKEN_ENDPOINT and OIDC_OP_USER_ENDPOINT
                        and OIDC_OP_JWKS_ENDPOINT)
OIDC_RP_SIGN_ALGO = env_str("OIDC_RP_SIGN_ALGO", "RS256")
OIDC_RP_SCOPES = env_str("OIDC_RP_SCOPES", "openid email profile")
OIDC_USE_PKCE = True
OIDC_PKCE_CODE_CHALLENGE_METHOD = "S256"
OIDC_STORE_ID_TOKEN = True  # the id_token_hint of RP-initiated logout
OIDC_TIMEOUT = env_int("OIDC_TIMEOUT", 10)
OIDC_AUTHENTICATE_CLASS = "mentor.views_sso.OidcSignInView"
OIDC_CALLBACK_CLASS = "mentor.views_sso.OidcCallbackView"
OIDC_OP_LOGOUT_URL_METHOD = "mentor.sso.oidc_logout_url"
LOGIN_REDIRECT_URL_FAILURE = "/login/"
# Which claims name the user and their groups (Entra ID: "groups" holds group object ids).
OIDC_USERNAME_CLAIM = env_str("OIDC_USERNAME_CLAIM", "preferred_username")
OIDC_GROUPS_CLAIM = env_str("OIDC_GROUPS_CLAIM", "groups")
# The provider did multi-factor sign-in when "amr" holds one of these (RFC 8176) or "acr" is
# one of OIDC_MFA_ACR; then the product does not ask for its own second factor.
OIDC_MFA_AMR = env_list("OIDC_MFA_AMR", ["mfa", "otp", "hwk"])
OIDC_MFA_ACR = env_list("OIDC_MFA_ACR", [])
#
# SAML 2.0 (e.g. KOMBIT's common access control, AD FS): the identity provider's metadata
# (a URL, read at each sign-in, or a file), the product's entity id and its key pair (signs
# the requests and decrypts assertions; required in production). The product's metadata is at
# <site>/saml2/metadata/.
SAML_IDP_METADATA_URL = env_str("SAML_IDP_METADATA_URL", "")
SAML_IDP_METADATA_FILE = env_str("SAML_IDP_METADATA_FILE", "")
SSO_SAML_ENABLED = bool(SAML_IDP_METADATA_URL or SAML_IDP_METADATA_FILE)
SAML_SP_ENTITY_ID = env_str("SAML_SP_ENTITY_ID", f"{SITE_URL}/saml2/metadata/")
SAML_SP_KEY_FILE = env_str("SAML_SP_KEY_FILE", "")
SAML_SP_CERT_FILE = env_str("SAML_SP_CERT_FILE", "")
if PRODUCTION and SSO_SAML_ENABLED and not (SAML_SP_KEY_FILE and SAML_SP_CERT_FILE):
    raise ImproperlyConfigured("SAML needs SAML_SP_KEY_FILE and SAML_SP_CERT_FILE.")
SAML_USERNAME_ATTRIBUTE = env_str("SAML_USERNAME_ATTRIBUTE", "uid")
SAML_GROUPS_ATTRIBUTE = env_str("SAML_GROUPS_ATTRIBUTE", "groups")
SAML_EMAIL_ATTRIBUTE = env_str("SAML_EMAIL_ATTRIBUTE", "mail")
SAML_FIRST_NAME_ATTRIBUTE = env_str("SAML_FIRST_NAME_ATTRIBUTE", "givenName")
SAML_LAST_NAME_ATTRIBUTE = env_str("SAML_LAST_NAME_ATTRIBUTE", "sn")
# AuthnContextClassRefs that mean multi-factor sign-in: NSIS "substantial" and "high" (the
# OIOSAML 3 profile; verify against the provider's documentation), and AD FS's.
SAML_MFA_AUTHN_CONTEXTS = env_list("SAML_MFA_AUTHN_CONTEXTS", [
    "https://data.gov.dk/concept/core/nsis/loa/Substantial",
    "https://data.gov.dk/concept/core/nsis/loa/High",
    "http://schemas.microsoft.com/claims/multipleauthn",
])
SAML_CONFIG_LOADER = "mentor.sso.saml_config"
SAML_CREATE_UNKNOWN_USER = True
SAML_ATTRIBUTE_MAPPING: dict[str, tuple[str, ...]] = {}
SAML_SESSION_COOKIE_NAME = "saml_session"
# The provider's response is a cross-site POST: its cookie must be SameSite=None, which
# browsers accept only with Secure (HTTPS). Over plain HTTP (development, the tests, where the
# provider runs on the same host) Lax is what works.
SAML_SESSION_COOKIE_SAMESITE = "None" if PRODUCTION else "Lax"
SAML_DEFAULT_BINDING = "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect"
SAML_IGNORE_LOGOUT_ERRORS = True
ACS_DEFAULT_REDIRECT_URL = "/"
#
# The login page's buttons: "Log ind med <name>" (default "kommunens konto").
SSO_OIDC_LABEL = env_str("SSO_OIDC_LABEL", "")
SSO_SAML_LABEL = env_str("SSO_SAML_LABEL", "")
AUTHENTICATION_BACKENDS += ["mentor.sso_backends.OidcBackend", "mentor.sso_backends.SamlBackend"]
INSTALLED_APPS += ["mozilla_django_oidc", "djangosaml2"]
# djangosaml2 keeps the SAML exchange (the outstanding request, the subject for single
# logout) in a session of its own, whose cookie reaches the product on the provider's
# cross-site POST.
MIDDLEWARE.insert(MIDDLEWARE.index("django.contrib.sessions.middleware.SessionMiddleware") + 1,
                  "djangosaml2.middleware.SamlSessionMiddleware")
# The sign-out form redirects to the provider: its origin joins the CSP's form-action
# (mentor.sso.CSPMiddleware; the end-session endpoint's and the metadata URL's origins, and
# these, e.g. a SAML provider whose single-logout service is on another host).
SSO_FORM_ACTION_ORIGINS = env_list("SSO_FORM_ACTION_ORIGINS", [])
MIDDLEWARE[MIDDLEWARE.index("csp.middleware.CSPMiddleware")] = "mentor.sso.CSPMiddleware"
# pysaml2 and xmlschema log every message and schema at INFO (with the attributes it got).
LOGGING["loggers"].update({"saml2": {"level": "WARNING"}, "xmlschema": {"level": "WARNING"}})
# --- Reports (reporting/tables.py) ----------------------------------------------------------------
# Counts below this are shown as "<N>" in report breakdowns, and cells that would give one away
# are hidden as well (secondary suppression). Statistics Denmark and most municipalities use 5.
REPORT_SMALL_CELL = env_int("REPORT_SMALL_CELL", 5)

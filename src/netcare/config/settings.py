"""netcare settings: one module, configured from the environment (see docs/configuration.md).

Demo mode (`NETCARE_DEMO=1`, set by `netcare demo`) allows a built-in secret key and plain
HTTP on 127.0.0.1. Anything else is production: it refuses to start without a secret key.
"""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

from netcare.config.env import (
    env_bool,
    env_int,
    env_secret,
    env_str,
    env_timezone,
    parse_opening_hours,
)

SRC_DIR = Path(__file__).resolve().parent.parent
DATA_DIR = Path(env_str("NETCARE_DATA_DIR", str(Path.cwd() / "var")))

DEMO = env_bool("NETCARE_DEMO", default=False)
TESTING = env_bool("NETCARE_TESTING", default=False)
DEBUG = env_bool("NETCARE_DEBUG", default=False)

_secret = env_secret("NETCARE_SECRET_KEY")
if _secret is None:
    if not (DEMO or TESTING):
        raise ImproperlyConfigured(
            "NETCARE_SECRET_KEY (or NETCARE_SECRET_KEY_FILE) is required outside demo mode; "
            "generate one with: python -c 'import secrets; print(secrets.token_urlsafe(50))'"
        )
    _secret = "netcare-demo-only-key-never-use-in-production-0123456789abcdef"  # noqa: S105
elif len(_secret) < 32:
    raise ImproperlyConfigured("NETCARE_SECRET_KEY: must be at least 32 characters long")
SECRET_KEY = _secret

ALLOWED_HOSTS = [
    host.strip()
    for host in env_str("NETCARE_ALLOWED_HOSTS", "127.0.0.1,localhost").split(",")
    if host.strip()
]
CSRF_TRUSTED_ORIGINS = [
    origin.strip()
    for origin in env_str("NETCARE_CSRF_TRUSTED_ORIGINS", "").split(",")
    if origin.strip()
]

# The program netcare runs. The demo program is fictional; nothing of a real one is built in.
PROGRAM_NAME = env_str("NETCARE_PROGRAM_NAME", "Riverside Neuroendocrine Tumor Program (demo)")
PROGRAM_PHONE = env_str("NETCARE_PROGRAM_PHONE", "555-0100")
PROGRAM_APPOINTMENTS_PHONE = env_str("NETCARE_APPOINTMENTS_PHONE", "555-0101")
PROGRAM_OPENING_HOURS_TEXT = env_str("NETCARE_OPENING_HOURS", "mon-fri 09:00-17:00")
PROGRAM_OPENING_HOURS = parse_opening_hours("NETCARE_OPENING_HOURS", PROGRAM_OPENING_HOURS_TEXT)

INSTALLED_APPS = [
    # Django's admin, with the site that asks the policy who may open it.
    "netcare.config.admin_apps.NetcareAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    # Only for its bundled Swagger UI: without the app, /api/docs loads it from a CDN, which the
    # content security policy blocks (and no page of netcare may fetch from elsewhere).
    "ninja",
    "netcare.audit",
    "netcare.accounts",
    "netcare.program",
    "netcare.patients",
    "netcare.referrals",
    "netcare.scheduling",
    "netcare.portal",
    "netcare.workup",
    "netcare.tumors",
    "netcare.treatments",
    "netcare.surveillance",
    "netcare.nuclear",
    "netcare.tumorboard",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "netcare.accounts.middleware.IdleSessionMiddleware",
    "netcare.accounts.middleware.MustChangePasswordMiddleware",
    "netcare.program.middleware.ProgramTimeZoneMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
]

ROOT_URLCONF = "netcare.config.urls"
WSGI_APPLICATION = "netcare.config.wsgi.application"
AUTH_USER_MODEL = "accounts.User"
# ModelBackend with the per-request user read compiled once (netcare/accounts/backends.py).
AUTHENTICATION_BACKENDS = ["netcare.accounts.backends.NetcareBackend"]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "accounts:home"
LOGOUT_REDIRECT_URL = "program:home"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [SRC_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.csp",
                "netcare.program.context.program",
            ],
        },
    }
]

DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{DATA_DIR / 'netcare.sqlite3'}"),
        conn_max_age=env_int("NETCARE_DB_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
_engine = DATABASES["default"]["ENGINE"]
if _engine not in ("django.db.backends.sqlite3", "django.db.backends.postgresql"):
    raise ImproperlyConfigured(
        f"DATABASE_URL: netcare supports sqlite:/// and postgres:// URLs, not {_engine}"
    )
#: PostgreSQL: a connection prepares a statement the Nth time it runs it (0: never).
DB_PREPARE_THRESHOLD = env_int("NETCARE_DB_PREPARE_THRESHOLD", 5)
if _engine == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
else:
    # Django's backend with a health check that reads the socket instead of sending a
    # SELECT 1 on every request (netcare/config/postgresql/base.py).
    DATABASES["default"]["ENGINE"] = "netcare.config.postgresql"
    # Server-side parameters and prepared statements: psycopg prepares a statement the fifth
    # time a connection runs it, so the pages' fixed queries (the user, the patient and its
    # audit entry, the worklists) are parsed once per connection and, where PostgreSQL finds
    # the plan does not depend on the values, planned once. Django turns preparing off unless
    # `prepare_threshold` is given (for transaction-pooling proxies such as PgBouncer, which
    # netcare does not need: NETCARE_DB_PREPARE_THRESHOLD=0 turns it off for them).
    DATABASES["default"]["OPTIONS"] = {
        "server_side_binding": True,
        "prepare_threshold": DB_PREPARE_THRESHOLD or None,
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
FORM_RENDERER = "netcare.config.forms.FastWidgetRenderer"

# Cache: the rendered chart bodies (netcare.patients.chart_cache) and, when the cache is
# shared, the sessions. Several server processes should share one Redis
# (NETCARE_CACHE_URL=redis://host:6379/0); without it each process keeps its own bounded
# in-memory cache, which is correct (entries are keyed by record versions) but warms per process.
CACHE_URL = env_str("NETCARE_CACHE_URL", "")
if CACHE_URL and not CACHE_URL.startswith(("redis://", "rediss://", "unix://")):
    raise ImproperlyConfigured(
        f"NETCARE_CACHE_URL={CACHE_URL!r}: give a redis://, rediss:// or unix:// URL, or leave "
        "it unset for a per-process memory cache"
    )
CACHES = {
    "default": {
        "BACKEND": "netcare.config.cache.RedisCache",
        "LOCATION": CACHE_URL,
        "KEY_PREFIX": "netcare",
        "TIMEOUT": 600,
        # An unreachable Redis is answered as "not cached" (config/cache.py), quickly.
        "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 1.0},
    }
    if CACHE_URL
    else {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "netcare",
        "TIMEOUT": 600,
        "OPTIONS": {"MAX_ENTRIES": 300},
    }
}
# Bytes of chart bodies each server process keeps in front of the shared cache (a body is
# ~50 KB; its key names the record's version, so a kept body is never stale). Without a
# shared cache the memory cache above already is the process's own.
_chart_memory_mb = env_int("NETCARE_CHART_MEMORY_MB", 32, minimum=0)
CHART_BODY_MEMORY = _chart_memory_mb * 1024 * 1024 if CACHE_URL else 0

# Time: stored in UTC, shown in the program's zone (templates activate it per request).
USE_TZ = True
TIME_ZONE = "UTC"
PROGRAM_TIME_ZONE = env_timezone("NETCARE_TIME_ZONE", "America/Los_Angeles")
LANGUAGE_CODE = "en-us"
USE_I18N = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [SRC_DIR / "static"]  # project-wide CSS; apps keep theirs in <app>/static
STATIC_ROOT = DATA_DIR / "static"
MEDIA_ROOT = DATA_DIR / "uploads"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEMO or TESTING or DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = DEMO or TESTING or DEBUG
if WHITENOISE_USE_FINDERS:
    STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # whitenoise warns when it is missing

# Accounts and sessions.
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_FAILURE_LIMIT = env_int("NETCARE_LOGIN_FAILURE_LIMIT", 5, minimum=1)
LOGIN_LOCKOUT_MINUTES = env_int("NETCARE_LOGIN_LOCKOUT_MINUTES", 15, minimum=1)
SESSION_COOKIE_AGE = env_int("NETCARE_SESSION_MINUTES", 30, minimum=5) * 60
# Sessions live in the database; with a shared cache they are read from it first (written
# through to both), which saves a query on every request. A per-process cache would let a
# signed-out session live on in another process, so that case stays database-only.
SESSION_ENGINE = (
    "django.contrib.sessions.backends.cached_db" if CACHE_URL
    else "django.contrib.sessions.backends.db"
)
SESSION_SAVE_EVERY_REQUEST = False  # idle expiry: accounts.middleware.IdleSessionMiddleware
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
_https = not (DEMO or TESTING) and env_bool("NETCARE_HTTPS", default=True)
SESSION_COOKIE_SECURE = _https
CSRF_COOKIE_SECURE = _https
SECURE_SSL_REDIRECT = _https and env_bool("NETCARE_SSL_REDIRECT", default=False)
SECURE_HSTS_SECONDS = 31_536_000 if _https else 0
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if _https else None
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
}

PASSWORD_HASHERS = (
    ["django.contrib.auth.hashers.MD5PasswordHasher"]  # fast tests only
    if TESTING
    else [
        "django.contrib.auth.hashers.PBKDF2PasswordHasher",
        "django.contrib.auth.hashers.ScryptPasswordHasher",
    ]
)

TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("NETCARE_LOG_LEVEL", "WARNING")},
    # Django logs every task's start and end at INFO when DEBUG is on: the demo's set-up would
    # print two lines per queued reminder. Failures are still logged.
    "loggers": {"django.tasks": {"level": "WARNING"}},
}

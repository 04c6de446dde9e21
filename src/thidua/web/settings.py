"""Django settings: every value from an environment variable through :mod:`thidua.web.env`.

Defaults run locally on SQLite in ``THIDUA_DATA_DIR`` (``./var``); PostgreSQL is
selected by ``DATABASE_URL``. With ``THIDUA_DEBUG=false`` a ``SECRET_KEY`` must
be given and cookies are secure.
"""

from __future__ import annotations

from pathlib import Path

import dj_database_url
import xstatic.pkg.bootstrap

from thidua.web.env import (
    SettingError,
    env_bool,
    env_int,
    env_list,
    env_path,
    env_str,
    local_secret_key,
)

WEB_DIR = Path(__file__).resolve().parent
DATA_DIR = env_path("THIDUA_DATA_DIR", "var")

DEBUG = env_bool("THIDUA_DEBUG", True)

SECRET_KEY = env_str("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise SettingError("SECRET_KEY is required when THIDUA_DEBUG=false")
    SECRET_KEY = local_secret_key(DATA_DIR)

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "thidua.web.audit",
    "thidua.web.units",
    "thidua.web.accounts",
    "thidua.web.campaigns",
    "thidua.web.results",
    "thidua.web.api",
    "ninja",  # serves the API docs' Swagger UI from the installed package, not a CDN
    "thidua.web.reporting",
    "thidua.web.tasks",
    "thidua.web.models_registry",
    "thidua.web.awards_web",
    "thidua.web.inspections",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "thidua.web.api.middleware.ApiMethodNotAllowed",
]

ROOT_URLCONF = "thidua.web.urls"
WSGI_APPLICATION = "thidua.web.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [WEB_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
            "builtins": ["thidua.web.ui"],
        },
    }
]

DATABASE_URL = env_str("DATABASE_URL")
if DATABASE_URL:
    DATABASES = {
        "default": dj_database_url.parse(
            DATABASE_URL, conn_max_age=env_int("DB_CONN_MAX_AGE", 60, minimum=0)
        )
    }
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(DATA_DIR / "thidua.sqlite3"),
            "OPTIONS": {"transaction_mode": "IMMEDIATE", "timeout": 20},
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 8 * 3600, minimum=60)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
# Login throttling and unit-import previews need a cache every app process shares: a table in
# the database (made by the accounts migrations), so nothing beyond the database is required.
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "shared": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "thidua_cache",
    },
}
LOGIN_FAILURE_LIMIT = env_int("THIDUA_LOGIN_FAILURES", 5, minimum=1)
LOGIN_FAILURE_WINDOW = env_int("THIDUA_LOGIN_WINDOW", 900, minimum=1)  # seconds
CLIENT_IP_HEADER = env_str("THIDUA_CLIENT_IP_HEADER")  # e.g. HTTP_X_REAL_IP behind a proxy
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if not DEBUG:
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000, minimum=0)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", "Tiếng Việt"), ("en", "English")]
LOCALE_PATHS = [WEB_DIR / "locale"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = env_str("TIME_ZONE", "Asia/Ho_Chi_Minh")
USE_THOUSAND_SEPARATOR = True
FORMAT_MODULE_PATH = ["thidua.web.formats"]

STATIC_URL = "static/"
STATIC_ROOT = DATA_DIR / "static"
# Bootstrap is served straight from the installed XStatic package, never copied into the repo.
STATICFILES_DIRS = [("bootstrap", xstatic.pkg.bootstrap.BASE_DIR)]
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG

# Evidence goes through the storage API; it is never served by URL, only by a checked view.
MEDIA_ROOT = env_path("THIDUA_MEDIA_DIR", str(DATA_DIR / "evidence"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
EVIDENCE_MAX_BYTES = env_int("THIDUA_EVIDENCE_MAX_MB", 20, minimum=1) * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# Inspection scheduling (docs/scheduling.md, "Solving in the background"). The solver's time
# limit; where a solve job runs: "thread" (a background thread of the web process that took
# the request), "worker" (the `inspections_worker` command; the web process steps in when a
# job has waited THIDUA_SOLVER_FALLBACK_SECONDS), or "inline" (inside the request: tests, scripts).
THIDUA_SCHEDULE_SECONDS = env_int("THIDUA_SCHEDULE_SECONDS", 20, minimum=1)
THIDUA_SOLVER_MODE = env_str("THIDUA_SOLVER_MODE", "thread")
if THIDUA_SOLVER_MODE not in ("thread", "worker", "inline"):
    raise SettingError(
        f"THIDUA_SOLVER_MODE must be 'thread', 'worker' or 'inline', got {THIDUA_SOLVER_MODE!r}"
    )
THIDUA_SOLVER_FALLBACK_SECONDS = env_int("THIDUA_SOLVER_FALLBACK_SECONDS", 60, minimum=1)

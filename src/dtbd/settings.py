"""One settings module; everything that differs between machines comes from DTBD_* variables.

Per-province policy lives in the database, not here.
"""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BASE_DIR.parent.parent
DATA_DIR = Path(os.environ.get("DTBD_DATA_DIR", PROJECT_DIR / "data"))


def _flag(name: str, default: bool = False) -> bool:
    return os.environ.get(name, "1" if default else "0").lower() in {"1", "true", "yes", "on"}


DEBUG = _flag("DTBD_DEBUG")
# Served over HTTPS only (DTBD_SECURE_COOKIES=1 is the older name): secure cookies, HSTS,
# redirect to https, and a real secret key required. See docs/security.md.
HTTPS = _flag("DTBD_HTTPS") or _flag("DTBD_SECURE_COOKIES")
# The embedded key is for a laptop, the tests or a demo (a system check warns when the site
# looks deployed with it); in HTTPS mode it is refused outright.
DEVELOPMENT_SECRET_KEY = "dtbd-insecure-development-key-change-me"
SECRET_KEY = os.environ.get("DTBD_SECRET_KEY", "") or DEVELOPMENT_SECRET_KEY
if HTTPS and not DEBUG and SECRET_KEY == DEVELOPMENT_SECRET_KEY:
    raise ImproperlyConfigured(
        "DTBD_HTTPS (or DTBD_SECURE_COOKIES) is on: set DTBD_SECRET_KEY to a long random value,"
        " e.g. python -c 'import secrets; print(secrets.token_urlsafe(50))'"
    )
ALLOWED_HOSTS = os.environ.get("DTBD_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(",")
CSRF_TRUSTED_ORIGINS = [o for o in os.environ.get("DTBD_CSRF_TRUSTED_ORIGINS", "").split(",") if o]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "django_tasks",
    "django_tasks_db",
    "ninja",  # its static Swagger UI files, so the API docs work offline
    "dtbd.core",
    "dtbd.accounts",
    "dtbd.audit",
    "dtbd.organisation",
    "dtbd.people",
    "dtbd.exchange",
    "dtbd.standards",
    "dtbd.training",
    "dtbd.plans",
    "dtbd.careers",
    "dtbd.reports",
    "dtbd.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # First in, last out: its headers reach every answer, static files included.
    "dtbd.core.security.SecurityHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "dtbd.core.middleware.VietnameseFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
]

ROOT_URLCONF = "dtbd.urls"
WSGI_APPLICATION = "dtbd.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DTBD_DATABASE_URL", f"sqlite:///{DATA_DIR / 'dtbd.sqlite3'}"),
        conn_max_age=int(os.environ.get("DTBD_CONN_MAX_AGE", "0")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets pages read while an import writes; IMMEDIATE avoids upgrade deadlocks.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 30,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"
        " PRAGMA foreign_keys=ON; PRAGMA cache_size=-64000;",
    }
    DATABASES["default"]["TEST"] = {"NAME": os.environ.get("DTBD_TEST_SQLITE_NAME")}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

CACHES = {
    # Job progress is written here from inside the import's transaction, so it must not be
    # the database; a file cache works across the web process and the worker. Login throttling
    # counts live here too: web processes on several machines need a shared cache.
    "default": {
        "BACKEND": os.environ.get(
            "DTBD_CACHE_BACKEND", "django.core.cache.backends.filebased.FileBasedCache"
        ),
        "LOCATION": os.environ.get("DTBD_CACHE_LOCATION", str(DATA_DIR / "cache")),
    }
}

TASKS = {
    "default": {
        "BACKEND": os.environ.get("DTBD_TASK_BACKEND", "django_tasks_db.backend.DatabaseBackend"),
    }
}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", "Tiếng Việt"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
FORMAT_MODULE_PATH = ["dtbd.formats"]

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("DTBD_STATIC_ROOT", PROJECT_DIR / "staticfiles"))
# The vendored UI kit and the pages' own CSS/JS live in the project package, not in an app.
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG
MEDIA_ROOT = DATA_DIR / "media"
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

# --- Sessions, cookies and HTTPS (docs/security.md) ---------------------------------------
# A working day at most, and gone when the browser closes.
SESSION_COOKIE_AGE = int(os.environ.get("DTBD_SESSION_HOURS", "8")) * 3600
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = HTTPS
# No script reads the CSRF cookie: forms carry the token in a hidden field.
CSRF_COOKIE_HTTPONLY = True
CSRF_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SECURE = HTTPS
SECURE_SSL_REDIRECT = HTTPS and _flag("DTBD_SSL_REDIRECT", default=True)
SECURE_HSTS_SECONDS = int(os.environ.get("DTBD_HSTS_SECONDS", "31536000")) if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = _flag("DTBD_HSTS_SUBDOMAINS")
# Reverse proxies in front of the app that set X-Forwarded-For and X-Forwarded-Proto; with
# none, those headers are the client's word and are ignored.
DTBD_PROXY_COUNT = int(os.environ.get("DTBD_PROXY_COUNT", "0"))
if DTBD_PROXY_COUNT > 0:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# Django's middleware sends these too; dtbd.core.security sends the same values and the rest
# (Content-Security-Policy, Permissions-Policy).
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

# Login throttling (dtbd.accounts.throttle): failures per user name and per address within
# the window lock that name or address for the lockout. Counts live in the cache above.
DTBD_LOGIN_MAX_FAILURES = int(os.environ.get("DTBD_LOGIN_MAX_FAILURES", "5"))
DTBD_LOGIN_MAX_FAILURES_PER_ADDRESS = int(
    os.environ.get("DTBD_LOGIN_MAX_FAILURES_PER_ADDRESS", "20")
)
DTBD_LOGIN_WINDOW = int(os.environ.get("DTBD_LOGIN_WINDOW", "900"))
DTBD_LOGIN_LOCKOUT = int(os.environ.get("DTBD_LOGIN_LOCKOUT", "900"))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("DTBD_LOG_LEVEL", "WARNING")},
}

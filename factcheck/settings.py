"""Settings for Claim desk, read from the environment.

Development needs nothing set: DEBUG is on, the database is an embedded PostgreSQL kept in
`.data/`, and Celery tasks run in-process. Production sets SECRET_KEY, DEBUG=0,
ALLOWED_HOSTS, DATABASE_URL and CELERY_BROKER_URL.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    """Read a boolean from the environment (1/0, true/false, yes/no, on/off)."""
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    lowered = value.strip().lower()
    if lowered in {"1", "true", "yes", "on"}:
        return True
    if lowered in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean (1/0, true/false), got {value!r}")


def env_int(name: str, default: int) -> int:
    """Read a whole number from the environment."""
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, got {value!r}") from None


def env_list(name: str, default: list[str]) -> list[str]:
    """Read a comma-separated list from the environment."""
    value = os.environ.get(name, "")
    return [item.strip() for item in value.split(",") if item.strip()] or default


DEBUG = env_bool("DEBUG", True)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    SECRET_KEY = "dev-only-insecure-key-never-used-with-debug-off"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "testserver"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "django.forms",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "corsheaders",
    "axes",
    "factcheck",
    "sources",
    "claims",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Static files straight from gunicorn (compressed, cached for ever once collected).
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "factcheck.middleware.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "corsheaders.middleware.CorsMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes asks: it turns a refused sign-in into the lock-out page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "factcheck.urls"
WSGI_APPLICATION = "factcheck.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]
# Widgets render with the project's templates too (the pickers' own widget lives there).
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"

# Database: DATABASE_URL, or an embedded PostgreSQL under .data/ (never SQLite: full-text
# search, trigram matching and row locks must behave the same everywhere).
EMBEDDED_DATA_DIR = Path(os.environ.get("EMBEDDED_PG_DIR", BASE_DIR / ".data" / "postgres"))
_database_url = os.environ.get("DATABASE_URL", "")
if not _database_url:
    from factcheck.embedded_db import start_or_exit

    _database_url = start_or_exit(EMBEDDED_DATA_DIR)
if not _database_url.startswith(("postgres://", "postgresql://")):
    raise ImproperlyConfigured("DATABASE_URL must point at PostgreSQL (postgres://...).")
DATABASES = {"default": dj_database_url.parse(_database_url, conn_max_age=60)}
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
# A socket directory given as ?host=/path belongs in HOST, where tools look for it.
if "host" in DATABASES["default"].get("OPTIONS", {}):
    DATABASES["default"]["HOST"] = DATABASES["default"]["OPTIONS"].pop("host")
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
# Sign-in lock-out (django-axes): after LOGIN_FAILURE_LIMIT failures for one account, or
# from one address, every sign-in of that account or from that address is refused without
# checking the password until LOGIN_LOCKOUT_MINUTES pass after the last failure, or an admin
# unlocks it. Failures are kept in the database, so every worker sees the same count.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 20)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("LOGIN_LOCKOUT_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]  # each on its own
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "factcheck.clients.client_address"
AXES_LOCKOUT_CALLABLE = "factcheck.logins.locked_out"
AXES_VERBOSE = False

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "en"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
STATICFILES_DIRS = [BASE_DIR / "static"] if (BASE_DIR / "static").is_dir() else []
# A pasted text may be as large as an uploaded file (5 MB), plus the rest of the form.
DATA_UPLOAD_MAX_MEMORY_SIZE = 6 * 1024 * 1024
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / ".data" / "media"))

# How many proxies in front of the desk append to X-Forwarded-For (nginx: 1). With 0 the
# header is ignored and the connection's address is the client's; see factcheck/clients.py.
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)

# Security headers; the CSP middleware allows no inline script anywhere.
# Without DEBUG the desk is served over HTTPS only (the proxy passes X-Forwarded-Proto):
# plain HTTP is redirected, browsers are told to keep to HTTPS (HSTS), and cookies are
# never sent in the clear. Each can be changed from the environment.
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", not DEBUG)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", not DEBUG)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", not DEBUG)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if not DEBUG else None
X_FRAME_OPTIONS = "DENY"
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
)

# Celery: with no broker, tasks run in-process so `make run` needs nothing else.
CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL", "")
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_RESULT_BACKEND = os.environ.get("CELERY_RESULT_BACKEND", "") or (
    CELERY_BROKER_URL if CELERY_BROKER_URL.startswith("redis") else "cache+memory://"
)
# A task is acknowledged when it ends, not when it starts, and handed back to the broker
# when the process running it dies; every task may run twice without changing more.
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_TRACK_STARTED = True


def env_seconds(name: str, default: int) -> int:
    """Read a positive number of seconds from the environment."""
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    if not value.isdigit() or int(value) < 1:
        raise ImproperlyConfigured(f"{name} must be a whole number of seconds, got {value!r}")
    return int(value)


# Background jobs (exports, extraction). The sweep runs every JOB_SWEEP_INTERVAL seconds
# (Celery beat: `celery -A factcheck beat`, or a worker started with -B); it re-queues a job
# whose worker died, up to JOB_MAX_ATTEMPTS attempts, and fails one that reported no
# progress for JOB_STALL_TIMEOUT seconds.
JOB_SWEEP_INTERVAL = env_seconds("JOB_SWEEP_INTERVAL", 60)
JOB_STALL_TIMEOUT = env_seconds("JOB_STALL_TIMEOUT", 600)
JOB_MAX_ATTEMPTS = env_seconds("JOB_MAX_ATTEMPTS", 3)
# How long a delivered run waits for a run of the same job still holding it.
JOB_LEASE_WAIT = 10
CELERY_BEAT_SCHEDULE = {
    "sweep-jobs": {
        "task": "claims.sweep_jobs",
        "schedule": float(JOB_SWEEP_INTERVAL),
        # A sweep no worker took in time is dropped: the next one does the same work.
        "options": {"expires": float(JOB_SWEEP_INTERVAL)},
    },
}
# Redis hands an unacknowledged message to another worker after this many seconds: longer
# than any task runs (a million-claim export takes seconds), or a slow task would run twice.
# A worker killed outright leaves its message unacknowledged until then; the sweep
# re-queues its job long before.
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": env_seconds("CELERY_VISIBILITY_TIMEOUT", 3600)
}

EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "claimdesk@localhost")

# Who publishes the verdicts (ClaimReview `author`) and where they live.
FACTCHECK_ORGANIZATION = {
    "name": os.environ.get("FACTCHECK_ORG_NAME", "Claim desk"),
    "url": os.environ.get("FACTCHECK_ORG_URL", "http://127.0.0.1:8000/"),
}
# Absolute links in exports, the ClaimReview feed and mail; unset: the host each request
# names (an export remembers the host of the request that asked for it).
SITE_URL = os.environ.get("SITE_URL", "")

# The shared corpus the tests read (never copied into the project): CORPUS_DIR, else the
# `shared/corpus` folder beside the checkout, else the workplace's copy.
CORPUS_DIR = Path(
    os.environ.get("CORPUS_DIR")
    or next(
        (
            candidate
            for candidate in (BASE_DIR.parent / "shared" / "corpus", Path("/work/shared/corpus"))
            if candidate.is_dir()
        ),
        BASE_DIR.parent / "shared" / "corpus",
    )
)

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "rest_framework.authentication.TokenAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "factcheck.pagination.PageNumberPagination",
    "PAGE_SIZE": 25,
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_THROTTLE_CLASSES": [
        "factcheck.clients.AnonThrottle",
        "factcheck.clients.UserThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "anon": os.environ.get("THROTTLE_ANON", "120/minute"),
        "user": os.environ.get("THROTTLE_USER", "2000/minute"),
    },
}

SPECTACULAR_SETTINGS = {
    "TITLE": "Claim desk API",
    "DESCRIPTION": "Claims, evidence, verdicts and exports of the Claim desk.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "ENUM_NAME_OVERRIDES": {
        "ClaimStatusEnum": "claims.models.Claim.Status",
        "ExportStatusEnum": "claims.exports.models.ExportJob.Status",
        "ReliabilityEnum": "sources.models.Reliability",
    },
}

# CORS is closed unless origins are listed.
CORS_ALLOWED_ORIGINS = env_list("CORS_ALLOWED_ORIGINS", [])

CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": os.environ["CACHE_URL"],
    }
    if os.environ.get("CACHE_URL")
    else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}

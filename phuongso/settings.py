"""phuongso settings: one file, every deployment value from the environment.

Safe defaults: DEBUG is off unless set, a missing SECRET_KEY is fatal outside DEBUG,
SQLite is the embedded default and PostgreSQL is chosen by DATABASE_URL or DB=postgres.
"""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
import fontpkg_be_vietnam_pro
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent
PACKAGE_DIR = Path(__file__).resolve().parent


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    return int(value) if value not in (None, "") else default


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in env_str(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", False)

SECRET_KEY = env_str("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    SECRET_KEY = "insecure-development-key-only-for-debug"  # noqa: S105 - DEBUG only

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    # The API docs page (Swagger UI) from django-ninja's own static files, not a public CDN.
    "ninja",
    "template_partials",
    "axes",
    "phuongso.core",
    "phuongso.accounts",
    "phuongso.procedures",
    "phuongso.notifications",
    "phuongso.dossiers",
    "phuongso.payments",
    "phuongso.quality",
    "phuongso.resolution",
    "phuongso.households",
    "phuongso.training",
    "phuongso.feedback",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Content-Security-Policy on every response (CONTENT_SECURITY_POLICY below).
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Every value a request carries is cleaned once (NFC, no control characters), and an
    # oversized body is refused before it is read (core/inputs.py).
    "phuongso.core.inputs.CleanInputMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    # No browser or proxy keeps a page or a file with personal data (core/inputs.py).
    "phuongso.core.inputs.NoStoreMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Last, as django-axes asks: it turns a lockout into its response.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "phuongso.urls"
WSGI_APPLICATION = "phuongso.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "phuongso.core.context_processors.site",
            ],
            # unlocalize everywhere: ids and codes must never get a thousands separator.
            "builtins": ["django.templatetags.l10n", "phuongso.core.templatetags.phuongso"],
        },
    },
]

# --- Database -----------------------------------------------------------------
# SQLite by default (WAL, busy timeout, immediate transactions: see core/apps.py for
# the WAL pragma); PostgreSQL from DATABASE_URL, or DB=postgres with DB_* variables.
DATA_DIR = Path(env_str("DATA_DIR", str(BASE_DIR / "var")))


def _database() -> dict:
    url = env_str("DATABASE_URL")
    if url:
        return dj_database_url.parse(url, conn_max_age=env_int("CONN_MAX_AGE", 60))
    if env_str("DB", "sqlite") == "postgres":
        return {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": env_str("DB_NAME", "phuongso"),
            "USER": env_str("DB_USER", "postgres"),
            "PASSWORD": env_str("DB_PASSWORD"),
            "HOST": env_str("DB_HOST", "127.0.0.1"),
            "PORT": env_str("DB_PORT", "5432"),
            "CONN_MAX_AGE": env_int("CONN_MAX_AGE", 60),
            "TEST": {"NAME": env_str("DB_TEST_NAME", "test_phuongso")},
        }
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    return {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": env_str("SQLITE_PATH", str(DATA_DIR / "phuongso.sqlite3")),
        "OPTIONS": {
            "timeout": 20,
            "transaction_mode": "IMMEDIATE",
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        },
    }


DATABASES = {"default": _database()}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- People -------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "phuongso.accounts.backends.IdentifierBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "phuongso.accounts.passwords.UserAttributeSimilarityValidator"},
    {
        "NAME": "phuongso.accounts.passwords.MinimumLengthValidator",
        "OPTIONS": {"min_length": 8},
    },
    {"NAME": "phuongso.accounts.passwords.CommonPasswordValidator"},
    {"NAME": "phuongso.accounts.passwords.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "accounts:after_login"
LOGOUT_REDIRECT_URL = "core:home"
# A link to set a password (accounts.services.send_password_link) works once, for 30 minutes:
# it travels by SMS and e-mail and stays in the outbox.
PASSWORD_RESET_TIMEOUT = env_int("PASSWORD_LINK_MINUTES", 30) * 60
# Links asked for per address and hour: each one sends an SMS.
PASSWORD_LINK_LIMIT = env_int("PASSWORD_LINK_LIMIT", 5)
# Registrations refused because a phone, e-mail or ID number already has an account, per
# address and hour: each such answer tells whether a number has an account.
REGISTER_IN_USE_LIMIT = env_int("REGISTER_IN_USE_LIMIT", 10)
# One-time codes that prove a phone (or an e-mail address) is the person's
# (accounts/verification.py): valid this many minutes, this many tries each, and this many
# sent to one number an hour (each is an SMS the ward pays for).
VERIFICATION_CODE_MINUTES = env_int("VERIFICATION_CODE_MINUTES", 10)
VERIFICATION_CODE_ATTEMPTS = env_int("VERIFICATION_CODE_ATTEMPTS", 5)
VERIFICATION_CODES_PER_HOUR = env_int("VERIFICATION_CODES_PER_HOUR", 5)

# Login throttling (django-axes): lock a user name from one address after repeated failures.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("AXES_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_USERNAME_FORM_FIELD = "username"
# Every spelling of one account counts against the same lockout (accounts/backends.py), and
# behind the TLS proxy the visitor's address is the one the proxy appended, not the proxy's.
AXES_USERNAME_CALLABLE = "phuongso.accounts.backends.lockout_name"
AXES_CLIENT_IP_CALLABLE = "phuongso.core.throttle.client_address"
AXES_VERBOSE = False

# --- Language, time, numbers ----------------------------------------------------
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", "Tiếng Việt")]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
USE_THOUSAND_SEPARATOR = True
NUMBER_GROUPING = 3
FORMAT_MODULE_PATH = ["phuongso.formats"]

# --- Static files, uploads ------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
# The web font comes from its PyPI package (fontpkg), not a copy in the repository.
STATICFILES_DIRS = [
    PACKAGE_DIR / "static",
    ("fonts", Path(fontpkg_be_vietnam_pro.__file__).parent / "files"),
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if not DEBUG
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = env_bool("WHITENOISE_USE_FINDERS", DEBUG)
# Uploads live outside the web root and are served only through views that check access.
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(DATA_DIR / "uploads")))

# --- E-mail -----------------------------------------------------------------------
EMAIL_BACKEND = env_str(
    "EMAIL_BACKEND",
    "django.core.mail.backends.filebased.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_FILE_PATH = env_str("EMAIL_FILE_PATH", str(DATA_DIR / "mail"))
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "phuongso <no-reply@localhost>")

# --- Cache and sessions -------------------------------------------------------------
# One cache shared by every worker process of the machine (SQLite files under DATA_DIR/cache,
# core/cache.py): the sessions (read from the cache, written through to the database), the
# signed-in user, the status lookup's rate limit, the deployment's default commune and the kept
# copies of citizens' dossier pages. Several application servers need a cache server instead:
# CACHE_BACKEND=django.core.cache.backends.redis.RedisCache, CACHE_LOCATION=redis://…
if env_str("CACHE_BACKEND"):
    CACHES = {
        "default": {"BACKEND": env_str("CACHE_BACKEND"), "LOCATION": env_str("CACHE_LOCATION")}
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "phuongso.core.cache.SharedDiskCache",
            "LOCATION": env_str("CACHE_LOCATION") or str(DATA_DIR / "cache"),
            "SHARDS": 4,  # writers lock one shard, not the whole cache
            # Past this size the least recently stored entries go first; an evicted session is
            # read again from the database: eviction costs time, never a sign-in.
            "OPTIONS": {"size_limit": env_int("CACHE_SIZE_MB", 1024) * 2**20},
        }
    }
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
# Officials' sessions last a working day (accounts/signals.py); citizens' the default two weeks.
OFFICIAL_SESSION_HOURS = env_int("OFFICIAL_SESSION_HOURS", 10)
# The citizen's dossier page and the officials' inboxes are served again from the copy rendered
# for the same values (core/page_cache.py); 0 renders every visit.
KEEP_RENDERED_PAGES = env_bool("KEEP_RENDERED_PAGES", True)

# --- Security -------------------------------------------------------------------
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SESSION_COOKIE_HTTPONLY = True
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", not DEBUG)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", not DEBUG)
SECURE_PROXY_SSL_HEADER = (
    ("HTTP_X_FORWARDED_PROTO", "https") if env_bool("BEHIND_TLS_PROXY", False) else None
)
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# A stale or missing CSRF token gets a Vietnamese page that says what to do.
CSRF_FAILURE_VIEW = "phuongso.core.views.csrf_failure"

# --- The deployment -----------------------------------------------------------------
# The province this deployment serves (national code); communes are data in core.Commune.
PROVINCE_CODE = env_int("PROVINCE_CODE", 25)
# Demo accounts are refused when DEBUG is off unless this is set (see load_demo).
ALLOW_DEMO_ACCOUNTS = env_bool("ALLOW_DEMO_ACCOUNTS", False)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {
        "axes": {"level": "WARNING"},
        # Font subsetting and PDF layout report every step at INFO.
        "fontTools": {"level": "WARNING"},
        "weasyprint.progress": {"level": "WARNING"},
    },
}

# --- Working-day calendar (rules live only in core/calendar.py) ----------------------
# Ward working hours as "HH:MM-HH:MM" periods, and the same-day cut-off ("15h rule").
WORKING_HOURS = env_list("WORKING_HOURS", "07:30-11:30,13:30-17:00")
SAME_DAY_CUTOFF = env_str("SAME_DAY_CUTOFF", "15:00")
# 24/11 "Ngày Văn hóa Việt Nam": the holidays package lists it from 2026, but the Labour Code
# amendment that makes it a paid day off was still a draft; a policy switch until it passes.
OBSERVE_CULTURE_DAY = env_bool("OBSERVE_CULTURE_DAY", False)
# A dossier is "due soon" when this many working hours or fewer remain.
DUE_SOON_WORKING_HOURS = env_int("DUE_SOON_WORKING_HOURS", 8)

# --- Dossiers ---------------------------------------------------------------------
# Dossier codes (Circular 01/2018 Art. 19); pluggable because Circular 03/2025 may change them.
DOSSIER_CODE_GENERATOR = env_str(
    "DOSSIER_CODE_GENERATOR", "phuongso.dossiers.codes.circular_01_2018"
)
# Layout version of the official forms (templates/dossiers/forms/<version>/).
DOSSIER_FORMS_VERSION = env_str("DOSSIER_FORMS_VERSION", "2018")

# --- Notifications ------------------------------------------------------------------
# SMS adapter (dotted path): the default keeps messages in the outbox the administrator reads.
SMS_GATEWAY = env_str("SMS_GATEWAY", "phuongso.notifications.sms.OutboxGateway")
# Upload limits for dossier papers, feedback photos and evidence files.
UPLOAD_MAX_FILE_MB = env_int("UPLOAD_MAX_FILE_MB", 10)
UPLOAD_MAX_DOSSIER_MB = env_int("UPLOAD_MAX_DOSSIER_MB", 40)
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# --- Online payment (adapter; the default is the local gateway simulator) ---------------
PAYMENT_GATEWAY_NAME = env_str("PAYMENT_GATEWAY_NAME", "simulator")
PAYMENT_GATEWAY_URL = env_str("PAYMENT_GATEWAY_URL", "/thanh-toan/cong-mo-phong/")
PAYMENT_MERCHANT_CODE = env_str("PAYMENT_MERCHANT_CODE", "PHUONGSO")
PAYMENT_HASH_SECRET = env_str("PAYMENT_HASH_SECRET", SECRET_KEY)
# The local simulator records fees as paid without any money moving: the demo's and the
# tests' gateway only. With DEBUG off it is off unless asked for (and the deploy check says so).
PAYMENT_SIMULATOR = env_bool("PAYMENT_SIMULATOR", DEBUG)
# Anonymous status lookups allowed per address in the window (against guessing codes).
LOOKUP_LIMIT = env_int("LOOKUP_LIMIT", 20)
LOOKUP_WINDOW_SECONDS = env_int("LOOKUP_WINDOW_SECONDS", 600)
# Wrong guesses per dossier code and hour, from any address (one guess in 5,000 is right).
LOOKUP_CODE_GUESSES = env_int("LOOKUP_CODE_GUESSES", 10)

# --- Resolution monitoring ------------------------------------------------------------
# A shortfall up to this share of the planned value is "at risk"; more is "off track".
RESOLUTION_AT_RISK_GAP = env_str("RESOLUTION_AT_RISK_GAP", "0.10")
# "Cơ bản không còn" (basically none) means at most this value (e.g. 0,1% of households).
RESOLUTION_BASICALLY_NONE_AT_MOST = env_str("RESOLUTION_BASICALLY_NONE_AT_MOST", "0.1")
# A running task without a progress report for this many days is flagged as stalled.
RESOLUTION_STALLED_AFTER_DAYS = env_int("RESOLUTION_STALLED_AFTER_DAYS", 30)
RESOLUTION_EVIDENCE_MAX_BYTES = env_int("RESOLUTION_EVIDENCE_MAX_BYTES", 10 * 1024 * 1024)

# --- Citizens' feedback (phản ánh, kiến nghị) ---------------------------------------------
# Deadlines of indicator 5.2, in working days: accept or refuse, ask for information, resolve,
# publish the answer.
FEEDBACK_ACCEPT_WORKING_DAYS = env_int("FEEDBACK_ACCEPT_WORKING_DAYS", 2)
FEEDBACK_INFO_WORKING_DAYS = env_int("FEEDBACK_INFO_WORKING_DAYS", 5)
FEEDBACK_RESOLVE_WORKING_DAYS = env_int("FEEDBACK_RESOLVE_WORKING_DAYS", 15)
FEEDBACK_PUBLISH_WORKING_DAYS = env_int("FEEDBACK_PUBLISH_WORKING_DAYS", 2)
# A resolved report may be reopened by its reporter for this many days.
FEEDBACK_REOPEN_DAYS = env_int("FEEDBACK_REOPEN_DAYS", 30)
FEEDBACK_SIMILAR_RADIUS_METRES = env_int("FEEDBACK_SIMILAR_RADIUS_METRES", 300)
FEEDBACK_MAX_PHOTOS = env_int("FEEDBACK_MAX_PHOTOS", 4)
FEEDBACK_OPEN311_MAX_REQUESTS = env_int("FEEDBACK_OPEN311_MAX_REQUESTS", 1000)
FEEDBACK_OPEN311_MAX_DAYS = env_int("FEEDBACK_OPEN311_MAX_DAYS", 90)

# --- Service quality (Decision 766) ----------------------------------------------------------
# Group points, indicator weights, full-score thresholds and who sees the dashboard have their
# defaults in phuongso/quality/conf.py (QUALITY_GROUP_POINTS, QUALITY_INDICATOR_WEIGHTS,
# QUALITY_THRESHOLDS, QUALITY_VIEW_ROLES, QUALITY_RANKING_ROLES); set them here to override.
QUALITY_CATCH_UP_LIMIT = env_int("QUALITY_CATCH_UP_LIMIT", 50_000)

# --- Input hardening (core/inputs.py, core/uploads.py) -----------------------------------------
# A request body larger than this is refused (413) before it is read: a dossier's papers
# (UPLOAD_MAX_DOSSIER_MB) and the form around them. The reverse proxy caps bodies too
# (client_max_body_size in nginx, request_body max_size in Caddy) at the same size.
REQUEST_MAX_BODY_MB = env_int("REQUEST_MAX_BODY_MB", UPLOAD_MAX_DOSSIER_MB + 5)
# Pictures (dossier papers, feedback photos, evidence) decode to at most this many pixels: a
# 50-megapixel phone photo fits; a bomb of a few kilobytes that decodes to gigabytes does not.
UPLOAD_MAX_PIXELS = env_int("UPLOAD_MAX_PIXELS", 60_000_000)

# --- Content-Security-Policy (django-csp) --------------------------------------------------------
# Scripts, styles, fonts and pictures only from this site's own static files: no inline script
# or style, no outside origin (htmx, the feedback page's script and the API docs' Swagger UI are
# all served by WhiteNoise). Pictures may be data: URIs (the favicon, Swagger UI's icons).
# The payment gateway is the one outside address a form may lead to.
_FORM_TARGETS = [SELF]
if PAYMENT_GATEWAY_URL.startswith(("https://", "http://")):
    _FORM_TARGETS.append("/".join(PAYMENT_GATEWAY_URL.split("/", 3)[:3]))
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": _FORM_TARGETS,
        "frame-ancestors": [NONE],
    }
}

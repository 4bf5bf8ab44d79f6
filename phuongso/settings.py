"""phuongso settings: one file, every deployment value from the environment.

Safe defaults: DEBUG is off unless set, a missing SECRET_KEY is fatal outside DEBUG,
SQLite is the embedded default and PostgreSQL is chosen by DATABASE_URL or DB=postgres.
"""

from __future__ import annotations

import importlib.util
import os
from datetime import timedelta
from decimal import Decimal
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
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
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
    "phuongso.reminders",
    "phuongso.ops",
    "phuongso.signing",
]
# Benchmark and demo tooling (generate_history) in a source checkout; never shipped.
if importlib.util.find_spec("bench") is not None:
    INSTALLED_APPS.append("bench")

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
    # request.commune: which commune the page is about (?xa=, the user's, the default).
    "phuongso.core.communes.CommuneMiddleware",
    # After sign-in is required: a session needing a second factor reaches nothing else.
    "phuongso.accounts.middleware.SecondFactorMiddleware",
    # No browser or proxy keeps a page or a file with personal data (core/inputs.py).
    "phuongso.core.inputs.NoStoreMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "phuongso.ops.routers.DashboardReadsMiddleware",
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
# Registrations sent (each sends a code by SMS) per address and hour, and by everyone.
REGISTRATIONS_PER_ADDRESS = env_int("REGISTRATIONS_PER_ADDRESS", 10)
REGISTRATIONS_PER_HOUR = env_int("REGISTRATIONS_PER_HOUR", 500)
# Failed sign-ins per account from every address (distributed guessing), and per address
# over every account (spraying one password), an hour: past either, sign-ins wait. The
# account's holder gets back in at once with a password link, which starts its count again.
SIGN_IN_FAILURES_PER_ACCOUNT = env_int("SIGN_IN_FAILURES_PER_ACCOUNT", 20)
SIGN_IN_FAILURES_PER_ADDRESS = env_int("SIGN_IN_FAILURES_PER_ADDRESS", 50)

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

# --- Officials' second factor (accounts/two_factor.py) ------------------------------------
# Shown in authenticator apps beside the account name.
OTP_TOTP_ISSUER = env_str("OTP_TOTP_ISSUER", "phuongso")
# Recovery codes given at enrolment; each works once.
TWO_FACTOR_RECOVERY_CODES = env_int("TWO_FACTOR_RECOVERY_CODES", 10)

# --- Personal data: retention and purge (core/retention.py, manage.py purge_personal_data) -----
# Days each kind of record is kept before the nightly `purge_personal_data` removes it (or, for
# feedback, blanks the reporter's contact details). Chosen by the developers as a starting
# point: the ward's legal officer must confirm them against Law 91/2025/QH15, the Archives Law
# 2024 and the retention schedule of Circular 10/2022/TT-BNV before production. What the
# archives law keeps is never purged here: dossiers with their events, papers and results,
# registers, the household registry and poverty reviews (see core/privacy.py).
RETENTION_DAYS = {
    # Unsubmitted online drafts and their uploaded papers, since last saved.
    "draft": env_int("RETENTION_DRAFT_DAYS", 90),
    # SMS and e-mails in the outbox (phone, address, text), once sent or given up.
    "notification": env_int("RETENTION_NOTIFICATION_DAYS", 365),
    # Sign-in attempts and sign-in records (name typed, address, browser).
    "sign_in_record": env_int("RETENTION_SIGN_IN_RECORD_DAYS", 180),
    # Enrolments of a second factor never confirmed.
    "unconfirmed_second_factor": env_int("RETENTION_UNCONFIRMED_SECOND_FACTOR_DAYS", 7),
    # The log of reads of household data and identities.
    "access_log": env_int("RETENTION_ACCESS_LOG_DAYS", 5 * 365),
    # Correction requests, counted from their answer.
    "correction_request": env_int("RETENTION_CORRECTION_REQUEST_DAYS", 5 * 365),
    # A closed feedback report's reporter name, phone and e-mail (the report itself stays).
    "feedback_contact": env_int("RETENTION_FEEDBACK_CONTACT_DAYS", 5 * 365),
}

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
# One cache shared by every worker process of the machine (SQLite files under DATA_DIR/cache):
# the sessions (read from the cache, written through to the database), and what core/cache.py
# lists with what makes each value stale (the signed-in user, the default commune, procedures
# the online form reads, rate limits). Several application servers need a cache server instead:
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
# Ward working hours as "HH:MM-HH:MM" periods, and the same-day cut-off ("15h rule"). The
# default day adds up to 8 working hours (07:30-11:30 and 13:00-17:00), the day the index and
# every figure in hours use (one-stop-rules.md, "Deadlines"; issue #16 item 9). 07:30-11:30 with
# 13:30-17:00 would be only 7.5 hours: a ward that keeps it sets WORKING_HOURS and knows its
# figures in days then use a 7.5-hour day.
WORKING_HOURS = env_list("WORKING_HOURS", "07:30-11:30,13:00-17:00")
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
# Wrong guesses per dossier code and hour, from any address (one guess in 5,000 is right):
# past it four digits no longer show that dossier, the applicant's whole phone or number does.
LOOKUP_CODE_GUESSES = env_int("LOOKUP_CODE_GUESSES", 10)
# A dossier whose last step is older than this, in working hours, while its legal clock runs,
# is reported to the commune's leaders (reminders/services.py).
REMINDER_STEP_WAIT_WORKING_HOURS = env_int("REMINDER_STEP_WAIT_WORKING_HOURS", 16)
# Anonymous feedback reports per address and hour, and from everyone anonymous together.
FEEDBACK_ANONYMOUS_PER_ADDRESS = env_int("FEEDBACK_ANONYMOUS_PER_ADDRESS", 5)
FEEDBACK_ANONYMOUS_PER_HOUR = env_int("FEEDBACK_ANONYMOUS_PER_HOUR", 200)

# --- Signatures (signing/: PAdES through pyHanko) --------------------------------------------
# Keys, certificates and the demo authority's files live here (never in the web root).
SIGNING_DIR = Path(env_str("SIGNING_DIR", str(DATA_DIR / "signing")))
# The passphrase of the PKCS#12 files in SIGNING_DIR (and of the demo root's key).
SIGNING_PASSPHRASE = env_str("SIGNING_PASSPHRASE", "phuongso-demo")
# The demo certificate authority (manage.py create_demo_pki) signs and is trusted, shown as a
# demo: on with DEBUG (make run); with DEBUG off it is off unless asked for, and flagged.
SIGNING_DEMO_PKI = env_bool("SIGNING_DEMO_PKI", DEBUG)
SIGNING_DEMO_KEY_BITS = env_int("SIGNING_DEMO_KEY_BITS", 2048)
# Trusted roots besides the demo one (PEM files, comma-separated): the national root of
# public-duty signatures and licensed providers'.
SIGNING_TRUST_ROOTS = env_list("SIGNING_TRUST_ROOTS")
# The RFC 3161 timestamp service; empty: the demo authority's own timestamp service, in-process.
SIGNING_TSA_URL = env_str("SIGNING_TSA_URL")
SIGNING_TSA_TIMEOUT_SECONDS = env_int("SIGNING_TSA_TIMEOUT_SECONDS", 10)
# PKCS#11 tokens and HSMs: the module and the user PIN.
SIGNING_PKCS11_MODULE = env_str("SIGNING_PKCS11_MODULE", "/usr/lib/softhsm/libsofthsm2.so")
SIGNING_PKCS11_PIN = env_str("SIGNING_PKCS11_PIN")
# A remote signing service (Cloud Signature Consortium API v1): its base URL (the endpoints are
# <url>/csc/v1/…), the access token and the PIN that authorises each signature. The demo's
# simulator answers at SITE_URL/xac-thuc while the demo authority is on.
SIGNING_REMOTE_URL = env_str("SIGNING_REMOTE_URL")
SIGNING_REMOTE_TOKEN = env_str("SIGNING_REMOTE_TOKEN")
SIGNING_REMOTE_PIN = env_str("SIGNING_REMOTE_PIN")
SIGNING_REMOTE_TIMEOUT_SECONDS = env_int("SIGNING_REMOTE_TIMEOUT_SECONDS", 30)
# Uploads to the public verification page and API, in megabytes, and how many checks (each
# costs about a second of the server's time) one address and everyone may ask for an hour.
SIGNING_VERIFY_MAX_MB = env_int("SIGNING_VERIFY_MAX_MB", 20)
SIGNING_VERIFY_PER_ADDRESS = env_int("SIGNING_VERIFY_PER_ADDRESS", 60)
SIGNING_VERIFY_PER_HOUR = env_int("SIGNING_VERIFY_PER_HOUR", 3000)

# --- Resolution monitoring ------------------------------------------------------------
# A shortfall up to this share of the planned value is "at risk"; more is "off track".
RESOLUTION_AT_RISK_GAP = Decimal(env_str("RESOLUTION_AT_RISK_GAP", "0.10"))
# "Cơ bản không còn" (basically none) means at most this value, in the indicator's unit (e.g.
# 0,1% of households), unless the indicator sets its own tolerance.
RESOLUTION_BASICALLY_NONE_AT_MOST = Decimal(env_str("RESOLUTION_BASICALLY_NONE_AT_MOST", "0.1"))
# A running task without a progress report for this many days is flagged as stalled.
RESOLUTION_STALLED_AFTER_DAYS = env_int("RESOLUTION_STALLED_AFTER_DAYS", 30)
# Largest evidence file accepted (PDF, JPEG, PNG).
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
# Open reports of the same category within this distance are suggested as similar.
FEEDBACK_SIMILAR_RADIUS_METRES = env_int("FEEDBACK_SIMILAR_RADIUS_METRES", 300)
FEEDBACK_MAX_PHOTOS = env_int("FEEDBACK_MAX_PHOTOS", 4)
# Open311 GET requests: at most this many requests, over at most this many days (the
# specification's defaults).
FEEDBACK_OPEN311_MAX_REQUESTS = env_int("FEEDBACK_OPEN311_MAX_REQUESTS", 1000)
FEEDBACK_OPEN311_MAX_DAYS = env_int("FEEDBACK_OPEN311_MAX_DAYS", 90)

# --- Service quality (Decision 766) ----------------------------------------------------------
# Every default of the quality figures lives here; phuongso/quality/conf.py only reads them.
# Points of each group of the index (one-stop-rules.md: 18/20/12/10/18/22 = 100).
QUALITY_GROUP_POINTS: dict[str, int] = {
    "transparency": 18,
    "timeliness": 20,
    "online_service": 12,
    "online_payment": 10,
    "satisfaction": 18,
    "digitisation": 22,
}
# Points of the indicators the national method fixes, as a national ranking dashboard scores
# them (index-766-formulas.md, "Points", a secondary source): 1.4 at 6; 3.6 at 10 with 3.5
# unscored (the formula text: "Bỏ thống kê"); 5.2, 5.3 and 5.4 at 6 each.
QUALITY_INDICATOR_POINTS: dict[str, float] = {
    "1.4": 6,
    "3.5": 0,
    "3.6": 10,
    "5.2": 6,
    "5.3": 6,
    "5.4": 6,
}
# The other indicators share what is left of their group's points in these proportions
# (0: shown but not scored). 2.1 carries the timeliness group; 3.3 twice 3.1 and 3.2.
QUALITY_INDICATOR_WEIGHTS: dict[str, int] = {
    "2.1": 1,
    "2.2": 0,
    "3.1": 1,
    "3.2": 1,
    "3.3": 2,
    "4.1": 1,
    "4.2": 1,
    "4.3": 1,
    "5.1": 0,
}
# Rate (%) at which an indicator earns its full points (index-766-formulas.md); others: 100.
QUALITY_THRESHOLDS: dict[str, int] = {
    "3.1": 80,
    "3.3": 50,
    "3.5": 80,
    "4.2": 80,
    "4.3": 80,
    "5.4": 90,
}
# Feedback category groups (feedback.Category.group) counted by 5.1: the national classes
# "Quy định, chính sách, thủ tục" and "Hành vi của cán bộ công chức" (index-766-formulas.md 5.1);
# the demo's "Hành chính công" covers both.
QUALITY_FEEDBACK_GROUPS_5_1 = (
    "Quy định, chính sách, thủ tục",
    "Hành vi của cán bộ công chức",
    "Hành chính công",
)
# Roles that see the staff dashboard of their commune, and the province ranking.
QUALITY_VIEW_ROLES = (
    "leader",
    "leadership",
    "administrator",
    "province_administrator",
    "counter_officer",
    "specialist",
)
QUALITY_RANKING_ROLES = ("province_administrator", "leadership", "leader")
# The scheduled fold (refresh_quality_rollups) folds log rows whose id it saw at least this
# many seconds earlier (a transaction still running then has committed by now; a longer one
# is folded by its own after-commit hook). See quality/rollups.py.
QUALITY_FOLD_LAG_SECONDS = env_int("QUALITY_FOLD_LAG_SECONDS", 60)

# --- Operations: backups, health, metrics, several app servers (phuongso/ops/) ----------------
# `manage.py backup` seals the database, MEDIA_ROOT and SIGNING_DIR with BACKUP_KEY (a Fernet key:
# `manage.py backup --new-key`); without it the command refuses unless DEBUG is on.
BACKUP_KEY = env_str("BACKUP_KEY")
BACKUP_DIR = Path(env_str("BACKUP_DIR", str(DATA_DIR / "backups")))
# (SIGNING_DIR, the signing keys and certificates backed up with the rest: see Signatures.)
# Where pg_dump and pg_restore are (empty: found on PATH).
PG_BIN_DIR = env_str("PG_BIN_DIR")
# /healthz calls the notification outbox stuck when its oldest pending message is this old.
HEALTH_OUTBOX_MAX_AGE_MINUTES = env_int("HEALTH_OUTBOX_MAX_AGE_MINUTES", 60)
# The probes reach gunicorn directly over plain HTTP on 127.0.0.1: no redirect to HTTPS for them.
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^metrics$"]
# /metrics (Prometheus text format) answers only a bearer of this token; empty: 404.
METRICS_TOKEN = env_str("METRICS_TOKEN")
# Uploads on S3-compatible object storage (django-storages) when several app servers share them.
S3_BUCKET = env_str("S3_BUCKET")
if S3_BUCKET:
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": S3_BUCKET,
            "endpoint_url": env_str("S3_ENDPOINT_URL") or None,
            "region_name": env_str("S3_REGION") or None,
            "access_key": env_str("S3_ACCESS_KEY_ID") or None,
            "secret_key": env_str("S3_SECRET_ACCESS_KEY") or None,
            "location": env_str("S3_PREFIX", "uploads"),
            # Papers are private: served through views that check access, never public URLs.
            "default_acl": "private",
            "querystring_auth": True,
            "file_overwrite": False,
        },
    }
# A read replica for the dashboards' reads (phuongso/ops/routers.py): DATABASE_REPLICA_URL names
# it; without it every read goes to the primary.
if env_str("DATABASE_REPLICA_URL"):
    DATABASES["replica"] = {
        **dj_database_url.parse(
            env_str("DATABASE_REPLICA_URL"), conn_max_age=env_int("CONN_MAX_AGE", 60)
        ),
        "TEST": {"MIRROR": "default"},
    }
DATABASE_ROUTERS = ["phuongso.ops.routers.DashboardReplicaRouter"]
# The dashboards (GET only) whose reads go to the replica.
REPLICA_VIEWS = env_list(
    "REPLICA_VIEWS",
    "quality:dashboard,quality:drill,quality:count,quality:province,"
    "resolution:dashboard,resolution:province",
)

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

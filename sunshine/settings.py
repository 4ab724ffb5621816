"""Sunshine settings: read from environment variables only (12-factor).

Every variable is documented in `.env.example`. The embedded default (no variable set) is
SQLite in WAL mode, local file storage, no Redis, and tasks run in-process after commit.
"""

from __future__ import annotations

import datetime as _dt
from pathlib import Path

import environ
from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured

from sunshine.core.manifest import beat_schedule

BASE_DIR = Path(__file__).resolve().parent.parent
env = environ.Env()
if (BASE_DIR / ".env").exists():
    environ.Env.read_env(BASE_DIR / ".env")

DEBUG = env.bool("DJANGO_DEBUG", default=False)
DEMO = env.bool("SUNSHINE_DEMO", default=False)
# Clock kinds, audit labels and roles used only by demo or benchmark data (the apps' `DemoOnly` registrations).
# Empty or unset: as SUNSHINE_DEMO.
DEMO_REGISTRIES = env.bool("SUNSHINE_DEMO_REGISTRIES") if env.str("SUNSHINE_DEMO_REGISTRIES", default="") else DEMO
SECRET_KEY = env.str("DJANGO_SECRET_KEY", default="")
if not SECRET_KEY:
    if not (DEBUG or DEMO):
        raise ImproperlyConfigured("DJANGO_SECRET_KEY is required when neither DJANGO_DEBUG nor SUNSHINE_DEMO is on")
    SECRET_KEY = "insecure-demo-only-key-never-use-in-production"
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])

DATA_DIR = Path(env.str("SUNSHINE_DATA_DIR", default=str(BASE_DIR / "var")))
DATA_DIR.mkdir(parents=True, exist_ok=True)

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_htmx",
    "csp",
    "axes",  # login protection (sunshine.accounts.login_limits)
    # kernel
    "sunshine.core",
    "sunshine.orgs",
    "sunshine.accounts",
    "sunshine.audit",
    "sunshine.workcalendar",
    "sunshine.clocks",
    "sunshine.files",
    "sunshine.notify",
    "sunshine.privacy",
    "sunshine.search",
    "sunshine.cases",
    "sunshine.tracking",
    "sunshine.caselinks",
    "sunshine.documents",
    # domains
    "sunshine.publications",
    "sunshine.disclosure_requests",
    "sunshine.participation",
    "sunshine.hotline",
    "sunshine.gov_services",
    # read side: kernel tables and the domains' statistics providers only
    "sunshine.reports",
    # shells
    "sunshine.portal",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",  # Content-Security-Policy on every page (CONTENT_SECURITY_POLICY below)
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "sunshine.core.middleware.StripBidiControlsMiddleware",  # outermost of ours: sees every page's final bytes
    "sunshine.core.middleware.NoStoreMiddleware",  # Cache-Control: no-store on every page and API answer
    "sunshine.core.middleware.RequestIdMiddleware",
    "sunshine.core.middleware.ApiJsonErrorMiddleware",  # /api/ answers JSON errors, always (also handler500)
    "sunshine.core.middleware.RejectNulMiddleware",
    "sunshine.core.timeouts.RequestTimeLimitMiddleware",  # database time limit of a request: 503 when it is over
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "sunshine.core.middleware.StaffIdleTimeoutMiddleware",  # staff sessions end after SUNSHINE_STAFF_IDLE_MINUTES
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "sunshine.core.middleware.MethodNotAllowedMessageMiddleware",  # a Chinese body for the views' empty 405s
    "sunshine.portal.reader_script.ReaderScriptMiddleware",  # converts public pages to 简/繁 first
    "axes.middleware.AxesMiddleware",  # last: turns a login lockout into the Chinese 429 (JSON on /api/)
]
# django-axes' backend first: it refuses an attempt once the address or the account reached its limit.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

ROOT_URLCONF = "sunshine.urls"
WSGI_APPLICATION = "sunshine.wsgi.application"
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "portal:login"
LOGIN_REDIRECT_URL = "portal:after-login"
LOGOUT_REDIRECT_URL = "portal:home"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "sunshine.portal.context_processors.site",
            ],
        },
    },
]

# Chinese label suffix "：", required labels marked, "请选择" in select boxes (sunshine/core/forms.py)
FORM_RENDERER = "sunshine.core.forms.ChineseFormRenderer"

# --- database -------------------------------------------------------------------------------
DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{DATA_DIR / 'sunshine.sqlite3'}")}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers and one writer work at once; IMMEDIATE avoids lock upgrades mid-transaction.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
        }
    )
else:
    DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("DJANGO_CONN_MAX_AGE", default=60))
# Read replicas (sunshine.core.replicas, docs/scaling.md): streaming replicas of the PostgreSQL primary, comma-
# separated. Read-only selectors read from them; a client that has just written reads from the primary for
# DATABASE_REPLICA_PIN_SECONDS.
DATABASE_REPLICAS = []
for _number, _url in enumerate(env.list("DATABASE_REPLICA_URLS", default=[]), start=1):
    _alias = f"replica_{_number}"
    DATABASES[_alias] = env.db_url_config(_url)
    DATABASES[_alias].setdefault("CONN_MAX_AGE", DATABASES["default"].get("CONN_MAX_AGE", 0))
    DATABASES[_alias]["TEST"] = {"MIRROR": "default"}  # tests: the replica is the test database itself
    DATABASE_REPLICAS.append(_alias)
DATABASE_REPLICA_PIN_SECONDS = env.int("DATABASE_REPLICA_PIN_SECONDS", default=10)
DATABASE_ROUTERS = ["sunshine.core.replicas.ReplicaRouter"] if DATABASE_REPLICAS else []
if DATABASE_REPLICAS:  # read-your-writes across requests (sunshine.core.replicas)
    MIDDLEWARE.insert(MIDDLEWARE.index("sunshine.core.middleware.ApiJsonErrorMiddleware") + 1,
                      "sunshine.core.replicas.ReplicaPinMiddleware")
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- cache and tasks --------------------------------------------------------------------------
REDIS_URL = env.str("REDIS_URL", default="")
# "shared": the counters every worker process must see alike (the throttles and the failed-attempt limiter of
# sunshine.core.throttling): Redis, else the database table `sunshine_cache` (made by migrate: core migration 0001).
# "default" (page and calendar caches): Redis, else memory per process.
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
    CACHES["shared"] = CACHES["default"]
else:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
        # MAX_ENTRIES: a count of the table on every write; beyond it a third is dropped (the expired first)
        "shared": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "sunshine_cache",
                   "OPTIONS": {"MAX_ENTRIES": 50_000, "CULL_FREQUENCY": 3}},
    }
CELERY_BROKER_URL = REDIS_URL or "memory://localhost/"  # a hostname, so kombu does not warn at every eager task
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL  # no broker: tasks run in-process (after commit, see core.tasks)
CELERY_TASK_EAGER_PROPAGATES = False
CELERY_TIMEZONE = "Asia/Shanghai"
# Celery beat's state (when each periodic job last ran) lives with the other data, not in the working directory.
CELERY_BEAT_SCHEDULE_FILENAME = str(DATA_DIR / "celerybeat-schedule")
# Periodic jobs run by `sunshine worker` (Celery beat): the `jobs` of the apps' manifests. Without Redis, run their
# management commands from cron instead: `sunshine crontab` prints the lines.
CELERY_BEAT_SCHEDULE = beat_schedule(INSTALLED_APPS)

# --- i18n and time ----------------------------------------------------------------------------
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文")]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

# --- static and uploaded files ------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # whitenoise serves from it after collectstatic
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env.str("SUNSHINE_MEDIA_ROOT", default=str(DATA_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": env.str("SUNSHINE_FILE_STORAGE", default="django.core.files.storage.FileSystemStorage")},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
SUNSHINE_UPLOAD_MAX_BYTES = env.int("SUNSHINE_UPLOAD_MAX_BYTES", default=20 * 1024 * 1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = SUNSHINE_UPLOAD_MAX_BYTES + 1024 * 1024
# Archives (.docx, .xlsx, .ofd): unpacked size in all, and of one XML part (parsed in memory).
SUNSHINE_UPLOAD_MAX_UNPACKED_BYTES = env.int("SUNSHINE_UPLOAD_MAX_UNPACKED_BYTES", default=100 * 1024 * 1024)
SUNSHINE_UPLOAD_MAX_XML_BYTES = env.int("SUNSHINE_UPLOAD_MAX_XML_BYTES", default=20 * 1024 * 1024)
# Seconds a request may take under `sunshine serve` (gunicorn --timeout; cli.serve reads the variable itself).
SUNSHINE_REQUEST_TIMEOUT = env.int("SUNSHINE_REQUEST_TIMEOUT", default=30)
# Seconds of database work a request may take (sunshine.core.timeouts: PostgreSQL statement_timeout per statement,
# SQLite a progress handler over the whole request); over it the request answers 503 (Chinese page; JSON on /api/).
# Below SUNSHINE_REQUEST_TIMEOUT, so the database stops the work before gunicorn kills the worker. 0: no limit.
SUNSHINE_DB_REQUEST_TIMEOUT = env.float("SUNSHINE_DB_REQUEST_TIMEOUT", default=20)
# The same for work outside requests (management commands, jobs, reports built by the worker, migrations) on
# PostgreSQL: per statement; 0: no limit.
SUNSHINE_DB_COMMAND_TIMEOUT = env.float("SUNSHINE_DB_COMMAND_TIMEOUT", default=3600)
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024

# --- sign-off (签发) of replies and topic answers ------------------------------------------------
# Refusals and partial disclosures are always signed off; true: every other reply and topic answer too.
SUNSHINE_SIGN_OFF_ALL_OUTCOMES = env.bool("SUNSHINE_SIGN_OFF_ALL_OUTCOMES", default=True)

# --- notifications ----------------------------------------------------------------------------
SMS_BACKEND = env.str("SMS_BACKEND", default="console")  # console | http
SMS_GATEWAY_URL = env.str("SMS_GATEWAY_URL", default="")
SMS_GATEWAY_TOKEN = env.str("SMS_GATEWAY_TOKEN", default="")
SMS_SIGNATURE = env.str("SMS_SIGNATURE", default="【阳光政务】")
# Hotline webhooks (12345热线): the call-centre system's incoming calls (CTI) and the SMS gateway's incoming
# messages, each signed with HMAC-SHA256 of "<timestamp>.<body>" with its secret (docs/hotline.md). Empty: refused.
# The adapters are dotted paths of classes (sunshine.hotline.gateways); a vendor's own format gets its own adapter.
HOTLINE_CTI_SECRET = env.str("HOTLINE_CTI_SECRET", default="demo-cti-secret" if DEMO else "")
HOTLINE_CTI_ADAPTER = env.str("HOTLINE_CTI_ADAPTER", default="sunshine.hotline.gateways.SignedJsonCti")
HOTLINE_SMS_SECRET = env.str("HOTLINE_SMS_SECRET", default="demo-sms-secret" if DEMO else "")
HOTLINE_SMS_ADAPTER = env.str("HOTLINE_SMS_ADAPTER", default="sunshine.hotline.gateways.SignedJsonSms")
HOTLINE_WEBHOOK_MAX_AGE = env.int("HOTLINE_WEBHOOK_MAX_AGE", default=300)  # seconds a signature stays valid
EMAIL_BACKEND = env.str("DJANGO_EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env.str("DJANGO_EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("DJANGO_EMAIL_PORT", default=25)
DEFAULT_FROM_EMAIL = env.str("DJANGO_DEFAULT_FROM_EMAIL", default="noreply@sunshine.invalid")
NOTIFY_MAX_ATTEMPTS = env.int("SUNSHINE_NOTIFY_MAX_ATTEMPTS", default=3)
# With a broker, a failed delivery is tried again after this many seconds, doubled after each failure (60, 120 …).
NOTIFY_RETRY_SECONDS = env.int("SUNSHINE_NOTIFY_RETRY_SECONDS", default=60)
# With a broker, a letter's .docx that could not be built is retried after this many seconds, then 2× and 4×.
LETTER_RETRY_SECONDS = env.int("SUNSHINE_LETTER_RETRY_SECONDS", default=30)

# --- API ------------------------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "sunshine.core.api.exception_handler",
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 20,
    "DEFAULT_PARSER_CLASSES": [
        "sunshine.core.parsers.StrictJSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    # Client address for throttling: the n-th address from the right of X-Forwarded-For (0 = REMOTE_ADDR only).
    "NUM_PROXIES": env.int("SUNSHINE_NUM_PROXIES", default=0),
}


def _rate(name: str, default: str) -> str | None:
    value = env.str(name, default=default).strip()
    return None if value.lower() in ("", "off", "none", "0") else value


# Public endpoints (sunshine.core.throttling): "<n>/<second|minute|hour|day>" per client address; "off" disables.
SUNSHINE_THROTTLE_RATES = {
    "public_submit": _rate("SUNSHINE_THROTTLE_SUBMIT", "20/hour"),
    "public_track": _rate("SUNSHINE_THROTTLE_TRACK", "120/hour"),
    "public_read": _rate("SUNSHINE_THROTTLE_READ", "600/hour"),
}
# Failed attempts allowed per client (tracking code + secret; username + password) within the window (seconds).
SUNSHINE_FAILURE_LIMITS = {
    "track": (env.int("SUNSHINE_TRACK_MAX_FAILURES", default=10),
              env.int("SUNSHINE_TRACK_FAILURE_WINDOW", default=900)),
}
# Registration SMS codes per client address per hour (one per number per minute, five per number a day).
SUNSHINE_REGISTER_CODES_PER_HOUR = env.int("SUNSHINE_REGISTER_CODES_PER_HOUR", default=5)
# Login protection (django-axes, every login path: portal, /admin/login/, token API; sunshine.accounts.login_limits).
# SUNSHINE_LOGIN_MAX_FAILURES failed logins per client address, and as many per account (from any address), within
# SUNSHINE_LOGIN_FAILURE_WINDOW seconds; then every login attempt of that address or account answers 429 until the
# window has passed since the last failure. Counted in Redis when REDIS_URL is set, else in the database: a store
# every worker shares. 0 switches it off.
AXES_FAILURE_LIMIT = env.int("SUNSHINE_LOGIN_MAX_FAILURES", default=10)
AXES_ENABLED = AXES_FAILURE_LIMIT > 0
AXES_COOLOFF_TIME = _dt.timedelta(seconds=env.int("SUNSHINE_LOGIN_FAILURE_WINDOW", default=900))
AXES_LOCKOUT_PARAMETERS = ["ip_address", "username"]
AXES_HANDLER = "axes.handlers.cache.AxesCacheHandler" if REDIS_URL else "axes.handlers.database.AxesDatabaseHandler"
AXES_CACHE = "default"
AXES_RESET_ON_SUCCESS = True
AXES_DISABLE_ACCESS_LOG = True  # successful logins are audit events (account.login), not a second log
AXES_USERNAME_CALLABLE = "sunshine.accounts.login_limits.login_name"
AXES_CLIENT_IP_CALLABLE = "sunshine.accounts.login_limits.client_address"
AXES_LOCKOUT_CALLABLE = "sunshine.accounts.login_limits.lockout_response"
AXES_VERBOSE = False
AXES_ENABLE_ADMIN = False  # no Chinese admin for its tables: unlock with `manage.py axes_reset_username <name>`
SPECTACULAR_SETTINGS = {
    "TITLE": "阳光政务 Sunshine API",
    "DESCRIPTION": "政府信息公开、依申请公开、政务服务、互动交流与电子监察的接口",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    # Swagger UI's files are served from this site (drf-spectacular-sidecar), never from a CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # Every operation documents its error statuses (400/401/403/404/405/409/413/429: sunshine.core.api_schema).
    # Choice sets with the same field name in several apps: named here, so the schema's names are stable and
    # `check --deploy` has no drf_spectacular.W001 warning.
    "ENUM_NAME_OVERRIDES": {
        "LetterDeliveryEnum": "sunshine.disclosure_requests.models.LetterDelivery",
        "DisclosureDeliveryEnum": "sunshine.disclosure_requests.models.DisclosureRequest.Delivery",
        "ReplyOutcomeEnum": "sunshine.disclosure_requests.forms.REPLY_OUTCOME_CHOICES",
        "TicketKindEnum": "sunshine.hotline.models.Ticket.Kind",
    },
    "POSTPROCESSING_HOOKS": ["drf_spectacular.hooks.postprocess_schema_enums",
                             "sunshine.core.api_schema.document_errors"],
}

# --- security ----------------------------------------------------------------------------------
SESSION_COOKIE_HTTPONLY = True
# Staff sessions end after this many minutes without a request (0: never); citizens' sessions are not affected.
SUNSHINE_STAFF_IDLE_MINUTES = env.int("SUNSHINE_STAFF_IDLE_MINUTES", default=30)
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
# HTTPS (behind env flags: the embedded demo runs on plain HTTP). Behind a TLS-terminating proxy set
# DJANGO_SECURE_PROXY_SSL_HEADER so Django trusts X-Forwarded-Proto: https (only if the proxy always sets it).
SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=False)
SECURE_HSTS_SECONDS = env.int("DJANGO_SECURE_HSTS_SECONDS", default=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("DJANGO_SECURE_HSTS_INCLUDE_SUBDOMAINS", default=False)
SECURE_HSTS_PRELOAD = env.bool("DJANGO_SECURE_HSTS_PRELOAD", default=False)
if env.bool("DJANGO_SECURE_PROXY_SSL_HEADER", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# HTTPS is configured when any of the three settings above says so: then the session and CSRF cookies are sent
# over HTTPS only (`Secure`), unless DJANGO_SECURE_COOKIES says otherwise explicitly.
HTTPS_CONFIGURED = SECURE_SSL_REDIRECT or SECURE_HSTS_SECONDS > 0 or env.bool("DJANGO_SECURE_PROXY_SSL_HEADER",
                                                                                 default=False)
SESSION_COOKIE_SECURE = (env.bool("DJANGO_SECURE_COOKIES") if env.str("DJANGO_SECURE_COOKIES", default="")
                         else HTTPS_CONFIGURED)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
# Content-Security-Policy (django-csp): scripts only from this site's static files (no inline script, no
# javascript: links, no eval); styles from static files, or an inline <style> carrying the request's nonce
# (printable letters and forms). Nothing from another origin; no framing.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF, NONCE],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}
AUTH_PASSWORD_VALIDATORS = [
    # Django's rules with Chinese messages (Django's zh-hans has no translation for the minimum length)
    {"NAME": "sunshine.accounts.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 8}},
    {"NAME": "sunshine.accounts.password_validation.CommonPasswordValidator"},
    {"NAME": "sunshine.accounts.password_validation.NumericPasswordValidator"},
]

SITE_NAME = env.str("SUNSHINE_SITE_NAME", default="阳光政务")

# `sunshine demo` sets SUNSHINE_QUIET_CONSOLE=1: the tasks and the SMS/e-mail notifications it runs in-process while
# loading the demo data go to DATA_DIR/logs/activity.log, so the console shows the accounts and the URL.
QUIET_CONSOLE = env.bool("SUNSHINE_QUIET_CONSOLE", default=False)
ACTIVITY_LOG = DATA_DIR / "logs" / "activity.log"
if QUIET_CONSOLE:
    ACTIVITY_LOG.parent.mkdir(parents=True, exist_ok=True)
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"quiet_client_errors": {"()": "sunshine.core.logging.QuietClientErrors"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler"},
        # a 403 or 404 is one line, never a traceback (sunshine/core/logging.py)
        "requests": {"class": "logging.StreamHandler", "filters": ["quiet_client_errors"]},
        **({"activity": {"class": "logging.FileHandler", "filename": str(ACTIVITY_LOG), "encoding": "utf-8",
                         "delay": True}} if QUIET_CONSOLE else {}),
    },
    "root": {"handlers": ["console"], "level": env.str("SUNSHINE_LOG_LEVEL", default="INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        "django.request": {"handlers": ["requests"], "propagate": False},
        # django-axes logs every failed login as a warning; they are audit events (account.login_failed) instead.
        "axes": {"level": "ERROR"},
        # only while `sunshine demo` loads: the worker and the server keep Celery's and notify's lines as they were
        **({"sunshine.notify": {"handlers": ["activity"], "propagate": False},
            "celery": {"handlers": ["activity"], "propagate": False}} if QUIET_CONSOLE else {}),
    },
}

# Demo only: the year of generated hotline tickets `sunshine demo` loads (sunshine/hotline/demo_history.py); 0: none.
HOTLINE_DEMO_HISTORY = env.int("SUNSHINE_HOTLINE_DEMO_HISTORY", default=6000)

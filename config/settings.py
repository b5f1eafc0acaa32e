"""Settings, all read from the environment through the typed helpers in ``config.env``.

Without any variable set the project runs locally on SQLite with an embedded
Celery broker (kombu's filesystem transport), so ``make run`` needs no server.
"""

import datetime
import functools
import secrets
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _
from kombu import Queue

from config.env import (
    env_bool,
    env_database,
    env_int,
    env_list,
    env_proxy_ssl_header,
    env_redis_url,
    env_str,
)

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("VAR_DIR", str(BASE_DIR / "var")))

DEBUG = env_bool("DEBUG", default=True)


def _secret_key():
    key = env_str("SECRET_KEY")
    if key:
        if len(key) < 32:
            raise ImproperlyConfigured("SECRET_KEY must be at least 32 characters long")
        if not DEBUG and key.startswith("django-insecure"):
            raise ImproperlyConfigured("SECRET_KEY must be a real secret when DEBUG is off, not a django-insecure key")
        return key
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off")
    # Read when something first signs (Django reads SECRET_KEY lazily), so importing the settings writes nothing.
    return lazy(_local_secret_key, str)()


@functools.cache
def _local_secret_key():
    """A local development key, random per checkout and kept out of the repository."""
    key_file = VAR_DIR / "secret_key"
    if not key_file.exists():
        key_file.parent.mkdir(parents=True, exist_ok=True)
        key_file.write_text(secrets.token_urlsafe(50))
    return key_file.read_text().strip()


SECRET_KEY = _secret_key()
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_bootstrap5",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "pgtrigger",
    "core",
    "audit",
    "accounts",
    "organizations",
    "members",
    "reviews",
    "documents",
    "directives",
    "studies",
    "commitments",
    "notifications",
    "reports",
    "imports",
    "paperwork",
    "operations",
]

MIDDLEWARE = [
    "core.middleware.RequestIdMiddleware",
    "core.middleware.FriendlyNotFoundMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "core.middleware.IgnoreBrowserLanguageMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "core.middleware.RequestSizeLimitMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "accounts.middleware.AuditContextMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "accounts.middleware.IdleSessionTimeoutMiddleware",
    "accounts.middleware.TwoFactorMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

# The audit trail's triggers (audit/triggers.py) are django-pgtrigger triggers registered by the
# apps at start-up, not declared in model Meta: installed after every migrate, on PostgreSQL only.
PGTRIGGER_MODEL_META = False
PGTRIGGER_INSTALL_ON_MIGRATE = True

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

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
                "django.template.context_processors.i18n",
                "accounts.context_processors.navigation",
                "notifications.context_processors.unread_notifications",
            ],
        },
    },
]

# Persistent connections belong to the production server's fixed pool of workers only
# (deploy/gunicorn.conf.py sets CONN_MAX_AGE): the threaded development server would keep
# one per open client connection, so everything else closes its connection after each request.
CONN_MAX_AGE = env_int("CONN_MAX_AGE", 0, minimum=0)
DATABASES = {"default": env_database("DATABASE_URL", BASE_DIR / "db.sqlite3", conn_max_age=CONN_MAX_AGE)}
# Planner cost of a random page read on PostgreSQL, set on each connection (core.planner_stats.tune_planner):
# 1.1 for SSD or a cached database, PostgreSQL's own 4.0 for spinning disks; None keeps the server's value.
PLANNER_RANDOM_PAGE_COST = 1.1
# A read-only replica for the dashboard, reports and exports (core.replica); tests read it through the primary.
_replica = env_database("DATABASE_REPLICA_URL", conn_max_age=CONN_MAX_AGE)
if _replica:
    DATABASES["replica"] = {**_replica, "TEST": {"MIRROR": "default"}}
DATABASE_ROUTERS = ["core.replica.ReplicaRouter"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    # Words every local guesser tries first: the product, the Party's vocabulary, place names, plus digits.
    {"NAME": "accounts.passwords.LocalCommonPasswordValidator"},
]
# Argon2 for new and changed passwords; the others still verify older hashes, which are upgraded at login.
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]
# django-axes first: it refuses a locked-out account or address before the password is even checked.
AUTHENTICATION_BACKENDS = [
    "accounts.backends.LockoutBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Login lockout (django-axes): after LOGIN_FAILURE_LIMIT failures for one account, or from one address, further
# attempts are refused for LOGIN_LOCKOUT_MINUTES, or until city staff unlock them (accounts.views.lockouts).
AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5, minimum=1)
AXES_COOLOFF_TIME = datetime.timedelta(minutes=env_int("LOGIN_LOCKOUT_MINUTES", 30, minimum=1))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "accounts.views.locked_out"
AXES_DISABLE_ACCESS_LOG = True  # the login history is accounts.LoginEvent
AXES_VERBOSE = False
# The client's address (accounts.addresses): REMOTE_ADDR, unless TRUSTED_PROXY_COUNT proxies (nginx) stand in
# front; then the address the outermost trusted proxy saw, counted from the right of X-Forwarded-For. What a client
# writes in that header itself is never taken, so a spoofed header cannot dodge the lockout.
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0, minimum=0, maximum=5)
AXES_CLIENT_IP_CALLABLE = "accounts.addresses.client_address"
# Two-factor sign-in (django-otp: TOTP apps, backup codes). Users holding one of these roles ("superuser" for
# superusers) must enrol a device and give a code at each login; everyone else may enrol. Off by default in
# development and for the demo, on by default in production (deploy/kiemdiem.env.example sets it).
OTP_REQUIRED_ROLES = env_list("OTP_REQUIRED_ROLES", default=[] if DEBUG else ["city_staff", "inspection", "superuser"])
OTP_TOTP_ISSUER = env_str("OTP_TOTP_ISSUER", "Kiem diem")
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Internationalization: Vietnamese first, English second; dd/mm/yyyy in both.
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Vietnamese")), ("en", _("English"))]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
LOCALE_PATHS = [BASE_DIR / "locale"]
FORMAT_MODULE_PATH = ["config.formats"]

STATIC_URL = "static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "static"]
try:
    import xstatic.pkg.bootstrap as _xstatic_bootstrap
except ImportError:  # pragma: no cover - only before the dependencies are installed
    pass
else:
    STATICFILES_DIRS.append(("bootstrap", _xstatic_bootstrap.BASE_DIR))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # In production collectstatic writes hashed names and gzip copies that nginx and WhiteNoise send compressed.
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "core.storage.CompressedManifestStorage"
    },
}
# Uploaded files (evidence, documents) live outside the static root and are only
# served through views that check access.
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(VAR_DIR / "media")))
MEDIA_URL = "/media-not-served/"
# A file over FILE_UPLOAD_MAX_MEMORY_SIZE is spooled to disk, not held in memory; the form fields without the
# files may take DATA_UPLOAD_MAX_MEMORY_SIZE. A file over MAX_UPLOAD_SIZE is refused by the form with a message
# (core.uploads); a whole body over MAX_REQUEST_SIZE (the file, the other fields and the multipart framing; nginx's
# client_max_body_size) is refused before it is read (core.middleware.RequestSizeLimitMiddleware).
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
MAX_UPLOAD_SIZE = env_int("MAX_UPLOAD_SIZE", 10 * 1024 * 1024, minimum=1024)
MAX_REQUEST_SIZE = MAX_UPLOAD_SIZE + 1024 * 1024

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# A message ("Saved.") travels in a signed cookie to the page the action redirects to (the session only when it
# is too long for one): kept in the session, every POST and the page after it each wrote the session row, two
# transactions per save or submission under load. The cookie takes the session cookie's flags (Secure, HttpOnly).
MESSAGE_STORAGE = "django.contrib.messages.storage.fallback.FallbackStorage"

# Security headers. The CSP allows no inline script: every script is a static file.
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", default=not DEBUG)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", default=not DEBUG)
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    }
}

# Email
EMAIL_HOST = env_str("EMAIL_HOST")
EMAIL_PORT = env_int("EMAIL_PORT", 25, minimum=1, maximum=65535)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", default=False)
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 20, minimum=1)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "kiemdiem@localhost")
# Without a mail server, mails (password reset links too) are printed to the log only in development.
if EMAIL_HOST:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
elif DEBUG:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
else:
    EMAIL_BACKEND = "core.emails.UnsentBackend"
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000")

# Redis serves as Celery broker and cache when REDIS_URL is set.
REDIS_URL = env_redis_url("REDIS_URL")
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
    CELERY_BROKER_URL = REDIS_URL
    CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 3600}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    _broker_dir = VAR_DIR / "celery-broker"
    # Every folder of kombu's filesystem transport is named, or it writes into the working directory;
    # config.celery creates them when Celery is first used, so reading the settings writes nothing.
    CELERY_BROKER_URL = "filesystem://"
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_broker_dir),
        "data_folder_out": str(_broker_dir),
        "processed_folder": str(VAR_DIR / "celery-processed"),
        "control_folder": str(VAR_DIR / "celery-control"),
        "store_processed": False,
    }
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_IGNORE_RESULT = True
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")
NOTIFICATIONS_SWEEP_SECONDS = env_int("NOTIFICATIONS_SWEEP_SECONDS", 300, minimum=1)
# A running background job without a heartbeat (a progress report) for this long has lost its worker; the reaper,
# run every JOB_REAPER_SECONDS, runs it again up to JOB_MAX_ATTEMPTS claims in all, then marks it failed.
JOB_STALE_SECONDS = env_int("JOB_STALE_SECONDS", 300, minimum=1)
JOB_REAPER_SECONDS = env_int("JOB_REAPER_SECONDS", 60, minimum=1)
JOB_MAX_ATTEMPTS = env_int("JOB_MAX_ATTEMPTS", 2, minimum=1, maximum=10)
CELERY_BEAT_SCHEDULE = {
    # Each entry expires before its next run, so a backlog never stacks up sweeps.
    "notifications-sweep": {
        "task": "notifications.sweep_reminders",
        "schedule": float(NOTIFICATIONS_SWEEP_SECONDS),
        "options": {"expires": NOTIFICATIONS_SWEEP_SECONDS * 29 / 30},
    },
    # Background jobs (exports, review files) whose worker died are run again or failed (core.jobs.reap_stale).
    "jobs-reaper": {
        "task": "core.reap_stale_jobs",
        "schedule": float(JOB_REAPER_SECONDS),
        "options": {"expires": JOB_REAPER_SECONDS * 29 / 30},
    },
    "notifications-digests": {
        "task": "notifications.build_digests",
        "schedule": float(NOTIFICATIONS_SWEEP_SECONDS),
        "options": {"expires": NOTIFICATIONS_SWEEP_SECONDS * 29 / 30},
    },
}
CELERY_WORKER_HIJACK_ROOT_LOGGER = False


# Reminders (notifications app).
def _digest_time():
    raw = env_str("NOTIFICATIONS_DIGEST_TIME", "07:00")
    try:
        return datetime.time.fromisoformat(raw)
    except ValueError:
        raise ImproperlyConfigured(f"NOTIFICATIONS_DIGEST_TIME must look like 07:00, got {raw!r}") from None


NOTIFICATIONS_DIGEST_TIME = _digest_time()  # local time (TIME_ZONE) after which the daily digest goes out
NOTIFICATIONS_MAX_ATTEMPTS = env_int("NOTIFICATIONS_MAX_ATTEMPTS", 6, minimum=1, maximum=20)
# Seconds after which an email claimed by a worker that died is taken over by another.
NOTIFICATIONS_SENDING_LEASE = env_int("NOTIFICATIONS_SENDING_LEASE", 900, minimum=1)

# One JSON object per line in production (core.logs), with the request id and without personal data.
LOG_JSON = env_bool("LOG_JSON", default=not DEBUG)
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"context": {"()": "core.logs.ContextFilter"}},
    "formatters": {
        "json": {"()": "core.logs.json_formatter"},
        "plain": {"format": "%(levelname)s %(name)s %(message)s"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["context"],
            "formatter": "json" if LOG_JSON else "plain",
        }
    },
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    # PDF rendering (core.pdf) narrates every step and font subset at INFO.
    # The development server's request lines go through the same filter, which drops query strings.
    "loggers": {
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
        # One line per trigger installed after every migrate (audit/triggers.py) says nothing useful.
        "pgtrigger": {"level": "WARNING"},
        "django.server": {"handlers": ["console"], "level": "INFO", "propagate": False},
    },
}

PAGE_SIZE = env_int("PAGE_SIZE", 25, minimum=5, maximum=500)
# A searched or filtered list counts at most this many rows (``core.lists.paginate``'s ``capped``): past it the
# page says "more than" and pages on; counting 94,000 matches of a national search took 450 ms of its 850.
LIST_COUNT_CAP = env_int("LIST_COUNT_CAP", 1000, minimum=10)

# Exports with more rows than this are written by a Celery task instead of in the request.
EXPORT_SYNC_LIMIT = env_int("EXPORT_SYNC_LIMIT", 2000, minimum=0)

# Imports: files larger than this many bytes are checked and written by a Celery task with a progress bar
# (about 2,000 member rows); an import file may be at most IMPORT_MAX_UPLOAD_SIZE bytes (100,000 members fit).
IMPORT_SYNC_LIMIT = env_int("IMPORT_SYNC_LIMIT", 256 * 1024, minimum=0)
IMPORT_MAX_UPLOAD_SIZE = env_int("IMPORT_MAX_UPLOAD_SIZE", 30 * 1024 * 1024, minimum=1024)

# Static files are served by WhiteNoise; in development it reads them straight
# from the finders, so no collectstatic is needed before `make run`.
WHITENOISE_USE_FINDERS = DEBUG
WHITENOISE_AUTOREFRESH = DEBUG

# Running as a service (docs/deploy.md). Behind nginx, which terminates TLS and sets X-Forwarded-Proto.
# SECURE_PROXY_SSL_HEADER names the header and value the proxy sets on HTTPS requests ("X-Forwarded-Proto,https");
# BEHIND_PROXY=1 is the short form for nginx's X-Forwarded-Proto. Only set it behind a proxy that overwrites the
# header: a client could otherwise claim HTTPS on a plain connection.
SECURE_PROXY_SSL_HEADER = env_proxy_ssl_header(
    "SECURE_PROXY_SSL_HEADER",
    default=("HTTP_X_FORWARDED_PROTO", "https") if env_bool("BEHIND_PROXY", not DEBUG) else None,
)
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=not DEBUG)
SECURE_REDIRECT_EXEMPT = [r"^health/$"]  # monitors call the web nodes directly over HTTP
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 31_536_000, minimum=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", default=False)
# Browsers' preload list is for public domains and cannot be left quickly; a committee's
# intranet name opts in only on purpose, so the missing preload flag is not a warning here.
SILENCED_SYSTEM_CHECKS = [] if SECURE_HSTS_PRELOAD else ["security.W021"]
# Sessions end after this many minutes without a request (accounts.middleware), with a message at the next login.
SESSION_IDLE_MINUTES = env_int("SESSION_IDLE_MINUTES", 30, minimum=1)
# Access-checked downloads: an X-Accel-Redirect to nginx's internal location instead of
# streaming the file through a web worker (core.downloads). Only behind nginx.
X_ACCEL_REDIRECT = env_bool("X_ACCEL_REDIRECT", default=False)
BACKUP_DIR = Path(env_str("BACKUP_DIR", str(VAR_DIR / "backups")))
BACKUP_KEEP = env_int("BACKUP_KEEP", 14, minimum=1)
# Each kind of task has its queue, so a worker on another machine can take one kind (docs/deploy.md).
CELERY_TASK_QUEUES = [Queue(name) for name in ("celery", "mail", "exports", "sweep")]
CELERY_TASK_ROUTES = {
    "notifications.send_delivery": {"queue": "mail"},
    "notifications.send_digest": {"queue": "mail"},
    "reports.tasks.run_export": {"queue": "exports"},
    "paperwork.tasks.build_review_file": {"queue": "exports"},
    "imports.tasks.run_import": {"queue": "exports"},
    "notifications.sweep_reminders": {"queue": "sweep"},
    "notifications.build_digests": {"queue": "sweep"},
    "core.reap_stale_jobs": {"queue": "sweep"},
}
# Beat records each tick, which the health check reads (operations.beat).
CELERY_BEAT_SCHEDULER = "operations.beat:HeartbeatScheduler"

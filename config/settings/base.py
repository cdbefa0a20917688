"""Settings shared by every environment. Deploy-time values come from the environment
(see .env.example); dev/test/prod modules only adjust what differs."""

from pathlib import Path
from urllib.parse import urlsplit

import environ
from celery.schedules import crontab
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

SECRET_KEY = env("SECRET_KEY", default=None)
DEBUG = env.bool("DEBUG", default=False)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.gis",
    "django.contrib.postgres",
    "django.contrib.sitemaps",
    "leaflet",
    "rest_framework",
    "rest_framework_gis",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "simple_history",
    "axes",
    "apps.core",
    "apps.accounts",
    "apps.companies",
    "apps.press",
    "apps.sites",
    "apps.collectives",
    "apps.stories",
    "apps.reference",
    "apps.atlas",
    "apps.api",
    "apps.feeds",
    "apps.contributions",
    "apps.alerts",
    "apps.intake",
    "apps.demodata",
    "apps.tiles",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "apps.core.routers.ReplicaRoutingMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "apps.core.middleware.GZipMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "apps.core.middleware.LocaleMiddleware",
    "apps.core.middleware.LanguageParameterMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # django-leaflet's admin widget reads the nonce as request.csp_nonce.
    "apps.core.middleware.CspNonceAliasMiddleware",
    # Records which user made each change in the versioned history (django-simple-history).
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes requires: turns a lockout into its response.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# postgis://user:password@host:port/name ; a unix socket folder goes URL-encoded in the host.
DATABASES = {"default": env.db_url("DATABASE_URL", default="postgis://hubwatch@127.0.0.1:5432/hubwatch")}
DATABASES["default"]["ENGINE"] = "django.contrib.gis.db.backends.postgis"
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
# A streaming replica for read-only API traffic (apps/core/routers.py, docs/SCALING.md).
if env("DATABASE_REPLICA_URL", default=""):
    DATABASES["replica"] = env.db_url("DATABASE_REPLICA_URL")
    DATABASES["replica"].update(
        ENGINE="django.contrib.gis.db.backends.postgis",
        CONN_MAX_AGE=DATABASES["default"]["CONN_MAX_AGE"],
        CONN_HEALTH_CHECKS=True,
        TEST={"MIRROR": "default"},
    )
DATABASE_ROUTERS = ["apps.core.routers.PrimaryReplicaRouter"]
DATABASE_REPLICA_PATHS = env.list("DATABASE_REPLICA_PATHS", default=["/api/", "/map/", "/tiles/", "/feeds/"])
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
# django-axes first: it refuses a login attempt once too many have failed, before any password check.
AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend", "django.contrib.auth.backends.ModelBackend"]
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = env.float("AXES_COOLOFF_HOURS", default=1.0)  # hours
# Lock the (username, address) pair: a guesser is stopped without letting anyone lock others out.
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_RESET_ON_SUCCESS = True
# Its start-up banner on every command is noise; lockouts are still logged.
AXES_VERBOSE = False
AXES_CLIENT_IP_CALLABLE = "apps.accounts.client_ip.client_ip"
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "contributions:dashboard"
LOGOUT_REDIRECT_URL = "map"
PASSWORD_RESET_TIMEOUT = 60 * 60 * 24  # one day
INVITATION_MAX_AGE = 60 * 60 * 24 * 7  # an invitation link works for a week, once
# Reverts go through apps.accounts.records (version check, trigger-owned status left alone), not
# through django-simple-history's admin form.
SIMPLE_HISTORY_REVERT_DISABLED = True
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("fr", _("French"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(env("STATIC_ROOT", default=str(BASE_DIR / "var" / "static")))
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# Redis: broker for Celery. REDIS_URL=redis://host:port/db
REDIS_URL = env("REDIS_URL", default="redis://127.0.0.1:6379/0")
CELERY_BROKER_URL = env("CELERY_BROKER_URL", default=REDIS_URL)
CELERY_RESULT_BACKEND = None
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# Short socket timeouts: with Redis away, a hand-over attempt fails in about a second instead
# of holding a request (the outbox keeps the work; see apps/core/outbox.py).
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 3600, "socket_connect_timeout": 2, "socket_timeout": 5}
CELERY_BROKER_CONNECTION_TIMEOUT = 2
CELERY_TIMEZONE = TIME_ZONE
# Work handed to the broker this long ago and never reported done is handed over again (a message
# lost with a Redis that crashed); the tasks are idempotent (apps/core/outbox.py).
OUTBOX_STALE_SECONDS = env.float("OUTBOX_STALE_SECONDS", default=900)
# Backups (apps/core/backups.py): where the nightly dumps go, when (HH:MM, local time of
# TIME_ZONE), and after how many hours without a good one /healthz says "degraded".
BACKUP_DIR = Path(env("BACKUP_DIR", default=str(BASE_DIR / "var" / "backups")))
BACKUP_TIME = tuple(int(part) for part in env("BACKUP_TIME", default="03:30").split(":", 1))
BACKUP_MAX_AGE_HOURS = env.float("BACKUP_MAX_AGE_HOURS", default=48)
CELERY_BEAT_SCHEDULE = {
    # Hand the outbox to Celery; after a broker outage this drains what waited.
    "alerts-dispatch-outbox": {"task": "alerts.dispatch_outbox", "schedule": env.float("OUTBOX_DISPATCH_SECONDS", 30)},
    # Digests whose task was lost (a Redis restarted without persistence) still go out.
    "alerts-send-due-digests": {
        "task": "alerts.send_due_digests",
        "schedule": env.float("ALERTS_DUE_DIGESTS_SECONDS", 300),
    },
    # Poll the registered feeds that are due (each feed has its own interval and backoff).
    "intake-poll-due-feeds": {"task": "intake.poll_due_feeds", "schedule": 300.0},
    # The nightly pg_dump into BACKUP_DIR, verified and rotated (apps/core/backups.py).
    "core-nightly-backup": {
        "task": "core.nightly_backup",
        "schedule": crontab(hour=BACKUP_TIME[0], minute=BACKUP_TIME[1]),
    },
    # Check the sources' links that are due (each about once a week; apps/intake/links.py).
    "intake-check-links": {"task": "intake.check_links", "schedule": 3600.0},
}
# The link checker: seconds between two requests to one host, and its per-request limits.
LINK_CHECK_HOST_INTERVAL = env.float("LINK_CHECK_HOST_INTERVAL", 5.0)
LINK_CHECK_TIMEOUT = env.float("LINK_CHECK_TIMEOUT", 10.0)

# Public base URL of the site, for links in e-mails (which are read outside the site).
SITE_URL = env("SITE_URL", default="http://127.0.0.1:8000")
# Events published within this many seconds of each other reach a subscriber as one digest.
ALERTS_BATCH_SECONDS = env.float("ALERTS_BATCH_SECONDS", 60)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="Hubwatch <alerts@hubwatch.invalid>")


def smtp_mailers() -> dict:
    """Mail through the SMTP server of EMAIL_HOST (production; `make run` when EMAIL_HOST is set)."""
    return {
        "default": {
            "BACKEND": env("EMAIL_BACKEND", default="django.core.mail.backends.smtp.EmailBackend"),
            "OPTIONS": {
                "host": env("EMAIL_HOST", default="localhost"),
                "port": env.int("EMAIL_PORT", default=25),
                "username": env("EMAIL_HOST_USER", default=""),
                "password": env("EMAIL_HOST_PASSWORD", default=""),
                "use_tls": env.bool("EMAIL_USE_TLS", default=False),
            },
        }
    }


# Maps: tiles are a setting so a blocked network or a self-hosted tile server can be used.
MAP_TILES_URL = env("MAP_TILES_URL", default="https://tile.openstreetmap.org/{z}/{x}/{y}.png")
MAP_TILES_ATTRIBUTION = env(
    "MAP_TILES_ATTRIBUTION",
    default='&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> contributors',
)
LEAFLET_CONFIG = {
    "DEFAULT_CENTER": (48.5, 3.5),
    "DEFAULT_ZOOM": 5,
    "MIN_ZOOM": 3,
    "MAX_ZOOM": 18,
    "TILES": [(_("Map"), MAP_TILES_URL, {"attribution": MAP_TILES_ATTRIBUTION, "maxZoom": 19})],
    # With hashed static names Leaflet guesses its image path wrong: give it explicitly.
    "FORCE_IMAGE_PATH": STATIC_URL + "leaflet/images/",
    "RESET_VIEW": False,
}

# Content-Security-Policy: no inline script, only our own origin (tiles are images from the
# configured tile host).
from django.utils.csp import CSP  # noqa: E402


def _tile_origin(url: str) -> str:
    parts = urlsplit(url.replace("{s}", "*"))
    return f"{parts.scheme}://{parts.netloc}" if parts.netloc else CSP.SELF


SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF, CSP.UNSAFE_INLINE],
    # The tile server's origin, taken from MAP_TILES_URL unless MAP_TILES_HOST says otherwise
    # (e.g. "https://*.tile.example.org" for a URL with a {s} subdomain).
    "img-src": [CSP.SELF, "data:", env("MAP_TILES_HOST", default="") or _tile_origin(MAP_TILES_URL)],
    "connect-src": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
}

DATA_LICENCE = "ODbL-1.0"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
}

# gis.W001: Debian 12 ships GDAL 3.6, which cannot block file/network access from spatial
# reference strings. Hubwatch never hands user-supplied SRS definitions or files to GDAL
# (geometries come from the admin map widget as GeoJSON in SRID 4326), so the risk it warns
# about does not arise here. Revisit when the base image has GDAL >= 3.9.
SILENCED_SYSTEM_CHECKS = ["gis.W001"]

# Cache (Redis db 1; Celery uses db 0): bodies and fragments of public data, keyed by the
# release and the data version (apps/core/http.py). Only an accelerator: reads work without it.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": env("CACHE_URL", default=REDIS_URL.rsplit("/", 1)[0] + "/1"),
        # A Redis that is down is given up on at once, not waited for.
        "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 1},
    }
}
# How long a kept body stays in Redis (a new data version or release makes it unreachable anyway).
CACHE_SECONDS = env.int("CACHE_SECONDS", default=3600)
# How long a shared cache in front (nginx, a CDN) may serve public data before revalidating it.
SHARED_CACHE_SECONDS = env.int("SHARED_CACHE_SECONDS", default=10)
# Names the code that shapes responses, in cache keys and ETags; default: a hash of the sources.
RELEASE = env("RELEASE", default="")
# The version people see (make run prints it, /healthz reports it): `git describe --always --dirty`.
VERSION = env("HUBWATCH_VERSION", default="")
# Above this many sites the map draws server-side clusters of its view instead of holding every
# site in the browser (static/js/map.js, /api/sites/clusters/).
MAP_DYNAMIC_ABOVE = env.int("MAP_DYNAMIC_ABOVE", default=25000)

# The open data API (apps/api): anonymous read-only, JSON, one error shape naming the parameter.
REST_FRAMEWORK = {
    "DEFAULT_RENDERER_CLASSES": ["apps.api.renderers.UTF8JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_AUTHENTICATION_CLASSES": ["rest_framework.authentication.SessionAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticatedOrReadOnly"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "apps.api.errors.exception_handler",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Hubwatch open data API",
    "DESCRIPTION": (
        "Contested logistics sites (warehouses, sorting and air-cargo hubs) in France and Belgium, "
        "their sourced timelines, the collectives opposing them and the press. Read-only, no key.\n\n"
        "Data licence: Open Database License (ODbL) 1.0 "
        "(https://opendatacommons.org/licenses/odbl/1-0/); every export carries it with a "
        "how-to-cite line giving the snapshot date and the permalink of the view.\n\n"
        "`/api/sites/?bbox={bbox}` works as a uMap remote data layer (dynamic): uMap's {bbox} is "
        "west,south,east,north = minLon,minLat,maxLon,maxLat."
    ),
    "VERSION": "1.0.0",
    "LICENSE": {"name": "Data: ODbL-1.0", "url": "https://opendatacommons.org/licenses/odbl/1-0/"},
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.AllowAny"],
    "SCHEMA_PATH_PREFIX": "/api/",
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "ENUM_NAME_OVERRIDES": {
        "DatePrecisionEnum": "apps.core.dates.DatePrecision",
        "StatusEnum": "apps.sites.models.vocabulary.Status",
        "FacilityKindEnum": "apps.sites.models.vocabulary.FacilityKind",
        "EventKindEnum": "apps.sites.models.vocabulary.EventKind",
        "SourceKindEnum": "apps.press.models.SourceKind",
        "CompanyKindEnum": "apps.companies.models.CompanyKind",
    },
}

"""One settings module, driven by environment variables, whose defaults run with no set-up.

Every setting a deployment may change is read here through `env_str`, `env_bool`, `env_int` or
`env_secret` (which also reads `<NAME>_FILE`); docs/deployment.md lists them all.
"""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url
from csp.constants import NONCE
from django.core.exceptions import ImproperlyConfigured

from safer.lib.maps import csp_with_tiles

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("SAFER_VAR_DIR", BASE_DIR / "var"))


def env_str(name: str, default: str) -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    if value.lower() in {"1", "true", "yes", "on"}:
        return True
    if value.lower() in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {value!r}")


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}")


def env_secret(name: str, default: str) -> str:
    """A secret from NAME, or from the file named by NAME_FILE (for Docker and systemd secrets)."""
    path = os.environ.get(f"{name}_FILE")
    if path:
        return Path(path).read_text().strip()
    return os.environ.get(name, default)


DEBUG = env_bool("DEBUG", False)
DEMO_SECRET_KEY = "demo-only-secret-key-change-me-in-production-0123456789"
SECRET_KEY = env_secret("SECRET_KEY", DEMO_SECRET_KEY)
ALLOWED_HOSTS = env_str("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(",")
# The published demo key signs sessions and links anyone could forge: it may serve only a site that
# answers to this machine's own names (the demo, the tests), or a DEBUG one.
LOCAL_HOSTS = {"127.0.0.1", "localhost", "testserver", "::1", "[::1]"}
if SECRET_KEY == DEMO_SECRET_KEY and not DEBUG and not set(ALLOWED_HOSTS) <= LOCAL_HOSTS:
    raise ImproperlyConfigured(
        "SECRET_KEY is the published demo key. Set SECRET_KEY (or SECRET_KEY_FILE) to a long random "
        "secret before serving any host but this machine."
    )
CSRF_TRUSTED_ORIGINS = [o for o in env_str("CSRF_TRUSTED_ORIGINS", "").split(",") if o]
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000")
# Reverse proxies (CIDRs) whose X-Forwarded-For is believed: safer.lib.ratelimit.client_ip.
TRUSTED_PROXIES = [p.strip() for p in env_str("TRUSTED_PROXIES", "").split(",") if p.strip()]

# The force this deployment serves: its police.uk id. Everything force-specific is data, not code.
FORCE_ID = env_str("FORCE_ID", "west-mercia")
# `safer fetch-policeuk` (safer/crime/fetch.py): the monthly data.police.uk archive, where partial
# downloads wait to be resumed, and how long to wait for the server.
POLICEUK_ARCHIVE_URL = env_str("POLICEUK_ARCHIVE_URL", "https://data.police.uk/data/archive/latest.zip")
POLICEUK_DOWNLOAD_DIR = Path(env_str("POLICEUK_DOWNLOAD_DIR", str(VAR_DIR / "policeuk")))
POLICEUK_TIMEOUT_SECONDS = env_int("POLICEUK_TIMEOUT_SECONDS", 60)
# Duty status from the rostering system (safer/teams/rostering.py, docs/duty-feed.md): a CSV or
# JSON feed's URL or file path, imported every DUTY_FEED_MINUTES by the schedule; empty: none.
DUTY_FEED_URL = env_str("DUTY_FEED_URL", "")
# The schedule asks for the archive daily only where this is on (never in the offline demo).
POLICEUK_FETCH_SCHEDULED = env_bool("POLICEUK_FETCH_SCHEDULED", False)

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "axes",
    "django_tasks",
    "django_tasks_db",
    "safer.places",
    "safer.accounts",
    "safer.teams",
    "safer.alerts",
    "safer.contact",
    "safer.engagement",
    "safer.crime",
    "safer.victims",
    "safer.partners",
    "safer.problems",
    "safer.community",
    "safer.volunteers",
    "safer.charter",
    "safer.schedule",
    "safer.policeuk",
    "safer.web",
    "safer.demo",
    "safer.today",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # The police.uk leaky bucket on /api/: early, so a client over the limit costs no further work.
    "safer.policeuk.ratelimit.RateLimitMiddleware",
    # After CSP and clickjacking (their headers still apply), before sessions and sign-in: a stored
    # public page is answered here, and its Vary loses the session's "Cookie".
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "safer.lib.page_cache.PublicPageMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # django-otp's, which also counts a two-factor sign-in at the force's identity provider.
    "safer.accounts.middleware.TwoFactorMiddleware",
    "safer.accounts.middleware.StaffSessionTimeoutMiddleware",
    "safer.accounts.middleware.ForceSignInRecheckMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "safer.urls"
WSGI_APPLICATION = "safer.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "safer" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "csp.context_processors.nonce",
                "safer.web.context.site",
                "safer.today.context.counts",
            ],
            # Times, postcodes and names are written one way everywhere (safer/lib/formats.py).
            "builtins": ["safer.lib.formats"],
        },
    },
]

VAR_DIR.mkdir(parents=True, exist_ok=True)
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'safer.sqlite3'}"), conn_max_age=60
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the web process read while the worker writes; IMMEDIATE avoids upgrade deadlocks.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=10000;",
        "transaction_mode": "IMMEDIATE",
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0
# PgBouncer (or another pooler) in transaction mode between Django and PostgreSQL: a transaction may
# run on a different server connection from the last, so no cursor may outlive its transaction
# (QuerySet.iterator() opens a server-side cursor). Persistent connections (CONN_MAX_AGE) are to
# the pooler and stay; Django's psycopg 3 cursors bind parameters client-side, so no prepared
# statements either.
DATABASE_TRANSACTION_POOLING = env_bool("DATABASE_TRANSACTION_POOLING", False)
if DATABASE_TRANSACTION_POOLING:
    DATABASES["default"]["DISABLE_SERVER_SIDE_CURSORS"] = True
# A PostgreSQL read replica for anonymous public pages (safer/lib/replica.py); off unless set.
DATABASE_REPLICA_URL = env_str("DATABASE_REPLICA_URL", "")
# Paths whose anonymous GET/HEAD requests read from the replica when there is one.
REPLICA_READ_PATHS = ["/neighbourhoods/", "/api/"]
if DATABASE_REPLICA_URL:
    DATABASES["replica"] = dj_database_url.parse(DATABASE_REPLICA_URL, conn_max_age=60)
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
    DATABASES["replica"]["DISABLE_SERVER_SIDE_CURSORS"] = DATABASE_TRANSACTION_POOLING
    DATABASE_ROUTERS = ["safer.lib.replica.ReplicaRouter"]
    MIDDLEWARE.insert(
        MIDDLEWARE.index("safer.lib.page_cache.PublicPageMiddleware"),
        "safer.lib.replica.ReplicaReadsMiddleware",
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env_str("REDIS_URL", "")
if REDIS_URL and os.environ.get("PYTEST_XDIST_WORKER", "").startswith("gw"):
    # Each parallel test worker gets its own Redis database: a test's cache.clear() is FLUSHDB.
    _base, _, _db = REDIS_URL.rpartition("/")
    _worker = int(os.environ["PYTEST_XDIST_WORKER"][2:])
    REDIS_URL = f"{_base}/{(int(_db or 0) + _worker) % 16}"
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

TASKS = {
    "default": {
        "BACKEND": env_str("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
        "QUEUES": ["default", "alerts"],
    }
}

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    # The force's own sign-in (OpenID Connect); answers only the provider's callback.
    "safer.accounts.oidc.ForceIdentityBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
LOGIN_URL = "accounts:sign-in"
# The first page after sign-in: what needs this person today (safer/today).
LOGIN_REDIRECT_URL = "today:today"

AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = env_int("AXES_COOLOFF_MINUTES", 30) / 60
# Lock out by account, not by address: staff share office and custody-suite IP addresses, and an
# attacker rotating addresses must not get fresh guesses at one account. Axes warns about this
# choice (W006: IP-based locking is off); it is deliberate.
AXES_LOCKOUT_PARAMETERS = ["username"]
SILENCED_SYSTEM_CHECKS = ["axes.W006"]
# Reset only when both factors pass (accounts.lockout.clear_failures), so wrong codes count too.
AXES_RESET_ON_SUCCESS = False
# Axes log lines name the account by a one-way tag, never the username (no personal data in logs).
AXES_VERBOSE = False
AXES_CLIENT_STR_CALLABLE = "safer.accounts.lockout.client_str"
AXES_CLIENT_IP_CALLABLE = "safer.lib.ratelimit.client_ip_or_none"
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_LOCKOUT_CALLABLE = "safer.accounts.views.signin.axes_lockout_response"
OTP_TOTP_ISSUER = env_str("OTP_TOTP_ISSUER", "Safer Neighbourhoods")

# The force's own sign-in through its identity provider (OpenID Connect, authorisation code with
# PKCE; safer/accounts/oidc.py, docs/deployment.md). Off until OIDC_RP_CLIENT_ID is set.
OIDC_RP_CLIENT_ID = env_str("OIDC_RP_CLIENT_ID", "")
OIDC_RP_CLIENT_SECRET = env_secret("OIDC_RP_CLIENT_SECRET", "")
OIDC_OP_AUTHORIZATION_ENDPOINT = env_str("OIDC_OP_AUTHORIZATION_ENDPOINT", "")
OIDC_OP_TOKEN_ENDPOINT = env_str("OIDC_OP_TOKEN_ENDPOINT", "")
OIDC_OP_USER_ENDPOINT = env_str("OIDC_OP_USER_ENDPOINT", "")
OIDC_OP_JWKS_ENDPOINT = env_str("OIDC_OP_JWKS_ENDPOINT", "")
OIDC_OP_LOGOUT_ENDPOINT = env_str("OIDC_OP_LOGOUT_ENDPOINT", "")  # the provider's end_session_endpoint
OIDC_RP_SIGN_ALGO = env_str("OIDC_RP_SIGN_ALGO", "RS256")
OIDC_RP_SCOPES = env_str("OIDC_RP_SCOPES", "openid email profile")
OIDC_USE_PKCE = True
OIDC_PKCE_CODE_CHALLENGE_METHOD = "S256"
OIDC_STORE_ID_TOKEN = True  # kept in the session only as the id_token_hint for signing out
OIDC_TIMEOUT = env_int("OIDC_TIMEOUT_SECONDS", 10)
# How often a session begun at the provider is checked with it again (silently, prompt=none).
OIDC_RENEW_ID_TOKEN_EXPIRY_SECONDS = env_int("OIDC_RECHECK_MINUTES", 15) * 60
OIDC_AUTHENTICATION_CALLBACK_URL = "accounts:force-callback"
LOGIN_REDIRECT_URL_FAILURE = "accounts:force-refused"
# The claim that lists the person's groups or roles (Entra ID: "groups" or "roles"), and what each
# group gives: JSON {"group": {"role": "pcso", "neighbourhoods": ["slug", ...]} | {"role": "sergeant",
# "areas": ["slug"]} | {"role": "analyst", "scope": "force"}}, from OIDC_ROLE_MAP or OIDC_ROLE_MAP_FILE.
OIDC_GROUPS_CLAIM = env_str("OIDC_GROUPS_CLAIM", "groups")
OIDC_ROLE_MAP = env_secret("OIDC_ROLE_MAP", "{}")
# The provider's sign-in counts as two-factor when its ID token's amr names one of these methods
# (RFC 8176) or its acr is one of OIDC_MFA_ACR; OIDC_TRUST_PROVIDER_MFA says the provider enforces
# a second factor for this application itself (e.g. an Entra ID Conditional Access policy).
OIDC_MFA_AMR = [v for v in env_str("OIDC_MFA_AMR", "mfa,otp,hwk,swk,sc,fpt,face").split(",") if v]
OIDC_MFA_ACR = [v for v in env_str("OIDC_MFA_ACR", "").split(",") if v]
OIDC_TRUST_PROVIDER_MFA = env_bool("OIDC_TRUST_PROVIDER_MFA", False)
OIDC_SIGN_IN_LABEL = env_str("OIDC_SIGN_IN_LABEL", "Sign in with your force account")

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", False)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
# A staff session ends STAFF_SESSION_HOURS after sign-in, or after STAFF_IDLE_MINUTES without a
# request, whichever is first (safer.accounts.middleware.StaffSessionTimeoutMiddleware).
STAFF_SESSION_HOURS = env_int("STAFF_SESSION_HOURS", 12)
# How long an administrator's set-up link for a new authenticator app stays usable.
ENROLMENT_LINK_HOURS = env_int("ENROLMENT_LINK_HOURS", 72)
STAFF_IDLE_MINUTES = env_int("STAFF_IDLE_MINUTES", 30)
SESSION_COOKIE_AGE = STAFF_SESSION_HOURS * 3600
# HTTPS in production: behind the proxy that terminates TLS (docs/deployment.md). The defaults follow
# SECURE_COOKIES, which a site served over HTTPS sets; the demo on http://127.0.0.1 keeps them off.
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", SESSION_COOKIE_SECURE)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31_536_000 if SESSION_COOKIE_SECURE else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", False)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
# Believe the proxy's X-Forwarded-Proto only when a proxy sets it (and strips it from clients).
SECURE_PROXY_SSL_HEADER = (
    ("HTTP_X_FORWARDED_PROTO", "https")
    if env_bool("TRUST_X_FORWARDED_PROTO", SESSION_COOKIE_SECURE)
    else None
)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        # NONCE is django-csp's sentinel, replaced per response by 'nonce-...' (a "'nonce'" string is not).
        "script-src": ["'self'", NONCE],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}

if OIDC_OP_LOGOUT_ENDPOINT:
    # Signing out (a form) ends at the identity provider's end_session_endpoint: allow its origin.
    from urllib.parse import urlsplit

    _logout = urlsplit(OIDC_OP_LOGOUT_ENDPOINT)
    _directives: dict[str, list[str]] = CONTENT_SECURITY_POLICY["DIRECTIVES"]  # type: ignore[assignment]
    _directives["form-action"].append(f"{_logout.scheme}://{_logout.netloc}")
# Street maps (safer/lib/maps.py, static/maps/maps.js): a tile URL template such as
# https://tile.openstreetmap.org/{z}/{x}/{y}.png, the Ordnance Survey Maps API's
# https://api.os.uk/maps/raster/v1/zxy/Light_3857/{z}/{x}/{y}.png?key=…, or the force's own server.
# Empty (the default, and the offline demo): the server-drawn SVG maps only.
MAP_TILES_URL = env_str("MAP_TILES_URL", "")
MAP_TILES_ATTRIBUTION = env_str("MAP_TILES_ATTRIBUTION", "")
MAP_TILES_MAX_ZOOM = env_int("MAP_TILES_MAX_ZOOM", 19)
CONTENT_SECURITY_POLICY = csp_with_tiles(CONTENT_SECURITY_POLICY, MAP_TILES_URL)

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = False
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(VAR_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "safer" / "static"]
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(VAR_DIR / "media")))
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

EMAIL_URL = env_str("EMAIL_URL", "outbox://")
SMS_URL = env_str("SMS_URL", "outbox://")
VOICE_URL = env_str("VOICE_URL", "outbox://")
# send_now (safer/lib/sending.py): single transactional messages, stored and retried with backoff
# (30 s doubling to an hour) until sent or SEND_NOW_MAX_ATTEMPTS tries (about 8 hours) have failed.
SEND_NOW_QUEUE = "safer.alerts.outgoing.queue"
SEND_NOW_MAX_ATTEMPTS = env_int("SEND_NOW_MAX_ATTEMPTS", 14)
# Confirmation codes, links and manage links one email address or phone number may be sent in a day,
# whoever asks (safer/lib/recipients.py): a stranger cannot make us mail or text someone repeatedly.
CONFIRMATIONS_PER_ADDRESS_PER_DAY = env_int("CONFIRMATIONS_PER_ADDRESS_PER_DAY", 3)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Neighbourhood Matters <alerts@example.police.uk>")

# Neighbourhood Matters alerts (safer/alerts/README.md explains each).
ALERTS_RETENTION_DAYS = env_int("ALERTS_RETENTION_DAYS", 7)  # addresses kept on delivery rows
ALERTS_UNCONFIRMED_DAYS = env_int("ALERTS_UNCONFIRMED_DAYS", 7)  # registrations never confirmed are deleted
ALERTS_APPROVAL_THRESHOLD = env_int("ALERTS_APPROVAL_THRESHOLD", 2000)  # reach needing a supervisor
# Community (issue 11): a coordinator's message to their scheme waits for a sergeant's approval
# when this is on; off, it follows ALERTS_APPROVAL_THRESHOLD like staff messages.
COMMUNITY_COORDINATOR_APPROVAL = env_bool("COMMUNITY_COORDINATOR_APPROVAL", True)
# Community Speed Watch: letters at or above limit + PERCENT % + EXTRA mph (35 in a 30), sent
# within LETTER_DAYS of the session; sessions SESSION_HOURS long at most, between the hours given.
COMMUNITY_CSW_THRESHOLD_PERCENT = env_int("COMMUNITY_CSW_THRESHOLD_PERCENT", 10)
COMMUNITY_CSW_THRESHOLD_EXTRA_MPH = env_int("COMMUNITY_CSW_THRESHOLD_EXTRA_MPH", 2)
COMMUNITY_CSW_LETTER_DAYS = env_int("COMMUNITY_CSW_LETTER_DAYS", 15)
ALERTS_MANAGE_LINK_DAYS = env_int("ALERTS_MANAGE_LINK_DAYS", 30)
ALERTS_UNSUBSCRIBE_LINK_DAYS = env_int("ALERTS_UNSUBSCRIBE_LINK_DAYS", 365)
ALERTS_CONFIRM_LINK_DAYS = env_int("ALERTS_CONFIRM_LINK_DAYS", 3)
# A worker's claim on a batch lasts ALERTS_LEASE_SECONDS after its last heartbeat (renewed every
# ALERTS_HEARTBEAT_SECONDS, at most a third of the lease, while it sends): a dead worker's rows are
# taken again that long after it died.
ALERTS_LEASE_SECONDS = env_int("ALERTS_LEASE_SECONDS", 30)
ALERTS_HEARTBEAT_SECONDS = env_int("ALERTS_HEARTBEAT_SECONDS", 10)
ALERTS_MAX_ATTEMPTS = env_int("ALERTS_MAX_ATTEMPTS", 10)
ALERTS_RETRY_BASE_SECONDS = env_int("ALERTS_RETRY_BASE_SECONDS", 30)
ALERTS_RETRY_MAX_SECONDS = env_int("ALERTS_RETRY_MAX_SECONDS", 3600)
ALERTS_PERMANENT_FAILURES_LIMIT = env_int("ALERTS_PERMANENT_FAILURES_LIMIT", 3)
ALERTS_DIGEST_HOUR = env_int("ALERTS_DIGEST_HOUR", 7)
ALERTS_SIGNUPS_PER_HOUR = env_int("ALERTS_SIGNUPS_PER_HOUR", 10)  # per IP address
ALERTS_BATCH_SIZE = env_int("ALERTS_BATCH_SIZE", 500)
# A message reaching subscriber ids further apart than this is queued in slices of this many ids
# (safer/alerts/fanout.py): committed at once, expanded into delivery rows while sending starts.
ALERTS_FANOUT_SLICE = env_int("ALERTS_FANOUT_SLICE", 20_000)
if ALERTS_FANOUT_SLICE < 1:
    raise ImproperlyConfigured("ALERTS_FANOUT_SLICE must be at least 1")

# Contact your team (safer/contact/README.md).
CONTACT_REPLY_HOURS = env_int("CONTACT_REPLY_HOURS", 72)  # the Neighbourhood Policing Guarantee's 72 hours
CONTACT_MESSAGES_PER_HOUR = env_int("CONTACT_MESSAGES_PER_HOUR", 5)  # per IP address
CONTACT_CONFIRM_HOURS = env_int("CONTACT_CONFIRM_HOURS", 24)
CONTACT_RETENTION_DAYS = env_int("CONTACT_RETENTION_DAYS", 365)
# Hours a month a special constable is expected to give (set locally, not by statute).
SPECIALS_MONTHLY_MINIMUM_HOURS = env_int("SPECIALS_MONTHLY_MINIMUM_HOURS", 16)
# Ride-along applications one address may send in an hour.
RIDE_ALONG_APPLICATIONS_PER_HOUR = env_int("RIDE_ALONG_APPLICATIONS_PER_HOUR", 5)

# Victims (safer/victims/README.md). The commissioned victim service referrals go to (West Mercia's
# Victim Advice Line, or a successor): its name, secure email and public details are configuration.
VICTIMS_SUPPORT_SERVICE = {
    "name": env_str("VICTIMS_SERVICE_NAME", "Victim Advice Line"),
    "email": env_str("VICTIMS_SERVICE_EMAIL", "referrals@victim-advice-line.example.cjsm.net"),
    "telephone": env_str("VICTIMS_SERVICE_TELEPHONE", "01632 960001"),
    "website": env_str("VICTIMS_SERVICE_WEBSITE", "https://victim-advice-line.example.org.uk/"),
    "address": env_str("VICTIMS_SERVICE_ADDRESS", "Victim Advice Line, PO Box 000, Worcester"),
}
# Where safeguarding and early-help referrals go (secure email); empty turns that kind off.
VICTIMS_SAFEGUARDING_EMAIL = env_str("VICTIMS_SAFEGUARDING_EMAIL", "safeguarding-hub@example.gov.uk")
VICTIMS_EARLY_HELP_EMAIL = env_str("VICTIMS_EARLY_HELP_EMAIL", "early-help@example.gov.uk")
# Working days (England and Wales bank holidays) each Victims' Code clock allows.
VICTIMS_DUE_WORKING_DAYS = {
    "confirmation": 1,
    "assessment": 1,
    "referral": 2,
    "decision": 5,
    "decision_enhanced": 1,
    "vps": 5,
}
# Working days after a repeat incident (the day it happened not counted) by which the repeat
# victim is to be contacted when no victim record holds a contact agreement for them; "enhanced"
# when their record's current needs assessment puts them under Enhanced Rights (victims/README.md).
VICTIMS_REPEAT_CONTACT_WORKING_DAYS = {
    "standard": env_int("VICTIMS_REPEAT_CONTACT_WORKING_DAYS", 2),
    "enhanced": env_int("VICTIMS_REPEAT_CONTACT_WORKING_DAYS_ENHANCED", 1),
}
# Repeat victim: more than one recorded crime or ASB incident within this many days.
VICTIMS_REPEAT_WINDOW_DAYS = env_int("VICTIMS_REPEAT_WINDOW_DAYS", 365)
VICTIMS_REPEAT_MIN_INCIDENTS = env_int("VICTIMS_REPEAT_MIN_INCIDENTS", 2)
# Incident categories (words in the category) that need explicit consent before referral, and that
# place a record in MoPI group 2 by default.
VICTIMS_EXPLICIT_CONSENT_WORDS = ["sexual", "rape", "domestic"]
VICTIMS_GROUP_2_WORDS = ["violen", "sexual", "rape", "domestic", "robbery", "weapon"]
# Years after the latest incident until the retention review, per MoPI group (PIRM 2023 keeps them).
VICTIMS_RETENTION_YEARS = {"group-1": 10, "group-2": 10, "group-3": 6, "group-4": 6}
# An analyst's recorded purpose lasts at most this many days.
VICTIMS_PURPOSE_MAX_DAYS = env_int("VICTIMS_PURPOSE_MAX_DAYS", 30)

# Engagement (safer/engagement/README.md): how far ahead events must be advertised, and when
# correspondence reminders go out before a reply is due.
ENGAGEMENT_ADVERTISE_DAYS = env_int("ENGAGEMENT_ADVERTISE_DAYS", 7)
ENGAGEMENT_REMINDER_DAYS = env_int("ENGAGEMENT_REMINDER_DAYS", 2)
# Information-sharing agreements: their owner and the parties' primary contacts are reminded this
# many days before an agreement's review (or end) date, after which sharing under it stops.
PARTNERS_AGREEMENT_REMINDER_DAYS = env_int("PARTNERS_AGREEMENT_REMINDER_DAYS", 30)
# Answers one survey takes from one browser (cookie) and from one address in a day, and what the
# staff results page flags: this many answers from one address within this many minutes.
SURVEY_RESPONSES_PER_BROWSER = env_int("SURVEY_RESPONSES_PER_BROWSER", 1)
SURVEY_RESPONSES_PER_ADDRESS_PER_DAY = env_int("SURVEY_RESPONSES_PER_ADDRESS_PER_DAY", 5)
SURVEY_BURST_RESPONSES = env_int("SURVEY_BURST_RESPONSES", 3)
SURVEY_BURST_MINUTES = env_int("SURVEY_BURST_MINUTES", 10)

# The charter scorecard (safer/charter/README.md).
SCORECARD_CACHE_SECONDS = env_int("SCORECARD_CACHE_SECONDS", 300)
# Survey measures: fewer answers than this and the scorecard says "too few answers" (issue 14);
# weighting by age and sex needs at least SURVEY_MIN_PER_GROUP answers in every group.
# How many months of scorecard history the demo stores (each month computes every promise for the
# force and each area; the tests keep two so the demo builds quickly).
DEMO_SCORECARD_MONTHS = env_int("DEMO_SCORECARD_MONTHS", 12)
SURVEY_MIN_ANSWERS = env_int("SURVEY_MIN_ANSWERS", 30)
SURVEY_MIN_COUNCIL_ANSWERS = env_int("SURVEY_MIN_COUNCIL_ANSWERS", 5)
SURVEY_MIN_PER_GROUP = env_int("SURVEY_MIN_PER_GROUP", 5)
CHARTER_DIRS = [d for d in env_str("CHARTER_DIRS", "").split(",") if d]  # extra charter YAML folders

# The police.uk API's leaky bucket: 15 requests a second on average, bursts of up to 30.
POLICEUK_RATE_PER_SECOND = env_int("POLICEUK_RATE_PER_SECOND", 15)
POLICEUK_BURST = env_int("POLICEUK_BURST", 30)
# Behind a reverse proxy, the header that carries the client address (its rightmost entry is used).

# "Today" (safer/today): one tap on "Go on duty" sets on duty for this many hours (1 to 24).
TODAY_SHIFT_HOURS = env_int("TODAY_SHIFT_HOURS", 8)
if not 1 <= TODAY_SHIFT_HOURS <= 24:
    raise ImproperlyConfigured("TODAY_SHIFT_HOURS must be between 1 and 24")

# What a public body must publish (/accessibility/ and /privacy/, safer/web/notices.py): where to
# write about accessibility problems and about personal data, and the accessibility statement's dates.
ACCESSIBILITY_EMAIL = env_str("ACCESSIBILITY_EMAIL", "")
DATA_PROTECTION_EMAIL = env_str("DATA_PROTECTION_EMAIL", "")
ACCESSIBILITY_STATEMENT_PREPARED = env_str("ACCESSIBILITY_STATEMENT_PREPARED", "2026-12-07")
ACCESSIBILITY_STATEMENT_REVIEWED = env_str("ACCESSIBILITY_STATEMENT_REVIEWED", "2026-12-07")

# Contact details not verified for this many days are flagged as stale.
DETAILS_STALE_AFTER_DAYS = env_int("DETAILS_STALE_AFTER_DAYS", 90)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "filters": {"redact_tokens": {"()": "safer.log_redaction.RedactTokens"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": "plain", "filters": ["redact_tokens"]}
    },
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {
        "axes": {"level": "WARNING"},
        # Refused requests (403/404) are in the access log; don't also write a traceback for each.
        "django.request": {"level": "ERROR"},
    },
}

"""Settings of the example salon: a host site that plugs loyalty_promos in.

The database comes from ``DATABASE_URL`` (SQLite file by default).
"""

import os
from pathlib import Path

import dj_database_url
import django

BASE_DIR = Path(__file__).resolve().parent

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "example-project-not-secret")
DEBUG = os.environ.get("DJANGO_DEBUG", "1") == "1"
ALLOWED_HOSTS = ["localhost", "127.0.0.1", "[::1]"]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "simple_history",
    "import_export",
    "django_filters",
    "rest_framework",  # the JSON API at /api/loyalty/ (the `rest` extra)
    "example_project.salon",
    "loyalty_promos",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
]

ROOT_URLCONF = "example_project.urls"

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

WSGI_APPLICATION = "example_project.wsgi.application"

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=0,
    )
}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

LANGUAGE_CODE = os.environ.get("DJANGO_LANGUAGE_CODE", "en")
LANGUAGES = [("en", "English"), ("fr", "Français"), ("ro", "Română")]
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True
# Django's own lists group thousands the way loyalty_promos pages do (1 736,00 in French).
USE_THOUSAND_SEPARATOR = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
MEDIA_URL = "media/"
MEDIA_ROOT = BASE_DIR / "media"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    # Background export files (customers' names, amounts): private, outside MEDIA_ROOT,
    # never published by the web server; the admin streams them to their owner.
    "loyalty_promos_exports": {
        "BACKEND": "loyalty_promos.models.exports.PrivateFileSystemStorage",
        "OPTIONS": {"location": BASE_DIR / "private" / "exports"},
    },
}

# Django 6.1 replaced EMAIL_BACKEND (deprecated, removed in Django 2028) by MAILERS.
if django.VERSION >= (6, 1):
    MAILERS = {"default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}}
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
DEFAULT_FROM_EMAIL = "Salon Lumière <bonjour@salon-lumiere.example>"

# Customers log in on the salon's public side (staff use the admin's own login page).
LOGIN_URL = "salon:login"
LOGIN_REDIRECT_URL = "salon:book"

# --- loyalty_promos --------------------------------------------------------
# The salon's own models; bookings for people without a login are the norm.
LOYALTY_PROMOS_CUSTOMER_MODEL = "salon.Customer"
LOYALTY_PROMOS_SERVICE_MODEL = "salon.Service"
LOYALTY_PROMOS_STAFF_MODEL = "salon.Staff"
LOYALTY_PROMOS_BOOKING_MODEL = "salon.Appointment"
LOYALTY_PROMOS = {
    "BOOKING_ADAPTER": "example_project.salon.adapter.SalonAdapter",
    "CURRENCY": "EUR",
    # The customer pages (/loyalty/) inside the salon's own header and look.
    "PORTAL_BASE_TEMPLATE": "salon/site.html",
    # The demo's shop pays at once (no provider here); a real site names its
    # provider's backend, or keeps the default: pay at the desk.
    "PAYMENT_BACKEND": (
        "loyalty_promos.payments.backends.TestBackend"
        if DEBUG
        else "loyalty_promos.payments.backends.DeskBackend"
    ),
    "SHOP_GIFT_CARD_AMOUNTS": ["25", "50"],
}

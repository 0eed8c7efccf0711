"""A second host, unlike the example salon, to prove our schema does not depend on the host.

* customer = the user model (LOYALTY_PROMOS_CUSTOMER_MODEL left out),
* differently named service, staff and booking models (``spa`` app),
* a booking whose date and times live apart on a related ``Slot``,
* host settings that would change our schema if we let them:
  ``DEFAULT_AUTO_FIELD`` and django-simple-history's ``SIMPLE_HISTORY_*``.
"""

import os

import dj_database_url

SECRET_KEY = "other-host-not-secret"
DEBUG = False
USE_TZ = True
TIME_ZONE = "Europe/Bucharest"
LANGUAGE_CODE = "ro"

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "simple_history",
    "loyalty_promos",
    "tests.projects.other_host.spa",
]
MIDDLEWARE = [
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
]
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ]
        },
    }
]
ROOT_URLCONF = "tests.projects.other_host.urls"
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("OTHER_HOST_DATABASE_URL", "sqlite:///:memory:")
    )
}

DEFAULT_AUTO_FIELD = "django.db.models.AutoField"
SIMPLE_HISTORY_HISTORY_ID_USE_UUID = True
SIMPLE_HISTORY_HISTORY_CHANGE_REASON_USE_TEXT_FIELD = True
SIMPLE_HISTORY_DATE_INDEX = "composite"

LOYALTY_PROMOS_SERVICE_MODEL = "spa.Treatment"
LOYALTY_PROMOS_STAFF_MODEL = "spa.Therapist"
LOYALTY_PROMOS_BOOKING_MODEL = "spa.Reservation"
LOYALTY_PROMOS = {
    "BOOKING_ADAPTER": "tests.projects.other_host.spa.adapter.SpaAdapter",
    "CURRENCY": "RON",
}

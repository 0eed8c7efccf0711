"""A third host, a yoga and dance studio, for the host contract suite.

Nothing like the example salon (``tests/test_host_contract.py`` runs under both):

* the customer is the studio's ``Member``, not the user model;
* the booking (``Enrolment``) keeps its date and times on a related ``Session``;
* no staff model of its own: ``LOYALTY_PROMOS_STAFF_MODEL`` is the user model
  (whoever teaches has a login), and the adapter names nobody;
* drop-ins: enrolments without a member;
* upper-case states ("BOOKED", "ATTENDED", "CANCELLED");
* the server runs in UTC, the business in Bucharest, and charges in RON.

Run: ``DJANGO_SETTINGS_MODULE=tests.projects.studio.settings pytest tests/test_host_contract.py``
(``python3 dev.py test`` does it after the main suite).
"""

import os

import dj_database_url

SECRET_KEY = "studio-not-secret"
DEBUG = False
ALLOWED_HOSTS = ["testserver", "localhost"]
USE_TZ = True
TIME_ZONE = "UTC"
USE_I18N = True
LANGUAGE_CODE = "en"

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
    "tests.projects.studio.studio",
    "loyalty_promos",
]
MIDDLEWARE = [
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
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
ROOT_URLCONF = "tests.projects.studio.urls"
STATIC_URL = "static/"
DATABASES = {"default": dj_database_url.parse(os.environ.get("DATABASE_URL", "sqlite:///:memory:"))}
DEFAULT_AUTO_FIELD = "django.db.models.AutoField"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"

LOYALTY_PROMOS_CUSTOMER_MODEL = "studio.Member"
LOYALTY_PROMOS_SERVICE_MODEL = "studio.Course"
LOYALTY_PROMOS_STAFF_MODEL = "auth.User"  # no staff model: teachers are users
LOYALTY_PROMOS_BOOKING_MODEL = "studio.Enrolment"
LOYALTY_PROMOS = {
    "BOOKING_ADAPTER": "tests.projects.studio.studio.adapter.StudioAdapter",
    "CURRENCY": "RON",
    "TIME_ZONE": "Europe/Bucharest",
}

"""The customer-facing URLs: ``path("loyalty/", include("loyalty_promos.urls"))``."""

from django.urls import include, path

app_name = "loyalty_promos"

urlpatterns = [
    path("", include("loyalty_promos.portal.urls")),
]

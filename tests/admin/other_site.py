"""A URLconf with a second admin site, named otherwise, holding every admin of admin.site.

Host projects may register our ModelAdmins on their own AdminSite: every
link and redirect must then stay on that site (``current_app``).
"""

from django.contrib import admin
from django.urls import include, path

from loyalty_promos.admin import group_navigation

other_site = admin.AdminSite(name="otheradmin")
for model, model_admin in admin.site._registry.items():  # test-only copy of the registrations
    other_site.register(model, type(model_admin))
group_navigation(other_site)

urlpatterns = [
    path("admin/", admin.site.urls),
    path("back-office/", other_site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
]

from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView

urlpatterns = [
    path("", RedirectView.as_view(url="/admin/", permanent=False)),
    path("admin/", admin.site.urls),
    path("loyalty/", include("loyalty_promos.urls")),  # the customers' pages
    path("api/loyalty/", include("loyalty_promos.rest.urls")),  # the JSON API (`rest` extra)
    path("", include("example_project.salon.urls")),  # the salon's public side: log in, book
    path("i18n/", include("django.conf.urls.i18n")),  # the admin's language choice
]

admin.site.site_header = "Salon Lumière"
admin.site.site_title = "Salon Lumière"

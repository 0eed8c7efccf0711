from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("loyalty/", include("loyalty_promos.urls")),  # the customer side, as the guide says
]

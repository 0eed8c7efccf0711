from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SalonConfig(AppConfig):
    name = "example_project.salon"
    label = "salon"
    verbose_name = _("Salon")
    default_auto_field = "django.db.models.BigAutoField"

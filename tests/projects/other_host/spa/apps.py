from django.apps import AppConfig


class SpaConfig(AppConfig):
    name = "tests.projects.other_host.spa"
    label = "spa"
    # Pinned so the app's migrations are the same under both test settings.
    default_auto_field = "django.db.models.AutoField"

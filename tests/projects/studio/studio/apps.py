from django.apps import AppConfig


class StudioConfig(AppConfig):
    name = "tests.projects.studio.studio"
    label = "studio"
    # Pinned so the app's migrations do not depend on DEFAULT_AUTO_FIELD.
    default_auto_field = "django.db.models.BigAutoField"

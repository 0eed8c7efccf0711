from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LoyaltyPromosConfig(AppConfig):
    name = "loyalty_promos"
    label = "loyalty_promos"
    verbose_name = _("Promotions and loyalty")
    # Pinned: a host's DEFAULT_AUTO_FIELD must never change our schema.
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from loyalty_promos import checks, receivers  # noqa: F401  (checks register themselves)

        receivers.connect()

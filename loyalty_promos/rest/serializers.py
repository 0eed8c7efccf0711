"""What the JSON API returns: plain values, money as strings with the currency's places.

Labels (``kind_display``) are translated into the request's language; amounts
are machine-readable (``"12.50"``), never localised, so a client formats them
itself.
"""

from rest_framework import serializers

from loyalty_promos.models import (
    CreditEntry,
    CreditPack,
    CustomerPackage,
    GiftCard,
    GiftCardEntry,
    PackagePlan,
    PointsEntry,
    Purchase,
    Reward,
)
from loyalty_promos.portal.shop import validity_text

MONEY = {"max_digits": 12, "decimal_places": 2, "read_only": True}


class PointsEntrySerializer(serializers.ModelSerializer):
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)

    class Meta:
        model = PointsEntry
        fields = [
            "id", "created_at", "kind", "kind_display", "points", "balance_after",
            "description", "expires_at",
        ]  # fmt: skip
        read_only_fields = fields


class RewardSerializer(serializers.ModelSerializer):
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)
    value = serializers.DecimalField(**MONEY)

    class Meta:
        model = Reward
        fields = [
            "id", "name", "description", "kind", "kind_display", "points_cost", "value",
            "valid_days",
        ]  # fmt: skip
        read_only_fields = fields


class GiftCardEntrySerializer(serializers.ModelSerializer):
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)
    amount = serializers.DecimalField(**MONEY)
    balance_after = serializers.DecimalField(**MONEY)

    class Meta:
        model = GiftCardEntry
        fields = ["created_at", "kind", "kind_display", "amount", "balance_after", "description"]
        read_only_fields = fields


class GiftCardSerializer(serializers.ModelSerializer):
    initial_value = serializers.DecimalField(**MONEY)
    balance = serializers.DecimalField(**MONEY)
    entries = GiftCardEntrySerializer(many=True, read_only=True)

    class Meta:
        model = GiftCard
        fields = ["id", "code", "initial_value", "balance", "expires_at", "created_at", "entries"]
        read_only_fields = fields


class CustomerPackageSerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="plan.name", read_only=True)
    kind = serializers.CharField(source="plan.kind", read_only=True)
    kind_display = serializers.CharField(source="plan.get_kind_display", read_only=True)
    credit_left = serializers.DecimalField(allow_null=True, **MONEY)

    class Meta:
        model = CustomerPackage
        fields = [
            "id", "name", "kind", "kind_display", "starts_at", "expires_at", "visits_left",
            "credit_left", "is_active",
        ]  # fmt: skip
        read_only_fields = fields


class CreditEntrySerializer(serializers.ModelSerializer):
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)
    amount = serializers.DecimalField(**MONEY)
    balance_after = serializers.DecimalField(**MONEY)

    class Meta:
        model = CreditEntry
        fields = [
            "id",
            "created_at",
            "kind",
            "kind_display",
            "amount",
            "balance_after",
            "description",
        ]
        read_only_fields = fields


class PlanForSaleSerializer(serializers.ModelSerializer):
    item = serializers.SerializerMethodField()
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)
    price = serializers.DecimalField(**MONEY)
    credit = serializers.DecimalField(allow_null=True, **MONEY)
    validity = serializers.SerializerMethodField()
    services = serializers.SerializerMethodField()

    class Meta:
        model = PackagePlan
        fields = [
            "item", "name", "description", "kind", "kind_display", "price", "visits", "credit",
            "validity", "services",
        ]  # fmt: skip
        read_only_fields = fields

    def get_item(self, plan: PackagePlan) -> str:
        return f"plan:{plan.pk}"

    def get_validity(self, plan: PackagePlan) -> str:
        return validity_text(plan)

    def get_services(self, plan: PackagePlan) -> list[str]:
        """The services it covers by name; empty: every service."""
        return [str(service) for service in plan.services.all()]


class CreditPackForSaleSerializer(serializers.ModelSerializer):
    item = serializers.SerializerMethodField()
    price = serializers.DecimalField(**MONEY)
    value = serializers.DecimalField(**MONEY)

    class Meta:
        model = CreditPack
        fields = ["item", "name", "price", "value"]
        read_only_fields = fields

    def get_item(self, pack: CreditPack) -> str:
        return f"pack:{pack.pk}"


class PurchaseSerializer(serializers.ModelSerializer):
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    price = serializers.DecimalField(**MONEY)

    class Meta:
        model = Purchase
        fields = [
            "reference", "kind", "kind_display", "description", "price", "currency", "status",
            "status_display", "created_at", "paid_at",
        ]  # fmt: skip
        read_only_fields = fields

"""The JSON API's views: the logged-in customer's own data, and the actions on it.

Every queryset starts from ``request.customer`` (set by :class:`IsCustomer`),
so an id in a URL can only ever name one of that customer's rows; another
customer's id is a 404, as on the customer pages. Writes call the public API,
whose errors come back as 400 with their stable ``code`` and translated
message.
"""

from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from django.utils import timezone
from rest_framework import generics, status
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response
from rest_framework.views import APIView

from loyalty_promos import api
from loyalty_promos.conf import app_settings
from loyalty_promos.models import (
    CreditEntry,
    CustomerPackage,
    GiftCard,
    GiftCardEntry,
    PointsEntry,
    Reward,
)
from loyalty_promos.rest import serializers
from loyalty_promos.rest.permissions import IsCustomer


class Pages(PageNumberPagination):
    page_size = 25
    page_size_query_param = "page_size"
    max_page_size = 100


def error_response(error: ValidationError, http_status: int = status.HTTP_400_BAD_REQUEST):
    """A service's refusal as JSON: its stable code and its message in the request's language."""
    return Response(
        {"code": getattr(error, "code", None) or "invalid", "detail": " ".join(error.messages)},
        status=http_status,
    )


class CustomerView(APIView):
    permission_classes = [IsCustomer]


class CustomerListView(generics.ListAPIView):
    permission_classes = [IsCustomer]
    pagination_class = Pages


class Me(CustomerView):
    """The customer's balances at a glance."""

    def get(self, request):
        customer = request.customer
        return Response(
            {
                "currency": app_settings.CURRENCY,
                "points": api.points_balance(customer),
                "credits": str(api.credit_balance(customer)),
                "packages": CustomerPackage.objects.usable(customer, timezone.now()).count(),
                "gift_cards": GiftCard.objects.filter(
                    owner=customer, is_active=True, balance__gt=0
                ).count(),
            }
        )


class PointsHistory(CustomerListView):
    """Every earn, spend, expiry and adjustment, newest first."""

    serializer_class = serializers.PointsEntrySerializer

    def get_queryset(self):
        return PointsEntry.objects.filter(customer=self.request.customer)


class Rewards(CustomerListView):
    """The rewards catalogue, each saying whether the customer can afford it now."""

    serializer_class = serializers.RewardSerializer
    pagination_class = None

    def get_queryset(self):
        return Reward.objects.filter(is_active=True).order_by("points_cost", "name")

    def get_serializer_context(self):
        points = api.points_balance(self.request.customer)
        return {**super().get_serializer_context(), "points": points}


class RedeemReward(CustomerView):
    """Spend points on a reward; answers with the code or gift card it gave."""

    def post(self, request, pk):
        reward = get_object_or_404(Reward, pk=pk, is_active=True)
        try:
            redemption = api.redeem_reward(request.customer, reward, user=request.user)
        except ValidationError as error:
            return error_response(error)
        card = redemption.gift_card
        return Response(
            {
                "reward": reward.name,
                "points_spent": reward.points_cost,
                "points": api.points_balance(request.customer),
                "code": redemption.coupon.codes.get().code if redemption.coupon else None,
                "gift_card": serializers.GiftCardSerializer(card).data if card else None,
            },
            status=status.HTTP_201_CREATED,
        )


class GiftCards(CustomerListView):
    """The customer's gift cards with their history."""

    serializer_class = serializers.GiftCardSerializer

    def get_queryset(self):
        entries = GiftCardEntry.objects.order_by("-created_at", "-pk")
        return GiftCard.objects.filter(owner=self.request.customer).prefetch_related(
            Prefetch("entries", queryset=entries)
        )


class Packages(CustomerListView):
    """The customer's packages: kind, visits or credit left, expiry."""

    serializer_class = serializers.CustomerPackageSerializer

    def get_queryset(self):
        return CustomerPackage.objects.filter(customer=self.request.customer).select_related("plan")


class Credits(CustomerListView):
    """The customer's credit entries, newest first (the balance is on ``me/``)."""

    serializer_class = serializers.CreditEntrySerializer

    def get_queryset(self):
        return CreditEntry.objects.filter(customer=self.request.customer)

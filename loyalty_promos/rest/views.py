"""The JSON API's views: the logged-in customer's own data, and the actions on it.

Every queryset starts from ``request.customer`` (set by :class:`IsCustomer`),
so an id in a URL can only ever name one of that customer's rows; another
customer's id is a 404, as on the customer pages. Writes call the public API,
whose errors come back as 400 with their stable ``code`` and translated
message.
"""

from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404
from rest_framework import generics, status
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response
from rest_framework.views import APIView

from loyalty_promos import api
from loyalty_promos.conf import app_settings
from loyalty_promos.exceptions import LoyaltyPromosError
from loyalty_promos.models import Purchase
from loyalty_promos.payments.backends import purchase_url, start_payment
from loyalty_promos.portal.quote import quote_answer
from loyalty_promos.portal.shop import BuyForm
from loyalty_promos.rest import serializers
from loyalty_promos.rest.permissions import IsCustomer
from loyalty_promos.services import portal, purchases
from loyalty_promos.services.money import round_money


class Pages(PageNumberPagination):
    page_size = 25
    page_size_query_param = "page_size"
    max_page_size = 100


def error_response(
    error: ValidationError,
    http_status: int = status.HTTP_400_BAD_REQUEST,
    *,
    detail: str | None = None,
):
    """A service's refusal as JSON: its stable code and its message in the request's language
    (``detail`` when the customer reads it in other words than the service's)."""
    return Response(
        {
            "code": getattr(error, "code", None) or "invalid",
            "detail": " ".join(error.messages) if detail is None else detail,
        },
        status=http_status,
    )


class CustomerView(APIView):
    permission_classes = [IsCustomer]


class CustomerListView(generics.ListAPIView):
    permission_classes = [IsCustomer]
    pagination_class = Pages


class Me(CustomerView):
    """The customer's balances at a glance, with points still to come and coming expiries."""

    def get(self, request):
        customer = request.customer
        held = portal.balances(customer)
        points = portal.points_summary(customer)
        return Response(
            {
                "currency": app_settings.CURRENCY,
                "points": held.points,
                "pending_points": points.pending,
                "expiring": [{"date": e.day, "points": e.points} for e in points.expiries],
                "credits": str(round_money(held.credit)),
                "packages": held.packages,
                "gift_cards": held.gift_cards,
                "gift_card_balance": str(round_money(held.gift_card_balance)),
            }
        )


class PointsHistory(CustomerListView):
    """Every earn, spend, expiry and adjustment, newest first."""

    serializer_class = serializers.PointsEntrySerializer

    def get_queryset(self):
        return portal.points_history(self.request.customer)


class Rewards(CustomerListView):
    """The rewards catalogue, each saying whether the customer can afford it now."""

    serializer_class = serializers.RewardSerializer
    pagination_class = None

    def list(self, request, *args, **kwargs):
        catalogue = portal.catalogue(request.customer)
        data = [
            {**self.get_serializer(o.reward).data, "affordable": o.affordable, "missing": o.missing}
            for o in catalogue.offers
        ]
        return Response(data)


class RedeemReward(CustomerView):
    """Spend points on a reward; answers with the code or gift card it gave (e-mailed too)."""

    def post(self, request, pk):
        reward = get_object_or_404(portal.rewards(request.customer), pk=pk)
        try:
            redemption = portal.redeem(request.customer, reward, user=request.user)
        except LoyaltyPromosError as error:
            return error_response(error, detail=portal.refusal_text(error, reward))
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
        return portal.gift_cards(self.request.customer)


class Packages(CustomerListView):
    """The customer's packages: kind, visits or credit left, expiry."""

    serializer_class = serializers.CustomerPackageSerializer

    def get_queryset(self):
        return portal.packages(self.request.customer)


class Credits(CustomerListView):
    """The customer's credit entries, newest first (the balance is on ``me/``)."""

    serializer_class = serializers.CreditEntrySerializer

    def get_queryset(self):
        return portal.credit_history(self.request.customer)


class Quote(CustomerView):
    """The price of a booking the customer is making, step by step (nothing is written).

    The same parameters, answer and throttle as the ``loyalty_promos:quote``
    endpoint of the booking form.
    """

    def get(self, request):
        answer, body, headers = quote_answer(request, request.customer, request.query_params)
        return Response(body, status=answer, headers=headers)


class Shop(APIView):
    """What is on sale online; anyone may read it (buying needs a customer)."""

    permission_classes: list = []

    def get(self, request):
        return Response(
            {
                "currency": app_settings.CURRENCY,
                "packages": serializers.PlanForSaleSerializer(
                    purchases.plans_for_sale(), many=True
                ).data,
                "credit_packs": serializers.CreditPackForSaleSerializer(
                    purchases.credit_packs_for_sale(), many=True
                ).data,
                "gift_cards": [
                    {"item": f"gift:{offer.amount}", "amount": str(offer.amount)}
                    for offer in purchases.gift_cards_for_sale()
                ],
            }
        )


class Purchases(CustomerListView):
    """GET: the customer's purchases, newest first. POST ``{"item": "plan:3"}``: buy it
    (with ``"price": "200.00"``, the price shown: a price changed since is refused).

    Buying starts the purchase through the payment backend and answers 201
    with the purchase and ``payment_url``: where to send the customer to pay
    (the backend's redirect), or null when nothing is left to do there (paid
    at once, or to pay at the desk). Nothing is given until it is paid.
    """

    serializer_class = serializers.PurchaseSerializer

    def get_queryset(self):
        return Purchase.objects.of(self.request.customer).order_by("-created_at", "-pk")

    def post(self, request):
        # A JSON body that is no object (a list, a string, null) has no item.
        form = BuyForm(request.data if isinstance(request.data, dict) else {})
        if not form.is_valid():
            refused = form.errors.as_data()
            # Whatever is wrong with the item (missing, unknown, not sold): not on sale.
            code = "not_on_sale" if "item" in refused else refused["price"][0].code
            return Response(
                {
                    "code": code or "invalid",
                    "detail": " ".join(m for errors in form.errors.values() for m in errors),
                },
                status=status.HTTP_400_BAD_REQUEST,
            )
        try:
            purchase = purchases.start_purchase(
                request.customer, form.cleaned_data["item"], price=form.cleaned_data["price"]
            )
            started = start_payment(request._request, purchase)
        except ValidationError as error:
            unavailable = getattr(error, "code", None) == "payment_unavailable"
            return error_response(
                error,
                status.HTTP_503_SERVICE_UNAVAILABLE if unavailable else status.HTTP_400_BAD_REQUEST,
            )
        purchase.refresh_from_db()
        target = started.get("Location") if 300 <= started.status_code < 400 else None
        own_page = purchase_url(purchase)
        return Response(
            {
                **serializers.PurchaseSerializer(purchase).data,
                "payment_url": None if target in (None, own_page) else target,
            },
            status=status.HTTP_201_CREATED,
        )


class PurchaseDetail(CustomerView):
    """One of the customer's purchases by its reference (another's is a 404)."""

    def get(self, request, reference):
        purchase = get_object_or_404(Purchase.objects.of(request.customer), reference=reference)
        return Response(serializers.PurchaseSerializer(purchase).data)

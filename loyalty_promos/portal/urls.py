"""URLs of the customer pages (namespaced ``loyalty_promos:`` by ``loyalty_promos.urls``)."""

from django.urls import path

from loyalty_promos.portal import shop, views
from loyalty_promos.portal.quote import QuoteView

urlpatterns: list = [
    # My loyalty (points, rewards, gift cards, packages, credits) --------------------------
    path("", views.OverviewView.as_view(), name="overview"),
    path("rewards/", views.RewardsView.as_view(), name="rewards"),
    path("rewards/<int:pk>/redeem/", views.RedeemRewardView.as_view(), name="redeem_reward"),
    path("gift-cards/", views.GiftCardsView.as_view(), name="gift_cards"),
    path("packages/", views.PackagesView.as_view(), name="packages"),
    path("credits/", views.CreditsView.as_view(), name="credits"),
    # Shop and online purchases ------------------------------------------------------------
    path("shop/", shop.ShopView.as_view(), name="shop"),
    path("shop/buy/", shop.BuyView.as_view(), name="buy"),
    # A reference is token_urlsafe text: the slug alphabet (anything else is a 404, never
    # a query: PostgreSQL refuses a NUL byte).
    path("purchases/<slug:reference>/", shop.PurchaseView.as_view(), name="purchase"),
    # In the host's booking form: the live price (JSON) ------------------------------------
    path("quote/", QuoteView.as_view(), name="quote"),
]

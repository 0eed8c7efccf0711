"""``path("api/loyalty/", include("loyalty_promos.rest.urls"))`` (needs the ``rest`` extra)."""

from django.urls import path

from loyalty_promos.rest import views

app_name = "loyalty_promos_rest"

urlpatterns = [
    path("me/", views.Me.as_view(), name="me"),
    path("points/", views.PointsHistory.as_view(), name="points"),
    path("rewards/", views.Rewards.as_view(), name="rewards"),
    path("rewards/<int:pk>/redeem/", views.RedeemReward.as_view(), name="redeem"),
    path("gift-cards/", views.GiftCards.as_view(), name="gift-cards"),
    path("packages/", views.Packages.as_view(), name="packages"),
    path("credits/", views.Credits.as_view(), name="credits"),
    path("quote/", views.Quote.as_view(), name="quote"),
    path("shop/", views.Shop.as_view(), name="shop"),
    path("purchases/", views.Purchases.as_view(), name="purchases"),
    path("purchases/<slug:reference>/", views.PurchaseDetail.as_view(), name="purchase"),
]

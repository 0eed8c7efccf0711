"""URLs of the customer pages (namespaced ``loyalty_promos:`` by ``loyalty_promos.urls``)."""

from django.urls import path

from loyalty_promos.portal import shop

urlpatterns: list = [
    # Shop and online purchases (#14 item 3)
    path("shop/", shop.ShopView.as_view(), name="shop"),
    path("shop/buy/", shop.BuyView.as_view(), name="buy"),
    path("purchases/<str:reference>/", shop.PurchaseView.as_view(), name="purchase"),
]

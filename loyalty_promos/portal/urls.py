"""URLs of the customer pages (namespaced ``loyalty_promos:`` by ``loyalty_promos.urls``)."""

from django.urls import path

from loyalty_promos.portal.quote import QuoteView

urlpatterns: list = [
    # In the host's booking form: the live price (JSON).
    path("quote/", QuoteView.as_view(), name="quote"),
]

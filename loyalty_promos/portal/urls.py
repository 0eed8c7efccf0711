"""URLs of the customer pages (namespaced ``loyalty_promos:`` by ``loyalty_promos.urls``)."""

urlpatterns: list = []

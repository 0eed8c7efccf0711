"""A customer with a login, as the salon links them (``Customer.user``)."""

import pytest
from django.core.cache import cache

from tests import factories


@pytest.fixture(autouse=True)
def fresh_throttle():
    """Throttling counts in the cache: every test starts with none counted."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def customer_user(customer):
    user = factories.UserFactory(username="camille")
    customer.user = user
    customer.save(update_fields=["user"])
    return user


@pytest.fixture
def customer_client(client, customer_user):
    client.force_login(customer_user)
    return client

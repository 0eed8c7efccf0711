"""Template tags for a host's own pages: ``{% load loyalty_promos %}``.

``{% points_badge %}``, ``{% loyalty_summary %}`` and ``{% reward_available %}``
show the logged-in user's own balances (nothing at all for anonymous users
and users who are not customers); they read the ``request`` context
processor's request, else the ``auth`` one's ``user``. Each is a fixed
number of queries, and the customer is asked of the adapter once per request
however many tags a page has.
"""

from django import template

from loyalty_promos import integration
from loyalty_promos.portal.views import request_customer
from loyalty_promos.services import portal

register = template.Library()


def _customer(context):
    """The customer of the page's request; without the ``request`` context processor,
    of its ``user`` (the ``auth`` one), rather than nothing at all."""
    request = context.get("request")
    if request is not None:
        return request_customer(request)
    return integration.customer_for_user(context.get("user"))


@register.inclusion_tag("loyalty_promos/portal/tags/points_badge.html", takes_context=True)
def points_badge(context):
    """The customer's points, linking to "My loyalty". Two queries (one once per request)."""
    customer = _customer(context)
    if customer is None:
        return {"customer": None}
    return {"customer": customer, "points": portal.points_balance(customer)}


@register.inclusion_tag("loyalty_promos/portal/tags/summary.html", takes_context=True)
def loyalty_summary(context):
    """Points, credit, packages and gift cards of the customer, each linking to its page."""
    customer = _customer(context)
    if customer is None:
        return {"customer": None}
    return {"customer": customer, "balances": portal.balances(customer)}


@register.inclusion_tag("loyalty_promos/portal/tags/reward_available.html", takes_context=True)
def reward_available(context):
    """ "You have a reward available", linking to the rewards, when one is affordable."""
    customer = _customer(context)
    available = customer is not None and portal.reward_available(customer)
    return {"customer": customer, "available": available}


@register.filter
def money(amount):
    """``{{ amount|money }}``: ``40,00 €`` in French, ``40.00 €`` in English."""
    return portal.money(amount)


@register.filter
def money_signed(amount):
    """An amount with its sign: ``+10.00 €``, ``-4.50 €``."""
    text = portal.money(amount)
    return f"+{text}" if amount is not None and amount > 0 else text


@register.filter
def reward_value(reward):
    return portal.reward_value(reward)


@register.filter
def package_left(package):
    return portal.package_left(package)


@register.filter
def package_status(package):
    return portal.package_status(package)


@register.filter
def gift_card_status(card):
    return portal.gift_card_status(card)

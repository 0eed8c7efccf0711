"""Template tags of our admin pages."""

from django import template

from loyalty_promos.admin.overview import overview_context

register = template.Library()


@register.inclusion_tag("admin/loyalty_promos/includes/overview.html", takes_context=True)
def loyalty_promos_overview(context):
    """The overview (``admin/overview.py``) for the user of the page's request."""
    request = context["request"]
    return {"request": request, "perms": context.get("perms"), **overview_context(request)}


@register.filter
def lp_one(value):
    """``value`` as a one-item list (to include ``admin/app_list.html`` for one group)."""
    return [value]

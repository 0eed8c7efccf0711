"""Widgets and small pieces of markup shared by our admin pages and forms."""

from __future__ import annotations

from django import forms
from django.contrib.admin import widgets
from django.utils.html import format_html
from django.utils.translation import gettext as _

from loyalty_promos.admin.sites import registered_admin
from loyalty_promos.models import CustomerDiscount, Redemption


def label_date_parts(field: forms.Field) -> None:
    """Name the date and the time inputs of a split date-time field for screen readers.

    Django's admin widget shows "Date:" and "Time:" as plain text and, since
    Django 4.0, ties the field's label to neither input.
    """
    widget = field.widget
    if isinstance(widget, widgets.AdminSplitDateTime):
        date, time = widget.widgets
        date.attrs["aria-label"] = _("%(field)s: date") % {"field": field.label}
        time.attrs["aria-label"] = _("%(field)s: time") % {"field": field.label}


def use_widget(form_field, widget) -> None:
    """Give a choice field another widget after construction (choices included)."""
    widget.choices = form_field.choices
    form_field.widget = widget


def customer_choice(form_field, admin_site, *, multiple=False) -> None:
    """A choice among all the host's customers, by search when the host's admin allows it."""
    field = CustomerDiscount._meta.get_field("customer")
    form_field.queryset = field.related_model._default_manager.all()
    use_widget(form_field, related_widget(field, admin_site, multiple=multiple))


def coupon_choice(form_field, admin_site, *, multiple=False) -> None:
    """Promo codes chosen by search (their name or one of their codes), never a long list."""
    field = Redemption._meta.get_field("coupon")
    use_widget(form_field, related_widget(field, admin_site, multiple=multiple))


def related_widget(field, admin_site, *, multiple=False):
    """Autocomplete when the host's admin for the target allows it, else a plain widget."""
    target_admin = registered_admin(admin_site, field.related_model)
    if target_admin is not None and target_admin.search_fields:
        widget = widgets.AutocompleteSelectMultiple if multiple else widgets.AutocompleteSelect
        return widget(field, admin_site)
    if multiple:
        return widgets.FilteredSelectMultiple(field.related_model._meta.verbose_name_plural, False)
    return widgets.ForeignKeyRawIdWidget(field.remote_field, admin_site)


def copy_button(code: str) -> str:
    """A code with a button that copies it (``static/loyalty_promos/copy.js``)."""
    return format_html(
        '<span class="lp-code">{}</span><button type="button" class="button lp-copy" '
        'data-copy="{}" data-copied="{}" aria-label="{}">{}</button>',
        code,
        code,
        _("Copied"),
        _("Copy the code %(code)s") % {"code": code},
        _("Copy"),
    )


def badge(status: str, label) -> str:
    """A coloured status label (``.lp-badge--<status>`` in admin.css)."""
    return format_html('<span class="lp-badge lp-badge--{}">{}</span>', status, label)

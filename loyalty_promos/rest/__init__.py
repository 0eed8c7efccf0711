"""An optional JSON API for single-page and mobile hosts (``pip install loyalty-promos[rest]``).

Django REST framework views over the same services as the customer pages:
the customer is always the one the logged-in user is (the adapter's
``get_customer_for_user``), the same permissions and throttles apply, and
every write goes through :mod:`loyalty_promos.api`. A host mounts it with
``path("api/loyalty/", include("loyalty_promos.rest.urls"))`` and keeps its
own ``REST_FRAMEWORK`` authentication settings (session, token, JWT …).
"""

"""Online payments: the backends that take a customer from "Buy" to the host's provider.

The purchase record and its transitions live in
:mod:`loyalty_promos.services.purchases` (``api.start_purchase``,
``api.complete_purchase`` …); this package only holds the backends.
"""

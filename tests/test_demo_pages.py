"""Every page of the app opens on the demo salon, with a bounded number of queries.

Times are measured by ``benchmarks/admin_pages.py`` (recorded in
docs/performance.md); the test holds the query counts that keep them low.
"""

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.pages import changelists, staff_pages
from tests.utils import redirected

pytestmark = [pytest.mark.django_db, pytest.mark.slow]
MAX_QUERIES = 16
APP = "loyalty_promos"
#: Pages that gather every section of the app: one query per section, still bounded
#: (their counts are asserted constant with data size in tests/admin/test_customer_page.py).
WHOLE_PAGES = {"customer": 24, "overview": 20, "list-overview": 20}


@pytest.fixture
def demo(db):
    call_command("seed_demo", customers=60, appointments=600, verbosity=0)


def test_every_page_opens_on_demo_data_with_few_queries(demo, client, django_user_model):
    client.force_login(django_user_model.objects.get(username="admin"))
    counts = {}
    for name, url in staff_pages() + changelists():
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
            if name == "list-loyaltyprogram":  # one record: the list opens it
                program = reverse("admin:loyalty_promos_loyaltyprogram_change", args=[1])
                response = redirected(client, response, program)
            if name == "list-overview":  # the overview is the app's own page
                response = redirected(client, response, reverse("admin:app_list", args=[APP]))
        assert response.status_code == 200, name
        counts[name] = len(queries)

    assert {name: n for name, n in counts.items() if n > WHOLE_PAGES.get(name, MAX_QUERIES)} == {}
    assert len(counts) >= 30

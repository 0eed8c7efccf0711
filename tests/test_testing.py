import pytest
from django.test.utils import override_settings

from loyalty_promos.integration import get_adapter
from loyalty_promos.testing import assert_integration_ok, override_adapter
from tests.projects.other_host.spa.adapter import SpaAdapter


def test_integration_of_the_example_host_is_ok():
    assert_integration_ok()


@override_settings(LOYALTY_PROMOS_STAFF_MODEL="loyalty_promos.Staff")
def test_integration_problems_are_listed_with_their_hints():
    with pytest.raises(AssertionError) as error:
        assert_integration_ok()

    assert str(error.value) == (
        "loyalty_promos is misconfigured:\n"
        "  loyalty_promos.E001: LOYALTY_PROMOS_STAFF_MODEL is not set, so loyalty_promos "
        "still uses its placeholder model loyalty_promos.Staff. HINT: Add "
        "LOYALTY_PROMOS_STAFF_MODEL = 'yourapp.StaffMember' (your own model) to your "
        "settings, then migrate."
    )


def test_override_adapter_swaps_the_adapter_and_restores_it():
    with override_adapter(f"{SpaAdapter.__module__}.SpaAdapter"):
        assert isinstance(get_adapter(), SpaAdapter)

    assert type(get_adapter()).__name__ == "SalonAdapter"

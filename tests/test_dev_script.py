"""``python3 dev.py test`` stays one command that runs everything: the suite, then the
host contract under every other test host."""

import pytest

import dev


@pytest.mark.parametrize(
    ("args", "contract_args"),
    [
        ([], ["tests/test_host_contract.py"]),
        (["-q", "-m", "not e2e"], ["-q", "-m", "not e2e", "tests/test_host_contract.py"]),
        (["tests"], ["tests/test_host_contract.py"]),
        (
            ["tests/test_host_contract.py::test_x", "-x"],
            ["-x", "tests/test_host_contract.py::test_x"],
        ),
        (["tests/test_conf.py"], None),
        (["tests/reports", "-q"], None),
    ],
)
def test_the_other_hosts_run_the_contract_unless_the_paths_leave_it_out(args, contract_args):
    assert dev.host_contract_args(args) == contract_args

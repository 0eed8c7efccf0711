"""``python3 dev.py test`` stays one command that runs everything: the suite, then the
host contract under every other test host."""

import pytest

import dev
from example_project.salon.management.commands import seed_demo


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


@pytest.mark.parametrize(
    ("args", "environ", "plan"),
    [
        ([], {}, (False, [], [])),
        (["--fresh"], {}, (True, [], [])),
        (["--fresh", "--noreload"], {}, (True, [], ["--noreload"])),
        (["--fresh"], {"DATABASE_URL": "postgres://x/lp"}, (False, ["--flush"], [])),
    ],
)
def test_demo_fresh_deletes_only_its_own_sqlite_file(args, environ, plan):
    assert dev.demo_plan(args, environ) == plan


def test_demo_prints_the_logins_seed_demo_creates():
    assert dev.DEMO_STAFF_LOGIN == (seed_demo.ADMIN_USERNAME, seed_demo.ADMIN_PASSWORD)
    customers = tuple((name, seed_demo.CUSTOMER_PASSWORD) for name, *_ in seed_demo.DEMO_LOGINS)
    assert customers == dev.DEMO_CUSTOMER_LOGINS
    assert dev.DEMO_DATABASE.name == "db.sqlite3"

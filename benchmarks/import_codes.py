"""Time a 100,000-code list: the set-based check (the preview's work) and the write.

    .venv/bin/python benchmarks/import_codes.py [COUNT]        # SQLite
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/lp_bench \
        .venv/bin/python benchmarks/import_codes.py 100000      # PostgreSQL

Before this change the admin checked a pasted or imported list one row at a
time (a uniqueness query per row) in the request: 412 s for the preview and
246 s for the confirmation of 100,000 codes. Now check_code_rows makes one
query per chunk of 5,000 codes and create_code_rows writes with bulk_create,
in a background job above CODE_BACKGROUND_THRESHOLD.
"""

import sys

from _setup import setup_django, timed


def main(count: int) -> None:
    vendor = setup_django()
    from loyalty_promos.models import Coupon, CouponCode
    from loyalty_promos.services import codes

    coupon = Coupon.objects.create(name="Import", discount_value=10)
    text = "\n".join(f"IMP-{n:08d}" for n in range(count))
    results = {}
    rows = codes.pasted_rows(text)
    with timed(results, "check (preview)"):
        errors = codes.check_code_rows(rows)
    assert errors == {}
    with timed(results, "check + write (confirm)"):
        codes.create_code_rows(codes.pasted_rows(text), source="pasted", coupon=coupon)
    assert CouponCode.objects.filter(coupon=coupon).count() == count
    print(f"{count:,} codes on {vendor}:")
    for name, seconds in results.items():
        print(f"  {name:<26} {seconds:6.2f} s")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 100_000)

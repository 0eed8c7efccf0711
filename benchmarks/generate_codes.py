"""Time api.generate_codes against a plain bulk_create of the same number of rows.

    .venv/bin/python benchmarks/generate_codes.py [COUNT]         # SQLite
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/loyalty_promos \
        .venv/bin/python benchmarks/generate_codes.py 100000       # PostgreSQL

The baseline inserts precomputed strings with Django's bulk_create: the
floor for writing these rows through the ORM. Our figure adds drawing the
codes from ``secrets``, the ban list, and checking every candidate against
the existing codes.
"""

import sys

from _setup import report, setup_django, timed


def main(count: int) -> None:
    vendor = setup_django()
    from loyalty_promos import api
    from loyalty_promos.models import CodeBatch, Coupon, CouponCode

    results = {}
    ours, baseline = f"api.generate_codes({count:,})", f"plain bulk_create of {count:,} rows"
    baseline_coupon = Coupon.objects.create(name="Baseline", discount_value=10)
    batch = CodeBatch.objects.create(coupon=baseline_coupon, source="generated")
    rows = [f"BASE{n:012d}" for n in range(count)]
    with timed(results, baseline):
        CouponCode.objects.bulk_create(
            (
                CouponCode(coupon=baseline_coupon, code=v, normalized=v, max_uses=1, batch=batch)
                for v in rows
            ),
            batch_size=2000,
        )
    coupon = Coupon.objects.create(name="Ours", discount_value=10)
    with timed(results, ours):
        api.generate_codes(coupon, count, length=10)
    assert coupon.codes.count() == count
    report("Code generation", vendor, results, ours, baseline)


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 100_000)

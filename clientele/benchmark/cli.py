"""The ``clientele-bench`` console script: the benchmark, run beside the product.

Its own entry point rather than one of the product's commands, so that the product never
imports its benchmark; it runs under the same settings (``DATABASE_URL`` chooses the
database) and starts the production server itself for the HTTP measures.
"""

import argparse
import os
import sys
import time


def _arguments(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="clientele-bench",
        description=(
            "Benchmark this installation against its goals and ERPNext 15: service and API "
            "creations, reads, tree inserts and moves, lists and searches at 100,000 "
            "customers, server memory. Writes into the DATABASE_URL database, which must "
            "hold no customers."
        ),
    )
    parser.add_argument(
        "--customers",
        type=int,
        default=None,
        help="Customers bulk-loaded before lists and searches (100,000; 10,000 if --quick).",
    )
    parser.add_argument(
        "--api-creates",
        type=int,
        default=None,
        help="Customers created through the HTTP API (500; 100 if --quick).",
    )
    parser.add_argument(
        "--load-seconds",
        type=float,
        default=None,
        help="How long 16 clients load the server at once (60; 10 if --quick).",
    )
    parser.add_argument("--quick", action="store_true", help="Smaller volumes, same paths.")
    parser.add_argument(
        "--force", action="store_true", help="Run even if the database holds customers."
    )
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> None:
    args = _arguments(sys.argv[1:] if argv is None else argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "clientele.settings")
    import django

    django.setup()
    from clientele.benchmark.common import Plan, Refused
    from clientele.benchmark.runner import print_report, run

    plan = Plan.make(
        customers=args.customers,
        api_creates=args.api_creates,
        load_seconds=args.load_seconds,
        quick=args.quick,
    )
    started = time.monotonic()

    def log(message: str) -> None:
        elapsed = time.monotonic() - started
        print(f"[{elapsed:6.1f} s] {message}", file=sys.stderr, flush=True)

    try:
        results, details = run(plan, force=args.force, log=log)
    except Refused as error:
        print(f"clientele-bench: {error}", file=sys.stderr)
        sys.exit(1)
    print_report(results, details)


if __name__ == "__main__":
    main()

import sys
import time

from django.core.management.base import BaseCommand, CommandError

from clientele import benchmark


class Command(BaseCommand):
    help = (
        "Benchmark this installation against its goals and ERPNext 15: service and API "
        "creations, reads, tree inserts and moves, lists and searches at 100,000 customers, "
        "server memory. Writes into the DATABASE_URL database, which must hold no customers."
    )

    def add_arguments(self, parser):
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
        parser.add_argument("--quick", action="store_true", help="Smaller volumes, same paths.")
        parser.add_argument(
            "--force", action="store_true", help="Run even if the database holds customers."
        )

    def handle(self, *args, customers, api_creates, quick, force, **options):
        plan = benchmark.Plan.make(customers=customers, api_creates=api_creates, quick=quick)
        started = time.monotonic()

        def log(message: str) -> None:
            elapsed = time.monotonic() - started
            print(f"[{elapsed:6.1f} s] {message}", file=sys.stderr, flush=True)

        try:
            results, details = benchmark.run(plan, force=force, log=log)
        except benchmark.Refused as error:
            raise CommandError(str(error)) from error
        benchmark.print_report(results, details)

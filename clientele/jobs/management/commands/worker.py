from django.core.management.base import BaseCommand

from clientele.jobs.worker import worker_run


class Command(BaseCommand):
    help = (
        "Run a worker for the job queue (imports, exports, merges). Several may run at once "
        "on PostgreSQL; on SQLite one is enough. SIGTERM or Ctrl+C stops it gracefully."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--interval", type=float, default=1.0, help="Seconds between looks at an empty queue."
        )
        parser.add_argument("--batch", action="store_true", help="Run what is queued, then stop.")
        parser.add_argument("--max-tasks", type=int, default=None)

    def handle(self, *args, interval: float, batch: bool, max_tasks: int | None, **options):
        worker_run(interval=interval, batch=batch, max_tasks=max_tasks)

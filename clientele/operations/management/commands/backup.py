"""``clientele backup [FILE]``: a consistent copy of the database, taken while it is used."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.translation import gettext as _

from clientele.core.errors import DomainError
from clientele.operations.backups import backup_default_path, backup_make


class Command(BaseCommand):
    help = _(
        "Copy the database, consistently, while the application goes on (SQLite's online "
        "backup, or pg_dump)."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", nargs="?", type=Path, help=_("Where to write it."))

    def handle(self, *args, file, **options):
        target = file or backup_default_path(timezone.localtime())
        try:
            written = backup_make(target=target)
        except DomainError as error:
            raise CommandError(error.message) from error
        self.stdout.write(_("Backup written to %(path)s.") % {"path": written})

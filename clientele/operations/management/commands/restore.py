"""``clientele restore FILE``: load a backup into an empty instance."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from clientele.core.errors import DomainError
from clientele.operations.backups import backup_restore


class Command(BaseCommand):
    help = _("Load a backup (from clientele backup) into this instance's empty database.")

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)

    def handle(self, *args, file, **options):
        try:
            backup_restore(source=file)
        except DomainError as error:
            raise CommandError(error.message) from error
        self.stdout.write(_("Restored from %(path)s.") % {"path": file})

"""``clientele privacy export KIND CODE [-o FILE]`` and ``clientele privacy erase KIND CODE
--yes [--user USERNAME]``: the API's privacy routes from the command line."""

import json
from dataclasses import asdict
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from clientele.core.errors import DomainError
from clientele.privacy.kinds import PERSON_KINDS, person_get
from clientele.privacy.selectors import person_export
from clientele.privacy.services import person_erase


class Command(BaseCommand):
    help = (
        "Export everything held about a person (an individual customer, a contact or a lead, "
        "by its code) as one JSON document, or erase the person by anonymisation."
    )

    def add_arguments(self, parser):
        parser.add_argument("action", choices=("export", "erase"))
        parser.add_argument("kind", choices=tuple(PERSON_KINDS))
        parser.add_argument("code", help="The record's code.")
        parser.add_argument("-o", "--output", help="export: the file to write (default: stdout).")
        parser.add_argument("--yes", action="store_true", help="erase: it cannot be undone.")
        parser.add_argument("--user", help="erase: who the history names (default: no one).")

    def handle(self, *args, action: str, kind: str, code: str, **options):
        record = person_get(kind=kind, name=code)
        if record is None:
            model = PERSON_KINDS[kind]._meta.verbose_name
            raise CommandError(_("No %(kind)s “%(code)s”.") % {"kind": model, "code": code})
        if action == "export":
            self._export(kind, record, options["output"])
        else:
            self._erase(kind, record, yes=options["yes"], username=options["user"])

    def _export(self, kind: str, record, output: str | None) -> None:
        text = json.dumps(person_export(kind=kind, record=record), ensure_ascii=False, indent=2)
        if output:
            Path(output).write_text(text + "\n", encoding="utf-8")
            self.stderr.write(_("Written to %(file)s.") % {"file": output})
        else:
            self.stdout.write(text)

    def _erase(self, kind: str, record, *, yes: bool, username: str | None) -> None:
        """Whoever runs the command holds the server, hence every role; ``--user`` only
        names them in the history."""
        if not yes:
            raise CommandError(_("Erasing cannot be undone: add --yes to confirm."))
        user = None
        if username:
            user = get_user_model().objects.filter(username=username).first()
            if user is None:
                raise CommandError(_("No user “%(user)s”.") % {"user": username})
        try:
            erasure = person_erase(kind=kind, record=record, user=user)
        except DomainError as error:
            raise CommandError(error.message) from error
        self.stdout.write(json.dumps(asdict(erasure), ensure_ascii=False, indent=2))

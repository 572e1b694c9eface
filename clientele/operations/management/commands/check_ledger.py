from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from clientele.sales.checks import exposure_problems
from clientele.sales.ledger import ledger_problems
from clientele.sales.models import CreditExposure, LedgerEntry


class Command(BaseCommand):
    help = (
        "Prove the receivables ledger: every voucher balances, each customer's outstanding "
        "invoices equal its ledger balance, and the credit exposure matches the documents."
    )

    def handle(self, *args, **options):
        problems = []
        for label, model, check in (
            (_("Ledger entries"), LedgerEntry, ledger_problems),
            (_("Credit exposures"), CreditExposure, exposure_problems),
        ):
            found = check()
            problems += found
            status = (
                _("OK")
                if not found
                else ngettext("%(count)d problem", "%(count)d problems", len(found))
                % {"count": len(found)}
            )
            self.stdout.write(f"{label}: {model.objects.count()}, {status}")
        for problem in problems:
            self.stderr.write(problem)
        if problems:
            raise CommandError(
                ngettext(
                    "%(count)d ledger problem found.",
                    "%(count)d ledger problems found.",
                    len(problems),
                )
                % {"count": len(problems)}
            )

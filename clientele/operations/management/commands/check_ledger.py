from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from clientele.sales.checks import sales_problems
from clientele.sales.models import CreditExposure, LedgerEntry


class Command(BaseCommand):
    help = (
        "Prove the receivables ledger: every voucher balances, each customer's outstanding "
        "invoices equal its ledger balance, and the credit exposure matches the documents."
    )

    def handle(self, *args, **options):
        problems = sales_problems()
        entries = LedgerEntry.objects.count()
        self.stdout.write(
            ngettext("%(count)d ledger entry", "%(count)d ledger entries", entries)
            % {"count": entries}
            + ", "
            + ngettext("%(count)d exposure", "%(count)d exposures", CreditExposure.objects.count())
            % {"count": CreditExposure.objects.count()}
            + ": "
            + (_("OK") if not problems else "")
        )
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

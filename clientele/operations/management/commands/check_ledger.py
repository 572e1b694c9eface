from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from clientele.sales.checks import billed_problems, exposure_problems, returns_problems
from clientele.sales.ledger import ledger_problems
from clientele.sales.models import (
    CreditExposure,
    DeliveryNoteItem,
    LedgerEntry,
    SalesInvoiceItem,
    SalesOrderItem,
)


def _billed_lines() -> int:
    return SalesOrderItem.objects.count() + DeliveryNoteItem.objects.count()


class Command(BaseCommand):
    help = (
        "Prove the receivables ledger: every voucher balances, each customer's outstanding "
        "invoices equal its ledger balance, and the credit exposure (whose unpaid invoices "
        "the receivables page shows as balances), the quantities returned of invoice lines "
        "and the amounts billed of order and delivery lines match the documents."
    )

    def handle(self, *args, **options):
        problems = []
        for label, count, check in (
            (_("Ledger entries"), LedgerEntry.objects.count, ledger_problems),
            (_("Credit exposures"), CreditExposure.objects.count, exposure_problems),
            (_("Invoice lines returned"), SalesInvoiceItem.objects.count, returns_problems),
            (_("Order and delivery lines billed"), _billed_lines, billed_problems),
        ):
            found = check()
            problems += found
            status = (
                _("OK")
                if not found
                else ngettext("%(count)d problem", "%(count)d problems", len(found))
                % {"count": len(found)}
            )
            self.stdout.write(f"{label}: {count()}, {status}")
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

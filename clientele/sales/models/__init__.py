"""The sales app's records: documents, payments, the receivables ledger, accounts settings."""

from clientele.sales.models.ledger import CreditExposure, LedgerEntry
from clientele.sales.models.settings import AccountsSettings

__all__ = ["AccountsSettings", "CreditExposure", "LedgerEntry"]

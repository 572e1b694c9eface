"""The screens' number, amount and date filters: those of ``clientele.core.formats``, which
printed documents use too, under the name the screens' templates load."""

from clientele.core.formats import amount, number, when
from clientele.core.templatetags.formats import register

__all__ = ["amount", "number", "register", "when"]

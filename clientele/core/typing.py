"""Types the apps share: who acts, and the rules a ``Spec`` runs."""

from collections.abc import Callable
from typing import Any

from django.contrib.auth.models import User

from clientele.core.errors import FieldErrors

__all__ = ["RecordRule", "Rows", "User", "entity_rules"]

# The project keeps Django's own user model (no AUTH_USER_MODEL): services name it directly,
# since ``get_user_model()`` would hide it from the type checker.

# The child rows being written with a record, by child table (``credit_limits``...): rows of
# as many models as the record has child tables.
Rows = dict[str, list[Any]]

# A rule of one kind of record: it reads the record and its rows, and adds field errors.
RecordRule = Callable[[Any, Rows, FieldErrors], None]


def entity_rules(*rules: RecordRule) -> tuple[RecordRule, ...]:
    """The rules of one ``Spec``, each written for the Spec's own model (``Currency``...).

    A Spec calls its rules with instances of its own model only, which its type (rules of
    any model) cannot say: the model's type is let go here, in one place, on purpose."""
    return rules

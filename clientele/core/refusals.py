"""The two conflicts every write path can meet: a code already taken, a record still in use.

Both are 409s with the same wording for every kind of record, whichever path refuses.
"""

from django.db import models
from django.db.models import ForeignObjectRel
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from clientele.core.errors import Conflict
from clientele.core.meta import has_field
from clientele.core.naming import code_key


def code_taken(model: type[models.Model], code: str, *, field: str = "name") -> Conflict:
    """The conflict of a code that another record of ``model`` holds (compared
    case-insensitively); ``field`` names the input that gave it."""
    message = _("%(kind)s “%(name)s” already exists.") % {
        "kind": model._meta.verbose_name,
        "name": code,
    }
    return Conflict(capfirst(message), errors={field: [_("This code is taken.")]})


def refuse_taken_code(
    model: type[models.Model], code: str, *, exclude_pk: int | None, field: str = "name"
) -> None:
    """Refuse (409) a code another record of ``model`` already has, whatever its case."""
    if not code:
        return
    rows = model._default_manager.exclude(pk=exclude_pk)
    if has_field(model, "code_key"):
        clash = rows.filter(code_key=code_key(code))
    else:
        clash = rows.filter(name__iexact=code)
    if clash.exists():
        raise code_taken(model, code, field=field)


def usage_counts(instance: models.Model) -> dict[str, int]:
    """How many records of each kind point to ``instance`` through a protecting link.

    Read from the model graph, so a kind added later is counted without touching this code.
    A tree's links from its own children are left out: children are checked on their own.
    """
    counts: dict[str, int] = {}
    for relation in instance._meta.get_fields(include_hidden=True):
        # Links declared with related_name="+" are hidden, yet they protect the record too.
        if not (isinstance(relation, ForeignObjectRel) and relation.auto_created):
            continue
        if relation.on_delete not in (models.PROTECT, models.RESTRICT):
            continue
        if relation.related_model is type(instance) and relation.field.name == "parent":
            continue
        count = relation.related_model._default_manager.filter(
            **{relation.field.name: instance},
        ).count()
        if count:
            label = str(relation.related_model._meta.verbose_name_plural)
            counts[label] = counts.get(label, 0) + count
    return counts


def refuse_in_use(instance: models.Model, counts: dict[str, int] | None = None) -> None:
    """Refuse (409) deleting a record that others point to, listing what and how many;
    ``counts`` as ``usage_counts`` gives them, read now when not given."""
    counts = usage_counts(instance) if counts is None else counts
    used = {kind: n for kind, n in counts.items() if n}
    if used:
        raise Conflict(
            _("“%(name)s” is still used: %(uses)s.")
            % {"name": instance, "uses": ", ".join(f"{k} ({n})" for k, n in used.items())},
            errors={"references": [f"{k}: {n}" for k, n in used.items()]},
        )

"""Customer groups and territories as trees: a node per row, its parent by name.

Rows come in any order: a parent named in the file is written before its children,
whatever their order; a parent named nowhere (neither in the file nor stored) or a cycle
(A under B under A) refuses the rows concerned, and a node without parent goes under the
root. Each node is written by the tree's own service (``record_create``,
``record_update``), one at a time: trees hold hundreds of nodes, not millions.
"""

from typing import Any

from django.utils.translation import gettext as _

from clientele.classification.models import CustomerGroup, Territory
from clientele.classification.services import CUSTOMER_GROUP, TERRITORY
from clientele.core import audit
from clientele.core.errors import DomainError
from clientele.core.naming import code_key
from clientele.core.records import record_create, record_update
from clientele.transfer.columns import CUSTOMER_GROUP as GROUP_KIND
from clientele.transfer.context import Context
from clientele.transfer.lines import Line, flag
from clientele.transfer.report import ImportReport

SPECS = {GROUP_KIND: (CUSTOMER_GROUP, CustomerGroup), "territory": (TERRITORY, Territory)}


def trees_import(ctx: Context, kind: str, lines: list[Line], report: ImportReport) -> None:
    """Write the file's nodes, parents first; refused rows carry their errors."""
    spec, model = SPECS[kind]
    by_key: dict[str, Line] = {}
    for line in lines:
        name = line.values.get("name", "")
        if not name:
            line.refuse("name", _("A node needs a name."))
        elif code_key(name) in by_key:
            line.refuse(
                "name",
                _("“%(name)s” is on row %(row)d already.")
                % {"name": name, "row": by_key[code_key(name)].row},
            )
        else:
            by_key[code_key(name)] = line
    stored = {
        node.code_key: node
        for node in model.objects.filter(code_key__in=[*by_key, *_parent_keys(lines)])
    }
    for line in _parents_first(by_key, stored):
        _write(ctx, spec, model, line, stored, by_key, report)


def _parent_keys(lines: list[Line]) -> set[str]:
    return {code_key(line.values["parent"]) for line in lines if line.values.get("parent")}


def _parents_first(by_key: dict[str, Line], stored: dict) -> list[Line]:
    """The rows, each after the row of its parent; rows on a cycle or under a parent
    named nowhere are refused (and so are their descendants in the file)."""
    ordered: list[Line] = []
    state: dict[str, str] = {}

    def visit(key: str, trail: list[str]) -> bool:
        if state.get(key) == "done":
            return not by_key[key].errors
        if key in trail:
            for member in trail[trail.index(key) :]:
                by_key[member].refuse(
                    "parent",
                    _("This parent makes a cycle: %(cycle)s.")
                    % {
                        "cycle": " → ".join(
                            by_key[k].values["name"] for k in [*trail[trail.index(key) :], key]
                        )
                    },
                )
            return False
        line = by_key[key]
        parent = line.values.get("parent", "")
        parent_key = code_key(parent)
        ok = True
        if parent and parent_key in by_key:
            ok = visit(parent_key, [*trail, key])
            if not ok and not line.errors:
                line.refuse("parent", _("Its parent “%(parent)s” is refused.") % {"parent": parent})
        elif parent and parent_key not in stored:
            line.refuse(
                "parent",
                _("No parent named “%(parent)s”, in the file or stored.") % {"parent": parent},
            )
            ok = False
        if state.get(key) != "done":
            state[key] = "done"
            ordered.append(line)
        return ok and not line.errors

    for key in by_key:
        visit(key, [])
    return ordered


def _write(
    ctx: Context,
    spec: Any,
    model: Any,
    line: Line,
    stored: dict,
    by_key: dict,
    report: ImportReport,
) -> None:
    if line.errors:
        return
    parent_input = spec.parent_input
    data: dict[str, Any] = {
        "name": line.values["name"],
        parent_input: line.values.get("parent") or None,
    }
    data |= {link.name: line.values[link.name] for link in spec.links if line.values.get(link.name)}
    try:
        is_group = flag(line.values.get("is_group", ""))
    except ValueError as error:
        line.refuse("is_group", str(error))
        return
    has_children = any(
        code_key(other.values.get("parent", "")) == code_key(line.values["name"])
        for other in by_key.values()
    )
    if is_group is not None or has_children:
        data["is_group"] = bool(is_group) or has_children
    node = stored.get(code_key(line.values["name"]))
    try:
        if node is None:
            node = record_create(spec, data, user=ctx.actor)
            report.count(line_kind(model)).created += 1
        else:
            data.pop("name")
            if data[parent_input] is None:
                data.pop(parent_input)
            node = record_update(spec, node, data, user=ctx.actor)
            report.count(line_kind(model)).updated += 1
    except DomainError as error:
        line.refuse_all(_renamed(error, parent_input))
        return
    stored[code_key(line.values["name"])] = node
    audit.record_event(
        entity=spec.entity, instance=node, user=ctx.actor, action="import", detail=ctx.label
    )


def line_kind(model) -> str:
    return GROUP_KIND if model is CustomerGroup else "territory"


def _renamed(error: DomainError, parent_input: str) -> dict[str, list[str]]:
    errors = error.errors or {"name": [error.message]}
    return {("parent" if k == parent_input else k): v for k, v in errors.items()}

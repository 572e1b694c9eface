"""The REST routes of a record, by code: list, create, read, history, update, delete, and
move for a tree node. One factory for every record with plain CRUD routes (the masters,
customer groups, territories, contacts, addresses); the customer has routes of its own.

Each route parses its input (the schemas), calls one service or selector, and answers.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypedDict

from django.db import models
from django.http import Http404
from django.shortcuts import get_object_or_404
from ninja import Query, Router, Schema, Status

from clientele.core.api_contract import spec_body_contract
from clientele.core.api_support import (
    ChangeOut,
    MoveIn,
    Page,
    PageParams,
    TreeParams,
    history,
    input_schema,
    output_schema,
    related_names,
    serialize,
)
from clientele.core.records import record_create, record_delete, record_move, record_update
from clientele.core.roles import require_role
from clientele.core.rows import Reader
from clientele.core.specs import Row, Spec

Lister = Callable[[models.QuerySet, Any], tuple[int, list[models.Model]]]


class RouteMeta(TypedDict):
    """What a route's decorator takes besides its path and response: its OpenAPI names."""

    operation_id: str
    summary: str


@dataclass(frozen=True)
class Routes:
    """What the routes of one record need; ``spec_routes`` fills it for a plain ``Spec``."""

    spec: Spec
    tag: str
    writers: tuple[str, ...]
    queryset: Callable[[], models.QuerySet]
    schema_in: type[Schema]
    schema_out: type[Schema]
    answer: Callable[[list[models.Model]], list[dict[str, Any]]]
    lister: Lister
    create: Callable[..., models.Model]
    update: Callable[..., models.Model]
    delete: Callable[..., None]
    with_history: bool = False
    # The answer to a write reads the record again (its prefetched links changed).
    read_after_write: bool = False
    # One record read by code in one hand-written statement (see ``tree_reader``), instead
    # of ``queryset`` with its joins and prefetches.
    reader: Reader | None = None
    # The OpenAPI operation id of a route from its verb (``list``, ``create``…).
    operation_id: Callable[[str], str] | None = None
    # The list's query parameters, ``lister``'s filters among them (a tree's are its own).
    params: type[PageParams] = PageParams
    # Fields the service fills itself when not sent, or ignores (a code from its series):
    # the OpenAPI document neither requires them nor refuses them null (``spec_body_contract``).
    filled: tuple[str, ...] = ()

    def meta(self, verb: str, summary: str) -> RouteMeta:
        """A route's OpenAPI operation id and summary."""
        if self.operation_id is not None:
            return {"operation_id": self.operation_id(verb), "summary": summary}
        return {"operation_id": f"{self.spec.entity}_{_VERBS[verb]}", "summary": summary}


_VERBS = {
    "list": "list_records",
    "create": "create_record",
    "history": "record_history",
    "move": "move_record",
    "read": "read_record",
    "update": "update_record",
    "delete": "delete_record",
}


def _names_and_tree(spec: Spec) -> Lister:
    """The default list: by code (a tree in tree order), ``q`` in the code, and a tree's
    ``parent`` (children of) and ``subtree`` (node and all below) filters."""
    ordering = ["path"] if spec.is_tree else ["name"]

    def lister(rows: models.QuerySet, params: Any) -> tuple[int, list[models.Model]]:
        rows = rows.order_by(*ordering)
        if params.q:
            rows = rows.filter(name__icontains=params.q)
        if spec.is_tree and params.parent:
            rows = rows.filter(parent=get_object_or_404(rows.model, name=params.parent))
        if spec.is_tree and params.subtree:
            node = get_object_or_404(rows.model, name=params.subtree)
            rows = rows.filter(path__startswith=node.path)
        return rows.count(), list(rows[params.offset : params.offset + params.limit])

    return lister


def spec_routes(
    spec: Spec,
    *,
    tag: str,
    writers: tuple[str, ...],
    label: Callable[[str], str] | None = None,
    with_history: bool = False,
    schema_in: type[Schema] | None = None,
    schema_out: type[Schema] | None = None,
) -> Routes:
    """The routes of a record written through the generic path (``records``); its request
    and response bodies are the named ``schema_in`` and ``schema_out`` (the app's
    ``schemas.py``), else classes made from ``spec``."""
    select, prefetch = related_names(spec)
    queryset = spec.model._default_manager.select_related(*select).prefetch_related(*prefetch)
    base = spec.model.__name__
    return Routes(
        spec=spec,
        tag=tag,
        writers=writers,
        queryset=lambda: queryset.all(),
        schema_in=schema_in or input_schema(spec, f"{base}In"),
        schema_out=schema_out or output_schema(spec, f"{base}Out"),
        answer=lambda records: [serialize(spec, record, label) for record in records],
        lister=_names_and_tree(spec),
        create=lambda *, data, user: record_create(spec, data, user=user),
        update=lambda record, *, data, user: record_update(spec, record, data, user=user),
        delete=lambda record, *, user: record_delete(spec, record, user=user),
        with_history=with_history,
        reader=tree_reader(spec) if spec.is_tree else None,
    )


def _sent(payload: Schema) -> Row:
    """The fields the request sent: an update changes only those."""
    return payload.model_dump(exclude_unset=True)


def tree_reader(spec: Spec) -> Reader:
    """A tree node by code with the code of each link, its parent's included, and its child
    tables, in one statement (``rows.Reader``). Why for trees: the benchmark's goal of 5 ms
    for a move through the API was missed on PostgreSQL (6.1 ms) while the ORM's read
    with its prefetches cost a third of it."""
    stubs = {link.field: link.key for link in spec.links} | {"parent": "name"}
    return Reader(spec.model, "name", stubs=stubs, children=spec.children)


def crud_router(routes: Routes) -> Router:
    """List, read, create, partial update and delete by code (and move, for a tree)."""
    router = Router(tags=[routes.tag])
    # django-ninja reads each input's class from its parameter's annotation (``Query[Params]``,
    # ``payload: In``), classes chosen here at run time; the type checker takes no variable
    # for a type, so its ``valid-type`` check is silenced on those lines, and only there.
    spec, In, Out = routes.spec, routes.schema_in, routes.schema_out
    # A tree's list also filters by parent and subtree.
    Params = TreeParams if spec.is_tree else routes.params

    def fetch(name: str):
        if routes.reader is None:
            return get_object_or_404(routes.queryset(), name=name)
        if (found := routes.reader.one(name)) is None:
            raise Http404(name)
        return found

    def one(record) -> dict[str, Any]:
        """The answer from the record as the write left it (nothing read again), or as
        read afresh when the write changed what the read had prefetched."""
        return routes.answer([fetch(record.name) if routes.read_after_write else record])[0]

    @router.get(
        "/",
        response=Page,
        **routes.meta("list", f"List {routes.tag}"),
    )
    def list_records(request, params: Query[Params]):  # type: ignore[valid-type]  # run-time class
        count, records = routes.lister(routes.queryset(), params)
        return {"count": count, "items": routes.answer(records)}

    @router.post(
        "/",
        response={201: Out},
        openapi_extra=spec_body_contract(spec, create=True, filled=routes.filled),
        **routes.meta("create", f"Create in {routes.tag}"),
    )
    def create_record(request, payload: In):  # type: ignore[valid-type]  # run-time class
        require_role(request.auth, routes.writers)
        data = _sent(payload)
        return Status(201, one(routes.create(data=data, user=request.auth)))

    if routes.with_history:

        @router.get(
            "/{path:name}/history",
            response=list[ChangeOut],
            **routes.meta("history", "Change history"),
        )
        def record_history(request, name: str):
            return history(spec.entity, fetch(name).pk)

    if spec.is_tree:

        @router.post(
            "/{path:name}/move",
            response=Out,
            **routes.meta("move", "Move with its subtree"),
        )
        def move_record(request, name: str, payload: MoveIn):
            require_role(request.auth, routes.writers)
            return one(record_move(spec, fetch(name), payload.parent, user=request.auth))

    @router.get(
        "/{path:name}",
        response=Out,
        **routes.meta("read", f"Read one of {routes.tag}"),
    )
    def read_record(request, name: str):
        return routes.answer([fetch(name)])[0]

    @router.patch(
        "/{path:name}",
        response=Out,
        openapi_extra=spec_body_contract(spec, create=False, filled=routes.filled),
        **routes.meta("update", f"Update one of {routes.tag}"),
    )
    def update_record(request, name: str, payload: In):  # type: ignore[valid-type]  # run-time class
        require_role(request.auth, routes.writers)
        data = _sent(payload)
        return one(routes.update(fetch(name), data=data, user=request.auth))

    @router.delete(
        "/{path:name}",
        response={204: None},
        **routes.meta("delete", f"Delete one of {routes.tag}"),
    )
    def delete_record(request, name: str):
        require_role(request.auth, routes.writers)
        routes.delete(fetch(name), user=request.auth)
        return Status(204, None)

    return router

"""Database side: set-up, service-layer and tree measures, the bulk load of customers."""

from __future__ import annotations

import random
import sqlite3
import time
from collections.abc import Iterator
from pathlib import Path

from django.contrib.auth.models import Group, User
from django.core.management import call_command
from django.db import connection, transaction
from django.utils import timezone

from clientele.benchmark.common import (
    BENCH_USER,
    Log,
    Plan,
    Refused,
    Results,
    mean,
    percentile,
    tagged,
    timed_ms,
)
from clientele.benchmark.fakedata import REGIONS, SEGMENTS, TERRITORY_WEIGHTS, CustomerFaker
from clientele.classification.models import CustomerGroup, Territory
from clientele.classification.services import CUSTOMER_GROUP, selling_settings_get
from clientele.core.identifiers import siren_of
from clientele.core.models import SeriesCounter
from clientele.core.naming import code_key, series_resolve, series_set_current
from clientele.core.records import record_create, record_move
from clientele.core.roles import ACCOUNTS_USER, SALES_MASTER_MANAGER, SALES_USER
from clientele.core.trees import tree_problems
from clientele.customers.duplicates import name_key
from clientele.customers.models import Customer
from clientele.customers.search import search_tokens_refresh
from clientele.customers.services import customer_create
from clientele.operations.seed import seed_reference_data

# --------------------------------------------------------------------------- database set-up


def refuse_if_in_use(*, force: bool) -> None:
    """Checked before migrating: a benchmark writes ~100,000 customers into the database."""
    if force or Customer._meta.db_table not in connection.introspection.table_names():
        return
    if Customer.objects.exists():
        raise Refused(
            f"The database {database_label()} already holds customers: point DATABASE_URL to "
            "an empty database (bench.sh uses var/bench.sqlite3 and clientele_bench), or pass "
            "--force."
        )


def database_label() -> str:
    if connection.vendor == "postgresql":
        version = connection.pg_version
        return (
            f"PostgreSQL {version // 10000}.{version % 10000} ({connection.settings_dict['NAME']})"
        )
    return f"SQLite {sqlite3.sqlite_version} ({Path(connection.settings_dict['NAME']).name})"


def prepare_database() -> None:
    call_command("migrate", interactive=False, verbosity=0)
    seed_reference_data()


def refresh_statistics() -> None:
    """Fresh planner statistics after a bulk load, as a production database would have.

    On PostgreSQL, VACUUM ANALYZE rather than ANALYZE alone: autovacuum vacuums a table
    within a minute of a large insert, and doing it here keeps it from starting in the
    middle of a measurement (and sets the visibility map, as in steady state).
    """
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("VACUUM ANALYZE")
        else:
            cursor.execute("ANALYZE")


def analyze(*models) -> None:
    """Planner statistics for tables that just got new rows, as autovacuum takes them
    after 50: the contact tables, once the first quick entries have written to them."""
    tables = ", ".join(connection.ops.quote_name(m._meta.db_table) for m in models)
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {tables}" if connection.vendor == "postgresql" else "ANALYZE")


def bench_user() -> tuple[User, str]:
    """A sales user who also invoices, as a real API client would be (not a superuser that
    skips role checks)."""
    password = f"bench-{random.SystemRandom().getrandbits(64):x}"
    user, _created = User.objects.get_or_create(username=BENCH_USER)
    user.set_password(password)
    user.is_active = True
    user.save()
    user.groups.add(
        *Group.objects.filter(name__in=[SALES_USER, SALES_MASTER_MANAGER, ACCOUNTS_USER])
    )
    return user, password


def group_create(name: str, parent: str, *, is_group: bool = False) -> CustomerGroup:
    """One customer group through the service path, as the API would create it."""
    return record_create(
        CUSTOMER_GROUP,
        {"name": name, "parent_customer_group": parent, "is_group": is_group},
        user=None,
    )


def segments_create() -> None:
    """Segment > region leaves, the group subtree the 100,000 customers are spread over."""
    group_create(tagged("Segments"), CustomerGroup.ROOT_NAME, is_group=True)
    for segment in SEGMENTS:
        group_create(tagged(segment), tagged("Segments"), is_group=True)
        for region in REGIONS:
            group_create(tagged(f"{segment} {region}"), tagged(segment))


def assert_tree_valid(model) -> None:
    problems = tree_problems(model)
    if problems:
        raise RuntimeError("The benchmark left an invalid tree: " + "; ".join(problems[:5]))


# --------------------------------------------------------------------------- the machine


def measure_machine(results: Results) -> None:
    """Two readings of the machine itself, so that runs on different days can be compared:
    on this kind of shared machine the same code has measured twice as slow one day as
    another, the bulk load as much as the requests."""
    results.info("machine: fixed Python work, best of 5", _python_work_ms(), "ms")
    results.info("machine: database round trip, p50", _round_trip_ms(), "ms")


def _python_work_ms() -> float:
    def work() -> list[str]:
        return sorted(str(index * 7919 % 100_003) for index in range(100_000))

    return min(timed_ms(work) for _attempt in range(5))


def _round_trip_ms(count: int = 300) -> float:
    """``SELECT 1``, 1 ms apart as a request's statements are (a tight loop hides the cost
    of waking the database server up)."""
    durations = []
    with connection.cursor() as cursor:
        for _index in range(count):
            time.sleep(0.001)
            start = time.perf_counter()
            cursor.execute("SELECT 1")
            cursor.fetchone()
            durations.append((time.perf_counter() - start) * 1000)
    return percentile(durations, 50)


# --------------------------------------------------------------------------- service layer


def measure_service_creates(
    results: Results, user: User, faker: CustomerFaker, count: int, label: str
) -> None:
    """``customer_create`` as the API calls it: default group and territory, code by series."""
    durations = []
    for _index in range(count):
        data = faker.api_payload()
        durations.append(timed_ms(lambda data=data: customer_create(data=data, user=user)))
    results.info(f"create, service layer{label}", count / (sum(durations) / 1000), "customers/s")
    results.info(f"create, service layer{label}: p50", percentile(durations, 50), "ms")


# --------------------------------------------------------------------------- trees


def tree_grow_by_service(parent: str, target_size: int) -> None:
    """Grow the customer-group tree to ``target_size`` nodes with ordinary inserts."""
    group_create(parent, CustomerGroup.ROOT_NAME, is_group=True)
    serial = 0
    while CustomerGroup.objects.count() < target_size:
        serial += 1
        group_create(f"{parent} {serial:03d}", parent)


def tree_grow_in_bulk(parent: CustomerGroup, *, branches: int, groups: int, leaves: int) -> int:
    """Add ``branches`` subtrees of ``1 + groups * (1 + leaves)`` nodes under an empty group.

    Paths, depths and child counts are computed the way treebeard does (``_get_path``), and
    rows are inserted in bulk: 10,000 nodes in seconds instead of minutes of single inserts.
    The result is checked by ``tree_problems`` afterwards.
    """
    model = type(parent)
    parent.refresh_from_db()
    if parent.numchild:
        raise RuntimeError(f"{parent.name} must be empty to be grown in bulk.")

    def nodes_under(owner, count, naming, *, numchild, is_group):
        nodes = [
            model(
                name=naming(step),
                path=model._get_path(owner.path, owner.depth + 1, step),
                depth=owner.depth + 1,
                numchild=numchild,
                is_group=is_group,
                parent=owner,
            )
            for step in range(1, count + 1)
        ]
        for node in nodes:
            if hasattr(node, "code_key"):  # the derived lookup key, if the tree model has one
                node.code_key = code_key(node.name)
        return nodes

    with transaction.atomic():
        tops = model.objects.bulk_create(
            nodes_under(parent, branches, branch_name, numchild=groups, is_group=True)
        )
        middles = model.objects.bulk_create(
            [
                node
                for top in tops
                for node in nodes_under(
                    top,
                    groups,
                    lambda step, top=top: f"{top.name} · Rayon {step:03d}",
                    numchild=leaves,
                    is_group=True,
                )
            ]
        )
        bottoms = [
            node
            for middle in middles
            for node in nodes_under(
                middle,
                leaves,
                lambda step, middle=middle: f"{middle.name} · Famille {step:03d}",
                numchild=0,
                is_group=False,
            )
        ]
        model.objects.bulk_create(bottoms, batch_size=2_000)
        model.objects.filter(pk=parent.pk).update(numchild=branches, is_group=True)
    return len(tops) + len(middles) + len(bottoms)


def branch_name(step: int) -> str:
    return tagged(f"Branche {step:03d}")


def measure_tree_inserts(parent: str, count: int) -> list[float]:
    """Leaf inserts under a fresh group, so the parent's child count is the same at each size."""
    group_create(parent, CustomerGroup.ROOT_NAME, is_group=True)
    return [timed_ms(lambda i=i: group_create(f"{parent} {i:04d}", parent)) for i in range(count)]


def measure_trees(results: Results, plan: Plan, log: Log) -> None:
    """Insert time at ~100 and ~10,000 nodes (it should not grow), then subtree moves."""
    tree_grow_by_service(tagged("Familles"), plan.tree_small)
    log(f"tree inserts at {CustomerGroup.objects.count()} nodes")
    small = measure_tree_inserts(tagged("Insertions A"), plan.tree_inserts)
    size_small = CustomerGroup.objects.count()

    bulk_root = group_create(tagged("Arborescence"), CustomerGroup.ROOT_NAME, is_group=True)
    added = tree_grow_in_bulk(bulk_root, branches=plan.tree_large // 1_000, groups=9, leaves=110)
    refresh_statistics()
    log(f"tree grown in bulk by {added} nodes; inserts at {CustomerGroup.objects.count()} nodes")
    large = measure_tree_inserts(tagged("Insertions B"), plan.tree_inserts)
    size_large = CustomerGroup.objects.count()

    results.add(
        f"tree insert, mean (tree of {size_small - plan.tree_inserts:,}–{size_small:,})",
        mean(small),
        "ms",
        peer="12",
    )
    results.add(
        f"tree insert, mean (tree of {size_large - plan.tree_inserts:,}–{size_large:,})",
        mean(large),
        "ms",
        peer="31 (2,000 nodes)",
    )
    results.add(
        "tree insert, large / small tree", mean(large) / mean(small), "×", at_most=1.2, peer="2.6"
    )
    measure_moves(results, plan.moves)


def measure_moves(results: Results, count: int) -> None:
    """Move whole 1,000-node branches (one node + 999 descendants) under another group."""
    target = tagged("Déplacements")
    group_create(target, CustomerGroup.ROOT_NAME, is_group=True)
    durations = []
    for step in range(1, count + 1):
        node = CustomerGroup.objects.select_related("parent").get(name=branch_name(step))
        size = CustomerGroup.objects.filter(path__startswith=node.path).count()
        durations.append(
            timed_ms(lambda node=node: record_move(CUSTOMER_GROUP, node, target, user=None))
        )
    assert_tree_valid(CustomerGroup)  # checks the bulk-grown tree and the moves at once
    results.add(
        f"move a subtree of {size:,} nodes, median of {count}",
        percentile(durations, 50),
        "ms",
        at_most=100,
        peer="400",
    )


# --------------------------------------------------------------------------- bulk customers


def weighted(rng: random.Random, weights: dict[str, float]) -> str:
    return rng.choices(list(weights), list(weights.values()))[0]


def customer_rows(
    faker: CustomerFaker,
    count: int,
    *,
    first_number: int,
    series: tuple[str, str, int],
) -> Iterator[Customer]:
    """Unsaved customers: 75 % companies over the segment leaves, 25 % people, a few public.

    Codes continue the default series (the counter is advanced afterwards, as after an import).
    """
    rng = faker.rng
    template, prefix, width = series
    group_ids = dict(CustomerGroup.objects.values_list("name", "pk"))
    territory_ids = dict(Territory.objects.values_list("name", "pk"))
    for number in range(first_number, first_number + count):
        person = rng.random() < 0.25
        if person:
            name, segment = faker.person_name(), "Particuliers"
        else:
            name, segment = faker.company_name(), weighted(rng, SEGMENTS)
        group = tagged(f"{segment} {weighted(rng, REGIONS)}")
        if not person and rng.random() < 0.03:
            group = rng.choice(["Government", "Non Profit"])
        yield with_lookup_keys(
            Customer(
                name=f"{prefix}{number:0{width}d}",
                naming_series=template,
                customer_name=name,
                customer_type=Customer.CustomerType.INDIVIDUAL
                if person
                else Customer.CustomerType.COMPANY,
                customer_group_id=group_ids[group],
                territory_id=territory_ids[weighted(rng, TERRITORY_WEIGHTS)],
                tax_id=faker.vat_number() if not person and rng.random() < 0.6 else "",
                email_id=faker.email_for(name, number) if rng.random() < 0.4 else "",
                mobile_no=faker.mobile() if rng.random() < 0.5 else "",
                primary_address=faker.address() if rng.random() < 0.7 else "",
            )
        )


def with_lookup_keys(customer: Customer) -> Customer:
    """``bulk_create`` skips ``save()`` and the services: fill the keys they derive, with the
    same functions, so codes stay unique case-insensitively and duplicate checks see them."""
    customer.code_key = code_key(customer.name)
    customer.name_key = name_key(customer.customer_name)
    customer.siren = siren_of(customer.tax_id) or ""
    return customer


def batches(items: Iterator[Customer], size: int) -> Iterator[list[Customer]]:
    batch: list[Customer] = []
    for item in items:
        batch.append(item)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def load_customers(faker: CustomerFaker, count: int, log: Log) -> float:
    """Insert ``count`` customers and their search tokens in batches; returns seconds.

    Each batch is one transaction: ``bulk_create`` (which sets the ids on both databases),
    then ``search_tokens_refresh``, the same token code the services use.
    """
    template = selling_settings_get().customer_naming_series.name
    prefix, width = series_resolve(template, timezone.localdate())
    counter = SeriesCounter.objects.filter(prefix=prefix).first()
    first = (counter.current if counter else 0) + 1
    rows = customer_rows(faker, count, first_number=first, series=(template, prefix, width))
    start = time.perf_counter()
    done = 0
    for batch in batches(rows, 2_000):
        with transaction.atomic():
            Customer.objects.bulk_create(batch)
            search_tokens_refresh(batch)
        done += len(batch)
        if done % 20_000 == 0:
            log(f"  {done:,} customers loaded")
    series_set_current(prefix=prefix, current=first + count - 1)
    return time.perf_counter() - start

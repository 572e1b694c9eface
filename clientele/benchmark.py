"""The benchmark behind ``clientele bench``: measured numbers next to goals and ERPNext 15.

Why a command and not a test: timings depend on the machine and the database, so they are
measured on a real installation (migrated, seeded, served by the production server) and
printed for people to read, never asserted by CI. Every measure goes through the paths users
hit: the services for writes, the HTTP API behind gunicorn for reads and API writes. Bulk
paths are only used to reach realistic volumes quickly, and the trees they build are checked
with the same checks as ``clientele check_trees``, so a number never comes from a broken tree.
"""

from __future__ import annotations

import math
import os
import random
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

import httpx
from django.contrib.auth.models import Group, User
from django.core.management import call_command
from django.db import connection, transaction
from django.utils import timezone
from rich.console import Console
from rich.table import Table
from stdnum import luhn

from clientele.core.identifiers import siren_of
from clientele.core.models import SeriesCounter
from clientele.core.naming import code_key, series_resolve, series_set_current
from clientele.core.records import record_create, record_move
from clientele.core.roles import SALES_MASTER_MANAGER, SALES_USER
from clientele.core.trees import tree_problems
from clientele.customers.duplicates import name_key
from clientele.customers.models import Customer
from clientele.customers.search import normalise, search_tokens_refresh
from clientele.customers.services import customer_create
from clientele.seed import seed_reference_data
from clientele.selling.models import CustomerGroup, Territory
from clientele.selling.services import CUSTOMER_GROUP, selling_settings_get

Log = Callable[[str], None]
PEER = "ERPNext 15"
BENCH_USER = "bench"


class Refused(Exception):
    """The database already holds customers: benchmarking it would pollute real data."""


_run_tag = ""


def tagged(name: str) -> str:
    """The name of a group this benchmark creates.

    Plain on a fresh database; with ``--force`` on a database benchmarked before, suffixed
    with a run number so the groups of an earlier run do not clash with this one's.
    """
    return f"{name}{_run_tag}"


def choose_run_tag() -> None:
    global _run_tag
    _run_tag = ""
    runs = 1
    while CustomerGroup.objects.filter(name=tagged("Segments")).exists():
        runs += 1
        _run_tag = f" #{runs}"


# --------------------------------------------------------------------------- plan and results


@dataclass(frozen=True)
class Plan:
    """How much of everything; ``--quick`` shrinks the volumes, never the paths measured."""

    customers: int = 100_000
    api_creates: int = 500
    service_creates: int = 2_000
    service_creates_at_scale: int = 500
    reads: int = 500
    tree_inserts: int = 200
    tree_small: int = 100
    tree_large: int = 10_000
    moves: int = 5
    list_queries: int = 300
    search_queries: int = 300

    @classmethod
    def make(cls, *, customers: int | None, api_creates: int | None, quick: bool) -> Plan:
        base = cls.quick() if quick else cls()
        return cls(
            **{
                **base.__dict__,
                "customers": base.customers if customers is None else customers,
                "api_creates": base.api_creates if api_creates is None else api_creates,
            }
        )

    @classmethod
    def quick(cls) -> Plan:
        """A couple of minutes per database, for iterating on the benchmark itself."""
        return cls(
            customers=10_000,
            api_creates=100,
            service_creates=300,
            service_creates_at_scale=100,
            reads=200,
            tree_inserts=50,
            moves=3,
            list_queries=100,
            search_queries=100,
        )


@dataclass
class Row:
    """One line of the table; ``met`` is None when the measure has no goal."""

    measure: str
    value: float
    unit: str
    goal: str = "—"
    peer: str = "—"
    met: bool | None = None


@dataclass
class Results:
    rows: list[Row] = field(default_factory=list)

    def add(
        self,
        measure: str,
        value: float,
        unit: str,
        *,
        peer: str = "—",
        at_most: float | None = None,
    ) -> None:
        """``at_most`` is the goal: the value must not exceed it (every goal here is a ceiling)."""
        goal = "—" if at_most is None else f"≤ {at_most:g}"
        met = None if at_most is None else value <= at_most
        self.rows.append(Row(measure, value, unit, goal, peer, met))

    def info(self, measure: str, value: float, unit: str, *, peer: str = "—") -> None:
        self.add(measure, value, unit, peer=peer)

    @property
    def missed(self) -> list[Row]:
        return [row for row in self.rows if row.met is False]


def percentile(samples: list[float], pct: float) -> float:
    """Nearest-rank percentile: a value that was actually observed, no interpolation."""
    ordered = sorted(samples)
    return ordered[max(0, math.ceil(pct / 100 * len(ordered)) - 1)]


def mean(samples: list[float]) -> float:
    return sum(samples) / len(samples)


def timed_ms(action: Callable[[], object]) -> float:
    start = time.perf_counter()
    action()
    return (time.perf_counter() - start) * 1000


# --------------------------------------------------------------------------- realistic data

ACTIVITIES = [
    "Boulangerie",
    "Pâtisserie",
    "Garage",
    "Cabinet",
    "Atelier",
    "Pharmacie",
    "Transports",
    "Menuiserie",
    "Brasserie",
    "Librairie",
    "Hôtel",
    "Café",
    "Établissements",
    "Charcuterie",
    "Fromagerie",
    "Imprimerie",
    "Électricité",
    "Plomberie",
    "Maçonnerie",
    "Agence",
    "Clinique vétérinaire",
    "Société",
    "Boucherie",
    "Auto-école",
    "Fleuriste",
    "Traiteur",
    "Quincaillerie",
    "Bâtiment",
    "Chaudronnerie",
    "Opticien",
]
SURNAMES = [
    "Martin",
    "Bernard",
    "Dubois",
    "Thomas",
    "Robert",
    "Richard",
    "Petit",
    "Durand",
    "Leroy",
    "Moreau",
    "Simon",
    "Laurent",
    "Lefèvre",
    "Michel",
    "Garcia",
    "David",
    "Bertrand",
    "Roux",
    "Vincent",
    "Fournier",
    "Morel",
    "Girard",
    "André",
    "Mercier",
    "Dupont",
    "Lambert",
    "Bonnet",
    "François",
    "Martinez",
    "Hébert",
    "Chevalier",
    "Gauthier",
    "Perrin",
    "Mathieu",
    "Clément",
    "Rousseau",
    "Fabre",
    "Brunet",
    "Blanc",
    "Guérin",
    "Muller",
    "Henry",
    "Roussel",
    "Nicolas",
    "Masson",
    "Marchand",
    "Duval",
    "Denis",
    "Dumont",
    "Lemaire",
    "Noël",
    "Meyer",
    "Dufour",
    "Meunier",
    "Brun",
    "Blanchard",
    "Giraud",
    "Joly",
    "Rivière",
    "Lucas",
    "Gaillard",
    "Barbier",
    "Arnaud",
    "Gérard",
    "Roche",
    "Renard",
    "Schmitt",
    "Leroux",
    "Colin",
    "Vidal",
    "Caron",
    "Picard",
    "Aubert",
    "Lemoine",
    "Renaud",
    "Dumas",
    "Lacroix",
    "Olivier",
    "Bourgeois",
    "Benoît",
    "Leclerc",
    "Rolland",
    "Guillaume",
    "Lecomte",
    "Dupuy",
    "Hubert",
    "Berger",
    "Carpentier",
    "Moulin",
    "Deschamps",
    "Vasseur",
    "Boucher",
    "Fleury",
    "Royer",
    "Jacquet",
    "Poirier",
    "Carré",
    "Ménard",
    "Maillard",
    "Bailly",
    "Hervé",
    "Le Gall",
    "Léger",
    "Prévost",
    "Le Goff",
    "Lévêque",
    "Barré",
    "Maréchal",
    "Barthélemy",
    "Delaunay",
    "Pasquier",
    "Lefèbvre",
    "Bénard",
    "Étienne",
    "Chauvin",
    "Tessier",
    "Cordier",
    "Humbert",
    "Jourdain",
    "Després",
]
FIRST_NAMES = [
    "Camille",
    "Léa",
    "Chloé",
    "Émilie",
    "Hélène",
    "Agnès",
    "Zoé",
    "Inès",
    "Maëlle",
    "Océane",
    "Jérôme",
    "François",
    "Stéphane",
    "Gaël",
    "Noël",
    "Théo",
    "Raphaël",
    "Loïc",
    "Benoît",
    "Clément",
    "Éric",
    "Hervé",
    "Joël",
    "Mathéo",
    "Anaïs",
]
PLACES = [
    "Lyon",
    "Nantes",
    "Bordeaux",
    "Saint-Étienne",
    "Besançon",
    "Orléans",
    "Angoulême",
    "Béziers",
    "Nîmes",
    "Sète",
    "Évreux",
    "Châlons",
    "Fréjus",
    "Périgueux",
    "Quimper",
    "Vénissieux",
    "Aix-en-Provence",
    "Montbéliard",
    "Chambéry",
    "Valence",
]
FORMS = ["SARL", "SAS", "SA", "EURL", "SNC", "& Fils", "et Associés", "SASU"]
SEGMENTS = {"Grands comptes": 5, "PME": 30, "TPE": 50, "Particuliers": 0}
# "Outre-mer" is rare on purpose: "Grands comptes Outre-mer" gets a handful of customers, the case
# where a list ordered by id cannot stop early and must find its few rows by index.
REGIONS = {"Île-de-France": 30, "Nord": 15, "Sud": 20, "Est": 15, "Ouest": 19.8, "Outre-mer": 0.2}
TERRITORY_WEIGHTS = {
    "France": 85,
    "Belgium": 5,
    "Switzerland": 4,
    "Germany": 2,
    "Italy": 2,
    "Spain": 2,
}


CITIES = [
    ("75011", "Paris"),
    ("69003", "Lyon"),
    ("13008", "Marseille"),
    ("31000", "Toulouse"),
    ("06000", "Nice"),
    ("44000", "Nantes"),
    ("67000", "Strasbourg"),
    ("34000", "Montpellier"),
    ("33000", "Bordeaux"),
    ("59000", "Lille"),
    ("35000", "Rennes"),
    ("51100", "Reims"),
    ("42000", "Saint-Étienne"),
    ("83000", "Toulon"),
    ("38000", "Grenoble"),
    ("21000", "Dijon"),
    ("49000", "Angers"),
    ("30000", "Nîmes"),
    ("63000", "Clermont-Ferrand"),
    ("72000", "Le Mans"),
    ("29200", "Brest"),
    ("37000", "Tours"),
    ("80000", "Amiens"),
    ("87000", "Limoges"),
    ("74000", "Annecy"),
    ("66000", "Perpignan"),
    ("57000", "Metz"),
    ("25000", "Besançon"),
    ("45000", "Orléans"),
    ("14000", "Caen"),
    ("68100", "Mulhouse"),
    ("76000", "Rouen"),
]
STREETS = [
    "rue de la République",
    "avenue Jean Jaurès",
    "boulevard Victor Hugo",
    "rue du Commerce",
    "place de la Mairie",
    "chemin des Vignes",
    "rue Pasteur",
]


def zipf_weights(count: int, exponent: float = 0.7) -> list[float]:
    """Some surnames are far more frequent than others, as in a real customer file."""
    return [1 / (rank + 1) ** exponent for rank in range(count)]


class CustomerFaker:
    """French company and person names with accents, valid VAT numbers, e-mails, mobiles.

    Seeded, so two runs (and the two databases) get the same customers and queries.
    """

    def __init__(self, seed: int = 2026):
        self.rng = random.Random(seed)
        self._siren = 30_000_000
        self._surname_weights = zipf_weights(len(SURNAMES))

    def surname(self) -> str:
        return self.rng.choices(SURNAMES, self._surname_weights)[0]

    def company_name(self) -> str:
        roll = self.rng.random()
        activity = self.rng.choice(ACTIVITIES)
        if roll < 0.45:
            return f"{activity} {self.surname()}"
        if roll < 0.75:
            return f"{activity} {self.surname()} {self.rng.choice(FORMS)}"
        if roll < 0.88:
            return f"{self.surname()} & {self.surname()} {self.rng.choice(FORMS)}"
        return f"{activity} de {self.rng.choice(PLACES)}"

    def person_name(self) -> str:
        return f"{self.rng.choice(FIRST_NAMES)} {self.surname()}"

    def vat_number(self) -> str:
        """A French VAT number that passes the same check as user input (SIREN Luhn + key)."""
        self._siren += self.rng.randint(1, 40)
        body = f"{self._siren:08d}"
        siren = body + luhn.calc_check_digit(body)
        return f"FR{(12 + 3 * (int(siren) % 97)) % 97:02d}{siren}"

    def mobile(self) -> str:
        return f"+336{self.rng.randint(0, 99_999_999):08d}"

    def address(self) -> str:
        """A primary address as the customer mirrors it (street, postal code and city, FR)."""
        postcode, city = self.rng.choices(CITIES, zipf_weights(len(CITIES), 1.0))[0]
        street = f"{self.rng.randint(1, 180)} {self.rng.choice(STREETS)}"
        return f"{street}\n{postcode} {city}\nFR"

    @staticmethod
    def email_for(name: str, serial: int) -> str:
        slug = "-".join("".join(c if c.isalnum() else " " for c in normalise(name)).split())
        return f"contact{serial}@{slug[:40]}.fr"

    def api_payload(self) -> dict:
        """What the brief's API client sends: a name, and a valid VAT number half the time."""
        payload = {"customer_name": self.company_name()}
        if self.rng.random() < 0.5:
            payload["tax_id"] = self.vat_number()
        return payload


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


def bench_user() -> tuple[User, str]:
    """A sales user, as a real API client would be (not a superuser that skips role checks)."""
    password = f"bench-{random.SystemRandom().getrandbits(64):x}"
    user, _created = User.objects.get_or_create(username=BENCH_USER)
    user.set_password(password)
    user.is_active = True
    user.save()
    user.groups.add(*Group.objects.filter(name__in=[SALES_USER, SALES_MASTER_MANAGER]))
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


# --------------------------------------------------------------------------- HTTP server


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def children_of(pid: int) -> list[int]:
    """Child processes, read from /proc (the gunicorn workers of the serve process)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        # The command name is in parentheses and may contain spaces: split after it.
        parent = int(stat.rsplit(")", 1)[1].split()[1])
        if parent == pid:
            found.append(int(entry.name))
    return sorted(found)


def rss_mib(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError(f"No VmRSS for process {pid}")


def serve_command() -> list[str]:
    """The installed ``clientele`` script next to this Python, else the same CLI by module."""
    script = Path(sys.executable).with_name("clientele")
    return [str(script)] if script.exists() else [sys.executable, "-m", "clientele.cli"]


class Server:
    """``clientele serve`` in a subprocess on a free 127.0.0.1 port, with this DATABASE_URL."""

    def __init__(self, workers: int = 2):
        self.workers = workers
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.process: subprocess.Popen | None = None
        self.output = tempfile.TemporaryFile()

    def start(self) -> None:
        self.process = subprocess.Popen(
            [*serve_command(), "serve", "--host", "127.0.0.1", "--port", str(self.port)]
            + ["--workers", str(self.workers)],
            env=dict(os.environ),
            stdout=self.output,
            stderr=subprocess.STDOUT,
        )
        self.wait_ready()

    def wait_ready(self, timeout: float = 90) -> None:
        """Up when the login page answers and every worker is forked."""
        deadline = time.monotonic() + timeout
        with httpx.Client(trust_env=False, timeout=5) as probe:
            while time.monotonic() < deadline:
                if self.process.poll() is not None:
                    raise RuntimeError(f"The server exited:\n{self.log_tail()}")
                try:
                    if probe.get(f"{self.url}/login/").status_code == 200 and (
                        len(self.worker_pids()) >= self.workers
                    ):
                        return
                except httpx.TransportError:
                    pass
                time.sleep(0.2)
        raise RuntimeError(f"The server did not start in {timeout:.0f} s:\n{self.log_tail()}")

    def worker_pids(self) -> list[int]:
        return children_of(self.process.pid)

    def log_tail(self) -> str:
        self.output.seek(0)
        return self.output.read().decode(errors="replace")[-3000:]

    def stop(self) -> None:
        """SIGTERM to the gunicorn master (it stops its workers), SIGKILL if it lingers."""
        if self.process is None or self.process.poll() is not None:
            return
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


@contextmanager
def running_server(workers: int = 2) -> Iterator[Server]:
    """Whatever happens in the block, the server and its workers are stopped."""
    server = Server(workers)
    try:
        server.start()
        yield server
    finally:
        server.stop()
        server.output.close()


@contextmanager
def api_client(server: Server, username: str, password: str) -> Iterator[httpx.Client]:
    """One keep-alive client, authenticated as a real client would be: POST /auth/token."""
    with httpx.Client(base_url=f"{server.url}/api/v1", trust_env=False, timeout=30) as client:
        response = client.post("/auth/token", json={"username": username, "password": password})
        expect(response, 200)
        client.headers["Authorization"] = f"Bearer {response.json()['token']}"
        yield client


def expect(response: httpx.Response, status: int) -> httpx.Response:
    if response.status_code != status:
        raise RuntimeError(
            f"{response.request.method} {response.request.url} answered "
            f"{response.status_code}, expected {status}: {response.text[:500]}"
        )
    return response


def timed_request(client: httpx.Client, method: str, url: str, status: int, **kwargs) -> float:
    start = time.perf_counter()
    response = client.request(method, url, **kwargs)
    elapsed = (time.perf_counter() - start) * 1000
    expect(response, status)
    return elapsed


# --------------------------------------------------------------------------- API measures


def warm_up(client: httpx.Client, code: str) -> None:
    """First requests import modules and open connections: not what a user waits for."""
    for _index in range(20):
        expect(client.get(f"/customers/{quote(code, safe='')}"), 200)
        expect(client.get("/customers/", params={"q": "martin"}), 200)


def measure_api_creates(
    results: Results, client: httpx.Client, faker: CustomerFaker, count: int
) -> None:
    """One client, one request at a time: latency as a user or an integration sees it."""
    durations = [
        timed_request(client, "POST", "/customers/", 201, json=faker.api_payload())
        for _index in range(count)
    ]
    results.info("create, API", count / (sum(durations) / 1000), "customers/s", peer="26.8")
    results.add("create, API: p50", percentile(durations, 50), "ms", at_most=5, peer="36")
    results.info("create, API: p95", percentile(durations, 95), "ms")


def measure_reads(results: Results, client: httpx.Client, codes: list[str]) -> None:
    """Random codes, so the reads are spread over the whole table, not a cached few rows."""
    durations = [
        timed_request(client, "GET", f"/customers/{quote(code, safe='')}", 200) for code in codes
    ]
    results.add(
        "read one customer, API: p50", percentile(durations, 50), "ms", at_most=3, peer="17.7"
    )
    results.info("read one customer, API: p95", percentile(durations, 95), "ms")


def measure_list(
    results: Results, client: httpx.Client, groups: list[str], count: int
) -> dict[str, float]:
    """The first page of customers in a group subtree, cycling from nearly all customers
    (Segments) through a quarter, a sixteenth and 1 % (Government) down to a handful."""
    by_group: dict[str, list[float]] = {group: [] for group in groups}
    for index in range(count):
        group = groups[index % len(groups)]
        by_group[group].append(
            timed_request(client, "GET", "/customers/", 200, params={"customer_group": group})
        )
    every = [d for durations in by_group.values() for d in durations]
    results.info("list by group subtree, API: p50", percentile(every, 50), "ms")
    results.add("list by group subtree, API: p95", percentile(every, 95), "ms", at_most=20)
    return {group: percentile(durations, 95) for group, durations in by_group.items()}


def search_words(faker: CustomerFaker, count: int) -> tuple[list[str], list[str]]:
    """Selective queries (a VAT number, an e-mail, a phone, a name) and common words.

    Selective ones are taken from random customers, so each matches a handful of rows;
    common ones are frequent surnames, legal forms, activities and short prefixes.
    """
    rng = faker.rng
    ids = list(Customer.objects.values_list("id", flat=True))
    picked = Customer.objects.filter(id__in=rng.sample(ids, min(len(ids), count)))
    selective = []
    for customer in picked:
        options = [customer.customer_name]
        if customer.tax_id:
            options.append(customer.tax_id)
        if customer.email_id:
            options.append(customer.email_id)
        if customer.mobile_no:
            digits = "0" + customer.mobile_no[3:]
            options.append(" ".join(digits[i : i + 2] for i in range(0, 10, 2)))
        words = customer.customer_name.split()
        if len(words) >= 2:
            options.append(f"{words[0][:4]} {words[-1]}")
        selective.append(rng.choice(options))
    common = ["martin", "sarl", "boulangerie", "bernard", "sas", "garage", "mar", "dub", "lyon"]
    return selective[:count], [common[i % len(common)] for i in range(count)]


def measure_search(
    results: Results, client: httpx.Client, words: tuple[list[str], list[str]]
) -> dict[str, float]:
    selective, common = words
    timings: dict[str, list[float]] = {"selective": [], "common": []}
    slowest: dict[str, float] = {}
    for kind, queries in (("selective", selective), ("common", common)):
        for query in queries:
            elapsed = timed_request(client, "GET", "/customers/", 200, params={"q": query})
            timings[kind].append(elapsed)
            slowest[query] = max(slowest.get(query, 0), elapsed)
    every = timings["selective"] + timings["common"]
    results.info("search q, mixed words, API: p50", percentile(every, 50), "ms")
    results.add(
        "search q, mixed words, API: p95",
        percentile(every, 95),
        "ms",
        at_most=20,
        peer="26 (12,000 customers)",
    )
    for kind in ("selective", "common"):
        results.add(f"search q, {kind} words: p95", percentile(timings[kind], 95), "ms", at_most=20)
    return slowest


def contact_search_queries(faker: CustomerFaker, count: int) -> list[str]:
    """What a sales admin types to find a customer by its contact: an e-mail, a mobile
    number spaced the French way, or a city (from a large one to a small one)."""
    rng = faker.rng
    ids = list(Customer.objects.values_list("id", flat=True))
    picked = Customer.objects.filter(id__in=rng.sample(ids, min(len(ids), count)))
    queries = []
    for index, customer in enumerate(picked):
        if index % 3 == 0 and customer.email_id:
            queries.append(customer.email_id)
        elif index % 3 == 1 and customer.mobile_no:
            digits = "0" + customer.mobile_no[3:]
            queries.append(" ".join(digits[i : i + 2] for i in range(0, 10, 2)))
        else:
            queries.append(CITIES[index % len(CITIES)][1])
    return queries


def measure_contact_search(results: Results, client: httpx.Client, queries: list[str]) -> None:
    durations = [
        timed_request(client, "GET", "/customers/", 200, params={"q": query}) for query in queries
    ]
    results.info("search by e-mail, phone or city, API: p50", percentile(durations, 50), "ms")
    results.add(
        "search by e-mail, phone or city, API: p95", percentile(durations, 95), "ms", at_most=20
    )


def spread_over_workers(server: Server, username: str, password: str) -> None:
    """A keep-alive client talks to one worker only; fresh connections reach all of them,
    so every worker's memory is read after it has served reads, lists and searches."""
    for _index in range(10 * server.workers):
        with api_client(server, username, password) as client:
            expect(client.get("/customers/", params={"q": "martin"}), 200)
            expect(client.get("/customers/", params={"customer_group": tagged("Segments")}), 200)


def measure_memory(results: Results, server: Server) -> None:
    for number, pid in enumerate(server.worker_pids(), start=1):
        results.add(
            f"server memory, worker {number} (RSS)", rss_mib(pid), "MiB", at_most=150, peer="~100"
        )


# --------------------------------------------------------------------------- the run


def run(plan: Plan, *, force: bool, log: Log) -> tuple[Results, dict]:
    """Everything in order; returns the table rows and details for diagnosing a miss."""
    refuse_if_in_use(force=force)
    results = Results()
    details: dict = {"load_before": os.getloadavg()[0]}
    faker = CustomerFaker()
    log(f"migrate and seed {database_label()}")
    prepare_database()
    user, password = bench_user()
    choose_run_tag()
    segments_create()

    log(f"{plan.service_creates:,} customer creations through the service layer")
    measure_service_creates(results, user, faker, plan.service_creates, "")

    measure_trees(results, plan, log)

    log(f"bulk load of {plan.customers:,} customers with their search tokens")
    seconds = load_customers(faker, plan.customers, log)
    refresh_statistics()
    results.info(f"bulk load of {plan.customers:,} customers + tokens", seconds, "s")
    total = Customer.objects.count()

    log(f"{plan.service_creates_at_scale:,} service creations at {total:,} customers")
    measure_service_creates(results, user, faker, plan.service_creates_at_scale, f" (at {total:,})")
    codes = faker.rng.sample(list(Customer.objects.values_list("name", flat=True)), plan.reads)
    words = search_words(faker, plan.search_queries // 2)
    contact_queries = contact_search_queries(faker, plan.search_queries)

    log("start `clientele serve --workers 2`")
    with running_server(workers=2) as server, api_client(server, BENCH_USER, password) as client:
        warm_up(client, codes[0])
        log(f"{plan.api_creates:,} creations through the API")
        measure_api_creates(results, client, faker, plan.api_creates)
        log(f"{plan.reads:,} reads, {plan.list_queries:,} lists, {plan.search_queries:,} searches")
        measure_reads(results, client, codes)
        details["list_p95"] = measure_list(
            results,
            client,
            [
                *map(tagged, ["Segments", "PME", "TPE Nord", "Grands comptes Outre-mer"]),
                "Government",
            ],
            plan.list_queries,
        )
        details["slowest_searches"] = measure_search(results, client, words)
        measure_contact_search(results, client, contact_queries)
        spread_over_workers(server, BENCH_USER, password)
        measure_memory(results, server)
    details["customers"] = Customer.objects.count()
    details["load_after"] = os.getloadavg()[0]
    return results, details


# --------------------------------------------------------------------------- output


def format_value(value: float, unit: str) -> str:
    if unit == "×":
        return f"{value:.3f}"  # so a ratio of 1.204 does not print as a met 1.20
    if value >= 100:
        return f"{value:,.0f}"
    if value >= 10:
        return f"{value:.1f}"
    return f"{value:.2f}"


def table(results: Results, title: str) -> Table:
    out = Table(title=title, title_justify="left")
    out.add_column("measure")
    out.add_column("value", justify="right")
    out.add_column("unit")
    out.add_column("goal", justify="right")
    out.add_column(f"peer ({PEER})", justify="right")
    for row in results.rows:
        style = {True: "green", False: "bold red", None: ""}[row.met]
        value = format_value(row.value, row.unit)
        out.add_row(row.measure, value, row.unit, row.goal, row.peer, style=style)
    return out


def print_report(results: Results, details: dict) -> None:
    """The table on stdout; wide enough not to wrap when piped to a file."""
    console = Console(width=None if sys.stdout.isatty() else 110)
    title = (
        f"Clientèle benchmark — {database_label()}, {details['customers']:,} customers, "
        f"{os.cpu_count()} CPU"
    )
    console.print(table(results, title))
    console.print(
        f"Load average (1 min) before / after: {details['load_before']:.2f} / "
        f"{details['load_after']:.2f}: other work on the machine slows every timing."
    )
    if results.missed:
        console.print("Goals missed: " + "; ".join(row.measure for row in results.missed))
    else:
        console.print("Every goal is met.")
    slow_lists = ", ".join(f"{g} {ms:.1f}" for g, ms in details["list_p95"].items())
    console.print(f"List p95 by group (ms): {slow_lists}")
    slowest = sorted(details["slowest_searches"].items(), key=lambda item: -item[1])[:5]
    console.print("Slowest searches (ms): " + ", ".join(f"{q!r} {ms:.1f}" for q, ms in slowest))

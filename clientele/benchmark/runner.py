"""The run in order, and the report printed at the end."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from django.apps import apps
from django.conf import settings
from rich.console import Console
from rich.table import Table

from clientele.benchmark.common import (
    BENCH_USER,
    PEER,
    Log,
    Plan,
    Results,
    choose_run_tag,
    tagged,
)
from clientele.benchmark.contacts import (
    address_list_queries,
    contact_list_queries,
    load_addresses,
    load_contacts,
    measure_list_search,
)
from clientele.benchmark.database import (
    analyze,
    bench_user,
    database_label,
    load_customers,
    measure_machine,
    measure_service_creates,
    measure_trees,
    prepare_database,
    refresh_statistics,
    refuse_if_in_use,
    segments_create,
)
from clientele.benchmark.exports import measure_exports
from clientele.benchmark.fakedata import ContactFaker, CustomerFaker
from clientele.benchmark.imports import measure_imports
from clientele.benchmark.load import LOAD_CLIENTS, Workload, measure_load
from clientele.benchmark.pages import (
    measure_list_weight,
    measure_pages,
    measure_quick_entry_page,
    web_session,
)
from clientele.benchmark.sales_docs import measure_sales, sales_world
from clientele.benchmark.server import (
    api_client,
    contact_search_queries,
    measure_api_creates,
    measure_contact_search,
    measure_list,
    measure_memory,
    measure_quick_entries,
    measure_reads,
    measure_search,
    quick_entries,
    running_server,
    search_words,
    spread_over_workers,
    warm_up,
)
from clientele.benchmark.trees_api import measure_tree_api
from clientele.customers.models import Customer

# Unmeasured quick entries first, then the contact tables' statistics are taken again, as
# autovacuum would after that many new rows (see ``database.analyze``).
QUICK_ENTRIES_FIRST = 50
# Requests per screen measured (each page type; a third as many quick entries).
PAGE_SAMPLES = 300

# --------------------------------------------------------------------------- the run


def run(plan: Plan, *, force: bool, log: Log) -> tuple[Results, dict]:
    """Everything in order; returns the table rows and details for diagnosing a miss."""
    refuse_if_in_use(force=force)
    results = Results()
    details: dict = {"load_before": os.getloadavg()[0]}
    faker = CustomerFaker()
    log(f"migrate and seed {database_label()}")
    prepare_database()
    measure_machine(results)
    user, password = bench_user()
    choose_run_tag()
    segments_create()

    log(f"{plan.service_creates:,} customer creations through the service layer")
    measure_service_creates(results, user, faker, plan.service_creates, "")

    measure_trees(results, plan, log)

    log(f"bulk load of {plan.customers:,} customers with their search tokens")
    seconds = load_customers(faker, plan.customers, log)
    people = ContactFaker()
    log(f"bulk load of {plan.customers:,} contacts and addresses with their search tokens")
    contact_seconds = load_contacts(people, plan.customers, log)
    contact_seconds += load_addresses(people, plan.customers, log)
    refresh_statistics()
    results.info(f"bulk load of {plan.customers:,} customers + tokens", seconds, "s")
    results.info(
        f"bulk load of {plan.customers:,} contacts and addresses + tokens", contact_seconds, "s"
    )
    total = Customer.objects.count()
    log(f"export of {total:,} customers with their contact and address, CSV and XLSX")
    measure_exports(results, total)

    log(f"{plan.service_creates_at_scale:,} service creations at {total:,} customers")
    measure_service_creates(results, user, faker, plan.service_creates_at_scale, f" (at {total:,})")
    codes = faker.rng.sample(list(Customer.objects.values_list("name", flat=True)), plan.reads)
    words = search_words(faker, plan.search_queries // 2)
    contact_queries = contact_search_queries(faker, plan.search_queries)
    list_queries = {
        "contacts": contact_list_queries(people, plan.search_queries),
        "addresses": address_list_queries(people, plan.search_queries),
    }

    sales = sales_world(past_documents=plan.past_documents, log=log)
    refresh_statistics()

    log("start `clientele serve --workers 2`")
    with running_server(workers=2) as server, api_client(server, BENCH_USER, password) as client:
        warm_up(client, codes[0])
        log(f"{plan.api_creates:,} creations through the API")
        measure_api_creates(results, client, faker, plan.api_creates)
        log(f"{plan.api_creates // 2:,} quick entries through the API")
        quick_entries(client, faker, QUICK_ENTRIES_FIRST, first=800_000)
        analyze(*apps.get_app_config("contacts").get_models())
        durations = quick_entries(client, faker, plan.api_creates // 2, first=900_000)
        measure_quick_entries(results, durations)
        log(f"{plan.tree_inserts:,} tree inserts, twice as many moves, through the API")
        measure_tree_api(results, client, plan.tree_inserts)
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
        details["slowest_list_searches"] = {
            what: measure_list_search(results, client, what, queries)
            for what, queries in list_queries.items()
        }
        log("the screens: list, customer page, tree, quick entry, as a signed-in browser")
        with web_session(server, BENCH_USER, password) as browser:
            pages = min(plan.reads, PAGE_SAMPLES)
            measure_pages(
                results,
                browser,
                codes=codes[:pages],
                words=[word for pair in zip(*words, strict=False) for word in pair][:pages],
                groups=[*map(tagged, ["Segments", "PME", "TPE Nord"]), "Government"],
            )
            measure_quick_entry_page(results, browser, faker, pages // 3, first=950_000)
            measure_list_weight(results, browser)
        log(f"{plan.sales_documents:,} of each sales document through the API")
        measure_sales(results, client, sales, plan.sales_documents)
        spread_over_workers(server, BENCH_USER, password)
        measure_memory(results, server)
        log(f"{LOAD_CLIENTS} clients at once for {plan.load_seconds:g} s, mixed reads and writes")
        token = client.headers["Authorization"].removeprefix("Bearer ")
        workload = Workload(token=token, codes=codes, words=[*words[0], *words[1]])
        measure_load(results, server, workload, seconds=plan.load_seconds, log=log)
    details["customers"] = Customer.objects.count()
    # Last: the imports add their customers (twice the plan's), which every measure above
    # would otherwise read and search through.
    measure_imports(results, plan, Path(settings.VAR_DIR) / "bench-imports", log)
    details["load_after"] = os.getloadavg()[0]
    return results, details


# --------------------------------------------------------------------------- output


def format_value(value: float, unit: str) -> str:
    if unit == "×":
        return f"{value:.3f}"  # so a ratio of 1.204 does not print as a met 1.20
    if unit == "requests":
        return f"{value:,.0f}"
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
    console = Console(width=None if sys.stdout.isatty() else 120)
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
    for what, timings in details["slowest_list_searches"].items():
        slowest = sorted(timings.items(), key=lambda item: -item[1])[:5]
        console.print(
            f"Slowest {what} searches (ms): " + ", ".join(f"{q!r} {ms:.1f}" for q, ms in slowest)
        )

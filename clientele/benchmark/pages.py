"""The screens as a signed-in browser asks for them: server time per page, and the weight
of the customer list's first load.

The same keep-alive client as the API measures, holding the session cookie a sign-in sets.
"""

from __future__ import annotations

import gzip
import re
from collections.abc import Iterator
from contextlib import contextmanager
from urllib.parse import quote

from clientele.benchmark.client import Client
from clientele.benchmark.common import Results, percentile, tagged
from clientele.benchmark.fakedata import CustomerFaker
from clientele.benchmark.server import Server, expect, timed_request

PAGE_GOAL_MS = 30
WEIGHT_GOAL_KB = 150


@contextmanager
def web_session(server: Server, username: str, password: str) -> Iterator[Client]:
    """Signed in through the sign-in page, as a person: its CSRF cookie, then the form."""
    with Client(server.url) as client:
        expect(client.get("/login/"), 200)
        answer = client.request(
            "POST",
            "/login/",
            data={
                "username": username,
                "password": password,
                "next": "/",
                "csrfmiddlewaretoken": client.cookies["csrftoken"],
            },
        )
        expect(answer, 302)
        client.headers["X-CSRFToken"] = client.cookies["csrftoken"]
        yield client


def _p95(results: Results, label: str, durations: list[float]) -> None:
    results.info(f"{label}: p50", percentile(durations, 50), "ms")
    results.add(f"{label}: p95", percentile(durations, 95), "ms", at_most=PAGE_GOAL_MS)


def measure_pages(
    results: Results,
    client: Client,
    *,
    codes: list[str],
    words: list[str],
    groups: list[str],
) -> None:
    """Each page as many times as there are codes (or words), one request at a time."""
    count = len(codes)
    _p95(results, "page: customer list", [_get(client, "/customers/") for _ in range(count)])
    _p95(
        results,
        "page: customer list, searched",
        [_get(client, "/customers/", {"q": word}) for word in words],
    )
    _p95(
        results,
        "page: customer list, group subtree",
        [
            _get(client, "/customers/", {"customer_group": groups[i % len(groups)]})
            for i in range(count)
        ],
    )
    _p95(
        results,
        "page: customer",
        [_get(client, f"/customer/{quote(code, safe='')}/") for code in codes],
    )
    _p95(
        results,
        "page: customer group tree",
        [_get(client, "/customer-groups/") for _ in range(count)],
    )
    node = quote(tagged("Arborescence"), safe="")
    _p95(
        results,
        "page: one tree level expanded",
        [_get(client, f"/customer-groups/{node}/children/") for _ in range(count)],
    )


def _get(client: Client, path: str, params: dict | None = None) -> float:
    return timed_request(client, "GET", path, 200, params=params)


def measure_quick_entry_page(
    results: Results, client: Client, faker: CustomerFaker, count: int, first: int
) -> None:
    """The quick-entry dialog's form posted as a browser without JavaScript posts it, with
    a contact and an address; likely duplicates confirmed, as a user would after reading."""
    durations = []
    for serial in range(first, first + count):
        payload = faker.quick_entry_payload(serial)
        first_name, _, last_name = payload["contact"]["full_name"].partition(" ")
        form = {
            "customer_name": payload["customer_name"],
            "customer_type": "Company",
            "customer_group": "Commercial",
            "territory": "France",
            "tax_id": payload.get("tax_id", ""),
            "contact-first_name": first_name,
            "contact-last_name": last_name,
            "contact-email_id": payload["contact"]["email_id"],
            "contact-mobile_no": payload["contact"]["mobile_no"],
            **{f"address-{k}": v for k, v in payload["address"].items()},
            "confirm_duplicates": "1",
        }
        durations.append(timed_request(client, "POST", "/customers/quick/", 303, data=form))
    _p95(results, "page: quick entry submitted", durations)


ASSET = re.compile(r'(?:href|src)="(/static/[^"]+)"')


def measure_list_weight(results: Results, client: Client) -> None:
    """The list page's first load, everything included, compressed as served: the page as a
    reverse proxy gzips it, the stylesheets and scripts as WhiteNoise serves them (gzip)."""
    page = expect(client.get("/customers/"), 200)
    total = len(gzip.compress(page.content, 6))
    for path in sorted(set(ASSET.findall(page.text))):
        asset = expect(client.request("GET", path, headers={"Accept-Encoding": "gzip"}), 200)
        total += len(asset.content)
    results.add("customer list page, first load (gzip)", total / 1024, "kB", at_most=WEIGHT_GOAL_KB)

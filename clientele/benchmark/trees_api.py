"""Tree writes through the HTTP API: a customer group inserted, a leaf moved, in a tree
of 10,000 nodes (the one ``database.measure_trees`` grew), as a user's click would do."""

from urllib.parse import quote

from clientele.benchmark.client import Client
from clientele.benchmark.common import Results, percentile, tagged
from clientele.benchmark.server import expect, timed_request
from clientele.classification.models import CustomerGroup

# Measured against ERPNext 15 through the same client on this kind of machine: a customer
# group insert took 40 ms there.
ERPNEXT_GROUP_INSERT = "40"


def _group(client: Client, name: str, parent: str, *, is_group: bool) -> float:
    body = {"name": name, "parent_customer_group": parent, "is_group": is_group}
    return timed_request(client, "POST", "/customer-groups/", 201, json=body)


def measure_tree_api(results: Results, client: Client, count: int) -> None:
    """``count`` leaf groups inserted under one group, then each moved to another group
    and back, one request at a time."""
    here, there = tagged("API ici"), tagged("API là-bas")
    for name in (here, there):
        expect(
            client.post(
                "/customer-groups/",
                json={
                    "name": name,
                    "parent_customer_group": CustomerGroup.ROOT_NAME,
                    "is_group": True,
                },
            ),
            201,
        )
    names = [tagged(f"API feuille {index}") for index in range(count)]
    inserts = [_group(client, name, here, is_group=False) for name in names]
    moves = [
        timed_request(
            client,
            "POST",
            f"/customer-groups/{quote(name, safe='')}/move",
            200,
            json={"parent": to},
        )
        for to in (there, here)
        for name in names
    ]
    results.add(
        "tree insert, API: p50", percentile(inserts, 50), "ms", at_most=5, peer=ERPNEXT_GROUP_INSERT
    )
    results.info("tree insert, API: p95", percentile(inserts, 95), "ms")
    results.add("tree move of a leaf, API: p50", percentile(moves, 50), "ms", at_most=5)
    results.info("tree move of a leaf, API: p95", percentile(moves, 95), "ms")

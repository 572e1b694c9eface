"""Load: many clients at once for a fixed time, mixed reads and writes, and a graceful
reload of the server (SIGHUP to gunicorn's master) in the middle of it.

Each client is a thread with its own keep-alive connection and a request mix an office
makes: reads of a customer, lists and searches, creations and edits. Python threads
suffice on the client side: each one spends most of its time waiting for the server, and
``http.client`` costs far less per request than the server's work. Bounded: loopback only,
``LOAD_CLIENTS`` clients for ``Plan.load_seconds``.
"""

from __future__ import annotations

import random
import signal
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import quote

from clientele.benchmark.client import Client
from clientele.benchmark.common import Log, Results, percentile
from clientele.benchmark.fakedata import CustomerFaker
from clientele.benchmark.server import Server

LOAD_CLIENTS = 16

# The mix, by weight: what the requests of an office look like over a day.
MIX = (("read", 50), ("list", 15), ("search", 15), ("create", 10), ("edit", 10))


@dataclass
class Tally:
    """What every client saw, merged: each request's start and end (``perf_counter``
    seconds) and the failed requests."""

    spans: list[tuple[float, float]] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def keep(self, spans: list[tuple[float, float]], failures: list[str]) -> None:
        with self.lock:
            self.spans += spans
            self.failures += failures

    def durations(self) -> list[float]:
        return [(ended - begun) * 1000 for begun, ended in self.spans]

    def across(self, window: tuple[float, float]) -> int:
        """Requests under way at some moment of ``window``."""
        return sum(1 for begun, ended in self.spans if ended >= window[0] and begun <= window[1])


@dataclass(frozen=True)
class Workload:
    token: str
    codes: list[str]
    words: list[str]


def measure_load(
    results: Results, server: Server, work: Workload, *, seconds: float, log: Log
) -> None:
    """``LOAD_CLIENTS`` clients for ``seconds``; halfway, the server is reloaded (HUP)."""
    tally = Tally()
    stop = time.perf_counter() + seconds
    clients = [
        threading.Thread(target=_client, args=(server, work, serial, stop, tally))
        for serial in range(LOAD_CLIENTS)
    ]
    started = time.perf_counter()
    for thread in clients:
        thread.start()
    time.sleep(seconds / 2)
    log(f"graceful reload (HUP) under the load of {LOAD_CLIENTS} clients")
    window = _reload(server)
    for thread in clients:
        thread.join()
    _report(results, tally, time.perf_counter() - started, window)


def _reload(server: Server) -> tuple[float, float]:
    """HUP the master and wait until it has forked a new set of workers: the moments
    between which the reload happened."""
    before = set(server.worker_pids())
    began = time.perf_counter()
    server.process.send_signal(signal.SIGHUP)
    deadline = began + 60
    while time.perf_counter() < deadline:
        now = set(server.worker_pids())
        if len(now - before) >= server.workers and not (now & before):
            return began, time.perf_counter()
        time.sleep(0.05)
    raise RuntimeError(f"The server did not reload in 60 s:\n{server.log_tail()}")


def _client(server: Server, work: Workload, serial: int, stop: float, tally: Tally) -> None:
    rng = random.Random(serial)
    faker = CustomerFaker(seed=4000 + serial)
    spans: list[tuple[float, float]] = []
    failures: list[str] = []
    created: list[str] = []
    actions, weights = zip(*MIX, strict=True)
    with Client(f"{server.url}/api/v1", timeout=60) as client:
        client.headers["Authorization"] = f"Bearer {work.token}"
        while time.perf_counter() < stop:
            action = rng.choices(actions, weights)[0]
            request = _request(action, rng, faker, work, created)
            begun = time.perf_counter()
            try:
                failure = request(client)
            except OSError as error:  # refused, reset, timed out: a dropped request
                failure = f"{action}: {type(error).__name__}: {error}"
                client.close()
            spans.append((begun, time.perf_counter()))
            if failure:
                failures.append(failure)
    tally.keep(spans, failures)


def _request(
    action: str, rng: random.Random, faker: CustomerFaker, work: Workload, created: list[str]
) -> Callable[[Client], str]:
    """One request of ``action``; it answers what went wrong, or an empty string."""
    if action == "read":
        code = quote(rng.choice(work.codes), safe="")
        return lambda client: _check(client.get(f"/customers/{code}"), 200)
    if action == "list":
        return lambda client: _check(client.get("/customers/", params={"limit": 20}), 200)
    if action == "search":
        word = rng.choice(work.words)
        return lambda client: _check(client.get("/customers/", params={"q": word}), 200)
    if action == "create" or not created:

        def create(client: Client) -> str:
            response = client.post("/customers/", json=faker.api_payload())
            if response.status_code == 201:
                created.append(response.json()["name"])
            return _check(response, 201)

        return create
    code = quote(rng.choice(created), safe="")
    edit = {"customer_details": f"Modifié par la charge {rng.random():.6f}"}
    return lambda client: _check(client.request("PATCH", f"/customers/{code}", json=edit), 200)


def _check(response, status: int) -> str:
    if response.status_code == status:
        return ""
    return f"{response.method} {response.url}: {response.status_code} {response.text[:200]}"


def _report(
    results: Results, tally: Tally, elapsed: float, reload_window: tuple[float, float]
) -> None:
    label = f"load, {LOAD_CLIENTS} clients"
    durations = tally.durations()
    results.info(f"{label}: throughput", len(durations) / elapsed, "requests/s")
    for pct in (50, 95, 99):
        results.info(f"{label}: p{pct}", percentile(durations, pct), "ms")
    results.add(f"{label}: failed requests", len(tally.failures), "requests", at_most=0)
    results.info(f"{label}: served across a reload (HUP)", tally.across(reload_window), "requests")
    results.info(f"{label}: reload (HUP) took", (reload_window[1] - reload_window[0]), "s")
    for failure in tally.failures[:5]:
        print(f"load failure: {failure}")

"""HTTP side: the production server in a subprocess and the measures taken through it."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import quote

from clientele.benchmark.client import Client, Response
from clientele.benchmark.common import Results, percentile, tagged
from clientele.benchmark.fakedata import CITIES, CustomerFaker
from clientele.customers.models import Customer

# --------------------------------------------------------------------------- HTTP server


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _is_renderer(pid: int) -> bool:
    try:
        arguments = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
    except OSError:
        return False
    return b"clientele.core.pdf" in arguments


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
        with Client(self.url, timeout=5) as probe:
            while time.monotonic() < deadline:
                if self.process.poll() is not None:
                    raise RuntimeError(f"The server exited:\n{self.log_tail()}")
                try:
                    if probe.get("/login/").status_code == 200 and (
                        len(self.worker_pids()) >= self.workers
                    ):
                        return
                except OSError:
                    probe.close()
                time.sleep(0.2)
        raise RuntimeError(f"The server did not start in {timeout:.0f} s:\n{self.log_tail()}")

    def worker_pids(self) -> list[int]:
        """The gunicorn workers: the master's children but its PDF renderer."""
        return [pid for pid in children_of(self.process.pid) if not _is_renderer(pid)]

    def renderer_pids(self) -> list[int]:
        """The PDF renderer ``clientele serve`` starts beside its workers (``core.pdf``)."""
        return [pid for pid in children_of(self.process.pid) if _is_renderer(pid)]

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
def api_client(server: Server, username: str, password: str) -> Iterator[Client]:
    """One keep-alive client, authenticated as a real client would be: POST /auth/token."""
    with Client(f"{server.url}/api/v1") as client:
        response = client.post("/auth/token", json={"username": username, "password": password})
        expect(response, 200)
        client.headers["Authorization"] = f"Bearer {response.json()['token']}"
        yield client


def expect(response: Response, status: int) -> Response:
    if response.status_code != status:
        raise RuntimeError(
            f"{response.method} {response.url} answered "
            f"{response.status_code}, expected {status}: {response.text[:500]}"
        )
    return response


def timed_request(client: Client, method: str, url: str, status: int, **kwargs) -> float:
    start = time.perf_counter()
    response = client.request(method, url, **kwargs)
    elapsed = (time.perf_counter() - start) * 1000
    expect(response, status)
    return elapsed


# --------------------------------------------------------------------------- API measures


def warm_up(client: Client, code: str) -> None:
    """First requests import modules and open connections: not what a user waits for."""
    for _index in range(20):
        expect(client.get(f"/customers/{quote(code, safe='')}"), 200)
        expect(client.get("/customers/", params={"q": "martin"}), 200)


def measure_api_creates(results: Results, client: Client, faker: CustomerFaker, count: int) -> None:
    """One client, one request at a time: latency as a user or an integration sees it."""
    durations = [
        timed_request(client, "POST", "/customers/", 201, json=faker.api_payload())
        for _index in range(count)
    ]
    results.info("create, API", count / (sum(durations) / 1000), "customers/s", peer="26.8")
    results.add("create, API: p50", percentile(durations, 50), "ms", at_most=5, peer="36")
    results.info("create, API: p95", percentile(durations, 95), "ms")


def quick_entries(client: Client, faker: CustomerFaker, count: int, first: int) -> list[float]:
    """``count`` customers with their primary contact and address in one request each
    (quick entry): three records, their links, the customer's mirrors and the duplicates
    look-up by e-mail and mobile too. Their durations, in ms."""
    return [
        timed_request(client, "POST", "/customers/", 201, json=faker.quick_entry_payload(serial))
        for serial in range(first, first + count)
    ]


def measure_quick_entries(results: Results, durations: list[float]) -> None:
    results.info("create by quick entry, API: p50", percentile(durations, 50), "ms")
    results.info("create by quick entry, API: p95", percentile(durations, 95), "ms")


def measure_reads(results: Results, client: Client, codes: list[str]) -> None:
    """Random codes, so the reads are spread over the whole table, not a cached few rows."""
    durations = [
        timed_request(client, "GET", f"/customers/{quote(code, safe='')}", 200) for code in codes
    ]
    results.add(
        "read one customer, API: p50", percentile(durations, 50), "ms", at_most=3, peer="17.7"
    )
    results.info("read one customer, API: p95", percentile(durations, 95), "ms")


def measure_list(
    results: Results, client: Client, groups: list[str], count: int
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
    results: Results, client: Client, words: tuple[list[str], list[str]]
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


def measure_contact_search(results: Results, client: Client, queries: list[str]) -> None:
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
    for pid in server.renderer_pids():
        results.info("server memory, PDF renderer (RSS)", rss_mib(pid), "MiB")

"""The PDF renderer ``clientele serve`` starts beside its workers (``core.pdf``): a process
asking for a PDF never loads WeasyPrint itself, and without a renderer it still gets it."""

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from clientele.core.pdf import RENDERER_ENV

# A worker, as far as PDFs go: asks for one, says whether it loaded WeasyPrint to get it.
ASKING = (
    "import sys; from clientele.core.pdf import pdf_from_html; "
    "pdf = pdf_from_html('<h1>Facture</h1><p>Total 1 234,50 €</p>'); "
    "sys.stdout.buffer.write(pdf); sys.stderr.write(str('weasyprint' in sys.modules))"
)


def _ask(tmp_path: Path, socket_path: str) -> tuple[str, list[str]]:
    """Text of the PDF a fresh process got, and what it wrote to stderr: its warnings,
    then whether it loaded WeasyPrint."""
    env = {**os.environ, RENDERER_ENV: socket_path}
    asked = subprocess.run(
        [sys.executable, "-c", ASKING], env=env, capture_output=True, check=True, timeout=120
    )
    pdf = tmp_path / "asked.pdf"
    pdf.write_bytes(asked.stdout)
    text = subprocess.run(
        ["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    return " ".join(text.split()), asked.stderr.decode().splitlines()


def _wait_for(path: Path, renderer: subprocess.Popen) -> None:
    deadline = time.monotonic() + 60
    while not path.exists():
        assert renderer.poll() is None, "the renderer stopped"
        assert time.monotonic() < deadline, "the renderer did not listen within 60 s"
        time.sleep(0.1)


@pytest.fixture
def renderer(tmp_path: Path) -> Iterator[Path]:
    path = tmp_path / "pdf.sock"
    process = subprocess.Popen(
        [sys.executable, "-m", "clientele.core.pdf", str(path), str(os.getpid())]
    )
    try:
        _wait_for(path, process)
        yield path
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_the_renderer_renders_and_the_asking_process_never_loads_weasyprint(tmp_path, renderer):
    text, said = _ask(tmp_path, str(renderer))

    assert text == "Facture Total 1 234,50 €"
    assert said == ["False"]


def test_without_its_renderer_a_process_renders_the_pdf_itself(tmp_path):
    nobody = tmp_path / "nobody-listens.sock"

    text, said = _ask(tmp_path, str(nobody))

    assert text == "Facture Total 1 234,50 €"
    assert said == [
        f"PDF renderer at {nobody} unreachable ([Errno 2] No such file or directory):"
        " rendering in process",
        "True",
    ]


def test_the_renderer_stops_when_the_server_that_started_it_is_gone(tmp_path):
    # given a renderer started by a process that then dies without stopping it
    path = tmp_path / "orphan.sock"
    starter = subprocess.run(
        ["sh", "-c", f'"{sys.executable}" -m clientele.core.pdf "{path}" $$ & echo $!'],
        capture_output=True,
        text=True,
        check=True,
    )
    pid = int(starter.stdout)
    # then it goes too, within seconds of noticing (it looks once a second)
    deadline = time.monotonic() + 60
    while Path(f"/proc/{pid}").exists() and _state(pid) != "Z":
        assert time.monotonic() < deadline, "the orphaned renderer is still running"
        time.sleep(0.2)


def _state(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/stat").read_text().split(")")[-1].split()[0]
    except FileNotFoundError:
        return "gone"

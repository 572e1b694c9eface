"""HTML to PDF (WeasyPrint), in a process of its own when the server runs one.

WeasyPrint, Pango and the fonts add about 45 MB to the process that renders, for good: in
a web worker, the first PDF it served lifted it from 110 to 170 MB. ``clientele serve``
therefore starts one renderer beside its workers (``python -m clientele.core.pdf SOCKET PID``,
WeasyPrint loaded and warmed once, no Django), and names its socket to the workers in
``RENDERER_ENV``. The renderer forks a child per PDF, which renders and exits: PDFs render
side by side, and whatever one costs in memory is given back when it is done.

Without a renderer (tests, commands, a renderer gone), the PDF is rendered in the process
asking for it, as before: a PDF is never refused for want of the renderer.
"""

import logging
import os
import socket
import socketserver
import struct
import sys
import threading
from typing import Any

RENDERER_ENV = "CLIENTELE_PDF_SOCKET"
# A PDF of hundreds of lines renders in a second; a renderer silent for this long is stuck.
TIMEOUT_SECONDS = 60
_LENGTH = struct.Struct("!I")
_OK, _FAILED = b"0", b"1"

log = logging.getLogger(__name__)
_fonts = threading.local()


class RenderingFailed(RuntimeError):
    """WeasyPrint could not render the page (the renderer says why)."""


def pdf_from_html(html: str) -> bytes:
    """The page on A4 as WeasyPrint prints it: its text searchable, its fonts embedded."""
    path = os.environ.get(RENDERER_ENV)
    if path:
        try:
            return _rendered_by(path, html)
        except OSError as error:  # no renderer there (stopped, restarting): render here
            log.warning("PDF renderer at %s unreachable (%s): rendering in process", path, error)
    return render(html)


def render(html: str) -> bytes:
    from weasyprint import HTML  # loads Pango: only where a PDF is rendered

    return HTML(string=html).write_pdf(font_config=_font_config())


def _font_config() -> Any:
    """The fonts as fontconfig found them, looked up once per thread rather than per PDF
    (Pango's font maps are not to be shared between threads)."""
    from weasyprint.text.fonts import FontConfiguration

    if not hasattr(_fonts, "config"):
        _fonts.config = FontConfiguration()
    return _fonts.config


def _rendered_by(path: str, html: str) -> bytes:
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as connection:
        connection.settimeout(TIMEOUT_SECONDS)
        connection.connect(path)
        _send(connection, html.encode())
        connection.shutdown(socket.SHUT_WR)
        status = _receive_exactly(connection, 1)
        body = _receive(connection)
    if status != _OK:
        raise RenderingFailed(body.decode(errors="replace"))
    return body


def _send(connection: socket.socket, data: bytes) -> None:
    connection.sendall(_LENGTH.pack(len(data)) + data)


def _receive(connection: socket.socket) -> bytes:
    (length,) = _LENGTH.unpack(_receive_exactly(connection, _LENGTH.size))
    return _receive_exactly(connection, length)


def _receive_exactly(connection: socket.socket, count: int) -> bytes:
    chunks, left = [], count
    while left:
        chunk = connection.recv(min(left, 1 << 20))
        if not chunk:
            raise ConnectionError("the renderer closed the connection early")
        chunks.append(chunk)
        left -= len(chunk)
    return b"".join(chunks)


class _Rendering(socketserver.StreamRequestHandler):
    """One PDF, in a child process of its own (``ForkingMixIn``)."""

    def handle(self) -> None:
        html = _receive(self.request).decode()
        try:
            status, body = _OK, render(html)
        except Exception as error:  # the worker reports it; this child exits either way
            status, body = _FAILED, f"{type(error).__name__}: {error}".encode()
        self.request.sendall(status + _LENGTH.pack(len(body)) + body)


class _Renderer(socketserver.ForkingMixIn, socketserver.UnixStreamServer):
    block_on_close = False
    timeout = 1  # seconds ``handle_request`` waits before looking around (and reaping)


def serve(path: str, parent: int) -> None:
    """Render PDFs for whoever connects to ``path``, until stopped (SIGTERM) or until
    ``parent``, the server that started this renderer, is gone (killed without a chance
    to stop it)."""
    render("<p>.</p>")  # WeasyPrint, Pango and the fonts loaded before the first fork
    if os.path.exists(path):
        os.unlink(path)  # a socket left by a renderer that was killed
    with _Renderer(path, _Rendering) as server:
        while os.getppid() == parent:
            server.handle_request()


if __name__ == "__main__":
    serve(sys.argv[1], parent=int(sys.argv[2]))

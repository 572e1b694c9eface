"""The gunicorn worker ``clientele serve`` runs: gunicorn's threaded worker, whose own
refusals speak the API's JSON.

Gunicorn refuses some requests before the app sees them (a request line over
``limit_request_line``, too many or too large headers, a malformed request) and writes an
HTML page for each. A client of the API reads JSON: in our worker processes the one
function gunicorn writes those refusals with is replaced by one writing
``{"detail": …, "errors": {}}`` with the same status. Such a request was never read far
enough to know its address, so every refusal of this kind is JSON, pages included; a
person never meets one from a browser.
"""

import json

from gunicorn import util
from gunicorn.workers.gthread import ThreadWorker


def write_json_error(sock, status_int: int, reason: str, mesg: str) -> None:
    body = json.dumps({"detail": reason, "errors": {"__all__": [mesg]} if mesg else {}})
    head = (
        f"HTTP/1.1 {status_int} {reason}\r\n"
        "Connection: close\r\n"
        "Content-Type: application/json\r\n"
        f"Content-Length: {len(body.encode())}\r\n\r\n"
    )
    util.write_nonblock(sock, (head + body).encode("latin1", errors="replace"))


class JsonErrorsWorker(ThreadWorker):
    def init_process(self) -> None:
        util.write_error = write_json_error
        super().init_process()

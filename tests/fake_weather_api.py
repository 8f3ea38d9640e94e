"""A fake weather API on 127.0.0.1 for the provider tests, and its pytest fixture.

Each test sets the response per path (status, JSON or raw body, delay before
the status line, delay between body bytes) and reads back the requests it got.
"""

from __future__ import annotations

import json
import threading
import time
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Callable
from urllib.parse import parse_qs, urlsplit

import pytest


@dataclass
class FakeResponse:
    status: int = 200
    json: Any = None
    body: bytes | None = None
    # Seconds to wait before sending the status line.
    delay: float = 0.0
    # Seconds to wait between body bytes, to trickle the body out.
    byte_delay: float = 0.0

    def payload(self) -> bytes:
        if self.body is not None:
            return self.body
        return json.dumps(self.json, ensure_ascii=False).encode("utf-8")


@dataclass
class Request:
    path: str
    query: dict[str, str]


class FakeWeatherAPI:
    """Responds to GET requests by path, with 404 for an unknown path."""

    def __init__(self) -> None:
        self.responses: dict[str, FakeResponse | Callable[[Request], FakeResponse]] = {}
        self.requests: list[Request] = []
        self._lock = threading.Lock()
        api = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 (http.server naming)
                parts = urlsplit(self.path)
                request = Request(parts.path, {key: values[-1] for key, values in parse_qs(parts.query).items()})
                with api._lock:
                    api.requests.append(request)
                response = api.responses.get(parts.path, FakeResponse(status=404, json={"cod": "404", "message": "Not found"}))
                if callable(response):
                    response = response(request)
                self._send(response)

            def _send(self, response: FakeResponse) -> None:
                time.sleep(response.delay)
                payload = response.payload()
                try:
                    self.send_response(response.status)
                    self.send_header("Content-Type", "application/json; charset=utf-8")
                    self.send_header("Content-Length", str(len(payload)))
                    self.end_headers()
                    if response.byte_delay:
                        for index in range(len(payload)):
                            self.wfile.write(payload[index : index + 1])
                            self.wfile.flush()
                            time.sleep(response.byte_delay)
                    else:
                        self.wfile.write(payload)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up, as the timeout tests intend

            def log_message(self, format: str, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        # A short poll interval lets shutdown() return quickly at teardown.
        self._thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True)

    def start(self) -> "FakeWeatherAPI":
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._thread.is_alive():
            self.server.shutdown()
        self.server.server_close()

    def requests_to(self, path: str) -> list[Request]:
        with self._lock:
            return [request for request in self.requests if request.path == path]


@pytest.fixture
def fake_api():
    api = FakeWeatherAPI().start()
    yield api
    api.stop()

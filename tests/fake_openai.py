"""A fake OpenAI-compatible HTTP server on 127.0.0.1 for the cloud backend tests.

It serves the endpoints Mumble uses (audio transcriptions, image generations,
chat completions, model lookup) plus plain file downloads, and records every
request: path, headers without Authorization, the bearer token on its own,
the JSON body or the multipart fields and files. A test queues replies for a
path to script failures; with nothing queued each endpoint succeeds.
"""

from __future__ import annotations

import base64
import email.parser
import email.policy
import io
import json
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Callable

import pytest
from PIL import Image

from mumble.openai_client import clear_health_cache
from mumble.settings import Settings, load_settings

# A made-up key; tests assert that it appears in no message or log.
TEST_KEY = "sk-test-0123456789abcdefSECRET"
DEFAULT_TRANSCRIPT = "今天天氣很好 我想去公園散步"
DEFAULT_REWRITE = "清晨的公园里，薄雾笼罩着湖面，柔和的金色阳光穿过柳枝，水彩风格，画面宁静。"
DEFAULT_REVISED_PROMPT = "A misty lakeside park at dawn, watercolour."


def make_png(width: int = 64, height: int = 48, colour: tuple[int, int, int] = (40, 120, 200)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), colour).save(buffer, format="PNG")
    return buffer.getvalue()


@dataclass
class Reply:
    status: int = 200
    json: Any = None
    body: bytes = b""
    content_type: str = "application/json"
    headers: dict[str, str] = field(default_factory=dict)
    # Seconds to wait before responding, to make the client time out.
    delay: float = 0.0


def error_reply(status: int, code: str | None, message: str, kind: str = "invalid_request_error", **headers: str) -> Reply:
    """Return an error in the API's shape: {"error": {"message", "type", "param", "code"}}."""
    body = {"error": {"message": message, "type": kind, "param": None, "code": code}}
    return Reply(status=status, json=body, headers=dict(headers))


@dataclass
class SeenRequest:
    method: str
    path: str
    headers: dict[str, str]
    # The bearer token sent, kept apart from headers so printed requests do not show it.
    api_key: str | None
    json: Any = None
    fields: dict[str, str] = field(default_factory=dict)
    # Form field -> (file name, content type, bytes).
    files: dict[str, tuple[str, str, bytes]] = field(default_factory=dict)


Responder = Callable[[SeenRequest], Reply]


class FakeOpenAI:
    """The server; start() binds a free port, url is the base URL to give the SDK."""

    def __init__(self) -> None:
        self.requests: list[SeenRequest] = []
        self.png = make_png()
        self.files: dict[str, tuple[bytes, str]] = {"/files/image.png": (self.png, "image/png")}
        self._queues: dict[tuple[str, str], list[Reply | Responder]] = {}
        self._lock = threading.Lock()
        self._stopping = threading.Event()
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    @property
    def origin(self) -> str:
        assert self._server is not None, "start() the server first"
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    @property
    def url(self) -> str:
        return self.origin + "/v1"

    def start(self) -> "FakeOpenAI":
        handler = type("Handler", (_Handler,), {"fake": self})
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stopping.set()
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()

    def queue(self, path: str, *replies: Reply | Responder, method: str = "POST") -> None:
        """Respond to the next requests to path with replies, in order; afterwards the default applies."""
        with self._lock:
            self._queues.setdefault((method, path), []).extend(replies)

    def seen(self, path: str) -> list[SeenRequest]:
        return [request for request in self.requests if request.path == path]

    # Default answers

    def answer(self, request: SeenRequest) -> Reply:
        with self._lock:
            queued = self._queues.get((request.method, request.path))
            scripted = queued.pop(0) if queued else None
        if scripted is not None:
            return scripted(request) if callable(scripted) else scripted

        if request.method == "GET" and request.path in self.files:
            data, content_type = self.files[request.path]
            return Reply(body=data, content_type=content_type)
        if request.method == "GET" and request.path.startswith("/v1/models/"):
            model = request.path.rsplit("/", 1)[1]
            return Reply(json={"id": model, "object": "model", "created": 0, "owned_by": "openai"})
        if request.path == "/v1/audio/transcriptions":
            return Reply(json={"text": DEFAULT_TRANSCRIPT})
        if request.path == "/v1/images/generations":
            return self._image_reply(request)
        if request.path == "/v1/chat/completions":
            return Reply(json=chat_completion(DEFAULT_REWRITE, model=(request.json or {}).get("model", "")))
        return error_reply(404, "not_found", f"No route for {request.method} {request.path}")

    def _image_reply(self, request: SeenRequest) -> Reply:
        body = request.json or {}
        if body.get("response_format") == "url":
            item = {"url": self.origin + "/files/image.png", "revised_prompt": DEFAULT_REVISED_PROMPT}
            return Reply(json={"created": 1, "data": [item]})
        item = {"b64_json": base64.b64encode(self.png).decode()}
        usage = {
            "input_tokens": 50,
            "output_tokens": 4160,
            "total_tokens": 4210,
            "input_tokens_details": {"text_tokens": 50, "image_tokens": 0},
        }
        return Reply(json={"created": 1, "data": [item], "usage": usage})


def chat_completion(content: str | None, model: str = "gpt-4o-mini", finish_reason: str = "stop") -> dict[str, Any]:
    message = {"role": "assistant", "content": content, "refusal": None}
    return {
        "id": "chatcmpl-test",
        "object": "chat.completion",
        "created": 1,
        "model": model,
        "choices": [{"index": 0, "message": message, "finish_reason": finish_reason, "logprobs": None}],
    }


class _Handler(BaseHTTPRequestHandler):
    fake: FakeOpenAI
    protocol_version = "HTTP/1.1"

    def do_GET(self) -> None:
        self._handle()

    def do_POST(self) -> None:
        self._handle()

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def _handle(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        request = self._parse(body)
        self.fake.requests.append(request)

        reply = self.fake.answer(request)
        if reply.delay and self.fake._stopping.wait(reply.delay):
            return
        payload = json.dumps(reply.json).encode() if reply.json is not None else reply.body
        try:
            self.send_response(reply.status)
            self.send_header("Content-Type", reply.content_type)
            self.send_header("Content-Length", str(len(payload)))
            for name, value in reply.headers.items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(payload)
        except (BrokenPipeError, ConnectionResetError):
            # The client gave up first, as it does in the timeout tests.
            pass

    def _parse(self, body: bytes) -> SeenRequest:
        headers = {name.lower(): value for name, value in self.headers.items() if name.lower() != "authorization"}
        authorization = self.headers.get("Authorization") or ""
        api_key = authorization.removeprefix("Bearer ") if authorization.startswith("Bearer ") else None
        request = SeenRequest(method=self.command, path=self.path.split("?", 1)[0], headers=headers, api_key=api_key)

        content_type = self.headers.get("Content-Type") or ""
        if content_type.startswith("application/json") and body:
            request.json = json.loads(body)
        elif content_type.startswith("multipart/form-data"):
            envelope = f"Content-Type: {content_type}\r\nMIME-Version: 1.0\r\n\r\n".encode() + body
            message = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(envelope)
            for part in message.iter_parts():
                name = part.get_param("name", header="content-disposition")
                data = part.get_payload(decode=True) or b""
                filename = part.get_filename()
                if filename is not None:
                    request.files[name] = (filename, part.get_content_type(), data)
                else:
                    request.fields[name] = data.decode()
        return request


@pytest.fixture
def fake_openai(monkeypatch: pytest.MonkeyPatch):
    """Start a FakeOpenAI for one test, with the SDK's retry backoff cut to milliseconds."""
    import openai._base_client

    # The SDK waits 0.5 s, 1 s, 2 s… between retries; the tests only need the retries to happen.
    monkeypatch.setattr(openai._base_client, "INITIAL_RETRY_DELAY", 0.001)
    monkeypatch.setattr(openai._base_client, "MAX_RETRY_DELAY", 0.01)
    clear_health_cache()
    server = FakeOpenAI().start()
    yield server
    server.stop()
    clear_health_cache()


def openai_settings(server: FakeOpenAI, **overrides: str) -> Settings:
    """Load settings the way the app does, pointing the SDK at server through OPENAI_BASE_URL."""
    environ = {"OPENAI_API_KEY": TEST_KEY, "OPENAI_BASE_URL": server.url, "MUMBLE_OPENAI_TIMEOUT": "5"}
    environ.update(overrides)
    return load_settings(environ=environ, secrets={})

"""A real local HTTP server that speaks (or breaks) the OpenAI chat API on purpose."""

from __future__ import annotations

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

GOOD_TEXT = (
    "Respect his pace, because pushing leads to resistance. Create opportunities for connection through shared "
    "experiences like driving or walking side by side."
)


class Handler(BaseHTTPRequestHandler):
    server: BadServer

    def log_message(self, *args) -> None:  # keep test output clean
        pass

    def _send(self, code: int, body: bytes, ctype: str = "application/json") -> None:
        self.send_response(code)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:  # noqa: N802
        self._send(200, json.dumps({"data": [{"id": "m"}]}).encode())

    def do_POST(self) -> None:  # noqa: N802
        length = int(self.headers.get("Content-Length", 0))
        request = json.loads(self.rfile.read(length) or b"{}")
        self.server.requests.append(request)
        mode = self.server.mode
        if mode == "hang":
            time.sleep(self.server.hang_s)
            return
        if mode == "500":
            return self._send(500, b'{"error": {"message": "internal error", "type": "server_error"}}')
        if mode == "malformed":
            return self._send(200, b"data: {not json\n\n" if request.get("stream") else b"{not json",
                              "text/event-stream" if request.get("stream") else "application/json")
        if mode == "truncated":
            self.send_response(200)
            self.send_header("Content-Type", "text/event-stream" if request.get("stream") else "application/json")
            self.send_header("Content-Length", "400")
            self.end_headers()
            self.wfile.write(b'data: {"id": "x", "object": "chat.completion.chunk", "choices": [{"index": 0, "delta": {"cont')
            self.wfile.flush()
            self.connection.shutdown(2)
            return
        text = "" if mode == "empty" else GOOD_TEXT
        if request.get("stream"):
            chunks = [text[i:i + 12] for i in range(0, len(text), 12)] or [""]
            body = b""
            for piece in chunks:
                chunk = {"id": "c", "object": "chat.completion.chunk", "created": 0, "model": "m",
                         "choices": [{"index": 0, "delta": {"content": piece}, "finish_reason": None}]}
                body += b"data: " + json.dumps(chunk).encode() + b"\n\n"
            body += b"data: [DONE]\n\n"
            return self._send(200, body, "text/event-stream")
        reply = {"id": "c", "object": "chat.completion", "created": 0, "model": "m",
                 "choices": [{"index": 0, "message": {"role": "assistant", "content": text}, "finish_reason": "stop"}],
                 "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2}}
        self._send(200, json.dumps(reply).encode())


class BadServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), Handler)
        self.mode = "ok"
        self.hang_s = 6.0
        self.requests: list[dict] = []
        self.thread = threading.Thread(target=self.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}/v1"

    def __enter__(self) -> BadServer:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.shutdown()
        self.server_close()

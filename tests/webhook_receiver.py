"""A webhook receiver on 127.0.0.1 for the tests: a real http.server thread that records each
request and answers with the next of the statuses it was given (the last one repeats)."""

import contextlib
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class Receiver:
    def __init__(self, *statuses, answer=b"ok", delay=0.0):
        self.statuses, self.answer, self.delay = list(statuses or [200]), answer, delay
        self.requests = []  # (headers as a dict, body bytes)
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self.handler())
        self.url = f"http://127.0.0.1:{self.server.server_port}/hooks/interviewkit"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()

    def handler(self):
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                receiver.requests.append((dict(self.headers), body))
                status = receiver.statuses[min(len(receiver.requests), len(receiver.statuses)) - 1]
                time.sleep(receiver.delay)
                self.send_response(status)
                self.send_header("Content-Length", str(len(receiver.answer)))
                self.end_headers()
                # The sender stops reading past its bound, as it should.
                with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                    self.wfile.write(receiver.answer)

            def log_message(self, *args):
                pass

        return Handler

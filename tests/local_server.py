"""What the local fakes of CBS's and PDOK's services share: an HTTP server on a free port of 127.0.0.1 in a
background thread, the log of every request, and faults a test arranges (an error status for the next requests).

tests/statline_server.py (CBS OData) and tests/ogc_server.py (PDOK OGC API Features) say what they answer; the
request handler reaches the service object as ``self.server.service``.
"""

from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class LocalServer:
    """Start and stop, request log and faults; a subclass sets HANDLER and answers requests."""

    HANDLER: type[BaseHTTPRequestHandler]
    THREAD_NAME = "local-server"

    def __init__(self) -> None:
        self.faults: list = []  # each with path_contains and times (None: every matching request)
        self.requests: list[str] = []
        self._lock = threading.Lock()
        self._httpd: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    @property
    def address(self) -> tuple[str, int]:
        if self._httpd is None:
            raise RuntimeError(f"{type(self).__name__} is not started")
        host, port = self._httpd.server_address[:2]
        return host, port

    def start(self):
        if self._httpd is not None:
            raise RuntimeError(f"{type(self).__name__} is already started")
        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), self.HANDLER)
        self._httpd.service = self
        # A short poll interval: shutdown() waits for the serving loop to notice, and
        # the default 0.5 s would be spent again at the end of every test.
        self._thread = threading.Thread(target=self._httpd.serve_forever, kwargs={"poll_interval": 0.01},
                                        name=self.THREAD_NAME, daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._httpd is None:
            return
        self._httpd.shutdown()
        self._httpd.server_close()
        self._thread.join()
        self._httpd = None
        self._thread = None

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc_info) -> None:
        self.stop()

    # -- used by the request handler (server threads) ------------------------------

    def _record(self, target: str):
        """Log the request and consume the first fault that applies to it, if any."""
        with self._lock:
            self.requests.append(target)
            for fault in self.faults:
                if fault.path_contains in target and (fault.times is None or fault.times > 0):
                    if fault.times is not None:
                        fault.times -= 1
                    return fault
        return None

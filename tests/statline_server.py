"""A local fake of CBS StatLine's OData v3 service, for tests that must not touch the internet.

It serves the subset that cbsodata 1.3.5 requests (see
shared/reference/cbs-odata.md and cbsodata/cbsodata3.py):

- ``GET /ODataFeed/odata/{table}/?$format=json``: one ``{"name", "url"}`` entry
  per sub-table (TableInfos, TypedDataSet, code lists, ...);
- ``GET /ODataFeed/odata/{table}/{Name}?$format=json``: that sub-table's rows, in
  pages of ``page_size`` linked by an absolute ``odata.nextLink`` carrying a
  ``$skiptoken``, as CBS does; ``/ODataApi/odata/`` is served the same way;
- ``GET /ODataCatalog/Tables?$format=json``: the catalog rows.

On purpose the server IGNORES ``$filter`` and ``$select``: every row and every
column comes back. Server-side filtering is only an optimisation the real
service may or may not honour, so code under test has to keep the rows it needs
itself, and tests built on this server show whether it does.

Faults (HTTP errors, truncated bodies, HTML instead of JSON, slow answers) can be
injected per path to test retries and error messages. Only the standard library
is used; the server runs in a background thread on a free port of 127.0.0.1.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler
from urllib.parse import parse_qs, unquote, unquote_plus, urlsplit

import pytest

from local_server import LocalServer

FAULT_KINDS = ("status", "truncate", "not_json", "hang")
DATA_PREFIXES = ("odatafeed", "odataapi")  # CBS paths are case-insensitive
JSON_TYPE = "application/json; charset=utf-8"
HTML_TYPE = "text/html; charset=utf-8"


@dataclass
class Fault:
    """A misbehaviour for requests whose decoded path+query contains ``path_contains``.

    kind: "status" answers ``status`` with a small HTML body; "truncate" promises
    the full JSON body in Content-Length but sends half of it and closes;
    "not_json" answers 200 with an HTML page; "hang" waits ``seconds`` and then
    answers normally. ``times`` matching requests get the fault (None: all).
    """

    path_contains: str
    kind: str
    times: int | None = 1
    status: int = 500
    seconds: float = 2.0

    def __post_init__(self) -> None:
        if self.kind not in FAULT_KINDS:
            raise ValueError(f"unknown fault kind {self.kind!r}; expected one of {FAULT_KINDS}")


class StatLineServer(LocalServer):
    """Serves added tables and ``catalog_tables`` over HTTP on 127.0.0.1 until stopped.

    Attributes a test may set or read at any time:
    page_size: rows per page before an ``odata.nextLink`` is added;
    catalog_tables: the rows of /ODataCatalog/Tables;
    faults: checked in order for every request, see Fault;
    requests: every request's path and query, percent-decoded (requests sends
    the first page's options as ``%24format=json`` but follows a nextLink
    verbatim; decoded, both read ``$format=json``), in order of arrival.
    """

    THREAD_NAME = "statline-server"

    def __init__(self, page_size: int = 50):
        super().__init__()
        self.page_size = page_size
        self.catalog_tables: list[dict] = []
        self._tables: dict[str, dict[str, list[dict]]] = {}

    # -- set-up --------------------------------------------------------------------

    def add_table(self, table_id: str, files: dict[str, list[dict]]) -> None:
        """Serve ``files`` (sub-table name -> its ``value`` rows) as table ``table_id``.

        The table root lists the names in the order of ``files``. Note that
        cbsodata 1.3.5 fails with ValueError on a table whose root lacks
        "UntypedDataSet" (it removes that name unconditionally).
        """
        self._tables[table_id.upper()] = dict(files)

    @property
    def base_url(self) -> str:
        return f"http://{self.catalog_url}"

    @property
    def catalog_url(self) -> str:
        """Host and port, the form cbsodata takes as ``catalog_url`` (with ``options.use_https = False``)."""
        host, port = self.address
        return f"{host}:{port}"

    def _answer(self, base_url: str, path: str, query: dict[str, list[str]]) -> tuple[int, dict]:
        """Status and JSON document for a GET of ``path`` (decoded, no query string)."""
        parts = [part for part in path.split("/") if part]
        lowered = [part.lower() for part in parts]
        if lowered == ["odatacatalog", "tables"]:
            return 200, {
                "odata.metadata": f"{base_url}/ODataCatalog/$metadata#Tables",
                "value": self.catalog_tables,
            }
        if len(parts) in (3, 4) and lowered[0] in DATA_PREFIXES and lowered[1] == "odata":
            files = self._tables.get(parts[2].upper())
            if files is None:
                return _error(404, f"Table '{parts[2]}' does not exist.")
            root = f"{base_url}/{parts[0]}/{parts[1]}/{parts[2]}"
            if len(parts) == 3:
                return 200, {
                    "odata.metadata": f"{root}/$metadata",
                    "value": [{"name": name, "url": f"{root}/{name}"} for name in files],
                }
            name = parts[3]
            if name not in files:
                return _error(404, f"Resource not found for the segment '{name}'.")
            return self._page(root, name, files[name], query)
        return _error(404, f"No resource at '{path}'.")

    def _page(self, root: str, name: str, rows: list[dict], query: dict[str, list[str]]) -> tuple[int, dict]:
        # $filter and $select are deliberately not applied: see the module docstring.
        token = query.get("$skiptoken", ["0"])[0]
        if not token.isdigit():
            return _error(400, f"Bad $skiptoken {token!r}.")
        start = int(token)
        end = start + self.page_size
        document = {"odata.metadata": f"{root}/$metadata#Cbs.OData.WebAPI.{name}", "value": rows[start:end]}
        if end < len(rows):
            document["odata.nextLink"] = f"{root}/{name}?$format=json&$skiptoken={end}"
        return 200, document


def _error(status: int, message: str) -> tuple[int, dict]:
    """An OData v3 error document, as CBS answers a bad request."""
    return status, {"odata.error": {"code": "", "message": {"lang": "en-US", "value": message}}}


def _html(title: str) -> bytes:
    return f"<!DOCTYPE html><html><head><title>{title}</title></head><body><h1>{title}</h1></body></html>".encode()


class _Handler(BaseHTTPRequestHandler):
    # HTTP/1.0: every response closes its connection, so no keep-alive handler
    # thread outlives a test waiting for a next request that never comes.
    protocol_version = "HTTP/1.0"

    def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
        statline: StatLineServer = self.server.service
        split = urlsplit(self.path)
        path = unquote(split.path)
        target = path + (f"?{unquote_plus(split.query)}" if split.query else "")
        fault = statline._record(target)

        if fault is not None and fault.kind == "status":
            self._send(fault.status, _html(f"{fault.status} Fout"), HTML_TYPE)
            return
        if fault is not None and fault.kind == "not_json":
            self._send(200, _html("Onderhoud"), HTML_TYPE)
            return
        if fault is not None and fault.kind == "hang":
            time.sleep(fault.seconds)

        # From this handler's own server, not statline.base_url: a "hang" may end
        # after the test has stopped the server.
        host, port = self.server.server_address[:2]
        status, document = statline._answer(f"http://{host}:{port}", path, parse_qs(split.query))
        body = json.dumps(document, ensure_ascii=False).encode("utf-8")
        if fault is not None and fault.kind == "truncate":
            self._send(status, body, JSON_TYPE, send_bytes=len(body) // 2)
            return
        self._send(status, body, JSON_TYPE)

    def _send(self, status: int, body: bytes, content_type: str, send_bytes: int | None = None) -> None:
        """Answer with ``body``; Content-Length always announces all of it, ``send_bytes`` limits what is sent."""
        try:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body if send_bytes is None else body[:send_bytes])
        except ConnectionError:
            pass  # the client gave up (e.g. its timeout ran out during a "hang" fault)

    def log_message(self, format: str, *args) -> None:  # noqa: A002 (signature of the base class)
        """Silent: the request log is ``StatLineServer.requests``."""


@pytest.fixture
def statline_server():
    """A started StatLineServer without tables; stopped after the test."""
    with StatLineServer() as server:
        yield server


StatLineServer.HANDLER = _Handler  # defined after the server whose answers it sends

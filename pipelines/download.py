"""Downloading StatLine tables with cbsodata: retries, a manifest, and never a half snapshot.

A table is downloaded into a staging directory beside its final place,
checked by the loader that will read it, given a manifest.json (where it came
from, when, sha256 per file) and only then moved into place. A failed, partial
or unreadable download leaves the previous snapshot as it was and is never
loaded.

Transient faults (connection errors, timeouts, 5xx, truncated or non-JSON
bodies) are retried with doubling pauses inside a fixed time budget; a 4xx
answer is not retried. After the last attempt the error names the table and
the URL.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime, timezone
from importlib.metadata import version
from pathlib import Path
from typing import TypeVar

import cbsodata
import requests

from monitor.errors import SourceError
from monitor.leftovers import remove, stale
from pipelines.snapshots import write_manifest

T = TypeVar("T")

# What a flaky server or network produces: requests' errors, JSON that does not
# parse (ValueError), or JSON that is not an OData answer (KeyError, TypeError).
TRANSIENT_ERRORS = (requests.RequestException, ValueError, KeyError, TypeError)
RETRYABLE_CLIENT_STATUSES = {408, 429}
# Every StatLine table has these; its dimension code lists differ per family and are checked by its reader.
REQUIRED_FILES = ("TableInfos.json", "DataProperties.json")


@dataclass(frozen=True)
class Endpoint:
    """Where the OData service lives: opendata.cbs.nl, dataderden.cbs.nl, a mirror, a proxy or a test server."""

    catalog_url: str  # host[:port], as cbsodata wants it
    https: bool = True

    def table_url(self, table_id: str) -> str:
        scheme = "https" if self.https else "http"
        return f"{scheme}://{self.catalog_url}/ODataFeed/odata/{table_id}/"

    def catalog_list_url(self) -> str:
        scheme = "https" if self.https else "http"
        return f"{scheme}://{self.catalog_url}/ODataCatalog/Tables"


@dataclass(frozen=True)
class RetryPolicy:
    attempts: int = 4
    first_pause: float = 2.0  # seconds; doubles after every failed attempt (2, 4, 8)
    request_timeout: float = 20.0  # per HTTP request
    budget: float = 110.0  # no new attempt once it could end after this many seconds: under two minutes


def _request_options(endpoint: Endpoint, policy: RetryPolicy) -> dict:
    """Extra arguments cbsodata passes on to requests.

    A timeout, since cbsodata sets none (a hanging server would block for
    ever); and the proxies that apply to this host, since cbsodata copies
    http(s)_proxy at import and passes them explicitly, which skips no_proxy.
    """
    url = endpoint.table_url("")
    return {"timeout": policy.request_timeout, "proxies": requests.utils.get_environ_proxies(url)}


@contextlib.contextmanager
def _scheme(endpoint: Endpoint) -> Iterator[None]:
    """cbsodata keeps http/https in a module-wide option; set it for one call and put it back."""
    previous = cbsodata.options.use_https
    cbsodata.options.use_https = endpoint.https
    try:
        yield
    finally:
        cbsodata.options.use_https = previous


def with_retries(action: Callable[[], T], what: str, url: str, policy: RetryPolicy, log=None) -> T:
    """Run a download action, retrying transient faults within the policy's budget."""
    log = log or (lambda text: print(text, file=sys.stderr))
    started = time.monotonic()
    attempt = 0
    while True:
        attempt += 1
        try:
            return action()
        except TRANSIENT_ERRORS as exc:
            reason, failing_url, retryable = _describe(exc)
            pause = policy.first_pause * 2 ** (attempt - 1)
            out_of_time = time.monotonic() - started + pause + policy.request_timeout > policy.budget
            if not retryable or attempt >= policy.attempts or out_of_time:
                attempts = f"na {attempt} pogingen" if attempt > 1 else "na 1 poging"
                raise SourceError(f"{what} kon niet worden opgehaald van {failing_url or url} {attempts}: {reason}.") from None
            log(f"      {what}: poging {attempt} mislukt ({reason}); opnieuw over {pause:g} s")
            time.sleep(pause)


def _describe(exc: Exception) -> tuple[str, str | None, bool]:
    """(reason in Dutch, the URL that failed if known, whether trying again can help)."""
    # cbsodata re-raises HTTP errors without the response; the original is the cause.
    original = exc.__cause__ if isinstance(exc.__cause__, requests.RequestException) else exc
    response = getattr(original, "response", None)
    request = getattr(original, "request", None)
    url = getattr(response, "url", None) or getattr(request, "url", None)
    if url:
        url = url.split("?", 1)[0]  # the encoded $filter makes the message unreadable; the path names the table
    if response is not None:
        status = response.status_code
        retryable = status >= 500 or status in RETRYABLE_CLIENT_STATUSES
        return f"HTTP {status} {response.reason or ''}".strip(), url, retryable
    if isinstance(original, requests.Timeout):
        return "geen antwoord binnen de wachttijd", url, True
    if isinstance(original, requests.ConnectionError):
        return f"verbinding mislukt ({type(original).__name__})", url, True
    if isinstance(original, ValueError):  # before RequestException: requests' JSONDecodeError is both
        return "antwoord is geen (volledige) JSON", url, True
    if isinstance(original, requests.RequestException):
        return f"onvolledig antwoord ({type(original).__name__})", url, True
    return f"antwoord is geen OData-antwoord ({type(original).__name__}: {original})", url, True


def list_catalog(endpoint: Endpoint, policy: RetryPolicy) -> list[dict]:
    """Every table in the catalog (ODataCatalog/Tables)."""
    def fetch() -> list[dict]:
        with _scheme(endpoint):
            rows = cbsodata.get_table_list(catalog_url=endpoint.catalog_url, **_request_options(endpoint, policy))
        if not isinstance(rows, list):
            raise TypeError("catalogus is geen lijst")
        return rows

    return with_retries(fetch, "De tabellencatalogus", endpoint.catalog_list_url(), policy)


def fetch_snapshot(
    table_id: str,
    target: Path,
    endpoint: Endpoint,
    *,
    row_filter: str | None,
    check: Callable[[Path], T],
    provenance: dict,
    policy: RetryPolicy,
) -> T:
    """Download one table into `target` (cbsodata's dir layout + manifest.json); returns check(target).

    check: the loader's reader; it refuses a snapshot it cannot use, and then
    the previous contents of `target` stay as they were.
    """
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    recover_interrupted_swaps(target.parent)
    staging = target.with_name(f".{target.name}.download-{os.getpid()}")
    url = endpoint.table_url(table_id)

    def download() -> None:
        shutil.rmtree(staging, ignore_errors=True)
        with _scheme(endpoint):
            cbsodata.download_data(
                table_id, dir=str(staging), filters=row_filter,
                catalog_url=endpoint.catalog_url, **_request_options(endpoint, policy),
            )
        missing = [name for name in (*REQUIRED_FILES, "TypedDataSet.json") if not (staging / name).exists()]
        if missing:
            raise KeyError(f"de tabel leverde geen {', '.join(missing)}")

    try:
        with_retries(download, f"Tabel {table_id}", url, policy)
        _write_manifest(staging, table_id, endpoint, row_filter, provenance)
        try:
            checked = check(staging)
        except SourceError as exc:
            raise SourceError(f"Tabel {table_id} van {url} is gedownload maar onbruikbaar: {exc}") from None
        swap_into_place(staging, target)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return checked


def _write_manifest(directory: Path, table_id: str, endpoint: Endpoint, row_filter: str | None, provenance: dict) -> None:
    write_manifest(directory, {
        **provenance,
        "table_id": table_id,
        "catalog_url": endpoint.catalog_url,
        "url": endpoint.table_url(table_id),
        "filter": row_filter,
        "retrieved_at": datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "client": f"cbsodata {version('cbsodata')}",
        "demo": False,
    })


_STAGING = re.compile(r"^\.(?P<table>.+)\.download-(?P<pid>\d+)$")
_SET_ASIDE = re.compile(r"^\.(?P<table>.+)\.vorige-(?P<pid>\d+)$")


def recover_interrupted_swaps(directory: Path) -> None:
    """Undo what a killed download left in a snapshot directory, so every table has its old or its new snapshot.

    A download killed before its swap leaves only its staging folder (removed).
    One killed between the swap's two renames leaves the old snapshot set aside
    and none in place: it is put back. Folders of processes that still run are
    left alone.
    """
    for staging in stale(directory, _STAGING):
        remove(staging)
    for set_aside in stale(directory, _SET_ASIDE):
        in_place = set_aside.with_name(_SET_ASIDE.match(set_aside.name)["table"])
        if in_place.exists():
            remove(set_aside)
        else:
            os.replace(set_aside, in_place)


def swap_into_place(staging: Path, target: Path) -> None:
    """Replace target by staging; a directory cannot be os.replace'd over a non-empty one, so move the old one aside.

    A crash between the two renames is undone by recover_interrupted_swaps at the next command."""
    previous = target.with_name(f".{target.name}.vorige-{os.getpid()}")
    if target.exists():
        os.replace(target, previous)
    os.replace(staging, target)
    shutil.rmtree(previous, ignore_errors=True)

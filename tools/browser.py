"""The dashboard in a real browser: `streamlit run` on a given warehouse and Debian's chromium driven by Playwright.

Shared by the browser tests, tools.axe_scan and benchmarks.browser_speed, so all three see the app exactly as
`make run` serves it (the project's .streamlit/config.toml, a real server, a real websocket)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
START_TIMEOUT_S = 60
RUN_TIMEOUT_MS = 30_000
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]
VIEWPORT = {"width": 1280, "height": 720}


class ServerDidNotStart(RuntimeError):
    pass


# URL → process id of each running server (benchmarks read the server's CPU time from /proc).
SERVER_PIDS: dict[str, int] = {}


def cpu_seconds(url: str) -> float:
    """User + system CPU time the server at this URL has used so far (Linux)."""
    import os as _os

    fields = Path(f"/proc/{SERVER_PIDS[url]}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / _os.sysconf("SC_CLK_TCK")


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
            return response.status == 200
    except OSError:
        return False


@contextmanager
def streamlit_server(warehouse: Path, log_path: Path, script: str = "app/streamlit_app.py",
                     extra_args: tuple[str, ...] = ()) -> Iterator[str]:
    """`streamlit run` on this warehouse; its URL. Stopped at the end, also when the caller fails.

    The port is asked from the operating system just before the start; when two test workers happen to get the
    same one, the second server cannot bind it and exits, and it is started again on a new port."""
    log = log_path.open("w+b")
    process = None
    try:
        for _attempt in range(3):
            port = free_port()
            url = f"http://127.0.0.1:{port}"
            command = [sys.executable, "-m", "streamlit", "run", script, "--server.headless", "true",
                       "--server.port", str(port), "--server.fileWatcherType", "none", *extra_args]
            process = subprocess.Popen(command, cwd=PROJECT_ROOT, stdout=log, stderr=subprocess.STDOUT,
                                       env={**os.environ, "MONITOR_WAREHOUSE": str(warehouse)})
            deadline = time.monotonic() + START_TIMEOUT_S
            while not healthy(url) and process.poll() is None and time.monotonic() < deadline:
                time.sleep(0.1)
            if process.poll() is None and healthy(url):
                break
            log.seek(0)
            text = log.read().decode(errors="replace")
            if process.poll() is not None and "is already in use" in text:
                continue  # another worker took the port between our asking and streamlit binding it
            raise ServerDidNotStart(f"streamlit did not start on {url} (exit {process.poll()}):\n{text[-3000:]}")
        else:
            raise ServerDidNotStart("streamlit found no free port in three tries")
        SERVER_PIDS[url] = process.pid
        yield url
    finally:
        SERVER_PIDS.pop(url, None)
        if process is not None and process.poll() is None:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        log.close()


def wait_until_drawn(page, timeout_ms: int = RUN_TIMEOUT_MS) -> None:
    """Until the script has finished and the page is drawn (a title in the main area)."""
    from playwright.sync_api import expect

    page.wait_for_selector('[data-testid="stApp"][data-test-script-state="notRunning"]', timeout=timeout_ms)
    expect(page.get_by_test_id("stStatusWidgetRunningIcon")).to_have_count(0, timeout=timeout_ms)
    expect(page.locator('[data-testid="stMain"] h1').first).to_be_visible(timeout=timeout_ms)


def visit(page, url: str, timeout_ms: int = RUN_TIMEOUT_MS) -> None:
    """Open a page and wait until the script has finished and the page is drawn."""
    page.goto(url, wait_until="domcontentloaded")
    wait_until_drawn(page, timeout_ms)

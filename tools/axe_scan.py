"""Accessibility: axe-core over every page and every slide type of the dashboard, as a browser sees them.

axe-core (Deque's accessibility engine, the same one the browsers' own audits use) comes bundled in the PyPI
package axe-playwright-python (a dev dependency in pyproject.toml): no download at run time. The browser tests
(tests/test_browser.py) call `violations` on every page; this module is also a command that prints every
serious or critical violation with its rule, page, element and colours, for whoever fixes them:

    .venv/bin/python -m tools.axe_scan [--warehouse PATH] [--all-impacts] [--width 1280 --height 720]

Without --warehouse it builds a demo warehouse in a temporary directory first (a few seconds).

What is checked: the WCAG 2.0/2.1 A and AA rules (the level the issue asks for) plus axe's best practices; a
page passes with no violation of impact "serious" or "critical".
"""

from __future__ import annotations

import argparse
import contextlib
import io
import sys
import tempfile
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]
BLOCKING = ("serious", "critical")

# (name, URL path) of every page and every slide type, shared with tests/test_browser.py.
PAGES = [
    ("Overzicht", "/"),
    ("Wijkprofiel", "/wijkprofiel?wijk=WK034205"),
    ("Opgaven", "/opgaven?opgave=bestaanszekerheid&wijken=WK034205"),
    ("Wijkvergelijking", "/wijkvergelijking"),
    ("Tellen en vertellen", "/tellen-en-vertellen?opgave=bestaanszekerheid&wijk=WK034205"),
    ("Financiën", "/financien"),
    ("Bronnen en kwaliteit", "/bronnen"),
    ("Presentatie (pagina)", "/presentatie"),
]
SLIDES = [
    ("Dia 1 (opgave)", "/?presentatie=1&opgave=bestaanszekerheid&dia=1"),
    ("Dia 2", "/?presentatie=1&opgave=bestaanszekerheid&dia=2"),
    ("Dia 3", "/?presentatie=1&opgave=bestaanszekerheid&dia=3"),
    ("Dia 4 (wijken vergeleken)", "/?presentatie=1&opgave=bestaanszekerheid&dia=4"),
    ("Dia 5 (wijken op de kaart)", "/?presentatie=1&opgave=bestaanszekerheid&dia=5"),
    ("Wijkdia", "/?presentatie=1&wijk=WK034205"),
]
VIEWS = PAGES + SLIDES


@dataclass(frozen=True)
class Violation:
    """One element that breaks one axe rule."""

    rule: str
    impact: str
    help: str
    target: str
    html: str
    detail: str = ""  # colours and contrast for colour-contrast, axe's own summary otherwise
    url: str = field(default="", compare=False)

    def short_target(self) -> str:
        """axe's unique selector, cut to its last three steps (Streamlit's generated class names make it long)."""
        steps = self.target.split(" > ")
        return self.target if len(steps) <= 3 else "… > " + " > ".join(steps[-3:])

    def line(self) -> str:
        detail = f" — {self.detail}" if self.detail else ""
        return f"[{self.impact}] {self.rule}: {self.short_target()}{detail}\n      {self.html[:160]}"


@cache
def axe_script() -> str:
    """axe.min.js as bundled by axe-playwright-python: read from the installed package, never fetched."""
    import axe_playwright_python

    return (Path(axe_playwright_python.__file__).parent / "axe.min.js").read_text(encoding="utf-8")


def _detail(rule: str, node: dict) -> str:
    for check in node.get("any", []) + node.get("all", []) + node.get("none", []):
        data = check.get("data") or {}
        if rule == "color-contrast" and isinstance(data, dict) and data.get("fgColor"):
            return (f"tekst {data.get('fgColor')} op {data.get('bgColor')}, contrast {data.get('contrastRatio')}"
                    f" (nodig {data.get('expectedContrastRatio')}, {data.get('fontSize')}"
                    f" {data.get('fontWeight')})")
    summary = node.get("failureSummary") or ""
    return " ".join(summary.split())[:200]


def violations(page, impacts: tuple[str, ...] = BLOCKING) -> list[Violation]:
    """axe-core on the page as it is drawn now; every element that breaks a rule of one of these impacts."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.evaluate(axe_script())
    results = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags},"
                            " resultTypes: ['violations']})", TAGS)
    found = []
    for rule in results["violations"]:
        for node in rule["nodes"]:
            impact = node.get("impact") or rule.get("impact") or ""
            if impact not in impacts:
                continue
            found.append(Violation(rule=rule["id"], impact=impact, help=rule["help"],
                                   target=" ".join(str(part) for part in node["target"]), html=node.get("html", ""),
                                   detail=_detail(rule["id"], node), url=page.url))
    return found


def report(name: str, found: list[Violation]) -> str:
    if not found:
        return f"{name}: geen ernstige schendingen\n"
    lines = [f"{name}: {len(found)} schending(en)"]
    lines += [f"  {violation.line()}" for violation in found]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.axe_scan", description=__doc__.split("\n\n")[0])
    parser.add_argument("--warehouse", type=Path, help="an existing warehouse (default: build a demo one)")
    parser.add_argument("--all-impacts", action="store_true", help="also minor and moderate violations")
    parser.add_argument("--width", type=int, default=1280)
    parser.add_argument("--height", type=int, default=720)
    args = parser.parse_args(argv)

    from playwright.sync_api import sync_playwright

    from pipelines.__main__ import main as pipelines_main
    from tools.browser import CHROMIUM, CHROMIUM_ARGS, streamlit_server, visit

    impacts = ("minor", "moderate", *BLOCKING) if args.all_impacts else BLOCKING
    total = 0
    with tempfile.TemporaryDirectory(prefix="axe-") as scratch:
        warehouse = args.warehouse
        if warehouse is None:
            warehouse = Path(scratch) / "monitor.duckdb"
            with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
                assert pipelines_main(["demo", "--warehouse", str(warehouse)]) == 0
        with streamlit_server(warehouse, Path(scratch) / "streamlit.log") as url, sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
            page = browser.new_page(viewport={"width": args.width, "height": args.height}, locale="nl-NL")
            print(f"axe-core over {len(VIEWS)} weergaven op {args.width}×{args.height}, regels: {', '.join(TAGS)}")
            for name, path in VIEWS:
                visit(page, url + path)
                found = violations(page, impacts)
                total += len(found)
                print(report(f"{name} ({path})", found), flush=True)
            browser.close()
    print(f"totaal: {total} schending(en) van impact {'/'.join(impacts)}")
    return 1 if total else 0


if __name__ == "__main__":
    sys.exit(main())

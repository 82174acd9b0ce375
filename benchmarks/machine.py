"""The machine line every benchmark prints first, so figures in the README can be compared."""

from __future__ import annotations

import os
import platform


def print_machine(libraries: dict[str, str]) -> None:
    """libraries: name → version, e.g. {'polars': pl.__version__}."""
    try:
        usable = len(os.sched_getaffinity(0))
    except AttributeError:
        usable = os.cpu_count()
    print(f"machine: os.cpu_count() = {os.cpu_count()} (usable by this process: {usable}), "
          f"{platform.system()} {platform.machine()}")
    print(f"python {platform.python_version()}, " + ", ".join(f"{name} {version}" for name, version in libraries.items()))

"""Regenerate every committed demo file in data/raw/demo: `python -m tools.demo` (what `make demo-data` runs).

The generators are deterministic: running this on an unchanged checkout leaves git with nothing to commit.
Order matters: the GGD, partner, KIS and geo generators reuse the regions of the Kerncijfers generator.
"""

from __future__ import annotations

import sys

from tools.demo import financien, geo, ggd, gmsd, iv3, kis, kwb, partners

GENERATORS = (kwb, ggd, gmsd, partners, kis, financien, iv3, geo)


def main() -> int:
    for generator in GENERATORS:
        code = generator.main([])
        if code:
            return code
    return 0


if __name__ == "__main__":
    sys.exit(main())

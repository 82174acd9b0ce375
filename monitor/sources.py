"""How a StatLine table family is laid out, as plain data: what a source module or the config declares and the
one StatLine reader follows.

CBS and RIVM publish their tables through the same OData service, but with
different dimensions: Kerncijfers wijken en buurten has one table a year with
only a region dimension; the GGD-monitor has one table for every measurement
year with age groups and the bounds of an interval as dimensions; the
Gemeentelijke Monitor Sociaal Domein has one table a year with half-years,
kinds of voorziening and a region dimension called `Wijken`. A StatLineSpec
names each dimension's role (region, period, breakdown, margins, or a member
to keep), where the tables are (per year, or one table) and how to find a
year nobody listed yet (the catalogue title), so adding a table family is a
declaration, not new parsing code.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

ALL_LEVELS = ("land", "provincie", "gemeente", "wijk", "buurt")


@dataclass(frozen=True)
class Breakdown:
    """A dimension whose members become observation breakdowns; `total` (a key or title) is the whole population."""

    dimension: str
    total: str


@dataclass(frozen=True)
class Margins:
    """A dimension holding an estimate and the bounds of its 95% interval as members (RIVM's `Marges`).

    Members are found by key, or else by a title starting with 'Waarde', containing 'ondergrens' or 'bovengrens'.
    """

    dimension: str = "Marges"
    value: str = "MW00000"
    lower: str = "MOG0095"
    upper: str = "MBG0095"


@dataclass(frozen=True)
class StatLineSpec:
    code: str  # the source code in the config, e.g. 'cbs_kwb'
    label: str  # for messages: 'CBS Kerncijfers wijken en buurten'
    cli: str  # the command that downloads and loads it: `python -m pipelines <cli>`
    catalog: str  # default OData catalogue host: opendata.cbs.nl or dataderden.cbs.nl
    subdirectory: str  # snapshots live in data/raw/<subdirectory>/<table_id>/
    tables: Mapping[int, str] = field(default_factory=dict)  # table id per year, for one-table-a-year families
    table: str | None = None  # or: the one table that holds every year
    catalog_title: str | None = None  # regex with one (\d{4}) group: finds years missing from `tables`
    first_default_year: int | None = None  # without --years: this year up to the newest table in `tables`
    region_dimensions: tuple[str, ...] = ("WijkenEnBuurten",)  # the first one a table has holds the regions
    period_dimension: str | None = None  # None: one table a year, the year comes from the table
    breakdown: Breakdown | None = None
    margins: Margins | None = None
    fixed: Mapping[str, str] = field(default_factory=dict)  # another dimension → the member to keep (key or title)
    estimated: bool = False  # every figure is a modelled estimate (status 'geschat'), e.g. RIVM
    rounded_levels: tuple[str, ...] = ("wijk", "buurt")  # where a mapping's rounded_to applies
    names_regions: bool = False  # region names from this source win over those of sources that do not name
    # A family the declarative reader cannot express (Iv3: lasten are a sum over Categorie members, and one measure
    # holds begroting and jaarrekening): its own reader and download filter, still found through the registry.
    read: Callable | None = None  # (snapshot directory, config, spec) → SourceTable, instead of the StatLine reader
    row_filter: Callable | None = None  # (gemeente code, comparison codes) → the download's OData $filter

    @property
    def load_hint(self) -> str:
        return f"python -m pipelines {self.cli}"

    @property
    def dimensions(self) -> tuple[str, ...]:
        """Every dimension this layout knows (of the region dimensions, a table has one)."""
        named = [*self.region_dimensions, self.period_dimension,
                 self.breakdown.dimension if self.breakdown else None,
                 self.margins.dimension if self.margins else None, *self.fixed]
        return tuple(name for name in named if name)

    def year_of_title(self, title: str) -> int | None:
        """The year a catalogue title names, when it is a table of this family ('… wijken, 2023' → 2023)."""
        if not self.catalog_title:
            return None
        match = re.fullmatch(self.catalog_title, title.strip(), flags=re.IGNORECASE)
        return int(match.group(1)) if match else None

    def default_years(self) -> tuple[int, ...] | None:
        """The years loaded without --years; None for a single table (every year it holds)."""
        if self.table or not self.tables:
            return None
        first = self.first_default_year or min(self.tables)
        return tuple(range(first, max(self.tables) + 1))


@dataclass(frozen=True)
class FileSource:
    """A source that arrives as files people deliver (partner workbooks, KIS-wijkmonitor exports)."""

    code: str  # the source code in the config
    label: str  # for messages
    cli: str  # `python -m pipelines <cli> BESTAND` loads one file
    subdirectory: str  # `run` loads every file in data/raw/<subdirectory>/
    suffixes: tuple[str, ...]
    read: Callable  # (path, config, region index) → SourceTable
    kind: str = "bestand"  # how its indicators are named in the config (see monitor.config)

    @property
    def load_hint(self) -> str:
        return f"python -m pipelines {self.cli} BESTAND"


@dataclass(frozen=True)
class GeoSpec:
    """A source of region boundaries (the CBS Wijk- en Buurtkaart via PDOK): shapes for the map, no figures.

    One OGC API Features service per year (`api_url` with {year}), one collection per region level; its module
    gives `fetch` (year, snapshot directory, gemeente code, API base URL, retry policy → SourceTable) and `read`
    (snapshot directory, gemeente code → SourceTable), so refresh needs no knowledge of the API.
    """

    code: str  # the source code in the config: 'cbs_wijkbuurtkaart'
    label: str  # for messages
    cli: str  # `python -m pipelines <cli>` downloads and loads it
    subdirectory: str  # snapshots live in data/raw/<subdirectory>/wijken-en-buurten-<jaar>/
    api_url: str  # template with {year}: the OGC API landing page of one edition
    collections: tuple[str, ...]  # the feature collections read, e.g. ('wijken', 'buurten')
    years: tuple[int, ...]  # editions known to exist; the default of `geo` without --years
    fetch: Callable | None = None
    read: Callable | None = None
    kind: str = "kaart"  # its indicators: none (monitor.config refuses an indicator with this source)

    @property
    def load_hint(self) -> str:
        return f"python -m pipelines {self.cli}"

    def table_id(self, year: int) -> str:
        """The snapshot directory and load_log table_id of one edition: 'wijken-en-buurten-2024'."""
        return f"wijken-en-buurten-{year}"

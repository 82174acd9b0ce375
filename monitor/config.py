"""The gemeente configuration: gemeente, opgaven with goals, sources and the indicator catalog.

The file is TOML (see config/soest.toml). It is validated completely on load so a
mistake shows up as one message naming the file, the key and what is wrong, not
as a failure halfway through a build. Unknown keys are refused with the keys
that are allowed: a typo (`rounded = 10` for `rounded_to = 10`) must never look
like a setting that took effect.

Which sources exist is not known here: the pipelines' source registry passes
their kinds in (`read_config(path, source_kinds)`), so this model stays free of
the code that reads sources.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path

from monitor.errors import ConfigError
from monitor.sources import ALL_LEVELS, Breakdown, Margins, StatLineSpec

ALLOWED_DECIMALS = range(0, 4)
GEMEENTE_CODE = re.compile(r"^GM\d{4}$")
CODE = re.compile(r"^[a-z][a-z0-9_]*$")
TABLE_ID = re.compile(r"^[0-9]{5}[A-Z]{3}$", re.IGNORECASE)
# Counts about people below this are never stored or shown (privacy); CBS uses 5 too.
DEFAULT_SMALL_COUNT_THRESHOLD = 5

# What kind of source an indicator comes from decides how the config says where its figures are:
STATLINE = "statline"  # a CBS/RIVM StatLine table: `cbs = { stem = … }`
KIS = "kis"  # KIS-wijkmonitor exports: `kis = { labels = […] }`
DELIVERED = "bestand"  # partner workbooks: the file names the indicator code itself
MAP = "kaart"  # boundaries for the map (the Wijk- en Buurtkaart): no figures, so never an indicator's source

# The kernindicatoren slide shows each one as a headline figure beside its trend: more than three do not fit
# readably side by side on a beamer.
MAX_KERNINDICATOREN = 3
TOP_KEYS = ("gemeente", "monitor", "source", "privacy", "vergelijking", "doelenboom", "opgave", "indicator")
OPGAVE_KEYS = ("code", "title", "ambition", "parent", "goals", "kernindicatoren")
GOAL_KEYS = ("code", "text", "needs_source", "goals")
DOELENBOOM_KEYS = ("niveaus", "knopen")
NODE_KEYS = ("code", "niveau", "text", "parent")
# The level the pages are organised by (Opgaven, kernindicatoren, activities and stories belong to an opgave).
OPGAVE_LEVEL = "opgave"
DEFAULT_LEVELS = (OPGAVE_LEVEL, "doel")
INDICATOR_KEYS = ("code", "title", "unit", "definition", "source", "opgave", "goal", "goals", "type", "target",
                  "higher_is_better", "decimals", "cbs", "kis", "series", "breakdown")
# effect: a maatschappelijk effect the policy aims at (a goal is read on these); prestatie: what the gemeente and its
# partners deliver; context: describes the population (who a goal concerns), never judged against a target.
CONTEXT = "context"
INDICATOR_KINDS = ("effect", "prestatie", CONTEXT)
TARGET_KEYS = ("baseline_year", "baseline_value", "baseline_source", "value", "year", "source", "ambition")
VERGELIJKING_KEYS = ("provincie", "referentiegemeenten", "vergelijkbaar")
SIMILAR_KEYS = ("aantal", "kenmerken")
PROVINCIE_CODE = re.compile(r"^PV\d{2}$")
BREAKDOWN_KEYS = ("distribution", "classifications")
CLASSIFICATION_KEYS = ("name", "groups", "subgroups")
# The rows every source gives for 'all inwoners': never a group of a breakdown.
TOTAL_BREAKDOWN = "totaal"
CBS_KEYS = ("stem", "per", "factor", "group", "rounded_to")
SERIES_KEYS = ("first_year", "last_year", "note", "predecessor", "successor")
STATLINE_KEYS = ("label", "cli", "catalog", "subdirectory", "tables", "table", "catalog_title", "first_default_year",
                 "region_dimension", "period_dimension", "breakdown_dimension", "breakdown_total", "fixed",
                 "margin_dimension", "estimated", "rounded_levels")


@dataclass(frozen=True)
class Goal:
    """A goal below an opgave, at any depth of the doelenboom (doel, subdoel, …).

    The code is written in the config, never derived from the position: reordering goals or adding one must not
    move an indicator, an activity or a target to another goal.
    """

    code: str
    opgave_code: str
    text: str
    sort_order: int  # position among its siblings, from 1
    needs_source: str | None = None  # no public measure yet: which source would answer this goal
    parent_code: str | None = None  # None: directly under the opgave
    level: str = "doel"  # the name of its level in the doelenboom
    depth: int = 1  # 1: directly under the opgave


@dataclass(frozen=True)
class TreeNode:
    """A node of the doelenboom above the opgaven (e.g. a resultaat that several opgaven serve)."""

    code: str
    level: str
    text: str
    parent_code: str | None
    sort_order: int


@dataclass(frozen=True)
class Target:
    """Where the gemeente wants an indicator to be: the nulmeting, the streefwaarde and the year to reach it.

    baseline_value None: the nulmeting is the gemeente's own figure in baseline_year, taken from the data.
    source: where the target was set (a raadsbesluit, the uitvoeringsplan), shown with every target.
    ambitions: (gemeente code or '', text): the ambitieniveau, per gemeente when several share one config.
    """

    baseline_year: int
    target_value: float
    target_year: int
    source: str
    baseline_value: float | None = None
    baseline_source: str | None = None
    ambitions: tuple[tuple[str, str], ...] = ()

    def ambition_for(self, gemeente_code: str) -> str | None:
        texts = dict(self.ambitions)
        return texts.get(gemeente_code, texts.get(""))


@dataclass(frozen=True)
class Similar:
    """Compute the gemeenten most like this one from CBS gemeente figures (see README, "Vergelijken")."""

    count: int
    kenmerken: tuple[str, ...]  # indicator codes


@dataclass(frozen=True)
class Comparison:
    """The regions the gemeente compares itself with besides Nederland."""

    provincie: str | None = None
    referentiegemeenten: tuple[str, ...] = ()
    similar: Similar | None = None
    # gemeente code → its provincie, when gemeenten in different provincies share one config (Zeewolde: Flevoland)
    provincie_by_gemeente: tuple[tuple[str, str], ...] = ()

    def for_gemeente(self, own: str, code: str) -> Comparison:
        """The comparison of another gemeente sharing this config: the first gemeente becomes a referentiegemeente
        and the other drops out (a gemeente is never its own reference); its provincie if the config names it."""
        provincies = dict(self.provincie_by_gemeente)
        references = tuple(c for c in (*self.referentiegemeenten, own) if c != code)
        return replace(self, provincie=provincies.get(code, None if provincies else self.provincie),
                       referentiegemeenten=references)


@dataclass(frozen=True)
class Opgave:
    code: str
    title: str
    ambition: str
    sort_order: int
    goals: tuple[Goal, ...]  # every goal of the opgave at every depth, in tree order (depth first)
    # The indicators the presentation shows on its kernindicatoren slide, in this order; None: the app takes the
    # first ones with a trend (the config cannot know which have figures in two or more years).
    kernindicatoren: tuple[str, ...] | None = None
    parent_code: str | None = None  # the node above it, when the doelenboom has levels above the opgave


@dataclass(frozen=True)
class CbsMapping:
    """How an indicator is computed from the variables of a StatLine table (KWB, RIVM, GMSD, …).

    stems: the variable without its position suffix; when a question was
    renamed between editions, every name it had, the current one first: the
    first that a table has is used. per: the denominator's names, for shares
    and rates. group: the title of the topic group, for a stem a table holds
    more than once (KWB 2024 has BuitenEuropa under 'Herkomstland' and under
    'Geboren in Nederland'). rounded_to: the source rounds the count behind the
    figure to this multiple (at the levels the source rounds).
    """

    stems: tuple[str, ...]
    per: tuple[str, ...] = ()
    factor: float = 1.0
    group: str | None = None
    rounded_to: int | None = None

    @property
    def stem(self) -> str:
        return self.stems[0]


@dataclass(frozen=True)
class Series:
    """Where a series begins or ends because the source changed what it measures (a break, not a gap)."""

    first_year: int | None = None  # the first year measured this way
    last_year: int | None = None  # the last year measured this way
    note: str | None = None  # what changed, for tiles, charts, slides and downloads
    predecessor: str | None = None  # indicator code of the series before the break
    successor: str | None = None  # indicator code of the series after it


@dataclass(frozen=True)
class Classification:
    """One way a source divides the inwoners into groups, with subgroups within a group.

    A subgroup is part of its group (Marokko of niet-westers): it is never drawn or added up beside the groups,
    only within its own group. CBS changed its classification (migratieachtergrond westers/niet-westers, then
    herkomst: Nederland, Europa, buiten Europa), so an indicator may have more than one; a year's figures
    follow one of them.
    """

    name: str
    groups: tuple[str, ...]
    subgroups: tuple[tuple[str, tuple[str, ...]], ...] = ()  # (group, its subgroups), in config order

    def parent_of(self) -> dict[str, str | None]:
        """Every group and subgroup → its group (None for a group itself)."""
        return {**{group: None for group in self.groups},
                **{sub: group for group, subs in self.subgroups for sub in subs}}


@dataclass(frozen=True)
class GroupBreakdown:
    """How an indicator's rows other than 'totaal' are built (config `breakdown`; not a StatLine dimension).

    distribution: the groups of a classification together are all inwoners (a verdeling: 'Bevolking naar
    migratieachtergrond'), so the total is 100% and says nothing; a screen shows the groups. Otherwise each
    group has its own rate (netto arbeidsparticipatie per migratieachtergrond).
    """

    classifications: tuple[Classification, ...]
    distribution: bool = False


@dataclass(frozen=True)
class Indicator:
    code: str
    title: str
    unit: str
    definition: str
    source: str
    opgave_code: str | None
    goal_codes: tuple[str, ...]  # the goals it serves (an effect may serve several, also of other opgaven)
    higher_is_better: bool | None
    decimals: int
    sort_order: int
    cbs: CbsMapping | None = None
    kis_labels: tuple[str, ...] = ()  # how KIS exports title this indicator
    series: Series = field(default_factory=Series)
    breakdown: GroupBreakdown | None = None
    kind: str = CONTEXT  # effect, prestatie or context
    target: Target | None = None

    @property
    def goal_code(self) -> str | None:
        """The first goal it serves: where it stands when one place is needed."""
        return self.goal_codes[0] if self.goal_codes else None


@dataclass(frozen=True)
class Source:
    code: str
    title: str
    publisher: str
    kind: str = DELIVERED
    statline: StatLineSpec | None = None  # a StatLine table family this config declares itself


@dataclass(frozen=True)
class MonitorConfig:
    path: Path
    gemeente_code: str
    gemeente_name: str
    title: str
    vision: str
    sources: dict[str, Source]
    opgaven: tuple[Opgave, ...]
    indicators: tuple[Indicator, ...]
    goals_by_code: dict[str, Goal] = field(repr=False, default_factory=dict)
    small_count_threshold: int = DEFAULT_SMALL_COUNT_THRESHOLD
    levels: tuple[str, ...] = DEFAULT_LEVELS  # the doelenboom's levels, top first
    upper_nodes: tuple[TreeNode, ...] = ()  # the nodes above the opgaven
    comparison: Comparison = field(default_factory=Comparison)

    def statline_indicators(self, source: str) -> list[Indicator]:
        """The indicators computed from the StatLine table(s) of one source."""
        return [i for i in self.indicators if i.source == source and i.cbs is not None]

    def goals_without_indicator(self) -> list[Goal]:
        """Goals no indicator measures yet (each says in the config which source would)."""
        measured = measured_goals(self.indicators, self.goals_by_code)
        return [goal for opgave in self.opgaven for goal in opgave.goals if goal.code not in measured]

    def for_gemeente(self, code: str) -> MonitorConfig:
        """The same catalog for another gemeente (`--gemeente`); its name comes from the loaded code list."""
        if code == self.gemeente_code:
            return self
        return replace(self, gemeente_code=code, gemeente_name=code, title=f"Monitor Sociaal Domein {code}",
                       comparison=self.comparison.for_gemeente(self.gemeente_code, code))


def measured_goals(indicators, goals_by_code: Mapping[str, Goal]) -> set[str]:
    """Goals an indicator measures, directly or through one of their subgoals."""
    measured = set()
    for indicator in indicators:
        for code in indicator.goal_codes:
            while code and code not in measured:
                measured.add(code)
                code = goals_by_code[code].parent_code if code in goals_by_code else None
    return measured


def read_config(path: Path, source_kinds: Mapping[str, str]) -> MonitorConfig:
    """Read and validate a gemeente configuration file; raises ConfigError listing every problem.

    source_kinds: code → kind (STATLINE, KIS, DELIVERED, MAP) of every source the pipelines can read.
    """
    try:
        raw = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(f"{path}: configuratiebestand niet gevonden.") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: geen geldige TOML ({exc}).") from None
    except UnicodeDecodeError:
        raise ConfigError(f"{path}: het bestand is geen UTF-8-tekst.") from None
    return _Validator(Path(path), raw, source_kinds).validate()


def _is_int(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


class _Validator:
    """Collects every problem in one pass so the user can fix them all at once."""

    def __init__(self, path: Path, raw: dict, source_kinds: Mapping[str, str]):
        self.path = path
        self.raw = raw
        self.source_kinds = source_kinds
        self.problems: list[str] = []

    def problem(self, key: str, what: str) -> None:
        self.problems.append(f"{self.path}: {key}: {what}")

    def only(self, table: dict, where: str, allowed: tuple[str, ...]) -> None:
        """Refuse keys this table does not know: a typo must not pass for a setting."""
        for key in table:
            if key not in allowed:
                self.problem(f"{where}.{key}" if where else key,
                             f"onbekende sleutel; toegestaan: {', '.join(allowed)}.")

    def text(self, table: dict, key: str, where: str, required: bool = True) -> str | None:
        value = table.get(key)
        if value is None:
            if required:
                self.problem(f"{where}.{key}", "ontbreekt (verplicht).")
            return None
        if not isinstance(value, str) or not value.strip():
            self.problem(f"{where}.{key}", f"moet een niet-lege tekst zijn, gevonden: {value!r}.")
            return None
        return value.strip()

    def year(self, table: dict, key: str, where: str) -> int | None:
        value = table.get(key)
        if value is None:
            return None
        if not _is_int(value) or not 1990 <= value <= 2100:
            self.problem(f"{where}.{key}", f"moet een jaartal zijn, gevonden: {value!r}.")
            return None
        return value

    def entries(self, key: str) -> list[tuple[int, dict]]:
        """The [[key]] tables, numbered from 1 as a user counts them; anything else is a problem."""
        raw = self.raw.get(key)
        if not isinstance(raw, list) or not raw:
            self.problem(key, f"er moet minstens één [[{key}]] zijn.")
            return []
        valid = []
        for number, entry in enumerate(raw, start=1):
            if isinstance(entry, dict):
                valid.append((number, entry))
            else:
                self.problem(f"{key}[{number}]", f"moet een tabel zijn ([[{key}]]), gevonden: {entry!r}.")
        return valid

    def code(self, entry: dict, where: str, kind: str, seen: set[str]) -> str | None:
        """A required, unique code of lowercase letters, digits and _."""
        code = self.text(entry, "code", where)
        if code:
            if not CODE.match(code):
                self.problem(f"{where}.code", f"alleen kleine letters, cijfers en _ toegestaan, gevonden: {code!r}.")
            if code in seen:
                self.problem(f"{where}.code", f"{kind} {code!r} komt twee keer voor.")
            seen.add(code)
        return code

    def table(self, key: str) -> dict:
        value = self.raw.get(key)
        if not isinstance(value, dict):
            self.problem(key, "ontbreekt of is geen tabel ([" + key + "]).")
            return {}
        return value

    def validate(self) -> MonitorConfig:
        self.only(self.raw, "", TOP_KEYS)
        gemeente = self.table("gemeente")
        self.only(gemeente, "gemeente", ("code", "name"))
        code = self.text(gemeente, "code", "gemeente")
        if code and not GEMEENTE_CODE.match(code):
            self.problem("gemeente.code", f"moet de vorm GM#### hebben (CBS-code), gevonden: {code!r}.")
        name = self.text(gemeente, "name", "gemeente")
        monitor = self.raw.get("monitor", {})
        if isinstance(monitor, dict):
            self.only(monitor, "monitor", ("title", "vision"))
        title = (monitor.get("title") if isinstance(monitor, dict) else None) or f"Monitor Sociaal Domein {name or ''}".strip()
        vision = (monitor.get("vision") if isinstance(monitor, dict) else None) or ""

        sources = self.sources()
        levels, upper_nodes = self.doelenboom()
        opgaven = self.opgaven(levels, {node.code: node for node in upper_nodes})
        goals = self.unique_goal_codes(opgaven, upper_nodes)
        indicators = self.indicators({o.code for o in opgaven}, goals, sources)
        self.goals_are_measured_or_say_why(opgaven, indicators, goals)
        self.kernindicatoren_belong_to_their_opgave(opgaven, indicators)
        threshold = self.small_count_threshold()
        comparison = self.comparison({indicator.code for indicator in indicators})

        if self.problems:
            raise ConfigError("Configuratie ongeldig:\n" + "\n".join(f"- {p}" for p in self.problems))
        return MonitorConfig(
            path=self.path,
            gemeente_code=code,
            gemeente_name=name,
            title=title,
            vision=vision,
            sources=sources,
            opgaven=tuple(opgaven),
            indicators=tuple(indicators),
            goals_by_code=goals,
            small_count_threshold=threshold,
            levels=levels,
            upper_nodes=tuple(upper_nodes),
            comparison=comparison,
        )

    def small_count_threshold(self) -> int:
        privacy = self.raw.get("privacy", {})
        if isinstance(privacy, dict):
            self.only(privacy, "privacy", ("small_count_threshold",))
        value = privacy.get("small_count_threshold", DEFAULT_SMALL_COUNT_THRESHOLD) if isinstance(privacy, dict) else None
        if not _is_int(value) or value < 1:
            self.problem("privacy.small_count_threshold", f"moet een geheel getal van 1 of meer zijn, gevonden: {value!r}.")
            return DEFAULT_SMALL_COUNT_THRESHOLD
        return value

    # --- sources ---------------------------------------------------------------------------------------------

    def sources(self) -> dict[str, Source]:
        result = {}
        for code, entry in self.table("source").items():
            where = f"source.{code}"
            if not isinstance(entry, dict):
                self.problem(where, "moet een tabel zijn met title en publisher.")
                continue
            self.only(entry, where, ("title", "publisher", "statline"))
            title = self.text(entry, "title", where)
            publisher = self.text(entry, "publisher", where)
            statline = None
            if "statline" in entry:
                statline = self.statline_spec(code, entry["statline"], f"{where}.statline", title)
                kind = STATLINE
            elif code in self.source_kinds:
                kind = self.source_kinds[code]
            else:
                self.problem(where, f"onbekende bron; bekend zijn {', '.join(sorted(self.source_kinds))}. Een andere "
                                    "StatLine-tabel beschrijft u met een tabel [source.<code>.statline].")
                continue
            if title and publisher:
                result[code] = Source(code, title, publisher, kind, statline)
        return result

    def statline_spec(self, code: str, raw, where: str, title: str | None) -> StatLineSpec | None:
        """A StatLine table family declared in the config itself, read by the generic StatLine reader."""
        if not isinstance(raw, dict):
            self.problem(where, "moet een tabel zijn ([source.<code>.statline]).")
            return None
        self.only(raw, where, STATLINE_KEYS)
        if code in self.source_kinds:
            self.problem(where, f"{code!r} is al een ingebouwde bron; kies een andere code voor een eigen tabel.")
        catalog = self.text(raw, "catalog", where)
        tables = self.table_ids(raw.get("tables", {}), f"{where}.tables")
        single = self.text(raw, "table", where, required=False)
        if single and not TABLE_ID.match(single):
            self.problem(f"{where}.table", f"geen StatLine-tabelnummer (bijv. 85637NED): {single!r}.")
        catalog_title = self.text(raw, "catalog_title", where, required=False)
        if catalog_title:
            try:
                if re.compile(catalog_title).groups != 1:
                    self.problem(f"{where}.catalog_title", "moet precies één groep (\\d{4}) voor het jaar hebben.")
            except re.error as exc:
                self.problem(f"{where}.catalog_title", f"geen geldige reguliere expressie ({exc}).")
        if not tables and not single and not catalog_title:
            self.problem(where, "noem de tabel(len): table = \"…\", tables = { 2024 = \"…\" } of catalog_title.")
        breakdown_dimension = self.text(raw, "breakdown_dimension", where, required=False)
        breakdown_total = self.text(raw, "breakdown_total", where, required=False)
        if bool(breakdown_dimension) != bool(breakdown_total):
            self.problem(where, "breakdown_dimension en breakdown_total horen bij elkaar (het lid dat 'totaal' is).")
        fixed = raw.get("fixed", {})
        if not isinstance(fixed, dict) or not all(isinstance(v, str) and v.strip() for v in fixed.values()):
            self.problem(f"{where}.fixed", "moet een tabel zijn van dimensie = lid, bijv. { AantalVoorzieningen = \"Totaal\" }.")
            fixed = {}
        levels = raw.get("rounded_levels", ["wijk", "buurt"])
        if not isinstance(levels, list) or not set(levels) <= set(ALL_LEVELS):
            self.problem(f"{where}.rounded_levels", f"een lijst uit {', '.join(ALL_LEVELS)}.")
            levels = ["wijk", "buurt"]
        margin_dimension = self.text(raw, "margin_dimension", where, required=False)
        estimated = raw.get("estimated", False)
        if not isinstance(estimated, bool):
            self.problem(f"{where}.estimated", "true of false.")
            estimated = False
        first_default = self.year(raw, "first_default_year", where)
        cli = self.text(raw, "cli", where, required=False) or code.replace("_", "-")
        if not catalog:
            return None
        return StatLineSpec(
            code=code, label=self.text(raw, "label", where, required=False) or title or code, cli=cli,
            catalog=catalog, subdirectory=self.text(raw, "subdirectory", where, required=False) or code,
            tables=tables, table=single, catalog_title=catalog_title, first_default_year=first_default,
            region_dimensions=(self.text(raw, "region_dimension", where, required=False) or "WijkenEnBuurten",),
            period_dimension=self.text(raw, "period_dimension", where, required=False),
            breakdown=Breakdown(breakdown_dimension, breakdown_total) if breakdown_dimension and breakdown_total else None,
            margins=Margins(margin_dimension) if margin_dimension else None,
            fixed=dict(fixed), estimated=estimated, rounded_levels=tuple(levels),
        )

    def table_ids(self, raw, where: str) -> dict[int, str]:
        if not isinstance(raw, dict):
            self.problem(where, "moet een tabel zijn van jaar = tabelnummer, bijv. { 2024 = \"85994NED\" }.")
            return {}
        result = {}
        for year, table_id in raw.items():
            if not str(year).isdigit() or not isinstance(table_id, str) or not TABLE_ID.match(table_id):
                self.problem(where, f"{year} = {table_id!r}: verwacht jaar = \"tabelnummer\", bijv. 2024 = \"85994NED\".")
                continue
            result[int(year)] = table_id.strip()
        return result

    # --- opgaven and goals -----------------------------------------------------------------------------------

    def opgaven(self, levels: tuple[str, ...], upper_nodes: Mapping[str, TreeNode]) -> list[Opgave]:
        result, seen = [], set()
        above = levels.index(OPGAVE_LEVEL) if OPGAVE_LEVEL in levels else 0
        goal_levels = levels[above + 1:]
        for number, entry in self.entries("opgave"):
            where = f"opgave[{number}]"
            self.only(entry, where, OPGAVE_KEYS)
            code = self.code(entry, where, "opgave", seen)
            if code:
                where = f"opgave[{number}] ({code})"
            title = self.text(entry, "title", where)
            ambition = self.text(entry, "ambition", where)
            parent = self.text(entry, "parent", where, required=False)
            if above and not parent:
                self.problem(f"{where}.parent", f"ontbreekt: de doelenboom heeft boven de opgave het niveau "
                                                f"{levels[above - 1]!r}; noem de knoop waar deze opgave onder valt.")
            elif parent and not above:
                self.problem(f"{where}.parent", "de doelenboom heeft geen niveau boven de opgave; zet het in "
                                                "[doelenboom] niveaus of laat parent weg.")
            elif parent and parent not in upper_nodes:
                self.problem(f"{where}.parent", f"onbekende knoop {parent!r}; bekend: {', '.join(upper_nodes) or 'geen'}.")
            elif parent and upper_nodes[parent].level != levels[above - 1]:
                self.problem(f"{where}.parent", f"{parent!r} staat op niveau {upper_nodes[parent].level!r}; een opgave "
                                                f"valt onder een knoop op niveau {levels[above - 1]!r}.")
            goals = tuple(self.goals(entry.get("goals"), f"{where}.goals", code or "", goal_levels, None, 1))
            kernindicatoren = self.kernindicatoren(entry, f"opgave ({code}).kernindicatoren" if code else where)
            result.append(Opgave(code or "", title or "", ambition or "", number, goals, kernindicatoren, parent))
        return result

    def doelenboom(self) -> tuple[tuple[str, ...], list[TreeNode]]:
        """The levels of the tree (top first) and the nodes above the opgaven; default opgave → doel."""
        raw = self.raw.get("doelenboom")
        if raw is None:
            return DEFAULT_LEVELS, []
        if not isinstance(raw, dict):
            self.problem("doelenboom", "moet een tabel zijn: [doelenboom] met niveaus = [\"opgave\", \"doel\", …].")
            return DEFAULT_LEVELS, []
        self.only(raw, "doelenboom", DOELENBOOM_KEYS)
        levels = raw.get("niveaus", list(DEFAULT_LEVELS))
        if (not isinstance(levels, list) or not all(isinstance(level, str) and level.strip() for level in levels)
                or len(set(levels)) < len(levels)):
            self.problem("doelenboom.niveaus", f"een lijst van verschillende namen, van boven naar beneden, bijv. "
                                               f"[\"resultaat\", \"opgave\", \"doel\", \"subdoel\"], gevonden: {levels!r}.")
            return DEFAULT_LEVELS, []
        levels = tuple(level.strip() for level in levels)
        if OPGAVE_LEVEL not in levels or levels[-1] == OPGAVE_LEVEL:
            self.problem("doelenboom.niveaus", f"moet het niveau \"{OPGAVE_LEVEL}\" bevatten met minstens één "
                                               f"doelniveau eronder, gevonden: {list(levels)!r}.")
            return DEFAULT_LEVELS, []
        upper_levels = levels[:levels.index(OPGAVE_LEVEL)]
        raw_nodes = raw.get("knopen", [])
        if not isinstance(raw_nodes, list) or not all(isinstance(node, dict) for node in raw_nodes):
            self.problem("doelenboom.knopen", "moet een lijst tabellen zijn: [[doelenboom.knopen]] met code, niveau en text.")
            return levels, []
        if upper_levels and not raw_nodes:
            self.problem("doelenboom.knopen", f"de niveaus boven de opgave ({', '.join(upper_levels)}) hebben knopen "
                                              "nodig: [[doelenboom.knopen]] met code, niveau en text.")
        nodes, seen = [], set()
        for number, entry in enumerate(raw_nodes, start=1):
            where = f"doelenboom.knopen[{number}]"
            self.only(entry, where, NODE_KEYS)
            code = self.code(entry, where, "knoop", seen)
            level = self.text(entry, "niveau", where)
            text = self.text(entry, "text", where)
            parent = self.text(entry, "parent", where, required=False)
            if level and level not in upper_levels:
                self.problem(f"{where}.niveau", f"{level!r} is geen niveau boven de opgave; kies uit: "
                                                f"{', '.join(upper_levels) or 'geen (voeg niveaus toe)'}.")
            elif level:
                depth = upper_levels.index(level)
                if depth and not parent:
                    self.problem(f"{where}.parent", f"ontbreekt: een knoop op niveau {level!r} valt onder een knoop "
                                                    f"op niveau {upper_levels[depth - 1]!r}.")
                if not depth and parent:
                    self.problem(f"{where}.parent", f"niveau {level!r} is het bovenste; laat parent weg.")
            nodes.append(TreeNode(code or "", level or "", text or "", parent, number))
        by_code = {node.code: node for node in nodes}
        for number, node in enumerate(nodes, start=1):
            if node.parent_code and node.level in upper_levels:
                parent = by_code.get(node.parent_code)
                expected = upper_levels[upper_levels.index(node.level) - 1] if upper_levels.index(node.level) else None
                if parent is None:
                    self.problem(f"doelenboom.knopen[{number}].parent", f"onbekende knoop {node.parent_code!r}.")
                elif parent.level != expected:
                    self.problem(f"doelenboom.knopen[{number}].parent", f"{parent.code!r} staat op niveau "
                                                                        f"{parent.level!r}, verwacht {expected!r}.")
        return levels, nodes

    def kernindicatoren(self, entry: dict, where: str) -> tuple[str, ...] | None:
        """The list as written (checked against the indicators once those are read)."""
        if "kernindicatoren" not in entry:
            return None
        raw = entry["kernindicatoren"]
        if (not isinstance(raw, list) or not all(isinstance(code, str) and code.strip() for code in raw)
                or not 1 <= len(raw) <= MAX_KERNINDICATOREN):
            self.problem(where, f"een lijst van 1 tot en met {MAX_KERNINDICATOREN} indicatorcodes, bijv. "
                                f"[\"laag_inkomen\", \"moeite_rondkomen\"] (meer past niet leesbaar op één dia), "
                                f"gevonden: {raw!r}.")
            return None
        codes = tuple(code.strip() for code in raw)
        if len(set(codes)) < len(codes):
            self.problem(where, f"een indicator staat er meer dan eens in: {list(codes)!r}.")
        return codes

    def kernindicatoren_belong_to_their_opgave(self, opgaven: list[Opgave], indicators: list) -> None:
        """Each kernindicator must be an indicator of that opgave: a slide about bestaanszekerheid shows its own figures."""
        opgave_of = {indicator.code: indicator.opgave_code for indicator in indicators}
        for opgave in opgaven:
            where = f"opgave ({opgave.code}).kernindicatoren"
            choices = ", ".join(code for code, owner in opgave_of.items() if owner == opgave.code)
            for code in opgave.kernindicatoren or ():
                if code not in opgave_of:
                    self.problem(where, f"onbekende indicator {code!r}; kies uit de indicatoren van deze opgave: "
                                        f"{choices}.")
                elif opgave_of[code] != opgave.code:
                    elsewhere = (f"hoort bij opgave {opgave_of[code]!r}" if opgave_of[code]
                                 else "hoort bij geen opgave (een contextcijfer)")
                    self.problem(where, f"indicator {code!r} {elsewhere}, niet bij {opgave.code!r}; kies uit: "
                                        f"{choices}.")

    def goals(self, raw, where: str, opgave_code: str, levels: tuple[str, ...], parent: str | None,
              depth: int) -> list[Goal]:
        """The goals at one depth, each followed by its subgoals (depth first): { code, text, needs_source, goals }."""
        if not isinstance(raw, list) or not raw:
            self.problem(where, "moet een lijst met minstens één doel zijn.")
            return []
        level = levels[depth - 1] if depth <= len(levels) else None
        example = '{ code = "kinderen_gezond", text = "Kinderen gezond opgroeien" }'
        goals = []
        for number, item in enumerate(raw, start=1):
            at = f"{where}[{number}]"
            if not isinstance(item, dict):
                self.problem(at, f"een doel is een tabel met een eigen code: {example}, gevonden: {item!r}. De code "
                                 "hangt niet af van de volgorde, zodat indicatoren, activiteiten en streefwaarden bij "
                                 "hun doel blijven als de lijst verandert.")
                continue
            self.only(item, at, GOAL_KEYS)
            code = self.text(item, "code", at)
            if code and not CODE.match(code):
                self.problem(f"{at}.code", f"alleen kleine letters, cijfers en _ toegestaan, gevonden: {code!r}.")
            if code:
                at = f"{where}[{number}] ({code})"
            text = self.text(item, "text", at)
            needs_source = self.text(item, "needs_source", at, required=False)
            if level is None:
                self.problem(at, f"ligt dieper dan de doelniveaus onder de opgave ({', '.join(levels)}); voeg een "
                                 "niveau toe in [doelenboom] niveaus.")
                continue
            goals.append(Goal(code or "", opgave_code, text or "", number, needs_source, parent, level, depth))
            if "goals" in item:
                goals.extend(self.goals(item["goals"], f"{at}.goals", opgave_code, levels, code, depth + 1))
        return goals

    def unique_goal_codes(self, opgaven: list[Opgave], upper_nodes: list[TreeNode]) -> dict[str, Goal]:
        """Goal codes are unique over the whole tree (an indicator or activity names a goal by its code alone)."""
        taken = {opgave.code: "een opgave" for opgave in opgaven} | {node.code: "een knoop" for node in upper_nodes}
        goals = {}
        for opgave in opgaven:
            for goal in opgave.goals:
                if goal.code in goals or goal.code in taken:
                    what = "een ander doel" if goal.code in goals else taken[goal.code]
                    self.problem(f"opgave ({opgave.code}).goals", f"doelcode {goal.code!r} is al {what}; elke code "
                                                                  "in de doelenboom is uniek.")
                    continue
                goals[goal.code] = goal
        return goals

    def goals_are_measured_or_say_why(self, opgaven: list[Opgave], indicators: list, goals: dict[str, Goal]) -> None:
        """A goal without an indicator (on it or a subgoal) must say which source it needs: nothing missing is silent."""
        measured = measured_goals(indicators, goals)
        children: dict[str, list[Goal]] = {}
        for goal in goals.values():
            if goal.parent_code:
                children.setdefault(goal.parent_code, []).append(goal)

        def explained(goal: Goal) -> bool:
            # Its subgoals each say what measures them or what would: the goal itself need not repeat that.
            return (goal.code in measured or bool(goal.needs_source)
                    or bool(children.get(goal.code)) and all(explained(child) for child in children[goal.code]))

        for opgave in opgaven:
            for goal in opgave.goals:
                if not explained(goal):
                    self.problem(f"opgave ({opgave.code}).goals ({goal.code})",
                                 f"doel {goal.code} ('{goal.text}') heeft geen indicator; koppel er een of schrijf "
                                 "{ code = \"…\", text = \"…\", needs_source = \"welke bron dit doel zou meten\" }.")

    # --- indicators ------------------------------------------------------------------------------------------

    def indicators(self, opgaven: set[str], goals: dict[str, Goal], sources: dict[str, Source]) -> list[Indicator]:
        result, seen = [], set()
        for number, entry in self.entries("indicator"):
            where = f"indicator[{number}]"
            code = self.code(entry, where, "indicator", seen)
            if code:
                where = f"indicator[{number}] ({code})"
            self.only(entry, where, INDICATOR_KEYS)
            title = self.text(entry, "title", where)
            unit = self.text(entry, "unit", where)
            definition = self.text(entry, "definition", where)
            source = self.text(entry, "source", where)
            if source and source not in sources:
                self.problem(f"{where}.source", f"onbekende bron {source!r}; bekend: {', '.join(sorted(sources))}.")
            source_kind = sources[source].kind if source in sources else None
            if source_kind == MAP:
                self.problem(f"{where}.source", f"bron {source!r} levert kaarten, geen cijfers: de grenzen van "
                                                "wijken en buurten. Kies de bron van het cijfer (bijv. cbs_kwb).")
            opgave = self.text(entry, "opgave", where, required=False)
            if opgave and opgave not in opgaven:
                self.problem(f"{where}.opgave", f"onbekende opgave {opgave!r}; bekend: {', '.join(sorted(opgaven))}.")
            goal_codes = self.indicator_goals(entry, where, goals)
            if goal_codes and not opgave:
                opgave = goals[goal_codes[0]].opgave_code  # the opgave of the first goal it serves
            elif goal_codes and opgave in opgaven:
                own = tuple(code for code in goal_codes if goals[code].opgave_code == opgave)
                if not own:
                    self.problem(f"{where}.opgave", f"geen van de doelen ({', '.join(goal_codes)}) hoort bij opgave "
                                                    f"{opgave!r}; laat opgave weg of noem ook een doel van {opgave!r}.")
                # Its own opgave's goals first: where one goal is shown (a tile, the catalogue), it is one of those.
                goal_codes = own + tuple(code for code in goal_codes if code not in own)
            kind = self.indicator_kind(entry, where, bool(goal_codes))
            higher = self.higher_is_better(entry, where)
            decimals = entry.get("decimals")
            if not _is_int(decimals) or decimals not in ALLOWED_DECIMALS:
                self.problem(f"{where}.decimals", f"moet een geheel getal van 0 tot en met 3 zijn, gevonden: {decimals!r}.")
                decimals = 0
            result.append(
                Indicator(
                    code=code or "",
                    title=title or "",
                    unit=unit or "",
                    definition=definition or "",
                    source=source or "",
                    opgave_code=opgave,
                    goal_codes=goal_codes,
                    higher_is_better=higher,
                    decimals=decimals,
                    sort_order=number,
                    cbs=self.cbs_mapping(entry, where, source, source_kind),
                    kis_labels=self.kis_labels(entry, where, source_kind),
                    series=self.series(entry, where),
                    breakdown=self.breakdown(entry, where, unit),
                    kind=kind,
                    target=self.target(entry, where, kind),
                )
            )
        self.unique_kis_labels(result)
        self.series_links(result)
        return result

    def indicator_goals(self, entry: dict, where: str, goals: dict[str, Goal]) -> tuple[str, ...]:
        """goal = "code" or goals = ["code", …]: the goals it serves, at any level and in any opgave."""
        if "goal" in entry and "goals" in entry:
            self.problem(where, "gebruik goal = \"…\" of goals = [\"…\", …], niet allebei.")
            return ()
        key = "goals" if "goals" in entry else "goal"
        raw = entry.get(key)
        if raw is None:
            return ()
        codes = [raw] if key == "goal" and isinstance(raw, str) else raw
        if not isinstance(codes, list) or not codes or not all(isinstance(code, str) and code.strip() for code in codes):
            self.problem(f"{where}.{key}", f"een doelcode of een lijst doelcodes, bijv. goals = [\"vitaal\", \"regie\"], "
                                           f"gevonden: {raw!r}.")
            return ()
        codes = [code.strip() for code in codes]
        if len(set(codes)) < len(codes):
            self.problem(f"{where}.{key}", f"een doel staat er meer dan eens in: {codes!r}.")
        for code in codes:
            if code not in goals:
                known = ", ".join(goals) if len(goals) <= 40 else ", ".join(list(goals)[:40]) + ", …"
                self.problem(f"{where}.{key}", f"onbekend doel {code!r}; de doelcodes in de doelenboom: {known}.")
        return tuple(dict.fromkeys(code for code in codes if code in goals))

    def indicator_kind(self, entry: dict, where: str, serves_goal: bool) -> str:
        """effect or prestatie for an indicator that serves a goal; context for one that does not."""
        kind = entry.get("type")
        if kind is None:
            if serves_goal:
                self.problem(f"{where}.type", 'ontbreekt; een indicator bij een doel is type = "effect" (een '
                                              'maatschappelijk effect), "prestatie" (wat gemeente en partners doen) '
                                              'of "context" (wie het doel betreft).')
            return CONTEXT if not serves_goal else INDICATOR_KINDS[0]
        if kind not in INDICATOR_KINDS:
            self.problem(f"{where}.type", f'moet "effect", "prestatie" of "context" zijn, gevonden: {kind!r}.')
            return INDICATOR_KINDS[0] if serves_goal else CONTEXT
        if not serves_goal and kind != CONTEXT:
            self.problem(f"{where}.type", "alleen een indicator bij een doel is een effect of prestatie; noem het "
                                          "doel (goal = \"…\") of laat type weg (een contextcijfer).")
            return CONTEXT
        return kind

    def target(self, entry: dict, where: str, kind: str) -> Target | None:
        """target = { baseline_year, value, year, source, [baseline_value, baseline_source], [ambition] }."""
        raw = entry.get("target")
        if raw is None:
            return None
        where = f"{where}.target"
        if kind == CONTEXT:
            self.problem(where, "een contextcijfer (zonder doel, of type = \"context\") wordt niet beoordeeld en "
                                "heeft geen streefwaarde; koppel de indicator aan een doel als effect of prestatie.")
        example = ('{ baseline_year = 2022, value = 12.0, year = 2028, source = "Uitvoeringsplan 2026" } (en '
                   'eventueel baseline_value = …, baseline_source = "…", ambition = "…")')
        if not isinstance(raw, dict):
            self.problem(where, f"moet een tabel zijn: {example}.")
            return None
        self.only(raw, where, TARGET_KEYS)
        baseline_year = self.year(raw, "baseline_year", where)
        target_year = self.year(raw, "year", where)
        for key, value in (("baseline_year", baseline_year), ("year", target_year)):
            if value is None and not isinstance(raw.get(key), (int, float)) and key not in raw:
                self.problem(f"{where}.{key}", "ontbreekt (verplicht): het jaar van de "
                                               + ("nulmeting." if key == "baseline_year" else "streefwaarde."))
        if baseline_year and target_year and target_year <= baseline_year:
            self.problem(f"{where}.year", f"het streefjaar {target_year} moet na de nulmeting ({baseline_year}) liggen.")
        value = self.number(raw, "value", where, required=True)
        baseline_value = self.number(raw, "baseline_value", where, required=False)
        baseline_source = self.text(raw, "baseline_source", where, required=baseline_value is not None)
        if baseline_source and baseline_value is None:
            self.problem(f"{where}.baseline_source", "hoort bij baseline_value: zonder waarde komt de nulmeting "
                                                     "uit de cijfers zelf.")
        source = self.text(raw, "source", where)
        ambitions = self.ambitions(raw.get("ambition"), f"{where}.ambition")
        if None in (baseline_year, target_year, value, source):
            return None
        return Target(baseline_year, value, target_year, source, baseline_value, baseline_source, ambitions)

    def number(self, table: dict, key: str, where: str, required: bool) -> float | None:
        value = table.get(key)
        if value is None:
            if required:
                self.problem(f"{where}.{key}", "ontbreekt (verplicht).")
            return None
        if not isinstance(value, (int, float)) or isinstance(value, bool):
            self.problem(f"{where}.{key}", f"moet een getal zijn (met een punt als decimaalteken), gevonden: {value!r}.")
            return None
        return float(value)

    def ambitions(self, raw, where: str) -> tuple[tuple[str, str], ...]:
        """ambition = "…" for every gemeente, or { GM0233 = "…", GM0243 = "…" } per gemeente."""
        if raw is None:
            return ()
        if isinstance(raw, str) and raw.strip():
            return (("", raw.strip()),)
        if isinstance(raw, dict) and raw:
            result = []
            for code, text in raw.items():
                if not GEMEENTE_CODE.match(code):
                    self.problem(f"{where}.{code}", "verwacht een gemeentecode (GM####) per ambitieniveau.")
                elif not isinstance(text, str) or not text.strip():
                    self.problem(f"{where}.{code}", f"moet een niet-lege tekst zijn, gevonden: {text!r}.")
                else:
                    result.append((code, text.strip()))
            return tuple(result)
        self.problem(where, f"een tekst, of per gemeente {{ GM0342 = \"…\" }}, gevonden: {raw!r}.")
        return ()

    # --- comparison regions ----------------------------------------------------------------------------------

    def comparison(self, indicator_codes: set[str]) -> Comparison:
        raw = self.raw.get("vergelijking")
        if raw is None:
            return Comparison()
        if not isinstance(raw, dict):
            self.problem("vergelijking", "moet een tabel zijn: [vergelijking] met provincie, referentiegemeenten, vergelijkbaar.")
            return Comparison()
        self.only(raw, "vergelijking", VERGELIJKING_KEYS)
        own = self.raw.get("gemeente", {}).get("code") if isinstance(self.raw.get("gemeente"), dict) else None
        provincie, by_gemeente = self.provincie(raw.get("provincie"), own)
        codes = raw.get("referentiegemeenten", [])
        if not isinstance(codes, list) or not all(isinstance(code, str) and GEMEENTE_CODE.match(code) for code in codes):
            self.problem("vergelijking.referentiegemeenten", f"een lijst gemeentecodes (GM####), gevonden: {codes!r}.")
            codes = []
        if own in codes:
            self.problem("vergelijking.referentiegemeenten", f"{own} is de gemeente zelf.")
        if len(set(codes)) < len(codes):
            self.problem("vergelijking.referentiegemeenten", "een gemeente staat er meer dan eens in.")
        return Comparison(provincie, tuple(dict.fromkeys(c for c in codes if c != own)),
                          self.similar(raw.get("vergelijkbaar"), indicator_codes), by_gemeente)

    def provincie(self, raw, own: str | None) -> tuple[str | None, tuple[tuple[str, str], ...]]:
        """provincie = "PV26", or per gemeente { GM0243 = "PV25", GM0050 = "PV24" } when they share this config."""
        where = "vergelijking.provincie"
        if raw is None:
            return None, ()
        pairs = [("", raw)] if isinstance(raw, str) else list(raw.items()) if isinstance(raw, dict) else [("", raw)]
        valid = []
        for code, provincie in pairs:
            at = f"{where}.{code}" if code else where
            if code and not GEMEENTE_CODE.match(code):
                self.problem(at, "verwacht een gemeentecode (GM####) per provincie.")
            elif not isinstance(provincie, str) or not PROVINCIE_CODE.match(provincie):
                self.problem(at, f"moet de vorm PV## hebben (CBS-code, Utrecht is PV26), gevonden: {provincie!r}.")
            else:
                valid.append((code, provincie))
        if isinstance(raw, dict):
            if own and own not in raw and not self.problems:
                self.problem(where, f"noem ook de provincie van de gemeente zelf ({own}).")
            return dict(valid).get(own), tuple(valid)
        return (valid[0][1] if valid else None), ()

    def similar(self, raw, indicator_codes: set[str]) -> Similar | None:
        if raw is None:
            return None
        where = "vergelijking.vergelijkbaar"
        if not isinstance(raw, dict):
            self.problem(where, 'moet een tabel zijn: { aantal = 5, kenmerken = ["inwoners", …] }.')
            return None
        self.only(raw, where, SIMILAR_KEYS)
        count = raw.get("aantal")
        if not _is_int(count) or not 2 <= count <= 25:
            self.problem(f"{where}.aantal", f"een geheel getal van 2 tot en met 25, gevonden: {count!r}.")
            count = None
        kenmerken = raw.get("kenmerken")
        if not isinstance(kenmerken, list) or not kenmerken or not all(isinstance(k, str) for k in kenmerken):
            self.problem(f"{where}.kenmerken", f"een lijst indicatorcodes, bijv. [\"inwoners\", \"stedelijkheid\"], "
                                               f"gevonden: {kenmerken!r}.")
            return None
        for code in kenmerken:
            if code not in indicator_codes:
                self.problem(f"{where}.kenmerken", f"onbekende indicator {code!r}.")
        return Similar(count, tuple(kenmerken)) if count else None

    def unique_kis_labels(self, indicators: list[Indicator]) -> None:
        owner: dict[str, str] = {}
        for indicator in indicators:
            for label in indicator.kis_labels:
                key = " ".join(label.casefold().split())
                if key in owner and owner[key] != indicator.code:
                    self.problem(f"indicator ({indicator.code}).kis", f"label {label!r} hoort al bij {owner[key]!r}.")
                owner[key] = indicator.code

    def higher_is_better(self, entry: dict, where: str) -> bool | None:
        if "higher_is_better" not in entry:
            self.problem(f"{where}.higher_is_better", 'ontbreekt; kies true, false of "none".')
            return None
        value = entry["higher_is_better"]
        if isinstance(value, bool):
            return value
        if value == "none":
            return None
        self.problem(f"{where}.higher_is_better", f'moet true, false of "none" zijn, gevonden: {value!r}.')
        return None

    def kis_labels(self, entry: dict, where: str, kind: str | None) -> tuple[str, ...]:
        raw = entry.get("kis")
        if raw is not None and kind != KIS:
            self.problem(f"{where}.kis", "alleen indicatoren uit de KIS-wijkmonitor hebben KIS-labels.")
            return ()
        if raw is None:
            if kind == KIS:
                self.problem(f"{where}.kis", 'een KIS-indicator heeft labels nodig: kis = { labels = ["…"] }.')
            return ()
        if isinstance(raw, dict):
            self.only(raw, f"{where}.kis", ("labels",))
        labels = raw.get("labels") if isinstance(raw, dict) else None
        if not isinstance(labels, list) or not labels or not all(isinstance(t, str) and t.strip() for t in labels):
            self.problem(f"{where}.kis", 'moet zijn: kis = { labels = ["titel zoals in de KIS-export", …] }.')
            return ()
        return tuple(label.strip() for label in labels)

    def stems(self, raw, where: str, required: bool) -> tuple[str, ...]:
        """A variable name or a list of the names it had (current first), each without its position suffix."""
        if raw is None:
            if required:
                self.problem(where, "ontbreekt (verplicht).")
            return ()
        names = [raw] if isinstance(raw, str) else raw
        if not isinstance(names, list) or not names or not all(isinstance(n, str) and n.strip() for n in names):
            self.problem(where, f"een variabelenaam of een lijst namen (nieuwste eerst), gevonden: {raw!r}.")
            return ()
        for name in names:
            if re.search(r"_\d+$", name.strip()):
                self.problem(where, f"geef de variabele zonder volgnummer (bijv. 'AantalInwoners', niet {name!r}).")
        return tuple(name.strip() for name in names)

    def cbs_mapping(self, entry: dict, where: str, source: str | None, kind: str | None) -> CbsMapping | None:
        raw = entry.get("cbs")
        if raw is not None and kind and kind != STATLINE:
            self.problem(f"{where}.cbs", f"bron {source!r} is geen StatLine-tabel; laat 'cbs' weg.")
            return None
        if raw is None:
            if kind == STATLINE:
                self.problem(f"{where}.cbs", "een indicator uit een StatLine-tabel heeft een bronvariabele nodig: cbs = { stem = \"…\" }.")
            return None
        if not isinstance(raw, dict):
            self.problem(f"{where}.cbs", "moet een tabel zijn: { stem = \"…\", per = \"…\", factor = … }.")
            return None
        self.only(raw, f"{where}.cbs", CBS_KEYS)
        stems = self.stems(raw.get("stem"), f"{where}.cbs.stem", required=True)
        per = self.stems(raw.get("per"), f"{where}.cbs.per", required=False)
        factor = raw.get("factor", 1)
        if not isinstance(factor, (int, float)) or isinstance(factor, bool) or factor <= 0:
            self.problem(f"{where}.cbs.factor", f"moet een positief getal zijn, gevonden: {factor!r}.")
            factor = 1
        group = self.text(raw, "group", f"{where}.cbs", required=False)
        rounded_to = raw.get("rounded_to")
        if rounded_to is not None and (not _is_int(rounded_to) or rounded_to < 2):
            self.problem(f"{where}.cbs.rounded_to", f"het veelvoud waarop de bron afrondt (bijv. 5 of 10), gevonden: {rounded_to!r}.")
            rounded_to = None
        return CbsMapping(stems, per, float(factor), group, rounded_to) if stems else None

    def series(self, entry: dict, where: str) -> Series:
        raw = entry.get("series")
        if raw is None:
            return Series()
        if not isinstance(raw, dict):
            self.problem(f"{where}.series", "moet een tabel zijn: { last_year = …, successor = \"…\", note = \"…\" }.")
            return Series()
        self.only(raw, f"{where}.series", SERIES_KEYS)
        first, last = self.year(raw, "first_year", f"{where}.series"), self.year(raw, "last_year", f"{where}.series")
        if first and last and first > last:
            self.problem(f"{where}.series", f"first_year {first} ligt na last_year {last}.")
        note = self.text(raw, "note", f"{where}.series", required=bool(first or last))
        predecessor = self.text(raw, "predecessor", f"{where}.series", required=False)
        successor = self.text(raw, "successor", f"{where}.series", required=False)
        if predecessor and not first:
            self.problem(f"{where}.series", "een voorganger hoort bij first_year: het eerste jaar van deze reeks.")
        if successor and not last:
            self.problem(f"{where}.series", "een opvolger hoort bij last_year: het laatste jaar van deze reeks.")
        return Series(first, last, note, predecessor, successor)

    def breakdown(self, entry: dict, where: str, unit: str | None) -> GroupBreakdown | None:
        """breakdown = { distribution = true, classifications = [{ name = "…", groups = […], subgroups = {…} }] },
        strictly: a group named twice, a subgroup under an unknown group or a distribution in another unit than %
        would draw bars that add up to more than everyone."""
        raw = entry.get("breakdown")
        if raw is None:
            return None
        where = f"{where}.breakdown"
        example = ('{ distribution = true, classifications = [{ name = "migratieachtergrond", groups = ["Geen '
                   'migratieachtergrond", "Westerse migratieachtergrond", "Niet-westerse migratieachtergrond"], '
                   'subgroups = { "Niet-westerse migratieachtergrond" = ["Turkije", "Marokko", …] } }] }')
        if not isinstance(raw, dict):
            self.problem(where, f"moet een tabel zijn: {example}.")
            return None
        self.only(raw, where, BREAKDOWN_KEYS)
        distribution = raw.get("distribution", False)
        if not isinstance(distribution, bool):
            self.problem(f"{where}.distribution", f"moet true of false zijn, gevonden: {distribution!r}.")
            distribution = False
        if distribution and unit and unit != "%":
            self.problem(f"{where}.distribution", f"een verdeling is in procenten (unit = \"%\"), gevonden: {unit!r}.")
        raw_classifications = raw.get("classifications")
        if not isinstance(raw_classifications, list) or not raw_classifications:
            self.problem(f"{where}.classifications", f"een lijst van minstens één indeling: {example}.")
            return None
        classifications, names = [], set()
        for number, item in enumerate(raw_classifications, start=1):
            at = f"{where}.classifications[{number}]"
            if not isinstance(item, dict):
                self.problem(at, f"moet een tabel zijn: {{ name = \"…\", groups = […] }}, gevonden: {item!r}.")
                continue
            self.only(item, at, CLASSIFICATION_KEYS)
            name = self.text(item, "name", at)
            if name in names:
                self.problem(f"{at}.name", f"indeling {name!r} komt twee keer voor.")
            names.add(name)
            classification = self.classification(item, at, name or "", distribution)
            if classification:
                classifications.append(classification)
        return GroupBreakdown(tuple(classifications), distribution) if classifications else None

    def classification(self, raw: dict, where: str, name: str, distribution: bool) -> Classification | None:
        groups = self.group_names(raw.get("groups"), f"{where}.groups", required=True)
        if distribution and len(groups) == 1:
            self.problem(f"{where}.groups", "een verdeling heeft minstens twee groepen.")
        seen = set(groups)
        subgroups = []
        raw_subgroups = raw.get("subgroups", {})
        if not isinstance(raw_subgroups, dict):
            self.problem(f"{where}.subgroups", f"moet een tabel zijn: {{ \"<groep>\" = [\"subgroep\", …] }}, "
                                               f"gevonden: {raw_subgroups!r}.")
            raw_subgroups = {}
        for parent, names in raw_subgroups.items():
            if parent not in groups:
                self.problem(f"{where}.subgroups.{parent}", f"onbekende groep; de groepen zijn: {', '.join(groups)}.")
                continue
            names = self.group_names(names, f"{where}.subgroups.{parent}", required=True)
            for sub in names:
                if sub in seen:
                    self.problem(f"{where}.subgroups.{parent}", f"{sub!r} staat al elders in deze indeling: een groep "
                                                                "hoort op één plek.")
                seen.add(sub)
            subgroups.append((parent, names))
        return Classification(name, groups, tuple(subgroups)) if groups else None

    def group_names(self, raw, where: str, required: bool) -> tuple[str, ...]:
        """A list of distinct, non-empty group names as the source writes them; never 'totaal'."""
        if raw is None and not required:
            return ()
        if not isinstance(raw, list) or not raw or not all(isinstance(name, str) and name.strip() for name in raw):
            self.problem(where, f"een lijst groepen zoals de bron ze noemt, bijv. [\"Turkije\", \"Marokko\"], "
                                f"gevonden: {raw!r}.")
            return ()
        names = tuple(name.strip() for name in raw)
        doubles = sorted({name for name in names if names.count(name) > 1})
        if doubles:
            self.problem(where, f"een groep staat er meer dan eens in: {', '.join(doubles)}.")
        if TOTAL_BREAKDOWN in names:
            self.problem(where, f"'{TOTAL_BREAKDOWN}' is het totaal van alle inwoners, geen groep.")
        return tuple(dict.fromkeys(name for name in names if name != TOTAL_BREAKDOWN))

    def series_links(self, indicators: list[Indicator]) -> None:
        """Predecessor and successor name existing indicators, and a break is never joined into one line."""
        codes = {indicator.code for indicator in indicators}
        for indicator in indicators:
            where = f"indicator ({indicator.code}).series"
            for key, other in (("predecessor", indicator.series.predecessor), ("successor", indicator.series.successor)):
                if other and other not in codes:
                    self.problem(f"{where}.{key}", f"onbekende indicator {other!r}.")
                if other == indicator.code:
                    self.problem(f"{where}.{key}", "een reeks kan niet zijn eigen voorganger of opvolger zijn.")

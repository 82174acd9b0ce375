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

# The kernindicatoren slide shows each one as a headline figure beside its trend: more than three do not fit
# readably side by side on a beamer.
MAX_KERNINDICATOREN = 3
TOP_KEYS = ("gemeente", "monitor", "source", "privacy", "opgave", "indicator")
GOAL_KEYS = ("text", "needs_source")
INDICATOR_KEYS = ("code", "title", "unit", "definition", "source", "opgave", "goal", "higher_is_better", "decimals",
                  "cbs", "kis", "series", "breakdown")
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
    code: str  # "<opgave>.<n>"
    opgave_code: str
    text: str
    sort_order: int
    needs_source: str | None = None  # no public measure yet: which source would answer this goal


@dataclass(frozen=True)
class Opgave:
    code: str
    title: str
    ambition: str
    sort_order: int
    goals: tuple[Goal, ...]
    # The indicators the presentation shows on its kernindicatoren slide, in this order; None: the app takes the
    # first ones with a trend (the config cannot know which have figures in two or more years).
    kernindicatoren: tuple[str, ...] | None = None


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
    goal_code: str | None
    higher_is_better: bool | None
    decimals: int
    sort_order: int
    cbs: CbsMapping | None = None
    kis_labels: tuple[str, ...] = ()  # how KIS exports title this indicator
    series: Series = field(default_factory=Series)
    breakdown: GroupBreakdown | None = None


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

    def statline_indicators(self, source: str) -> list[Indicator]:
        """The indicators computed from the StatLine table(s) of one source."""
        return [i for i in self.indicators if i.source == source and i.cbs is not None]

    def goals_without_indicator(self) -> list[Goal]:
        """Goals no indicator measures yet (each says in the config which source would)."""
        measured = {i.goal_code for i in self.indicators}
        return [goal for opgave in self.opgaven for goal in opgave.goals if goal.code not in measured]

    def for_gemeente(self, code: str) -> MonitorConfig:
        """The same catalog for another gemeente (`--gemeente`); its name comes from the loaded code list."""
        if code == self.gemeente_code:
            return self
        return replace(self, gemeente_code=code, gemeente_name=code, title=f"Monitor Sociaal Domein {code}")


def read_config(path: Path, source_kinds: Mapping[str, str]) -> MonitorConfig:
    """Read and validate a gemeente configuration file; raises ConfigError listing every problem.

    source_kinds: code → kind (STATLINE, KIS, DELIVERED) of every source the pipelines can read.
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
        opgaven = self.opgaven()
        goals = {g.code: g for o in opgaven for g in o.goals}
        indicators = self.indicators({o.code for o in opgaven}, goals, sources)
        self.goals_are_measured_or_say_why(opgaven, indicators)
        self.kernindicatoren_belong_to_their_opgave(opgaven, indicators)
        threshold = self.small_count_threshold()

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

    def opgaven(self) -> list[Opgave]:
        result, seen = [], set()
        for number, entry in self.entries("opgave"):
            where = f"opgave[{number}]"
            self.only(entry, where, ("code", "title", "ambition", "goals", "kernindicatoren"))
            code = self.code(entry, where, "opgave", seen)
            title = self.text(entry, "title", where)
            ambition = self.text(entry, "ambition", where)
            goals = tuple(self.goals(entry.get("goals"), f"{where}.goals", code or ""))
            kernindicatoren = self.kernindicatoren(entry, f"opgave ({code}).kernindicatoren" if code else where)
            result.append(Opgave(code or "", title or "", ambition or "", number, goals, kernindicatoren))
        return result

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

    def goals(self, raw, where: str, opgave_code: str) -> list[Goal]:
        """Each goal: its text, or { text = "…", needs_source = "…" } when no public source measures it yet."""
        if not isinstance(raw, list) or not raw:
            self.problem(where, "moet een lijst met minstens één doel zijn.")
            return []
        goals = []
        for number, item in enumerate(raw, start=1):
            needs_source = None
            if isinstance(item, dict):
                self.only(item, f"{where}[{number}]", GOAL_KEYS)
                text = self.text(item, "text", f"{where}[{number}]")
                needs_source = self.text(item, "needs_source", f"{where}[{number}]", required=False)
            elif isinstance(item, str) and item.strip():
                text = item.strip()
            else:
                self.problem(f"{where}[{number}]", f"een doeltekst of {{ text = \"…\", needs_source = \"…\" }}, gevonden: {item!r}.")
                continue
            goals.append(Goal(f"{opgave_code}.{number}", opgave_code, text or "", number, needs_source))
        return goals

    def goals_are_measured_or_say_why(self, opgaven: list[Opgave], indicators: list) -> None:
        """A goal without an indicator must say which source it needs: nothing that is missing may be silent."""
        measured = {indicator.goal_code for indicator in indicators}
        for opgave in opgaven:
            for goal in opgave.goals:
                if goal.code not in measured and not goal.needs_source:
                    self.problem(f"opgave ({opgave.code}).goals[{goal.sort_order}]",
                                 f"doel {goal.code} ('{goal.text}') heeft geen indicator; koppel er een of schrijf "
                                 "{ text = \"…\", needs_source = \"welke bron dit doel zou meten\" }.")

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
            kind = sources[source].kind if source in sources else None
            opgave = self.text(entry, "opgave", where, required=False)
            if opgave and opgave not in opgaven:
                self.problem(f"{where}.opgave", f"onbekende opgave {opgave!r}; bekend: {', '.join(sorted(opgaven))}.")
            goal = self.text(entry, "goal", where, required=False)
            if goal:
                if goal not in goals:
                    self.problem(f"{where}.goal", f"onbekend doel {goal!r}; gebruik <opgave>.<nummer>, bijv. 'leefstijl.1'.")
                elif opgave and goals[goal].opgave_code != opgave:
                    self.problem(f"{where}.goal", f"doel {goal!r} hoort niet bij opgave {opgave!r}.")
            if goal and not opgave:
                self.problem(f"{where}.goal", "een doel zonder opgave; vul ook 'opgave' in.")
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
                    goal_code=goal,
                    higher_is_better=higher,
                    decimals=decimals,
                    sort_order=number,
                    cbs=self.cbs_mapping(entry, where, source, kind),
                    kis_labels=self.kis_labels(entry, where, kind),
                    series=self.series(entry, where),
                    breakdown=self.breakdown(entry, where, unit),
                )
            )
        self.unique_kis_labels(result)
        self.series_links(result)
        return result

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

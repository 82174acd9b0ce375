"""The gemeente configuration: gemeente, opgaven with goals, sources and the indicator catalog.

The file is TOML (see config/soest.toml). It is validated completely on load so a
mistake shows up as one message naming the file, the key and what is wrong, not
as a failure halfway through a build.
"""

from __future__ import annotations

import os
import re
import tomllib
from dataclasses import dataclass, field, replace
from pathlib import Path

from monitor.errors import ConfigError

ALLOWED_DECIMALS = range(0, 4)
GEMEENTE_CODE = re.compile(r"^GM\d{4}$")
CODE = re.compile(r"^[a-z][a-z0-9_]*$")
# Sources published as CBS StatLine OData tables: their indicators name a table variable (stem).
STATLINE_SOURCES = ("cbs_kwb", "rivm_gezondheid")
# The KIS-wijkmonitor has no API: its indicators are recognised by the labels its exports use.
KIS_SOURCE = "kis_wijkmonitor"
# Counts about people below this are never stored or shown (privacy); CBS uses 5 too.
DEFAULT_SMALL_COUNT_THRESHOLD = 5


@dataclass(frozen=True)
class Goal:
    code: str  # "<opgave>.<n>"
    opgave_code: str
    text: str
    sort_order: int


@dataclass(frozen=True)
class Opgave:
    code: str
    title: str
    ambition: str
    sort_order: int
    goals: tuple[Goal, ...]


@dataclass(frozen=True)
class CbsMapping:
    """How an indicator is computed from the variables of a CBS StatLine table (KWB or RIVM)."""

    stem: str
    per: str | None = None  # denominator stem, for shares and rates
    factor: float = 1.0


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


@dataclass(frozen=True)
class Source:
    code: str
    title: str
    publisher: str


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

    def for_gemeente(self, code: str) -> MonitorConfig:
        """The same catalog for another gemeente (`--gemeente`); its name comes from the loaded code list."""
        if code == self.gemeente_code:
            return self
        return replace(self, gemeente_code=code, gemeente_name=code, title=f"Monitor Sociaal Domein {code}")


def read_config(path: Path) -> MonitorConfig:
    """Read and validate a gemeente configuration file; raises ConfigError listing every problem."""
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(f"{path}: configuratiebestand niet gevonden.") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: geen geldige TOML ({exc}).") from None
    except UnicodeDecodeError:
        raise ConfigError(f"{path}: het bestand is geen UTF-8-tekst.") from None
    return _Validator(path, raw).validate()


class _Validator:
    """Collects every problem in one pass so the user can fix them all at once."""

    def __init__(self, path: Path, raw: dict):
        self.path = path
        self.raw = raw
        self.problems: list[str] = []

    def problem(self, key: str, what: str) -> None:
        self.problems.append(f"{self.path}: {key}: {what}")

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
        gemeente = self.table("gemeente")
        code = self.text(gemeente, "code", "gemeente")
        if code and not GEMEENTE_CODE.match(code):
            self.problem("gemeente.code", f"moet de vorm GM#### hebben (CBS-code), gevonden: {code!r}.")
        name = self.text(gemeente, "name", "gemeente")
        monitor = self.raw.get("monitor", {})
        title = (monitor.get("title") if isinstance(monitor, dict) else None) or f"Monitor Sociaal Domein {name or ''}".strip()
        vision = (monitor.get("vision") if isinstance(monitor, dict) else None) or ""

        sources = self.sources()
        opgaven = self.opgaven()
        goals = {g.code: g for o in opgaven for g in o.goals}
        indicators = self.indicators({o.code for o in opgaven}, goals, sources)
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
        value = privacy.get("small_count_threshold", DEFAULT_SMALL_COUNT_THRESHOLD) if isinstance(privacy, dict) else None
        if not isinstance(value, int) or isinstance(value, bool) or value < 1:
            self.problem("privacy.small_count_threshold", f"moet een geheel getal van 1 of meer zijn, gevonden: {value!r}.")
            return DEFAULT_SMALL_COUNT_THRESHOLD
        return value

    def sources(self) -> dict[str, Source]:
        result = {}
        for code, entry in self.table("source").items():
            where = f"source.{code}"
            if not isinstance(entry, dict):
                self.problem(where, "moet een tabel zijn met title en publisher.")
                continue
            title = self.text(entry, "title", where)
            publisher = self.text(entry, "publisher", where)
            if title and publisher:
                result[code] = Source(code, title, publisher)
        return result

    def opgaven(self) -> list[Opgave]:
        result, seen = [], set()
        for number, entry in self.entries("opgave"):
            where = f"opgave[{number}]"
            code = self.code(entry, where, "opgave", seen)
            title = self.text(entry, "title", where)
            ambition = self.text(entry, "ambition", where)
            goal_texts = entry.get("goals")
            if not isinstance(goal_texts, list) or not goal_texts or not all(
                isinstance(t, str) and t.strip() for t in goal_texts
            ):
                self.problem(f"{where}.goals", "moet een lijst met minstens één niet-lege doeltekst zijn.")
                goal_texts = []
            goals = tuple(
                Goal(f"{code}.{n}", code, text.strip(), n) for n, text in enumerate(goal_texts, start=1)
            )
            result.append(Opgave(code or "", title or "", ambition or "", number, goals))
        return result

    def indicators(self, opgaven: set[str], goals: dict[str, Goal], sources: dict[str, Source]) -> list[Indicator]:
        result, seen = [], set()
        for number, entry in self.entries("indicator"):
            where = f"indicator[{number}]"
            code = self.code(entry, where, "indicator", seen)
            if code:
                where = f"indicator[{number}] ({code})"
            title = self.text(entry, "title", where)
            unit = self.text(entry, "unit", where)
            definition = self.text(entry, "definition", where)
            source = self.text(entry, "source", where)
            if source and source not in sources:
                self.problem(f"{where}.source", f"onbekende bron {source!r}; bekend: {', '.join(sorted(sources))}.")
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
            if not isinstance(decimals, int) or isinstance(decimals, bool) or decimals not in ALLOWED_DECIMALS:
                self.problem(f"{where}.decimals", f"moet een geheel getal van 0 tot en met 3 zijn, gevonden: {decimals!r}.")
                decimals = 0
            cbs = self.cbs_mapping(entry, where, source)
            kis_labels = self.kis_labels(entry, where, source)
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
                    cbs=cbs,
                    kis_labels=kis_labels,
                )
            )
        self.unique_kis_labels(result)
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

    def kis_labels(self, entry: dict, where: str, source: str | None) -> tuple[str, ...]:
        raw = entry.get("kis")
        if raw is not None and source != KIS_SOURCE:
            self.problem(f"{where}.kis", f"alleen indicatoren met bron {KIS_SOURCE!r} hebben KIS-labels.")
            return ()
        if raw is None:
            if source == KIS_SOURCE:
                self.problem(f"{where}.kis", 'een KIS-indicator heeft labels nodig: kis = { labels = ["…"] }.')
            return ()
        labels = raw.get("labels") if isinstance(raw, dict) else None
        if not isinstance(labels, list) or not labels or not all(isinstance(t, str) and t.strip() for t in labels):
            self.problem(f"{where}.kis", 'moet zijn: kis = { labels = ["titel zoals in de KIS-export", …] }.')
            return ()
        return tuple(label.strip() for label in labels)

    def cbs_mapping(self, entry: dict, where: str, source: str | None) -> CbsMapping | None:
        raw = entry.get("cbs")
        if raw is not None and source and source not in STATLINE_SOURCES:
            self.problem(f"{where}.cbs", f"bron {source!r} is geen CBS-/RIVM-tabel; laat 'cbs' weg.")
            return None
        if raw is None:
            if source in STATLINE_SOURCES:
                self.problem(f"{where}.cbs", "een indicator uit een CBS-/RIVM-tabel heeft een bronvariabele nodig: cbs = { stem = \"…\" }.")
            return None
        if not isinstance(raw, dict):
            self.problem(f"{where}.cbs", "moet een tabel zijn: { stem = \"…\", per = \"…\", factor = … }.")
            return None
        stem = self.text(raw, "stem", f"{where}.cbs")
        if stem and re.search(r"_\d+$", stem):
            self.problem(f"{where}.cbs.stem", f"geef de variabele zonder volgnummer (bijv. 'AantalInwoners', niet {stem!r}).")
        per = self.text(raw, "per", f"{where}.cbs", required=False)
        factor = raw.get("factor", 1)
        if not isinstance(factor, (int, float)) or isinstance(factor, bool) or factor <= 0:
            self.problem(f"{where}.cbs.factor", f"moet een positief getal zijn, gevonden: {factor!r}.")
            factor = 1
        return CbsMapping(stem or "", per, float(factor)) if stem else None

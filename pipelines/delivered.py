"""Files people deliver: partner workbooks, KIS-wijkmonitor exports and financiënwerkmappen.

Unlike the StatLine sources these arrive by e-mail and are placed in
data/raw/partners/, data/raw/kis/ and data/raw/financien/. Each file is one input: its file name
is its identity (load_log.table_id), so loading a corrected version under the
same name replaces what the earlier version loaded. The name is compared as
people see it (`delivered_name`): a copy whose name differs only in invisible
characters is the same file, never a second one that counts every row twice.
Every file is validated completely before anything is loaded; one refused
file stops the whole load, so the warehouse never holds half of what the
analyst meant to load.
"""

from __future__ import annotations

import dataclasses
import unicodedata
from pathlib import Path

import polars as pl

from monitor.config import MonitorConfig
from monitor.errors import MonitorError
from monitor.sources import FileSource
from monitor.tidy import SourceTable
from pipelines import registry
from pipelines.problems import CONTROL_CHARACTER, INVISIBLE_CHARACTER, InputRefused, ProblemList, quoted
from pipelines.region_index import RegionIndex

TEMPLATE_NAME = "partner-template.xlsx"  # the empty template `template` writes into data/raw/partners/
FINANCIEN_TEMPLATE_NAME = "financien-template.xlsx"  # and `template --financien` into data/raw/financien/


def files_in(directory: Path, source: FileSource) -> list[Path]:
    """The files of one source in a directory, by name.

    Skipped: Excel's lock files (~$name.xlsx, present while a workbook is
    open), hidden files, and the empty templates.
    """
    if not Path(directory).is_dir():
        return []
    return sorted(
        path for path in Path(directory).iterdir()
        if path.is_file() and path.suffix.lower() in source.suffixes
        and not path.name.startswith(("~$", ".")) and path.name not in (TEMPLATE_NAME, FINANCIEN_TEMPLATE_NAME)
    )


def files_for(config: MonitorConfig, raw_dir: Path) -> list[tuple[FileSource, Path]]:
    """Every delivered file in <raw_dir>/partners/, kis/ and financien/, for the sources the config names."""
    return [(source, path) for source in registry.file_sources(config)
            for path in files_in(Path(raw_dir) / source.subdirectory, source)]


def region_index(config: MonitorConfig, *region_frames: pl.DataFrame) -> RegionIndex:
    """The regions files may name: those already in the warehouse plus those the tables being loaded bring."""
    frames = [frame.select("region_code", "name", "level") for frame in region_frames if not frame.is_empty()]
    regions = pl.concat(frames) if frames else pl.DataFrame(schema={"region_code": pl.String, "name": pl.String, "level": pl.String})
    index = RegionIndex.from_regions(regions, config.gemeente_code)
    if not index.wijken():
        raise MonitorError(
            f"Het warehouse kent nog geen wijken van {config.gemeente_name} ({config.gemeente_code}), dus wijknamen in "
            "partnerwerkmappen en KIS-exporten kunnen niet worden gecontroleerd. Laad eerst CBS: "
            "`python -m pipelines cbs` (of `python -m pipelines run`)."
        )
    return index


def delivered_name(name: str) -> str:
    """A delivered file's identity: its name as people see it.

    Invisible characters (a soft hyphen, a zero-width space, a byte order
    mark) are left out, every kind of space is one space, and accents are
    composed (macOS writes é as e + ´), so a copy whose name only differs in
    those is the same file. Case is kept: it is how the name is shown, and
    the folders analysts keep these files in (Windows, macOS) cannot hold two
    names that differ only in case.
    """
    name = INVISIBLE_CHARACTER.sub("", unicodedata.normalize("NFKC", name))
    return " ".join(name.split())


def read_files(files: list[tuple[FileSource, Path]], config: MonitorConfig, regions: RegionIndex) -> list[SourceTable]:
    """Read and validate every file; when any is refused, one error lists the problems of all of them.

    Each table is identified by its delivered_name. Two files of one source
    with the same delivered_name are refused: loading both, the second
    would silently replace the first.
    """
    tables, refusals = [], []
    first_by_name: dict[tuple[str, str], Path] = {}
    for source, path in files:
        name = delivered_name(path.name)
        earlier = first_by_name.setdefault((source.code, name), path)
        problems = ProblemList(path)
        if earlier != path:
            problems.add(f"de naam is (bijna) gelijk aan die van {quoted(earlier.name)}: ze verschillen alleen in "
                         "onzichtbare tekens of spaties, dus het zou dat bestand vervangen. Verwijder een van beide, "
                         "of geef ze duidelijk verschillende namen.")
        if CONTROL_CHARACTER.search(path.name):
            problems.add("de bestandsnaam bevat een onzichtbaar stuurteken; geef het bestand een gewone naam.")
        if problems:
            refusals.append(InputRefused(path, problems.items))
            continue
        try:
            tables.append(dataclasses.replace(source.read(path, config, regions), table_id=name))
        except InputRefused as refusal:
            refusals.append(refusal)
    _refuse(refusals)
    return tables


def check_no_duplicates(tables: list[SourceTable], loaded: dict[str, dict[str, pl.DataFrame]]) -> None:
    """Refuse a file whose rows another file already delivered (loaded before, or earlier in this batch).

    Reloading the same file name replaces it, so that is no conflict. A
    corrected copy under a new name would otherwise double every activity and
    story, so it is refused with the advice to use the original name.
    """
    refusals = []
    seen: dict[str, dict[str, pl.DataFrame]] = {}
    batch_files = {(table.source, table.table_id) for table in tables}
    for source, by_table in loaded.items():
        reloaded = [file for s, file in batch_files if s == source]  # replaced by this load: no conflict
        seen[source] = {kind: by_table[table].filter(~pl.col("file").is_in(reloaded))
                        for kind, table, *_ in _KEYS if table in by_table}
    for table in tables:
        problems = ProblemList(table.directory)
        earlier = seen.setdefault(table.source, {})
        for kind, _, sheet, key, what in _KEYS:
            rows = getattr(table, kind)
            if rows is None or rows.is_empty():
                continue
            rows = _comparable(rows, key)
            if kind in earlier and not earlier[kind].is_empty():
                _report_overlap(problems, rows, _comparable(earlier[kind], key), kind, sheet, key, what)
            earlier[kind] = pl.concat([earlier.get(kind, pl.DataFrame()), rows.select(*key, *_extra(kind)).with_columns(
                file=pl.lit(table.table_id))], how="diagonal_relaxed")
        if problems:
            refusals.append(InputRefused(table.directory, problems.items))
    _refuse(refusals)


# SourceTable attribute, warehouse table, sheet, key columns, what a row is called
_KEYS = (
    ("observations", "observation", "Cijfers", ("indicator_code", "region_code", "year", "breakdown"), "dit cijfer"),
    ("activities", "activity", "Activiteiten", ("opgave_code", "name", "partner", "region_code", "year"), "deze activiteit"),
    ("stories", "story", "Verhalen", ("opgave_code", "region_code", "year", "title"), "dit verhaal"),
    ("financien", "financien", "Bedragen", ("opgave_code", "goal_code", "taakveld_code", "year", "kind", "layer"),
     "deze regel"),
)


def _extra(kind: str) -> tuple[str, ...]:
    return ("value",) if kind == "observations" else ()


def _comparable(rows: pl.DataFrame, key: tuple[str, ...]) -> pl.DataFrame:
    """Text keys compared as people read them: case and spacing do not make a row different."""
    return rows.with_columns(
        pl.col(column).str.to_lowercase().str.replace_all(r"\s+", " ").str.strip_chars()
        for column in key if rows.schema.get(column) == pl.String and column not in ("region_code", "opgave_code", "indicator_code", "breakdown")
    )


def _report_overlap(problems: ProblemList, rows: pl.DataFrame, earlier: pl.DataFrame, kind: str, sheet: str, key, what: str) -> None:
    joined = rows.join(earlier.select(*key, *_extra(kind), "file"), on=list(key), how="inner", nulls_equal=True, suffix="_earlier")
    if kind == "observations":
        # The same figure delivered twice with the same value does no harm; a different value is a contradiction.
        joined = joined.filter(~pl.col("value").eq_missing(pl.col("value_earlier")))
    for row in joined.iter_rows(named=True):
        file = row["file"]
        described = ", ".join(str(row[column]) for column in key if row[column] not in (None, "totaal"))
        problems.add(
            f"{what} ({described}) staat al in het warehouse uit {quoted(file, 200)}. Is dit een gecorrigeerde versie? Geef "
            f"het bestand dan dezelfde naam ({quoted(file, 200)}), zodat het de vorige versie vervangt; anders hoort de rij "
            "maar in één bestand.",
            sheet=sheet if "source_row" in row else None, row=row.get("source_row"),
        )


def _refuse(refusals: list[InputRefused]) -> None:
    if len(refusals) == 1:
        raise refusals[0]
    if refusals:
        raise MonitorError(
            f"{len(refusals)} bestanden geweigerd; er is niets geladen en het warehouse is ongewijzigd.\n\n"
            + "\n\n".join(str(refusal) for refusal in refusals)
        )

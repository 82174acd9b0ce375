"""Benchmark: loading one NATIONAL Kerncijfers wijken en buurten year.

The demo tables hold only Soest (~45 regions). A real CBS download of a KWB
year holds all of the Netherlands: ~17,000 regions (Nederland, ~342
gemeenten, ~3,300 wijken, the rest buurten) times ~120 topics, ~70 MB of
JSON. This script checks that the loader copes with that size.

What it does
------------
1. Generates one fictional national year, table 85984NED (2024), in exactly
   the on-disk layout `cbsodata.download_data(table_id, dir=D)` leaves
   (TableInfos.json, DataProperties.json, TypedDataSet.json,
   WijkenEnBuurten.json, CategoryGroups.json, each written with
   json.dump(..., indent=2)) plus our manifest.json, under
   ``<tmp>/raw/cbs/85984NED/``. Generation is deterministic (one
   random.Random with a fixed seed, standard library only). Every stem the
   config maps (config/soest.toml, ``cbs = { stem = …, per = … }``) is
   present; filler topics bring the count up to --variables. Soest (GM0342)
   is one of the gemeenten, with wijken WK034201… and their buurten.
2. Times, best of 3 (all three printed):
   - ``read_statline`` on that directory (JSON parse, filter to Soest,
     indicators, sha256 of the snapshot);
   - a full warehouse build of that one table into ``<tmp>/bench.duckdb``
     by the code path of ``python -m pipelines cbs --offline``
     (``load_into_warehouse``: read + one atomic build).
3. Prints the machine facts, the file sizes, the generation time and the
   peak memory of the load. When ``read_statline`` is slower than the
   budget (10 s), or with --profile, it prints a cProfile summary of one
   ``read_statline`` call.

Run (from the project root)::

    .venv/bin/python -m benchmarks.national_kwb [--regions 17000] [--variables 120] [--keep DIR] [--profile]

--keep DIR writes into DIR (and leaves the files there) instead of a
temporary directory that is removed afterwards.

ALL FIGURES ARE FICTIONAL; the data exists only to have the right size and shape.
"""

from __future__ import annotations

import argparse
import cProfile
import hashlib
import io
import json
import pstats
import random
import re
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import duckdb
import polars as pl

from benchmarks.machine import print_machine
from pipelines import refresh
from pipelines.sources.cbs_kwb import KWB_TABLES
from pipelines.sources.cbs_kwb import SOURCE as KWB
from pipelines import snapshots
from pipelines.statline.reader import read_statline
from monitor.config import MonitorConfig
from pipelines.config import load_config

YEAR = 2024
TABLE_ID = KWB_TABLES[YEAR]  # 85984NED
SOURCE_CODE = KWB.code
SEED = 20240101  # fixed: the same arguments always give byte-identical files
RETRIEVED_AT = "2025-01-15T00:00:00Z"  # fixed, no clock: keeps the files reproducible
RUNS = 3
BUDGET_SECONDS = 10.0  # the aim: one national year loads well under this on 2 cores

# Real proportions of the 2024 indeling: 342 gemeenten, ~3,300 wijken, the rest buurten.
GEMEENTE_SHARE = 342 / 17_000
WIJK_SHARE = 3_300 / 17_000
MAX_CHILDREN = 99  # two digits for the wijk number in WKxxxxyy and the buurt number in BUxxxxyyzz
NULL_SHARE = 0.05  # suppressed or unpublished cells


# The four string topics every KWB table starts with (positions 1-4).
STRING_TOPICS = [
    ("Gemeentenaam", "Gemeentenaam"),
    ("SoortRegio", "Soort regio"),
    ("Codering", "Codering"),
    ("IndelingswijzigingWijkenEnBuurten", "Indelingswijziging wijken en buurten"),
]
# Config stems that are shares, rates or averages are Double in CBS tables; counts are Long.
DOUBLE_STEM = re.compile(r"Percentage|Relatief|Gemiddeld|LaagInkomen|SociaalMinimum|Binnen\d+Km|Afstand")
# Real KWB stems used as filler before falling back to numbered ones (Long unless marked).
FILLER_STEMS = [
    ("Mannen", "Long"), ("Vrouwen", "Long"), ("Ongehuwd", "Long"), ("Gehuwd", "Long"),
    ("Gescheiden", "Long"), ("Verweduwd", "Long"), ("GeborenInNederland", "Long"),
    ("GeborenBuitenNederland", "Long"), ("GeboorteTotaal", "Long"), ("GeboorteRelatief", "Double"),
    ("SterfteTotaal", "Long"), ("SterfteRelatief", "Double"), ("Bevolkingsdichtheid", "Long"),
    ("Eenpersoonshuishoudens", "Long"), ("HuishoudensZonderKinderen", "Long"),
    ("GemiddeldeHuishoudensgrootte", "Double"), ("Woningvoorraad", "Long"),
    ("GemiddeldeWOZWaardeVanWoningen", "Long"), ("PercentageEengezinswoning", "Double"),
    ("Koopwoningen", "Double"), ("HuurwoningenTotaal", "Double"), ("InBezitWoningcorporatie", "Double"),
    ("BouwjaarVoor2000", "Double"), ("GemiddeldAardgasverbruikTotaal", "Double"),
    ("GemiddeldElektriciteitsverbruikTotaal", "Double"), ("Nettoarbeidsparticipatie", "Double"),
    ("GemiddeldInkomenPerInwoner", "Double"), ("GemiddeldInkomenPerInkomensontvanger", "Double"),
    ("k_40PersonenMetLaagsteInkomen", "Double"), ("k_20PersonenMetHoogsteInkomen", "Double"),
    ("PersonenPerSoortUitkeringAO", "Long"), ("PersonenPerSoortUitkeringWW", "Long"),
    ("PersonenPerSoortUitkeringAOW", "Long"), ("JongerenMetJeugdzorgInNatura", "Long"),
    ("WmoClienten", "Long"), ("BedrijfsvestigingenTotaal", "Long"), ("PersonenautoSTotaal", "Long"),
    ("PersonenautoSPerHuishouden", "Double"), ("AfstandTotHuisartsenpraktijk", "Double"),
    ("AfstandTotGroteSupermarkt", "Double"), ("AfstandTotKinderdagverblijf", "Double"),
    ("AfstandTotSchool", "Double"), ("OppervlakteTotaal", "Long"), ("OppervlakteLand", "Long"),
    ("OppervlakteWater", "Long"), ("MateVanStedelijkheid", "Long"), ("Omgevingsadressendichtheid", "Long"),
]
TOPIC_GROUPS = [
    "Bevolking", "Huishoudens", "Wonen", "Energie", "Arbeid", "Inkomen", "SocialeZekerheid",
    "Zorg", "Bedrijfsvestigingen", "Motorvoertuigen", "NabijheidVoorzieningen", "Oppervlakte",
]
NAME_PARTS = (
    ["Aal", "Bor", "Dron", "Eem", "Ger", "Hout", "Lan", "Mid", "Noord", "Oost", "Rijn", "Sta",
     "Ter", "Vel", "Wes", "Zand", "Bre", "Cul", "Dal", "Hel"],
    ["dam", "veen", "hoven", "wijk", "broek", "horst", "kerk", "meer", "dorp", "lo", "berg", "sum"],
)


# --------------------------------------------------------------------------------------
# Generation
# --------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Topic:
    stem: str
    title: str
    datatype: str  # "String", "Long" or "Double"
    scale: float  # Long: share of the inhabitants; Double: typical value


@dataclass
class Region:
    code: str
    title: str
    soort: str  # Land, Gemeente, Wijk, Buurt
    gemeente_name: str
    municipality: str | None
    group: str  # DimensionGroupId: 1 land, 2 gemeente, 3 wijk, 4 buurt
    population: int = 0


def config_stems(config: MonitorConfig) -> list[str]:
    """Every KWB stem the config maps (numerators and denominators), in config order.

    Filtered on the source, not through a config helper: RIVM indicators also carry a
    `cbs = { stem = … }` mapping, and their stems belong to another table.
    """
    stems: list[str] = []
    kwb = [i for i in config.indicators if i.cbs is not None and i.source == SOURCE_CODE]
    for indicator in kwb:
        for stem in (indicator.cbs.stem, *indicator.cbs.per[:1]):
            if stem and stem not in stems:
                stems.append(stem)
    return stems


def choose_topics(config: MonitorConfig, variables: int, rng: random.Random) -> list[Topic]:
    """String topics, then AantalInwoners, then config and filler stems in a shuffled order.

    The shuffle spreads the config stems over the table, so their suffixes look like
    real ones (HuishoudensMetEenLaagInkomen_86) rather than _5.._20.
    """
    wanted = config_stems(config)
    numeric = [(stem, "Double" if DOUBLE_STEM.search(stem) else "Long") for stem in wanted]
    taken = set(wanted) | {stem for stem, _ in STRING_TOPICS}
    fillers = [(stem, kind) for stem, kind in FILLER_STEMS if stem not in taken]
    room = variables - len(STRING_TOPICS) - len(numeric)
    number = 1
    while len(fillers) < room:  # numbered fillers once the real names run out
        fillers.append((f"AanvullendKenmerk{number:03d}", "Long" if rng.random() < 0.6 else "Double"))
        number += 1
    numeric += fillers[: max(room, 0)]

    first = [item for item in numeric if item[0] == "AantalInwoners"]
    rest = sorted((item for item in numeric if item[0] != "AantalInwoners"), key=lambda _: rng.random())
    topics = [Topic(stem, title, "String", 0.0) for stem, title in STRING_TOPICS]
    for stem, kind in first + rest:
        if stem == "AantalInwoners":
            scale = 1.0
        elif kind == "Long":
            scale = 0.02 + 0.5 * rng.random()  # share of the inhabitants
        else:
            scale = 1 + 99 * rng.random()  # a percentage, rate or average
        topics.append(Topic(stem, title_of(stem), kind, scale))
    return topics


def title_of(stem: str) -> str:
    """'HuishoudensMetEenLaagInkomen' → 'Huishoudens met een laag inkomen'."""
    words = re.sub(r"(?<=[a-z0-9])(?=[A-Z])", " ", stem.removeprefix("k_")).split()
    return " ".join([words[0]] + [w.lower() for w in words[1:]]) if words else stem


def split(total: int, parts: int, rng: random.Random) -> list[int]:
    """total split over `parts` uneven counts, each 1..MAX_CHILDREN (largest remainder)."""
    if not parts <= total <= parts * MAX_CHILDREN:
        raise ValueError(f"kan {total} niet verdelen over {parts} delen van 1 tot {MAX_CHILDREN}")
    weights = [0.2 + rng.random() ** 2 for _ in range(parts)]
    per_weight = (total - parts) / sum(weights)
    raw = [w * per_weight for w in weights]
    counts = [1 + int(r) for r in raw]
    by_remainder = sorted(range(parts), key=lambda i: raw[i] - int(raw[i]), reverse=True)
    for i in by_remainder[: total - sum(counts)]:
        counts[i] += 1
    overflow = sum(max(0, c - MAX_CHILDREN) for c in counts)
    counts = [min(c, MAX_CHILDREN) for c in counts]
    for i in range(parts):  # rare: move what exceeds two digits to parts that have room
        give = min(overflow, MAX_CHILDREN - counts[i])
        counts[i] += give
        overflow -= give
    return counts


def place_name(rng: random.Random, used: set[str]) -> str:
    """An invented, unique gemeente name; numbered once the syllable pairs repeat."""
    first, last = NAME_PARTS
    name = first[int(rng.random() * len(first))] + last[int(rng.random() * len(last))]
    if name in used:
        name = f"{name} {len(used)}"  # len(used) grows with every name, so the number is unique
    used.add(name)
    return name


def plan_regions(total: int, rng: random.Random, config: MonitorConfig) -> list[Region]:
    """Nederland, then each gemeente followed by its wijken, each wijk followed by its buurten.

    Buurt populations are drawn; wijk, gemeente and Nederland populations are their sums,
    so shares computed from the table are plausible at every level.
    """
    gemeenten = max(1, round(total * GEMEENTE_SHARE))
    wijken = max(gemeenten, round(total * WIJK_SHARE))
    buurten = total - 1 - gemeenten - wijken
    if buurten < wijken:
        raise ValueError(f"--regions {total} is te klein: minimaal {1 + gemeenten + 2 * wijken}")

    # Gemeente numbers are sparse in 0001..1999 (as the real ones are); the configured
    # gemeente (Soest, GM0342) always takes part, or the loader finds no rows.
    own = int(config.gemeente_code[2:])
    others = sorted((n for n in range(1, 2000) if n != own), key=lambda _: rng.random())
    numbers = sorted(others[: gemeenten - 1] + [own])
    wijken_per_gemeente = split(wijken, gemeenten, rng)
    buurten_per_wijk = iter(split(buurten, wijken, rng))

    used: set[str] = {config.gemeente_name}
    nederland = Region("NL00", "Nederland", "Land", "Nederland", None, "1")
    regions = [nederland]
    for number, wijk_count in zip(numbers, wijken_per_gemeente):
        name = config.gemeente_name if number == own else place_name(rng, used)
        gm = f"GM{number:04d}"
        gemeente = Region(gm, name, "Gemeente", name, gm, "2")
        regions.append(gemeente)
        for w in range(1, wijk_count + 1):
            wijk = Region(f"WK{number:04d}{w:02d}", f"Wijk {w:02d} {name}", "Wijk", name, gm, "3")
            regions.append(wijk)
            for b in range(1, next(buurten_per_wijk) + 1):
                population = int(20 + 4000 * rng.random() ** 2)  # mean ~1,350 as in real buurten
                regions.append(Region(f"BU{number:04d}{w:02d}{b:02d}", f"{wijk.title} buurt {b:02d}",
                                      "Buurt", name, gm, "4", population))
                wijk.population += population
            gemeente.population += wijk.population
        nederland.population += gemeente.population
    return regions


def data_row(index: int, region: Region, keyed: list[tuple[str, Topic]], rng: random.Random) -> dict:
    """One TypedDataSet row: padded strings, counts from the population, ~5% nulls."""
    row = {"ID": index, "WijkenEnBuurten": region.code.ljust(10)}
    strings = {
        "Gemeentenaam": region.gemeente_name.ljust(40),
        "SoortRegio": region.soort.ljust(10),
        "Codering": region.code.ljust(10),
        "IndelingswijzigingWijkenEnBuurten": "1",
    }
    for key, topic in keyed:
        if topic.datatype == "String":
            row[key] = strings[topic.stem]
        elif topic.stem == "AantalInwoners":
            row[key] = region.population  # never suppressed: the loader divides by it
        elif rng.random() < NULL_SHARE:
            row[key] = None
        elif topic.datatype == "Long":
            row[key] = round(region.population * topic.scale * (0.7 + 0.6 * rng.random()))
        else:
            row[key] = round(topic.scale * (0.7 + 0.6 * rng.random()), 1)
    return row


def data_properties(topics: list[Topic]) -> tuple[list[dict], list[tuple[str, Topic]]]:
    """DataProperties (GeoDimension, TopicGroup headings, Topics keyed <stem>_<position>)."""
    geo = {
        "odata.type": "Cbs.OData.GeoDimension", "ID": 0, "Position": 0, "ParentID": None,
        "Type": "GeoDimension", "Key": "WijkenEnBuurten", "Title": "Wijken en buurten",
        "Description": f"Nederland, gemeenten, wijken en buurten volgens de indeling op 1 januari {YEAR}.",
        "MapYear": str(YEAR), "ReleasePolicy": True,
    }
    entries, keyed = [geo], []
    next_id, group_id = 1, None
    per_group = max(1, -(-(len(topics) - len(STRING_TOPICS)) // len(TOPIC_GROUPS)))
    for position, topic in enumerate(topics, start=1):
        numeric_index = position - 1 - len(STRING_TOPICS)
        if position == 1 or (numeric_index >= 0 and numeric_index % per_group == 0):
            name = "Regioaanduiding" if position == 1 else TOPIC_GROUPS[numeric_index // per_group]
            group_id = next_id
            next_id += 1
            entries.append({
                "odata.type": "Cbs.OData.TopicGroup", "ID": group_id, "Position": None, "ParentID": None,
                "Type": "TopicGroup", "Key": name, "Title": name, "Description": None,
            })
        key = f"{topic.stem}_{position}"
        entries.append({
            "odata.type": "Cbs.OData.Topic", "ID": next_id, "Position": position, "ParentID": group_id,
            "Type": "Topic", "Key": key, "Title": topic.title, "Description": None,
            "Datatype": topic.datatype, "Unit": "" if topic.datatype == "String" else "aantal",
            "Decimals": 1 if topic.datatype == "Double" else 0,
            "Default": "Impossible" if topic.datatype == "String" else "Missing",
            "PresentationType": "Relative" if topic.datatype == "Double" else "Absolute",
        })
        keyed.append((key, topic))
        next_id += 1
    return entries, keyed


def table_info(record_count: int, column_count: int) -> dict:
    title = f"Kerncijfers wijken en buurten {YEAR}"
    return {
        "ID": 0, "Title": title, "ShortTitle": title, "Identifier": TABLE_ID,
        "Summary": "Fictieve landelijke benchmarktabel (benchmarks/national_kwb.py).",
        "Modified": "2024-11-29T02:00:00", "ReasonDelivery": "Actualisering", "ExplanatoryText": "",
        "Language": "nl", "Catalog": "CBS", "Frequency": "Eenmalig", "Period": str(YEAR),
        "ShortDescription": "FICTIEVE cijfers, alleen voor het meten van laadtijden.",
        "Description": "FICTIEVE cijfers in het formaat van CBS-tabel 85984NED, voor een benchmark.",
        "DefaultPresentation": "", "DefaultSelection": "", "GraphTypes": "Table,Bar,Map",
        "OutputStatus": "Regulier", "Status": "Regulier", "Source": "Fictief (benchmark).",
        "MetaDataModified": "2024-11-29T02:00:00", "SearchPriority": "2",
        "RecordCount": record_count, "ColumnCount": column_count,
    }


def write_json(path: Path, obj) -> str:
    """json.dump with indent=2, as cbsodata 1.3.5's _save_data; returns the sha256 for the manifest."""
    with path.open("w", encoding="utf-8") as handle:
        json.dump(obj, handle, indent=2)
    return hashlib.sha256(path.read_bytes()).hexdigest()


def generate(raw_dir: Path, config: MonitorConfig, regions_wanted: int, variables: int) -> Path:
    """Write the national table under raw_dir/cbs/<table_id>/ and return that directory."""
    rng = random.Random(SEED)
    topics = choose_topics(config, variables, rng)
    regions = plan_regions(regions_wanted, rng, config)
    properties, keyed = data_properties(topics)
    dataset = [data_row(index, region, keyed, rng) for index, region in enumerate(regions)]
    code_list = [
        {"Key": r.code.ljust(10), "Title": r.title, "Description": None,
         "Municipality": r.municipality, "DimensionGroupId": r.group}
        for r in regions
    ]

    directory = raw_dir / "cbs" / TABLE_ID
    directory.mkdir(parents=True, exist_ok=True)
    files = {
        "TableInfos.json": [table_info(len(dataset), 2 + len(keyed))],
        "DataProperties.json": properties,
        "TypedDataSet.json": dataset,
        "WijkenEnBuurten.json": code_list,
        "CategoryGroups.json": [],
    }
    hashes = {name: write_json(directory / name, obj) for name, obj in files.items()}
    manifest = {
        "source": SOURCE_CODE, "table_id": TABLE_ID, "year": YEAR,
        "catalog_url": "benchmark (fictief, gegenereerd door benchmarks/national_kwb.py)",
        "retrieved_at": RETRIEVED_AT, "demo": True, "files": dict(sorted(hashes.items())),
    }
    write_json(directory / "manifest.json", manifest)
    return directory


# --------------------------------------------------------------------------------------
# The timed work
# --------------------------------------------------------------------------------------
def load_into_warehouse(directory: Path, warehouse: Path, config: MonitorConfig) -> int:
    """What `python -m pipelines cbs --offline` does with one saved table: read it, then one atomic build.

    Returns the number of observations loaded.
    """
    request = refresh.Request(config=config, snapshot_dir=directory.parent, years=None, catalog_url=None, offline=True)
    tables = refresh.collect(KWB, request)
    return refresh.load_tables(warehouse, config, tables, fresh=True)


def best_of(runs: int, work: Callable[[], object]) -> tuple[list[float], object]:
    """Seconds of each run and the last result; the best run is the least disturbed one."""
    seconds, result = [], None
    for _ in range(runs):
        started = time.perf_counter()
        result = work()
        seconds.append(time.perf_counter() - started)
    return seconds, result


def reset_peak_memory() -> bool:
    """Linux only: reset the process's peak RSS (VmHWM) so the next reading covers only what follows."""
    try:
        Path("/proc/self/clear_refs").write_text("5")
        return True
    except OSError:
        return False


def memory_mb(field: str) -> float | None:
    """A memory figure of this process from /proc (VmRSS now, VmHWM peak), in MB; None elsewhere."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith(f"{field}:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return None


def profile(work: Callable[[], object], lines: int = 20) -> str:
    """cProfile of one call: the functions with the most cumulative and own time."""
    profiler = cProfile.Profile()
    profiler.runcall(work)
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out).strip_dirs()
    stats.sort_stats("cumulative").print_stats(lines)
    stats.sort_stats("tottime").print_stats(lines // 2)
    return out.getvalue()


# --------------------------------------------------------------------------------------
# Report
# --------------------------------------------------------------------------------------
def seconds_line(label: str, seconds: list[float]) -> str:
    runs = ", ".join(f"{s:.2f}" for s in seconds)
    return f"{label}: best {min(seconds):.2f} s (runs: {runs} s)"


def run(base: Path, config: MonitorConfig, regions: int, variables: int, force_profile: bool) -> None:
    print_machine({"polars": pl.__version__, "duckdb": duckdb.__version__})

    started = time.perf_counter()
    directory = generate(base / "raw", config, regions, variables)
    generation = time.perf_counter() - started
    sizes = {p.name: p.stat().st_size for p in sorted(directory.glob("*.json"))}
    print(f"generated {TABLE_ID} ({YEAR}) in {directory}: {generation:.1f} s")
    for name, size in sizes.items():
        print(f"  {name}: {size / 1e6:.2f} MB")
    print(f"  total: {sum(sizes.values()) / 1e6:.1f} MB")

    # Floors, measured in the same run: what no reader of this file can beat.
    data_file = directory / "TypedDataSet.json"
    parse_seconds, _ = best_of(RUNS, lambda: len(json.loads(data_file.read_bytes())))
    print(seconds_line("floor: json.loads of TypedDataSet.json alone", parse_seconds))
    duckdb_seconds, _ = best_of(RUNS, lambda: duckdb.sql(
        f"SELECT count(*) FROM read_json('{data_file}', format = 'array', maximum_object_size = 1000000)").fetchall())
    print(seconds_line("floor: DuckDB read_json of the same file (count only)", duckdb_seconds))
    hash_seconds, _ = best_of(RUNS, lambda: snapshots.snapshot_sha256(directory))
    print(seconds_line("floor: sha256 of every file (part of the manifest check)", hash_seconds))

    # The generator's objects are gone but their memory may stay with the process: report
    # the resident size before reading next to the peak while reading.
    baseline = memory_mb("VmRSS")
    reset_ok = reset_peak_memory()
    read_seconds, table = best_of(RUNS, lambda: read_statline(directory, config, KWB))
    read_peak = memory_mb("VmHWM") if reset_ok else None
    print(seconds_line("read_statline (manifest check + parse + filter to Soest)", read_seconds))
    levels = table.regions.group_by("level").len().sort("level")
    level_text = ", ".join(f"{level} {n}" for level, n in levels.iter_rows())
    print(f"  kept {table.regions.height} regions ({level_text}), {table.observations.height} observations, "
          f"notes: {table.note or 'none'}")
    if read_peak is not None:
        print(f"  peak memory while reading: {read_peak:.0f} MB RSS (process held {baseline:.0f} MB before)")

    warehouse = base / "bench.duckdb"
    build_seconds, rows = best_of(RUNS, lambda: load_into_warehouse(directory, warehouse, config))
    print(seconds_line("full warehouse build of the table (load_into_warehouse)", build_seconds))
    print(f"  {rows} observations into {warehouse} ({warehouse.stat().st_size / 1e6:.1f} MB)")

    verdict = "within" if min(build_seconds) < BUDGET_SECONDS else "OVER"
    print(f"budget: full load {min(build_seconds):.2f} s, {verdict} the {BUDGET_SECONDS:.0f} s aim")

    if force_profile or min(read_seconds) > BUDGET_SECONDS:
        print("profile of one read_statline call (cProfile; adds overhead):")
        print(profile(lambda: read_statline(directory, config, KWB)))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--regions", type=int, default=17_000, help="number of regions (default 17000)")
    parser.add_argument("--variables", type=int, default=120, help="number of topics incl. 4 string topics")
    parser.add_argument("--keep", type=Path, help="write into this directory and keep the files")
    parser.add_argument("--profile", action="store_true", help="always print a cProfile of read_statline")
    parser.add_argument("--config", help="gemeente config (default: $MONITOR_CONFIG or config/soest.toml)")
    args = parser.parse_args(argv)

    config = load_config(args.config)
    script_started = time.perf_counter()
    try:
        if args.keep:
            args.keep.mkdir(parents=True, exist_ok=True)
            run(args.keep, config, args.regions, args.variables, args.profile)
        else:
            with tempfile.TemporaryDirectory(prefix="national_kwb-") as tmp:
                run(Path(tmp), config, args.regions, args.variables, args.profile)
    except ValueError as exc:  # --regions too small or too large for the code space
        parser.error(str(exc))
    print(f"whole benchmark: {time.perf_counter() - script_started:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Bronnen en kwaliteit as tables: the sources, the load log, the indicator catalog, the gaps and the coverage, in Dutch.

Pure polars on data.sources(), data.load_log(), data.indicator_catalog() and
data.coverage_report(), so the page only arranges them and tests can check the
gap rule directly.
"""

from __future__ import annotations

import polars as pl

from app import series
from app.plain_text import markdown_safe
from monitor import coverage

MAX_AGE_YEARS = 2  # a gemeente figure older than this (counted from the current year) is a gap
SHA_SHOWN = 12  # characters of a sha256 on screen; the download has all 64
LOCAL_TIME = "Europe/Amsterdam"  # the load log is written in UTC
DIRECTION_TEXT = {True: "hoger is beter", False: "lager is beter", None: "geen richting"}
DEMO_TEXT = {True: "voorbeelddata", False: "echte gegevens"}


def _local(column: str) -> pl.Expr:
    return pl.col(column).dt.replace_time_zone("UTC").dt.convert_time_zone(LOCAL_TIME).dt.replace_time_zone(None)


def _demo_text(column: str) -> pl.Expr:
    return pl.col(column).replace_strict(DEMO_TEXT, default=None, return_dtype=pl.String)


# The load log records where a file was loaded from; shown or downloaded, a full path would tell every reader
# of the dashboard the analyst's folders and user name ('/home/analyst/Downloads/…'). Only the file name.
_FILE_NAME = pl.col("location").str.replace(r"^.*[/\\]", "")
# A partner load notes which rows held a count below the privacy threshold: which cells are hidden is for the
# analyst's terminal, not for a page or a download (with a total, the row list helps to work a count out).
# Notices are separated by '; '; the row list is the part from ' (' to the end of the privacy notice.
_PRIVACY_ROW_LIST = r"(privacydrempel[^;(]*) \([^;]*"


def _without_row_lists(column: str) -> pl.Expr:
    return pl.col(column).str.replace_all(_PRIVACY_ROW_LIST, "$1")


def load_table(load_log: pl.DataFrame, sources: pl.DataFrame) -> pl.DataFrame:
    """The load log in Dutch, newest first per source; 'in_gebruik' says whether a later load of the same table replaced it."""
    titles = sources.select("source_code", pl.col("title").alias("bron"))
    key = pl.coalesce("table_id", "location")
    return (
        load_log.with_columns(
            in_gebruik=pl.when(pl.col("load_id") == pl.col("load_id").max().over("source", key))
            .then(pl.lit("ja")).otherwise(pl.lit("nee, vervangen"))
        )
        .join(titles, left_on="source", right_on="source_code", how="left")
        .sort(["source", "load_id"], descending=[False, True])
        .select(
            pl.col("load_id").alias("lading"),
            pl.col("source").alias("bron_code"),
            pl.col("bron").fill_null(pl.col("source")),
            pl.coalesce("table_id", _FILE_NAME).alias("tabel_of_bestand"),
            pl.col("year").alias("jaar"),
            pl.col("status"),
            pl.col("in_gebruik"),
            pl.col("rows_loaded").alias("rijen_geladen"),
            pl.col("rows_rejected").alias("rijen_geweigerd"),
            _local("started_at").alias("gestart"),
            _local("finished_at").alias("klaar"),
            _demo_text("is_demo").alias("soort_gegevens"),
            pl.col("sha256"),
            _FILE_NAME.alias("locatie"),
            _without_row_lists("message").alias("melding"),
        )
    )


def source_table(sources: pl.DataFrame, loads: pl.DataFrame) -> pl.DataFrame:
    """One row per source: last load, status, the rows it holds now and how many tables or files hold them."""
    in_use = (
        loads.filter(pl.col("in_gebruik") == "ja")
        .group_by("bron_code")
        .agg(
            rijen=pl.col("rijen_geladen").filter(pl.col("status") == "geladen").sum(),
            tabellen_of_bestanden=pl.len(),
            laatste_status=pl.col("status").sort_by("lading").last(),
        )
    )
    return (
        sources.join(in_use, left_on="source_code", right_on="bron_code", how="left")
        .with_columns(
            status=pl.when(pl.col("loads") == 0).then(pl.lit("nog nooit geladen")).otherwise(pl.col("laatste_status")),
        )
        .select(
            pl.col("source_code").alias("bron_code"),
            pl.col("title").alias("bron"),
            pl.col("publisher").alias("uitgever"),
            pl.col("status"),
            # From the pipelines' source registry, so the card never shows a command that no longer exists.
            pl.col("load_command").fill_null("python -m pipelines run").alias("laadopdracht"),
            _local("last_loaded").alias("laatst_geladen"),
            pl.col("rijen").fill_null(0),
            pl.col("tabellen_of_bestanden").fill_null(0),
            pl.col("loads").alias("ladingen"),
            _demo_text("is_demo").alias("soort_gegevens"),
        )
    )


def catalog_table(catalog: pl.DataFrame) -> pl.DataFrame:
    """Every indicator with its definition, derivation, direction and the years that hold a published gemeente figure."""
    years = (
        pl.when(pl.col("first_year").is_null()).then(pl.lit("nog geen cijfers geladen"))
        .when(pl.col("first_year") == pl.col("last_year")).then(pl.col("first_year").cast(pl.String))
        .otherwise(pl.format("{}–{}", "first_year", "last_year"))
    )
    return catalog.select(
        pl.col("indicator_code").alias("indicator"),
        pl.col("title").alias("titel"),
        pl.col("opgave_title").fill_null("context (geen opgave)").alias("opgave"),
        pl.when(pl.col("goal_number").is_null()).then(pl.lit(None, pl.String))
        .otherwise(pl.format("{}. {}", "goal_number", "goal_text")).alias("doel"),
        pl.col("unit").alias("eenheid"),
        pl.col("definition").alias("definitie"),
        pl.col("source_title").alias("bron"),
        pl.col("source_publisher").alias("uitgever"),
        pl.col("source_variable").fill_null(pl.format("zoals geleverd in {}", "source_title")).alias("afleiding"),
        pl.col("higher_is_better").replace_strict(DIRECTION_TEXT, default="geen richting", return_dtype=pl.String)
        .alias("richting"),
        years.alias("jaren"),
        pl.col("first_year").alias("eerste_jaar"),
        pl.col("last_year").alias("laatste_jaar"),
        pl.col("last_loaded_year").alias("laatst_geladen_jaar"),
        pl.col("regions_with_figures").alias("regios_met_cijfers"),
        pl.col("breakdowns").list.join(", ").fill_null("alleen totaal").alias("uitsplitsingen"),
        pl.Series("reeks", [series.note(row) or None for row in _with_predecessor_titles(catalog).iter_rows(named=True)],
                  dtype=pl.String),
    )


def _with_predecessor_titles(catalog: pl.DataFrame) -> pl.DataFrame:
    titles = catalog.select(pl.col("indicator_code").alias("predecessor_code"), pl.col("title").alias("predecessor_title"))
    return catalog.join(titles, on="predecessor_code", how="left", maintain_order="left")


def gap_table(catalog: pl.DataFrame, gemeente_name: str, this_year: int) -> pl.DataFrame:
    """Indicators without a recent gemeente figure, each with the reasons in words (see gap_rule)."""
    rows = []
    newest_of_source = {
        row["source_code"]: row["last_loaded_year"]
        for row in catalog.group_by("source_code").agg(pl.col("last_loaded_year").max()).iter_rows(named=True)
    }
    for row in catalog.iter_rows(named=True):
        if series.has_ended(row) and row["last_year"] is not None:
            continue  # a series that stopped at a break has no recent figure by design: see ended_series
        published, loaded = row["last_year"], row["last_loaded_year"]
        source_newest = newest_of_source.get(row["source_code"])
        reasons = []
        if loaded is None:
            reasons.append("nog geen cijfers geladen")
        elif published is None:
            reasons.append(f"geladen, maar geen enkel cijfer voor {gemeente_name}")
        else:
            if loaded > published:
                reasons.append(f"{loaded} geladen, maar (nog) niet gepubliceerd")
            if source_newest is not None and loaded < source_newest:
                reasons.append(f"bron heeft al {source_newest}, zonder dit cijfer")
            if this_year - published > MAX_AGE_YEARS:
                reasons.append(f"cijfer is {this_year - published} jaar oud")
        if reasons:
            rows.append({
                "indicator": row["indicator_code"],
                "titel": row["title"],
                "bron": row["source_title"],
                "nieuwste_cijfer": published,
                "nieuwste_geladen_jaar": loaded,
                "nieuwste_jaar_bron": source_newest,
                "hiaat": " · ".join(reasons),
            })
    schema = {"indicator": pl.String, "titel": pl.String, "bron": pl.String, "nieuwste_cijfer": pl.Int32,
              "nieuwste_geladen_jaar": pl.Int32, "nieuwste_jaar_bron": pl.Int32, "hiaat": pl.String}
    return pl.DataFrame(rows, schema=schema, orient="row")


def ended_series(catalog: pl.DataFrame) -> list[tuple[str, str]]:
    """(title, 'Reeks stopt na 2023: …') per indicator whose series ended at a break: not counted as a gap."""
    return [(row["title"], series.note(row)) for row in catalog.iter_rows(named=True)
            if series.has_ended(row) and row["last_year"] is not None]


def gap_rule(gemeente_name: str, this_year: int) -> str:
    return (
        f"Een indicator staat hier als het nieuwste gepubliceerde cijfer voor {gemeente_name} niet recent is: "
        "(1) er zijn nog geen cijfers geladen; (2) het nieuwste geladen jaar heeft geen cijfer, omdat de bron "
        "het (nog) niet publiceert; (3) de bron is al verder dan dit cijfer (een nieuwer jaar van dezelfde bron "
        f"is geladen, maar zonder deze indicator); of (4) het nieuwste cijfer is meer dan {MAX_AGE_YEARS} jaar oud "
        f"(van vóór {this_year - MAX_AGE_YEARS}). Een reeks die stopt omdat de bron het anders is gaan meten "
        "(reeksbreuk) is geen hiaat: die staat onder de tabel, met de indicator die haar opvolgt."
    )


def short_sha(frame: pl.DataFrame) -> pl.DataFrame:
    return frame.with_columns(sha256_kort=pl.col("sha256").str.slice(0, SHA_SHOWN) + pl.lit("…"))


# --- coverage: what every load held, per indicator × year × level ----------------------------------------------

COVERAGE_RULE = (
    "**Zo lezen we de dekking:** bij elke lading legt de monitor per indicator, per jaar (en halfjaar) van de tabel "
    "en per niveau (land, gemeente, wijk, buurt) vast wat de bron bevatte. *Geladen*: er zijn cijfers (met het aantal "
    "regio's met en zonder cijfer). *Geen cijfer gepubliceerd*: de variabele staat in de tabel, maar de bron gaf "
    "(nog) geen waarde of hield hem geheim. *Variabele niet in de tabel* en *variabele niet bruikbaar*: de tabel "
    "heeft de variabele niet onder een van de namen die de catalogus zoekt, of wel maar niet zoals ingesteld — dat "
    "moet worden uitgezocht (de toelichting noemt tabel en namen). *Reeksbreuk* en *vóór het begin van de reeks*: "
    "verwacht, de bron meet het vanaf dat jaar anders. *Nog niet geladen*: geen enkele tabel of bestand van de bron "
    "bevat de indicator (de toelichting geeft de laadopdracht). *Doel zonder indicator*: welke bron dat doel nodig heeft."
)
FAILURE_STATES = coverage.FAILURES


def coverage_table(report: pl.DataFrame) -> pl.DataFrame:
    """The coverage report in Dutch (monitor.coverage.report_table), the failures first: they need work."""
    table = coverage.report_table(report)
    failing = pl.col("toestand_code").is_in(list(FAILURE_STATES))
    return pl.concat([table.filter(failing), table.filter(~failing)])


def coverage_failures(report: pl.DataFrame) -> pl.DataFrame:
    """Per indicator and table year whose variable was missing or unusable: what an analyst must look into."""
    return coverage.report_table(coverage.failures(report))


def coverage_counts(report: pl.DataFrame) -> dict[str, int]:
    """How many indicators (or goals) are in each state at least once: {'geladen': 41, 'reeksbreuk': 4, …}."""
    return {state: count for state, count in report.group_by("state").agg(
        pl.coalesce("indicator_code", "goal_code").n_unique().alias("n")).iter_rows()}


def coverage_summary_markdown(report: pl.DataFrame) -> str:
    """monitor.coverage.summary_lines (what a load prints) as a markdown list: the same words on the page."""
    lines = coverage.summary_lines(report)
    out = [lines[0]] if lines else []
    for line in lines[1:]:
        text = line.strip()
        if line.startswith("      "):
            out.append(f"    - {markdown_safe(text)}")
        else:
            # The command line marks its headings with '!' and '·'; a list needs no marks ('✗' stays: a failure).
            out.append(f"- **{markdown_safe(text.rstrip(':').lstrip('!· '))}**")
    return "\n".join(out)

"""Bronnen en kwaliteit as tables: the sources, the load log, the indicator catalog and the gaps, in Dutch.

Pure polars on data.sources(), data.load_log() and data.indicator_catalog(), so
the page only arranges them and tests can check the gap rule directly.
"""

from __future__ import annotations

import polars as pl

MAX_AGE_YEARS = 2  # a gemeente figure older than this (counted from the current year) is a gap
SHA_SHOWN = 12  # characters of a sha256 on screen; the download has all 64
LOCAL_TIME = "Europe/Amsterdam"  # the load log is written in UTC
DIRECTION_TEXT = {True: "hoger is beter", False: "lager is beter", None: "geen richting"}
DEMO_TEXT = {True: "voorbeelddata", False: "echte gegevens"}


def _local(column: str) -> pl.Expr:
    return pl.col(column).dt.replace_time_zone("UTC").dt.convert_time_zone(LOCAL_TIME).dt.replace_time_zone(None)


def _demo_text(column: str) -> pl.Expr:
    return pl.col(column).replace_strict(DEMO_TEXT, default=None, return_dtype=pl.String)


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
            key.alias("tabel_of_bestand"),
            pl.col("year").alias("jaar"),
            pl.col("status"),
            pl.col("in_gebruik"),
            pl.col("rows_loaded").alias("rijen_geladen"),
            pl.col("rows_rejected").alias("rijen_geweigerd"),
            _local("started_at").alias("gestart"),
            _local("finished_at").alias("klaar"),
            _demo_text("is_demo").alias("soort_gegevens"),
            pl.col("sha256"),
            pl.col("location").alias("locatie"),
            pl.col("message").alias("melding"),
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
    )


def gap_table(catalog: pl.DataFrame, gemeente_name: str, this_year: int) -> pl.DataFrame:
    """Indicators without a recent gemeente figure, each with the reasons in words (see gap_rule)."""
    rows = []
    newest_of_source = {
        row["source_code"]: row["last_loaded_year"]
        for row in catalog.group_by("source_code").agg(pl.col("last_loaded_year").max()).iter_rows(named=True)
    }
    for row in catalog.iter_rows(named=True):
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


def gap_rule(gemeente_name: str, this_year: int) -> str:
    return (
        f"Een indicator staat hier als het nieuwste gepubliceerde cijfer voor {gemeente_name} niet recent is: "
        "(1) er zijn nog geen cijfers geladen; (2) het nieuwste geladen jaar heeft geen cijfer, omdat de bron "
        "het (nog) niet publiceert; (3) de bron is al verder dan dit cijfer (een nieuwer jaar van dezelfde bron "
        f"is geladen, maar zonder deze indicator); of (4) het nieuwste cijfer is meer dan {MAX_AGE_YEARS} jaar oud "
        f"(van vóór {this_year - MAX_AGE_YEARS})."
    )


def short_sha(frame: pl.DataFrame) -> pl.DataFrame:
    return frame.with_columns(sha256_kort=pl.col("sha256").str.slice(0, SHA_SHOWN) + pl.lit("…"))

"""Lasten per inwoner per taakveld (CBS Iv3): the gemeente beside its referentiegemeenten, for the Financiën page.

Pure functions (no Streamlit, no SQL) over warehouse.queries.iv3_lasten_per_inwoner, which app.data caches as
`data.iv3_lasten_per_inwoner(indicator_code, year)`. The page shows `comparison_table(...)` as a table (and may
draw `chart_rows(...)` as grouped bars), with `EXPLANATION` and `notes(...)` beneath it.

Why per inwoner: gemeenten differ in size, so only lasten per inwoner can stand side by side. Why the median of
the comparison gemeenten and not their mean: one gemeente that books, say, its wijkteams on another taakveld
would drag a mean far away; the median and the range (laagste–hoogste) show the middle and the spread.
"""

from __future__ import annotations

import statistics

import polars as pl

# The sociaal domein in Iv3: hoofdtaakveld 6 (sociaal domein) and 7.1 Volksgezondheid.
SOCIAAL_DOMEIN = ("6.", "7.1")
TOTAL = "totaal"
TOTAL_LABEL = "Alle taakvelden (zonder reserves en resultaat)"
SUBTOTAL_LABEL = "Sociaal domein (taakveld 6 en 7.1)"
MEDIAN = "Mediaan vergelijkingsgemeenten"
RANGE_LOW, RANGE_HIGH = "Laagste vergelijkingsgemeente", "Hoogste vergelijkingsgemeente"
DIFFERENCE = "Verschil met mediaan"

EXPLANATION = (
    "Lasten per inwoner in euro: wat de gemeente in haar jaarrekening (of begroting) per taakveld aan lasten "
    "boekt, zoals zij dat aan het CBS levert (Iv3, onbewerkte gegevens van gemeenten), gedeeld door het aantal "
    "inwoners op 1 januari van dat jaar (CBS Kerncijfers wijken en buurten). Het totaal telt alle taakvelden "
    "behalve de mutaties in reserves (0.10) en het resultaat (0.11). Gemeenten boeken niet allemaal op dezelfde "
    "manier (bijvoorbeeld wijkteams of overhead), en inkomsten zoals rijksbijdragen zijn er niet van afgetrokken: "
    "lees een verschil als een vraag, niet als een oordeel."
)


def taakveld_code(breakdown: str) -> str | None:
    """'6.1 Samenkracht en burgerparticipatie' → '6.1'; None for 'totaal'."""
    head = breakdown.split(" ", 1)[0]
    return head if head[:1].isdigit() and "." in head else None


def _sort_key(code: str) -> tuple:
    """BBV order: after the dot each digit is a level (0.61 is OZB woningen under 0.6, 6.711 a child of 6.71), except
    0.10 and 0.11, which come after 0.9; a letter (6.71a) after its parent."""
    main, _, rest = code.partition(".")
    digits = "".join(ch for ch in rest if ch.isdigit())
    letters = rest[len(digits):]
    levels = (int(digits),) if main == "0" and digits in ("10", "11") else tuple(int(d) for d in digits)
    return (int(main), levels, letters)


def in_taakvelden(breakdown: str, prefixes: tuple[str, ...] | None) -> bool:
    """Whether a stored taakveld falls under one of the prefixes: "6." is every taakveld of hoofdtaakveld 6;
    "7.1" is 7.1 itself and its lettered children (7.1a), not 7.11."""
    code = taakveld_code(breakdown)
    if code is None:
        return False
    if prefixes is None:
        return True
    return any(code.startswith(p) if p.endswith(".") else (code == p or (code.startswith(p) and code[len(p):].isalpha()))
               for p in prefixes)


def comparison_table(frame: pl.DataFrame, taakvelden: tuple[str, ...] | None = SOCIAAL_DOMEIN) -> pl.DataFrame:
    """One row per taakveld (the total of all taakvelden first, then the subtotal of `taakvelden`, then each
    taakveld in code order): the lasten per inwoner of every gemeente as a column (the gemeente first), then the
    median, lowest and highest of the comparison gemeenten and the gemeente's difference with that median.

    frame: warehouse.queries.iv3_lasten_per_inwoner for one year. taakvelden: code prefixes ("6." is every
    taakveld of hoofdtaakveld 6, "7.1" that taakveld and its children); None: every taakveld.
    A gemeente without inwoners or without that taakveld has None there (nothing booked, or not reported).
    """
    if frame.is_empty():
        return pl.DataFrame(schema={"Taakveld": pl.String})
    gemeenten = frame.select("region_code", "name", "role", "sort_order").unique("region_code", maintain_order=True)
    own = gemeenten.filter(pl.col("role") == "gemeente")["region_code"].to_list()
    names = dict(zip(gemeenten["region_code"], gemeenten["name"]))
    order = own + [code for code in gemeenten["region_code"] if code not in own]
    labels = _unique_names(order, names)

    rows: dict[str, dict[str, float | None]] = {}
    totals = frame.filter(pl.col("breakdown") == TOTAL)
    rows[TOTAL_LABEL] = {code: value for code, value in zip(totals["region_code"], totals["per_inwoner"])}
    chosen = frame.filter(pl.col("breakdown").map_elements(lambda b: in_taakvelden(b, taakvelden), return_dtype=pl.Boolean))
    if taakvelden is not None:
        subtotal = chosen.group_by("region_code").agg(
            pl.col("lasten").sum(), pl.col("inwoners").first())
        rows[SUBTOTAL_LABEL] = {code: (lasten / inwoners if inwoners else None)
                                for code, lasten, inwoners in subtotal.select("region_code", "lasten", "inwoners").iter_rows()}
    for breakdown in sorted(set(chosen["breakdown"].to_list()), key=lambda b: _sort_key(taakveld_code(b))):
        part = chosen.filter(pl.col("breakdown") == breakdown)
        rows[breakdown] = dict(zip(part["region_code"], part["per_inwoner"]))

    records = []
    for label, values in rows.items():
        record = {"Taakveld": label, **{labels[code]: values.get(code) for code in order}}
        others = [values.get(code) for code in order if code not in own]
        known = [value for value in others if value is not None]
        median = statistics.median(known) if known else None
        mine = values.get(own[0]) if own else None
        record |= {MEDIAN: median, RANGE_LOW: min(known) if known else None, RANGE_HIGH: max(known) if known else None,
                   DIFFERENCE: (mine - median) if mine is not None and median is not None else None}
        records.append(record)
    schema = {"Taakveld": pl.String, **{labels[code]: pl.Float64 for code in order},
              MEDIAN: pl.Float64, RANGE_LOW: pl.Float64, RANGE_HIGH: pl.Float64, DIFFERENCE: pl.Float64}
    return pl.DataFrame(records, schema=schema, orient="row")


def chart_rows(frame: pl.DataFrame, taakvelden: tuple[str, ...] | None = SOCIAAL_DOMEIN) -> pl.DataFrame:
    """Long rows for a grouped bar chart: taakveld, gemeente, rol ('deze gemeente' / 'vergelijkingsgemeente'),
    lasten per inwoner; taakvelden in code order, the gemeente first within each."""
    chosen = frame.filter(pl.col("breakdown").map_elements(lambda b: in_taakvelden(b, taakvelden), return_dtype=pl.Boolean)
                          & pl.col("per_inwoner").is_not_null())
    if chosen.is_empty():
        return pl.DataFrame(schema={"taakveld": pl.String, "gemeente": pl.String, "rol": pl.String,
                                    "per_inwoner": pl.Float64, "volgorde": pl.Int32})
    ordered = sorted(set(chosen["breakdown"].to_list()), key=lambda b: _sort_key(taakveld_code(b)))
    rank = {breakdown: n for n, breakdown in enumerate(ordered)}
    return chosen.select(
        pl.col("breakdown").alias("taakveld"), pl.col("name").alias("gemeente"),
        pl.when(pl.col("role") == "gemeente").then(pl.lit("deze gemeente")).otherwise(pl.lit("vergelijkingsgemeente"))
        .alias("rol"),
        "per_inwoner",
        pl.col("breakdown").replace_strict(rank, return_dtype=pl.Int32).alias("volgorde"),
        "sort_order",
    ).sort("volgorde", "sort_order").drop("sort_order")


def notes(frame: pl.DataFrame) -> list[str]:
    """Dutch sentences for what the table cannot show: a gemeente that reported nothing that year, or whose
    inwoners are not loaded (then no per-inwoner figure)."""
    if frame.is_empty():
        return ["Er zijn nog geen Iv3-lasten geladen. Laad ze met `python -m pipelines iv3` (CBS, dataderden.cbs.nl)."]
    year = frame["year"][0]
    totals = frame.filter(pl.col("breakdown") == TOTAL)
    sentences = []
    silent = totals.filter(pl.col("lasten").is_null())["name"].to_list()
    if silent:
        sentences.append(f"Geen Iv3-gegevens over {year} bij het CBS voor {_listing(silent)} (nog niet aangeleverd).")
    without = totals.filter(pl.col("lasten").is_not_null() & pl.col("inwoners").is_null())["name"].to_list()
    if without:
        sentences.append(f"Geen inwonertal over {year} geladen voor {_listing(without)}: daar staat geen bedrag per "
                         "inwoner.")
    return sentences


def _unique_names(order: list[str], names: dict[str, str]) -> dict[str, str]:
    """Column names: the gemeente's name, with its code when two gemeenten share a name (Bergen NH / Bergen L)."""
    counts: dict[str, int] = {}
    for code in order:
        counts[names[code]] = counts.get(names[code], 0) + 1
    return {code: names[code] if counts[names[code]] == 1 else f"{names[code]} ({code})" for code in order}


def _listing(items: list[str]) -> str:
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} en {items[-1]}"

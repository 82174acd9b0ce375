"""Financiën per opgave: the sums, ratios and charts behind the Financiën page (pure: no Streamlit, no SQL).

Input is data.financien() (every amount of the loaded financiënwerkmappen with
its file), data.gemeente_inwoners() and data.participants_by_opgave(). Every
ratio says when it is not computed and why, instead of showing a number that
misleads: no inwoners for that year, no activity with reach, or deelnemers
that are 'geheim' (below the privacy threshold), whose total would be too low
and the cost per deelnemer too high.
"""

from __future__ import annotations

import altair as alt
import polars as pl

from app import format as fmt
from app import visual
from pipelines.sources.financien.contract import BEGROTING, KINDS, LAYER_NAMES, LAYERS, REALISATIE

ALL = "alle"
KIND_WORDS = {BEGROTING: "begroting", REALISATIE: "realisatie"}
# Partner activities belong to the sociale basis and preventie: only their lasten are divided by the deelnemers.
REACH_LAYERS = ("basis", "preventie")
REACH_NOTE = ("Alleen de lasten in de lagen sociale basis en preventie, waar de activiteiten van partners bij horen. "
              "Deelnemers zijn opgeteld over de activiteiten: wie aan twee activiteiten meedoet, telt twee keer.")
# The two kinds in the visual language: realisatie is the gemeente's own spending (its near-black), the begroting
# the neutral grey of lines that carry information; no verdict colours (over budget is not 'worse' by itself).
KIND_COLOURS = {BEGROTING: visual.LINE, REALISATIE: visual.GEMEENTE.colour}
DUTCH_LABEL = ("replace(replace(replace(format(datum.value, ',~f'), regexp(',', 'g'), '_'), "
               "regexp('\\\\.', 'g'), ','), regexp('_', 'g'), '.')")


# --- numbers as text ---------------------------------------------------------------------------------------------

def euro(amount: float | None) -> str:
    """1234567.4 → '€ 1.234.567'; None → '–'."""
    return "–" if amount is None else f"€ {fmt.number(round(amount), 0)}"


def euro_cents(amount: float | None) -> str:
    """A ratio: 123.456 → '€ 123,46'."""
    return "–" if amount is None else f"€ {fmt.number(amount, 2)}"


def millions(amount: float | None) -> str:
    """4036000 → '€ 4,0 mln' (as seed 002's piramide writes its amounts, rounded)."""
    return "–" if amount is None else f"€ {fmt.number(amount / 1e6, 1)} mln"


def source_text(rows: pl.DataFrame, kind: str | None = None, year: int | None = None) -> str:
    """'financiënwerkmap begroting.xlsx, begroting 2026': the file(s) behind the rows, the kind and the year."""
    if kind is not None:
        rows = rows.filter(pl.col("kind") == kind)
    if year is not None:
        rows = rows.filter(pl.col("year") == year)
    files = sorted(set(rows["file"].to_list()))
    what = "financiënwerkmap" if len(files) == 1 else "financiënwerkmappen"
    text = f"{what} {', '.join(files) if files else '(geen)'}"
    if kind is not None:
        text += f", {KIND_WORDS[kind]}"
    if year is not None:
        text += f" {year}" if kind is not None else f", {year}"
    elif rows.height:
        first, last = rows["year"].min(), rows["year"].max()
        text += f" {first}" if first == last else f" {first}–{last}"
    return text


# --- selections and sums -------------------------------------------------------------------------------------------

def for_opgave(rows: pl.DataFrame, opgave: str) -> pl.DataFrame:
    return rows if opgave == ALL else rows.filter(pl.col("opgave_code") == opgave)


def years(rows: pl.DataFrame, kind: str | None = None) -> list[int]:
    if kind is not None:
        rows = rows.filter(pl.col("kind") == kind)
    return sorted(set(rows["year"].to_list()))


def budget_against_realised(rows: pl.DataFrame) -> pl.DataFrame:
    """Per year: begroting, realisatie, the difference (realisatie − begroting) and it as % of the begroting.

    A year without one of the two has it NULL (not 0): a meerjarenbegroting has no realisatie yet.
    """
    totals = rows.group_by("year", "kind").agg(pl.col("amount_eur").sum())
    wide = pl.DataFrame({"year": years(rows)}, schema={"year": pl.Int32})
    for kind in KINDS:
        wide = wide.join(totals.filter(pl.col("kind") == kind).select("year", pl.col("amount_eur").alias(kind)),
                         on="year", how="left")
    return wide.with_columns(
        verschil=pl.col(REALISATIE) - pl.col(BEGROTING),
        verschil_pct=pl.when(pl.col(BEGROTING) > 0)
        .then((pl.col(REALISATIE) - pl.col(BEGROTING)) / pl.col(BEGROTING) * 100),
    ).sort("year")


def per_opgave_table(rows: pl.DataFrame, opgave_titles: dict[str, str]) -> pl.DataFrame:
    """Opgave × year × soort: one row per opgave and soort, a column per year (the overview of all opgaven)."""
    totals = rows.group_by("opgave_code", "kind", "year").agg(pl.col("amount_eur").sum())
    order = {code: number for number, code in enumerate(opgave_titles)}
    records = []
    for (opgave, kind), group in sorted(totals.group_by("opgave_code", "kind"),
                                        key=lambda item: (order.get(item[0][0], 99), KINDS.index(item[0][1]))):
        by_year = dict(group.select("year", "amount_eur").iter_rows())
        records.append({"Opgave": opgave_titles.get(opgave, opgave), "Soort": KIND_WORDS[kind],
                        **{str(year): euro(by_year.get(year)) if year in by_year else "–" for year in years(rows)}})
    return pl.DataFrame(records) if records else pl.DataFrame()


def breakdown_table(rows: pl.DataFrame, kind: str, column: str, labels: dict[str | None, str], title: str) -> pl.DataFrame:
    """One kind's amounts per taakveld or doel (column) and year: a row per value, a column per year, and the total.

    labels: value → text (a NULL goal_code is the opgave as a whole); a value without a label shows as itself.
    """
    chosen = rows.filter(pl.col("kind") == kind)
    if chosen.is_empty():
        return pl.DataFrame()
    all_years = years(chosen)
    sums = chosen.group_by(column, "year").agg(pl.col("amount_eur").sum())
    records = []
    for value in sorted(set(sums[column].to_list()), key=lambda v: (v is not None, str(v))):
        by_year = dict(sums.filter(pl.col(column).eq_missing(value)).select("year", "amount_eur").iter_rows())
        records.append({title: labels.get(value, value if value is not None else "–"),
                        **{str(year): euro(by_year[year]) if year in by_year else "–" for year in all_years}})
    return pl.DataFrame(records)


def pyramid(rows: pl.DataFrame, year: int, kind: str) -> pl.DataFrame:
    """The four layers (bottom to top) in one year and kind: amount and share of the total; a layer without
    amounts is 0 only when the year and kind have amounts at all (else the frame is empty)."""
    chosen = rows.filter((pl.col("year") == year) & (pl.col("kind") == kind))
    if chosen.is_empty():
        return pl.DataFrame(schema={"layer": pl.String, "laag": pl.String, "amount_eur": pl.Float64,
                                    "share": pl.Float64, "order": pl.Int32})
    sums = dict(chosen.group_by("layer").agg(pl.col("amount_eur").sum()).iter_rows())
    total = sum(sums.values())
    return pl.DataFrame(
        [{"layer": layer.code, "laag": layer.name, "amount_eur": float(sums.get(layer.code, 0.0)),
          "share": sums.get(layer.code, 0.0) / total * 100 if total else None, "order": order}
         for order, layer in enumerate(LAYERS)],
        schema={"layer": pl.String, "laag": pl.String, "amount_eur": pl.Float64, "share": pl.Float64,
                "order": pl.Int32})


def pyramid_over_years(rows: pl.DataFrame, kind: str) -> pl.DataFrame:
    """Per year the share of each layer (%) and the total: does the money move from maatwerk to the basis?"""
    records = []
    for year in years(rows, kind):
        layers = pyramid(rows, year, kind)
        total = layers["amount_eur"].sum()
        records.append({"Jaar": str(year), **{LAYER_NAMES[row["layer"]]: f"{fmt.number(row['share'], 1)}%"
                                              for row in layers.iter_rows(named=True)},
                        "Totaal": euro(total)})
    return pl.DataFrame(records) if records else pl.DataFrame()


def per_inwoner(rows: pl.DataFrame, inwoners: pl.DataFrame) -> pl.DataFrame:
    """Per year and kind: amount, the gemeente's inwoners of that year, the amount per inwoner, or why not."""
    known = {row["year"]: row["inwoners"] for row in inwoners.iter_rows(named=True) if row["inwoners"] is not None}
    totals = rows.group_by("year", "kind").agg(pl.col("amount_eur").sum()).sort("year", "kind")
    records = []
    for row in totals.iter_rows(named=True):
        count = known.get(row["year"])
        records.append({
            "year": row["year"], "kind": row["kind"], "amount_eur": row["amount_eur"], "inwoners": count,
            "per_inwoner": row["amount_eur"] / count if count else None,
            "toelichting": None if count else f"niet berekend: geen inwonertal van {row['year']}",
        })
    return pl.DataFrame(records, schema={"year": pl.Int32, "kind": pl.String, "amount_eur": pl.Float64,
                                         "inwoners": pl.Float64, "per_inwoner": pl.Float64, "toelichting": pl.String})


def per_deelnemer(rows: pl.DataFrame, participants: pl.DataFrame, opgave: str) -> pl.DataFrame:
    """Per year and kind: lasten in basis and preventie of the opgave, the deelnemers of its partner activities
    that year, the cost per deelnemer — or why it is not computed (no activities; deelnemers 'geheim')."""
    reach = {row["year"]: row for row in participants.filter(pl.col("opgave_code") == opgave).iter_rows(named=True)}
    chosen = rows.filter((pl.col("opgave_code") == opgave) & pl.col("layer").is_in(REACH_LAYERS))
    totals = chosen.group_by("year", "kind").agg(pl.col("amount_eur").sum()).sort("year", "kind")
    records = []
    for row in totals.iter_rows(named=True):
        found = reach.get(row["year"])
        count, why = None, None
        if found is None or not found["activities"]:
            why = "niet berekend: geen activiteiten met bereik"
        elif found["secret_activities"]:
            secret = found["secret_activities"]
            why = f"niet berekend: deelnemers van {secret} {'activiteit' if secret == 1 else 'activiteiten'} geheim"
        elif not found["participants"]:
            why = "niet berekend: geen deelnemers"
        else:
            count = int(found["participants"])
        records.append({"year": row["year"], "kind": row["kind"], "amount_eur": row["amount_eur"], "deelnemers": count,
                        "per_deelnemer": row["amount_eur"] / count if count else None, "toelichting": why})
    return pl.DataFrame(records, schema={"year": pl.Int32, "kind": pl.String, "amount_eur": pl.Float64,
                                         "deelnemers": pl.Int64, "per_deelnemer": pl.Float64, "toelichting": pl.String})


# --- tables for screen and download ------------------------------------------------------------------------------

def ratio_table(frame: pl.DataFrame, count_column: str, count_label: str, ratio_column: str, ratio_label: str,
                source: str, amount_label: str = "Bedrag") -> pl.DataFrame:
    """A per_inwoner or per_deelnemer frame as shown: Dutch headers and numbers, the reason where nothing is computed."""
    return pl.DataFrame([
        {"Jaar": str(row["year"]), "Soort": KIND_WORDS[row["kind"]], amount_label: euro(row["amount_eur"]),
         count_label: fmt.number(row[count_column], 0) if row[count_column] is not None else "–",
         ratio_label: euro_cents(row[ratio_column]), "Toelichting": row["toelichting"] or "", "Bron": source}
        for row in frame.iter_rows(named=True)
    ], schema={"Jaar": pl.String, "Soort": pl.String, amount_label: pl.String, count_label: pl.String,
               ratio_label: pl.String, "Toelichting": pl.String, "Bron": pl.String})


def comparison_table(frame: pl.DataFrame) -> pl.DataFrame:
    """budget_against_realised as shown."""
    def pct(value):
        return "–" if value is None else f"{'+' if value > 0 else ''}{fmt.number(value, 1)}%"
    return pl.DataFrame([
        {"Jaar": str(row["year"]), "Begroting": euro(row[BEGROTING]), "Realisatie": euro(row[REALISATIE]),
         "Verschil": "–" if row["verschil"] is None else f"{'+' if row['verschil'] > 0 else ''}{euro(row['verschil'])}",
         "Verschil (%)": pct(row["verschil_pct"])}
        for row in frame.iter_rows(named=True)
    ], schema={"Jaar": pl.String, "Begroting": pl.String, "Realisatie": pl.String, "Verschil": pl.String,
               "Verschil (%)": pl.String})


def download_rows(rows: pl.DataFrame, opgave_titles: dict[str, str], goal_texts: dict[str, str]) -> pl.DataFrame:
    """Every amount with its opgave, doel, taakveld, laag and the file and row it came from (for Excel)."""
    return rows.select(
        pl.col("opgave_code").replace_strict(opgave_titles, default=pl.col("opgave_code")).alias("opgave"),
        pl.col("goal_code").replace_strict(goal_texts, default=pl.col("goal_code")).alias("doel"),
        pl.col("taakveld_code").alias("taakveld"), pl.col("taakveld_name").alias("taakveld_naam"),
        pl.col("year").alias("jaar"), pl.col("kind").alias("soort"),
        pl.col("layer").replace_strict(LAYER_NAMES, default=pl.col("layer")).alias("laag"),
        pl.col("amount_eur").alias("bedrag_euro"), pl.col("file").alias("bestand"), pl.col("source_row").alias("rij"),
    )


# --- charts ------------------------------------------------------------------------------------------------------

def budget_chart(frame: pl.DataFrame, subject: str) -> alt.Chart:
    """Begroting beside realisatie per year (bars side by side), in millions of euro."""
    long = pl.concat([
        frame.select("year", pl.lit(KIND_WORDS[kind]).alias("soort"), (pl.col(kind) / 1e6).alias("mln"),
                     pl.col(kind).map_elements(euro, return_dtype=pl.String).alias("bedrag"))
        for kind in KINDS
    ]).filter(pl.col("mln").is_not_null()).with_columns(pl.col("year").cast(pl.String))
    described = "; ".join(f"{row['year']} {row['soort']} {millions(row['mln'] * 1e6)}"
                          for row in long.iter_rows(named=True))
    chart = alt.Chart(long.to_pandas(), description=f"Begroting en realisatie {subject} per jaar: {described}")
    return visual.configure(chart.mark_bar().encode(
        x=alt.X("year:N", title="Jaar", axis=alt.Axis(labelAngle=0)),
        xOffset=alt.XOffset("soort:N", sort=[KIND_WORDS[k] for k in KINDS]),
        y=alt.Y("mln:Q", title="Miljoen euro", axis=alt.Axis(labelExpr=DUTCH_LABEL)),
        color=alt.Color("soort:N", title="Soort", sort=[KIND_WORDS[k] for k in KINDS],
                        scale=alt.Scale(domain=[KIND_WORDS[k] for k in KINDS],
                                        range=[KIND_COLOURS[k] for k in KINDS]),
                        legend=alt.Legend(orient="top")),
        tooltip=[alt.Tooltip("year:N", title="Jaar"), alt.Tooltip("soort:N", title="Soort"),
                 alt.Tooltip("bedrag:N", title="Bedrag")],
    ).properties(height=280))


def pyramid_chart(layers: pl.DataFrame, title: str) -> alt.Chart:
    """The piramide as horizontal bars, maatwerk on top and the basis at the bottom, each with amount and share."""
    shown = layers.with_columns(
        label=pl.struct("amount_eur", "share").map_elements(
            lambda row: f"{millions(row['amount_eur'])} ({fmt.number(row['share'], 0)}%)", return_dtype=pl.String),
        mln=pl.col("amount_eur") / 1e6,
    )
    top_down = [layer.name for layer in reversed(LAYERS)]
    described = "; ".join(f"{row['laag']} {row['label']}" for row in shown.iter_rows(named=True))
    base = alt.Chart(shown.to_pandas()).encode(
        y=alt.Y("laag:N", sort=top_down, title=None, axis=alt.Axis(labelLimit=260)),
        # Room right of the longest bar for its label.
        x=alt.X("mln:Q", title="Miljoen euro", axis=alt.Axis(labelExpr=DUTCH_LABEL),
                scale=alt.Scale(domain=[0, max(float(shown["mln"].max() or 0) * 1.25, 0.001)])),
        tooltip=[alt.Tooltip("laag:N", title="Laag"), alt.Tooltip("label:N", title="Bedrag (aandeel)")],
    )
    bars = base.mark_bar(color=visual.GEMEENTE.colour, height={"band": 0.7})
    labels = base.mark_text(align="left", dx=4, color=visual.TEXT).encode(text="label:N")
    return visual.configure((bars + labels).properties(height=220, description=f"Piramide {title}: {described}"))


def per_inwoner_chart(frame: pl.DataFrame) -> alt.Chart:
    """Euro per inwoner per year, begroting beside realisatie (only the years that have inwoners)."""
    shown = frame.filter(pl.col("per_inwoner").is_not_null()).with_columns(
        pl.col("year").cast(pl.String), pl.col("kind").replace_strict(KIND_WORDS).alias("soort"),
        pl.col("per_inwoner").map_elements(euro_cents, return_dtype=pl.String).alias("bedrag"))
    described = "; ".join(f"{row['year']} {row['soort']} {row['bedrag']}" for row in shown.iter_rows(named=True))
    order = [KIND_WORDS[k] for k in KINDS]
    chart = alt.Chart(shown.to_pandas(), description=f"Lasten per inwoner per jaar: {described}")
    return visual.configure(chart.mark_bar().encode(
        x=alt.X("year:N", title="Jaar", axis=alt.Axis(labelAngle=0)),
        xOffset=alt.XOffset("soort:N", sort=order),
        y=alt.Y("per_inwoner:Q", title="Euro per inwoner", axis=alt.Axis(labelExpr=DUTCH_LABEL)),
        color=alt.Color("soort:N", title="Soort", sort=order,
                        scale=alt.Scale(domain=order, range=[KIND_COLOURS[k] for k in KINDS]),
                        legend=alt.Legend(orient="top")),
        tooltip=[alt.Tooltip("year:N", title="Jaar"), alt.Tooltip("soort:N", title="Soort"),
                 alt.Tooltip("bedrag:N", title="Per inwoner")],
    ).properties(height=260))

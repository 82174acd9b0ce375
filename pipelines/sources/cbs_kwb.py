"""CBS Kerncijfers wijken en buurten (KWB): one table a year, every region of the country, one region dimension.

What CBS does that the StatLine reader (pipelines.statline) absorbs for this family:
- topic keys are renumbered every year (HuishoudensTotaal_28 → _29): indicators match on the stem;
- variables come and go; from 2024 the household-income variables are gone (PersonenInArmoede instead) and
  herkomst replaces westers/niet-westers: the config records these as series breaks, the coverage report names
  every variable a table lacks;
- some stems occur twice in one table (electricity and gas per type of dwelling; herkomst counts under
  'Herkomstland', 'Geboren in Nederland' and 'Geboren buiten Nederland'): a mapping names its group;
- provisional figures are marked per topic in its explanation, not for the table;
- wijk and buurt counts are rounded (to 5, uitkeringen to 10); the gemeente and Nederland are exact;
- the national table also holds every other gemeente: only Nederland, the configured gemeente and its own
  wijken and buurten are kept, whatever the server's filter did.
"""

from __future__ import annotations

from monitor.sources import StatLineSpec

# Table id per year (shared/reference/statline-real-layouts.md); unknown years come from the catalogue.
KWB_TABLES = {
    2013: "82339NED",
    2014: "82931NED",
    2017: "83765NED",
    2018: "84286NED",
    2019: "84583NED",
    2020: "84799NED",
    2021: "85039NED",
    2022: "85318NED",
    2023: "85618NED",
    2024: "85984NED",
    2025: "86165NED",
}

SOURCE = StatLineSpec(
    code="cbs_kwb",
    label="CBS Kerncijfers wijken en buurten",
    cli="cbs",
    catalog="opendata.cbs.nl",
    subdirectory="cbs",
    tables=KWB_TABLES,
    # "Kerncijfers wijken en buurten 2024 (gewijzigd)" and the like are not the yearly table.
    catalog_title=r"Kerncijfers wijken en buurten\s+(\d{4})",
    first_default_year=2019,
    region_dimensions=("WijkenEnBuurten", "RegioS"),  # the 2013 table calls it RegioS
    names_regions=True,
)

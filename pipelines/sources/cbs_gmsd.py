"""CBS Gemeentelijke Monitor Sociaal Domein: "Gebruik voorzieningen sociaal domein; aantal voorzieningen, wijken".

Clients and households with a voorziening under the Jeugdwet, the Wmo 2015 or
the Participatiewet, per wijk; one table a year on opendata.cbs.nl. Its layout
differs from Kerncijfers wijken en buurten:
- the region dimension is called `Wijken` (the gemeente and its wijken, no buurten);
- `Perioden` holds the year and its two half-years ("1e halfjaar 2023"); CBS
  publishes twice a year, so the newest periods are provisional ("2024*", Status
  Voorlopig or Nader voorlopig), which the reader turns into status 'voorlopig';
- `SoortVoorzieningSociaalDomein` (Alleen Jeugd, Alleen Wmo, Jeugd en P-wet, …)
  becomes the breakdown, Totaal the whole;
- `AantalVoorzieningen` (1, 2, 3 maatwerkvoorzieningen): only Totaal is kept;
- every count is rounded to 5 (at every level), "." where too small to publish.
The catalogue titles vary ("…, wijken, 2024", "… wijken, 2023"): the title pattern allows both.
"""

from __future__ import annotations

from monitor.sources import ALL_LEVELS, Breakdown, StatLineSpec

# Table id per year (cbs.nl table pages); other years are found through the catalogue.
GMSD_TABLES = {
    2016: "83619NED",
    2019: "86193NED",
    2021: "86195NED",
    2022: "85375NED",
    2023: "85637NED",
    2024: "85994NED",
}

SOURCE = StatLineSpec(
    code="cbs_gmsd",
    label="CBS Gebruik voorzieningen sociaal domein (wijken)",
    cli="gmsd",
    catalog="opendata.cbs.nl",
    subdirectory="gmsd",
    tables=GMSD_TABLES,
    catalog_title=r"Gebruik voorzieningen sociaal domein; aantal voorzieningen,? wijken,? (\d{4})",
    first_default_year=2022,
    region_dimensions=("Wijken",),
    period_dimension="Perioden",
    breakdown=Breakdown("SoortVoorzieningSociaalDomein", "Totaal"),
    fixed={"AantalVoorzieningen": "Totaal"},
    rounded_levels=ALL_LEVELS,
)

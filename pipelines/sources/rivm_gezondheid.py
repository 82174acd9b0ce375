"""GGD-monitor per wijk en buurt: RIVM table 50150NED on dataderden.cbs.nl (small-area estimates).

One table holds every measurement year (2012, 2016, 2020, 2022, 2024), with two
dimensions besides region and period:
- Leeftijd: the age group. 18 jaar of ouder is the population the indicator
  definitions speak of and becomes breakdown 'totaal'; the other groups keep
  their title ('18 tot 65 jaar', '65 jaar of ouder').
- Marges: the estimate and the bounds of its 95% interval, which become value,
  ci_low and ci_high of one observation.
All figures are modelled estimates: status 'geschat'. A cell the RIVM does not
publish (too few respondents, not asked that year) is NULL with status
'ontbreekt'. The variable names differ from the older table 50120NED
(ErvarenGezondheidGoedZeerGoed became GoedErvarenGezondheid, …): the config
lists both, the current name first.
"""

from __future__ import annotations

from monitor.sources import Breakdown, Margins, StatLineSpec

TABLE_ID = "50150NED"  # "Gezondheid per wijk en buurt; 2012/2016/2020/2022/2024 (indeling 2024)"

SOURCE = StatLineSpec(
    code="rivm_gezondheid",
    label="GGD-monitor (RIVM)",
    cli="ggd",
    catalog="dataderden.cbs.nl",
    subdirectory="ggd",
    table=TABLE_ID,
    period_dimension="Perioden",
    breakdown=Breakdown("Leeftijd", "18 jaar of ouder"),
    margins=Margins("Marges", value="MW00000", lower="MOG0095", upper="MBG0095"),
    estimated=True,
)

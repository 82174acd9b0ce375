"""Every source the monitor can load, found in one place.

A built-in source is one module in pipelines/sources/ that declares itself as
`SOURCE`; a gemeente's config may add a StatLine table family of its own
([source.<code>.statline], read by the same StatLine reader). Refresh, the
command line, config validation, the coverage report and the Bronnen page
iterate over what is here; nothing else lists sources.
"""

from __future__ import annotations

from monitor.config import STATLINE, MonitorConfig
from monitor.sources import FileSource, GeoSpec, StatLineSpec
from pipelines.sources import (
    cbs_gmsd,
    cbs_iv3,
    cbs_kwb,
    cbs_wijkbuurtkaart,
    financien,
    kis_wijkmonitor,
    partner,
    rivm_gezondheid,
)

# In load order: CBS first (it names the regions), then the sources that only fill in, the boundaries for the map,
# then delivered files.
BUILT_IN: tuple[StatLineSpec | GeoSpec | FileSource, ...] = (
    cbs_kwb.SOURCE,
    rivm_gezondheid.SOURCE,
    cbs_gmsd.SOURCE,
    cbs_iv3.SOURCE,  # Iv3 lasten per taakveld: its own reader (see the module), declared here like the others
    cbs_wijkbuurtkaart.SOURCE,  # the shapes of wijken and buurten per year (PDOK), for the maps
    partner.SOURCE,
    kis_wijkmonitor.SOURCE,
    financien.SOURCE,
)


def source_kinds() -> dict[str, str]:
    """Code → kind of every built-in source, for validating a config's [source.…] and indicators."""
    return {source.code: STATLINE if isinstance(source, StatLineSpec) else source.kind for source in BUILT_IN}


def statline_sources(config: MonitorConfig | None = None) -> list[StatLineSpec]:
    """The StatLine table families: the built-in ones the config names (all without a config), then its own."""
    built_in = [s for s in BUILT_IN if isinstance(s, StatLineSpec) and (config is None or s.code in config.sources)]
    declared = [s.statline for s in config.sources.values() if s.statline is not None] if config else []
    return built_in + declared


def geo_sources(config: MonitorConfig | None = None) -> list[GeoSpec]:
    """The boundary sources (the Wijk- en Buurtkaart) the config names (all without a config)."""
    return [s for s in BUILT_IN if isinstance(s, GeoSpec) and (config is None or s.code in config.sources)]


def file_sources(config: MonitorConfig | None = None) -> list[FileSource]:
    """The sources that arrive as files (partner workbooks, KIS exports) the config names (all without a config)."""
    return [s for s in BUILT_IN if isinstance(s, FileSource) and (config is None or s.code in config.sources)]


def load_hints(config: MonitorConfig) -> dict[str, str]:
    """Source code → the command that loads it, for the Bronnen page (kept in the warehouse's source table)."""
    sources = (*statline_sources(config), *geo_sources(config), *file_sources(config))
    return {source.code: source.load_hint for source in sources}

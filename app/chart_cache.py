"""Altair charts on screen through a cache of their Vega-Lite specs.

Building and validating an Altair chart costs 30–70 ms; a page with six charts
would spend most of its rerun there. The spec depends only on the chart
builder and its (cached, hashable) input frames, so it is built once per input
and then served from the cache. Chart builders are validated by their tests.
"""

from __future__ import annotations

from collections.abc import Callable

import altair as alt
import streamlit as st


def _marks_without_aria(spec):
    """Every mark out of the accessibility tree (aria: false), unless the builder said otherwise.

    A screen reader gets the chart's text alternative (its description, or the table beside it) from the chart as
    a whole. Vega gives each layer a group with role graphics-symbol and no name, and a layer that draws nothing
    for this choice (a reference line without a value) is then an unnamed, empty image to axe-core (svg-img-alt)."""
    if isinstance(spec, list):
        return [_marks_without_aria(item) for item in spec]
    if not isinstance(spec, dict):
        return spec
    spec = {key: _marks_without_aria(value) if key != "data" and key != "datasets" else value
            for key, value in spec.items()}
    mark = spec.get("mark")
    if isinstance(mark, str):
        spec["mark"] = {"type": mark, "aria": False}
    elif isinstance(mark, dict) and "aria" not in mark:
        spec["mark"] = {**mark, "aria": False}
    return spec


def to_spec(chart: alt.TopLevelMixin) -> dict:
    """The chart as a Vega-Lite dict, sized by Streamlit (the default theme's fixed 300×300 view is dropped)."""
    spec = _marks_without_aria(chart.to_dict(validate=False))
    config = spec.get("config", {})
    config.pop("view", None)
    if not config:
        spec.pop("config", None)
    return spec


@st.cache_data(show_spinner=False, max_entries=512)
def _spec(_builder: Callable[..., alt.TopLevelMixin], builder_name: str, args: tuple, kwargs: dict) -> dict:
    return to_spec(_builder(*args, **kwargs))


def show(builder: Callable[..., alt.TopLevelMixin], *args, **kwargs) -> None:
    """st.altair_chart(builder(*args, **kwargs)), with the spec cached on the builder's name and arguments."""
    name = f"{builder.__module__}.{builder.__qualname__}"
    st.vega_lite_chart(spec=_spec(builder, name, args, kwargs))

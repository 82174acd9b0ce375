"""The fake StatLine server and its recordings, exercised with the real cbsodata 1.3.5 client.

Nothing here touches the internet: cbsodata is pointed at the local server over
plain HTTP. These tests pin what the other loader tests rely on: paging through
odata.nextLink, faults that fail exactly as configured, a catalog, a server that
ignores $filter and $select, and recordings whose figures match EXPECTED and
RIVM_EXPECTED and add up.
"""

from __future__ import annotations

import json
import re

import cbsodata
import pytest
import requests

import statline_recordings as rec
from statline_server import Fault, statline_server  # noqa: F401 (fixture)

KWB_2023 = rec.KWB_TABLES[2023]
KWB_TITLE = re.compile(r"^Kerncijfers wijken en buurten (\d{4})$")


@pytest.fixture
def cbs(monkeypatch):
    """cbsodata speaking plain HTTP straight to 127.0.0.1.

    cbsodata copies http_proxy/https_proxy at import and passes them to requests
    explicitly, which bypasses no_proxy; without clearing them a proxied
    environment would send these requests to the proxy.
    """
    monkeypatch.setattr(cbsodata.options, "use_https", False)
    monkeypatch.setitem(cbsodata.options.requests, "proxies", {})
    return cbsodata


def _read(directory, name):
    return json.loads((directory / f"{name}.json").read_text(encoding="utf-8"))


def _cells(files: dict) -> dict:
    """(stem, unpadded region code) -> value for every topic of a KWB TypedDataSet."""
    keys = rec.topic_keys(files)
    return {
        (stem, row["WijkenEnBuurten"].strip()): row[key]
        for row in files["TypedDataSet"]
        for stem, key in keys.items()
    }


def test_download_writes_every_file_with_all_rows_across_pages(statline_server, cbs, tmp_path):
    statline_server.page_size = 5
    files = rec.kwb_files(2023)
    statline_server.add_table(KWB_2023, files)

    data = cbs.download_data(KWB_2023, dir=str(tmp_path / KWB_2023), catalog_url=statline_server.catalog_url)

    written = sorted(path.stem for path in (tmp_path / KWB_2023).iterdir())
    # typed=False (the default) downloads TypedDataSet and skips UntypedDataSet.
    assert written == sorted(set(files) - {"UntypedDataSet"})
    for name in written:
        assert _read(tmp_path / KWB_2023, name) == files[name] == data[name]
    assert len(files["TypedDataSet"]) == 12 and len(files["WijkenEnBuurten"]) == 12
    for name in ("TypedDataSet", "WijkenEnBuurten"):
        pages = [r for r in statline_server.requests if r.startswith(f"/ODataFeed/odata/{KWB_2023}/{name}?")]
        assert pages == [
            f"/ODataFeed/odata/{KWB_2023}/{name}?$format=json",
            f"/ODataFeed/odata/{KWB_2023}/{name}?$format=json&$skiptoken=5",
            f"/ODataFeed/odata/{KWB_2023}/{name}?$format=json&$skiptoken=10",
        ]
    assert not any("UntypedDataSet" in r for r in statline_server.requests)


def test_typed_true_downloads_the_untyped_data_set(statline_server, cbs, tmp_path):
    """cbsodata 1.3.5 has the flag inverted: typed=True fetches UntypedDataSet."""
    files = rec.kwb_files(2023)
    statline_server.add_table(KWB_2023, files)

    cbs.download_data(KWB_2023, dir=str(tmp_path), typed=True, catalog_url=statline_server.catalog_url)

    assert not (tmp_path / "TypedDataSet.json").exists()
    untyped = _read(tmp_path, "UntypedDataSet")
    assert untyped == files["UntypedDataSet"]
    population = rec.topic_keys(files)["AantalInwoners"]
    low_income = rec.topic_keys(files)["HuishoudensMetEenLaagInkomen"]
    assert untyped[1][population] == "     47345"
    assert untyped[1][low_income] == "         ."


def test_filter_and_select_are_ignored(statline_server, cbs, tmp_path):
    statline_server.page_size = 5
    statline_server.add_table(KWB_2023, rec.kwb_files(2023))
    soest_only = "startswith(WijkenEnBuurten,'NL') or startswith(WijkenEnBuurten,'GM0342')"

    data = cbs.download_data(
        KWB_2023, filters=soest_only, select=["WijkenEnBuurten", "AantalInwoners_5"],
        catalog_url=statline_server.catalog_url,
    )

    codes = [row["WijkenEnBuurten"].strip() for row in data["TypedDataSet"]]
    assert set(rec.OTHER_GEMEENTE_REGIONS) <= set(codes)
    assert "HuishoudensTotaal_14" in data["TypedDataSet"][0]
    typed = [r for r in statline_server.requests if "/TypedDataSet?" in r]
    assert f"$filter={soest_only}" in typed[0] and "$select=WijkenEnBuurten,AantalInwoners_5" in typed[0]
    # cbsodata sends the options on the first page only and then follows nextLink as given.
    assert not any("$filter" in r for r in typed[1:])


def test_status_fault_fails_the_first_two_matching_requests(statline_server, cbs):
    statline_server.add_table(KWB_2023, rec.kwb_files(2023))
    fault = Fault(f"{KWB_2023}/TableInfos", "status", times=2, status=503)
    statline_server.faults = [fault]

    for _ in range(2):
        with pytest.raises(requests.HTTPError, match=f"Downloading table '{KWB_2023}' failed. 503"):
            cbs.get_info(KWB_2023, catalog_url=statline_server.catalog_url)
    info = cbs.get_info(KWB_2023, catalog_url=statline_server.catalog_url)

    assert info["Title"] == "Kerncijfers wijken en buurten 2023"
    assert fault.times == 0
    assert len(statline_server.requests) == 3


def test_fault_only_hits_matching_paths_and_times_none_is_forever(statline_server, cbs):
    statline_server.add_table(KWB_2023, rec.kwb_files(2023))
    statline_server.faults = [Fault("ODataCatalog", "status", times=None, status=500)]

    for _ in range(3):
        with pytest.raises(requests.HTTPError, match="Downloading table list failed. 500"):
            cbs.get_table_list(catalog_url=statline_server.catalog_url)
    assert cbs.get_meta(KWB_2023, "CategoryGroups", catalog_url=statline_server.catalog_url) == []


def test_truncated_body_breaks_the_download(statline_server, cbs):
    statline_server.add_table(KWB_2023, rec.kwb_files(2023))
    statline_server.faults = [Fault(f"{KWB_2023}/DataProperties", "truncate")]

    with pytest.raises(requests.exceptions.ChunkedEncodingError):
        cbs.get_meta(KWB_2023, "DataProperties", catalog_url=statline_server.catalog_url)
    assert len(cbs.get_meta(KWB_2023, "DataProperties", catalog_url=statline_server.catalog_url)) > 20


def test_html_instead_of_json_is_not_wrapped_by_cbsodata(statline_server, cbs):
    statline_server.add_table(KWB_2023, rec.kwb_files(2023))
    statline_server.faults = [Fault("TableInfos", "not_json")]

    with pytest.raises(json.JSONDecodeError):
        cbs.get_info(KWB_2023, catalog_url=statline_server.catalog_url)


def test_hang_runs_into_the_client_timeout(statline_server, cbs):
    statline_server.add_table(KWB_2023, rec.kwb_files(2023))
    statline_server.faults = [Fault("TableInfos", "hang", seconds=0.5)]

    with pytest.raises(requests.Timeout):
        cbs.get_info(KWB_2023, catalog_url=statline_server.catalog_url, timeout=0.1)
    assert cbs.get_info(KWB_2023, catalog_url=statline_server.catalog_url, timeout=2)["Identifier"] == KWB_2023


def test_unknown_table_or_name_is_404(statline_server, cbs):
    statline_server.add_table(KWB_2023, rec.kwb_files(2023))

    with pytest.raises(requests.HTTPError, match="404"):
        cbs.get_info("99999NED", catalog_url=statline_server.catalog_url)
    with pytest.raises(requests.HTTPError, match="404"):
        cbs.get_meta(KWB_2023, "Perioden", catalog_url=statline_server.catalog_url)


def test_unknown_fault_kind_is_refused():
    with pytest.raises(ValueError, match="unknown fault kind"):
        Fault("TableInfos", "slow")


def test_catalog_lists_the_recorded_tables(statline_server, cbs):
    rec.serve_all(statline_server)

    tables = cbs.get_table_list(catalog_url=statline_server.catalog_url)

    assert tables == rec.CATALOG_TABLES
    years = {int(m.group(1)): t["Identifier"] for t in tables if (m := KWB_TITLE.match(t["Title"]))}
    assert years == rec.KWB_TABLES


def test_kwb_figures_match_expected(statline_server, cbs):
    rec.serve_all(statline_server)
    cells = {}
    for year, table_id in rec.KWB_TABLES.items():
        data = cbs.download_data(table_id, catalog_url=statline_server.catalog_url)
        assert data["TableInfos"][0]["Period"] == str(year)
        cells.update({(stem, code, year): value for (stem, code), value in _cells(data).items()})

    assert {key: cells[key] for key in rec.EXPECTED} == rec.EXPECTED
    for stem in rec.ABSENT_STEMS[2022]:
        assert not any(key[0] == stem and key[2] == 2022 for key in cells)
    for code in rec.SOEST_REGIONS + rec.OTHER_GEMEENTE_REGIONS + ("NL00",):
        assert cells[("HuishoudensMetEenLaagInkomen", code, 2023)] is None
        assert cells[("HuishoudensTot120VanSociaalMinimum", code, 2023)] is None


def test_kwb_keys_shift_between_years_on_the_same_stems():
    keys = {year: rec.topic_keys(rec.kwb_files(year)) for year in (2022, 2023)}

    assert keys[2022]["AantalInwoners"] == keys[2023]["AantalInwoners"] == "AantalInwoners_5"
    assert (keys[2022]["HuishoudensTotaal"], keys[2023]["HuishoudensTotaal"]) == (
        "HuishoudensTotaal_13", "HuishoudensTotaal_14")
    shifted = set(keys[2022]) - {"Gemeentenaam", "SoortRegio", "Codering", "IndelingswijzigingWijkenEnBuurten",
                                 "AantalInwoners", "Mannen", "Vrouwen", "k_0Tot15Jaar", "k_15Tot25Jaar",
                                 "k_25Tot45Jaar", "k_45Tot65Jaar", "k_65JaarOfOuder"}
    assert shifted and all(keys[2022][stem] != keys[2023][stem] for stem in shifted)
    assert "HuishoudensTot120VanSociaalMinimum" not in keys[2022]
    assert rec.topic_keys(rec.kwb_2026_files()) == keys[2023]


@pytest.mark.parametrize("files", [rec.kwb_files(2022), rec.kwb_files(2023), rec.kwb_2026_files()],
                         ids=["2022", "2023", "2026"])
def test_kwb_recording_is_consistent(files):
    cells = _cells(files)
    count = lambda stem, code: cells[(stem, code)]  # noqa: E731
    ages = ("k_0Tot15Jaar", "k_15Tot25Jaar", "k_25Tot45Jaar", "k_45Tot65Jaar", "k_65JaarOfOuder")
    for code in rec.SOEST_REGIONS + rec.OTHER_GEMEENTE_REGIONS + ("NL00",):
        population = count("AantalInwoners", code)
        assert sum(count(age, code) for age in ages) == population
        assert count("Mannen", code) + count("Vrouwen", code) == population
    for stem in ("AantalInwoners", "HuishoudensTotaal", "Woningvoorraad", *ages):
        assert count(stem, "BU03420101") + count(stem, "BU03420102") == count(stem, "WK034201")
        assert count(stem, "BU03420201") + count(stem, "BU03420202") == count(stem, "WK034202")
        assert count(stem, "WK034201") + count(stem, "WK034202") == count(stem, "GM0342")

    typed, untyped = files["TypedDataSet"], files["UntypedDataSet"]
    numeric = [p["Key"] for p in files["DataProperties"] if p.get("Datatype") in ("Long", "Double")]
    for typed_row, untyped_row in zip(typed, untyped, strict=True):
        for key in numeric:
            text = untyped_row[key]
            assert len(text) == 10
            assert (None if text.strip() == "." else float(text)) == typed_row[key]
    for row in typed:
        assert len(row["WijkenEnBuurten"]) == 10 and len(row["Gemeentenaam_1"]) == 40
        assert len(row["SoortRegio_2"]) == 10
    assert [row["Key"] for row in files["WijkenEnBuurten"]] == [row["WijkenEnBuurten"] for row in typed]


def test_kwb_2026_is_provisional():
    info = rec.kwb_2026_files()["TableInfos"][0]
    assert (info["Identifier"], info["Period"], info["Status"]) == ("86400NED", "2026", "Voorlopig")


def test_rivm_figures_match_expected_with_intervals(statline_server, cbs):
    statline_server.page_size = 100
    statline_server.add_table(rec.RIVM_TABLE, rec.rivm_files())

    data = cbs.download_data(rec.RIVM_TABLE, catalog_url=statline_server.catalog_url)

    rows = data["TypedDataSet"]
    assert len(rows) == 3 * 3 * 7 * 5
    assert sum("$skiptoken" in r for r in statline_server.requests) == 3
    keys = rec.topic_keys(data)
    ages = {row["Key"]: row["Title"] for row in data["Leeftijd"]}
    bounds = {"MW00000": 0, "MOG0095": 1, "MBG0095": 2}
    cells: dict = {}
    for row in rows:
        where = (row["WijkenEnBuurten"].strip(), int(row["Perioden"][:4]), ages[row["Leeftijd"]])
        for stem, key in keys.items():
            if stem not in ("Gemeentenaam", "SoortRegio", "Codering"):
                cells.setdefault((stem, *where), [None, None, None])[bounds[row["Marges"]]] = row[key]

    assert {key: tuple(cells[key]) for key in rec.RIVM_EXPECTED} == rec.RIVM_EXPECTED
    for (stem, code, year, age), (value, low, high) in cells.items():
        suppressed = (code == "BU03420101" and age == rec.ELDERLY) or (
            stem == "HeelVeelStressInAfgelopen4Weken" and year in (2012, 2016))
        if suppressed:
            assert (value, low, high) == (None, None, None)
        else:
            assert low <= value <= high
    assert {row["Key"] for row in data["WijkenEnBuurten"]} >= {"NL01        ", "GM0342      "}
    assert [p["Key"] for p in data["DataProperties"][:4]] == ["Marges", "Leeftijd", "WijkenEnBuurten", "Perioden"]

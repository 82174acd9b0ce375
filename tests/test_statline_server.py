"""The fake StatLine server and its recordings, exercised with the real cbsodata 1.3.5 client.

Nothing here touches the internet: cbsodata is pointed at the local server over
plain HTTP. These tests pin what the other loader tests rely on: paging through
odata.nextLink, faults that fail exactly as configured, a catalog, a server that
ignores $filter and $select, and recordings that carry the real keys and layouts
of CBS and RIVM (anchor keys per year, repeated herkomst stems, the break in the
income stems, provisional marks, GMSD half-years) with figures that match
EXPECTED, HERKOMST_EXPECTED, RIVM_EXPECTED and GMSD_EXPECTED and add up.
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
GMSD_TITLE = re.compile(r"^Gebruik voorzieningen sociaal domein; aantal voorzieningen,? wijken, (\d{4})$")
GMSD_IDS = {**rec.GMSD_TABLES, **rec.GMSD_CATALOG_ONLY}
VOORLOPIG = re.compile(r"\bvoorlopig", re.IGNORECASE)
REGION_STRINGS = ("Gemeentenaam", "SoortRegio", "Codering")
KWB_CODES = ("NL00", *rec.SOEST_REGIONS, *rec.OTHER_GEMEENTE_REGIONS)

# The real keys of the recorded KWB topics, per year (statline-real-layouts.md).
KWB_ANCHORS = {
    2022: {
        "Gemeentenaam_1", "SoortRegio_2", "Codering_3", "IndelingswijzigingGemeenteWijkBuurt_4", "AantalInwoners_5",
        "Mannen_6", "Vrouwen_7", "k_0Tot15Jaar_8", "k_15Tot25Jaar_9", "k_25Tot45Jaar_10", "k_45Tot65Jaar_11",
        "k_65JaarOfOuder_12", "WestersTotaal_17", "NietWestersTotaal_18", "HuishoudensTotaal_28",
        "HuishoudensMetKinderen_31", "Woningvoorraad_34", "HuishoudensMetEenLaagInkomen_78",
        "HuishOnderOfRondSociaalMinimum_79", "HuishoudensTot120VanSociaalMinimum_81",
        "PersonenPerSoortUitkeringBijstand_83", "PercentageJongerenMetJeugdzorg_88", "WmoClientenRelatief_90",
        "ScholenBinnen3Km_110",
    },
    2023: {
        "Gemeentenaam_1", "SoortRegio_2", "Codering_3", "IndelingswijzigingGemeenteWijkBuurt_4", "AantalInwoners_5",
        "Mannen_6", "Vrouwen_7", "k_0Tot15Jaar_8", "k_15Tot25Jaar_9", "k_25Tot45Jaar_10", "k_45Tot65Jaar_11",
        "k_65JaarOfOuder_12", "WestersTotaal_17", "NietWestersTotaal_18", "HuishoudensTotaal_29",
        "HuishoudensMetKinderen_32", "Woningvoorraad_35", "HuishoudensMetEenLaagInkomen_87",
        "HuishOnderOfRondSociaalMinimum_88", "HuishoudensTot120VanSociaalMinimum_90",
        "PersonenPerSoortUitkeringBijstand_92", "PercentageJongerenMetJeugdzorg_97", "WmoClientenRelatief_99",
        "ScholenBinnen3Km_119",
    },
}
KWB_ANCHORS[2024] = KWB_ANCHORS[2026] = {
    "Gemeentenaam_1", "SoortRegio_2", "Codering_3", "IndelingswijzigingGemeenteWijkBuurt_4", "AantalInwoners_5",
    "Mannen_6", "Vrouwen_7", "k_0Tot15Jaar_8", "k_15Tot25Jaar_9", "k_25Tot45Jaar_10", "k_45Tot65Jaar_11",
    "k_65JaarOfOuder_12", "Nederland_17", "EuropaExclusiefNederland_18", "BuitenEuropa_19", "Nederland_20",
    "EuropaExclusiefNederland_21", "BuitenEuropa_22", "EuropaExclusiefNederland_23", "BuitenEuropa_24",
    "HuishoudensTotaal_29", "HuishoudensMetKinderen_32", "Woningvoorraad_35", "PersonenInArmoede_81",
    "PersonenTot25BovenArmoedegrens_82", "PersonenPerSoortUitkeringBijstand_87", "PercentageJongerenMetJeugdzorg_92",
    "WmoClientenRelatief_94", "ScholenBinnen3Km_114",
}
HERKOMST_GROUPS = {
    "Herkomstland": ["Nederland_17", "EuropaExclusiefNederland_18", "BuitenEuropa_19"],
    "Geboren in Nederland": ["Nederland_20", "EuropaExclusiefNederland_21", "BuitenEuropa_22"],
    "Geboren buiten Nederland": ["EuropaExclusiefNederland_23", "BuitenEuropa_24"],
}
NOT_YET_PUBLISHED_2026 = ("PersonenInArmoede", "PersonenTot25BovenArmoedegrens", "PersonenPerSoortUitkeringBijstand",
                          "PercentageJongerenMetJeugdzorg", "WmoClientenRelatief")


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
    """(stem, unpadded region code) -> value for every topic of a KWB TypedDataSet whose stem occurs once."""
    stems = [rec.stem_of(p["Key"]) for p in files["DataProperties"] if p["Type"] == "Topic"]
    keys = {stem: key for stem, key in rec.topic_keys(files).items() if stems.count(stem) == 1}
    return {
        (stem, row["WijkenEnBuurten"].strip()): row[key]
        for row in files["TypedDataSet"]
        for stem, key in keys.items()
    }


def _herkomst_cells(files: dict) -> dict:
    """(group title, stem, unpadded region code) -> count of every herkomst topic."""
    keys = {where: key for where, key in rec.topic_keys_by_group(files).items() if where[0] in HERKOMST_GROUPS}
    return {
        (group, stem, row["WijkenEnBuurten"].strip()): row[key]
        for row in files["TypedDataSet"]
        for (group, stem), key in keys.items()
    }


def _properties(files: dict) -> dict[str, dict]:
    return {p["Key"]: p for p in files["DataProperties"]}


def _assert_untyped_matches_typed(files: dict, width: int = 10) -> None:
    numeric = [p["Key"] for p in files["DataProperties"] if p.get("Datatype") in ("Long", "Double")]
    assert numeric
    for typed_row, untyped_row in zip(files["TypedDataSet"], files["UntypedDataSet"], strict=True):
        assert {k: v for k, v in typed_row.items() if k not in numeric} == {
            k: v for k, v in untyped_row.items() if k not in numeric}
        for key in numeric:
            text = untyped_row[key]
            assert len(text) == width
            assert (None if text.strip() == "." else float(text)) == typed_row[key]


# --- The server ------------------------------------------------------------------------


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
    assert len(files["TypedDataSet"]) == 13 and len(files["WijkenEnBuurten"]) == 13
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
    assert untyped[1]["WijkenEnBuurten"] == "GM0342    "
    assert untyped[1]["AantalInwoners_5"] == "     47345"
    assert untyped[1]["NietWestersTotaal_18"] == "         7"
    assert untyped[1]["HuishoudensMetEenLaagInkomen_87"] == "         ."
    assert untyped[1]["WmoClientenRelatief_99"] == "      71.2"


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
    assert "HuishoudensTotaal_29" in data["TypedDataSet"][0]
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


# --- Catalog and serve_all -------------------------------------------------------------


def test_catalog_lists_the_year_tables_among_noise(statline_server, cbs):
    rec.serve_all(statline_server)

    tables = cbs.get_table_list(catalog_url=statline_server.catalog_url)

    assert tables == rec.CATALOG_TABLES
    kwb = {int(m.group(1)): t["Identifier"] for t in tables if (m := KWB_TITLE.match(t["Title"]))}
    assert kwb == rec.KWB_TABLES
    gmsd = {int(m.group(1)): t["Identifier"] for t in tables if (m := GMSD_TITLE.match(t["Title"]))}
    # 2021 is listed but not served; 2025 is served but only the catalog knows it.
    assert gmsd == {2021: "86195NED", **GMSD_IDS}
    assert 2025 not in rec.GMSD_TABLES and set(rec.GMSD_TABLES) < set(gmsd)
    # Noise sharing words with the year tables.
    titles = [t["Title"] for t in tables]
    assert "Gebruik voorzieningen sociaal domein; persoonskenmerken" in titles
    assert "Kerncijfers wijken en buurten 2024 (gewijzigd)" in titles
    assert sum(title.startswith("Gebruik voorzieningen sociaal domein") for title in titles) == 6
    assert len({t["Identifier"] for t in tables}) == len(tables)
    assert [t["ID"] for t in tables] == list(range(len(tables)))


ALL_RECORDINGS = {
    **{f"KWB {year}": (lambda year=year: rec.kwb_files(year)) for year in rec.KWB_TABLES},
    "RIVM": rec.rivm_files,
    **{f"GMSD {year}": (lambda year=year: rec.gmsd_files(year)) for year in GMSD_IDS},
}


@pytest.mark.parametrize("name", list(ALL_RECORDINGS))
def test_every_dimension_has_a_code_list_covering_a_full_cube(name):
    files = ALL_RECORDINGS[name]()
    dimensions = [p["Key"] for p in files["DataProperties"] if p["Type"].endswith("Dimension")]

    cells = 1
    for dimension in dimensions:
        keys = [row["Key"] for row in files[dimension]]
        assert len(set(keys)) == len(keys) and {row[dimension] for row in files["TypedDataSet"]} == set(keys)
        cells *= len(keys)
    assert len(files["TypedDataSet"]) == cells == files["TableInfos"][0]["RecordCount"]
    assert [row["ID"] for row in files["TypedDataSet"]] == list(range(cells))
    assert "UntypedDataSet" in files  # cbsodata 1.3.5 fails on a table root without it


def test_get_data_replaces_gmsd_codes_by_their_titles(statline_server, cbs):
    rec.serve_all(statline_server)

    rows = cbs.get_data(rec.GMSD_TABLES[2024], catalog_url=statline_server.catalog_url)

    first_half = [row for row in rows if row["Perioden"] == "1e halfjaar 2024*" and row["Wijken"] == "Soest"
                  and row["AantalVoorzieningen"] == "Totaal" and row["SoortVoorzieningSociaalDomein"] == "Totaal"]
    assert [row["ClientenMetVoorzieningen_5"] for row in first_half] == [
        rec.GMSD_EXPECTED[("ClientenMetVoorzieningen", "GM0342", "2024HJ01", "Totaal")]]


def test_serve_all_serves_every_recording_and_no_unserved_catalog_year(statline_server, cbs):
    rec.serve_all(statline_server)
    served = [*rec.KWB_TABLES.values(), rec.RIVM_TABLE, *GMSD_IDS.values()]

    for table_id in served:
        assert cbs.get_info(table_id, catalog_url=statline_server.catalog_url)["Identifier"] == table_id
    with pytest.raises(requests.HTTPError, match="404"):
        cbs.get_info("86195NED", catalog_url=statline_server.catalog_url)


# --- KWB -------------------------------------------------------------------------------


def test_kwb_figures_match_expected(statline_server, cbs):
    rec.serve_all(statline_server)
    cells, herkomst, keys = {}, {}, {}
    for year, table_id in rec.KWB_TABLES.items():
        data = cbs.download_data(table_id, catalog_url=statline_server.catalog_url)
        assert data["TableInfos"][0]["Period"] == str(year)
        cells.update({(stem, code, year): value for (stem, code), value in _cells(data).items()})
        herkomst.update({(*where, year): value for where, value in _herkomst_cells(data).items()})
        keys[year] = {rec.stem_of(p["Key"]) for p in data["DataProperties"] if p["Type"] == "Topic"}

    assert {key: cells[key] for key in rec.EXPECTED} == rec.EXPECTED
    assert {key: herkomst[key] for key in rec.HERKOMST_EXPECTED} == rec.HERKOMST_EXPECTED
    assert set(rec.ABSENT_STEMS) == set(rec.KWB_TABLES)
    for year, absent in rec.ABSENT_STEMS.items():
        assert absent and not absent & keys[year]
        assert absent <= set().union(*keys.values())  # absent here, present in another year
    for code in KWB_CODES:  # income was not yet published in the 2023 table
        for stem in rec.ABSENT_STEMS[2024] - {"WestersTotaal", "NietWestersTotaal"}:
            assert cells[(stem, code, 2023)] is None


@pytest.mark.parametrize("year", sorted(rec.KWB_TABLES))
def test_kwb_keys_are_the_real_anchors_of_each_year(year):
    files = rec.kwb_files(year)
    properties = files["DataProperties"]
    topic_keys = [p["Key"] for p in properties if p["Type"] == "Topic"]

    assert set(topic_keys) == KWB_ANCHORS[year] and len(topic_keys) == len(KWB_ANCHORS[year])
    numbers = [int(key.rsplit("_", 1)[1]) for key in topic_keys]
    assert numbers == sorted(numbers) and numbers[:5] == [1, 2, 3, 4, 5]  # column order; gaps for unrecorded topics
    assert all(p["Position"] == int(p["Key"].rsplit("_", 1)[1]) for p in properties if p["Type"] == "Topic")
    assert [p["ID"] for p in properties] == list(range(len(properties)))
    assert properties[0]["Key"] == "WijkenEnBuurten" and properties[0]["Type"] == "GeoDimension"
    assert set(files["TypedDataSet"][0]) == {"ID", "WijkenEnBuurten", *topic_keys}


def test_kwb_keys_shift_between_years_on_the_same_stems():
    keys = {year: rec.topic_keys(rec.kwb_files(year)) for year in rec.KWB_TABLES}

    assert {keys[year]["AantalInwoners"] for year in keys} == {"AantalInwoners_5"}
    assert [keys[year]["HuishoudensTotaal"] for year in (2022, 2023, 2024)] == [
        "HuishoudensTotaal_28", "HuishoudensTotaal_29", "HuishoudensTotaal_29"]
    assert [keys[year]["PersonenPerSoortUitkeringBijstand"] for year in (2022, 2023, 2024)] == [
        "PersonenPerSoortUitkeringBijstand_83", "PersonenPerSoortUitkeringBijstand_92",
        "PersonenPerSoortUitkeringBijstand_87"]
    assert keys[2023]["HuishoudensMetEenLaagInkomen"] == "HuishoudensMetEenLaagInkomen_87"
    assert keys[2024]["PersonenInArmoede"] == "PersonenInArmoede_81"
    assert keys[2026] == keys[2024]  # the 2026 first release has the 2024 layout


def test_kwb_migratieachtergrond_is_a_percentage_in_2022_and_2023():
    for year in (2022, 2023):
        files = rec.kwb_files(year)
        props = _properties(files)
        for key in ("WestersTotaal_17", "NietWestersTotaal_18"):
            assert (props[key]["Unit"], props[key]["Datatype"], props[key]["Decimals"]) == ("%", "Long", 0)
        group = {p["ID"]: p for p in files["DataProperties"]}[props["WestersTotaal_17"]["ParentID"]]
        assert group["Title"] == "Personen met een migratieachtergrond"
        cells = _cells(files)
        for code in KWB_CODES:
            assert all(isinstance(cells[(stem, code)], int) and 0 <= cells[(stem, code)] <= 100
                       for stem in ("WestersTotaal", "NietWestersTotaal"))


@pytest.mark.parametrize("year", [2024, 2026])
def test_kwb_herkomst_repeats_its_stems_under_three_groups(year):
    files = rec.kwb_files(year)
    by_id = {p["ID"]: p for p in files["DataProperties"]}
    grouped = rec.topic_keys_by_group(files)

    for group_title, keys in HERKOMST_GROUPS.items():
        assert [grouped[(group_title, rec.stem_of(key))] for key in keys] == keys
        group = by_id[_properties(files)[keys[0]]["ParentID"]]
        assert group["Type"] == "TopicGroup" and group["Title"] == group_title
        assert by_id[group["ParentID"]]["Title"] == "Herkomst"
        assert by_id[by_id[group["ParentID"]]["ParentID"]]["Title"] == "Bevolking"
        assert all(_properties(files)[key]["Unit"] == "aantal" for key in keys)
    # topic_keys gives the first occurrence of a repeated stem.
    first = rec.topic_keys(files)
    assert (first["Nederland"], first["EuropaExclusiefNederland"], first["BuitenEuropa"]) == (
        "Nederland_17", "EuropaExclusiefNederland_18", "BuitenEuropa_19")

    herkomst, cells = _herkomst_cells(files), _cells(files)
    for code in KWB_CODES:
        h = lambda group, stem: herkomst[(group, stem, code)]  # noqa: E731
        assert sum(h("Herkomstland", stem) for stem in ("Nederland", "EuropaExclusiefNederland", "BuitenEuropa")) \
            == cells[("AantalInwoners", code)]
        assert h("Geboren in Nederland", "Nederland") == h("Herkomstland", "Nederland")
        for stem in ("EuropaExclusiefNederland", "BuitenEuropa"):
            assert h("Geboren in Nederland", stem) + h("Geboren buiten Nederland", stem) == h("Herkomstland", stem)
    for group, stem in {(group, rec.stem_of(key)) for group, keys in HERKOMST_GROUPS.items() for key in keys}:
        h = lambda code: herkomst[(group, stem, code)]  # noqa: E731
        assert h("BU03420101") + h("BU03420102") == h("WK034201")
        assert h("BU03420201") + h("BU03420202") + h("BU03420203") == h("WK034202")
        assert h("WK034201") + h("WK034202") == h("GM0342")
        assert all(h(code) % 5 == 0 for code in KWB_CODES if code.startswith(("WK", "BU")))
    assert herkomst[("Geboren in Nederland", "BuitenEuropa", "BU03420203")] == 0  # a published 0


def test_kwb_income_stems_break_in_2024():
    keys = {year: set(rec.topic_keys(rec.kwb_files(year))) for year in rec.KWB_TABLES}
    old = {"HuishoudensMetEenLaagInkomen", "HuishOnderOfRondSociaalMinimum", "HuishoudensTot120VanSociaalMinimum"}
    new = {"PersonenInArmoede", "PersonenTot25BovenArmoedegrens"}

    for year in (2022, 2023):
        assert old <= keys[year] and not new & keys[year]
    for year in (2024, 2026):
        assert new <= keys[year] and not old & keys[year]
        assert old <= rec.ABSENT_STEMS[year]
    props = _properties(rec.kwb_files(2024))
    for key in ("PersonenInArmoede_81", "PersonenTot25BovenArmoedegrens_82"):
        assert (props[key]["Unit"], props[key]["Datatype"], props[key]["Decimals"]) == ("%", "Double", 1)
    assert "personen" in props["PersonenInArmoede_81"]["Description"].lower()
    assert "huishoudens met een inkomen onder de lage-inkomensgrens" in \
        _properties(rec.kwb_files(2022))["HuishoudensMetEenLaagInkomen_78"]["Description"].lower()


@pytest.mark.parametrize("year", sorted(rec.KWB_TABLES))
def test_kwb_provisional_figures_are_marked_per_topic(year):
    files = rec.kwb_files(year)
    info = files["TableInfos"][0]
    assert (info["Status"], info["OutputStatus"]) == ("Regulier", "Regulier")
    marked = {p["Key"]: p for p in files["DataProperties"] if rec.PROVISIONAL_MARK in (p.get("Description") or "")}

    assert {rec.stem_of(key) for key, p in marked.items() if p["Type"] == "Topic"} == rec.KWB_PROVISIONAL[year]
    groups = {p["Key"] for p in marked.values() if p["Type"] == "TopicGroup"}
    assert groups == ({"Inkomen"} if rec.KWB_PROVISIONAL[year] else set())
    assert all(p["Description"].startswith(rec.PROVISIONAL_MARK) for p in marked.values())
    # No other explanation mentions 'voorlopig' (a reader may match the word anywhere).
    assert {p["Key"] for p in files["DataProperties"] if VOORLOPIG.search(p.get("Description") or "")} == set(marked)

    cells = _cells(files)
    if year == 2024:  # provisional income carries values
        assert all(cells[(stem, code)] is not None for stem in rec.KWB_PROVISIONAL[2024]
                   for code in ("NL00", "GM0342", "WK034201", "WK034202", "GM0344"))
    if year == 2026:  # first release: income, bijstand, jeugdzorg and Wmo not yet published, the rest is
        for (stem, code), value in cells.items():
            assert (value is None) == (stem in NOT_YET_PUBLISHED_2026), (stem, code)
        herkomst = _herkomst_cells(files)
        assert herkomst and all(value is not None for value in herkomst.values())


def test_kwb_jeugdzorg_counts_young_people_up_to_23():
    for year in rec.KWB_TABLES:
        key = rec.topic_keys(rec.kwb_files(year))["PercentageJongerenMetJeugdzorg"]
        assert "tot 23 jaar" in _properties(rec.kwb_files(year))[key]["Description"]


def test_kwb_bijstand_is_rounded_to_tens_with_a_published_zero():
    for year in (2022, 2023, 2024):
        cells = _cells(rec.kwb_files(year))
        for code in KWB_CODES:
            if code.startswith(("WK", "BU")):
                assert cells[("PersonenPerSoortUitkeringBijstand", code)] % 10 == 0
        assert cells[("PersonenPerSoortUitkeringBijstand", "BU03420203")] == 0
        assert cells[("PercentageJongerenMetJeugdzorg", "BU03420203")] is None  # suppressed, not 0
    assert "tientallen" in _properties(rec.kwb_files(2024))["PersonenPerSoortUitkeringBijstand_87"]["Description"]


@pytest.mark.parametrize("year", sorted(rec.KWB_TABLES))
def test_kwb_recording_is_consistent(year):
    files = rec.kwb_files(year)
    cells = _cells(files)
    count = lambda stem, code: cells[(stem, code)]  # noqa: E731
    ages = ("k_0Tot15Jaar", "k_15Tot25Jaar", "k_25Tot45Jaar", "k_45Tot65Jaar", "k_65JaarOfOuder")
    for code in KWB_CODES:
        population = count("AantalInwoners", code)
        assert sum(count(age, code) for age in ages) == population
        assert count("Mannen", code) + count("Vrouwen", code) == population
    stems = ["AantalInwoners", "Mannen", "Vrouwen", "HuishoudensTotaal", "HuishoudensMetKinderen", "Woningvoorraad",
             *ages]
    if year != 2026:
        stems.append("PersonenPerSoortUitkeringBijstand")
    for stem in stems:
        assert count(stem, "BU03420101") + count(stem, "BU03420102") == count(stem, "WK034201")
        assert count(stem, "BU03420201") + count(stem, "BU03420202") + count(stem, "BU03420203") == count(
            stem, "WK034202")
        assert count(stem, "WK034201") + count(stem, "WK034202") == count(stem, "GM0342")
        assert count(stem, "BU03440101") + count(stem, "BU03440102") == count(stem, "WK034401")
        assert all(count(stem, code) % 5 == 0 for code in KWB_CODES if code.startswith(("WK", "BU")))

    _assert_untyped_matches_typed(files)
    for row in files["TypedDataSet"]:
        assert len(row["WijkenEnBuurten"]) == 10 and len(row["Gemeentenaam_1"]) == 40
        assert len(row["SoortRegio_2"]) == 10 and row["Codering_3"] == row["WijkenEnBuurten"]
    assert [row["Key"] for row in files["WijkenEnBuurten"]] == [row["WijkenEnBuurten"] for row in files["TypedDataSet"]]
    assert [row["WijkenEnBuurten"].strip() for row in files["TypedDataSet"]] == [
        "NL00", *rec.SOEST_REGIONS, *rec.OTHER_GEMEENTE_REGIONS]
    assert "Hart van Soest   " in [row["Title"] for row in files["WijkenEnBuurten"]]


def test_kwb_unknown_year_is_refused():
    with pytest.raises(ValueError, match="no KWB recording for 2025"):
        rec.kwb_files(2025)


# --- RIVM ------------------------------------------------------------------------------


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
            if stem not in REGION_STRINGS:
                cells.setdefault((stem, *where), [None, None, None])[bounds[row["Marges"]]] = row[key]

    assert {key: tuple(cells[key]) for key in rec.RIVM_EXPECTED} == rec.RIVM_EXPECTED
    for (stem, code, year, age), (value, low, high) in cells.items():
        suppressed = (code == "BU03420101" and age == rec.ELDERLY) or (
            stem == "HeelVeelStressAfg4Weken" and year in (2012, 2016)) or (
            stem == "LageVeerkracht" and year < 2022)
        if suppressed:
            assert (value, low, high) == (None, None, None)
        else:
            assert low <= value <= high
    assert {row["Key"] for row in data["WijkenEnBuurten"]} >= {"NL01        ", "GM0342      "}
    assert all(len(row["WijkenEnBuurten"]) == 12 for row in rows)
    assert [p["Key"] for p in data["DataProperties"][:4]] == ["Marges", "Leeftijd", "WijkenEnBuurten", "Perioden"]
    assert {row["Key"] for row in data["Leeftijd"]} == {"20300", "53115", "80200"}
    assert [row["Key"] for row in data["Marges"]] == ["MW00000", "MOG0095", "MBG0095"]
    assert [row["Key"] for row in data["Perioden"]] == [f"{year}JJ00" for year in rec.RIVM_PERIODS]


def test_rivm_uses_the_real_50150ned_keys_not_the_old_names():
    files = rec.rivm_files()
    topics = [p["Key"] for p in files["DataProperties"] if p["Type"] == "Topic"]

    assert topics == [
        "Gemeentenaam_1", "SoortRegio_2", "Codering_3", "GoedErvarenGezondheid_4", "EenOfMeerLangdurigeAandoeningen_5",
        "HoogRisicoAngststoornisOfDepressie_14", "HeelVeelStressAfg4Weken_17", "LageVeerkracht_22",
        "MatigVeelRegieOverHetEigenLeven_24", "Eenzaam_25", "SterkEenzaam_26", "Mantelzorger_30",
        "Vrijwilligerswerk_31", "MoeiteMetRondkomen_32", "Overgewicht_33", "RooktTabak_35",
        "VoldoetAanDeBeweegrichtlijn_40", "TevredenMetDeWoning_56",
    ]
    old = {"ErvarenGezondheidGoedZeerGoed", "HoogRisicoOpAngstOfDepressie", "ErnstigZeerErnstigEenzaam", "Roker",
           "VoldoetAanBeweegrichtlijn", "HeelVeelStressInAfgelopen4Weken"}
    assert not old & {rec.stem_of(key) for key in topics}
    assert not old & {stem for stem, *_ in rec.RIVM_EXPECTED}
    assert all(p["Unit"] == "%" and p["Decimals"] == 1 for p in files["DataProperties"]
               if p["Type"] == "Topic" and rec.stem_of(p["Key"]) not in REGION_STRINGS)
    _assert_untyped_matches_typed(files)


# --- GMSD ------------------------------------------------------------------------------


def _gmsd_cells(files: dict) -> dict:
    """(aantal title, stem, unpadded region code, period key, soort title) -> value."""
    aantal = {row["Key"]: row["Title"] for row in files["AantalVoorzieningen"]}
    soort = {row["Key"]: row["Title"] for row in files["SoortVoorzieningSociaalDomein"]}
    keys = {stem: key for stem, key in rec.topic_keys(files).items() if stem.endswith("MetVoorzieningen")}
    return {
        (aantal[row["AantalVoorzieningen"]], stem, row["Wijken"].strip(), row["Perioden"],
         soort[row["SoortVoorzieningSociaalDomein"]]): row[key]
        for row in files["TypedDataSet"]
        for stem, key in keys.items()
    }


def test_gmsd_figures_match_expected(statline_server, cbs):
    statline_server.page_size = 100
    rec.serve_all(statline_server)
    cells = {}
    for year, table_id in GMSD_IDS.items():
        data = cbs.download_data(table_id, catalog_url=statline_server.catalog_url)
        assert len(data["TypedDataSet"]) == 2 * 8 * 6 * 3
        cells.update(_gmsd_cells(data))

    totaal = {key[1:]: value for key, value in cells.items() if key[0] == "Totaal"}
    one = {key[1:]: value for key, value in cells.items() if key[0] == "1 maatwerkvoorziening"}
    assert {key: totaal[key] for key in rec.GMSD_EXPECTED} == rec.GMSD_EXPECTED
    assert {key: one[key] for key in rec.GMSD_EXPECTED_ONE} == rec.GMSD_EXPECTED_ONE


@pytest.mark.parametrize("year", sorted(GMSD_IDS))
def test_gmsd_layout_dimensions_and_topics(year):
    files = rec.gmsd_files(year)
    props = files["DataProperties"]

    assert [(p["Key"], p["Type"]) for p in props[:4]] == [
        ("AantalVoorzieningen", "Dimension"), ("SoortVoorzieningSociaalDomein", "Dimension"),
        ("Wijken", "GeoDimension"), ("Perioden", "TimeDimension")]
    assert not any(p["Key"] == "WijkenEnBuurten" for p in props)
    topics = {p["Key"]: p for p in props if p["Type"] == "Topic"}
    assert list(topics) == ["Gemeentenaam_1", "SoortRegio_2", "Codering_3", "IndelingswijzeWijken_4",
                            "ClientenMetVoorzieningen_5", "HuishoudensMetVoorzieningen_6"]
    assert topics["IndelingswijzeWijken_4"]["Datatype"] == "String"
    by_id = {p["ID"]: p for p in props}
    for key in ("ClientenMetVoorzieningen_5", "HuishoudensMetVoorzieningen_6"):
        assert (topics[key]["Datatype"], topics[key]["Unit"]) == ("Long", "aantal")
        assert by_id[topics[key]["ParentID"]]["Title"] == "Sociaal domein cliënten/huishoudens"
    assert [(row["Key"], row["Title"]) for row in files["AantalVoorzieningen"]] == list(rec.GMSD_AANTAL)
    assert [(row["Key"], row["Title"]) for row in files["SoortVoorzieningSociaalDomein"]] == [
        ("T001287", "Totaal"), ("A041708", "Alleen Jeugd"), ("A041709", "Alleen P-wet"), ("A041710", "Alleen Wmo"),
        ("A041711", "Jeugd en P-wet"), ("A041712", "Jeugd en Wmo"), ("A041713", "P-wet en Wmo"),
        ("A041714", "Jeugd, P-wet en Wmo")]
    assert [row["Key"].strip() for row in files["Wijken"]] == list(rec.GMSD_REGIONS)
    assert all(len(row["Key"]) == 8 for row in files["Wijken"])
    assert "Binnenstad  " in [row["Title"] for row in files["Wijken"]]
    assert not any(row["Key"].startswith("BU") for row in files["Wijken"])
    assert not any(VOORLOPIG.search(p.get("Description") or "") for p in props)  # status per period, not per topic
    info = files["TableInfos"][0]
    assert info["Identifier"] == GMSD_IDS[year] and GMSD_TITLE.match(info["Title"]).group(1) == str(year)
    assert (", wijken, " in info["Title"]) == (year != 2023)  # CBS wrote "aantal voorzieningen wijken, 2023"
    _assert_untyped_matches_typed(files)


def test_gmsd_half_years_and_provisional_periods():
    expected = {
        2023: [("2023JJ00", "2023", "Definitief"), ("2023HJ01", "1e halfjaar 2023", "Definitief"),
               ("2023HJ02", "2e halfjaar 2023", "Definitief")],
        2024: [("2024JJ00", "2024*", "Voorlopig"), ("2024HJ01", "1e halfjaar 2024*", "Nader voorlopig"),
               ("2024HJ02", "2e halfjaar 2024*", "Voorlopig")],
        2025: [("2025JJ00", "2025*", "Voorlopig"), ("2025HJ01", "1e halfjaar 2025*", "Nader voorlopig"),
               ("2025HJ02", "2e halfjaar 2025*", "Voorlopig")],
    }
    for year in GMSD_IDS:
        files = rec.gmsd_files(year)
        periods = [(row["Key"], row["Title"], row["Status"]) for row in files["Perioden"]]
        assert periods == expected[year] == list(rec.GMSD_PERIODS[year])
        assert {row["Perioden"] for row in files["TypedDataSet"]} == {key for key, _title, _status in periods}
        assert all(set(row) >= {"Key", "Title", "Description", "Status"} for row in files["Perioden"])
        assert files["TableInfos"][0]["Status"] == "Regulier"


@pytest.mark.parametrize("year", sorted(GMSD_IDS))
def test_gmsd_recording_is_consistent(year):
    files = rec.gmsd_files(year)
    cells = _gmsd_cells(files)
    soorten = [title for _key, title in rec.GMSD_SOORTEN]
    periods = [key for key, _title, _status in rec.GMSD_PERIODS[year]]
    combinations = soorten[1:]

    assert all(value is None or value % 5 == 0 for value in cells.values())
    nulls = {key for key, value in cells.items() if value is None}
    assert nulls and all(key[2].startswith("WK") for key in nulls)  # suppression only in wijken
    assert all(key[4] != "Totaal" for key in nulls)
    zeros = [key for key, value in cells.items()
             if value == 0 and key[0] == "Totaal" and key[2].startswith("WK") and key[4] in combinations]
    assert zeros  # a published 0 for a combination in a wijk
    for aantal in ("Totaal", "1 maatwerkvoorziening"):
        for stem in ("ClientenMetVoorzieningen", "HuishoudensMetVoorzieningen"):
            for period in periods:
                for code in rec.GMSD_REGIONS:
                    parts = [cells[(aantal, stem, code, period, soort)] for soort in combinations]
                    if None not in parts:
                        assert sum(parts) == cells[(aantal, stem, code, period, "Totaal")]
                for soort in soorten:
                    wijken = [cells[(aantal, stem, code, period, soort)] for code in ("WK034201", "WK034202")]
                    if None not in wijken:
                        assert sum(wijken) == cells[(aantal, stem, "GM0342", period, soort)]
    for key, value in cells.items():
        aantal, stem, code, period, soort = key
        if value is None:
            continue
        if stem == "HuishoudensMetVoorzieningen" and cells[(aantal, "ClientenMetVoorzieningen", *key[2:])] is not None:
            assert value <= cells[(aantal, "ClientenMetVoorzieningen", *key[2:])]
        if aantal == "1 maatwerkvoorziening":
            assert cells[("Totaal", *key[1:])] is None or value <= cells[("Totaal", *key[1:])]
            if soort in combinations[3:]:
                assert value == 0  # a combination means at least two voorzieningen
        if period.endswith(("HJ01", "HJ02")) and cells[(aantal, stem, code, f"{year}JJ00", soort)] is not None:
            assert value <= cells[(aantal, stem, code, f"{year}JJ00", soort)]
    for row in files["TypedDataSet"]:
        assert len(row["Wijken"]) == 8 and row["Codering_3"] == row["Wijken"]
        assert row["IndelingswijzeWijken_4"] == ("1" if row["SoortRegio_2"].strip() == "Wijk" else None)


def test_gmsd_unknown_year_is_refused():
    with pytest.raises(ValueError, match="no GMSD recording for 2021"):
        rec.gmsd_files(2021)

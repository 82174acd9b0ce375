-- The shapes of the wijken and buurten, per year, for the maps (issue 15).
--
-- From the CBS Wijk- en Buurtkaart as PDOK publishes it (OGC API Features, one API per year:
-- api.pdok.nl/cbs/wijken-en-buurten-<jaar>/ogc/v1, collections 'wijken' and 'buurten'), loaded by
-- `python -m pipelines geo`. A Wijk- en Buurtkaart <jaar> holds the indeling on 1 January of that year, the
-- indeling the figures of <jaar> are published for; boundaries change between years (indelingswijzigingen),
-- so every figure is drawn on the boundaries of its own year (app.kaart chooses, and says so when that year's
-- boundaries are not loaded).
--
-- geometry is a GeoJSON geometry object (Polygon or MultiPolygon) in WGS84 longitude/latitude (the API's
-- default CRS84), simplified for the screen (Douglas-Peucker, a few metres) and rounded to 5 decimals (about
-- 1 m): a map on a page needs neither the Kadaster's full precision nor its bytes. The raw snapshot in data/raw
-- keeps the published shapes. Rows are replaced per loaded edition (load_log: source and table_id
-- 'wijken-en-buurten-<jaar>'), like every other input.

CREATE TABLE region_boundary (
    region_code   VARCHAR NOT NULL,  -- WKnnnnnn / BUnnnnnnnn, as in region and observation
    year          INTEGER NOT NULL,  -- the edition of the Wijk- en Buurtkaart (indeling on 1 January)
    level         VARCHAR NOT NULL CHECK (level IN ('wijk', 'buurt')),
    name          VARCHAR NOT NULL,  -- wijknaam / buurtnaam as that edition names it
    parent_code   VARCHAR NOT NULL,  -- a wijk's gemeente, a buurt's wijk
    gemeente_code VARCHAR NOT NULL,
    water         BOOLEAN NOT NULL,  -- water = 'JA': a region that is (almost) only water, never coloured by a figure
    -- indelingswijziging_wijken_en_buurten as published (an integer code; 1 is used for 'ongewijzigd'), NULL when
    -- absent. Kept for analysts, not interpreted: a change between two loaded editions is seen in the shapes.
    indelingswijziging INTEGER,
    geometry      VARCHAR NOT NULL,  -- GeoJSON geometry, lon/lat, simplified
    load_id       INTEGER NOT NULL,
    PRIMARY KEY (region_code, year)
);

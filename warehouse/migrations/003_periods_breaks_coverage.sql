-- Half-year periods, recorded series breaks, rounded counts, and what every load covered.
--
-- observation gains `period` ('jaar', '1e halfjaar', '2e halfjaar'; part of the key, so a year figure and a
-- half-year figure of the same year sit side by side and are never mixed), `rounded_to` (the source rounded
-- the count behind the figure to this multiple, e.g. 10 for uitkeringen per wijk: a 0 then means "fewer than
-- 5", not none) and the status 'reeksbreuk' (a year after the series ended because the source measures it
-- differently: a recorded break, value NULL). DuckDB cannot change a CHECK or primary key in place, so the
-- table is rebuilt with every row kept.

CREATE TABLE observation_v3 (
    indicator_code VARCHAR NOT NULL,
    region_code    VARCHAR NOT NULL,
    year           INTEGER NOT NULL,
    period         VARCHAR NOT NULL DEFAULT 'jaar' CHECK (period IN ('jaar', '1e halfjaar', '2e halfjaar')),
    breakdown      VARCHAR NOT NULL DEFAULT 'totaal',
    value          DOUBLE,
    status         VARCHAR NOT NULL
                   CHECK (status IN ('definitief', 'voorlopig', 'geschat', 'ontbreekt', 'geheim', 'reeksbreuk')),
    ci_low         DOUBLE,
    ci_high        DOUBLE,
    rounded_to     INTEGER CHECK (rounded_to IS NULL OR rounded_to > 1),
    load_id        INTEGER NOT NULL,
    PRIMARY KEY (indicator_code, region_code, year, period, breakdown),
    CHECK ((value IS NULL) = (status IN ('ontbreekt', 'geheim', 'reeksbreuk')))
);
INSERT INTO observation_v3
SELECT indicator_code, region_code, year, 'jaar', breakdown, value, status, ci_low, ci_high, NULL, load_id
FROM observation;
DROP TABLE observation;
ALTER TABLE observation_v3 RENAME TO observation;

-- The catalogue records where a series begins or ends and why (the note is shown with the figures).
ALTER TABLE indicator ADD COLUMN series_first_year INTEGER;
ALTER TABLE indicator ADD COLUMN series_last_year INTEGER;
ALTER TABLE indicator ADD COLUMN series_note VARCHAR;
ALTER TABLE indicator ADD COLUMN predecessor_code VARCHAR;
ALTER TABLE indicator ADD COLUMN successor_code VARCHAR;

-- A goal no public source measures yet says which source it needs.
ALTER TABLE goal ADD COLUMN needs_source VARCHAR;

-- How a source is loaded, from the pipelines' source registry (shown on the Bronnen page).
ALTER TABLE source ADD COLUMN load_command VARCHAR;

-- Per load, per indicator × year (× period) × region level: what the table held (see README, "Dekking").
-- region_level NULL: the state holds for the whole table year (a variable that is not there, a break).
CREATE TABLE coverage (
    indicator_code        VARCHAR NOT NULL,
    year                  INTEGER,
    period                VARCHAR,
    region_level          VARCHAR CHECK (region_level IS NULL OR region_level IN ('land', 'gemeente', 'wijk', 'buurt')),
    state                 VARCHAR NOT NULL
                          CHECK (state IN ('geladen', 'geen_waarde', 'geen_variabele', 'onbruikbaar', 'reeksbreuk', 'voor_reeks')),
    regions_with_value    INTEGER NOT NULL DEFAULT 0,
    regions_without_value INTEGER NOT NULL DEFAULT 0,
    detail                VARCHAR,
    load_id               INTEGER NOT NULL
);

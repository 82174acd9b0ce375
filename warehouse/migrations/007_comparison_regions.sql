-- Comparison regions: the provincie beside Nederland, and the referentiegemeenten and vergelijkbare gemeenten
-- (comparison_region, migration 006) with their own gemeente-level figures.
--
-- region.level gains 'provincie' (CBS code PVnn, parent Nederland) and coverage.region_level gains it too (a table
-- that publishes no provincie figures says so per indicator and year). Other gemeenten are level 'gemeente' with
-- gemeente_code their own code; their wijken and buurten are never loaded. DuckDB cannot change a CHECK in place,
-- so both tables are rebuilt with every row kept, as migration 003 did for observation.

CREATE TABLE region_v7 (
    region_code   VARCHAR PRIMARY KEY,
    name          VARCHAR NOT NULL,
    level         VARCHAR NOT NULL CHECK (level IN ('land', 'provincie', 'gemeente', 'wijk', 'buurt')),
    parent_code   VARCHAR,
    gemeente_code VARCHAR,
    name_year     INTEGER  -- the year whose source supplied the name: the latest year wins
);
INSERT INTO region_v7 SELECT region_code, name, level, parent_code, gemeente_code, name_year FROM region;
DROP TABLE region;
ALTER TABLE region_v7 RENAME TO region;

CREATE TABLE coverage_v7 (
    indicator_code        VARCHAR NOT NULL,
    year                  INTEGER,
    period                VARCHAR,
    region_level          VARCHAR
                          CHECK (region_level IS NULL OR region_level IN ('land', 'provincie', 'gemeente', 'wijk', 'buurt')),
    state                 VARCHAR NOT NULL
                          CHECK (state IN ('geladen', 'geen_waarde', 'geen_variabele', 'onbruikbaar', 'reeksbreuk', 'voor_reeks')),
    regions_with_value    INTEGER NOT NULL DEFAULT 0,
    regions_without_value INTEGER NOT NULL DEFAULT 0,
    detail                VARCHAR,
    load_id               INTEGER NOT NULL
);
INSERT INTO coverage_v7
SELECT indicator_code, year, period, region_level, state, regions_with_value, regions_without_value, detail, load_id
FROM coverage;
DROP TABLE coverage;
ALTER TABLE coverage_v7 RENAME TO coverage;

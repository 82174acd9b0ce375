-- Monitor Sociaal Domein: the public warehouse schema (see README, "Het warehouse").
-- Analysts query these tables directly; change them only through a new migration.
-- No foreign keys: the config loader validates the references, and DuckDB
-- refuses to delete-and-reinsert referenced rows when the catalog is refreshed.

CREATE TABLE monitor_info (
    key   VARCHAR PRIMARY KEY,
    value VARCHAR NOT NULL
);

CREATE TABLE region (
    region_code   VARCHAR PRIMARY KEY,
    name          VARCHAR NOT NULL,
    level         VARCHAR NOT NULL CHECK (level IN ('land', 'gemeente', 'wijk', 'buurt')),
    parent_code   VARCHAR,
    gemeente_code VARCHAR,
    name_year     INTEGER  -- the year whose source supplied the name: the latest year wins
);

CREATE TABLE source (
    source_code VARCHAR PRIMARY KEY,
    title       VARCHAR NOT NULL,
    publisher   VARCHAR NOT NULL
);

CREATE TABLE opgave (
    opgave_code VARCHAR PRIMARY KEY,
    title       VARCHAR NOT NULL,
    ambition    VARCHAR NOT NULL,
    sort_order  INTEGER NOT NULL
);

CREATE TABLE goal (
    goal_code   VARCHAR PRIMARY KEY,
    opgave_code VARCHAR NOT NULL,
    text        VARCHAR NOT NULL,
    sort_order  INTEGER NOT NULL
);

CREATE TABLE indicator (
    indicator_code   VARCHAR PRIMARY KEY,
    title            VARCHAR NOT NULL,
    unit             VARCHAR NOT NULL,
    definition       VARCHAR NOT NULL,
    source           VARCHAR NOT NULL,
    opgave_code      VARCHAR,
    goal_code        VARCHAR,
    higher_is_better BOOLEAN,  -- NULL: no direction (context indicator)
    decimals         INTEGER NOT NULL,
    sort_order       INTEGER NOT NULL,
    source_variable  VARCHAR   -- how it is derived, e.g. 'k_65JaarOfOuder / AantalInwoners × 100'
);

CREATE TABLE load_log (
    load_id       INTEGER PRIMARY KEY,
    source        VARCHAR NOT NULL,
    location      VARCHAR NOT NULL,
    sha256        VARCHAR,
    started_at    TIMESTAMP NOT NULL,
    finished_at   TIMESTAMP,
    status        VARCHAR NOT NULL CHECK (status IN ('geladen', 'mislukt')),
    rows_loaded   INTEGER NOT NULL DEFAULT 0,
    rows_rejected INTEGER NOT NULL DEFAULT 0,
    message       VARCHAR,
    is_demo       BOOLEAN NOT NULL DEFAULT false,
    table_id      VARCHAR,
    year          INTEGER
);

-- One figure per indicator, region, year and breakdown. A figure the source does
-- not publish is a row with value NULL and status 'ontbreekt' or 'geheim': never 0.
CREATE TABLE observation (
    indicator_code VARCHAR NOT NULL,
    region_code    VARCHAR NOT NULL,
    year           INTEGER NOT NULL,
    breakdown      VARCHAR NOT NULL DEFAULT 'totaal',
    value          DOUBLE,
    status         VARCHAR NOT NULL CHECK (status IN ('definitief', 'voorlopig', 'geschat', 'ontbreekt', 'geheim')),
    ci_low         DOUBLE,
    ci_high        DOUBLE,
    load_id        INTEGER NOT NULL,
    PRIMARY KEY (indicator_code, region_code, year, breakdown),
    CHECK ((value IS NULL) = (status IN ('ontbreekt', 'geheim')))
);

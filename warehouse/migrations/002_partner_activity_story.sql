-- Partner workbooks: the activities with their reach (tellen) and the stories (vertellen).
-- Rows are replaced per workbook: load_log.table_id holds the workbook's file name.
-- source_row is the Excel row the line came from, so an analyst can find it back.

CREATE TABLE activity (
    opgave_code         VARCHAR NOT NULL,
    name                VARCHAR NOT NULL,
    partner             VARCHAR NOT NULL,
    region_code         VARCHAR NOT NULL,  -- the gemeente code when the activity is gemeente-wide
    year                INTEGER NOT NULL,
    participants        INTEGER,           -- NULL when below the privacy threshold (participants_status 'geheim')
    participants_status VARCHAR NOT NULL CHECK (participants_status IN ('definitief', 'geheim')),
    description         VARCHAR,
    load_id             INTEGER NOT NULL,
    source_row          INTEGER NOT NULL,
    CHECK ((participants IS NULL) = (participants_status = 'geheim'))
);

CREATE TABLE story (
    opgave_code VARCHAR,                   -- NULL only for a situatieschets, which is about a whole wijk
    region_code VARCHAR NOT NULL,
    year        INTEGER NOT NULL,
    title       VARCHAR NOT NULL,
    body        VARCHAR NOT NULL,
    kind        VARCHAR CHECK (kind IN ('evaluatie', 'inwonersstem', 'casus', 'situatieschets')),
    source      VARCHAR,
    load_id     INTEGER NOT NULL,
    source_row  INTEGER NOT NULL
);

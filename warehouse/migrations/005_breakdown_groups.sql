-- How an indicator's breakdown is built (config: breakdown = { distribution, classifications }): per
-- classification its groups and the subgroups within a group. A screen draws groups of one level together and
-- never adds a subgroup to its group; a distribution (the groups together are all inwoners) shows its groups,
-- never its total of 100% as if it were a rate.
CREATE TABLE breakdown_group (
    indicator_code       VARCHAR NOT NULL,
    classification       VARCHAR NOT NULL,
    classification_order INTEGER NOT NULL,
    breakdown            VARCHAR NOT NULL,
    parent               VARCHAR,  -- NULL: a group; else the group this subgroup belongs to
    sort_order           INTEGER NOT NULL,
    distribution         BOOLEAN NOT NULL,
    PRIMARY KEY (indicator_code, classification, breakdown)
);

-- The doelenboom of any depth, indicators that serve several goals, nulmeting and streefwaarde per indicator,
-- activities that name their goal, and the regions a gemeente compares itself with (config: [doelenboom],
-- goals = [{ code, text, goals = […] }], indicator goals/type/target, [vergelijking]).

-- The levels of the doelenboom, top first (e.g. resultaat, opgave, doel, subdoel). The pages are organised by the
-- level 'opgave'; the levels below it are goals, the levels above it are goal_node rows.
CREATE TABLE goal_level (
    level_order INTEGER PRIMARY KEY,
    name        VARCHAR NOT NULL
);

-- Nodes above the opgaven (e.g. a resultaat that several opgaven serve).
CREATE TABLE goal_node (
    node_code   VARCHAR PRIMARY KEY,
    level       VARCHAR NOT NULL,
    text        VARCHAR NOT NULL,
    parent_code VARCHAR,  -- NULL: on the top level
    sort_order  INTEGER NOT NULL
);
ALTER TABLE opgave ADD COLUMN parent_code VARCHAR;  -- the goal_node above it, if the tree has levels above opgave

-- Goal codes come from the config and do not depend on position; a goal may have subgoals.
ALTER TABLE goal ADD COLUMN parent_code VARCHAR;  -- NULL: directly under its opgave
ALTER TABLE goal ADD COLUMN level VARCHAR;        -- the name of its level ('doel', 'subdoel', …)
ALTER TABLE goal ADD COLUMN depth INTEGER;        -- 1: directly under its opgave
ALTER TABLE goal ADD COLUMN tree_order INTEGER;   -- position in its opgave's tree, depth first (sort_order: among siblings)

-- An effect may serve several goals, also of other opgaven. indicator.goal_code stays: the first of them.
CREATE TABLE indicator_goal (
    indicator_code VARCHAR NOT NULL,
    goal_code      VARCHAR NOT NULL,
    sort_order     INTEGER NOT NULL,
    PRIMARY KEY (indicator_code, goal_code)
);
-- 'effect' (a maatschappelijk effect), 'prestatie' (what the gemeente and partners deliver) or 'context'.
ALTER TABLE indicator ADD COLUMN kind VARCHAR;

-- Where the gemeente wants an indicator to be. baseline_value NULL: the nulmeting is the gemeente's own figure in
-- baseline_year, read from observation (so a corrected figure corrects the nulmeting too).
CREATE TABLE indicator_target (
    indicator_code  VARCHAR PRIMARY KEY,
    baseline_year   INTEGER NOT NULL,
    baseline_value  DOUBLE,
    baseline_source VARCHAR,
    target_value    DOUBLE NOT NULL,
    target_year     INTEGER NOT NULL,
    source          VARCHAR NOT NULL,  -- where the target was set, shown with it
    ambition        VARCHAR,           -- the ambitieniveau of this gemeente
    CHECK (target_year > baseline_year),
    CHECK ((baseline_value IS NULL) = (baseline_source IS NULL))
);

-- A partner activity may name the goal it serves (optional column 'Doel' in the partner workbook).
ALTER TABLE activity ADD COLUMN goal_code VARCHAR;

-- The regions besides Nederland the gemeente compares itself with. 'provincie' and 'referentie' come from the
-- config and are replaced with the catalogue; 'vergelijkbaar' rows are computed from CBS gemeente figures at load
-- time by the method in `method`.
CREATE TABLE comparison_region (
    region_code VARCHAR NOT NULL,
    role        VARCHAR NOT NULL CHECK (role IN ('provincie', 'referentie', 'vergelijkbaar')),
    sort_order  INTEGER NOT NULL,
    method      VARCHAR,
    PRIMARY KEY (region_code, role)
);

-- Financiën per opgave: what a gemeente budgets (begroting) and spends (realisatie, jaarrekening) on each opgave of
-- the monitor, per Iv3 taakveld and per laag of the piramide of seed 002 (sociale basis, preventie en lichte
-- ondersteuning, toegang, maatwerkvoorzieningen). The seed asks to steer "op effecten en financiën": the budget per
-- opgave is the nulmeting for money, and the shift from maatwerk to the basis is a goal in itself. Loaded from a
-- financiënwerkmap (`python -m pipelines financien BESTAND.xlsx`); rows are replaced per workbook like partner
-- rows (load_log.table_id holds the file name), and source_row is the Excel row the line came from.
-- The taakveld's name is kept beside its code so a download reads on its own, as the workbook named it.
-- amount_eur is DOUBLE, not DECIMAL: amounts are whole euros or cents far below 2^53, and every query divides them
-- (per inwoner, per deelnemer).

CREATE TABLE financien (
    opgave_code   VARCHAR NOT NULL,
    goal_code     VARCHAR,            -- NULL: the amount is for the opgave as a whole
    taakveld_code VARCHAR NOT NULL,   -- Iv3, e.g. '6.71'
    taakveld_name VARCHAR NOT NULL,   -- e.g. 'Maatwerkdienstverlening 18+'
    year          INTEGER NOT NULL,
    kind          VARCHAR NOT NULL CHECK (kind IN ('begroting', 'realisatie')),
    layer         VARCHAR NOT NULL CHECK (layer IN ('basis', 'preventie', 'toegang', 'maatwerk')),
    amount_eur    DOUBLE NOT NULL CHECK (amount_eur >= 0),
    load_id       INTEGER NOT NULL,
    source_row    INTEGER NOT NULL
);

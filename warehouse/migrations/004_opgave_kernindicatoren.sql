-- The indicators the analyst chose for an opgave's kernindicatoren slide (config: kernindicatoren = […]), in the
-- order they are shown. NULL: none chosen; the presentation then takes the opgave's first indicators with a trend.
ALTER TABLE opgave ADD COLUMN kernindicatoren VARCHAR[];

"""Financiënwerkmappen: begroting and realisatie per opgave, Iv3-taakveld, year and laag of the piramide.

The contract (contract.py) is shared by the template (template.py) and the
reader (reader.py), as for partner workbooks. The source loads like every file
source: `python -m pipelines financien BESTAND.xlsx`, or every workbook in
data/raw/financien/ with `python -m pipelines run`, when the config names
[source.financien].
"""

from monitor.config import DELIVERED
from monitor.sources import FileSource
from pipelines.sources.financien.reader import SOURCE_CODE, read_financien_workbook

SOURCE = FileSource(SOURCE_CODE, "financiënwerkmap", "financien", "financien", (".xlsx",), read_financien_workbook,
                    kind=DELIVERED)

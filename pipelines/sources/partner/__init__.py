"""Partner workbooks: the partners' tellen en vertellen (activities with their reach, stories, figures).

The workbook contract (contract.py) is shared by the template partners fill in
(template.py) and the reader that validates and tidies a filled-in workbook
(reader.py), so the three cannot disagree.
"""

from monitor.config import DELIVERED
from monitor.sources import FileSource
from pipelines.sources.partner.reader import SOURCE_CODE, read_partner_workbook

SOURCE = FileSource(SOURCE_CODE, "partnerwerkmap", "partner", "partners", (".xlsx",), read_partner_workbook,
                    kind=DELIVERED)

"""Data in and out of the clinic: whole-clinic export, one family's record, CSV import, restore.

tables        which tables and columns leave the clinic, as SQL (formula cells made text, as csv_safe does)
csv_safe      CSV cells a spreadsheet would run, made text
export        the whole clinic as CSV and Parquet files (DuckDB writes them), zipped
family_record one family's complete record: a PDF summary plus its CSVs, zipped
importer      families, caregivers, links, tasks, sessions and ticks from spreadsheet CSVs
restore       an export loaded back into an EMPTY clinic (ids kept)
__main__      the command line: `python -m lib.exchange export|import|password`
"""

from lib.exchange.export import clinic_zip, export_clinic
from lib.exchange.family_record import family_record_pdf, family_record_zip
from lib.exchange.importer import IMPORT_FILES, ImportRefused, Report, RowError, import_files, preview
from lib.exchange.restore import RestoreRefused, restore_clinic
from lib.exchange.tables import exported_tables

__all__ = [
    "IMPORT_FILES",
    "ImportRefused",
    "Report",
    "RestoreRefused",
    "RowError",
    "clinic_zip",
    "export_clinic",
    "exported_tables",
    "family_record_pdf",
    "family_record_zip",
    "import_files",
    "preview",
    "restore_clinic",
]

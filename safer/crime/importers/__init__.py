"""Import data.police.uk CSVs: street-level crime, outcomes and stop and search.

A source is one CSV, a monthly archive folder (YYYY-MM/YYYY-MM-<force>-<kind>.csv, any depth) or the
archive's zip. Every file is read and checked first; only if all are good is anything written, in
one transaction, so a malformed file names its line and imports nothing. Each (kind, force, month)
replaces what an earlier import of it brought, so importing a month again is harmless.

Quirks handled (see the police.uk reference, section 2): ASB rows have no Crime ID and no outcome;
Crime IDs repeat (no unique constraint); "No Location" rows have no point (crimes-no-location);
points outside the force keep no neighbourhood; LSOA codes may be 2011 or 2021 ones.

Speed (DESIGN.md §5: >= 100,000 rows/s): files become columns (`csvcolumns`), checks and
conversions run once per distinct value or as numpy, snap points are resolved once per distinct
point of the whole import (`locations`), and rows go to the database as columns (`bulk`): COPY on
PostgreSQL, one prepared INSERT on SQLite. No Python code runs per row (zip and map do it in C).
When an import brings at least as many rows as a table keeps from before, the table's secondary
indexes (and PostgreSQL foreign keys) are set aside during the load and rebuilt once.

One module per concept: `sources` (finding files, what every kind shares), `street`, `outcomes`,
`stops` (each kind's parser and columns) and `load` (the one transaction that writes them all).
The force's own incident data has its own importer, `safer.crime.incidents`.
"""

from __future__ import annotations

from safer.crime.bulk import MalformedFile
from safer.crime.csvcolumns import persistent_key
from safer.crime.importers.load import PARSERS, TABLES, ImportReport, import_path, import_sources
from safer.crime.importers.sources import BTP, FILE_RE, Parsed, Source, discover

__all__ = [
    "BTP",
    "FILE_RE",
    "PARSERS",
    "TABLES",
    "ImportReport",
    "MalformedFile",
    "Parsed",
    "Source",
    "discover",
    "import_path",
    "import_sources",
    "persistent_key",
]

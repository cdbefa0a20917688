"""Load the reference data (fixtures/reference/*.yaml) into the database.

Two phases: every file is parsed and validated first (`validation`), collecting every problem
with the file and record it comes from; only if there is none is anything written (`writing`),
inside one transaction. Records are matched by natural key and updated in place, so a second
run changes nothing, and nothing in the database that the files do not mention is touched or
deleted.
"""

from __future__ import annotations

from pathlib import Path

from apps.alerts.signals import silent_publication

from .files import FILES, ReferenceDataError, read_files
from .validation import validate
from .writing import LoadReport, write

__all__ = ["FILES", "LoadReport", "ReferenceDataError", "load", "read_files", "validate", "write"]


def load(directory: Path) -> LoadReport:
    clean = validate(directory, read_files(directory))
    report = LoadReport()
    # The reference data is the past record, not news: loading it mails no follower.
    with silent_publication():
        write(clean, report)
    return report

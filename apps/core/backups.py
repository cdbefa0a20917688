"""Backups: pg_dump in its custom format, checked by reading it back (`pg_restore --list`), each
run recorded (`Backup`), the nightly ones rotated (7 daily + 4 weekly), and the check that a dump
is not from a newer schema than the code (`dump_is_newer_than_code`).

The dump is written to `<name>.partial` and renamed once verified: a file named `*.dump` in the
backup folder is always a whole dump that pg_restore can read.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import re
import shutil
import subprocess
from pathlib import Path

from django.conf import settings
from django.db import connections
from django.utils import timezone

from .models import Backup, BackupKind

log = logging.getLogger(__name__)

NIGHTLY_PREFIX = "hubwatch-nightly-"
KEEP_DAILY = 7
KEEP_WEEKLY = 4


class BackupFailed(Exception):
    pass


def pg_tool(name: str) -> str:
    """pg_dump/pg_restore/psql: from PG_BIN, else the newest of /usr/lib/postgresql/*/bin (a
    pg_dump must be at least as new as the server), else PATH."""
    folders = [os.environ.get("PG_BIN", "")]
    folders += sorted(
        (str(p) for p in Path("/usr/lib/postgresql").glob("*/bin")),
        key=lambda p: int(re.sub(r"\D", "", p) or 0),
        reverse=True,
    )
    for folder in folders:
        if folder and os.access(Path(folder) / name, os.X_OK):
            return str(Path(folder) / name)
    found = shutil.which(name)
    if not found:
        raise BackupFailed(f"{name} not found (apt install postgresql-client)")
    return found


def libpq_env(alias: str = "default") -> dict[str, str]:
    """The connection of `alias` as libpq environment variables (no password on a command line)."""
    db = connections[alias].settings_dict
    values = {
        "PGHOST": db.get("HOST") or "",
        "PGPORT": str(db.get("PORT") or ""),
        "PGUSER": db.get("USER") or "",
        "PGPASSWORD": db.get("PASSWORD") or "",
        "PGDATABASE": db["NAME"],
    }
    return {**os.environ, **{k: v for k, v in values.items() if v}}


def _run(args: list[str], **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run(args, capture_output=True, text=True, check=False, **kwargs)  # noqa: S603 - pg tools, fixed arguments


def _failure(done: subprocess.CompletedProcess, what: str) -> str:
    lines = [line for line in (done.stderr or done.stdout or "").strip().splitlines() if line.strip()]
    return f"{what} exited with {done.returncode}: " + (lines[-1] if lines else "no message")


def list_entries(path: Path) -> int:
    """How many entries `pg_restore --list` reads in the dump (raises if it cannot read it)."""
    done = _run([pg_tool("pg_restore"), "--list", str(path)])
    if done.returncode != 0:
        raise BackupFailed(_failure(done, "pg_restore --list"))
    entries = sum(1 for line in done.stdout.splitlines() if line.strip() and not line.startswith(";"))
    if not entries:
        raise BackupFailed("pg_restore --list read no entry from the dump")
    return entries


def dump(path: Path, kind: str = BackupKind.MANUAL, alias: str = "default") -> Backup:
    """Dump the database to `path`, verify it, record the run. Raises BackupFailed (after
    recording and logging it) when anything goes wrong; no partial file is left behind."""
    started = timezone.now()
    path = Path(path)
    partial = path.with_name(path.name + ".partial")
    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        # A dump holds members' e-mail addresses: readable by its owner only.
        done = _run(
            [pg_tool("pg_dump"), "--format=custom", "--no-owner", "--no-privileges", f"--file={partial}"],
            env=libpq_env(alias),
            umask=0o077,
        )
        if done.returncode != 0:
            raise BackupFailed(_failure(done, "pg_dump"))
        entries = list_entries(partial)
        os.replace(partial, path)
    except (OSError, BackupFailed) as exc:
        try:
            partial.unlink(missing_ok=True)
        except OSError:
            pass
        error = str(exc) if isinstance(exc, BackupFailed) else f"{type(exc).__name__}: {exc}"
        log.error("Backup to %s FAILED: %s", path, error)
        _record(
            alias, kind=kind, started=started, finished=timezone.now(), ok=False, path=str(path), error=error[:2000]
        )
        raise BackupFailed(error) from exc
    record = _record(
        alias,
        kind=kind,
        started=started,
        finished=timezone.now(),
        ok=True,
        path=str(path),
        size=path.stat().st_size,
        entries=entries,
    )
    log.info("Backup written to %s (%d bytes, %d entries)", path, record.size, entries)
    return record


def _record(alias: str, **fields) -> Backup:
    """Keep the run in Backup; the backup before the migration that creates that table (an
    upgrade from an older release) is made all the same, and only logged."""
    record = Backup(**fields)
    if Backup._meta.db_table in connections[alias].introspection.table_names():
        record.save(using=alias)
    return record


def backup_dir() -> Path:
    return Path(settings.BACKUP_DIR)


def timestamped(prefix: str, folder: Path | None = None) -> Path:
    return (folder or backup_dir()) / f"{prefix}{timezone.now():%Y%m%d-%H%M%S}.dump"


def nightly(folder: Path | None = None) -> Backup:
    """The beat task's work: a dump into the backup folder, then the rotation."""
    folder = folder or backup_dir()
    record = dump(timestamped(NIGHTLY_PREFIX, folder), kind=BackupKind.NIGHTLY)
    removed = rotate(folder)
    if removed:
        log.info("Backups rotated: removed %s", ", ".join(p.name for p in removed))
    return record


_STAMP = re.compile(re.escape(NIGHTLY_PREFIX) + r"(\d{8})-(\d{6})\.dump$")


def to_keep(names: list[str]) -> set[str]:
    """Of the nightly dumps' names, those to keep: the newest of each of the 7 most recent days
    that have one, and the newest of each of the 4 most recent ISO weeks."""
    dated = []
    for name in names:
        match = _STAMP.match(name)
        if match:
            dated.append((dt.datetime.strptime(match[1] + match[2], "%Y%m%d%H%M%S"), name))
    keep: set[str] = set()
    days: set[dt.date] = set()
    weeks: set[tuple[int, int]] = set()
    for when, name in sorted(dated, reverse=True):
        day, week = when.date(), tuple(when.isocalendar())[:2]
        if day not in days and len(days) < KEEP_DAILY:
            days.add(day)
            keep.add(name)
        if week not in weeks and len(weeks) < KEEP_WEEKLY:
            weeks.add(week)
            keep.add(name)
    return keep


def rotate(folder: Path) -> list[Path]:
    """Remove the nightly dumps `to_keep` does not keep. Other files (dumps made by hand or
    before a migration) are never touched."""
    nightly_files = [p for p in folder.glob(NIGHTLY_PREFIX + "*.dump") if p.is_file()]
    keep = to_keep([p.name for p in nightly_files])
    removed = [p for p in nightly_files if p.name not in keep]
    for path in removed:
        path.unlink()
    return removed


# --- Restoring: is the dump from a schema this code knows? ---------------------------------


def dump_migrations(path: Path) -> set[tuple[str, str]]:
    """The (app, migration) rows of django_migrations inside a dump."""
    done = _run([pg_tool("pg_restore"), "--data-only", "--table=django_migrations", "--file=-", str(path)])
    if done.returncode != 0:
        raise BackupFailed(_failure(done, "pg_restore"))
    rows: set[tuple[str, str]] = set()
    in_copy = False
    for line in done.stdout.splitlines():
        if line.startswith("COPY ") and "django_migrations" in line:
            in_copy = True
            columns = line[line.index("(") + 1 : line.index(")")].replace(" ", "").split(",")
            app_at, name_at = columns.index("app"), columns.index("name")
            continue
        if in_copy:
            if line == "\\.":
                break
            fields = line.split("\t")
            rows.add((fields[app_at], fields[name_at]))
    return rows


def code_migrations() -> set[tuple[str, str]]:
    from django.db.migrations.loader import MigrationLoader

    return set(MigrationLoader(None, ignore_no_migrations=True).disk_migrations)


def dump_is_newer_than_code(path: Path) -> list[str]:
    """The migrations recorded in the dump that this code does not have (empty: it may be
    restored). Such a dump was made by a newer Hubwatch: restoring it under this code would run
    it on a schema the code does not know."""
    unknown = dump_migrations(path) - code_migrations()
    return sorted(f"{app}.{name}" for app, name in unknown)

"""`make backup` and the backup `make run` takes before migrating (scripts/prepare.sh)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from apps.core import backups
from apps.core.dataversion import version
from apps.core.models import BackupKind


def pending_migrations() -> list[str]:
    """Migrations the code has and the database has not applied, when the database already holds
    a schema (a new, empty database has nothing to lose)."""
    executor = MigrationExecutor(connection)
    if not executor.recorder.has_table() or not executor.recorder.applied_migrations():
        return []
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    return [f"{m.app_label}.{m.name}" for m, backwards in plan if not backwards]


class Command(BaseCommand):
    help = "Dump the database (pg_dump custom format), check the dump with pg_restore --list, record it."

    def add_arguments(self, parser):
        parser.add_argument("file", nargs="?", help="where to write (default: BACKUP_DIR/hubwatch-<time>.dump)")
        parser.add_argument(
            "--before-migrate",
            action="store_true",
            help="only when migrations are waiting on a database that has data; prints the dump's path",
        )

    def handle(self, *args, file=None, before_migrate=False, **options):
        if before_migrate:
            pending = pending_migrations()
            if not pending:
                return
            self.stderr.write(f"Migrations to apply: {', '.join(pending)}; backing up first.")
            stamp = version().replace("/", "-")
            path = backups.timestamped(f"hubwatch-pre-migrate-{stamp}-")
            kind = BackupKind.PRE_MIGRATE
        else:
            path = Path(file) if file else backups.timestamped("hubwatch-")
            kind = BackupKind.MANUAL
        try:
            record = backups.dump(path, kind=kind)
        except backups.BackupFailed as exc:
            raise CommandError(f"backup to {path} failed: {exc}") from exc
        if before_migrate:
            self.stdout.write(str(record.path))
        else:
            self.stdout.write(f"Backup written to {record.path} ({record.size} bytes, {record.entries} entries)")

"""scripts/restore.sh asks this before replacing the database: can this code run on the dump?"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from apps.core import backups


class Command(BaseCommand):
    help = "Refuse a dump made by a newer schema than this code's migrations (exit status 1)."

    def add_arguments(self, parser):
        parser.add_argument("file")

    def handle(self, *args, file, **options):
        path = Path(file)
        try:
            backups.list_entries(path)
            unknown = backups.dump_is_newer_than_code(path)
        except backups.BackupFailed as exc:
            raise CommandError(f"{path} is not a dump pg_restore can read: {exc}") from exc
        if unknown:
            raise CommandError(
                f"{path} was made by a newer version of Hubwatch: its database has migrations this code does not "
                f"know ({', '.join(unknown)}). Nothing was changed. Check out the version that made it (or a newer "
                "one), then restore."
            )
        self.stdout.write(f"{path}: readable, and its schema is known to this code.")

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from apps.reference.loader import ReferenceDataError, load
from apps.sites.models import Site


class Command(BaseCommand):
    help = "Load the reference data (fixtures/reference/*.yaml): idempotent, all or nothing."

    def add_arguments(self, parser):
        parser.add_argument("--dir", default=str(Path(settings.BASE_DIR) / "fixtures" / "reference"))
        parser.add_argument("--if-empty", action="store_true", help="Do nothing if the database already has sites.")

    def handle(self, *args, **options):
        if options["if_empty"] and Site.objects.exists():
            self.stdout.write("Sites already present: reference data not reloaded.")
            return
        try:
            report = load(Path(options["dir"]))
        except ReferenceDataError as exc:
            lines = "\n".join(f"  - {p}" for p in exc.problems)
            raise CommandError(
                f"Reference data not loaded ({len(exc.problems)} problem(s)), nothing written:\n{lines}"
            ) from exc
        self.stdout.write(self.style.SUCCESS(f"Reference data loaded. {report.summary()}"))

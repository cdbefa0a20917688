"""python manage.py generate_demo_data --database-url postgis://.../hubwatch_scratch_10k --sites 10000 ...

Fills a SCRATCH database with synthetic sites, timelines, collectives and press items for
benchmarks and load tests. It empties the target's domain tables first, so it refuses any
database that is not explicitly a scratch one (see apps/demodata/safety.py).
"""

from __future__ import annotations

import copy
import os

import psycopg
import psycopg.sql
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connections

from apps.demodata.generator import Plan, generate, status_matches_timeline
from apps.demodata.safety import SCRATCH_PREFIX, NotAScratchDatabase, Target, check_scratch

ALIAS = "demodata_scratch"


def _positive(name: str, value: int, *, zero: bool = False) -> int:
    if value < 0 or (value == 0 and not zero):
        raise CommandError(f"--{name} must be {'zero or more' if zero else 'at least 1'} (got {value}).")
    return value


class Command(BaseCommand):
    # Runs against another database than the project's; the project checks are not its concern.
    requires_system_checks = []
    help = f"Fill a scratch database (name starting with {SCRATCH_PREFIX!r}) with synthetic data at scale."

    def add_arguments(self, parser):
        parser.add_argument("--database-url", required=True, help="postgis://user@host:port/hubwatch_scratch_...")
        parser.add_argument("--sites", type=int, default=1000)
        parser.add_argument("--events-per-site", type=int, default=20)
        parser.add_argument("--press", type=int, default=None, help="Press items (default: one per site).")
        parser.add_argument("--collectives", type=int, default=None, help="Default: one per 25 sites.")
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument(
            "--i-know-this-is-scratch",
            action="store_true",
            dest="confirmed",
            help="The target is a scratch database although its name does not say so (its data is erased).",
        )
        parser.add_argument("--no-migrate", action="store_true", help="Do not apply migrations to the target first.")

    def handle(self, *args, **opts):
        try:
            target = Target.from_url(opts["database_url"])
            configured = [Target.from_settings(db) for db in settings.DATABASES.values()]
            if os.environ.get("DATABASE_URL"):
                configured.append(Target.from_url(os.environ["DATABASE_URL"]))
            check_scratch(target, configured, confirmed=opts["confirmed"])
        except NotAScratchDatabase as exc:
            raise CommandError(f"Refusing to write: {exc}") from exc
        plan = Plan(
            sites=_positive("sites", opts["sites"]),
            events_per_site=_positive("events-per-site", opts["events_per_site"], zero=True),
            press=_positive("press", opts["press"] if opts["press"] is not None else opts["sites"], zero=True),
            collectives=opts["collectives"],
            seed=opts["seed"],
        )
        if not opts["no_migrate"]:
            self._migrate(target)
        self.stdout.write(
            f"Generating {plan.sites} sites x {plan.events_per_site} events, {plan.press} press items, "
            f"{plan.collective_count} collectives into {target.name} (seed {plan.seed})"
        )
        try:
            generate(target.conninfo(), plan, log=self.stdout.write)
        except NotAScratchDatabase as exc:
            raise CommandError(f"Refusing to write: {exc}") from exc
        with psycopg.connect(target.conninfo(), autocommit=True) as conn:
            wrong = status_matches_timeline(conn.cursor())
            if wrong:
                raise CommandError(f"{wrong} sites have a status that does not follow their timeline.")
            # What the database holds, for `make bench` to know whether it must regenerate.
            conn.execute(
                psycopg.sql.SQL("comment on database {} is {}").format(
                    psycopg.sql.Identifier(target.name), psycopg.sql.Literal(plan.marker())
                )
            )
        self.stdout.write(self.style.SUCCESS(f"Done in {plan.timings['total']:.1f} s."))

    def _migrate(self, target: Target) -> None:
        """Apply the project's migrations to the target through a temporary connection alias."""
        db = copy.deepcopy(settings.DATABASES["default"])
        db.update(NAME=target.name, HOST=target.host, PORT=target.port, USER=target.user, PASSWORD=target.password)
        db.pop("TEST", None)
        connections.settings[ALIAS] = connections.configure_settings({"default": db})["default"]
        try:
            call_command("migrate", database=ALIAS, verbosity=0, interactive=False)
        finally:
            connections[ALIAS].close()
            del connections[ALIAS]
            del connections.settings[ALIAS]

"""Safe upgrades: `git pull && make run` dumps a database that holds data before migrating it;
a migration that fails leaves the database as it was and says how to roll back."""

import re
from pathlib import Path

import psycopg
import pytest
from django.db.migrations.loader import MigrationLoader

from apps.core import backups

pytestmark = pytest.mark.slow

# The probe migrations come after the last core migration of this code.
[(_, LATEST_CORE)] = MigrationLoader(None, ignore_no_migrations=True).graph.leaf_nodes("core")

FAILING = """
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("core", "{latest}")]
    operations = [
        migrations.RunSQL("CREATE TABLE upgrade_probe (id int)", "DROP TABLE upgrade_probe"),
        migrations.RunSQL("UPDATE sites_site SET name = name || ' (half-migrated)'", migrations.RunSQL.noop),
        migrations.RunSQL("SELECT 1 / 0", migrations.RunSQL.noop),
    ]
"""

WORKING = """
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("core", "{latest}")]
    operations = [migrations.RunSQL("CREATE TABLE upgrade_probe (id int)", "DROP TABLE upgrade_probe")]
"""


def _query(clone, sql):
    with psycopg.connect(clone.libpq()) as conn:
        return conn.execute(sql).fetchall()


def test_an_upgrade_backs_up_first_and_a_failing_migration_changes_nothing(served_clone):
    clone = served_clone
    names = _query(clone, "SELECT slug, name FROM sites_site ORDER BY slug")
    assert names
    migration = clone.path / "apps" / "core" / "migrations" / "0099_upgrade_probe.py"
    migration.write_text(FAILING.replace("{latest}", LATEST_CORE))
    try:
        done = clone.script("prepare.sh", check=False, timeout=300)
        assert done.returncode != 0
        assert "ZeroDivisionError" in done.stderr or "division by zero" in done.stderr
        assert "a migration failed" in done.stderr
        advice = re.search(r"make restore FILE=(\S+)", done.stderr)
        assert advice, done.stderr
        dump = Path(advice[1])
        assert dump.name.startswith("hubwatch-pre-migrate-") and dump.exists()
        assert backups.list_entries(dump) > 100  # a whole dump pg_restore can read

        # The failed migration left nothing behind: no table, no renamed site, not recorded.
        assert _query(clone, "SELECT to_regclass('upgrade_probe')") == [(None,)]
        assert _query(clone, "SELECT slug, name FROM sites_site ORDER BY slug") == names
        assert _query(clone, "SELECT count(*) FROM django_migrations WHERE name = '0099_upgrade_probe'") == [(0,)]
        assert _query(clone, "SELECT kind, ok FROM core_backup ORDER BY id DESC LIMIT 1") == [("pre-migrate", True)]

        # The advice works: the pre-migration dump restores (its schema is one this code knows).
        restored = clone.script("restore.sh", str(dump), timeout=300)
        assert "Restored" in restored.stdout + restored.stderr
        assert _query(clone, "SELECT slug, name FROM sites_site ORDER BY slug") == names

        # The fixed migration goes through, after another backup; with nothing to migrate, no backup.
        migration.write_text(WORKING.replace("{latest}", LATEST_CORE))
        done = clone.script("prepare.sh", timeout=300)
        assert "Backup before migrating" in done.stderr
        assert _query(clone, "SELECT to_regclass('upgrade_probe')::text") == [("upgrade_probe",)]
        dumps = sorted(clone.path.glob("var/backups/hubwatch-pre-migrate-*.dump"))
        assert len(dumps) == 2
        done = clone.script("prepare.sh", timeout=300)
        assert "Backup before migrating" not in done.stderr
        assert sorted(clone.path.glob("var/backups/hubwatch-pre-migrate-*.dump")) == dumps
    finally:
        if _query(clone, "SELECT count(*) FROM django_migrations WHERE name = '0099_upgrade_probe'") == [(1,)]:
            clone.manage("migrate", "core", LATEST_CORE)
        migration.unlink()


def test_an_upgrade_from_before_backups_were_recorded_backs_up_and_migrates(served_clone):
    """A database migrated by code that had no core_backup table (git pull from an older
    release): the backup before migrating is taken all the same, then the migrations run."""
    clone = served_clone
    names = _query(clone, "SELECT slug, name FROM sites_site ORDER BY slug")
    later = [name for app, name in MigrationLoader(None).graph.backwards_plan(("core", "0003_backup")) if app == "core"]
    with psycopg.connect(clone.libpq()) as conn:
        conn.execute("DROP TABLE core_backup")
        conn.execute("DELETE FROM django_migrations WHERE app = 'core' AND name = ANY(%s)", [later])
    done = clone.script("prepare.sh", timeout=300)
    assert "Backup before migrating" in done.stderr, done.stderr
    assert _query(clone, "SELECT to_regclass('core_backup')::text") == [("core_backup",)]
    assert _query(clone, "SELECT slug, name FROM sites_site ORDER BY slug") == names

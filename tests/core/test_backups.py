"""Backups without thinking about it: the nightly task dumps, verifies, rotates and records; a
restore of its dump gives back every row; a failure is loud and the app keeps serving; a dump
from a newer schema is refused."""

import datetime as dt
import logging
import os
import subprocess
import uuid

import psycopg
import pytest
from django.conf import settings
from django.db import connection
from django.utils import timezone, translation

from apps.core import backups, tasks
from apps.core.models import Backup, BackupKind
from tests.factories import EventFactory, SiteFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


def _libpq(name: str) -> str:
    db = connection.settings_dict
    auth = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
    return f"postgresql://{auth}@{db['HOST']}:{db['PORT']}/{name}"


def _row_counts(conninfo: str) -> dict[str, int]:
    with psycopg.connect(conninfo) as conn:
        tables = [
            r[0]
            for r in conn.execute(
                "SELECT quote_ident(tablename) FROM pg_tables WHERE schemaname = 'public' ORDER BY 1"
            ).fetchall()
        ]
        return {t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in tables}  # noqa: S608


@pytest.fixture
def scratch_db():
    name = f"{connection.settings_dict['NAME']}_scratch_{uuid.uuid4().hex[:6]}"
    with psycopg.connect(_libpq("postgres"), autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}" TEMPLATE template0')  # empty: the dump brings PostGIS
    yield name
    with psycopg.connect(_libpq("postgres"), autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def backup_dir(settings, tmp_path):
    settings.BACKUP_DIR = tmp_path / "backups"
    return settings.BACKUP_DIR


def test_the_nightly_dump_restores_into_a_scratch_database_with_every_row(
    reference_data, backup_dir, scratch_db, client
):
    user = UserFactory(display_name="Member M")
    EventFactory(site=SiteFactory(name="Backup test site"), created_by=user)
    before = _row_counts(_libpq(connection.settings_dict["NAME"]))
    assert before["sites_site"] > 10 and before["sites_historicalevent"] > 0

    path = tasks.nightly_backup()

    dumped = backup_dir / os.path.basename(path)
    assert dumped.name.startswith("hubwatch-nightly-") and dumped.read_bytes()[:5] == b"PGDMP"
    assert oct(dumped.stat().st_mode & 0o777) == "0o600"
    assert [p.name for p in backup_dir.iterdir()] == [dumped.name]  # no .partial left
    record = Backup.objects.get()
    assert (record.kind, record.ok, record.path, record.size) == (
        BackupKind.NIGHTLY,
        True,
        str(dumped),
        dumped.stat().st_size,
    )
    assert record.entries > 100  # what pg_restore --list read back

    done = subprocess.run(  # noqa: S603 - pg_restore, fixed arguments
        [backups.pg_tool("pg_restore"), "--no-owner", "--exit-on-error", f"--dbname={_libpq(scratch_db)}", str(dumped)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert _row_counts(_libpq(scratch_db)) == before

    health = client.get("/healthz").json()["backup"]
    assert health["ok"] is True and health["last_good"] == record.finished.isoformat()
    assert "verified" in health["detail"]


def test_a_full_backup_disk_fails_loudly_and_the_app_keeps_serving(settings, tmp_path, client, caplog):
    full = tmp_path / "full"
    full.mkdir()
    subprocess.run(["mount", "-t", "tmpfs", "-o", "size=16k", "tmpfs", str(full)], check=True)  # noqa: S603,S607
    try:
        settings.BACKUP_DIR = full
        Backup.objects.create(kind=BackupKind.NIGHTLY, ok=True, path="/earlier.dump", size=1, entries=1)
        with caplog.at_level(logging.ERROR, logger="apps.core.backups"), pytest.raises(backups.BackupFailed) as failed:
            tasks.nightly_backup()
        assert "No space left on device" in str(failed.value)
        assert any("FAILED" in r.getMessage() and "No space left" in r.getMessage() for r in caplog.records)
        assert list(full.iterdir()) == []  # the partial dump is gone
    finally:
        subprocess.run(["umount", str(full)], check=True)  # noqa: S603,S607

    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "degraded"
    assert body["backup"]["ok"] is False
    assert body["backup"]["detail"].startswith("the last backup failed: pg_dump")
    assert body["backup"]["last_good"]  # the earlier good one is still named
    assert client.get("/en/sites/").status_code == 200
    assert client.get("/api/sites/").status_code == 200


def test_an_unwritable_backup_folder_is_recorded_as_a_failure(settings, tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    settings.BACKUP_DIR = blocker / "backups"
    with pytest.raises(backups.BackupFailed, match="NotADirectoryError"):
        tasks.nightly_backup()
    assert Backup.objects.get().ok is False


def test_healthz_is_degraded_but_200_when_the_last_good_backup_is_too_old(client):
    old = timezone.now() - dt.timedelta(hours=settings.BACKUP_MAX_AGE_HOURS + 3)
    Backup.objects.create(kind=BackupKind.NIGHTLY, ok=True, finished=old, path="/x.dump", size=10, entries=5)
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "degraded"
    assert body["backup"]["ok"] is False and "hours old" in body["backup"]["detail"]

    Backup.objects.create(kind=BackupKind.NIGHTLY, ok=True, path="/y.dump", size=10, entries=5)
    assert client.get("/healthz").json()["backup"]["ok"] is True


def _nightly_names(days: int) -> list[str]:
    start = dt.datetime(2026, 10, 1, 3, 30)
    return [f"hubwatch-nightly-{start + dt.timedelta(days=n):%Y%m%d-%H%M%S}.dump" for n in range(days)]


def test_rotation_keeps_seven_daily_and_four_weekly_copies_and_nothing_else(tmp_path):
    names = _nightly_names(60)  # 1 Oct .. 29 Nov 2026
    for name in [*names, "hubwatch-20261001-120000.dump", "hubwatch-pre-migrate-abc-20261001-120000.dump"]:
        (tmp_path / name).write_bytes(b"PGDMP")

    removed = backups.rotate(tmp_path)

    kept = sorted(p.name for p in tmp_path.glob("hubwatch-nightly-*"))
    days = [name[17:25] for name in kept]
    # The last 7 days (23..29 Nov), and the newest of each of the 4 last ISO weeks: 29 Nov is a
    # Sunday, so the weeks end on 29, 22, 15 and 8 Nov.
    assert days == ["20261108", "20261115", "20261122", "20261123", "20261124", "20261125", "20261126",
                    "20261127", "20261128", "20261129"]  # fmt: skip
    assert len(removed) == 50
    # Dumps made by hand or before a migration are never rotated away.
    assert (tmp_path / "hubwatch-20261001-120000.dump").exists()
    assert (tmp_path / "hubwatch-pre-migrate-abc-20261001-120000.dump").exists()
    assert backups.rotate(tmp_path) == []


def test_restore_refuses_a_dump_made_by_a_newer_schema(tmp_path, scratch_db):
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO django_migrations (app, name, applied) VALUES ('core', '9999_from_the_future', now())"
        )
    try:
        dump = backups.dump(tmp_path / "newer.dump").path
    finally:
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM django_migrations WHERE name = '9999_from_the_future'")
    db = connection.settings_dict
    env = {**os.environ, "DATABASE_URL": f"postgis://{db['USER']}@{db['HOST']}:{db['PORT']}/{scratch_db}"}
    done = subprocess.run(  # noqa: S603 - our own script
        [str(settings.BASE_DIR / "scripts" / "restore.sh"), dump], env=env, capture_output=True, text=True, timeout=120
    )
    assert done.returncode != 0
    assert "newer version of Hubwatch" in done.stderr and "core.9999_from_the_future" in done.stderr
    assert _row_counts(_libpq(scratch_db)) == {}  # nothing restored


def test_a_dump_of_this_schema_is_accepted(tmp_path):
    dump = backups.dump(tmp_path / "same.dump").path
    assert backups.dump_is_newer_than_code(dump) == []
    assert ("core", "0003_backup") in backups.dump_migrations(dump)


def test_the_admin_names_the_last_good_backup_and_the_failures(admin_client):
    Backup.objects.create(kind=BackupKind.NIGHTLY, ok=True, path="/srv/backups/good.dump", size=10, entries=5)
    Backup.objects.create(kind=BackupKind.NIGHTLY, ok=False, path="/srv/backups/bad.dump", error="pg_dump: disk full")
    page = admin_client.get("/admin/core/backup/").content.decode()
    assert "Last good backup:" in page and "/srv/backups/good.dump" in page
    assert "pg_dump: disk full" in page
    with translation.override("fr"):
        page = admin_client.get("/admin/core/backup/", HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert "Dernière sauvegarde réussie" in page

"""A clone in a folder nobody else may enter (root's home, mode 0700) starts: its cluster lives
outside the clone, PostgreSQL is given that real path, and the cluster is a durable one."""

import stat
import time

import psycopg
import pytest

from .clone import Gunicorn, wait_for_http

pytestmark = pytest.mark.slow


@pytest.fixture
def private_clone(served_clone):
    return served_clone


def _show(clone, name):
    with psycopg.connect(clone.libpq()) as conn:
        return conn.execute(f"SHOW {name}").fetchone()[0]


def test_a_clone_in_a_private_folder_starts_and_answers_healthz(private_clone):
    assert stat.S_IMODE(private_clone.path.parent.stat().st_mode) == 0o700
    # scripts/prepare.sh (what make run and make test begin with) went through: cluster created,
    # migrated, reference data loaded.
    assert "Permission denied" not in private_clone.setup_output.stderr
    private_clone.start_services()  # as they are after any earlier test

    # The cluster is outside the private folder, owned by the user PostgreSQL runs as.
    home = private_clone.pg_home()
    assert not str(home).startswith(str(private_clone.path.parent))
    assert (home / "data" / "PG_VERSION").exists()

    # Durable by default: PostgreSQL's own settings, not the throw-away ones.
    assert [_show(private_clone, s) for s in ("fsync", "synchronous_commit", "full_page_writes")] == ["on"] * 3

    server = Gunicorn(private_clone).start()
    try:
        assert wait_for_http(server.url + "/healthz") == 200
    finally:
        server.stop()


def test_a_cluster_made_with_the_old_fast_settings_is_made_durable_on_the_next_start(private_clone):
    private_clone.start_services()
    conf = private_clone.pg_home() / "data" / "postgresql.conf"
    with conf.open("a") as f:  # what scripts/services.sh wrote before 2026-12
        f.write("fsync = off\nsynchronous_commit = off\nfull_page_writes = off\n")
    with psycopg.connect(private_clone.libpq(), autocommit=True) as conn:
        conn.execute("SELECT pg_reload_conf()")
    deadline = time.monotonic() + 10
    while _show(private_clone, "fsync") != "off" and time.monotonic() < deadline:
        time.sleep(0.1)
    assert _show(private_clone, "fsync") == "off"  # an old cluster, as it ran until now

    # The next start fixes it, even with the cluster still running (the settings are reloadable).
    done = private_clone.start_services()
    said = [line for line in done.stderr.splitlines() if "durable" in line]
    assert len(said) == 1 and "fsync" in said[0]
    assert [_show(private_clone, s) for s in ("fsync", "synchronous_commit", "full_page_writes")] == ["on"] * 3
    assert "fsync = off" not in conf.read_text()
    assert "durable" not in private_clone.start_services().stderr  # said once, not at every start

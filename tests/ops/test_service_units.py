"""`make service` writes systemd units that run a clone like `make run` and come back after a
reboot; `systemd-analyze verify` (offline: these machines run no systemd) accepts them."""

import shutil
import subprocess

import pytest

pytestmark = pytest.mark.slow


def test_make_service_writes_units_that_systemd_accepts(served_clone, tmp_path):
    units = tmp_path / "systemd"
    served_clone.script("service.sh", SYSTEMD_DIR=str(units))
    names = sorted(p.name for p in units.iterdir())
    assert names == [
        "hubwatch-beat.service",
        "hubwatch-services.service",
        "hubwatch-web.service",
        "hubwatch-worker.service",
        "hubwatch.target",
    ]
    web = (units / "hubwatch-web.service").read_text()
    assert f"ExecStartPre={served_clone.path}/scripts/prepare.sh" in web  # backup, then migrations
    assert "Restart=always" in web and "Requires=hubwatch-services.service" in web
    assert "WantedBy=multi-user.target" in (units / "hubwatch.target").read_text()
    env = (served_clone.path / "var" / "service.env").read_text()
    assert f"DATABASE_URL={served_clone.database_url}\n" in env

    analyze = shutil.which("systemd-analyze")
    assert analyze, "systemd-analyze is needed (scripts/bootstrap.sh installs the systemd package)"
    done = subprocess.run(  # noqa: S603 - fixed executable
        [analyze, "verify", *sorted(str(p) for p in units.iterdir())], capture_output=True, text=True, check=False
    )
    assert (done.returncode, done.stderr.strip()) == (0, "")

    # The check can fail: a unit naming a program that does not exist is refused.
    beat = units / "hubwatch-beat.service"
    beat.write_text(beat.read_text().replace(str(served_clone.path / ".venv"), "/nonexistent"))
    done = subprocess.run([analyze, "verify", str(beat)], capture_output=True, text=True, check=False)  # noqa: S603
    assert done.returncode != 0 and "/nonexistent" in done.stderr

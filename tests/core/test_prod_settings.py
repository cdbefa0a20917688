"""Production settings: refuse to start without a secret, and pass Django's deploy checks."""

import os
import subprocess
import sys

from django.conf import settings

GOOD_SECRET = "hubwatch-test-" + "s3cr3t-" * 6


def _manage(*args, env_overrides):
    # A clean deployment environment: none of the test run's own switches.
    dropped = ("SECRET_KEY", "DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE", "DEBUG")
    env = {k: v for k, v in os.environ.items() if k not in dropped}
    env.update(env_overrides)
    return subprocess.run(  # noqa: S603 - our own manage.py with fixed arguments
        [sys.executable, "manage.py", *args, "--settings=config.settings.prod"],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_refuses_to_start_without_a_secret_key():
    result = _manage("check", env_overrides={"ALLOWED_HOSTS": "hubwatch.example.org"})
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_production_refuses_a_short_secret_key():
    result = _manage("check", env_overrides={"SECRET_KEY": "short", "ALLOWED_HOSTS": "hubwatch.example.org"})
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_check_deploy_is_clean_with_production_settings():
    result = _manage(
        "check", "--deploy", "--fail-level", "WARNING",
        env_overrides={"SECRET_KEY": GOOD_SECRET, "ALLOWED_HOSTS": "hubwatch.example.org"},
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_collectstatic_with_production_storage_succeeds(tmp_path):
    """The manifest storage rewrites every reference in CSS and JS, source maps included: a
    vendored file that names a missing one fails the deployment's collectstatic."""
    deployment = {"SECRET_KEY": GOOD_SECRET, "ALLOWED_HOSTS": "hubwatch.example.org", "STATIC_ROOT": str(tmp_path)}
    result = _manage("collectstatic", "--noinput", env_overrides=deployment)
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    manifest = (tmp_path / "staticfiles.json").read_text()
    assert "vendor/leaflet.markercluster/leaflet.markercluster.js" in manifest
    assert "js/map.js" in manifest

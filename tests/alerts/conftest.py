import subprocess

import pytest

from .celery_testing import PrivateRedis, purge_queue, reset_broker_connections, running_worker


@pytest.fixture
def fast_alerts(settings):
    # Events published within a second of each other make one digest; tests do not wait a minute.
    settings.ALERTS_BATCH_SECONDS = 1
    settings.SITE_URL = "https://hubwatch.test"
    return settings


@pytest.fixture
def celery_worker(transactional_db, fast_alerts):
    """A real Celery worker consuming from the test Redis database (TEST_CELERY_BROKER_URL)."""
    purge_queue()
    reset_broker_connections()
    with running_worker() as app:
        yield app


@pytest.fixture
def private_redis(tmp_path):
    server = PrivateRedis(tmp_path)
    server.start()
    yield server
    if server.process is not None:
        server.process.terminate()
        server.process.wait(timeout=10)


@pytest.fixture
def french_alerts(settings, tmp_path):
    """The French of this area (locale/parts/alerts.fr.po), compiled, until it is merged into
    the shared catalogue."""
    target = tmp_path / "locale" / "fr" / "LC_MESSAGES"
    target.mkdir(parents=True)
    source = settings.BASE_DIR / "locale" / "parts" / "alerts.fr.po"
    subprocess.run(["msgfmt", "-o", str(target / "django.mo"), str(source)], check=True)  # noqa: S603, S607
    settings.LOCALE_PATHS = [tmp_path / "locale", *settings.LOCALE_PATHS]
    return settings

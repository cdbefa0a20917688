import pytest

from apps.core.models import Backup, BackupKind
from tests.redis_server import RedisServer

pytestmark = pytest.mark.django_db


@pytest.fixture
def broker(tmp_path, settings):
    server = RedisServer(tmp_path).start()
    settings.CELERY_BROKER_URL = server.url
    yield server
    server.stop()


def test_healthz_names_database_and_broker_as_ok(client, broker):
    Backup.objects.create(kind=BackupKind.NIGHTLY, ok=True, path="/var/backups/last.dump", size=1000, entries=900)
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["database"]["ok"] is True and "PostGIS" in body["database"]["detail"]
    assert body["broker"]["ok"] is True
    assert body["backup"]["ok"] is True
    assert body["version"]  # git describe of the code served


def test_healthz_is_503_when_the_broker_goes_down_and_200_when_it_is_back(client, broker):
    broker.stop()
    response = client.get("/healthz")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "degraded"
    assert body["database"]["ok"] is True
    assert body["broker"]["ok"] is False
    assert "Connection" in body["broker"]["detail"]

    broker.start()
    assert client.get("/healthz").status_code == 200


def test_healthz_is_not_cached(client, broker):
    assert "no-cache" in client.get("/healthz")["Cache-Control"]

import pytest

from tests.redis_server import RedisServer

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
    server = PrivateRedis(tmp_path).start()
    yield server
    RedisServer.stop(server)  # no need to wait for it to stop answering

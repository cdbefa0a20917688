"""How many times an API answer goes to the database, and what it sends there.

A cold answer of the fast lane (GeoJSON /api/sites/, /api/sites/clusters/) kept by its process
only is one statement that reads the data version with the data; a shared one reads the version
first (Redis may hold it); a kept answer costs the read of the version alone; and
that first statement also stands in for Django's health check of a persistent connection, which
would otherwise send a `SELECT 1` before every request."""

import psycopg
import pytest
from django.core.handlers.wsgi import WSGIHandler
from django.db import connection
from django.test.utils import CaptureQueriesContext

from apps.api.version import LOCAL, VERSION_SQL, clear_cached_responses, data_version, saw_version
from bench.wsgi import wsgi_get
from tests.factories import site_with_status as site

BBOX = "/api/sites/?bbox=-5,41,10,52"
CLUSTERS = "/api/sites/clusters/?bbox=-5,41,10,52&zoom=5"  # shared through Redis (zoom <= 8)
FINE_CLUSTERS = "/api/sites/clusters/?bbox=2,48,3,49&zoom=10"  # kept by its process only


def statements(client, url) -> tuple[list[str], object]:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, response.content
    return [q["sql"] for q in ctx.captured_queries], response


@pytest.mark.django_db
@pytest.mark.parametrize("url", [BBOX, FINE_CLUSTERS])
def test_a_cold_answer_kept_by_its_process_only_is_one_statement(client, url):
    """A bbox, clusters of a close view: answers kept by their process only, built at once by
    a statement that reads the data version with the data."""
    site("paris")
    clear_cached_responses()
    data_version()  # the process has seen the current version (any earlier request did)

    cold, first = statements(client, url)
    assert len(cold) == 1
    assert "hubwatch_data_state" in cold[0] and "json_agg" in cold[0]

    kept, again = statements(client, url)
    assert kept == [VERSION_SQL]
    assert again.content == first.content


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/api/sites/", "/api/sites/?country=FR", CLUSTERS])
def test_a_shared_answer_is_looked_for_under_the_current_version_before_it_is_built(client, settings, url):
    """Another process may have built it under a newer version than this one saw last: the
    version is read first, and what Redis holds under it is served, not built again."""
    settings.API_CACHE_MIN_BUILD_MS = 0  # shared through Redis however cheap
    site("paris")
    clear_cached_responses()
    seen_before = data_version()
    site("lyon", 4.83, 45.76)  # a new version; another process builds the answer under it
    built_elsewhere = client.get(url).content
    assert b"Lyon" in built_elsewhere
    LOCAL.clear()  # this process: it has nothing of its own and saw the older version last
    saw_version(seen_before)

    seen, response = statements(client, url)
    assert seen == [VERSION_SQL]  # found in Redis under the current version
    assert response.content == built_elsewhere

    clear_cached_responses()
    seen, _response = statements(client, url)
    assert seen[0] == VERSION_SQL and "json_agg" in seen[1] and len(seen) == 2  # missing: built


@pytest.mark.django_db
@pytest.mark.parametrize("url", [BBOX, CLUSTERS])
def test_an_answer_kept_under_an_older_version_is_built_again(client, url):
    site("paris")
    first = client.get(url).content
    site("lyon", 4.83, 45.76)  # commits a new data version

    seen, response = statements(client, url)
    # The version first (it moved), then the answer, with Lyon in it.
    assert seen[0] == VERSION_SQL and "json_agg" in seen[1] and len(seen) == 2
    assert b"Lyon" in response.content and b"Lyon" not in first


@pytest.mark.django_db(transaction=True)
def test_the_first_statement_of_a_request_stands_in_for_the_health_check(monkeypatch):
    site("paris")
    handler = WSGIHandler()
    checks = []
    is_usable = connection.is_usable

    def counted_is_usable():  # Django's own check, run for real, counted
        checks.append(1)
        return is_usable()

    monkeypatch.setattr(connection, "is_usable", counted_is_usable)

    # Requests as gunicorn makes them: through the WSGI handler, with the request signals that
    # close or check persistent connections (the test client turns them off).
    assert b"Paris" in wsgi_get(handler, BBOX).content
    pid = connection.connection.info.backend_pid
    for _ in range(3):  # a healthy kept connection: no SELECT 1 before the request's statement
        assert b"Paris" in wsgi_get(handler, BBOX).content
    assert checks == []
    assert connection.connection.info.backend_pid == pid  # the same connection, kept

    # The database drops the connection between two requests (a restart, an idle timeout).
    settings = connection.settings_dict
    with psycopg.connect(
        host=settings["HOST"], port=settings["PORT"], dbname=settings["NAME"], user=settings["USER"], autocommit=True
    ) as other:
        other.execute("SELECT pg_terminate_backend(%s)", [pid])

    response = wsgi_get(handler, BBOX)
    assert response.status_code == 200 and b"Paris" in response.content  # the reader never sees it
    assert checks == [1]  # the failed statement was checked, the connection replaced
    assert connection.connection.info.backend_pid != pid

import os

import pytest

# pytest-playwright runs an event loop in the test thread; the ORM calls in browser tests are
# ordinary synchronous code, so allow them.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    # Debian's Chromium: Playwright must never download a browser (no internet here).
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


# A 1x1 transparent PNG served for every map tile: the tests never reach a tile server.
TILE_PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000001e221bc330000000049454e44ae426082"
)


@pytest.fixture
def page(page):
    # Test settings point the tile layer at /static/test-tiles/...; answer those requests here.
    page.route("**/test-tiles/**", lambda route: route.fulfill(status=200, content_type="image/png", body=TILE_PNG))
    return page


@pytest.fixture
def reference_data(db):
    """The real reference data (fixtures/reference/), loaded through the loader."""
    from django.conf import settings

    from apps.reference.loader import load

    return load(settings.BASE_DIR / "fixtures" / "reference")


@pytest.fixture(autouse=True)
def _data_version_moves_per_statement(request):
    """In production the data version moves when a write commits (apps/api/migrations/0002). A
    test that is not transactional never commits: it runs in one transaction rolled back at its
    end. So that such a test sees its own writes invalidate cached answers, the trigger is made
    to run at the end of each statement there. Transactional tests (live server, Celery, the
    race test in tests/api/test_data_version.py) keep the real on-commit behaviour."""
    marker = request.node.get_closest_marker("django_db")
    transactional = (
        (marker is not None and marker.kwargs.get("transaction", bool(marker.args and marker.args[0])))
        or "transactional_db" in request.fixturenames
        or "live_server" in request.fixturenames
    )
    if transactional or (marker is None and "db" not in request.fixturenames):
        yield
        return
    request.getfixturevalue("db")
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS hubwatch_data_version IMMEDIATE")
    yield


@pytest.fixture(autouse=True)
def _english_addresses_to_begin_with():
    """Each test starts in English, so `reverse()` gives /en/... addresses: a request to a
    French page activates French in the thread it runs in (Django's LocaleMiddleware), as the
    test client runs it in the test's own thread, and that would leak into the next test."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)

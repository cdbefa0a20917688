"""axe-core (from npm) on the main pages: no serious or critical WCAG violation."""

import pytest

from tests.conftest import TILE_PNG

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

from tests.atlas.conftest import _own_cache  # noqa: E402, F401  (the map data cache, per test)
from tests.e2e.axe import serious_violations  # noqa: E402


@pytest.fixture
def browser_context_args(browser_context_args):
    # axe is injected as an inline script, which the site's CSP rightly forbids.
    return {**browser_context_args, "bypass_csp": True}


@pytest.mark.parametrize(
    "path", ["/", "/sites/", "/sites/liege-airport/", "/sites/fournes/", "/collectives/watching-alibaba/", "/quality/"]
)
def test_no_serious_accessibility_violation(page, live_server, reference_data, path):
    page.route("**/test-tiles/**", lambda route: route.fulfill(status=200, content_type="image/png", body=TILE_PNG))
    page.goto(f"{live_server.url}{path}")
    if path == "/":
        page.wait_for_selector("#map[data-state=ready]", timeout=15000)
    assert serious_violations(page) == []

import pytest

from tests.alerts.conftest import celery_worker, fast_alerts  # noqa: F401 - shared fixtures
from tests.factories import SiteFactory


@pytest.fixture
def fetch_from_test_server(settings):
    """The live test server runs on loopback, which the fetcher refuses: allow that one address."""
    settings.INTAKE_FETCH_ALLOWED_NETWORKS = ["127.0.0.1/32"]
    settings.INTAKE_FETCH_TIMEOUT = 5
    return settings


@pytest.fixture
def briec(db):
    return SiteFactory(
        name="Amazon delivery station, Lumunoc'h business park, Briec", slug="briec", municipality="Briec"
    )


@pytest.fixture
def liege(db):
    return SiteFactory(
        name="Cainiao eHub, Liège Airport", slug="liege-airport", municipality="Grâce-Hollogne", country="BE"
    )


@pytest.fixture
def ensisheim(db):
    return SiteFactory(
        name="Eurovia 16 warehouse, Parc d'activités de la Plaine d'Alsace", slug="ensisheim", municipality="Ensisheim"
    )

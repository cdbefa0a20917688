import pytest

from tests.contributions.world import build_world


@pytest.fixture
def world(db):
    return build_world()

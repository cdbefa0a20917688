import os

import pytest

from .clone import Clone


@pytest.fixture(scope="session")
def served_clone(tmp_path_factory):
    """A clone of this repository at HEAD in a folder only its owner may enter (as root's home
    is), set up by the same scripts/prepare.sh as `make run`: its own durable cluster and Redis
    (never the var/ services the rest of the suite uses), migrated, reference data loaded. The
    crash tests kill its processes; it is stopped and removed at the end."""
    home = tmp_path_factory.mktemp("private-home")
    os.chmod(home, 0o700)
    clone = Clone.make(home)
    try:
        done = clone.script("prepare.sh", timeout=600)
        clone.setup_output = done
        clone.start_services()  # its URLs
        yield clone
    finally:
        clone.remove()


@pytest.fixture(scope="session")
def member(served_clone):
    """A member of a trusted collective opposing one of the clone's sites, signed in."""
    from .contributing import Member

    return Member.create(served_clone)

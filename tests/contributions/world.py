"""A small world for permission tests: two sites, three collectives, one user per role."""

import datetime as dt
from dataclasses import dataclass

from apps.accounts.models import Role
from apps.collectives.models import Opposition
from apps.core.models import PublicationState
from apps.sites.models import EventKind
from tests.factories import (
    CollectiveFactory,
    EventFactory,
    MembershipFactory,
    PressItemFactory,
    SiteFactory,
    UserFactory,
)


@dataclass
class World:
    site_a: object  # opposed by collective_a and collective_c
    site_b: object  # opposed by collective_b only ("Liège")
    collective_a: object
    collective_b: object
    collective_c: object
    users: dict
    source_a: object
    event_a: object  # added by collective_a on site_a
    event_b: object  # added by collective_b on site_b
    pending_a: object  # waiting for moderation on site_a


def build_world(trusted_a: bool = True) -> World:
    site_a = SiteFactory(name="Ensisheim test", slug="ensisheim-test")
    site_b = SiteFactory(name="Liège test", slug="liege-test", country="BE", municipality="Grâce-Hollogne")
    collective_a = CollectiveFactory(name="Stop Amazon Ensisheim test", trusted=trusted_a)
    collective_b = CollectiveFactory(name="Watching Alibaba test", trusted=True)
    collective_c = CollectiveFactory(name="Alsace Nature test", trusted=True)
    Opposition.objects.create(collective=collective_a, site=site_a)
    Opposition.objects.create(collective=collective_c, site=site_a)
    Opposition.objects.create(collective=collective_b, site=site_b)
    users = {
        "anonymous": None,
        "member": MembershipFactory(collective=collective_a).user,
        "member_same_site": MembershipFactory(collective=collective_c).user,
        "member_other": MembershipFactory(collective=collective_b).user,
        "coordinator": MembershipFactory(collective=collective_a, role=Role.COORDINATOR).user,
        "editor": UserFactory(is_staff=True),
    }
    source_a = PressItemFactory()
    source_a.sites.add(site_a)
    event_a = EventFactory(site=site_a, collective=collective_a, title="Original A", kind=EventKind.DEMONSTRATION)
    event_b = EventFactory(site=site_b, collective=collective_b, title="Original B", kind=EventKind.DEMONSTRATION)
    pending_a = EventFactory(
        site=site_a,
        collective=collective_a,
        title="Pending A",
        date=dt.date(2024, 5, 2),
        state=PublicationState.PENDING,
    )
    return World(site_a, site_b, collective_a, collective_b, collective_c, users, source_a, event_a, event_b, pending_a)


def event_data(world: World, **overrides) -> dict:
    data = {
        "when": "2024-03-15",
        "kind": EventKind.COURT_RULING,
        "status_after": "",
        "title": "Administrative court cancels the permit",
        "description": "The court found the impact study insufficient.",
        "sources": [world.source_a.pk],
        "source_url": "",
        "source_title": "",
    }
    data.update(overrides)
    return data

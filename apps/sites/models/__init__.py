from .event import Claim, Event, EventQuerySet
from .site import Site, SiteQuerySet
from .vocabulary import (
    CERTAINTY_MEANINGS,
    CLOSED_STATUSES,
    STATUS_MEANINGS,
    Certainty,
    ClaimantKind,
    ClaimFigure,
    EventKind,
    FacilityKind,
    LocationPrecision,
    Status,
)

__all__ = [
    "CERTAINTY_MEANINGS",
    "CLOSED_STATUSES",
    "Certainty",
    "STATUS_MEANINGS",
    "Claim",
    "ClaimFigure",
    "ClaimantKind",
    "Event",
    "EventKind",
    "EventQuerySet",
    "FacilityKind",
    "LocationPrecision",
    "Site",
    "SiteQuerySet",
    "Status",
]

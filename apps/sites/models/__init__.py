from .event import Claim, Event, EventQuerySet
from .site import Site, SiteQuerySet
from .vocabulary import (
    CLOSED_STATUSES,
    STATUS_MEANINGS,
    ClaimantKind,
    ClaimFigure,
    EventKind,
    FacilityKind,
    LocationPrecision,
    Status,
)

__all__ = [
    "CLOSED_STATUSES",
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

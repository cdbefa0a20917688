"""The fixed vocabularies of the atlas, with the meaning of each term (shown in the legend)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Status(models.TextChoices):
    """Where a project stands. Ordered roughly along a project's life; the last three end it."""

    RUMOURED = "rumoured", _("rumoured")
    ANNOUNCED = "announced", _("announced")
    PERMIT_REQUESTED = "permit_requested", _("permit requested")
    PERMIT_GRANTED = "permit_granted", _("permit granted")
    UNDER_CONSTRUCTION = "under_construction", _("under construction")
    OPERATIONAL = "operational", _("operational")
    SUSPENDED = "suspended", _("suspended")
    ABANDONED = "abandoned", _("abandoned")
    REFUSED = "refused", _("refused")


STATUS_MEANINGS = {
    Status.RUMOURED: _("Reported by the press or local officials, not confirmed by the company or developer."),
    Status.ANNOUNCED: _("Confirmed publicly by the company, the developer or a public authority; no permit yet."),
    Status.PERMIT_REQUESTED: _("A building, environmental or single permit has been applied for."),
    Status.PERMIT_GRANTED: _("The permit needed to build has been granted (it may still be appealed)."),
    Status.UNDER_CONSTRUCTION: _("Works have started on the site."),
    Status.OPERATIONAL: _("The facility is open and working."),
    Status.SUSPENDED: _("Frozen by a court, an authority or the company, pending a decision."),
    Status.ABANDONED: _("The company or developer has given the project up."),
    Status.REFUSED: _("Refused by the municipality or an authority, or its permit annulled for good."),
}

# Statuses at which a conflict is over, one way or the other.
CLOSED_STATUSES = frozenset({Status.OPERATIONAL, Status.ABANDONED, Status.REFUSED})


class FacilityKind(models.TextChoices):
    FULFILMENT_CENTRE = "fulfilment_centre", _("fulfilment centre")
    SORTING_CENTRE = "sorting_centre", _("sorting centre")
    DELIVERY_STATION = "delivery_station", _("delivery station")
    AIR_CARGO_HUB = "air_cargo_hub", _("air-cargo hub")
    WAREHOUSE = "warehouse", _("logistics warehouse (use unknown)")
    OTHER = "other", _("other")


class LocationPrecision(models.TextChoices):
    EXACT = "exact", _("exact site")
    APPROXIMATE = "approximate", _("approximate")
    MUNICIPALITY = "municipality", _("municipality centre")


class EventKind(models.TextChoices):
    RUMOUR = "rumour", _("rumour or leak")
    ANNOUNCEMENT = "announcement", _("announcement")
    AGREEMENT = "agreement", _("agreement or contract")
    LAND_SALE = "land_sale", _("land sale")
    PERMIT_APPLICATION = "permit_application", _("permit application")
    PUBLIC_INQUIRY = "public_inquiry", _("public inquiry or meeting")
    PERMIT_DECISION = "permit_decision", _("permit decision")
    COUNCIL_VOTE = "council_vote", _("council vote")
    LEGAL_ACTION = "legal_action", _("legal action")
    COURT_RULING = "court_ruling", _("court ruling")
    DEMONSTRATION = "demonstration", _("demonstration")
    PETITION = "petition", _("petition")
    OCCUPATION = "occupation", _("occupation or blockade")
    PUBLICATION = "publication", _("report or op-ed")
    CONSTRUCTION = "construction", _("start of works")
    OPENING = "opening", _("opening")
    WITHDRAWAL = "withdrawal", _("withdrawal")
    OTHER = "other", _("other")


class ClaimFigure(models.TextChoices):
    SURFACE = "surface", _("surface")
    JOBS = "jobs", _("jobs")
    TRUCKS = "trucks", _("truck traffic")
    FLIGHTS = "flights", _("flights")
    INVESTMENT = "investment", _("investment")
    LAND_TAKE = "land_take", _("land take")
    OWNERSHIP = "ownership", _("land ownership")
    OTHER = "other", _("other")


class ClaimantKind(models.TextChoices):
    COMPANY = "company", _("company or developer")
    AUTHORITY = "authority", _("public authority or official")
    COLLECTIVE = "collective", _("collective or NGO")
    RESEARCHER = "researcher", _("researcher")
    PRESS = "press", _("press")
    OTHER = "other", _("other")


class Certainty(models.TextChoices):
    """How sure an attribution (the operator or developer of a site) or a claim is."""

    CONFIRMED = "confirmed", _("confirmed")
    REPORTED = "reported", _("reported")
    DENIED = "denied", _("denied")


CERTAINTY_MEANINGS = {
    Certainty.CONFIRMED: _("Stated by the company itself, or in an official document."),
    Certainty.REPORTED: _("Reported by the press or by others, never confirmed by the company."),
    Certainty.DENIED: _("Reported, then denied by the company."),
}

"""The filters shared by the map, the /sites/ table and the embed: one vocabulary of query
parameters (status, operator, country, kind, collective, q, at), validated in one place.

The map applies them in the browser (from the same query string), the table on the server; a
URL copied from either opens the other on the same selection.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Q
from django.http import QueryDict
from django.utils.translation import gettext as _

from apps.sites.geo import is_iso_country
from apps.sites.models import FacilityKind, Status


class FilterError(ValueError):
    """A query parameter that cannot be understood; the message names the parameter."""


@dataclass
class SiteFilters:
    statuses: list[str] = field(default_factory=list)
    operator: str = ""
    country: str = ""
    kind: str = ""
    collective: str = ""
    q: str = ""
    at: dt.date | None = None

    @classmethod
    def from_query(cls, query: QueryDict) -> SiteFilters:
        statuses = [s for s in query.getlist("status") if s]
        unknown = [s for s in statuses if s not in Status.values]
        if unknown:
            raise FilterError(
                _("Unknown value for the parameter “status”: %(value)s. Expected one of: %(choices)s.")
                % {"value": ", ".join(unknown), "choices": ", ".join(Status.values)}
            )
        kind = query.get("kind", "").strip()
        if kind and kind not in FacilityKind.values:
            raise FilterError(
                _("Unknown value for the parameter “kind”: %(value)s. Expected one of: %(choices)s.")
                % {"value": kind, "choices": ", ".join(FacilityKind.values)}
            )
        country = query.get("country", "").strip().upper()
        if country and not is_iso_country(country):
            raise FilterError(_("The parameter “country” must be a two-letter code such as FR or BE."))
        at = None
        at_text = query.get("at", "").strip()
        if at_text:
            try:
                at = dt.date.fromisoformat(at_text)
            except ValueError:
                raise FilterError(
                    _("The parameter “at” must be a date written YYYY-MM-DD, not “%(value)s”.") % {"value": at_text}
                ) from None
        return cls(
            statuses=statuses,
            operator=query.get("operator", "").strip(),
            country=country,
            kind=kind,
            collective=query.get("collective", "").strip(),
            q=query.get("q", "").strip()[:200],
            at=at,
        )

    @property
    def active(self) -> bool:
        return bool(self.statuses or self.operator or self.country or self.kind or self.collective or self.q)

    def apply(self, sites):
        """Filter a Site queryset. With `at`, the status filter reads the status on that date
        (annotated as `status_at`), as the map's time slider does."""
        if self.at:
            sites = sites.with_status_at(self.at)
        if self.statuses:
            sites = sites.filter(Q(status_at__in=self.statuses) if self.at else Q(status__in=self.statuses))
        if self.operator:
            sites = sites.operated_by(self.operator)
        if self.country:
            sites = sites.filter(country=self.country)
        if self.kind:
            sites = sites.filter(kind=self.kind)
        if self.collective:
            sites = sites.filter(oppositions__collective__slug=self.collective)
        if self.q:
            sites = sites.search(self.q)
        return sites

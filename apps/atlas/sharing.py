"""What a shared link says about its page: the description of the preview card, in the page's
language. The card's tags are in templates/atlas/includes/share_meta.html."""

from __future__ import annotations

from django.utils.formats import date_format
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from apps.sites.models import Site, Status

from .options import country_name


def site_place(site: Site) -> str:
    parts = [site.municipality, site.admin_area, country_name(site.country)]
    return ", ".join(part for part in parts if part)


def site_status_text(site: Site) -> str:
    """The status and since when: "Under construction since June 2021", "Status unknown"."""
    if not site.status:
        return capfirst(_("status unknown"))
    label = capfirst(str(Status(site.status).label))
    if site.status_since:
        return _("%(status)s since %(date)s") % {"status": label, "date": site.status_since_display}
    return label


def site_description(site: Site) -> str:
    """Status, since when, place, operator: "Under construction since June 2021 · Briec,
    Finistère, France · Operator: Amazon"."""
    parts = [site_status_text(site), site_place(site)]
    if site.operator_id:
        parts.append(_("Operator: %(name)s") % {"name": site.operator.name})
    return " · ".join(parts)


def collective_description(collective) -> str:
    names = [opposition.site.name for opposition in getattr(collective, "public_oppositions", [])]
    if not names:
        return _("A collective opposing contested logistics sites.")
    return _("Opposes: %(sites)s.") % {"sites": ", ".join(names)}


def map_description(filters: dict) -> str:
    """What the map shows: the day and the statuses chosen."""
    day = filters.get("at")
    when = date_format(day, "DATE_FORMAT") if day else _("today")
    statuses = filters.get("status") or []
    if statuses:
        chosen = ", ".join(str(Status(s).label) for s in statuses)
        return _("Contested logistics sites on %(date)s: %(statuses)s.") % {"date": when, "statuses": chosen}
    return _("Contested logistics sites on %(date)s, with their status, timeline and sources.") % {"date": when}

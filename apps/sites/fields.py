"""Form fields that validate query parameters, each with a message a journalist can act on."""

from __future__ import annotations

import datetime as dt
import math
import re

from django import forms
from django.utils.translation import gettext_lazy as _

from apps.core.dates import parse_fuzzy_date
from apps.sites.geo import is_iso_country

SLUG_RE = re.compile(r"^[-a-zA-Z0-9_]+$")


def _items(value: str) -> list[str]:
    return [item.strip() for item in value.split(",") if item.strip()]


class RepeatableInput(forms.TextInput):
    """`status=a,b` and `status=a&status=b` (what an HTML form with checkboxes sends) alike."""

    def value_from_datadict(self, data, files, name):
        if hasattr(data, "getlist"):
            values = [v for v in data.getlist(name) if v]
            return ",".join(values) if values else None
        return data.get(name)


class ListField(forms.CharField):
    widget = RepeatableInput


class BBoxField(forms.CharField):
    """minLon,minLat,maxLon,maxLat in WGS84 degrees (the order uMap's {bbox} uses)."""

    def to_python(self, value):
        value = super().to_python(value)
        if not value:
            return None
        parts = value.split(",")
        if len(parts) != 4:
            raise forms.ValidationError(
                _("expected four numbers minLon,minLat,maxLon,maxLat, got %(value)r."), params={"value": value}
            )
        try:
            min_lon, min_lat, max_lon, max_lat = (float(p) for p in parts)
        except ValueError:
            raise forms.ValidationError(
                _("expected four numbers minLon,minLat,maxLon,maxLat, got %(value)r."), params={"value": value}
            ) from None
        if not all(math.isfinite(v) for v in (min_lon, min_lat, max_lon, max_lat)):
            raise forms.ValidationError(_("coordinates must be finite numbers."))
        if not (-180 <= min_lon <= 180 and -180 <= max_lon <= 180):
            raise forms.ValidationError(_("longitudes must be between -180 and 180."))
        if not (-90 <= min_lat <= 90 and -90 <= max_lat <= 90):
            raise forms.ValidationError(_("latitudes must be between -90 and 90."))
        if min_lon > max_lon or min_lat > max_lat:
            raise forms.ValidationError(_("the minimum must not exceed the maximum (minLon,minLat,maxLon,maxLat)."))
        return (min_lon, min_lat, max_lon, max_lat)


class CommaChoiceField(ListField):
    """One value or several, comma-separated, each from a fixed vocabulary."""

    def __init__(self, *args, choices=(), **kwargs):
        self.valid = [value for value, _label in choices]
        super().__init__(*args, **kwargs)

    def to_python(self, value):
        value = super().to_python(value)
        if not value:
            return []
        items = _items(value)
        unknown = [item for item in items if item not in self.valid]
        if unknown:
            raise forms.ValidationError(
                _("unknown value %(unknown)s; expected one or more of: %(valid)s."),
                params={"unknown": ", ".join(repr(u) for u in unknown), "valid": ", ".join(self.valid)},
            )
        return items


class CountryField(ListField):
    """ISO 3166-1 alpha-2 codes, comma-separated; case does not matter."""

    def to_python(self, value):
        value = super().to_python(value)
        if not value:
            return []
        items = _items(value)
        bad = [item for item in items if not is_iso_country(item.upper())]
        if bad:
            raise forms.ValidationError(
                _("%(bad)s is not a two-letter ISO 3166-1 country code (e.g. FR, BE)."),
                params={"bad": ", ".join(repr(b) for b in bad)},
            )
        return [item.upper() for item in items]


class SlugListField(ListField):
    """One slug or several, comma-separated."""

    def to_python(self, value):
        value = super().to_python(value)
        if not value:
            return []
        items = _items(value)
        bad = [item for item in items if not SLUG_RE.match(item)]
        if bad:
            raise forms.ValidationError(
                _("%(bad)s is not a slug (letters, digits, hyphens)."), params={"bad": ", ".join(repr(b) for b in bad)}
            )
        return items


class DayField(forms.CharField):
    """A day, strictly YYYY-MM-DD."""

    def to_python(self, value):
        value = super().to_python(value)
        if not value:
            return None
        try:
            if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
                raise ValueError(value)
            return dt.date.fromisoformat(value)
        except ValueError:
            raise forms.ValidationError(
                _("%(value)r is not a date: expected YYYY-MM-DD."), params={"value": value}
            ) from None


class PeriodField(forms.CharField):
    """YYYY, YYYY-MM or YYYY-MM-DD; `end=True` gives the last day of that period (for `to=`)."""

    def __init__(self, *args, end: bool = False, **kwargs):
        self.end = end
        super().__init__(*args, **kwargs)

    def to_python(self, value):
        value = super().to_python(value)
        if not value:
            return None
        try:
            day, precision = parse_fuzzy_date(value)
        except ValueError:
            raise forms.ValidationError(
                _("%(value)r is not a date: expected YYYY, YYYY-MM or YYYY-MM-DD."), params={"value": value}
            ) from None
        if not self.end or precision == "day":
            return day
        if precision == "year":
            return dt.date(day.year, 12, 31)
        next_month = (day.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
        return next_month - dt.timedelta(days=1)

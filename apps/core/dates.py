"""Dates of historical facts carry their precision.

A fact known as "2021" is stored as 2021-01-01 with precision YEAR, and must be shown as
"2021", never as "1 January 2021". The stored day is the first day of the period, which is
also the date used to order a timeline (a fact known to the year sorts at its start).
"""

from __future__ import annotations

import datetime as dt
import re

from django.db import models
from django.db.models import Q
from django.utils import formats
from django.utils.translation import gettext_lazy as _


class DatePrecision(models.TextChoices):
    DAY = "day", _("day")
    MONTH = "month", _("month")
    YEAR = "year", _("year")


_PATTERNS = (
    (re.compile(r"^(\d{4})-(\d{2})-(\d{2})$"), DatePrecision.DAY),
    (re.compile(r"^(\d{4})-(\d{2})$"), DatePrecision.MONTH),
    (re.compile(r"^(\d{4})$"), DatePrecision.YEAR),
)


def parse_fuzzy_date(value: str | int | dt.date) -> tuple[dt.date, str]:
    """Parse "2021", "2021-06" or "2021-06-24" into (first day of the period, precision).

    Raises ValueError with a readable message on anything else.
    """
    if isinstance(value, dt.date):
        return value, DatePrecision.DAY
    text = str(value).strip()
    for pattern, precision in _PATTERNS:
        match = pattern.match(text)
        if match:
            parts = [int(p) for p in match.groups()] + [1] * (3 - len(match.groups()))
            try:
                return dt.date(*parts), precision
            except ValueError as exc:
                raise ValueError(f"{text!r} is not a valid date ({exc})") from exc
    raise ValueError(f"{text!r} is not a date: expected YYYY, YYYY-MM or YYYY-MM-DD")


def format_fuzzy_date(value: dt.date | None, precision: str | None) -> str:
    """Render a date at its precision, in the active language."""
    if value is None:
        return ""
    if precision == DatePrecision.YEAR:
        return str(value.year)
    if precision == DatePrecision.MONTH:
        return formats.date_format(value, "YEAR_MONTH_FORMAT")
    return formats.date_format(value, "DATE_FORMAT")


def precision_condition(date_field: str, precision_field: str) -> Q:
    """The condition a (date, precision) pair must meet: month and year dates start their period."""
    return (
        Q(**{precision_field: DatePrecision.DAY})
        | Q(**{precision_field: DatePrecision.MONTH, f"{date_field}__day": 1})
        | Q(**{precision_field: DatePrecision.YEAR, f"{date_field}__day": 1, f"{date_field}__month": 1})
    )


def precision_is_consistent(value: dt.date | None, precision: str | None) -> bool:
    if value is None:
        return True
    if precision == DatePrecision.MONTH:
        return value.day == 1
    if precision == DatePrecision.YEAR:
        return value.day == 1 and value.month == 1
    return precision == DatePrecision.DAY


def iso_at_precision(value: dt.date | None, precision: str | None) -> str | None:
    """ISO 8601 at the date's precision: "2019", "2019-11" or "2019-11-05" (None stays None)."""
    if value is None:
        return None
    if precision == DatePrecision.YEAR:
        return f"{value.year:04d}"
    if precision == DatePrecision.MONTH:
        return f"{value.year:04d}-{value.month:02d}"
    return value.isoformat()[:10]

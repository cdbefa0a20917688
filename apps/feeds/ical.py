"""iCalendar (RFC 5545) written by hand: CRLF line ends, lines folded at 75 octets without
splitting a UTF-8 character, TEXT values escaped (backslash, semicolon, comma, newline)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

CRLF = "\r\n"


def escape_text(value: str) -> str:
    return (
        value.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
        .replace("\r", "\\n")
    )


def fold(line: str) -> str:
    """Split a content line into chunks of at most 75 octets; continuation lines start with a space."""
    encoded = line.encode()
    if len(encoded) <= 75:
        return line
    parts, current, size, limit = [], [], 0, 75
    for char in line:
        width = len(char.encode())
        if size + width > limit:
            parts.append("".join(current))
            current, size, limit = [], 0, 74  # the leading space of a continuation counts
        current.append(char)
        size += width
    parts.append("".join(current))
    return (CRLF + " ").join(parts)


def _utc(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")


def _day(day: dt.date) -> str:
    return day.strftime("%Y%m%d")


def calendar(name: str, description: str, events: Iterable[dict], stamp: dt.datetime) -> bytes:
    """`events`: dicts with uid, day, summary, description, location, url, lat, lon, categories,
    modified, sequence."""
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Hubwatch//Upcoming events//EN",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{escape_text(name)}",
        f"X-WR-CALDESC:{escape_text(description)}",
        "REFRESH-INTERVAL;VALUE=DURATION:PT6H",
    ]
    for event in events:
        lines += [
            "BEGIN:VEVENT",
            f"UID:{event['uid']}",
            f"DTSTAMP:{_utc(stamp)}",
            f"DTSTART;VALUE=DATE:{_day(event['day'])}",
            f"DTEND;VALUE=DATE:{_day(event['day'] + dt.timedelta(days=1))}",
            f"SUMMARY:{escape_text(event['summary'])}",
            f"DESCRIPTION:{escape_text(event['description'])}",
            f"LOCATION:{escape_text(event['location'])}",
            f"GEO:{event['lat']:.6f};{event['lon']:.6f}",
            f"URL:{event['url']}",
            f"CATEGORIES:{','.join(escape_text(c) for c in event['categories'])}",
            f"LAST-MODIFIED:{_utc(event['modified'])}",
            f"SEQUENCE:{event['sequence']}",
            "TRANSP:TRANSPARENT",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return (CRLF.join(fold(line) for line in lines) + CRLF).encode()

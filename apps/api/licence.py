"""The licence every export carries, and how to cite a view of the data."""

from __future__ import annotations

import datetime as dt

from django.conf import settings

LICENCES = {
    "ODbL-1.0": ("Open Database License (ODbL) 1.0", "https://opendatacommons.org/licenses/odbl/1-0/"),
    "CC-BY-4.0": ("Creative Commons Attribution 4.0", "https://creativecommons.org/licenses/by/4.0/"),
}
ATTRIBUTION = "Hubwatch contributors"


def licence() -> tuple[str, str, str]:
    """(SPDX identifier, name, URL) of the data licence set in settings.DATA_LICENCE."""
    spdx = settings.DATA_LICENCE
    name, url = LICENCES.get(spdx, (spdx, ""))
    return spdx, name, url


def how_to_cite(permalink: str, snapshot: dt.datetime) -> str:
    _spdx, name, _url = licence()
    return (
        f"{ATTRIBUTION}, Hubwatch atlas of contested logistics sites, data as of "
        f"{snapshot.astimezone(dt.UTC):%Y-%m-%d %H:%M} UTC, {permalink} ({name})."
    )


def licence_metadata(permalink: str, snapshot: dt.datetime | None = None) -> dict:
    snapshot = snapshot or dt.datetime.now(dt.UTC)
    spdx, _name, url = licence()
    return {
        "license": spdx,
        "license_url": url,
        "attribution": f"© {ATTRIBUTION}, {spdx}",
        "how_to_cite": how_to_cite(permalink, snapshot),
        "snapshot": snapshot.astimezone(dt.UTC).isoformat(timespec="seconds"),
        "permalink": permalink,
    }

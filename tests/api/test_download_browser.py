"""In a real browser: the list page's download button saves exactly the sites on screen."""

import csv
import io

import pytest

from tests.factories import EventFactory, SiteFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_csv_download_from_the_filtered_list_page(page, live_server):
    for i, status in enumerate(["operational", "operational", "refused"]):
        EventFactory(site=SiteFactory(name=f"Hub {i}", slug=f"hub-{i}"), status_after=status)
    page.goto(f"{live_server.url}/en/sites/?status=operational")
    with page.expect_download() as info:
        page.get_by_role("link", name="Download these sites (CSV)").click()
    download = info.value
    assert download.suggested_filename.endswith(".csv")
    rows = list(csv.DictReader(io.StringIO(open(download.path(), encoding="utf-8").read())))  # noqa: PTH123
    assert sorted(r["slug"] for r in rows) == ["hub-0", "hub-1"]
    assert {r["license"] for r in rows} == {"ODbL-1.0"}

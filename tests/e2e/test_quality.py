"""/quality/ in a real browser: a reader sorts the table and follows a site to its record."""

import re

import pytest
from playwright.sync_api import expect

from apps.sites.models import Claim, Site

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

from tests.atlas.conftest import _own_cache  # noqa: E402, F401  (the map data cache, per test)


def first_site(page) -> str:
    return page.locator(".quality-table tbody th a").first.inner_text()


def test_sort_the_quality_table_and_open_a_site(page, live_server, reference_data):
    page.goto(f"{live_server.url}/quality/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Record quality: what needs work")
    public = Site.objects.public().count()
    expect(page.locator('[data-total="not-checked"]')).to_have_text(str(public))  # nobody has checked yet
    expect(page.locator('[data-total="reported"]')).to_have_text("2")  # Fournès and Petit-Couronne
    # Claims: four confirmed by the party's own act, Amazon's denial at Ensisheim, the rest reported.
    expect(page.locator('[data-total="claims-confirmed"]')).to_have_text("4")
    expect(page.locator('[data-total="claims-denied"]')).to_have_text("1")
    expect(page.locator('[data-total="claims-reported"]')).to_have_text(str(Claim.objects.count() - 5))
    expect(page.locator(".quality-table tbody tr")).to_have_count(public)

    page.get_by_role("link", name="Reported only").click()
    expect(page).to_have_url(re.compile(r"\?sort=reported$"))
    page.get_by_role("link", name=re.compile("Reported only")).click()  # largest first
    expect(page).to_have_url(re.compile(r"\?sort=-reported$"))
    header = page.locator('th[data-column="reported"]')
    expect(header).to_have_attribute("aria-sort", "descending")
    reported = {s.name for s in Site.objects.filter(operator_certainty="reported")}
    rows = page.locator(".quality-table tbody th a").all_inner_texts()
    assert set(rows[:2]) == reported

    name = rows[0]
    page.get_by_role("link", name=name, exact=True).click()
    site = Site.objects.get(name=name)
    expect(page).to_have_url(f"{live_server.url}{site.get_absolute_url()}")
    expect(page.locator(".attribution-reported")).to_contain_text("(reported; source:")
    # Its claims say how sure they are: those of Fournès and Petit-Couronne are all only reported.
    claim = page.locator(".claims .claimant").first
    expect(claim.locator(".certainty")).to_have_text("(reported)")
    expect(page.locator(".claims .certainty-confirmed")).to_have_count(0)
    expect(page.locator(".record-quality")).to_contain_text("not yet")

"""How sure a record is: attributions with their certainty, a site with no known status, the
record's quality on the site page, the editor's "fully checked" action and /quality/."""

import datetime as dt
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django.utils.formats import date_format

from apps.press.models import LinkStatus
from apps.sites.models import Site, Status
from tests.factories import CompanyFactory, EventFactory, PressItemFactory, SiteFactory, UserFactory

pytestmark = pytest.mark.django_db


def text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).replace(" )", ")")


@pytest.fixture
def fournes():
    site = SiteFactory(
        slug="fournes",
        name="Fournès",
        operator=CompanyFactory(name="Amazon", slug="amazon"),
        operator_certainty="reported",
        operator_source=PressItemFactory(outlet="La Tribune Objectif Languedoc-Roussillon", title_checked=True),
        developer=CompanyFactory(name="Argan", slug="argan"),
    )
    EventFactory(site=site, date=dt.date(2019, 1, 1), date_precision="year", status_after=Status.ANNOUNCED)
    EventFactory(site=site, date=dt.date(2021, 11, 9), status_after=Status.SUSPENDED).sources.add(
        PressItemFactory(title="fournes tribunal", title_checked=False)
    )
    return site


@pytest.fixture
def boigny():
    site = SiteFactory(slug="boigny", name="Boigny-sur-Bionne", operator=CompanyFactory(name="Amazon France"))
    EventFactory(site=site, date=dt.date(2000, 1, 1), date_precision="year", kind="opening").sources.add(
        PressItemFactory(
            url=None,
            title="The Creative Economy in Local Territories",
            authors="B. Lefèvre, L. Wiart",
            title_checked=True,
        )
    )
    return site


def test_a_reported_operator_says_so_with_its_source_and_a_confirmed_one_does_not(client, fournes):
    page = text(client.get("/en/sites/fournes/").content.decode())
    assert "Amazon (reported; source: La Tribune Objectif Languedoc-Roussillon)" in page
    assert "Argan (confirmed)" in page
    table = text(client.get("/en/sites/").content.decode())
    assert "Amazon (reported)" in table


def test_a_site_with_no_known_status_says_status_unknown(client, boigny):
    assert boigny.status is None
    html = client.get("/en/sites/boigny/").content.decode()
    head = html[html.index('class="site-status"') :][:600]
    assert "status-icon" in head and "Status unknown" in head
    # A source without an address: cited by its title and authors, not linked.
    assert "<cite>The Creative Economy in Local Territories</cite>, B. Lefèvre, L. Wiart" in html
    table = text(client.get("/en/sites/?status=unknown").content.decode())
    assert "Boigny-sur-Bionne" in table and "Status unknown" in table


def test_stats_count_the_sites_of_unknown_status(client, boigny, fournes):
    page = text(client.get("/en/stats/").content.decode())
    assert re.search(r"Status unknown 1\b", page)


def test_the_site_page_shows_the_quality_of_its_record(client, fournes):
    page = text(client.get("/en/sites/fournes/").content.decode())
    assert "Last fully checked not yet due for a check" in page
    assert "Of 2 events: 1 known only to the year, 0 to the month." in page
    assert "1 event of 2 rests on a single source." in page
    assert "title rebuilt from the address, not checked" in page


def test_an_editor_marks_the_record_checked_and_the_history_keeps_it(client, fournes):
    url = "/en/sites/fournes/checked/"
    assert client.post(url)["Location"].startswith("/en/accounts/login/")
    client.force_login(UserFactory())
    assert client.post(url).status_code == 403
    editor = UserFactory(is_staff=True, display_name="Editor Ana")
    client.force_login(editor)
    page = client.get("/en/sites/fournes/").content.decode()
    assert "I checked the whole record against its sources today" in page
    version = Site.objects.get(slug="fournes").version
    response = client.post(url, {"version": version})
    assert response.status_code == 302
    site = Site.objects.get(slug="fournes")
    assert site.checked_by == editor and site.checked_at > timezone.now() - dt.timedelta(minutes=1)
    assert site.version == version + 1
    assert site.history.first().history_change_reason == "Record fully checked"
    page = text(client.get("/en/sites/fournes/").content.decode())
    assert f"Last fully checked {date_format(timezone.localtime(site.checked_at))}, by Editor Ana" in page
    assert "due for a check" not in page
    # From an older version of the page: refused, nothing written.
    assert client.post(url, {"version": version}).status_code == 302
    assert Site.objects.get(slug="fournes").version == version + 1


def test_the_quality_page_lists_what_needs_work_to_anyone(client, fournes, boigny):
    PressItemFactory(link_status=LinkStatus.DEAD, title_checked=True).sites.add(fournes)
    Site.objects.filter(slug="boigny").update(checked_at=timezone.now())
    response = client.get("/en/quality/")
    assert response.status_code == 200
    page = text(response.content.decode())
    assert "1 site not fully checked for a year (365 days) or never (of 2)" in page
    assert "1 operator or developer only reported, not confirmed" in page
    assert "1 source title not checked against its page" in page
    assert "2 events known only to the year" in page
    assert "1 dead link" in page
    rows = re.findall(r'<th scope="row"><a href="(/en/sites/[^/]+/)">', response.content.decode())
    assert rows == ["/en/sites/fournes/", "/en/sites/boigny/"]  # never checked first
    rows = re.findall(
        r'<th scope="row"><a href="(/en/sites/[^/]+/)">', client.get("/en/quality/?sort=-checked").content.decode()
    )
    assert rows == ["/en/sites/boigny/", "/en/sites/fournes/"]
    fournes_row = text("<a" + response.content.decode().split('<a href="/en/sites/fournes/"')[1].split("</tr>")[0])
    # reported 1, claims only reported 0, unchecked title 1, year-only 1 of 2, single source 1 of 2, dead link 1
    assert fournes_row.split() == [
        "Fournès", "never", "check", "due", "1", "0", "1", "1", "/", "2", "1", "/", "2", "1"
    ]  # fmt: skip


def test_the_quality_page_costs_the_same_queries_whatever_the_number_of_sites(client, fournes):
    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/en/quality/").status_code == 200
        return len(queries)

    few = count()
    for _ in range(5):
        SiteFactory(operator=CompanyFactory(), operator_certainty="reported")
        EventFactory(date=dt.date(2020, 1, 1), date_precision="year").sources.add(PressItemFactory())
    assert count() == few

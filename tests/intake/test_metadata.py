"""Metadata of an article page, and "add an article by URL" end to end: the request queues the
fetch (outbox), a real worker fetches the page from the live test server, the member reviews
and saves a source."""

import datetime as dt
import re

import pytest
from django.conf import settings

from apps.intake.metadata import extract
from apps.intake.models import IntakeItem
from apps.press.models import PressItem
from tests.alerts.celery_testing import wait_until

FIXTURES = settings.BASE_DIR / "tests" / "intake" / "fixtures"


def test_opengraph_metadata():
    html = (FIXTURES / "article_opengraph.html").read_text()
    meta = extract(html, "https://www.lalsace.fr/economie/2024/03/12/ensisheim-permis-suspendu?utm_source=x")
    assert meta.title == "Ensisheim : le tribunal suspend le permis de l'entrepôt Eurovia 16"
    assert meta.outlet == "L'Alsace"
    assert meta.published == dt.date(2024, 3, 12)
    assert meta.language == "fr"
    assert meta.description.startswith("Le tribunal administratif de Strasbourg a suspendu")
    assert meta.canonical == "https://www.lalsace.fr/economie/2024/03/12/ensisheim-permis-suspendu"


def test_json_ld_and_plain_meta_tags_when_there_is_no_opengraph():
    meta = extract((FIXTURES / "article_jsonld.html").read_text(), "https://www.brusselstimes.com/a")
    assert meta.title == "Liège Airport: Cainiao expansion questioned"
    assert meta.outlet == "The Brussels Times"
    assert meta.published == dt.date(2022, 3, 28)
    assert meta.language == "en"
    assert "Grâce-Hollogne" in meta.description


def test_a_page_with_nothing_but_a_title_falls_back_to_the_host_as_outlet():
    meta = extract("<html><head><title> Hello &amp; welcome </title></head></html>", "https://www.example.org/x")
    assert meta.title == "Hello & welcome"
    assert meta.outlet == "example.org"
    assert meta.published is None and meta.language == ""


def test_markup_in_metadata_is_removed():
    html = '<meta property="og:title" content="&lt;script&gt;alert(1)&lt;/script&gt;Real &lt;b&gt;title&lt;/b&gt;">'
    assert extract(html, "https://example.org/").title == "Real title"


@pytest.fixture
def reviewer(django_user_model):
    return django_user_model.objects.create_user("editor", password="x", is_staff=True)


@pytest.mark.django_db(transaction=True)
@pytest.mark.urls("tests.intake.urls")
def test_add_an_article_by_url_fetch_review_save(
    celery_worker, live_server, fetch_from_test_server, client, reviewer, ensisheim
):
    client.force_login(reviewer)
    url = f"{live_server.url}/test-fixtures/article_opengraph.html"

    response = client.post("/en/intake/add/", {"url": url})
    assert response.status_code == 302
    item = IntakeItem.objects.get()
    review = response["Location"]
    assert review == f"/en/intake/items/{item.pk}/"
    # While the task runs, the page says so and refreshes itself.
    first = client.get(review).text
    assert 'http-equiv="refresh"' in first or "Ensisheim : le tribunal" in first

    wait_until(lambda: IntakeItem.objects.get().fetch_state == "done", timeout=30)
    page = client.get(review).text
    assert 'value="Ensisheim : le tribunal suspend le permis de l&#x27;entrepôt Eurovia 16"' in page
    assert 'value="L&#x27;Alsace"' in page
    assert 'value="2024-03-12"' in page
    assert re.search(rf'value="{ensisheim.pk}"[^>]*checked', page)  # the matched site, ticked

    response = client.post(
        review,
        {
            "title": "Ensisheim : le tribunal suspend le permis",
            "outlet": "L'Alsace",
            "kind": "article",
            "published": "2024-03-12",
            "published_precision": "day",
            "language": "fr",
            "excerpt": "Le tribunal administratif a suspendu le permis.",
            "sites": [ensisheim.pk],
        },
    )
    assert response.status_code == 302
    press = PressItem.objects.get(url=url)
    assert list(press.sites.all()) == [ensisheim]
    assert press.published == dt.date(2024, 3, 12) and press.created_by == reviewer

    # The same article again (another spelling of the address): no second fetch, same item.
    again = client.post("/en/intake/add/", {"url": url + "?utm_source=newsletter"})
    assert again["Location"] == review


@pytest.mark.django_db(transaction=True)
def test_an_address_the_fetcher_refuses_is_reported_to_the_member(celery_worker, client, reviewer):
    client.force_login(reviewer)
    client.post("/en/intake/add/", {"url": "http://169.254.169.254/latest/meta-data/"})
    wait_until(lambda: IntakeItem.objects.get().fetch_state == "failed", timeout=30)
    item = IntakeItem.objects.get()
    page = client.get(f"/en/intake/items/{item.pk}/").text
    assert "The page could not be read" in page
    assert "169.254.169.254 is a link-local address" in page


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["javascript:alert(1)", "ftp://example.org/a", "not a url", ""])
def test_add_by_url_accepts_only_http_links(client, reviewer, url):
    client.force_login(reviewer)
    response = client.post("/en/intake/add/", {"url": url})
    assert response.status_code == 200  # the form again, with the error
    assert 'class="errorlist' in response.text
    assert not IntakeItem.objects.exists()

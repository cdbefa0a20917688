"""The story pages on the server: the list, the reader (the whole story in the HTML, in the
reader's language), the embed, oEmbed and the preview card of the first step, and the stories
named on the site pages."""

from urllib.parse import parse_qs, urlsplit

import pytest
from django.urls import reverse

from apps.stories.models import Story
from tests.atlas.test_crawlers import head
from tests.atlas.test_oembed import iframe

pytestmark = pytest.mark.django_db

LIEGE = "/en/stories/alibaba-liege-airport-2018-2024/"
LIEGE_FR = "/fr/stories/alibaba-liege-airport-2018-2024/"


def test_the_list_names_the_published_stories(client, reference_data):
    Story.objects.create(slug="draft", title_en="A draft")
    page = client.get("/en/stories/").content.decode()
    assert "Alibaba at Liège Airport, 2018–2024" in page
    assert "Amazon in France: the projects that were abandoned or refused" in page
    assert "8 steps · Dec. 5, 2018 – April 30, 2024" in page
    assert "A draft" not in page
    assert client.get("/en/stories/draft/").status_code == 404


def test_the_reader_holds_every_step_in_order(client, reference_data):
    page = client.get(LIEGE).content.decode()
    story = Story.objects.get(slug="alibaba-liege-airport-2018-2024")
    positions = [page.index(f'id="step-{step.position}"') for step in story.steps.order_by("position")]
    assert positions == sorted(positions) and len(positions) == 8
    assert '<time datetime="2019-09-30">Sept. 30, 2019</time>' in page
    assert "Single permit granted for the first hall" in page
    assert "Permit requested" in page  # Liège on step 2's date
    assert 'href="https://www.dhnet.be/' in page or "dhnet" in page  # the cited event's source
    assert 'src="/static/vendor/scrollama/scrollama.min.js"' in page


def test_the_reader_in_french(client, reference_data):
    page = client.get(LIEGE_FR).content.decode()
    assert "Alibaba à Liège Airport, 2018-2024" in page
    assert "Deux accords signés le même jour" in page
    assert "Étape 1 sur 8" in page


def test_the_preview_card_shows_the_first_step(client, reference_data):
    meta = head(client.get(LIEGE)).meta
    assert meta["og:title"] == "Alibaba at Liège Airport, 2018–2024"
    assert meta["og:description"] == "Dec. 5, 2018: Two agreements signed on the same day"
    image = urlsplit(meta["og:image"])
    assert image.path == "/map.png"
    assert parse_qs(image.query) == {
        "at": ["2018-12-05"], "lat": ["50.6550"], "lon": ["5.4510"], "z": ["8"], "width": ["1200"], "height": ["630"],
    }  # fmt: skip
    assert client.get(meta["og:image"].removeprefix("http://testserver")).status_code == 200
    # The last step of the Amazon story fits its six sites, with its filters.
    amazon = head(client.get("/en/stories/amazon-france-abandoned-refused/")).meta
    assert parse_qs(urlsplit(amazon["og:image"]).query)["operator"] == ["amazon"]


def test_the_embed_may_be_framed_and_oembed_points_at_it(client, reference_data):
    response = client.get(reverse("story-embed", kwargs={"slug": "alibaba-liege-airport-2018-2024"}))
    assert response.status_code == 200
    assert "frame-ancestors *" in response["Content-Security-Policy"]
    assert "X-Frame-Options" not in response
    (href,) = head(client.get(LIEGE)).links["alternate"][-1:]
    answer = client.get(href).json()
    assert answer["title"] == "Alibaba at Liège Airport, 2018–2024"
    assert iframe(answer["html"])["src"] == "http://testserver/embed/stories/alibaba-liege-airport-2018-2024/?lang=en"
    assert answer["thumbnail_url"].startswith("http://testserver/map.png?at=2018-12-05")
    # A link to one step embeds that step.
    answer = client.get("/oembed", {"url": f"http://testserver{LIEGE}#step-3"}).json()
    assert iframe(answer["html"])["src"].endswith("/embed/stories/alibaba-liege-airport-2018-2024/?lang=en#step-3")


def test_site_pages_link_to_their_stories(client, reference_data):
    page = client.get("/en/sites/liege-airport/").content.decode()
    assert f'href="{LIEGE}"' in page
    page = client.get("/en/sites/montbert/").content.decode()
    assert 'href="/en/stories/amazon-france-abandoned-refused/"' in page
    assert f'href="{LIEGE}"' not in page


def test_the_sitemap_lists_the_published_stories(client, reference_data):
    Story.objects.create(slug="draft", title_en="A draft")
    sitemap = client.get("/sitemap.xml").content.decode()
    assert f"http://testserver{LIEGE}" in sitemap
    assert "http://testserver/en/stories/</loc>" in sitemap and "http://testserver/fr/stories/</loc>" in sitemap
    assert "/stories/draft/" not in sitemap


def test_a_step_not_translated_yet_is_shown_in_its_original_and_marked(client, reference_data):
    step = Story.objects.get(slug="alibaba-liege-airport-2018-2024").steps.get(position=2)
    step.title_fr = ""
    step.save()
    page = client.get(LIEGE_FR).content.decode()
    assert '<span lang="en">A permit application for the first hall <small class="fallback-marker"' in page
    assert "(in English)" in page

"""One article, one canonical address, however the link was shared."""

import pytest

from apps.intake.canonical import canonical_url

SAME_ARTICLE = [
    "https://www.lesoir.be/432838/article/2022-03-28/alibaba-liege",
    "http://lesoir.be/432838/article/2022-03-28/alibaba-liege",
    "HTTPS://WWW.LESOIR.BE/432838/article/2022-03-28/alibaba-liege/",
    "https://www.lesoir.be:443/432838/article/2022-03-28/alibaba-liege#comments",
    "https://www.lesoir.be/432838/article/2022-03-28/alibaba-liege?utm_source=twitter&utm_medium=social",
    "https://www.lesoir.be/432838/article/2022-03-28/alibaba-liege?fbclid=IwAR0x&xtor=RSS-1&at_medium=rss",
    "https://www.lesoir.be./432838/article/2022-03-28/alibaba-liege?gclid=1&mc_cid=2&mc_eid=3",
]


@pytest.mark.parametrize("url", SAME_ARTICLE)
def test_tracking_scheme_and_host_variants_are_one_article(url):
    assert canonical_url(url) == "https://lesoir.be/432838/article/2022-03-28/alibaba-liege"


def test_parameters_that_select_the_content_are_kept_in_a_stable_order():
    assert canonical_url("https://example.org/read.php?page=2&id=7&utm_campaign=x") == (
        "https://example.org/read.php?id=7&page=2"
    )
    assert canonical_url("https://example.org/read.php?id=7") != canonical_url("https://example.org/read.php?id=8")


def test_a_non_default_port_and_a_different_path_are_different_articles():
    assert canonical_url("https://example.org:8443/a") == "https://example.org:8443/a"
    assert canonical_url("https://example.org/a") != canonical_url("https://example.org/b")


def test_international_host_names_are_normalised():
    assert canonical_url("https://www.LIÈGE-airport.example/x") == "https://xn--lige-airport-ydb.example/x"
    assert canonical_url("https://liège-airport.example/x") == canonical_url("https://www.LIÈGE-airport.example/x")

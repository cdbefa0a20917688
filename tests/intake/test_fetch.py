"""The fetcher refuses everything that could turn it against our own network (SSRF), and
bounds redirects, size and time. Each refusal has its test; the test server runs on loopback,
which only the tests that need it allow explicitly."""

import ipaddress
import time

import pytest

from apps.intake.fetch import Fetcher, FetchError, FetchRefused

from . import urls as fixture_urls

pytestmark = [pytest.mark.urls("tests.intake.urls")]

LOOPBACK_ALLOWED = [ipaddress.ip_network("127.0.0.1/32")]


def allowed(**kwargs) -> Fetcher:
    """A fetcher that may reach the test server (127.0.0.1 only), small limits."""
    return Fetcher(
        timeout=kwargs.pop("timeout", 2),
        max_bytes=kwargs.pop("max_bytes", 100_000),
        allowed_networks=LOOPBACK_ALLOWED,
        **kwargs,
    )


def refuses(url: str, fetcher: Fetcher | None = None, match: str | None = None) -> str:
    with pytest.raises(FetchRefused, match=match) as info:
        (fetcher or Fetcher(timeout=2)).get(url)
    return str(info.value)


@pytest.mark.parametrize(
    "url",
    ["file:///etc/passwd", "ftp://ftp.example.org/file", "gopher://example.org:70/", "data:text/html,<p>x</p>"],
)
def test_only_http_and_https(url):
    refuses(url, match="only http and https")


def test_no_credentials_in_the_address():
    refuses("http://admin:secret@example.org/", match="user name or password")


def test_loopback_refused_even_though_a_server_answers_there(live_server):
    fixture_urls.HITS.clear()
    refuses(f"{live_server.url}/test-fixtures/local_paper.rss", match="loopback")
    assert fixture_urls.HITS == []  # no request reached it


@pytest.mark.parametrize(
    ("address", "kind"),
    [
        ("127.0.0.1", "loopback"),
        ("127.1.2.3", "loopback"),
        ("[::1]", "loopback"),
        ("10.0.0.1", "private"),
        ("172.16.5.4", "private"),
        ("192.168.1.1", "private"),
        ("[fd00::1]", "private"),
        ("169.254.169.254", "link-local"),  # cloud metadata
        ("[fe80::1]", "link-local"),
        ("0.0.0.0", "unspecified"),  # noqa: S104 - the address under test
        ("224.0.0.1", "multicast"),
        ("240.0.0.1", "reserved"),
        ("100.64.0.1", "not a public address"),  # carrier-grade NAT
        ("[::ffff:127.0.0.1]", "loopback"),  # IPv4-mapped IPv6
        ("[::ffff:169.254.169.254]", "link-local"),
    ],
)
def test_non_public_addresses_refused(address, kind):
    refuses(f"http://{address}/latest/meta-data/", match=kind)


def test_a_name_that_resolves_to_loopback_is_refused_after_resolution():
    reason = refuses("http://localhost/admin/")
    assert "localhost resolves to" in reason


def test_a_name_with_one_private_address_among_public_ones_is_refused():
    fetcher = Fetcher(resolver=lambda host, port: ["93.184.216.34", "10.1.2.3"])
    with pytest.raises(FetchRefused, match=r"news\.example\.org resolves to 10\.1\.2\.3 is a private address"):
        fetcher.get("https://news.example.org/article")


def test_the_connection_goes_to_the_address_that_was_checked(live_server):
    """No second DNS lookup (DNS rebinding): the checked address is the one connected to, and
    the host name is kept for the Host header (and TLS)."""
    fetcher = allowed(resolver=lambda host, port: ["127.0.0.1"])
    port = live_server.url.rsplit(":", 1)[1]
    result = fetcher.get(f"http://feeds.hubwatch-test.invalid:{port}/test-fixtures/host/")
    assert result.body == f"host=feeds.hubwatch-test.invalid:{port}".encode()


@pytest.mark.parametrize(
    ("target", "reason"),
    [
        ("http://169.254.169.254/latest/meta-data/", "169.254.169.254 is a link-local"),
        ("http://10.0.0.1/", "10.0.0.1 is a private"),
        ("http://[::1]/", "::1 is a loopback"),
        ("file:///etc/passwd", "only http and https"),
    ],
)
def test_every_redirect_hop_is_checked(live_server, target, reason):
    refuses(f"{live_server.url}/test-fixtures/redirect/?to={target}", fetcher=allowed(), match=reason)


def test_redirects_are_followed_up_to_the_limit(live_server):
    fetcher = allowed(max_redirects=3)
    result = fetcher.get(f"{live_server.url}/test-fixtures/chain/3/")
    assert result.status == 200 and len(result.redirects) == 3
    assert b"og:title" in result.body
    refuses(f"{live_server.url}/test-fixtures/chain/4/", fetcher=fetcher, match="more than 3 redirects")


def test_size_is_capped_whether_announced_or_not(live_server):
    fetcher = allowed(max_bytes=100_000)
    refuses(f"{live_server.url}/test-fixtures/huge/", fetcher=fetcher, match="larger than 100000 bytes")
    refuses(f"{live_server.url}/test-fixtures/huge-streamed/", fetcher=fetcher, match="larger than 100000 bytes")


def test_time_is_capped_for_a_silent_server_and_for_a_dripping_one(live_server):
    fetcher = allowed(timeout=1)
    for path in ("slow", "drip"):
        started = time.monotonic()
        refuses(f"{live_server.url}/test-fixtures/{path}/", fetcher=fetcher, match="took longer than 1 s")
        assert time.monotonic() - started < 2.5


def test_server_errors_are_temporary_and_missing_pages_final(live_server):
    with pytest.raises(FetchError) as error:
        allowed().get(f"{live_server.url}/test-fixtures/broken/")
    assert not isinstance(error.value, FetchRefused)  # worth retrying later
    refuses(f"{live_server.url}/test-fixtures/missing.rss", fetcher=allowed(), match="answered 404")

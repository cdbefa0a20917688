"""The link checker against a local HTTP server: alive, missing, gone, moved, slow, a redirect
to a private address (refused by the SSRF guard), a server that refuses HEAD; politeness (its
User-Agent, one check a week, a pause between two requests to one host); and what a reader
sees of a dead link on the site page."""

from __future__ import annotations

import datetime as dt
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.utils import timezone

from apps.intake import links, tasks
from apps.press.models import LinkStatus, PressItem
from tests.factories import EventFactory, PressItemFactory, SiteFactory, UserFactory

pytestmark = pytest.mark.django_db

PAGE = (
    b"<html><head><title>Fourn\xc3\xa8s: the plain title</title>"
    b'<meta property="og:title" content="Fourn\xc3\xa8s : le projet Amazon devant le tribunal"></head>'
    b"<body>...</body></html>"
)


class Handler(BaseHTTPRequestHandler):
    log: list[tuple[str, str, str]] = []

    def log_message(self, *args):  # quiet
        pass

    def _answer(self, body: bool):
        Handler.log.append((self.command, self.path, self.headers.get("User-Agent", "")))
        path = self.path
        if path == "/slow":
            time.sleep(2)
        if path == "/nohead" and self.command == "HEAD":
            self.send_response(405)
            self.end_headers()
            return
        redirects = {"/moved": "/ok", "/private": "http://10.20.30.40/admin"}
        if path in redirects:
            self.send_response(301 if path == "/moved" else 302)
            self.send_header("Location", redirects[path])
            self.end_headers()
            return
        status = {"/missing": 404, "/gone": 410}.get(path, 200)
        self.send_response(status)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(PAGE)))
        self.end_headers()
        if body:
            self.wfile.write(PAGE)

    def do_HEAD(self):
        self._answer(body=False)

    def do_GET(self):
        self._answer(body=True)


@pytest.fixture
def server(settings):
    settings.INTAKE_FETCH_ALLOWED_NETWORKS = ["127.0.0.1/32"]  # the test server only, as in the intake tests
    settings.LINK_CHECK_TIMEOUT = 1
    settings.LINK_CHECK_HOST_INTERVAL = 0
    Handler.log = []
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def source(url: str, **kwargs) -> PressItem:
    return PressItemFactory(url=url, title_checked=kwargs.pop("title_checked", True), **kwargs)


def check_again(item: PressItem) -> PressItem:
    """Make the source due again (a week has passed) and run the beat task."""
    PressItem.objects.filter(pk=item.pk).update(link_checked_at=timezone.now() - dt.timedelta(days=8))
    tasks.check_links.run()
    item.refresh_from_db()
    return item


def test_a_live_link_is_checked_with_a_head_naming_hubwatch_and_recorded(server):
    item = source(f"{server}/ok")
    assert tasks.check_links.run() == {"alive": 1, "failing": 0, "dead": 0}
    item.refresh_from_db()
    assert item.link_status == LinkStatus.ALIVE and item.link_failures == 0
    assert item.link_checked_at > timezone.now() - dt.timedelta(minutes=1)
    assert item.link_detail == "200"
    assert [(method, path) for method, path, _ua in Handler.log] == [("HEAD", "/ok")]
    assert "Hubwatch" in Handler.log[0][2]
    assert item.history.count() == 1  # a check is not an edit: no new version


def test_each_link_is_checked_at_most_once_a_week(server):
    item = source(f"{server}/ok")
    tasks.check_links.run()
    tasks.check_links.run()
    assert len(Handler.log) == 1
    check_again(item)
    assert len(Handler.log) == 2


def test_a_server_refusing_head_gets_a_small_get(server):
    item = source(f"{server}/nohead")
    tasks.check_links.run()
    item.refresh_from_db()
    assert item.link_status == LinkStatus.ALIVE
    assert [(method, path) for method, path, _ua in Handler.log] == [("HEAD", "/nohead"), ("GET", "/nohead")]


def test_a_redirect_is_followed_and_said(server):
    item = source(f"{server}/moved")
    tasks.check_links.run()
    item.refresh_from_db()
    assert item.link_status == LinkStatus.ALIVE
    assert item.link_detail == f"200, redirected to {server}/ok"


def test_an_unchecked_title_gets_the_page_title_proposed_not_written(server):
    item = source(f"{server}/ok", title="fournes le projet argan amazon", title_checked=False)
    tasks.check_links.run()
    item.refresh_from_db()
    assert item.page_title == "Fournès : le projet Amazon devant le tribunal"  # Open Graph first
    assert item.title == "fournes le projet argan amazon" and not item.title_checked


def test_an_editor_accepts_the_proposed_title_from_the_admin(server, client):
    item = source(f"{server}/ok", title="fournes le projet argan amazon", title_checked=False)
    tasks.check_links.run()
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    response = client.post(
        "/admin/press/pressitem/", {"action": "accept_page_title", "_selected_action": [item.pk]}, follow=True
    )
    assert "1 title checked." in response.content.decode()
    item.refresh_from_db()
    assert item.title == "Fournès : le projet Amazon devant le tribunal" and item.title_checked
    assert item.history.first().history_change_reason == "Title checked against the page"


def test_a_missing_page_is_failing_then_dead_after_three_checks_in_a_row(server):
    item = source(f"{server}/missing")
    tasks.check_links.run()
    item.refresh_from_db()
    assert (item.link_status, item.link_failures) == (LinkStatus.FAILING, 1)
    assert "404" in item.link_detail
    assert check_again(item).link_status == LinkStatus.FAILING
    assert check_again(item).link_status == LinkStatus.DEAD
    assert item.link_failures == 3


def test_a_page_gone_is_dead_at_once(server):
    item = source(f"{server}/gone")
    tasks.check_links.run()
    item.refresh_from_db()
    assert item.link_status == LinkStatus.DEAD and "410" in item.link_detail


def test_a_link_that_comes_back_is_alive_again(server):
    item = source(f"{server}/missing")
    tasks.check_links.run()
    PressItem.objects.filter(pk=item.pk).update(url=f"{server}/ok")
    item = check_again(item)
    assert (item.link_status, item.link_failures) == (LinkStatus.ALIVE, 0)


def test_a_slow_server_times_out(server):
    item = source(f"{server}/slow")
    started = time.monotonic()
    tasks.check_links.run()
    assert time.monotonic() - started < 1.9
    item.refresh_from_db()
    assert item.link_status == LinkStatus.FAILING and "longer than 1 s" in item.link_detail


def test_a_redirect_to_a_private_address_is_refused(server):
    item = source(f"{server}/private")
    tasks.check_links.run()
    item.refresh_from_db()
    assert item.link_status == LinkStatus.FAILING
    assert "refused" in item.link_detail and "10.20.30.40" in item.link_detail
    assert [path for _m, path, _ua in Handler.log] == ["/private"]


def test_two_links_on_one_host_are_spaced(server):
    source(f"{server}/ok")
    source(f"{server}/moved")
    slept = []
    clock = iter([0.0, 0.5, 3.0]).__next__
    pacer = links.HostPacer(3.0, clock=clock, sleep=slept.append)
    links.check_due(pacer=pacer)
    assert slept == [2.5]


def test_a_dead_link_shows_its_archived_copy_on_the_site_page(server, client):
    site = SiteFactory(slug="fournes", name="Fournès")
    item = source(f"{server}/gone", title="Le projet Amazon devant le tribunal",
                  archived_url="https://web.archive.org/web/2021/https://example.org/fournes")  # fmt: skip
    EventFactory(site=site, title="Suit filed").sources.add(item)
    page = client.get("/en/sites/fournes/").content.decode()
    assert "link dead" not in page
    tasks.check_links.run()
    page = client.get("/en/sites/fournes/").content.decode()
    assert "link dead" in page
    assert 'href="https://web.archive.org/web/2021/https://example.org/fournes"' in page

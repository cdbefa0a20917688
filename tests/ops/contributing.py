"""A member of a collective contributing through the HTTP API (POST /api/sites/<slug>/events/),
as a script or a phone app would, against a served clone."""

from __future__ import annotations

import json
import secrets
import string
import threading
import urllib.error
import urllib.request
from dataclasses import dataclass, field

WORLD = """
import json
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from apps.collectives.models import Opposition
from apps.sites.models import Site
from tests.factories import CollectiveFactory, MembershipFactory, PressItemFactory

site = Site.objects.alive().order_by("pk").first()
collective = CollectiveFactory(name="Crash test collective", trusted=True)
Opposition.objects.create(collective=collective, site=site)
user = MembershipFactory(collective=collective).user
source = PressItemFactory()
source.sites.add(site)
session = SessionStore()
session[SESSION_KEY] = str(user.pk)
session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
session[HASH_SESSION_KEY] = user.get_session_auth_hash()
session.create()
print(json.dumps({"site": site.slug, "source": source.pk, "session": session.session_key}))
"""


@dataclass
class Member:
    site: str
    source: int
    session: str
    csrf: str = field(default_factory=lambda: "".join(secrets.choice(string.ascii_letters) for _ in range(32)))

    @classmethod
    def create(cls, clone) -> Member:
        return cls(**json.loads(clone.manage("shell", stdin=WORLD).strip().splitlines()[-1]))

    def post_event(self, base_url: str, title: str, timeout: float = 15) -> tuple[int | str, dict]:
        """(status code or the connection error's name, JSON body)."""
        body = json.dumps(
            {
                "when": "2026-11-20",
                "kind": "demonstration",
                "status_after": "",
                "title": title,
                "description": "Posted during a crash test.",
                "sources": [self.source],
            }
        ).encode()
        request = urllib.request.Request(  # noqa: S310 - loopback test server
            f"{base_url}/api/sites/{self.site}/events/",
            data=body,
            method="POST",
            headers={
                "Content-Type": "application/json",
                "Cookie": f"sessionid={self.session}; csrftoken={self.csrf}",
                "X-CSRFToken": self.csrf,
            },
        )
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
                return response.status, json.loads(response.read() or b"{}")
        except urllib.error.HTTPError as exc:
            return exc.code, {}
        except OSError as exc:
            return type(exc).__name__, {}


class Burst:
    """Threads posting events one after another until stopped; every answer is kept."""

    def __init__(self, member: Member, base_url: str, prefix: str, threads: int = 4):
        self.member, self.base_url, self.prefix = member, base_url, prefix
        self.answers: list[tuple[str, int | str, dict]] = []
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._threads = [threading.Thread(target=self._run, args=(n,), daemon=True) for n in range(threads)]

    def _run(self, n: int) -> None:
        i = 0
        while not self._stop.is_set():
            title = f"{self.prefix} {n}-{i}"
            status, body = self.member.post_event(self.base_url, title)
            with self._lock:
                self.answers.append((title, status, body))
            i += 1

    def start(self) -> Burst:
        for t in self._threads:
            t.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        for t in self._threads:
            t.join(timeout=30)

    def created(self) -> dict[str, int]:
        """title -> event id of every contribution answered 201."""
        with self._lock:
            return {title: body["id"] for title, status, body in self.answers if status == 201}

    def failed(self) -> list[tuple[str, int | str]]:
        with self._lock:
            return [(title, status) for title, status, _ in self.answers if status != 201]

"""make test-deploy: the Docker Compose deployment started on a real engine and checked from outside.

Run by scripts/test_deploy.sh once the images exist (make images). Uses only the standard library
on the host, `docker`, `docker compose` (or docker-compose 1.29+) and `wrk`. The stack runs as its
own Compose project (HUBWATCH_DEPLOY_PROJECT) on free ports with a throw-away .env of its own, and
is removed with its volumes at the end (--keep leaves it running).

What it checks, in order (each a line "ok"/"FAILED", then "N passed, N failed"):
  the stack: every healthcheck green, migrate ran once (exit 0) and loaded the reference data,
  /healthz 200, the map page and /api/sites/ through the published port; a contribution POSTed
  to the HTTP API survives `restart` and `down` + `up` (named volumes); the nightly backup task,
  sent to the worker, writes its dump into the backups volume; `check --deploy` clean with the
  production settings, non-root processes, read-only root filesystems, no secret in the image;
  the scale profile: the database replica streams (replication role and slot); with its replay
  paused, a contribution is written to the primary, the open API (read from the replica) does not
  show it yet and the site page (the primary) does; two web replicas behind nginx both answer;
  nginx keeps the API's bodies and revalidates each request (a repeat is a 304 from the web, a
  change is in the next answer); wrk through nginx while one web container stops loses no
  request, one against two replicas; both workers consume tasks.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import secrets
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PROJECT = os.environ.get("HUBWATCH_DEPLOY_PROJECT", "hubwatch-deploytest")
HOST = "localhost"  # in ALLOWED_HOSTS of the production settings

WORLD = """
import json
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, get_user_model
from django.contrib.sessions.backends.db import SessionStore
from apps.accounts.models import Membership
from apps.collectives.models import Collective, Opposition
from apps.press.models import PressItem
from apps.sites.models import Site

site = Site.objects.alive().order_by("pk").first()
collective, _ = Collective.objects.get_or_create(
    slug="deploy-test", defaults={"name": "Deploy test collective", "trusted": True}
)
Opposition.objects.get_or_create(collective=collective, site=site)
user, _ = get_user_model().objects.get_or_create(
    username="deploy-test", defaults={"email": "deploy-test@example.org", "display_name": "Deploy test"}
)
Membership.objects.get_or_create(user=user, collective=collective)
source, _ = PressItem.objects.get_or_create(
    url="https://news.example.org/deploy-test", defaults={"title": "Deploy test article", "outlet": "Example News"}
)
source.sites.add(site)
session = SessionStore()
session[SESSION_KEY] = str(user.pk)
session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
session[HASH_SESSION_KEY] = user.get_session_auth_hash()
session.create()
print(json.dumps({"site": site.slug, "source": source.pk, "session": session.session_key}))
"""

SEND_TASKS = """
from config.celery import app
print(" ".join(app.send_task("alerts.dispatch_outbox").id for _ in range(24)))
"""


class Failed(Exception):
    pass


def expect(condition: object, message: object) -> None:
    if not condition:
        raise Failed(str(message))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def compose_command() -> list[str]:
    done = subprocess.run(["docker", "compose", "version"], capture_output=True, check=False)  # noqa: S607
    if done.returncode == 0:
        return ["docker", "compose"]
    if shutil.which("docker-compose"):
        return ["docker-compose"]
    raise SystemExit("neither `docker compose` nor docker-compose found")


class Stack:
    def __init__(self, workdir: Path):
        self.port, self.scale_port = free_port(), free_port()
        password = secrets.token_hex(16)
        self.env_file = workdir / "deploy-test.env"
        self.env_file.write_text(
            "\n".join(
                [
                    f"SECRET_KEY={secrets.token_urlsafe(48)}",
                    f"POSTGRES_PASSWORD={password}",
                    "ALLOWED_HOSTS=localhost,127.0.0.1",
                    # Plain http on loopback: no TLS proxy in front of this test stack.
                    "SECURE_SSL_REDIRECT=false",
                    "TRUSTED_PROXY_COUNT=1",
                ]
            )
            + "\n"
        )
        self.env = {
            **os.environ,
            "HUBWATCH_ENV_FILE": str(self.env_file),
            "POSTGRES_PASSWORD": password,
            "PORT": str(self.port),
            "SCALE_PORT": str(self.scale_port),
        }
        self.base = [*compose_command(), "-p", PROJECT, "-f", str(ROOT / "docker-compose.yml")]

    def compose(self, *args: str, timeout: float = 900, stdin: str | None = None, check: bool = True) -> str:
        done = subprocess.run(  # noqa: S603 - fixed docker commands
            [*self.base, "--profile", "scale", *args] if args[0] == "down" else [*self.base, *args],
            cwd=ROOT,
            env=self.env,
            input=stdin,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
        if check and done.returncode != 0:
            raise Failed(f"compose {' '.join(args)} exited {done.returncode}: {(done.stderr or done.stdout)[-2000:]}")
        return done.stdout

    def scale(self, *args: str, **kwargs) -> str:
        return self.compose("--profile", "scale", *args, **kwargs)

    def exec(self, service: str, *cmd: str, stdin: str | None = None, env: dict | None = None) -> str:
        extra = [f"-e{k}={v}" for k, v in (env or {}).items()]
        return self.compose("exec", "-T", *extra, service, *cmd, stdin=stdin, timeout=300)

    def sql(self, service: str, query: str) -> str:
        """One query as the database's superuser, over the container's own socket: its value."""
        return self.scale(
            "exec",
            "-T",
            service,
            "psql",
            "-U",
            "hubwatch",
            "-d",
            "hubwatch",
            "-v",
            "ON_ERROR_STOP=1",
            "-tAc",
            query,
            timeout=120,
        ).strip()

    def container(self, service: str) -> str:
        ids = self.scale("ps", "-q", service).split()
        if not ids:
            raise Failed(f"no container for {service}")
        return ids[0]

    def inspect(self, service: str, template: str) -> str:
        return docker("inspect", "-f", template, self.container(service)).strip()

    def wait_healthy(self, services: list[str], timeout: float = 300) -> None:
        deadline = time.monotonic() + timeout
        pending = list(services)
        while pending:
            pending = [s for s in pending if self.inspect(s, "{{.State.Health.Status}}") != "healthy"]
            if not pending:
                return
            if time.monotonic() > deadline:
                states = {s: self.inspect(s, "{{.State.Status}}/{{.State.Health.Status}}") for s in pending}
                raise Failed(f"not healthy after {timeout:.0f} s: {states}")
            time.sleep(2)

    def logs(self, service: str) -> str:
        return self.scale("logs", "--no-color", service, timeout=120)

    def url(self, path: str, scale: bool = False) -> str:
        return f"http://127.0.0.1:{self.scale_port if scale else self.port}{path}"


def docker(*args: str) -> str:
    done = subprocess.run(["docker", *args], capture_output=True, text=True, check=False, timeout=300)  # noqa: S603, S607
    if done.returncode != 0:
        raise Failed(f"docker {' '.join(args)}: {done.stderr.strip()[-500:]}")
    return done.stdout


def http(url: str, method: str = "GET", data: bytes | None = None, headers: dict | None = None, timeout: float = 30):
    """(status, headers, body) of one request with Host: localhost; HTTP errors are answers too."""
    request = urllib.request.Request(url, data=data, method=method, headers={"Host": HOST, **(headers or {})})  # noqa: S310
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310 - loopback
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.headers, exc.read()


def wait_http(url: str, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while True:
        try:
            if http(url, timeout=5)[0] == 200:
                return
        except OSError:
            pass
        if time.monotonic() > deadline:
            raise Failed(f"{url} never answered 200")
        time.sleep(1)


def wrk(url: str, seconds: int, connections: int = 8) -> dict:
    """wrk's figures: requests/s, requests, non-2xx/3xx answers, socket errors."""
    done = subprocess.run(  # noqa: S603
        [
            "wrk",
            "-t2",
            f"-c{connections}",
            f"-d{seconds}s",
            "--timeout",
            "10s",
            "-H",
            f"Host: {HOST}",
            "--latency",
            url,
        ],  # noqa: S607
        capture_output=True,
        text=True,
        check=True,
        timeout=seconds + 60,
    )
    out = done.stdout
    errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    bad = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    p50 = re.search(r"^\s+50%\s+(\S+)", out, re.MULTILINE)
    p99 = re.search(r"^\s+99%\s+(\S+)", out, re.MULTILINE)
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),
        "requests": int(re.search(r"(\d+) requests in", out).group(1)),
        "non_2xx": int(bad.group(1)) if bad else 0,
        "socket_errors": sum(int(n) for n in errors.groups()) if errors else 0,
        "p50": p50.group(1) if p50 else "?",
        "p99": p99.group(1) if p99 else "?",
    }


class Checker:
    def __init__(self, stack: Stack):
        self.stack = stack
        self.passed: list[str] = []
        self.failed: list[str] = []
        self.figures: dict[str, object] = {}
        self.started = time.monotonic()

    def step(self, name: str, fn, critical: bool = False):
        t0 = time.monotonic()
        try:
            detail = fn()
        except (Failed, OSError, subprocess.SubprocessError, KeyError, ValueError) as exc:
            self.failed.append(name)
            print(f"FAILED {name} ({time.monotonic() - t0:.0f} s): {type(exc).__name__}: {exc}", flush=True)
            if critical:
                raise
            return None
        self.passed.append(name)
        print(f"ok     {name} ({time.monotonic() - t0:.0f} s){': ' + str(detail) if detail else ''}", flush=True)
        return detail


def contribution_titles(stack: Stack, site: str) -> str:
    status, _, body = http(stack.url(f"/api/events/?site={site}&page_size=500"))
    expect(status == 200, f"/api/events/ answered {status}")
    return body.decode()


def post_event(stack: Stack, member: dict, title: str, scale: bool = False):
    """POST /api/sites/<slug>/events/ as the test member: (status, decoded answer)."""
    csrf = secrets.token_hex(16)
    body = json.dumps(
        {
            "when": "2026-11-20",
            "kind": "demonstration",
            "status_after": "",
            "title": title,
            "description": "Posted by make test-deploy.",
            "sources": [member["source"]],
        }
    ).encode()
    status, _, answer = http(
        stack.url(f"/api/sites/{member['site']}/events/", scale=scale),
        method="POST",
        data=body,
        headers={
            "Content-Type": "application/json",
            "Cookie": f"sessionid={member['session']}; csrftoken={csrf}",
            "X-CSRFToken": csrf,
        },
    )
    expect(status == 201, f"POST answered {status}: {answer[:300]!r}")
    return status, json.loads(answer)


def run(stack: Stack, keep: bool) -> int:
    c = Checker(stack)
    s = stack
    state: dict[str, object] = {}
    core = ["db", "redis", "web", "worker"]

    def up():
        s.compose("up", "-d", timeout=900)
        s.wait_healthy(core)
        return f"{', '.join(core)} healthy"

    def migrated():
        code = s.inspect("migrate", "{{.State.ExitCode}}")
        expect(code == "0", f"migrate exited {code}")
        logs = s.logs("migrate")
        expect("Loaded" in logs or "loaded" in logs, f"no reference data load in migrate's output: {logs[-500:]}")
        status, _, body = http(s.url("/api/sites/"))
        expect(status == 200, f"/api/sites/ answered {status}")
        features = json.loads(body)["features"]
        expect(len(features) >= 10, f"{len(features)} sites")
        state["sites"] = len(features)
        return f"migrate exit 0, /api/sites/ has {len(features)} sites"

    def pages():
        status, _, body = http(s.url("/healthz"))
        expect(status == 200, f"/healthz {status}")
        health = json.loads(body)
        status, headers, page = http(s.url("/"))
        expect(status == 200, f"map page {status}")
        expect(b'id="map"' in page or b"map" in page, "no map in the page")
        return f"/healthz 200 ({health.get('status')}), map page 200 ({len(page)} bytes)"

    def contribute():
        out = s.exec("web", "python", "manage.py", "shell", stdin=WORLD)
        member = json.loads(out.strip().splitlines()[-1])
        state["member"] = member
        title = f"Deploy test {secrets.token_hex(4)}"
        _, answer = post_event(s, member, title)
        state["title"] = title
        expect(title in contribution_titles(s, member["site"]), "the new event is not in /api/events/")
        return f"201 {answer}"

    def survives(what):
        def check():
            if what == "restart":
                s.compose("restart", timeout=600)
            else:
                s.compose("down", timeout=600)
                s.compose("up", "-d", timeout=900)
            s.wait_healthy(core)
            wait_http(s.url("/healthz"))
            member = state["member"]
            expect(state["title"] in contribution_titles(s, member["site"]), f"the contribution is gone after {what}")
            status, _, body = http(s.url("/api/sites/"))
            count = len(json.loads(body)["features"])
            expect(count == state["sites"], f"{count} sites after {what}, {state['sites']} before")
            return f"contribution and {count} sites still there"

        return check

    def backup():
        task = s.exec("worker", "celery", "-A", "config", "call", "core.nightly_backup").strip()
        deadline = time.monotonic() + 180
        while time.monotonic() < deadline:
            listing = s.exec("web", "sh", "-c", "ls -l /app/var/backups").splitlines()
            dumps = [line for line in listing if re.search(r"hubwatch-nightly-\S+\.dump$", line)]
            if dumps:
                size = int(dumps[0].split()[4])
                expect(size > 10_000, f"dump of {size} bytes")
                return f"task {task}: {dumps[0].split()[-1]} ({size} bytes) in the backups volume"
            time.sleep(2)
        raise Failed("no dump in /app/var/backups after 180 s")

    def check_deploy():
        out = s.exec(
            "web",
            "python",
            "manage.py",
            "check",
            "--deploy",
            "--fail-level",
            "WARNING",
            env={"SECURE_SSL_REDIRECT": "true"},
        )
        return out.strip().splitlines()[-1] if out.strip() else "clean"

    def hardening():
        uids = {svc: s.exec(svc, "id", "-u").strip() for svc in ("web", "worker", "beat")}
        expect(all(uid != "0" for uid in uids.values()), f"root in {uids}")
        probe = (
            "for f in /app/manage.py /app/apps/__init__.py /app/config/settings/prod.py; do [ -w $f ] && echo $f; done;"
            " touch /app/x 2>/dev/null && echo /app"
        )
        writable = s.exec("web", "sh", "-c", probe + "; true").split()
        expect(not writable, f"writable by the app user: {writable}")
        # The root filesystem is read-only as well: a write to the code folder fails with EROFS.
        failed = s.exec("web", "sh", "-c", "touch /app/apps/x 2>&1; touch /etc/x 2>&1; true")
        expect(failed.count("Read-only file system") == 2, f"writes to /app/apps and /etc: {failed!r}")
        ro = {svc: s.inspect(svc, "{{.HostConfig.ReadonlyRootfs}}") for svc in ("web", "worker", "beat")}
        expect(set(ro.values()) == {"true"}, f"read-only root filesystems: {ro}")
        env = docker("image", "inspect", "-f", "{{json .Config.Env}}", s.inspect("web", "{{.Image}}"))
        expect("SECRET_KEY" not in env and "PASSWORD" not in env, "a secret in the image's environment")
        return f"uids {uids}, read-only root filesystems (touch: {failed.splitlines()[0]}), no secret in the image"

    def scale_up():
        # The app reads from the replica from now on (web, web-2, the workers are created again).
        password = s.env["POSTGRES_PASSWORD"]
        s.env["DATABASE_REPLICA_URL"] = f"postgis://hubwatch:{password}@db-replica:5432/hubwatch"
        s.scale("up", "-d", timeout=900)
        s.wait_healthy(["db-replica", "web", "web-2", "worker", "worker-2"])
        wait_http(s.url("/healthz", scale=True))
        wait_http(s.url("/api/sites/?page_size=1"))
        status, _, page = http(s.url("/", scale=True))
        expect(status == 200, f"map page through nginx {status}")
        return "db-replica, web, web-2, worker, worker-2 healthy; map page 200 through nginx"

    def replica_streams():
        expect(s.sql("db-replica", "SELECT pg_is_in_recovery()") == "t", "db-replica is not a standby")
        row = s.sql(
            "db",
            "SELECT usename || ' ' || state || ' ' || coalesce(s.slot_name, '-') FROM pg_stat_replication r"
            " LEFT JOIN pg_replication_slots s ON s.active_pid = r.pid",
        )
        expect(row == "replicator streaming hubwatch_replica", f"pg_stat_replication on db: {row!r}")
        sites = s.sql("db-replica", "SELECT count(*) FROM sites_site")
        return f"db-replica in recovery; on db: {row}; {sites} sites on the replica"

    def catch_up() -> float:
        """Wait until the replica has replayed everything the primary has written: seconds waited."""
        lsn = s.sql("db", "SELECT pg_current_wal_lsn()")
        t0 = time.monotonic()
        while s.sql("db-replica", f"SELECT pg_last_wal_replay_lsn() >= '{lsn}'::pg_lsn") != "t":
            expect(time.monotonic() - t0 < 60, f"the replica has not replayed {lsn} after 60 s")
            time.sleep(0.1)
        return time.monotonic() - t0

    def replica_routing():
        member = state["member"]
        site = member["site"]
        api = s.url(f"/api/events/?site={site}&page_size=500")
        page = s.url(f"/sites/{site}/")
        s.sql("db-replica", "SELECT pg_wal_replay_pause()")
        try:
            title = f"Deploy replica {secrets.token_hex(4)}"
            # A write (POST: never replica-eligible) goes to the primary while the replica is paused.
            _, answer = post_event(s, member, title)
            expect(answer.get("state") == "published", f"the POST's answer: {answer}")
            # The replica is paused: the open API (read from it) does not have the event yet...
            status, _, body = http(api)
            expect(status == 200, f"/api/events/ answered {status}")
            expect(
                title not in body.decode(), "the open API served the new event from a paused replica: not read from it"
            )
            # ...but the site page, which promises fresh data, reads the primary: it shows it at once,
            # directly and through nginx.
            for url in (page, s.url(f"/sites/{site}/", scale=True)):
                status, _, body = http(url)
                expect(status == 200, f"{url} answered {status}")
                expect(title in body.decode(), f"{url} does not show the new event while the replica lags")
        finally:
            s.sql("db-replica", "SELECT pg_wal_replay_resume()")
        catch_up()
        expect(title in http(api)[2].decode(), "the open API does not show the event once the replica replayed it")
        state["replica_title"] = title
        return (
            "replay paused: POST 201 (published, on db), /api/events/ without it (read from the replica), "
            f"/sites/{site}/ with it (primary, direct and through nginx); resumed: the API shows it"
        )

    def both_replicas():
        marker = secrets.token_hex(6)
        for _ in range(20):
            status, _, _ = http(s.url(f"/healthz?probe={marker}", scale=True))
            expect(status == 200, "status == 200")
        counts = {svc: s.logs(svc).count(marker) for svc in ("web", "web-2")}
        expect(all(counts.values()), f"requests per replica: {counts}")
        return f"20 requests through nginx: {counts}"

    def nginx_cache():
        member = state["member"]
        url = s.url(f"/api/sites/{member['site']}/?probe={secrets.token_hex(4)}", scale=True)
        first = http(url)
        second = http(url)
        statuses = [first[1].get("X-Cache-Status"), second[1].get("X-Cache-Status")]
        # nginx keeps the body and revalidates it each time: the web process answers a 304.
        expect(statuses == ["MISS", "REVALIDATED"], f"X-Cache-Status {statuses}")
        expect(second[2] == first[2], "the repeat's body differs")
        etag = second[1]["ETag"]
        revalidated = http(url, headers={"If-None-Match": etag})
        expect(revalidated[0] == 304, f"If-None-Match answered {revalidated[0]}")
        # A change through the HTTP API (a contribution to this site, through nginx): once the
        # replica has it, the very next request through nginx serves it.
        title = f"Deploy cache {secrets.token_hex(4)}"
        post_event(s, member, title, scale=True)
        catch_up()
        # What the primary measured: the time from its commit to the replica's replay of it.
        lag = s.sql("db", "SELECT coalesce(extract(epoch FROM replay_lag), 0) FROM pg_stat_replication")
        after = http(url)
        cache_status = after[1].get("X-Cache-Status")
        expect(after[1]["ETag"] != etag, f"nginx still answers the old ETag (X-Cache-Status {cache_status})")
        expect(title in after[2].decode(), "the next request through nginx does not show the new event")
        c.figures["replica_replay_lag_s"] = float(lag)
        return (
            f"X-Cache-Status {statuses}, If-None-Match -> 304; a contribution POSTed through nginx is in the next "
            f"GET through nginx ({cache_status}; the replica's replay_lag {float(lag) * 1000:.1f} ms)"
        )

    probe_path = "/api/events/?page_size=50"  # not in nginx's cache: every request reaches a replica

    def wrk_two():
        wrk(s.url(probe_path, scale=True), 3)  # warm-up
        figures = wrk(s.url(probe_path, scale=True), 10)
        c.figures["two_replicas"] = figures
        cached = wrk(s.url("/api/sites/", scale=True), 5)
        c.figures["nginx_cached_api_sites"] = cached
        expect(figures["non_2xx"] == 0 and figures["socket_errors"] == 0, figures)
        return f"{probe_path}, two replicas: {figures}; /api/sites/ from nginx's cache: {cached['rps']} req/s"

    def stop_under_load():
        web2 = s.container("web-2")
        result: dict = {}

        import threading

        def load():
            result.update(wrk(s.url(probe_path, scale=True), 14))

        thread = threading.Thread(target=load)
        thread.start()
        time.sleep(4)
        docker("stop", "-t", "10", web2)
        thread.join()
        c.figures["stop_one_replica"] = result
        expect(result["non_2xx"] == 0 and result["socket_errors"] == 0, f"lost requests: {result}")
        return f"web-2 stopped after 4 s of 14: {result['requests']} requests, none lost ({result})"

    def wrk_one():
        figures = wrk(s.url(probe_path, scale=True), 10)
        c.figures["one_replica"] = figures
        docker("start", s.container("web-2"))
        expect(figures["non_2xx"] == 0 and figures["socket_errors"] == 0, figures)
        return f"{probe_path} through nginx, web-2 stopped: {figures}"

    def both_workers():
        out = s.exec("web", "python", "manage.py", "shell", stdin=SEND_TASKS)
        ids = re.findall(r"\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b", out)
        expect(len(ids) == 24, ids)
        deadline = time.monotonic() + 90
        while True:
            counts = {w: sum(1 for i in ids if f"[{i}] succeeded" in s.logs(w)) for w in ("worker", "worker-2")}
            if sum(counts.values()) == len(ids):
                break
            expect(time.monotonic() < deadline, f"tasks done per worker after 90 s: {counts}")
            time.sleep(3)
        expect(all(counts.values()), f"one worker did all the tasks: {counts}")
        return f"24 tasks: {counts}"

    try:
        s.compose("down", "-v", "--remove-orphans", timeout=300, check=False)
        c.step("compose up: every healthcheck green", up, critical=True)
        c.step("migrate ran once and loaded the reference data", migrated, critical=True)
        c.step("/healthz and the map page on the published port", pages)
        c.step("a contribution through the HTTP API (POST /api/sites/<slug>/events/)", contribute)
        if "title" in state:
            c.step("the contribution survives `compose restart`", survives("restart"))
            c.step("the contribution survives `compose down` + `up` (named volumes)", survives("down"))
        c.step("the nightly backup task writes its dump into the backups volume", backup)
        c.step("manage.py check --deploy clean with the production settings", check_deploy)
        c.step("non-root processes, read-only code, no secret in the image", hardening)
        c.step(
            "scale profile up: two web replicas and two workers behind nginx, a database replica",
            scale_up,
            critical=True,
        )
        c.step("db-replica streams from db (replication role and slot)", replica_streams)
        if "member" in state:
            c.step("API reads from the replica; writes and a lagging replica's fresh pages from db", replica_routing)
        c.step("both web replicas answer through nginx", both_replicas)
        if "member" in state:
            c.step("nginx revalidates: a repeat is a 304 from the web, a change is served at once", nginx_cache)
        c.step("wrk through nginx, two replicas", wrk_two)
        c.step("stopping one web container under wrk loses no request", stop_under_load)
        c.step("wrk through nginx, one replica", wrk_one)
        c.step("both workers consume tasks", both_workers)
    except Failed:
        pass
    finally:
        if c.failed:
            print(s.scale("ps", check=False, timeout=120))
            for svc in ("migrate", "web", "worker", "lb"):
                print(f"--- last lines of {svc}'s log")
                print("\n".join(s.scale("logs", "--no-color", "--tail", "30", svc, check=False).splitlines()[-30:]))
        if c.figures:
            print("figures: " + json.dumps(c.figures))
        if keep:
            print(f"left running: project {PROJECT}, http://localhost:{s.port}/ and :{s.scale_port} (env {s.env_file})")
        else:
            s.compose("down", "-v", "--remove-orphans", timeout=300, check=False)
    print(f"deploy checks took {time.monotonic() - c.started:.0f} s")
    print(f"{len(c.passed)} passed, {len(c.failed)} failed")
    return 1 if c.failed else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--keep", action="store_true", help="leave the stack running at the end")
    args = parser.parse_args()
    workdir = ROOT / "var"
    workdir.mkdir(exist_ok=True)
    return run(Stack(workdir), args.keep)


if __name__ == "__main__":
    sys.exit(main())

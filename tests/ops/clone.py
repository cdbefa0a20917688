"""A second copy of Hubwatch for the tests that need their own services: a `git clone` of this
repository at HEAD, with its own var/ (its own PostgreSQL cluster and Redis on their own ports),
reusing this checkout's .venv through a symlink so that nothing is installed again."""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
from pathlib import Path

from django.conf import settings


class Clone:
    def __init__(self, path: Path):
        self.path = path
        self.env: dict[str, str] = {}

    @classmethod
    def make(cls, parent: Path) -> Clone:
        path = parent / "hubwatch"
        subprocess.run(  # noqa: S603 - fixed executable, our own repository
            ["git", "clone", "--quiet", "--no-hardlinks", str(settings.BASE_DIR), str(path)],  # noqa: S607
            check=True,
            capture_output=True,
        )
        (path / ".venv").symlink_to(settings.BASE_DIR / ".venv")
        (path / "node_modules").symlink_to(settings.BASE_DIR / "node_modules")
        return cls(path)

    def script(
        self, name: str, *args: str, timeout: float = 180, check: bool = True, **extra_env: str
    ) -> subprocess.CompletedProcess:
        env = {**self.person_env(), **extra_env}
        done = subprocess.run(  # noqa: S603 - the clone's own scripts
            [str(self.path / "scripts" / name), *args],
            cwd=self.path,
            env=env,
            capture_output=True,
            text=True,
            timeout=timeout,
        )
        if check:
            assert done.returncode == 0, f"{name} {args}: {done.stdout}\n{done.stderr}"
        return done

    def person_env(self) -> dict[str, str]:
        """The environment of a person running the clone's scripts: no service URLs (its own
        embedded services), its default (dev) settings."""
        return {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL", "DJANGO_SETTINGS_MODULE"}}

    def start_services(self) -> subprocess.CompletedProcess:
        done = self.script("services.sh", "start")
        for name, value in re.findall(r"(\w+)='([^']*)'", done.stdout):
            self.env[name] = value
        return done

    def stop_services(self) -> None:
        self.script("services.sh", "stop", check=False)

    @property
    def database_url(self) -> str:
        return self.env["DATABASE_URL"]

    def libpq(self, name: str | None = None) -> str:
        url = self.database_url.replace("postgis://", "postgresql://", 1)
        return url if name is None else url.rsplit("/", 1)[0] + "/" + name

    def pg_home(self) -> Path:
        return (self.path / "var" / "pg").resolve()

    def remove(self) -> None:
        """Stop its services and remove its cluster, wherever it lives."""
        self.stop_services()
        for name in ("pg", "pg-test"):
            home = (self.path / "var" / name).resolve()
            if home.exists() and not str(home).startswith(str(self.path)):
                shutil.rmtree(home, ignore_errors=True)
        shutil.rmtree(self.path, ignore_errors=True)

    def manage(self, *args: str, stdin: str | None = None, timeout: float = 120) -> str:
        """`manage.py <args>` in the clone, against its own services; its standard output."""
        env = {**os.environ, **self.env, "DJANGO_SETTINGS_MODULE": "config.settings.dev"}
        done = subprocess.run(  # noqa: S603 - the clone's interpreter
            self.command("manage.py", *args),
            cwd=self.path,
            env=env,
            input=stdin,
            capture_output=True,
            text=True,
            timeout=timeout,
        )
        assert done.returncode == 0, f"manage.py {args}: {done.stdout}\n{done.stderr}"
        return done.stdout

    def command(self, *words: str) -> list[str]:
        return [str(self.path / ".venv" / "bin" / "python"), *words]

    def __repr__(self) -> str:
        return f"Clone({shlex.quote(str(self.path))})"


def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for_http(url: str, timeout: float = 60, status: int | None = 200) -> int:
    """Poll `url` until it answers (with `status` when given); the last status code."""
    import time
    import urllib.error
    import urllib.request

    deadline = time.monotonic() + timeout
    last: object = None
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310 - loopback test server
                code = response.status
        except urllib.error.HTTPError as exc:
            code = exc.code
        except OSError as exc:
            last = exc
            time.sleep(0.2)
            continue
        if status is None or code == status:
            return code
        last = code
        time.sleep(0.2)
    raise AssertionError(f"{url} did not answer {status} within {timeout} s (last: {last})")


class Gunicorn:
    """gunicorn serving a clone, as scripts/run.sh starts it."""

    def __init__(self, clone: Clone, workers: int = 1, settings_module: str = "config.settings.dev", **env: str):
        self.clone = clone
        self.port = free_port()
        self.workers = workers
        self.settings_module = settings_module
        self.extra_env = env
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> Gunicorn:
        env = {**os.environ, **self.clone.env, "DJANGO_SETTINGS_MODULE": self.settings_module, "DEBUG": "0"}
        env.update(self.extra_env)
        self.log = open(self.clone.path / "var" / f"gunicorn-{self.port}.log", "ab")  # noqa: SIM115
        self.process = subprocess.Popen(  # noqa: S603 - the clone's interpreter, fixed arguments
            self.clone.command(
                "-m",
                "gunicorn",
                "config.wsgi:application",
                "--bind",
                f"127.0.0.1:{self.port}",
                "--workers",
                str(self.workers),
                "--timeout",
                "30",
            ),
            cwd=self.clone.path,
            env=env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )
        wait_for_http(self.url + "/healthz", status=None)
        return self

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.process = None
        self.log.close()


class MakeRun:
    """`make run` in a clone (scripts/run.sh: prepare, then gunicorn, a Celery worker and beat),
    in its own process group, its output in a file."""

    def __init__(self, clone: Clone, **env: str):
        self.clone = clone
        self.port = free_port()
        self.env = env
        self.process: subprocess.Popen | None = None
        self.log_path = clone.path / "var" / f"make-run-{self.port}.log"

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, timeout: float = 180) -> MakeRun:
        env = {**self.clone.person_env(), "PORT": str(self.port), "WEB_CONCURRENCY": "2", **self.env}
        self.clone.path.joinpath("var").mkdir(exist_ok=True)
        with open(self.log_path, "ab") as log:
            self.process = subprocess.Popen(  # noqa: S603 - the clone's own script
                [str(self.clone.path / "scripts" / "run.sh")],
                cwd=self.clone.path,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        wait_for_http(self.url + "/healthz", timeout=timeout)
        return self

    def output(self) -> str:
        return self.log_path.read_text(errors="replace")

    def children(self, name: str) -> list[int]:
        """Pids of this run's processes whose command line contains `name`."""
        pgid = os.getpgid(self.process.pid)
        found = []
        for proc in Path("/proc").iterdir():
            if not proc.name.isdigit():
                continue
            try:
                if os.getpgid(int(proc.name)) != pgid:
                    continue
                cmdline = (proc / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
            except (OSError, ProcessLookupError):
                continue
            if name in cmdline:
                found.append(int(proc.name))
        return sorted(found)

    def stop(self) -> None:
        import signal
        import time

        if self.process is None:
            return
        pgid = os.getpgid(self.process.pid) if self.process.poll() is None else self.process.pid
        if self.process.poll() is None:
            self.process.terminate()  # run.sh's trap stops gunicorn, the worker and beat
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                pass
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            try:
                os.killpg(pgid, 0)
            except ProcessLookupError:
                break
            time.sleep(0.2)
        else:
            try:
                os.killpg(pgid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()
        self.process = None


def ppid(pid: int) -> int | None:
    try:
        with open(f"/proc/{pid}/stat") as f:
            return int(f.read().rsplit(")", 1)[1].split()[1])
    except (OSError, IndexError, ValueError):
        return None


def children_of(parent: int) -> list[int]:
    return sorted(int(p) for p in os.listdir("/proc") if p.isdigit() and ppid(int(p)) == parent)


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def wait_until(predicate, timeout: float = 30.0, interval: float = 0.1):
    import time

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    raise AssertionError(f"condition not met within {timeout} s")

"""The map's load time in headless Chromium: from navigation to all markers drawn.

    .venv/bin/python -m bench.map_load [--sizes ref,10k] [--rounds 7] [--keep]

For each size, a scratch database (hubwatch_scratch_atlas_<size>) on the server of DATABASE_URL
is filled (the reference data through `load_reference_data`; N synthetic sites through
`generate_demo_data`), a Django server is started on it, and Chromium opens `/` ROUNDS times.
The map module marks `map-data-received` and `map-markers-drawn` (after the canvas has painted,
two animation frames after the markers were added); the figures are read from the Performance
timeline, in milliseconds since navigation start. Medians are printed, with min and max, and
the time a move of the time slider takes to redraw (the replay's frame cost).

Panning: a PerformanceObserver for 'longtask' entries is installed by an init script before
navigation (the page's CSP forbids inline scripts; Playwright's init scripts are not page code).
After the load, each round drags the map with the mouse, pans it with the arrow keys and zooms
in and out with the keyboard and the wheel; the long tasks (main-thread tasks over 50 ms) that
start during those gestures are collected, and their maximum and 95th percentile printed. No
long task at all means nothing froze the page for 50 ms or more.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg
import psycopg.sql

from bench.load import free_port

ROOT = Path(__file__).resolve().parent.parent
PY = str(ROOT / ".venv" / "bin" / "python")
TILE_PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000001e221bc330000000049454e44ae426082"
)
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"]

SLIDER_MOVE_JS = """async () => {
  const slider = document.getElementById('timebar-slider');
  const times = [];
  for (const fraction of [0.3, 0.5, 0.7, 0.9]) {
    const t0 = performance.now();
    slider.value = String(Math.round(Number(slider.max) * fraction));
    slider.dispatchEvent(new Event('input'));
    await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
    times.push(performance.now() - t0);
  }
  return times;
}"""

LONGTASK_INIT_JS = """(() => {
  window.__hwLongTasks = [];
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) window.__hwLongTasks.push([e.startTime, e.duration]);
    }).observe({ type: 'longtask', buffered: true });
  } catch (e) { window.__hwLongTasks = null; }
})();"""

# (kind, argument): a mouse drag by (dx, dy), a key press on the focused map, a wheel turn.
PAN_GESTURES = [
    ("drag", (300, 120)),
    ("drag", (-450, -60)),
    ("drag", (150, -200)),
    ("key", "ArrowRight"),
    ("key", "ArrowDown"),
    ("key", "ArrowLeft"),
    ("key", "ArrowUp"),
    ("key", "+"),
    ("drag", (-250, 150)),
    ("key", "-"),
    ("wheel", -300),
    ("drag", (200, 200)),
    ("wheel", 300),
]


def _pan(page) -> list[float]:
    """Drive the pans and zooms of PAN_GESTURES; return the durations of the long tasks meanwhile."""
    box = page.locator("#map").bounding_box()
    cx, cy = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    page.wait_for_timeout(500)  # let the load's own tasks end
    t0 = page.evaluate("() => performance.now()")
    page.locator("#map").focus()
    for kind, arg in PAN_GESTURES:
        if kind == "drag":
            page.mouse.move(cx, cy)
            page.mouse.down()
            page.mouse.move(cx + arg[0], cy + arg[1], steps=12)
            page.mouse.up()
        elif kind == "key":
            page.keyboard.press(arg)
        else:
            page.mouse.move(cx, cy)
            page.mouse.wheel(0, arg)
        page.wait_for_timeout(450)  # the pan/zoom animation (250 ms) and markercluster's moveend work
    tasks = page.evaluate("() => window.__hwLongTasks")
    if tasks is None:
        raise RuntimeError("this Chromium does not report long tasks")
    return [duration for start, duration in tasks if start >= t0]


def _p95(values: list[float]) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def _url_for(database_url: str, name: str) -> str:
    parts = urlsplit(database_url)
    return urlunsplit(parts._replace(path=f"/{name}"))


def _conninfo(database_url: str, name: str) -> str:
    parts = urlsplit(database_url)
    return f"host={parts.hostname} port={parts.port or 5432} user={parts.username} dbname={name}" + (
        f" password={parts.password}" if parts.password else ""
    )


def prepare(size: str, database_url: str) -> str:
    name = f"hubwatch_scratch_atlas_{size}"
    admin = _conninfo(database_url, urlsplit(database_url).path.lstrip("/"))
    with psycopg.connect(admin, autocommit=True) as conn:
        exists = conn.execute("select 1 from pg_database where datname = %s", [name]).fetchone()
        if not exists:
            conn.execute(psycopg.sql.SQL("create database {}").format(psycopg.sql.Identifier(name)))
    url = _url_for(database_url, name)
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.dev"}
    with psycopg.connect(_conninfo(database_url, name), autocommit=True) as conn:
        try:
            count = conn.execute("select count(*) from sites_site").fetchone()[0]
        except psycopg.errors.UndefinedTable:
            count = 0

    def manage(*command: str) -> None:
        subprocess.run([PY, "manage.py", *command], cwd=ROOT, env={**env, "DATABASE_URL": url}, check=True)  # noqa: S603

    # Reused or not, the schema must be the code's (generate_demo_data migrates on its own).
    manage("migrate", "-v0")
    if size == "ref":
        if not count:
            manage("load_reference_data")
    else:
        wanted = int(size.rstrip("k")) * 1000
        if count != wanted:
            subprocess.run(  # noqa: S603
                [PY, "manage.py", "generate_demo_data", "--database-url", url, "--sites", str(wanted)],
                cwd=ROOT,
                env=env,
                check=True,
            )
    return url


def measure(url: str, rounds: int) -> dict:
    from playwright.sync_api import sync_playwright

    port = free_port()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.dev",
        "DATABASE_URL": url,
        "DEBUG": "0",
        "MAP_TILES_URL": "/static/test-tiles/{z}/{x}/{y}.png",
    }
    server = subprocess.Popen(  # noqa: S603
        [PY, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload", "--insecure"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(f"{base}/healthz", timeout=1)  # noqa: S310
                break
            except OSError:
                time.sleep(0.2)
        drawn, data, draw_only, slider, stages, sites = [], [], [], [], [], 0
        dynamic = False
        pan_tasks, pan_round_max = [], []
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
            for _ in range(rounds + 1):  # the first round warms caches and is dropped
                page = browser.new_page(viewport={"width": 1366, "height": 860})
                page.add_init_script(LONGTASK_INIT_JS)
                page.route("**/test-tiles/**", lambda r: r.fulfill(status=200, content_type="image/png", body=TILE_PNG))
                page.goto(f"{base}/")
                page.wait_for_selector("#map[data-state=ready]", timeout=120000)
                marks = page.evaluate(
                    "() => Object.fromEntries(performance.getEntriesByType('mark').map(m => [m.name, m.startTime]))"
                )
                sites = int(page.locator("#map").get_attribute("data-markers"))
                drawn.append(marks["map-markers-drawn"])
                data.append(marks["map-data-received"])
                draw_only.append(marks["map-markers-drawn"] - marks["map-data-received"])
                # Above MAP_DYNAMIC_ABOVE sites the map draws server-side clusters of its view: no
                # stages in the browser, no time slider; panning asks the server again.
                dynamic = page.locator("#map").get_attribute("data-mode") == "dynamic"
                if not dynamic:
                    stages.append(
                        (
                            marks["map-view-set"] - marks["map-data-received"],
                            marks["map-markers-added"] - marks["map-view-set"],
                            marks["map-markers-drawn"] - marks["map-markers-added"],
                        )
                    )
                tasks = _pan(page)
                pan_tasks.append(tasks)
                pan_round_max.append(max(tasks, default=0.0))
                if not dynamic:
                    slider.extend(page.evaluate(SLIDER_MOVE_JS))
                page.close()
            browser.close()
        drop = slice(1, None)
        return {
            "markers": sites,
            "dynamic": dynamic,
            "navigation_to_drawn": drawn[drop],
            "navigation_to_data": data[drop],
            "data_to_drawn": draw_only[drop],
            "slider_move": slider[4:],
            "pan_long_tasks": [d for tasks in pan_tasks[drop] for d in tasks],
            "pan_round_max": pan_round_max[drop],
            "pan_gestures": len(PAN_GESTURES),
            "prepare": [s[0] for s in stages[drop]],
            "add_markers": [s[1] for s in stages[drop]],
            "paint": [s[2] for s in stages[drop]],
        }
    finally:
        server.terminate()
        server.wait(timeout=10)


def _fmt(values: list[float]) -> str:
    return f"median {statistics.median(values):7.0f} ms  (min {min(values):.0f}, max {max(values):.0f})"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="ref,10k")
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--keep", action="store_true", help="Keep the scratch databases (default: keep; see --drop).")
    parser.add_argument("--drop", action="store_true", help="Drop the scratch databases at the end.")
    args = parser.parse_args()
    database_url = os.environ.get("DATABASE_URL")
    if not database_url:
        print("DATABASE_URL is not set: source scripts/env.sh first.", file=sys.stderr)
        return 2
    for size in args.sizes.split(","):
        url = prepare(size, database_url)
        result = measure(url, args.rounds)
        drawn_what = "clusters and sites drawn (server-side clusters)" if result["dynamic"] else "markers drawn"
        print(f"\n{size}: {result['markers']} {drawn_what}, {args.rounds} rounds, headless Chromium")
        print(f"  navigation -> all markers drawn  {_fmt(result['navigation_to_drawn'])}")
        print(f"  navigation -> data received      {_fmt(result['navigation_to_data'])}")
        print(f"  data received -> markers drawn   {_fmt(result['data_to_drawn'])}")
        if not result["dynamic"]:
            print(f"    of which: parse+prepare+view  {_fmt(result['prepare'])}")
            print(f"              filter+add markers  {_fmt(result['add_markers'])}")
            print(f"              canvas paint        {_fmt(result['paint'])}")
            print(f"  time slider move -> redrawn      {_fmt(result['slider_move'])}")
        tasks = result["pan_long_tasks"]
        print(
            f"  panning ({result['pan_gestures']} drags, arrow keys, zooms per round): {len(tasks)} long tasks, "
            f"max {max(tasks, default=0):.0f} ms, p95 {_p95(tasks):.0f} ms, "
            f"over 100 ms: {sum(d > 100 for d in tasks)}; worst per round {_fmt(result['pan_round_max'])}"
        )
        if args.drop:
            name = urlsplit(url).path.lstrip("/")
            admin = _conninfo(database_url, urlsplit(database_url).path.lstrip("/"))
            with psycopg.connect(admin, autocommit=True) as conn:
                conn.execute(psycopg.sql.SQL("drop database {}").format(psycopg.sql.Identifier(name)))
    return 0


if __name__ == "__main__":
    sys.exit(main())

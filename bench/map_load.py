"""The map in headless Chromium: from navigation to every site drawn, and long tasks while panning.

    .venv/bin/python -m bench.map_load --base-url http://127.0.0.1:8000 [--rounds 5]

(`make bench` runs it against its own gunicorn on the 10k scratch database.) The page is read
through the data attributes of #map only: `data-state` becomes "ready" once the sites are drawn,
`data-markers` and `data-shown` count what is drawn, `data-mode` is "dynamic" when the server
draws clusters. An init script (not page code, so the page's CSP allows it) notes when data-state
became "ready" (ms since navigation start) and collects the long tasks (main-thread tasks over
50 ms) a PerformanceObserver reports. "Data received" is the end of the last download other than
an image before the map was ready (Resource Timing: the map's data, fetched or preloaded,
whatever its URL). After the load each round drags the map, pans it with the arrow keys and
zooms; the long tasks started meanwhile are kept. Map tiles are answered by the bench with a
blank image. The first round warms caches and is dropped.
"""

from __future__ import annotations

import argparse
import statistics
import sys

TILE_PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000001e221bc330000000049454e44ae426082"
)
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"]

INIT_JS = """(() => {
  window.__hw = { ready: null, longTasks: [] };
  performance.setResourceTimingBufferSize(100000);  // the map's tiles would fill the default 250
  new MutationObserver(() => {
    const map = document.getElementById('map');
    if (window.__hw.ready === null && map && map.dataset.state === 'ready') window.__hw.ready = performance.now();
  }).observe(document, { subtree: true, attributes: true, attributeFilter: ['data-state'] });
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) window.__hw.longTasks.push([e.startTime, e.duration]);
    }).observe({ type: 'longtask', buffered: true });
  } catch (e) { window.__hw.longTasks = null; }
})();"""

LAST_FETCH_JS = """(ready) => Math.max(0, ...performance.getEntriesByType('resource')
  .filter((e) => e.initiatorType !== 'img' && e.responseEnd <= ready)
  .map((e) => e.responseEnd))"""

# (kind, argument): a mouse drag by (dx, dy), a key press on the focused map, a wheel turn.
GESTURES = [
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


def pan(page) -> list[float]:
    """Play GESTURES; the durations (ms) of the long tasks that started meanwhile."""
    box = page.locator("#map").bounding_box()
    cx, cy = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    page.wait_for_timeout(500)  # let the load's own tasks end
    t0 = page.evaluate("() => performance.now()")
    page.locator("#map").focus()
    for kind, arg in GESTURES:
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
        page.wait_for_timeout(450)  # the pan/zoom animation and the map's own work after it
    tasks = page.evaluate("() => window.__hw.longTasks")
    if tasks is None:
        raise RuntimeError("this Chromium does not report long tasks")
    return [duration for start, duration in tasks if start >= t0]


def measure(base_url: str, rounds: int = 5) -> dict:
    """{drawn_ms: [...], after_data_ms: [...], markers, shown, dynamic, long_tasks: [...], gestures}."""
    from playwright.sync_api import sync_playwright

    drawn, after_data, long_tasks, attrs = [], [], [], {}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        for i in range(rounds + 1):
            page = browser.new_page(viewport={"width": 1366, "height": 860})
            page.add_init_script(INIT_JS)
            blank = lambda route: route.fulfill(status=200, content_type="image/png", body=TILE_PNG)  # noqa: E731
            page.route("**/test-tiles/**", blank)
            page.route("https://tile.openstreetmap.org/**", blank)
            page.goto(f"{base_url}/en/")
            page.wait_for_selector("#map[data-state=ready]", timeout=120_000)
            page.wait_for_function("() => window.__hw.ready !== null")
            attrs = page.evaluate(
                "() => { const d = document.getElementById('map').dataset;"
                " return {markers: d.markers, shown: d.shown, mode: d.mode}; }"
            )
            tasks = pan(page)
            if i:
                ready = page.evaluate("() => window.__hw.ready")
                received = page.evaluate(LAST_FETCH_JS, ready)
                drawn.append(ready)
                after_data.append(ready - received)
                long_tasks.extend(tasks)
            page.close()
        browser.close()
    return {
        "drawn_ms": drawn,
        "after_data_ms": after_data,
        "markers": int(attrs["markers"] or 0),
        "shown": int(attrs["shown"] or 0) if attrs.get("shown") else None,
        "dynamic": attrs.get("mode") == "dynamic",
        "long_tasks": long_tasks,
        "gestures": len(GESTURES) * rounds,
    }


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--base-url", required=True)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args(argv)
    r = measure(args.base_url.rstrip("/"), args.rounds)
    print(f"{r['markers']} markers ({r['shown']} sites shown), dynamic: {r['dynamic']}")
    print(f"navigation -> all drawn: median {statistics.median(r['drawn_ms']):.0f} ms {sorted(r['drawn_ms'])}")
    print(f"data received -> all drawn: median {statistics.median(r['after_data_ms']):.0f} ms")
    tasks = r["long_tasks"]
    print(f"panning ({r['gestures']} gestures): {len(tasks)} long tasks, max {max(tasks, default=0):.0f} ms")


if __name__ == "__main__":
    sys.exit(main())

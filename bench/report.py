"""Markdown tables of a bench run (bench/run.py results), with each target marked met or missed."""

from __future__ import annotations


def _s(size: dict, key: str) -> dict | None:
    return size["series"].get(key)


def _ms(series: dict | None) -> str:
    if not series:
        return "–"
    return f"{series['median_ms']:.1f} ({series['min_ms']:.1f}–{series['max_ms']:.1f})"


def _ratio(a: dict | None, b: dict | None) -> float | None:
    if not a or not b or not b["median_ms"]:
        return None
    return a["median_ms"] / b["median_ms"]


def _x(value: float | None) -> str:
    return "–" if value is None else f"{value:.2f}×"


def _verdict(ok: bool | None) -> str:
    return "–" if ok is None else ("met" if ok else "**missed**")


def _mb(n: int) -> str:
    return f"{n / 1_000_000:.2f} MB"


# The issue's own yardstick: DRF-gis built the 1,000-site collection in about 240 ms "on this kind of
# machine". The same work here tells how fast the (shared) machine ran during a run.
ISSUE_DRF_GIS_1K_MS = 240


def slowdown(results: dict) -> float | None:
    """How many times slower than the issue's machine this run's machine was (DRF-gis at 1k)."""
    size = results["sizes"].get("1k")
    drf = _s(size, "full_peers:drf_gis") if size else None
    return drf["median_ms"] / ISSUE_DRF_GIS_1K_MS if drf else None


def render_markdown(results: dict) -> str:
    m = results["machine"]
    slow = slowdown(results)
    lines = [
        f"Run of {m['date']} on {m['cpus']} CPUs ({m['cpu']}), Python {m['python']}; "
        f"load average at start {m['load_at_start']}, at end {m.get('load_at_end')}.",
        "Times are server times in ms: median (min–max) over interleaved rounds in one process.",
    ]
    if slow is not None:
        lines.append(
            f"Machine speed: DRF-gis built the 1k collection in {slow * ISSUE_DRF_GIS_1K_MS:.0f} ms, against "
            f"≈ {ISSUE_DRF_GIS_1K_MS} ms on the machine the issue's figures come from: {slow:.2f}× slower."
        )
    lines += [
        "",
        "### Full collection: GET /api/sites/ (cold: response cache emptied before each request)",
        "",
        "| sites | payload | ours | raw PostGIS | ours/raw (≤ 1.10×) | DRF-gis | DRF-gis/raw | Django geojson |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for label, size in results["sizes"].items():
        ours, raw = _s(size, "full:ours"), _s(size, "full:raw")
        drf, dj = _s(size, "full_peers:drf_gis"), _s(size, "full_peers:django_geojson")
        ratio = _ratio(ours, raw)
        drf_ratio = _ratio(drf, _s(size, "full_peers:raw"))
        lines.append(
            f"| {label} ({size['sites']}) | {_mb(size['payload_bytes'])} | {_ms(ours)} | {_ms(raw)} | "
            f"{_x(ratio)} {_verdict(ratio is not None and ratio <= 1.10)} | {_ms(drf)} | {_x(drf_ratio)} | {_ms(dj)} |"
        )
    lines += [
        "",
        "### Small answer: ?bbox= holding about 5% of the sites",
        "",
        "| sites | in bbox | ours | raw | fixed overhead ours − raw (≤ 0.5 ms) "
        "| the same at the issue's machine speed | raw, never prepared | ours − raw never prepared |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for label, size in results["sizes"].items():
        ours, raw = _s(size, "bbox:ours"), _s(size, "bbox:raw")
        unprepared = _s(size, "bbox:raw_unprepared")
        overhead = ours["median_ms"] - raw["median_ms"]
        vs_unprepared = f"{ours['median_ms'] - unprepared['median_ms']:.2f} ms" if unprepared else "–"
        scaled = f"{overhead / slow:.2f} ms" if slow else "–"
        lines.append(
            f"| {label} | {size['bbox']['sites']} | {_ms(ours)} | {_ms(raw)} | "
            f"{overhead:.2f} ms {_verdict(overhead <= 0.5)} | {scaled} | {_ms(unprepared)} | {vs_unprepared} |"
        )
    lines += [
        "",
        "### Repeated request for an unchanged collection",
        "",
        "| sites | cached body | cached, gzip (browsers) | 304 on If-None-Match | raw query "
        "| raw / cached (≥ 10×) | raw / cached gzip | raw / 304 |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for label, size in results["sizes"].items():
        cached, nm, raw = _s(size, "repeat:cached"), _s(size, "repeat:etag_304"), _s(size, "repeat:raw")
        gz = _s(size, "repeat:cached_gzip")
        r1, r2, r3 = _ratio(raw, cached), _ratio(raw, nm), _ratio(raw, gz)
        lines.append(
            f"| {label} | {_ms(cached)} | {_ms(gz)} | {_ms(nm)} | {_ms(raw)} "
            f"| {_x(r1)} {_verdict(r1 is not None and r1 >= 10)} | {_x(r3)} {_verdict(r3 is not None and r3 >= 10)} "
            f"| {_x(r2)} {_verdict(r2 is not None and r2 >= 10)} |"
        )
    lines += [
        "",
        "### Status on a day: ?at= against the plain collection (cold)",
        "",
        "| sites × events | plain | ?at= | at/plain (≤ 2×) | raw plain | raw at | raw at/plain |",
        "|---|---|---|---|---|---|---|",
    ]
    for label, size in results["sizes"].items():
        plain, at = _s(size, "at:plain"), _s(size, "at:at")
        rp, ra = _s(size, "at:raw_plain"), _s(size, "at:raw_at")
        r = _ratio(at, plain)
        lines.append(
            f"| {label} × {size['events'] // max(size['sites'], 1)} | {_ms(plain)} | {_ms(at)} | {_x(r)} "
            f"{_verdict(r is not None and r <= 2)} | {_ms(rp)} | {_ms(ra)} | {_x(_ratio(ra, rp))} |"
        )
    lines += [
        "",
        "### Other endpoints",
        "",
        "| sites | /map/sites.json | its raw SQL | ratio | site page (HTML) | /api/sites/<slug>/ (cold) | z10 tile | tile raw | tile bytes |",  # noqa: E501
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for label, size in results["sizes"].items():
        mo, mr = _s(size, "map:ours"), _s(size, "map:raw")
        t = _s(size, "tile_z10:ours")
        lines.append(
            f"| {label} | {_ms(mo)} | {_ms(mr)} | {_x(_ratio(mo, mr))} | {_ms(_s(size, 'site_page:html'))} | "
            f"{_ms(_s(size, 'site_page:api'))} | {_ms(t)} {_verdict(t is not None and t['median_ms'] <= 50)} | "
            f"{_ms(_s(size, 'tile_z10:raw'))} | {size['tile']['bytes']} |"
        )
    lines += ["", "### SQL queries per request (constant in N)", ""]
    labels = list(results["sizes"])
    keys = list(next(iter(results["sizes"].values()))["queries"])
    lines += ["| request | " + " | ".join(labels) + " |", "|---|" + "---|" * len(labels)]
    for key in keys:
        lines.append(f"| {key} | " + " | ".join(str(results["sizes"][lb]["queries"][key]) for lb in labels) + " |")
    lines += [
        "",
        "### Size on the wire and Python memory",
        "",
        "| sites | JSON | gzip -6 | on the wire (Accept-Encoding: gzip) | tracemalloc peak | peak/payload (≤ ~2×) |",
        "|---|---|---|---|---|---|",
    ]
    for label, size in results["sizes"].items():
        mem = size.get("memory")
        wire_ok = size["wire_bytes_gzip"] <= 500_000 if label == "10k" else None
        lines.append(
            f"| {label} | {_mb(size['payload_bytes'])} | {_mb(size['gzip_bytes'])} | "
            f"{_mb(size['wire_bytes_gzip'])} ({size['wire_content_encoding'] or 'identity'}) {_verdict(wire_ok)} | "
            + (
                f"{_mb(mem['peak_bytes'])} | {mem['ratio']:.2f}× {_verdict(mem['ratio'] <= 2.2)} |"
                if mem
                else "– | – |"
            )
        )
    load = results.get("load")
    if load:
        lines += [
            "",
            f"### Under load: wrk, {load['collection']['connections']} connections, "
            f"{load['collection']['duration_s']} s each, gunicorn with {load['workers']} workers (as `make run`)",
            "",
            "| target | req/s | p50 | p90 | p99 | errors | non-2xx | load after | target |",
            "|---|---|---|---|---|---|---|---|---|",
        ]
        goals = {"collection": (20, 1500), "bbox_5pct": (250, 250)}
        for name in ("collection", "bbox_5pct", "site_page", "map_data", "tile_z10"):
            r = load.get(name)
            if not r:
                continue
            goal = goals.get(name)
            ok = None
            if goal:
                ok = r.get("rps", 0) >= goal[0] and r.get("p99_ms", 1e9) <= goal[1] and not r["errors"]
            lines.append(
                f"| {name} | {r.get('rps')} | {r.get('p50_ms')} | {r.get('p90_ms')} | {r.get('p99_ms')} | "
                f"{r['errors']} | {r['non_2xx']} | {[round(x, 1) for x in r.get('load_after', [])]} | "
                + (f"≥ {goal[0]} req/s, p99 ≤ {goal[1]} ms: {_verdict(ok)}" if goal else "–")
                + " |"
            )
        lines.append(
            f"\nThe 10k collection as served: {_mb(load['collection_wire_bytes'])} on the wire "
            f"(Content-Encoding: {load['collection_content_encoding'] or 'identity'})."
        )
    if results.get("generation_s"):
        lines += ["", "Generation times: " + ", ".join(f"{k}: {v:.1f} s" for k, v in results["generation_s"].items())]
    return "\n".join(lines) + "\n"

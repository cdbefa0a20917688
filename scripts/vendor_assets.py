"""Copy the pinned front-end assets from node_modules/ into static/vendor/ (no CDN, no bundler).

Run by scripts/bootstrap.sh after `npm ci`; static/vendor/ is generated, not committed.
"""

import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NODE_MODULES = ROOT / "node_modules"
VENDOR = ROOT / "static" / "vendor"

# package -> files (relative to the package) to copy into static/vendor/<package>/
ASSETS = {
    "leaflet.markercluster": [
        "dist/leaflet.markercluster.js",
        "dist/leaflet.markercluster.js.map",
        "dist/MarkerCluster.css",
        "dist/MarkerCluster.Default.css",
    ],
    "chart.js": ["dist/chart.umd.min.js", "dist/chart.umd.min.js.map"],
    "axe-core": ["axe.min.js"],
    # The outline base map (Natural Earth countries at 1:50m) drawn when no tile server answers,
    # in the browser (static/js/atlas/outline.js) and in the rendered images (apps/atlas/outline.py).
    "world-atlas": ["countries-50m.json", "LICENSE"],
    "topojson-client": ["dist/topojson-client.min.js"],
    # The scroll mechanics of the story reader (static/js/story.js).
    "scrollama": ["build/scrollama.min.js", "LICENSE"],
}


def main() -> int:
    missing = []
    for package, files in ASSETS.items():
        for rel in files:
            src = NODE_MODULES / package / rel
            if not src.exists():
                missing.append(str(src))
                continue
            dest = VENDOR / package / Path(rel).name
            dest.parent.mkdir(parents=True, exist_ok=True)
            if not dest.exists() or dest.read_bytes() != src.read_bytes():
                shutil.copy2(src, dest)
    if missing:
        print("missing front-end assets (run npm ci):\n  " + "\n  ".join(missing), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())

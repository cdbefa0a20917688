"""axe-core (vendored from npm) run in the page: the serious and critical WCAG 2.1 A/AA violations."""

from __future__ import annotations

from django.conf import settings

AXE = settings.BASE_DIR / "static" / "vendor" / "axe-core" / "axe.min.js"


def serious_violations(page) -> list[str]:
    page.add_script_tag(path=str(AXE))
    results = page.evaluate(
        "axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})"
    )
    return [
        f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:3]}"
        for v in results["violations"]
        if v["impact"] in ("serious", "critical")
    ]

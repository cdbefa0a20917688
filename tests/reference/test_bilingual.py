"""Every translatable text of the reference data exists in French and in English, and the two
say the same thing: the same figures, the same hedging, nothing added."""

import re
from pathlib import Path

import pytest
import yaml

from apps.collectives.models import Collective, Network
from apps.companies.models import Company
from apps.core.translation import columns
from apps.sites.models import Claim, Event, Site

DIRECTORY = Path(__file__).resolve().parents[2] / "fixtures" / "reference"
TEXTS = {
    "companies.yaml": ("description",),
    "networks.yaml": ("description",),
    "collectives.yaml": ("description",),
    "sites.yaml": ("summary", "title", "description", "statement"),
}


def _pairs():
    """(file, path, key, value) for every translatable text in the reference files."""
    found = []

    def walk(node, file, path, keys):
        if isinstance(node, dict):
            for key, value in node.items():
                if key in keys and not isinstance(value, list):
                    found.append((file, f"{path}.{key}", value))
                else:
                    walk(value, file, f"{path}.{key}", keys)
        elif isinstance(node, list):
            for i, item in enumerate(node):
                label = item.get("slug", i) if isinstance(item, dict) else i
                walk(item, file, f"{path}[{label}]", keys)

    for file, keys in TEXTS.items():
        walk(yaml.safe_load((DIRECTORY / file).read_text()), file, "", keys)
    return found


PAIRS = _pairs()


def test_every_reference_text_is_in_both_languages():
    assert len(PAIRS) > 350
    missing = [
        f"{file}{path}"
        for file, path, value in PAIRS
        if not isinstance(value, dict) or not str(value.get("en") or "").strip() or not str(value.get("fr") or "")
    ]
    assert not missing, missing


def _numbers(text: str, *, french: bool) -> set[str]:
    """The figures of a text, whatever the language's separators (30,000 / 30 000; 3.6 / 3,6).
    A set: "24/7" is written "24 h sur 24, 7 jours sur 7" in French."""
    text = re.sub(r"(?<=\d)[\s\u202f\u00a0](?=\d{3}\b)", "", text)  # 30 000 -> 30000
    if french:
        text = re.sub(r"(?<=\d),(?=\d)", ".", text)  # 3,6 -> 3.6
    else:
        text = re.sub(r"(?<=\d),(?=\d{3}\b)", "", text)  # 30,000 -> 30000
    return set(re.findall(r"\d+(?:\.\d+)?", text))


@pytest.mark.parametrize(("file", "path", "value"), PAIRS, ids=[f"{f}{p}" for f, p, _ in PAIRS])
def test_translation_keeps_the_figures_and_the_hedging(file, path, value):
    en, fr = value["en"], value["fr"]
    # The same figures and dates.
    assert _numbers(en, french=False) == _numbers(fr, french=True)
    # The same hedging: who says so, what is not established, what is only alleged.
    if "according to" in en.lower():
        assert "selon" in fr.lower()
    if "not established" in en.lower():
        assert re.search(r"(pas|non) établie?s?", fr)
    if "alleg" in en.lower():
        assert re.search(r"allégation|dénon", fr)
    # The same named documents.
    for name in ("Lefèvre and Wiart", "Entraide et Fraternité"):
        if name in en:
            assert name.replace(" and ", " et ") in fr


def test_loaded_reference_records_have_both_languages(reference_data):
    for model in (Site, Event, Claim, Collective, Network, Company):
        incomplete = [str(record) for record in model.objects.all() if record.missing_languages()]
        assert not incomplete, (model.__name__, incomplete)
    # The French columns are really filled, not copies of the English.
    for model, name in ((Site, "summary"), (Event, "title"), (Claim, "statement"), (Collective, "description")):
        en, fr = columns(name)
        assert not model.objects.exclude(**{en: ""}).filter(**{fr: ""}).exists()
        same = [e for e, f in model.objects.values_list(en, fr) if e == f and len(e) > 30]
        assert not same, same

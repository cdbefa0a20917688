"""French ships complete: every catalogue entry is translated, and the compiled catalogue is the
one the pages use."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import translation

PO = Path(settings.BASE_DIR) / "locale" / "fr" / "LC_MESSAGES" / "django.po"


def _entries(text: str):
    for block in text.split("\n\n"):
        if "msgid" not in block or block.lstrip().startswith("#~"):
            continue
        yield block


def test_every_french_entry_is_translated_and_none_is_fuzzy():
    untranslated, fuzzy = [], []
    for block in _entries(PO.read_text(encoding="utf-8")):
        msgid = re.search(r'^msgid "(.*)"', block, re.M)
        if msgid and msgid.group(1) == "" and 'msgid ""\nmsgstr ""\n"' in block and "Content-Type" in block:
            continue  # the header
        if "#, fuzzy" in block or re.search(r"^#,.*\bfuzzy\b", block, re.M):
            fuzzy.append(block)
        strs = re.findall(r'^msgstr(?:\[\d\])? ((?:".*"\n?)+)', block, re.M)
        if not strs or any(s.replace('"', "").replace("\n", "").strip() == "" for s in strs):
            untranslated.append(block)
    assert not fuzzy, fuzzy[:3]
    assert not untranslated, untranslated[:3]


@pytest.mark.parametrize(
    ("english", "french"),
    [("Sites", "Sites"), ("abandoned", "abandonné"), ("status after the event", "statut après l'événement")],
)
def test_the_compiled_catalogue_is_current(english, french):
    with translation.override("fr"):
        assert translation.gettext(english) == french

"""`get_<field>_display()` on the domain models (apps/core/models.py `Tracked`) answers what
Django's own does, in the active language, without rebuilding the choices on each call."""

import pytest
from django.db import models
from django.utils import translation

from apps.collectives.models import Collective
from apps.press.models import PressItem
from apps.sites.models import Claim, Event, Site


def _choice_fields():
    for model in (Site, Event, Claim, PressItem, Collective):
        for field in model._meta.concrete_fields:
            if field.choices:
                yield model, field


@pytest.mark.parametrize("language", ["en", "fr"])
def test_every_label_is_the_one_django_gives(language):
    checked = 0
    with translation.override(language):
        for model, field in _choice_fields():
            for value in [*(v for v, _label in field.flatchoices), "not-a-choice", None]:
                obj = model(**{field.attname: value})
                ours = getattr(obj, f"get_{field.name}_display")()
                assert ours == models.Model._get_FIELD_display(obj, field), (model, field.name, value)
                checked += 1
    assert checked > 50


def test_the_label_follows_the_active_language():
    event = Event(kind="petition", status_after=None)
    with translation.override("fr"):
        assert event.get_kind_display() == "pétition"
    with translation.override("en"):
        assert event.get_kind_display() == "petition"
    assert event.get_status_after_display() is None

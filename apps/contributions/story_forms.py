"""The forms of the story editor: the story itself (its title and introduction in both
languages) and one step (texts, date, map view, filters, highlighted sites, cited events)."""

from __future__ import annotations

from django import forms
from django.contrib.gis.geos import Point
from django.http import QueryDict
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from apps.accounts import permissions
from apps.core.translation import Language, to_attribute
from apps.sites.filters import InvalidFilter, SiteFilterSet
from apps.sites.models import Event
from apps.stories.models import STEP_FILTERS, Story, StoryStep

from .forms import BilingualFieldsMixin, FuzzyDateField, VersionedForm, fuzzy_initial

# Addresses the story pages use for themselves.
RESERVED_SLUGS = {"new"}


class StoryForm(BilingualFieldsMixin, VersionedForm):
    TEXTS = ("title", "summary")
    TEXTAREAS = ("summary",)
    REQUIRED_TEXTS = ("title",)

    class Meta:
        model = Story
        fields = ["slug"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.add_bilingual_fields(user)
        self.fields["slug"].required = False
        self.fields["slug"].help_text = _("Letters, digits and hyphens; made from the title when left empty.")
        if self.instance.pk:
            del self.fields["slug"]  # links to a story must keep working
        else:
            collectives = permissions.story_collectives(user)
            editor = permissions.is_editor(user)
            self.fields["collective"] = forms.ModelChoiceField(
                queryset=collectives if not editor else collectives.model.objects.alive(),
                required=not editor,
                label=_("Written for the collective"),
                empty_label=_("(none: editor's own story)") if editor else None,
            )
        self.order_fields(["text_language", "title", "title_translation", "slug", "collective"])

    def clean(self):
        cleaned = self.clean_bilingual(super().clean())
        if not self.instance.pk and "slug" in self.fields:
            slug = cleaned.get("slug") or slugify(cleaned.get("title") or "")[:100]
            if not slug:
                self.add_error("slug", _("Give the story an address."))
            elif slug in RESERVED_SLUGS or Story.objects.filter(slug=slug).exists():
                self.add_error("slug", _("Another story already has this address; choose another."))
            else:
                self.instance.slug = cleaned["slug"] = slug
        return cleaned


def _ids(text: str) -> list[str]:
    return [part.strip() for part in (text or "").replace(" ", ",").split(",") if part.strip()]


class StepForm(forms.ModelForm):
    """A step. The map view is typed as numbers or set by moving the editor's map (its script
    writes the same fields); the sites and events are picked from search boxes, which fill the
    same text fields (site addresses and event numbers) that work without the script."""

    when = FuzzyDateField(label=_("Date on the time slider"))
    lat = forms.FloatField(label=_("Latitude of the centre"), required=False, min_value=-90, max_value=90)
    lon = forms.FloatField(label=_("Longitude of the centre"), required=False, min_value=-180, max_value=180)
    site_slugs = forms.CharField(
        label=_("Highlighted sites"),
        required=False,
        help_text=_("The sites' addresses (as in /sites/briec/), comma-separated."),
    )
    event_ids = forms.CharField(
        label=_("Cited events"),
        required=False,
        help_text=_("The events' numbers, comma-separated; their sources show in the step."),
    )

    class Meta:
        model = StoryStep
        fields = ["title_en", "title_fr", "text_en", "text_fr", "zoom", "fit_sites"]
        widgets = {"text_en": forms.Textarea(attrs={"rows": 5}), "text_fr": forms.Textarea(attrs={"rows": 5})}

    def __init__(self, *args, story, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.story = story
        self.user = user
        for name in ("title", "text"):
            for lang, label in Language.choices:
                field = self.fields[to_attribute(name, lang)]
                field.label = f"{field.label} ({label})"
                field.required = lang == story.text_language
        self.fields["zoom"].widget.attrs.update(min=3, max=18)
        step = self.instance
        if step.pk:
            self.fields["when"].initial = fuzzy_initial(step.date, step.date_precision)
            if step.centre is not None:
                self.fields["lat"].initial = round(step.centre.y, 4)
                self.fields["lon"].initial = round(step.centre.x, 4)
            self.fields["site_slugs"].initial = ", ".join(step.sites.values_list("slug", flat=True))
            self.fields["event_ids"].initial = ", ".join(str(pk) for pk in step.events.values_list("pk", flat=True))
        self.order_fields(
            ["title_en", "title_fr", "text_en", "text_fr", "when", "lat", "lon", "zoom", "fit_sites"]
            + ["site_slugs", "event_ids"]
        )

    def clean_site_slugs(self):
        slugs = _ids(self.cleaned_data.get("site_slugs"))
        allowed = permissions.story_sites(self.user, self.story)
        found = {site.slug: site for site in allowed.filter(slug__in=slugs)}
        missing = [slug for slug in slugs if slug not in found]
        if missing:
            raise forms.ValidationError(
                _("Not a site this story may highlight: %(slugs)s.") % {"slugs": ", ".join(missing)}
            )
        return [found[slug] for slug in dict.fromkeys(slugs)]

    def clean_event_ids(self):
        ids = _ids(self.cleaned_data.get("event_ids"))
        bad = [value for value in ids if not value.isdigit()]
        events = {str(e.pk): e for e in Event.objects.public().filter(pk__in=[v for v in ids if v.isdigit()])}
        missing = bad + [value for value in ids if value.isdigit() and value not in events]
        if missing:
            raise forms.ValidationError(_("No published event numbered %(ids)s.") % {"ids": ", ".join(missing)})
        return [events[value] for value in dict.fromkeys(ids)]

    def clean(self):
        cleaned = super().clean()
        step = self.instance
        when = cleaned.get("when")
        if when:
            step.date, step.date_precision = when
        lat, lon = cleaned.get("lat"), cleaned.get("lon")
        step.centre = Point(lon, lat, srid=4326) if lat is not None and lon is not None else None
        if (lat is None) != (lon is None):
            self.add_error("lon", _("Give both the latitude and the longitude, or neither."))
        if cleaned.get("fit_sites") and not cleaned.get("site_slugs") and "site_slugs" not in self.errors:
            self.add_error("site_slugs", _("Pick the sites to fit, or give the map's centre and zoom."))
        if not cleaned.get("fit_sites") and (step.centre is None or cleaned.get("zoom") is None):
            self.add_error("zoom", _("Give the map's centre and zoom (move the map), or fit the highlighted sites."))
        step.filters = self.clean_filters()
        # A cited event is a fact of the record up to the step's date: not one from its future.
        if step.date:
            later = [e for e in cleaned.get("event_ids") or [] if e.date > step.date]
            if later:
                self.add_error(
                    "event_ids",
                    _("These events come after the step's date: %(titles)s.")
                    % {"titles": "; ".join(f"{e.pk} ({e.date_display})" for e in later)},
                )
        return cleaned

    def clean_filters(self) -> dict:
        """The map's filters for the step, checked by the one filter vocabulary (SiteFilterSet)."""
        query = QueryDict(mutable=True)
        for name in STEP_FILTERS:
            values = [v for v in self.data.getlist(name) if v.strip()] if hasattr(self.data, "getlist") else []
            if values:
                query[name] = ",".join(values)
        try:
            SiteFilterSet(query).cleaned  # noqa: B018 - validates
        except InvalidFilter as exc:
            self.add_error(None, str(exc))
            return {}
        return {name: query[name] for name in query}

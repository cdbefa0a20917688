"""Contribution forms. They validate what a person typed and say what is wrong in their language;
permissions and saving are the domain's (apps.accounts.permissions / apps.accounts.records)."""

from __future__ import annotations

from django import forms
from django.core.validators import URLValidator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from apps.accounts import permissions
from apps.collectives.models import Collective
from apps.core.dates import DatePrecision, parse_fuzzy_date
from apps.core.translation import Language, other_language, reader_language, to_attribute
from apps.press.models import PressItem, SourceKind
from apps.sites.models import Certainty, Claim, Event

http_url = URLValidator(schemes=["http", "https"], message=_("Enter a web address starting with http:// or https://."))


def fuzzy_initial(value, precision) -> str:
    if value is None:
        return ""
    if precision == DatePrecision.YEAR:
        return f"{value.year:04d}"
    if precision == DatePrecision.MONTH:
        return f"{value.year:04d}-{value.month:02d}"
    return value.isoformat()


class FuzzyDateField(forms.CharField):
    """One box for a date known to the day, the month or the year: 2024-03-15, 2024-03 or 2024."""

    default_error_messages = {
        "invalid": _("Write the date as 2024-03-15, 2024-03 or 2024 (year, month, day as far as known).")
    }

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 10)
        kwargs.setdefault("help_text", _("2024-03-15, or 2024-03 if only the month is known, or 2024."))
        super().__init__(**kwargs)

    def to_python(self, value):
        text = super().to_python(value)
        if not text:
            return None
        try:
            return parse_fuzzy_date(text)
        except ValueError:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid") from None


class VersionedForm(forms.ModelForm):
    """Carries the version the record had when the form was loaded (optimistic locking)."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version

    def loaded_version(self) -> int:
        value = self.cleaned_data.get("version")
        return self.instance.version if value is None else value


class BilingualFieldsMixin:
    """The texts of a record in the language its author wrote them (`text_language`) and,
    optionally, their translation into the other language. The form's `title` (or `statement`,
    `description`) is the original; `title_translation` the other language's version. An editor
    saving a translation reviews it; anyone changing the original makes the translation older."""

    TEXTS: tuple[str, ...] = ()
    TEXTAREAS: tuple[str, ...] = ("description",)

    def add_bilingual_fields(self, user):
        self.bilingual_editor = permissions.is_editor(user)
        original = self.instance.text_language if self.instance.pk else reader_language()
        self.fields["text_language"] = forms.ChoiceField(
            choices=Language.choices,
            initial=original,
            required=False,
            label=_("Language you write in"),
            help_text=_("The texts below are in this language; the translation boxes take the other one."),
        )
        for name in self.TEXTS:
            model_field = self.instance._meta.get_field(to_attribute(name, Language.EN))
            widget = forms.Textarea(attrs={"rows": 5}) if name in self.TEXTAREAS else None
            self.fields[name] = forms.CharField(
                label=model_field.verbose_name,
                max_length=model_field.max_length,
                required=name in self.REQUIRED_TEXTS,
                widget=widget,
                help_text=model_field.help_text,
            )
            self.fields[f"{name}_translation"] = forms.CharField(
                label=_("%(field)s, translated into the other language") % {"field": model_field.verbose_name},
                max_length=model_field.max_length,
                required=False,
                widget=widget,
            )
            if self.instance.pk:
                self.fields[name].initial = getattr(self.instance, to_attribute(name, original))
                self.fields[f"{name}_translation"].initial = getattr(
                    self.instance, to_attribute(name, other_language(original))
                )

    REQUIRED_TEXTS: tuple[str, ...] = ()

    def clean_bilingual(self, cleaned):
        instance = self.instance
        original = cleaned.get("text_language") or (instance.text_language if instance.pk else reader_language())
        other = other_language(original)
        now = timezone.now()
        changed_original = original != instance.text_language
        changed_translation = False
        for name in self.TEXTS:
            if name not in cleaned:
                continue
            text = cleaned.get(name) or ""
            translated = cleaned.get(f"{name}_translation") or ""
            changed_original |= getattr(instance, to_attribute(name, original)) != text
            changed_translation |= getattr(instance, to_attribute(name, other)) != translated
            setattr(instance, to_attribute(name, original), text)
            setattr(instance, to_attribute(name, other), translated)
        instance.text_language = original
        if changed_original or not instance.pk:
            instance.original_updated = now
        if changed_translation:
            instance.translation_updated = now
            instance.translation_reviewed = self.bilingual_editor
        elif changed_original:
            instance.translation_reviewed = False
        return cleaned


class CollectiveChoiceMixin:
    """The collective the contribution is added for: one of the user's collectives opposing the site."""

    def add_collective_field(self, user, site):
        if self.instance.pk:
            return
        if permissions.is_editor(user):
            qs = Collective.objects.alive().filter(oppositions__site=site) if site else Collective.objects.alive()
            required = False
        else:
            qs = permissions.member_collectives(user, site)
            required = True
        self.fields["collective"] = forms.ModelChoiceField(
            queryset=qs.distinct(),
            required=required,
            label=_("Added for the collective"),
            empty_label=_("(none: editor's own entry)") if not required else None,
        )
        self.only_collective = qs.first() if required and qs.count() == 1 else None
        if self.only_collective is not None:
            # Nothing to choose: acting for their only collective goes without saying.
            self.fields["collective"].required = False
            self.fields["collective"].initial = self.only_collective
            self.fields["collective"].widget = forms.HiddenInput()

    def clean_collective(self):
        return self.cleaned_data.get("collective") or getattr(self, "only_collective", None)


class SourceFieldsMixin:
    """At least one source: a press item already known for the site, or a new web address."""

    def add_source_fields(self, site, multiple: bool):
        known = PressItem.objects.public().filter(sites=site).newest_first() if site else PressItem.objects.none()
        if multiple:
            self.fields["sources"] = forms.ModelMultipleChoiceField(
                queryset=known, required=False, label=_("Known sources"), widget=forms.CheckboxSelectMultiple
            )
        else:
            self.fields["source"] = forms.ModelChoiceField(queryset=known, required=False, label=_("Known source"))
        self.fields["source_url"] = forms.CharField(
            required=False, max_length=600, label=_("Or a new source: web address"), validators=[http_url]
        )
        self.fields["source_title"] = forms.CharField(required=False, max_length=400, label=_("Title of the source"))
        self.fields["source_outlet"] = forms.CharField(required=False, max_length=200, label=_("Outlet"))

    def clean_source_fields(self, cleaned, *, known_field: str, missing_message):
        url = cleaned.get("source_url")
        if url and not cleaned.get("source_title") and not PressItem.objects.filter(url=url).exists():
            self.add_error("source_title", _("Give the title of the new source."))
        known = cleaned.get(known_field)
        has_known = bool(known) if known_field == "source" else bool(known and known.exists())
        if not has_known and not url and "source_url" not in self.errors:
            self.add_error(known_field, missing_message)
        return cleaned

    def new_source(self, *, site, user, collective):
        """The PressItem for a typed URL (reusing the one already recorded at that address)."""
        from apps.accounts import records

        url = self.cleaned_data.get("source_url")
        if not url:
            return None
        item = PressItem.objects.filter(url=url).first()
        if item is None:
            item = PressItem(
                url=url,
                title=self.cleaned_data["source_title"],
                outlet=self.cleaned_data.get("source_outlet", ""),
                kind=SourceKind.ARTICLE,
            )
            records.create_contribution(item, user=user, collective=collective)
        if site is not None:
            item.sites.add(site)
        return item


class EventForm(BilingualFieldsMixin, CollectiveChoiceMixin, SourceFieldsMixin, VersionedForm):
    when = FuzzyDateField(label=_("Date"))
    TEXTS = ("title", "description")
    REQUIRED_TEXTS = ("title",)

    class Meta:
        model = Event
        fields = ["kind", "status_after"]

    def __init__(self, *args, user, site, **kwargs):
        super().__init__(*args, **kwargs)
        self.site = site
        self.fields["when"].initial = fuzzy_initial(self.instance.date, self.instance.date_precision)
        self.add_bilingual_fields(user)
        self.order_fields(
            ["when", "kind", "status_after", "text_language", "title", "description"]
            + ["title_translation", "description_translation"]
        )
        self.fields["status_after"].label = _("New status of the site (only if this event changes it)")
        self.add_source_fields(site, multiple=True)
        self.add_collective_field(user, site)
        if self.instance.pk:
            self.fields["sources"].initial = list(self.instance.sources.values_list("pk", flat=True))

    def clean(self):
        cleaned = self.clean_bilingual(super().clean())
        when = cleaned.get("when")
        if when:
            self.instance.date, self.instance.date_precision = when
        message = (
            _("A status change needs a source: tick a known source or give a web address.")
            if cleaned.get("status_after")
            else _("Give at least one source: tick a known source or give a web address.")
        )
        return self.clean_source_fields(cleaned, known_field="sources", missing_message=message)


class ClaimForm(BilingualFieldsMixin, CollectiveChoiceMixin, SourceFieldsMixin, VersionedForm):
    when = FuzzyDateField(label=_("Date of the claim"), required=False)
    TEXTS = ("statement",)
    REQUIRED_TEXTS = ("statement",)

    class Meta:
        model = Claim
        fields = ["figure", "value", "value_max", "unit", "claimant_kind", "claimant", "certainty", "certainty_source"]

    def __init__(self, *args, user, site, **kwargs):
        super().__init__(*args, **kwargs)
        self.site = site
        self.fields["when"].initial = fuzzy_initial(self.instance.date, self.instance.date_precision)
        self.add_bilingual_fields(user)
        self.order_fields(["figure", "text_language", "statement", "statement_translation"])
        self.add_source_fields(site, multiple=False)
        self.add_collective_field(user, site)
        if self.instance.pk:
            self.fields["source"].initial = self.instance.source_id
        # The certainty, after the claim's source: a known source of the site may confirm or deny it.
        self.fields["certainty_source"].queryset = self.fields["source"].queryset
        self.fields["certainty_source"].required = False
        self.fields["certainty"].required = False  # left out: reported, what a claim is until shown otherwise
        self.order_fields([*(name for name in self.fields if name not in ("certainty", "certainty_source")),
                           "certainty", "certainty_source"])  # fmt: skip

    def clean_certainty(self):
        return self.cleaned_data.get("certainty") or self.instance.certainty or Certainty.REPORTED

    def clean(self):
        cleaned = self.clean_bilingual(super().clean())
        when = cleaned.get("when")
        self.instance.date, self.instance.date_precision = when if when else (None, DatePrecision.DAY)
        if cleaned.get("source") and not cleaned.get("source_url"):
            # The model's checks (a certainty's source other than the claim's own) see the chosen source.
            self.instance.source = cleaned["source"]
        return self.clean_source_fields(
            cleaned,
            known_field="source",
            missing_message=_("A claim needs its source: pick one or give a web address."),
        )


class PressItemForm(CollectiveChoiceMixin, VersionedForm):
    when = FuzzyDateField(label=_("Publication date"), required=False)

    class Meta:
        model = PressItem
        fields = ["url", "title", "outlet", "kind", "language", "excerpt"]
        widgets = {"excerpt": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, user, site, **kwargs):
        super().__init__(*args, **kwargs)
        self.site = site
        self.fields["url"].validators.append(http_url)
        self.fields["when"].initial = fuzzy_initial(self.instance.published, self.instance.published_precision)
        self.add_collective_field(user, site)

    def clean(self):
        cleaned = super().clean()
        when = cleaned.get("when")
        self.instance.published, self.instance.published_precision = when if when else (None, DatePrecision.DAY)
        return cleaned


class RejectForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    reason = forms.CharField(
        label=_("Reason (sent to the author)"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )


class SuggestionForm(forms.Form):
    message = forms.CharField(
        label=_("What should be corrected or added?"), max_length=4000, widget=forms.Textarea(attrs={"rows": 6})
    )
    source_url = forms.CharField(
        label=_("A source for it (web address)"), required=False, max_length=600, validators=[http_url]
    )
    email = forms.EmailField(label=_("Your e-mail (optional, to answer you; never published)"), required=False)
    # Honeypot: hidden from people by CSS and aria-hidden; robots fill it in.
    website = forms.CharField(required=False, label=_("Leave this empty"))

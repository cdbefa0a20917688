"""Texts of the record in French and English (django-translated-fields).

A translatable text is declared in the model as `TranslatedText(models.TextField(...))`: the
library adds one plain column per language (`summary_en`, `summary_fr`) in the class body, so
migrations, django-simple-history, the admin and unaccent search see ordinary fields. `site.summary`
reads the active language and falls back to the record's original language (`text_language`).

Each bilingual record says which language its texts were written in (`text_language`) and whether
an editor reviewed the translation (`translation_reviewed`); `translation_updated` and
`original_updated` tell when a translation is older than the original it translates.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.db import models
from django.db.models import F, TextField, Value
from django.db.models.functions import Coalesce, NullIf
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from translated_fields import TranslatedField, to_attribute


class Language(models.TextChoices):
    EN = "en", _("English")
    FR = "fr", _("French")


LANGUAGES = tuple(Language.values)


def other_language(code: str) -> str:
    return Language.FR if code == Language.EN else Language.EN


def reader_language(code: str | None = None) -> str:
    """A supported language code from `code` or the active language (fr-be -> fr)."""
    code = (code or translation.get_language() or settings.LANGUAGE_CODE).split("-")[0].lower()
    return code if code in LANGUAGES else settings.LANGUAGE_CODE


def fallback_to_original(name, field):
    """The text in the active language, else in the record's original language, else any."""

    def getter(self):
        wanted = reader_language()
        value = getattr(self, to_attribute(name, wanted), "")
        if value:
            return value
        original = getattr(self, "text_language", None) or field.languages[0]
        value = getattr(self, to_attribute(name, original), "")
        if value:
            return value
        return next((v for lang in field.languages if (v := getattr(self, to_attribute(name, lang), ""))), "")

    return getter


def write_original(name, field):
    """Assigning `record.title = ...` (or `Event(title=...)`) writes the original language's text."""

    def setter(self, value):
        original = getattr(self, "text_language", None) or field.languages[0]
        setattr(self, to_attribute(name, original), value)

    return setter


class TranslatedText(TranslatedField):
    """A text in each language, every language optional at the column level (the original
    language is required by the forms and the loader, not the database). The attribute is a plain
    property, so `Event(title=...)`, `objects.create(title=...)` and factories keep working."""

    def __init__(self, field, **kwargs):
        field.blank = True
        super().__init__(
            field, languages=list(LANGUAGES), attrgetter=fallback_to_original, attrsetter=write_original, **kwargs
        )

    def contribute_to_class(self, cls, name):
        super().contribute_to_class(cls, name)
        setattr(cls, name, property(self._getter, self._setter, doc=str(self.short_description)))


class Bilingual(models.Model):
    text_language = models.CharField(
        _("original language"),
        max_length=2,
        choices=Language,
        default=Language.EN,
        db_default=Language.EN,
        help_text=_("The language the texts were written in; the other language is a translation."),
    )
    translation_reviewed = models.BooleanField(
        _("translation reviewed"),
        default=False,
        db_default=False,
        help_text=_("An editor checked the translation against the original."),
    )
    original_updated = models.DateTimeField(_("original last changed"), null=True, blank=True, editable=False)
    translation_updated = models.DateTimeField(_("translation last changed"), null=True, blank=True, editable=False)

    TRANSLATED: tuple[str, ...] = ()

    class Meta:
        abstract = True

    @property
    def translation_outdated(self) -> bool:
        """The original changed after the translation was last written."""
        return bool(
            self.original_updated and self.translation_updated and self.original_updated > self.translation_updated
        )

    def missing_languages(self) -> list[str]:
        """Languages in which some non-empty text of this record has no version."""
        missing = set()
        for name in self.TRANSLATED:
            values = {lang: getattr(self, to_attribute(name, lang)) for lang in LANGUAGES}
            if any(values.values()):
                missing.update(lang for lang, value in values.items() if not value)
        return sorted(missing)


@dataclass(frozen=True)
class Text:
    """A text as shown to a reader: its words, the language they are in, and whether that is not
    the language asked for (a fallback, to be marked)."""

    text: str
    lang: str
    fallback: bool

    def __str__(self) -> str:
        return self.text

    def __bool__(self) -> bool:
        return bool(self.text)


def text_in(obj, name: str, language: str | None = None) -> Text:
    """`obj`'s text `name` in `language` (default: the active one), falling back to the original."""
    wanted = reader_language(language)
    value = getattr(obj, to_attribute(name, wanted), "") or ""
    if value:
        return Text(value, wanted, False)
    original = getattr(obj, "text_language", None) or settings.LANGUAGE_CODE
    for lang in (original, *LANGUAGES):
        value = getattr(obj, to_attribute(name, lang), "") or ""
        if value:
            return Text(value, lang, lang != wanted)
    return Text("", wanted, False)


def localized_text(name: str, language: str | None = None):
    """An expression: the text `name` in `language` (default: the active one), or in the other
    language when it has none there (with two languages, the other one is the original)."""
    wanted = reader_language(language)
    return Coalesce(
        NullIf(F(to_attribute(name, wanted)), Value("")),
        NullIf(F(to_attribute(name, other_language(wanted))), Value("")),
        Value(""),
        output_field=TextField(),
    )


def columns(name: str) -> list[str]:
    return [to_attribute(name, lang) for lang in LANGUAGES]

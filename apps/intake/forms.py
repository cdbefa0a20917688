from django import forms
from django.utils.translation import gettext_lazy as _

from apps.core.dates import DatePrecision, precision_is_consistent
from apps.press.models import SourceKind, http_url_validator
from apps.sites.models import Site

from .models import Feed


class AddArticleForm(forms.Form):
    url = forms.URLField(
        label=_("Address of the article"),
        max_length=600,
        assume_scheme="https",
        validators=[http_url_validator],
        help_text=_("An http or https link to a web page."),
    )


class FeedForm(forms.ModelForm):
    url = forms.URLField(
        label=_("Feed address"), max_length=600, assume_scheme="https", validators=[http_url_validator]
    )

    class Meta:
        model = Feed
        fields = ["url", "title", "outlet", "language", "collective", "interval_minutes"]

    def clean_interval_minutes(self):
        value = self.cleaned_data["interval_minutes"]
        if value < 15:
            raise forms.ValidationError(_("Poll at most every 15 minutes."))
        return value


class ArticleReviewForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=400)
    outlet = forms.CharField(label=_("Outlet"), max_length=200, required=False)
    kind = forms.ChoiceField(label=_("Kind"), choices=SourceKind.choices, initial=SourceKind.ARTICLE)
    published = forms.DateField(
        label=_("Publication date"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    published_precision = forms.ChoiceField(
        label=_("Precision of the date"), choices=DatePrecision.choices, initial=DatePrecision.DAY
    )
    language = forms.CharField(label=_("Language (ISO 639-1)"), max_length=8, required=False)
    excerpt = forms.CharField(label=_("Excerpt"), required=False, widget=forms.Textarea(attrs={"rows": 4}))
    sites = forms.ModelMultipleChoiceField(
        label=_("Sites this article is about"),
        queryset=Site.objects.public(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def clean(self):
        data = super().clean()
        if data.get("published") and not precision_is_consistent(data["published"], data.get("published_precision")):
            self.add_error("published", _("A date known to the month or year must be the first day of that period."))
        return data

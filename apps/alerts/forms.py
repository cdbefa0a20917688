from django import forms
from django.utils.translation import gettext_lazy as _

from apps.collectives.models import Collective
from apps.sites.models import Site


class SubscribeForm(forms.Form):
    email = forms.EmailField(
        label=_("Your e-mail address"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "required": True}),
        help_text=_("Used only to send you these alerts. Never shown, never shared."),
    )
    site = forms.SlugField(required=False, widget=forms.HiddenInput)
    collective = forms.SlugField(required=False, widget=forms.HiddenInput)
    # A field people do not see (hidden by CSS and from screen readers): bots fill it in.
    website = forms.CharField(required=False, label=_("Leave this field empty"))

    def clean_site(self):
        slug = self.cleaned_data.get("site")
        if not slug:
            return None
        site = Site.objects.public().filter(slug=slug).first()
        if site is None:
            raise forms.ValidationError(_("There is no site %(slug)s.") % {"slug": slug})
        return site

    def clean_collective(self):
        slug = self.cleaned_data.get("collective")
        if not slug:
            return None
        collective = Collective.objects.public().filter(slug=slug).first()
        if collective is None:
            raise forms.ValidationError(_("There is no collective %(slug)s.") % {"slug": slug})
        return collective

    def clean(self):
        data = super().clean()
        if data.get("site") and data.get("collective"):
            raise forms.ValidationError(_("Follow a site or a collective, not both at once."))
        return data

    @property
    def is_bot(self) -> bool:
        return bool(self.cleaned_data.get("website"))

import hashlib
import hmac
from datetime import timedelta

from django.conf import settings
from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.generic import FormView

from apps.accounts.client_ip import client_ip
from apps.sites.models import Site

from ..forms import SuggestionForm
from ..models import Suggestion

SUGGESTIONS_PER_HOUR = 5


def sender_hash(request) -> str:
    """A keyed hash of the network address: enough to rate-limit, useless to identify anyone."""
    address = client_ip(request)
    return hmac.new(settings.SECRET_KEY.encode(), address.encode(), hashlib.sha256).hexdigest()


class SuggestView(FormView):
    """Anyone may suggest a correction for a site; it goes to the editors, never straight online."""

    template_name = "contributions/suggest_form.html"
    form_class = SuggestionForm

    def dispatch(self, request, *args, **kwargs):
        self.site = get_object_or_404(Site.objects.public(), slug=kwargs["slug"])
        return super().dispatch(request, *args, **kwargs)

    def form_valid(self, form):
        if form.cleaned_data["website"]:
            # The honeypot was filled in: a robot. Say thanks and keep nothing.
            messages.success(self.request, _("Thank you: an editor will read your suggestion."))
            return redirect(self.site.get_absolute_url())
        who = sender_hash(self.request)
        recent = Suggestion.objects.filter(sender_hash=who, created__gte=timezone.now() - timedelta(hours=1))
        if recent.count() >= SUGGESTIONS_PER_HOUR:
            form.add_error(None, _("You have sent several suggestions in the past hour; please try again later."))
            return self.render_to_response(self.get_context_data(form=form), status=429)
        Suggestion.objects.create(
            site=self.site,
            message=form.cleaned_data["message"],
            source_url=form.cleaned_data["source_url"],
            email=form.cleaned_data["email"],
            sender_hash=who,
        )
        messages.success(self.request, _("Thank you: an editor will read your suggestion."))
        return redirect(self.site.get_absolute_url() + "#site-actions")

    def get_context_data(self, **kwargs):
        return super().get_context_data(site=self.site, **kwargs)

from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _

from apps.press.models import PressItem
from apps.sites.models import Claim, Event, Site
from apps.stories.models import Story

from ..forms import ClaimForm, EventForm, PressItemForm

# The contributed record kinds, by the name used in URLs.
KINDS = {
    "event": (Event, EventForm),
    "claim": (Claim, ClaimForm),
    "press": (PressItem, PressItemForm),
    # Written and edited in the story editor (views/stories.py); moderated here like the rest.
    "story": (Story, None),
}


def kind_of(obj) -> str:
    return {Event: "event", Claim: "claim", PressItem: "press", Story: "story"}[type(obj)]


def record_for(kind: str, pk: int):
    """Any record of that kind, deleted or pending included: the caller checks permissions."""
    try:
        model, _form = KINDS[kind]
    except KeyError:
        raise Http404 from None
    return get_object_or_404(model._base_manager.all(), pk=pk)


def forbidden(request, message=None):
    """A 403 that says why, in the reader's language."""
    return TemplateResponse(
        request,
        "contributions/forbidden.html",
        {"message": message or _("Your account may not do this here.")},
        status=403,
    )


class LoginRequired(LoginRequiredMixin):
    """Anonymous visitors are sent to the log-in page; the permission itself is checked in
    `allowed()` on every request, GET and POST."""

    def allowed(self, request) -> bool:
        raise NotImplementedError

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.prepare(request, *args, **kwargs)
        if not self.allowed(request):
            return forbidden(request, getattr(self, "forbidden_message", None))
        return super().dispatch(request, *args, **kwargs)

    def prepare(self, request, *args, **kwargs):
        pass


class SiteMixin:
    def prepare(self, request, *args, **kwargs):
        self.site = get_object_or_404(Site.objects.alive(), slug=kwargs["slug"])

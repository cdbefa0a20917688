from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView, View

from apps.accounts import permissions, records
from apps.accounts.mail import notify
from apps.core.models import PublicationState
from apps.press.models import PressItem
from apps.sites.models import Claim, Event
from apps.stories.models import Story

from ..forms import RejectForm
from ..models import Suggestion
from .base import LoginRequired, kind_of, record_for

NOT_EDITOR = gettext_lazy("Only editors work the moderation queue.")


class EditorOnly(LoginRequired):
    forbidden_message = NOT_EDITOR

    def allowed(self, request):
        return permissions.can_moderate(request.user)


class ModerationQueueView(EditorOnly, TemplateView):
    template_name = "contributions/moderation_queue.html"

    def get_context_data(self, **kwargs):
        pending = []
        for model in (Event, Claim, PressItem):
            related = ["created_by", "collective"] + (["site"] if model is not PressItem else [])
            for obj in model.objects.alive().filter(state=PublicationState.PENDING).select_related(*related):
                pending.append((kind_of(obj), obj))
        for story in Story.objects.pending().select_related("created_by", "collective"):
            pending.append(("story", story))
        deleted = []
        for model in (Event, Claim, PressItem):
            for obj in model.objects.filter(deleted_at__isnull=False).order_by("-deleted_at")[:20]:
                deleted.append((kind_of(obj), obj))
        return super().get_context_data(
            pending=pending,
            deleted=deleted,
            suggestions=Suggestion.objects.open().select_related("site")[:100],
            **kwargs,
        )


class ApproveView(EditorOnly, View):
    reject = False

    def prepare(self, request, *args, **kwargs):
        self.object = record_for(kwargs["kind"], kwargs["pk"])

    def post(self, request, *args, **kwargs):
        form = RejectForm(request.POST) if self.reject else None
        try:
            version = int(request.POST.get("version", ""))
        except ValueError:
            messages.error(request, _("The form was incomplete; try again."))
            return redirect("contributions:moderation")
        try:
            if self.reject:
                if not form.is_valid():
                    messages.error(request, _("Give a reason: it is sent to the author."))
                    return redirect("contributions:moderation")
                records.reject(
                    self.object, user=request.user, expected_version=version, reason=form.cleaned_data["reason"]
                )
                self.notify_author(form.cleaned_data["reason"])
                messages.success(request, _("Rejected; the author can read why on their dashboard."))
            else:
                records.approve(self.object, user=request.user, expected_version=version)
                messages.success(request, _("Approved and published."))
        except records.StaleEdit:
            messages.error(request, _("It was changed meanwhile; review it again."))
        return redirect("contributions:moderation")

    def notify_author(self, reason):
        author = self.object.created_by
        if author is None or not author.email:
            return
        notify(
            _("Hubwatch: your contribution was not published"),
            _("Your contribution “%(what)s” was not published. The editor's reason:\n\n%(reason)s")
            % {"what": self.object, "reason": reason},
            author.email,
        )


class RejectView(ApproveView):
    reject = True


class SuggestionHandledView(EditorOnly, View):
    def post(self, request, *args, **kwargs):
        suggestion = get_object_or_404(Suggestion, pk=kwargs["pk"])
        suggestion.handled_at = timezone.now()
        suggestion.handled_by = request.user
        suggestion.save(update_fields=["handled_at", "handled_by"])
        messages.success(request, _("Marked as handled."))
        return redirect("contributions:moderation")

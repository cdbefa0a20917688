from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView, View

from apps.accounts import permissions, records
from apps.press.models import PressItem
from apps.sites.models import Claim, Event, Site

from ..history import site_history
from .base import LoginRequired

HISTORY_MODELS = {"site": Site, "event": Event, "claim": Claim, "pressitem": PressItem}


class SiteHistoryView(TemplateView):
    """Public: every published change to the site, its events and claims, with field diffs."""

    template_name = "contributions/site_history.html"
    paginate_by = 50

    def get_context_data(self, **kwargs):
        site = get_object_or_404(Site.objects.public(), slug=self.kwargs["slug"])
        page = Paginator(site_history(site), self.paginate_by).get_page(self.request.GET.get("page"))
        return super().get_context_data(
            site=site, page_obj=page, entries=page.object_list, can_revert=permissions.can_revert(self.request.user)
        )


class RevertView(LoginRequired, View):
    """Editors: bring a record back to one of its earlier versions (recorded as a new version)."""

    forbidden_message = gettext_lazy("Only editors may revert.")

    def prepare(self, request, *args, **kwargs):
        model = HISTORY_MODELS.get(kwargs["kind"])
        if model is None:
            raise Http404
        self.site = get_object_or_404(Site.objects.all(), slug=kwargs["slug"])
        self.record = get_object_or_404(model.history.all(), history_id=kwargs["history_id"])
        if model is PressItem:
            belongs = self.site.press_items.filter(pk=self.record.id).exists()
        else:
            belongs = (self.record.id if model is Site else self.record.site_id) == self.site.pk
        if not belongs:
            raise Http404

    def allowed(self, request):
        return permissions.can_revert(request.user)

    def post(self, request, *args, **kwargs):
        try:
            records.revert(self.record, user=request.user)
        except records.StaleEdit:
            messages.error(request, _("The record changed at the same moment; look at the history and try again."))
        else:
            messages.success(request, _("Reverted to the version of %(when)s.") % {"when": self.record.history_date})
        return redirect("contributions:site-history", slug=self.site.slug)


class MarkCheckedView(LoginRequired, View):
    """Editors: the site's whole record was checked against its sources today."""

    forbidden_message = gettext_lazy("Only editors may mark a record as checked.")

    def prepare(self, request, *args, **kwargs):
        self.site = get_object_or_404(Site.objects.public(), slug=kwargs["slug"])

    def allowed(self, request):
        return permissions.can_mark_checked(request.user, self.site)

    def post(self, request, *args, **kwargs):
        try:
            expected = int(request.POST.get("version", ""))
        except ValueError:
            expected = self.site.version
        try:
            records.mark_checked(self.site, user=request.user, expected_version=expected)
        except records.StaleEdit:
            messages.error(request, _("The record changed while you checked it; look at it again."))
        else:
            messages.success(request, _("Recorded: the whole record was checked today."))
        return redirect(self.site.get_absolute_url() + "#site-actions")

"""Adding and editing events, claims and press items; soft delete and undo for editors."""

from django.contrib import messages
from django.db import transaction
from django.http import HttpResponseRedirect
from django.shortcuts import redirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView, View

from apps.accounts import permissions, records
from apps.core.models import PublicationState
from apps.core.translation import columns

from ..forms import ClaimForm, EventForm, PressItemForm
from .base import KINDS, LoginRequired, SiteMixin, record_for

NOT_A_MEMBER = gettext_lazy(
    "Only members of a collective opposing this site (and editors) may add to it. "
    "Ask your collective's coordinator for an invitation."
)


def _published_message(request, obj):
    if obj.state == PublicationState.PUBLISHED:
        messages.success(request, _("Saved and published."))
    else:
        messages.info(request, _("Saved. An editor will review it before it is published."))


def save_form(form, *, user, site):
    """Save a new or edited contribution and its new source in one transaction."""
    obj = form.instance
    with transaction.atomic():
        collective = form.cleaned_data.get("collective") if not obj.pk else obj.collective
        if isinstance(form, ClaimForm):
            obj.source = form.new_source(site=site, user=user, collective=collective) or form.cleaned_data["source"]
        if obj.pk:
            records.update_contribution(obj, expected_version=form.loaded_version(), user=user)
        else:
            records.create_contribution(obj, user=user, collective=collective)
        if isinstance(form, EventForm):
            new = form.new_source(site=site, user=user, collective=collective)
            sources = list(form.cleaned_data.get("sources") or [])
            obj.sources.set(sources + ([new] if new else []))
        elif isinstance(form, PressItemForm) and site is not None:
            obj.sites.add(site)
    return obj


class AddView(SiteMixin, LoginRequired, FormView):
    template_name = "contributions/contribution_form.html"
    forbidden_message = NOT_A_MEMBER
    heading = ""

    def allowed(self, request):
        return permissions.can_contribute(request.user, self.site)

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        model = self.form_class._meta.model
        instance = model(site=self.site) if hasattr(model, "site_id") else model()
        return {**kwargs, "instance": instance, "user": self.request.user, "site": self.site}

    def form_valid(self, form):
        if isinstance(form, ClaimForm) or isinstance(form, EventForm):
            form.instance.site = self.site
        obj = save_form(form, user=self.request.user, site=self.site)
        _published_message(self.request, obj)
        return redirect(self.site.get_absolute_url() + "#site-actions")

    def get_context_data(self, **kwargs):
        return super().get_context_data(site=self.site, heading=self.heading, **kwargs)


class AddEventView(AddView):
    form_class = EventForm
    heading = gettext_lazy("Add an event to the timeline")


class AddClaimView(AddView):
    form_class = ClaimForm
    heading = gettext_lazy("Add a claim (a figure somebody states)")


class AddPressItemView(AddView):
    form_class = PressItemForm
    heading = gettext_lazy("Add a press item or document")


class EditView(LoginRequired, FormView):
    """Edit what your collective added (editors: anything), refusing a stale version."""

    template_name = "contributions/contribution_form.html"
    forbidden_message = gettext_lazy("Only members of the collective that added this (and editors) may edit it.")

    def prepare(self, request, *args, **kwargs):
        self.object = record_for(kwargs["kind"], kwargs["pk"])
        self.form_class = KINDS[kwargs["kind"]][1]
        self.site = getattr(self.object, "site", None)
        self.current = None

    def dispatch(self, request, *args, **kwargs):
        if kwargs.get("kind") == "story":  # stories have their own editor
            story = record_for("story", kwargs["pk"])
            return redirect("contributions:story-edit", slug=story.slug)
        return super().dispatch(request, *args, **kwargs)

    def allowed(self, request):
        return permissions.can_edit(request.user, self.object)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.object, "user": self.request.user, "site": self.site}

    def form_valid(self, form):
        try:
            obj = save_form(form, user=self.request.user, site=self.site)
        except records.StaleEdit as stale:
            return self.refuse_stale(form, stale.current)
        _published_message(self.request, obj)
        if self.site is None:
            return redirect("contributions:dashboard")
        return redirect(self.site.get_absolute_url() + "#site-actions")

    def refuse_stale(self, form, current):
        """Keep what was typed, show what is stored now, and let a second submit knowingly replace it."""
        data = form.data.copy()
        data["version"] = str(current.version)
        fresh = self.form_class(data, instance=type(current)._base_manager.get(pk=current.pk), **self._form_extra())
        fresh.is_valid()
        fresh.add_error(
            None,
            _(
                "Someone else saved this record while you were editing it (it is now at version %(v)s). "
                "Your text is kept below; compare it with the current values and save again to replace them."
            )
            % {"v": current.version},
        )
        self.current = current
        return self.render_to_response(self.get_context_data(form=fresh), status=409)

    def _form_extra(self):
        return {"user": self.request.user, "site": self.site}

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx.update(site=self.site, object=self.object, heading=_("Edit: %(what)s") % {"what": self.object})
        if self.current is not None:
            fields = ["text_language", *(c for name in getattr(self.form_class, "TEXTS", ()) for c in columns(name))]
            fields = [*self.form_class._meta.fields, *fields] if len(fields) > 1 else list(self.form_class._meta.fields)
            ctx["current_values"] = [
                (type(self.current)._meta.get_field(name).verbose_name, _field_display(self.current, name))
                for name in fields
            ]
        return ctx


def _field_display(obj, name):
    display = getattr(obj, f"get_{name}_display", None)
    return display() if display else getattr(obj, name)


def _back(request, obj):
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}, require_https=request.is_secure()):
        return HttpResponseRedirect(target)
    site = getattr(obj, "site", None)
    return redirect(site.get_absolute_url() if site else "contributions:moderation")


class DeleteView(LoginRequired, View):
    """Soft delete (editors only): the record disappears from public pages; Undo brings it back."""

    forbidden_message = gettext_lazy("Only editors may delete. Deleting is never final: an editor can undo it.")
    restore = False

    def prepare(self, request, *args, **kwargs):
        self.object = record_for(kwargs["kind"], kwargs["pk"])

    def allowed(self, request):
        return permissions.can_delete(request.user, self.object)

    def post(self, request, *args, **kwargs):
        if self.restore:
            records.undelete(self.object, user=request.user)
            messages.success(request, _("Restored."))
        else:
            records.soft_delete(self.object, user=request.user)
            messages.success(request, _("Deleted. You can undo this from the moderation page."))
        return _back(request, self.object)


class RestoreView(DeleteView):
    restore = True

"""The story editor: start a story, write its steps (add, edit, reorder, delete), preview it and
publish it. Editors publish at once; a coordinator writes for the sites their collective
opposes, and their story waits in the moderation queue unless the collective is trusted."""

from __future__ import annotations

from django.contrib import messages
from django.db import transaction
from django.db.models import Max, Q
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView, View

from apps.accounts import permissions, records
from apps.atlas.legend import SHAPES
from apps.atlas.options import cached_filter_options, filter_description
from apps.atlas.views.map import map_config
from apps.core.models import PublicationState
from apps.core.translation import text_in
from apps.sites.models import Event
from apps.stories.models import STEP_FILTERS, Story, StoryStep

from ..story_forms import StepForm, StoryForm
from .base import LoginRequired

NOT_A_STORY_WRITER = gettext_lazy(
    "Editors and the coordinators of a collective write stories (for the sites their collective opposes)."
)


def _state_message(request, story):
    if story.draft:
        messages.success(request, _("Saved. The story is a draft until you publish it."))
    elif story.state == PublicationState.PUBLISHED:
        messages.success(request, _("Saved and published."))
    else:
        messages.info(request, _("Saved. An editor will review it before it is published."))


class StoryMixin(LoginRequired):
    forbidden_message = NOT_A_STORY_WRITER

    def prepare(self, request, *args, **kwargs):
        self.story = get_object_or_404(Story.objects.alive(), slug=kwargs["slug"])

    def allowed(self, request):
        return permissions.can_edit_story(request.user, self.story)

    def touch(self, reason: str):
        """A change to the steps is a new version of the story (its history says what changed)."""
        story = Story.objects.get(pk=self.story.pk)
        records.update_story(story, expected_version=story.version, user=self.request.user, reason=reason)
        self.story = story


class StoryNewView(LoginRequired, FormView):
    template_name = "contributions/story_form.html"
    form_class = StoryForm
    forbidden_message = NOT_A_STORY_WRITER

    def allowed(self, request):
        return permissions.can_write_stories(request.user)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user, "instance": Story()}

    def form_valid(self, form):
        story = records.create_story(
            form.instance, user=self.request.user, collective=form.cleaned_data.get("collective")
        )
        messages.success(self.request, _("Story started. Add its steps, then publish it."))
        return redirect("contributions:story-edit", slug=story.slug)

    def get_context_data(self, **kwargs):
        return super().get_context_data(heading=_("Write a story"), **kwargs)


class StoryEditView(StoryMixin, FormView):
    """The story's own texts, its steps in order (move, edit, delete), preview and publish."""

    template_name = "contributions/story_edit.html"
    form_class = StoryForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user, "instance": self.story}

    def form_valid(self, form):
        try:
            records.update_story(form.instance, expected_version=form.loaded_version(), user=self.request.user)
        except records.StaleEdit:
            form.add_error(None, _("Someone else saved this story meanwhile; reload the page and try again."))
            return self.form_invalid(form)
        _state_message(self.request, form.instance)
        return redirect("contributions:story-edit", slug=self.story.slug)

    def get_context_data(self, **kwargs):
        steps = list(self.story.steps.order_by("position").prefetch_related("sites", "events"))
        return super().get_context_data(
            story=self.story,
            steps=steps,
            publishes_directly=permissions.publishes_directly(self.request.user, self.story.collective),
            **kwargs,
        )


class StepFormView(StoryMixin, FormView):
    template_name = "contributions/story_step_form.html"
    form_class = StepForm

    def prepare(self, request, *args, **kwargs):
        super().prepare(request, *args, **kwargs)
        pk = kwargs.get("pk")
        self.step = get_object_or_404(StoryStep, pk=pk, story=self.story) if pk else StoryStep(story=self.story)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "story": self.story, "user": self.request.user, "instance": self.step}

    def form_valid(self, form):
        step = form.instance
        with transaction.atomic():
            new = step.pk is None
            if new:
                last = self.story.steps.aggregate(last=Max("position"))["last"] or 0
                step.position = last + 1
            step.save()
            step.sites.set(form.cleaned_data["site_slugs"])
            step.events.set(form.cleaned_data["event_ids"])
            self.touch(
                _("Step %(n)s added") % {"n": step.position} if new else _("Step %(n)s changed") % {"n": step.position}
            )
        _state_message(self.request, self.story)
        return redirect(
            reverse("contributions:story-edit", kwargs={"slug": self.story.slug}) + f"#step-{step.position}"
        )

    def get_context_data(self, **kwargs):
        options = cached_filter_options()
        config = map_config(self.request, options)
        filters = self.step.filters if self.step.pk else {}
        form = kwargs.get("form")
        if form is not None and form.is_bound:
            filters = {name: ",".join(form.data.getlist(name)) for name in form.data if name in STEP_FILTERS}
        return super().get_context_data(
            story=self.story,
            step=self.step,
            filter_description=[f for f in filter_description(options) if f["name"] != "at"],
            filters={name: value.split(",") if name != "q" else value for name, value in filters.items()},
            config=config
            | {
                "statuses": options["statuses"],
                "shapes": SHAPES,
                "searchUrl": reverse("contributions:story-search", kwargs={"slug": self.story.slug}),
            },
            **kwargs,
        )


class StepMoveView(StoryMixin, View):
    """Move a step up or down (Previous/Next order), or delete it; the others are renumbered."""

    def post(self, request, *args, **kwargs):
        step = get_object_or_404(StoryStep, pk=kwargs["pk"], story=self.story)
        action = request.POST.get("action")
        with transaction.atomic():
            steps = list(self.story.steps.order_by("position"))
            index = steps.index(step)
            if action == "up" and index > 0:
                steps[index - 1], steps[index] = steps[index], steps[index - 1]
                reason = _("Step %(n)s moved up") % {"n": index + 1}
            elif action == "down" and index < len(steps) - 1:
                steps[index + 1], steps[index] = steps[index], steps[index + 1]
                reason = _("Step %(n)s moved down") % {"n": index + 1}
            elif action == "delete":
                steps.remove(step)
                step.delete()
                reason = _("Step %(n)s deleted") % {"n": index + 1}
            else:
                return redirect("contributions:story-edit", slug=self.story.slug)
            # The unique (story, position) is checked at commit: the swap may pass through a duplicate.
            for position, item in enumerate(steps, start=1):
                if item.position != position:
                    item.position = position
                    item.save(update_fields=["position"])
            self.touch(reason)
        messages.success(request, reason)
        return redirect("contributions:story-edit", slug=self.story.slug)


class StoryPublishView(StoryMixin, View):
    def post(self, request, *args, **kwargs):
        if not self.story.steps.exists():
            messages.error(request, _("Add at least one step before publishing."))
            return redirect("contributions:story-edit", slug=self.story.slug)
        try:
            version = int(request.POST.get("version", ""))
            story = records.publish_story(self.story, expected_version=version, user=request.user)
        except (ValueError, records.StaleEdit):
            messages.error(request, _("The story changed meanwhile; check it and publish again."))
            return redirect("contributions:story-edit", slug=self.story.slug)
        if story.state == PublicationState.PUBLISHED:
            messages.success(request, _("Published."))
        else:
            messages.info(request, _("Submitted: an editor will review it before it is published."))
        return redirect("contributions:story-edit", slug=self.story.slug)


class StorySearchView(StoryMixin, View):
    """The editor's search boxes: sites the story may highlight, and published events of those
    sites, matching the text typed (either language, accents and case ignored)."""

    LIMIT = 15

    def get(self, request, *args, **kwargs):
        text = request.GET.get("q", "").strip()
        sites = permissions.story_sites(request.user, self.story)
        if request.GET.get("what") == "events":
            events = Event.objects.public().filter(site__in=sites).select_related("site").order_by("-date", "-id")
            if text:
                events = events.filter(
                    Q(title_en__unaccent__icontains=text)
                    | Q(title_fr__unaccent__icontains=text)
                    | Q(site__name__unaccent__icontains=text)
                    | Q(site__slug=text)
                )
            results = [
                {"value": str(e.pk), "label": f"{e.date_display} · {e.site.name}: {text_in(e, 'title').text}"}
                for e in events[: self.LIMIT]
            ]
        else:
            if text:
                sites = sites.filter(
                    Q(name__unaccent__icontains=text)
                    | Q(municipality__unaccent__icontains=text)
                    | Q(slug__icontains=text)
                )
            results = [
                {"value": s.slug, "label": f"{s.name} ({s.municipality})"} for s in sites.order_by("name")[: self.LIMIT]
            ]
        return JsonResponse({"results": results})

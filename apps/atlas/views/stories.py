"""Stories (apps/stories): the list (`/stories/`), the reader (`/stories/<slug>/`) and its
embeddable variant (`/embed/stories/<slug>/`)."""

from __future__ import annotations

from django.conf import settings
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.clickjacking import xframe_options_exempt
from django.views.generic import ListView, TemplateView

from apps.accounts import permissions
from apps.core.translation import text_in
from apps.stories.models import Story, StoryStep
from apps.stories.reading import read_story, step_view

from ..legend import SHAPES
from ..options import cached_filter_options
from .map import map_config


def _story_strings() -> dict:
    return {
        "stepOf": _("Step %(n)s of %(total)s"),
        "noStatusYet": _("no status on record yet on this date"),
        "since": _("since %(date)s"),
    }


def story_preview(request, story: Story, steps) -> dict:
    """What a shared link to the story shows: its first step (date, title) and the map of that
    step's view on its date."""
    if not steps:
        return {"description": text_in(story, "summary").text or str(story.title), "image": None}
    first = steps[0]
    step = first.step
    description = f"{step.date_display}: {text_in(step, 'title').text}"
    query = dict(step.filter_query().items())
    query["at"] = step.date.isoformat()
    view = step_view(step, [entry.site for entry in first.sites])
    if view:
        query.update(lat=f"{view[0]:.4f}", lon=f"{view[1]:.4f}", z=str(view[2]))
    query.update(width="1200", height="630")
    return {"description": description, "image": reverse("map-png") + "?" + urlencode(query)}


def story_data(story: Story, steps) -> dict:
    """The steps as the reader's script reads them (static/js/story.js)."""
    data = []
    for entry in steps:
        step = entry.step
        view = step_view(step, [s.site for s in entry.sites])
        data.append(
            {
                "n": step.position,
                "date": step.date.isoformat(),
                "view": {"lat": view[0], "lon": view[1], "zoom": view[2]} if view and not step.fit_sites else None,
                "fit": step.fit_sites,
                "filters": step.filter_query().urlencode(),
                "sites": [s.site.slug for s in entry.sites],
            }
        )
    return {"slug": story.slug, "steps": data}


class StoryListView(ListView):
    template_name = "atlas/story_list.html"
    context_object_name = "stories"

    def get_queryset(self):
        steps = Prefetch("steps", queryset=StoryStep.objects.order_by("position"), to_attr="ordered_steps")
        return Story.objects.public().prefetch_related(steps)

    def get_context_data(self, **kwargs):
        return super().get_context_data(can_write=permissions.can_write_stories(self.request.user), **kwargs)


class StoryView(TemplateView):
    template_name = "atlas/story_detail.html"
    embed = False

    def get_story(self) -> Story:
        story = get_object_or_404(Story.objects.alive(), slug=self.kwargs["slug"])
        # A draft or a story waiting for moderation: only who may edit it sees it (its preview).
        if not permissions.can_see_story(self.request.user, story) or (self.embed and not story.is_public):
            raise Http404
        return story

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        story = self.get_story()
        steps = read_story(story)
        options = cached_filter_options()
        config = map_config(self.request, options)
        context.update(
            story=story,
            steps=steps,
            embed=self.embed,
            preview=story_preview(self.request, story, steps),
            config=config
            | {"statuses": options["statuses"], "shapes": SHAPES, "embed": self.embed, "story": _story_strings()},
            story_data=story_data(story, steps),
            can_edit=permissions.can_edit_story(self.request.user, story),
        )
        return context


@method_decorator(xframe_options_exempt, name="dispatch")
class StoryEmbedView(StoryView):
    """The story for other websites' iframes."""

    template_name = "atlas/story_embed.html"
    embed = True

    def dispatch(self, request, *args, **kwargs):
        response = super().dispatch(request, *args, **kwargs)
        response._csp_config = {**settings.SECURE_CSP, "frame-ancestors": ["*"]}
        return response

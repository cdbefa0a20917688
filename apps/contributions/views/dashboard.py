from django.contrib.auth.mixins import LoginRequiredMixin
from django.db.models import Q
from django.views.generic import TemplateView

from apps.accounts import permissions
from apps.accounts.models import Membership
from apps.core.models import PublicationState
from apps.press.models import PressItem
from apps.sites.models import Claim, Event
from apps.stories.models import Story

from .base import kind_of


class DashboardView(LoginRequiredMixin, TemplateView):
    """A member's page: their collectives, the sites they may update, what waits for moderation
    and what was rejected, with the editor's reason."""

    template_name = "contributions/dashboard.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        collectives = permissions.member_collectives(user)
        mine = Q(created_by=user) | Q(collective__in=collectives)
        pending, rejected = [], []
        for model in (Event, Claim, PressItem):
            qs = model.objects.alive().filter(mine).order_by("-pk")
            pending += [(kind_of(o), o) for o in qs.filter(state=PublicationState.PENDING)[:50]]
            rejected += [(kind_of(o), o) for o in qs.filter(state=PublicationState.REJECTED)[:50]]
        return super().get_context_data(
            memberships=Membership.objects.of(user).select_related("collective").order_by("collective__name"),
            sites=permissions.contributable_sites(user).order_by("name")[:200],
            pending=pending,
            rejected=rejected,
            is_editor=permissions.is_editor(user),
            can_write_stories=permissions.can_write_stories(user),
            stories=Story.objects.alive()
            .filter(Q(created_by=user) | Q(collective__in=permissions.story_collectives(user)))
            .order_by("-pk")[:50],
            **kwargs,
        )

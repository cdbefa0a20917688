"""Who may work the intake, on top of the roles in apps/accounts/permissions.py: editors
always; collective members review articles and confirm them for the sites their collectives
oppose; coordinators (and editors) register feeds. The Django permissions
`intake.review_intakeitem` and `intake.add_feed` can grant the same to other accounts."""

from django.contrib.auth.mixins import LoginRequiredMixin, UserPassesTestMixin

from apps.accounts import permissions as roles
from apps.accounts.models import Membership


def _active(user) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_active)


def can_review(user) -> bool:
    """See the queue and add articles by URL."""
    if not _active(user):
        return False
    return roles.is_editor(user) or user.has_perm("intake.review_intakeitem") or roles.member_collectives(user).exists()


def can_confirm(user, site) -> bool:
    """Confirm that an article is a source of `site`."""
    if not _active(user):
        return False
    return roles.can_contribute(user, site) or user.has_perm("intake.review_intakeitem")


def reviewable_sites(user):
    """The sites whose suggestions the user sees in the queue."""
    from apps.sites.models import Site

    if roles.is_editor(user) or user.has_perm("intake.review_intakeitem"):
        return Site.objects.alive()
    return roles.contributable_sites(user)


def can_add_feed(user) -> bool:
    if not _active(user):
        return False
    return (
        roles.is_editor(user) or user.has_perm("intake.add_feed") or Membership.objects.of(user).coordinators().exists()
    )


class ReviewerRequiredMixin(LoginRequiredMixin, UserPassesTestMixin):
    def test_func(self):
        return can_review(self.request.user)

"""Invitations to join a collective: a signed, timestamped link (django.core.signing) that
works once and for INVITATION_MAX_AGE seconds. Only coordinators (and editors) invite."""

from __future__ import annotations

from django.conf import settings
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from . import permissions
from .models import Invitation, Membership, Role

SALT = "hubwatch.accounts.invitation"


class InvalidInvitation(Exception):
    pass


def token_for(invitation: Invitation) -> str:
    return signing.TimestampSigner(salt=SALT).sign(str(invitation.pk))


def create(*, collective, role: str, email: str, by) -> tuple[Invitation, str]:
    if not permissions.can_manage_members(by, collective):
        raise PermissionDenied
    invitation = Invitation.objects.create(collective=collective, role=role, email=email, invited_by=by)
    return invitation, token_for(invitation)


def open_invitation(token: str) -> Invitation:
    """The invitation a link points to, if the link is genuine, recent and not used yet."""
    try:
        pk = signing.TimestampSigner(salt=SALT).unsign(token, max_age=settings.INVITATION_MAX_AGE)
    except signing.SignatureExpired:
        raise InvalidInvitation(_("This invitation has expired. Ask for a new one.")) from None
    except signing.BadSignature:
        raise InvalidInvitation(_("This invitation link is not valid.")) from None
    invitation = Invitation.objects.select_related("collective").filter(pk=pk).first()
    if invitation is None or not invitation.is_open or invitation.collective.deleted_at is not None:
        raise InvalidInvitation(_("This invitation has already been used or withdrawn."))
    return invitation


def accept(token: str, user) -> Membership:
    """Use the invitation for `user`, exactly once even if the link is opened twice at the same time."""
    with transaction.atomic():
        invitation = open_invitation(token)
        invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
        if not invitation.is_open:
            raise InvalidInvitation(_("This invitation has already been used or withdrawn."))
        invitation.accepted_at = timezone.now()
        invitation.accepted_by = user
        invitation.save(update_fields=["accepted_at", "accepted_by"])
        membership, created = Membership.objects.get_or_create(
            user=user, collective=invitation.collective, defaults={"role": invitation.role}
        )
        if not created and invitation.role == Role.COORDINATOR and membership.role != Role.COORDINATOR:
            membership.role = Role.COORDINATOR
            membership.save(update_fields=["role"])
    return membership


def remove_member(membership: Membership, *, by) -> None:
    if not permissions.can_manage_members(by, membership.collective):
        raise PermissionDenied
    membership.delete()


def revoke(invitation: Invitation, *, by) -> None:
    if not permissions.can_manage_members(by, invitation.collective):
        raise PermissionDenied
    invitation.revoked_at = timezone.now()
    invitation.save(update_fields=["revoked_at"])

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class User(AbstractUser):
    """A Hubwatch account. Only `display_name` is ever shown publicly, never the e-mail."""

    display_name = models.CharField(
        _("display name"),
        max_length=80,
        blank=True,
        help_text=_("Shown publicly next to your contributions. Leave empty to show your username."),
    )

    class Meta(AbstractUser.Meta):
        verbose_name = _("user")
        verbose_name_plural = _("users")

    @property
    def public_name(self) -> str:
        return self.display_name or self.username


class Role(models.TextChoices):
    MEMBER = "member", _("member")
    COORDINATOR = "coordinator", _("coordinator")


class MembershipQuerySet(models.QuerySet):
    def of(self, user):
        if not getattr(user, "is_authenticated", False) or not user.is_active:
            return self.none()
        return self.filter(user=user, collective__deleted_at__isnull=True)

    def coordinators(self):
        return self.filter(role=Role.COORDINATOR)


class Membership(models.Model):
    """A user acts for a collective: as a member (adds to the sites the collective opposes, edits
    what the collective added) or as a coordinator (also invites and removes members).
    Memberships are private: never shown on public pages."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    collective = models.ForeignKey(
        "collectives.Collective", verbose_name=_("collective"), on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(_("role"), max_length=12, choices=Role, default=Role.MEMBER)
    created = models.DateTimeField(auto_now_add=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(fields=["user", "collective"], name="membership_unique"),
            models.CheckConstraint(condition=models.Q(role__in=Role.values), name="membership_role_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.collective} ({self.get_role_display()})"


class Invitation(models.Model):
    """A coordinator's invitation to join a collective. The link carries the id signed with a
    timestamp (django.core.signing); `accepted_at` makes it single-use."""

    collective = models.ForeignKey("collectives.Collective", on_delete=models.CASCADE, related_name="invitations")
    role = models.CharField(_("role"), max_length=12, choices=Role, default=Role.MEMBER)
    email = models.EmailField(_("e-mail"), blank=True, help_text=_("Optional: the link is also sent there."))
    invited_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, related_name="+")
    created = models.DateTimeField(auto_now_add=True)
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created"]
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")

    def __str__(self) -> str:
        return f"{self.collective} ({self.get_role_display()})"

    @property
    def is_open(self) -> bool:
        return self.accepted_at is None and self.revoked_at is None

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class SuggestionQuerySet(models.QuerySet):
    def open(self):
        return self.filter(handled_at__isnull=True)


class Suggestion(models.Model):
    """A visitor's "suggest a correction" for a site. Never published: an editor reads it in the
    moderation queue. The sender's address is only kept to answer, and the network address only as
    a salted hash, to rate-limit."""

    site = models.ForeignKey("sites.Site", on_delete=models.CASCADE, related_name="suggestions")
    message = models.TextField(_("what should be corrected"), max_length=4000)
    source_url = models.URLField(_("a source for it"), max_length=600, blank=True)
    email = models.EmailField(_("your e-mail (optional, to answer you; never published)"), blank=True)
    sender_hash = models.CharField(max_length=64, db_index=True, editable=False)
    created = models.DateTimeField(auto_now_add=True, db_index=True)
    handled_at = models.DateTimeField(null=True, blank=True)
    handled_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)

    objects = SuggestionQuerySet.as_manager()

    class Meta:
        ordering = ["-created"]
        verbose_name = _("suggested correction")
        verbose_name_plural = _("suggested corrections")

    def __str__(self) -> str:
        return f"{self.site}: {self.message[:60]}"

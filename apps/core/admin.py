"""Admin: the outbox, queued and failed background work (see apps/core/outbox.py), and the
backups (apps/core/backups.py): the last good one first, failures with their reason."""

from django.contrib import admin
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from . import outbox
from .models import Backup, OutboxMessage


@admin.register(OutboxMessage)
class OutboxMessageAdmin(admin.ModelAdmin):
    list_display = (
        "id",
        "task",
        "state",
        "created",
        "queued_at",
        "done_at",
        "dispatch_attempts",
        "task_attempts",
        "short_error",
    )
    list_filter = ("state", "task")
    readonly_fields = [f.name for f in OutboxMessage._meta.fields]
    actions = ["retry"]
    date_hierarchy = "created"

    def has_add_permission(self, request):
        return False

    @admin.display(description=_("last error"))
    def short_error(self, obj):
        return obj.last_error[:120]

    @admin.action(description=_("Queue the selected failed work again"))
    def retry(self, request, queryset):
        n = outbox.retry_failed(queryset)
        self.message_user(request, ngettext("%d message queued again.", "%d messages queued again.", n) % n)


@admin.register(Backup)
class BackupAdmin(admin.ModelAdmin):
    list_display = ("finished", "kind", "ok", "path", "size", "entries", "short_error")
    list_filter = ("ok", "kind")
    readonly_fields = [f.name for f in Backup._meta.fields]
    date_hierarchy = "finished"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def changelist_view(self, request, extra_context=None):
        good = Backup.objects.good().first()
        if good is None:
            summary = _("No verified backup yet.")
        else:
            summary = _("Last good backup: %(when)s, %(path)s.") % {
                "when": date_format(timezone.localtime(good.finished), "DATETIME_FORMAT"),
                "path": good.path,
            }
        extra_context = {**(extra_context or {}), "title": summary}
        return super().changelist_view(request, extra_context)

    @admin.display(description=_("error"))
    def short_error(self, obj):
        return obj.error[:160]

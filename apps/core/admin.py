"""Admin: the outbox, queued and failed background work (see apps/core/outbox.py)."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from . import outbox
from .models import OutboxMessage


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

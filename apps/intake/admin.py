from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .models import Feed, IntakeItem, SiteSuggestion


@admin.register(Feed)
class FeedAdmin(admin.ModelAdmin):
    list_display = ("__str__", "url", "active", "last_success_at", "next_poll_at", "error_count", "short_error")
    list_filter = ("active", "language")
    search_fields = ("title", "url", "outlet")
    autocomplete_fields = ("collective",)
    readonly_fields = (
        "last_polled_at",
        "last_success_at",
        "next_poll_at",
        "error_count",
        "last_error",
        "items_found",
        "added_by",
    )
    actions = ["poll_now"]

    @admin.display(description=_("last error"))
    def short_error(self, obj):
        return obj.last_error[:120]

    def save_model(self, request, obj, form, change):
        if not change:
            obj.added_by = request.user
        super().save_model(request, obj, form, change)

    @admin.action(description=_("Poll the selected feeds at the next round"))
    def poll_now(self, request, queryset):
        n = queryset.update(next_poll_at=None, active=True)
        self.message_user(request, ngettext("%d feed will be polled.", "%d feeds will be polled.", n) % n)


class SiteSuggestionInline(admin.TabularInline):
    model = SiteSuggestion
    extra = 0
    fields = ("site", "matched", "state", "decided_at")
    readonly_fields = ("site", "matched", "decided_at")


@admin.register(IntakeItem)
class IntakeItemAdmin(admin.ModelAdmin):
    list_display = ("__str__", "outlet", "published", "origin", "state", "fetch_state", "created")
    list_filter = ("state", "origin", "fetch_state", "feed")
    search_fields = ("title", "url", "canonical_url")
    readonly_fields = ("canonical_url", "url", "origin", "feed", "press_item", "fetch_error", "created")
    exclude = ("requested_by",)
    inlines = [SiteSuggestionInline]

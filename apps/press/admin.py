from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from apps.accounts import records
from apps.accounts.admin_tools import TrackedAdmin

from .models import PressItem


@admin.register(PressItem)
class PressItemAdmin(TrackedAdmin):
    list_display = ("title", "outlet", "published", "language", "kind", "title_checked", "link_status")
    list_filter = ("kind", "language", "title_checked", "link_status", "outlet")
    search_fields = ("title", "outlet", "url", "excerpt", "authors")
    autocomplete_fields = ("sites", "collectives", "related")
    # What the link checker found, and the page's own title it proposes: the action below (or a
    # copy into the title and a tick in "title checked") confirms it.
    readonly_fields = ("link_status", "link_checked_at", "link_failures", "link_detail", "page_title")
    date_hierarchy = "published"
    actions = [*TrackedAdmin.actions, "accept_page_title"]

    @admin.action(description=_("Use the title found on the page, and mark it checked"))
    def accept_page_title(self, request, queryset):
        done = sum(records.accept_page_title(item, user=request.user) for item in queryset.exclude(page_title=""))
        self.message_user(request, ngettext("%d title checked.", "%d titles checked.", done) % done)

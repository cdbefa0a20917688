from django.contrib import admin

from apps.accounts.admin_tools import TrackedAdmin

from .models import PressItem


@admin.register(PressItem)
class PressItemAdmin(TrackedAdmin):
    list_display = ("title", "outlet", "published", "language", "kind", "title_checked", "link_status")
    list_filter = ("kind", "language", "title_checked", "link_status", "outlet")
    search_fields = ("title", "outlet", "url", "excerpt", "authors")
    autocomplete_fields = ("sites", "collectives", "related")
    # What the link checker found, and the page's own title it proposes (copy it into the title
    # and tick "title checked" to confirm it).
    readonly_fields = ("link_status", "link_checked_at", "link_failures", "link_detail", "page_title")
    date_hierarchy = "published"

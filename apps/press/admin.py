from django.contrib import admin

from apps.accounts.admin_tools import TrackedAdmin

from .models import PressItem


@admin.register(PressItem)
class PressItemAdmin(TrackedAdmin):
    list_display = ("title", "outlet", "published", "language", "kind")
    list_filter = ("kind", "language", "outlet")
    search_fields = ("title", "outlet", "url", "excerpt")
    autocomplete_fields = ("sites", "collectives")
    date_hierarchy = "published"

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from apps.accounts.admin_tools import TrackedAdmin

from .models import Story, StoryStep


class StoryStepInline(admin.StackedInline):
    model = StoryStep
    extra = 0
    ordering = ("position",)
    autocomplete_fields = ("sites", "events")


@admin.register(Story)
class StoryAdmin(TrackedAdmin):
    """The editing page (/stories/<slug>/edit/) is the usual way; this is for repairs."""

    list_display = ("title_en", "title_fr", "draft", "state", "collective")
    list_filter = ("draft", "state")
    search_fields = ("title_en", "title_fr", "slug")
    prepopulated_fields = {"slug": ("title_en",)}
    inlines = [StoryStepInline]


@admin.register(StoryStep)
class StoryStepAdmin(SimpleHistoryAdmin):
    list_display = ("story", "position", "title_en", "date")
    search_fields = ("title_en", "title_fr", "story__title_en")
    autocomplete_fields = ("sites", "events")

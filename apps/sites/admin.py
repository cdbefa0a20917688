from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from leaflet.admin import LeafletGeoAdmin

from apps.accounts.admin_tools import TrackedAdmin, TrackedInlineMixin

from .models import Claim, Event, Site


class EventInline(TrackedInlineMixin, admin.StackedInline):
    model = Event
    extra = 0
    fields = (
        ("date", "date_precision"),
        ("kind", "status_after"),
        "text_language",
        "title_en",
        "title_fr",
        "description_en",
        "description_fr",
        "translation_reviewed",
        "sources",
        "collectives",
    )
    autocomplete_fields = ("sources", "collectives")
    ordering = ("date", "id")
    show_change_link = True


class ClaimInline(TrackedInlineMixin, admin.TabularInline):
    model = Claim
    extra = 0
    fields = (
        "figure",
        "text_language",
        "statement_en",
        "statement_fr",
        "translation_reviewed",
        "value",
        "value_max",
        "unit",
        "claimant_kind",
        "claimant",
        "date",
        "source",
        "certainty",
        "certainty_source",
    )
    autocomplete_fields = ("source", "certainty_source")


@admin.register(Site)
class SiteAdmin(TrackedAdmin, LeafletGeoAdmin):
    list_display = ("name", "municipality", "country", "operator", "kind", "status", "status_since")
    list_filter = ("status", "country", "kind", "operator", "operator_certainty", "location_precision")
    search_fields = ("name", "slug", "municipality", "admin_area", "region")
    prepopulated_fields = {"slug": ("name",)}
    autocomplete_fields = ("operator", "developer", "operator_source", "developer_source")
    readonly_fields = ("status", "status_since", "checked_at", "checked_by")
    fieldsets = (
        (
            None,
            {"fields": ("name", "slug", "kind", "text_language", "summary_en", "summary_fr", "translation_reviewed")},
        ),
        (
            _("Operator and developer, and how sure they are"),
            {
                "fields": (
                    ("operator", "operator_certainty", "operator_source"),
                    ("developer", "developer_certainty", "developer_source"),
                )
            },
        ),
        (_("Place"), {"fields": ("location", "location_precision", "municipality", "admin_area", "region", "country")}),
        (_("Footprint"), {"fields": ("footprint",), "classes": ("collapse",)}),
        (_("Status (derived from the timeline)"), {"fields": ("status", "status_since")}),
        (_("Last full check (from the site page)"), {"fields": ("checked_at", "checked_by")}),
    )
    inlines = [EventInline, ClaimInline]


@admin.register(Event)
class EventAdmin(TrackedAdmin):
    list_display = ("date", "date_precision", "site", "kind", "status_after", "title")
    list_filter = ("kind", "status_after", "site__country")
    search_fields = ("title_en", "title_fr", "description_en", "description_fr", "site__name")
    date_hierarchy = "date"
    autocomplete_fields = ("site", "sources", "collectives")
    list_select_related = ("site",)


@admin.register(Claim)
class ClaimAdmin(TrackedAdmin):
    list_display = ("site", "figure", "statement", "claimant", "claimant_kind", "date", "certainty")
    list_filter = ("figure", "claimant_kind", "certainty")
    search_fields = ("statement_en", "statement_fr", "claimant", "site__name")
    autocomplete_fields = ("site", "source", "certainty_source")
    list_select_related = ("site",)

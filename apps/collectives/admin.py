from django.contrib import admin

from apps.accounts.admin_tools import TrackedAdmin

from .models import Collective, Network, NetworkLink, Opposition


class NetworkLinkInline(admin.TabularInline):
    model = NetworkLink
    extra = 0
    autocomplete_fields = ("network",)


class OppositionInline(admin.TabularInline):
    model = Opposition
    extra = 0
    autocomplete_fields = ("site",)


@admin.register(Collective)
class CollectiveAdmin(TrackedAdmin):
    list_display = ("name", "founded", "website")
    search_fields = ("name", "slug", "description_en", "description_fr")
    prepopulated_fields = {"slug": ("name",)}
    autocomplete_fields = ("description_sources",)
    inlines = [OppositionInline, NetworkLinkInline]


@admin.register(Network)
class NetworkAdmin(admin.ModelAdmin):
    list_display = ("name", "scope")
    search_fields = ("name", "slug")
    prepopulated_fields = {"slug": ("name",)}
    autocomplete_fields = ("description_sources",)

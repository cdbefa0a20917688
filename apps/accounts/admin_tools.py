"""What every admin page of a versioned record shares: edits go through apps.accounts.records
(version check, history user), deleting is the soft delete with an Undo, and an editor can undo
the last change of a record. Used by the domain apps' admin modules."""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.options import ActionLocation
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from simple_history.admin import SimpleHistoryAdmin

from . import permissions, records


class DeletedFilter(admin.SimpleListFilter):
    title = _("deleted")
    parameter_name = "deleted"

    def lookups(self, request, model_admin):
        return (("no", _("no")), ("yes", _("yes (can be restored)")))

    def queryset(self, request, queryset):
        if self.value() == "no":
            return queryset.filter(deleted_at__isnull=True)
        if self.value() == "yes":
            return queryset.filter(deleted_at__isnull=False)
        return queryset


class VersionedAdminForm(forms.ModelForm):
    loaded_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["loaded_version"].initial = self.instance.version

    def clean(self):
        cleaned = super().clean()
        loaded = cleaned.get("loaded_version")
        if self.instance.pk and loaded is not None:
            current = type(self.instance)._base_manager.filter(pk=self.instance.pk).values_list("version", flat=True)
            if current and current[0] != loaded:
                raise forms.ValidationError(
                    _(
                        "Someone else saved this record while you were editing it (now version %(v)s). "
                        "Open it again to see the current values."
                    ),
                    params={"v": current[0]},
                    code="stale",
                )
        return cleaned


class TrackedAdmin(SimpleHistoryAdmin):
    """Admin for Site, Event, Claim, PressItem, Collective: versioned saves, soft delete, undo."""

    form = VersionedAdminForm
    actions = ["soft_delete_selected", "restore_selected", "undo_last_change"]

    def get_fieldsets(self, request, obj=None):
        fieldsets = list(super().get_fieldsets(request, obj))
        return [*fieldsets, (None, {"fields": ["loaded_version"], "classes": ["hidden"]})]

    def get_list_filter(self, request):
        return (*super().get_list_filter(request), DeletedFilter)

    def save_model(self, request, obj, form, change):
        if change:
            loaded = form.cleaned_data.get("loaded_version") or obj.version
            records.save_versioned(obj, expected_version=loaded, user=request.user)
        else:
            obj._history_user = request.user
            super().save_model(request, obj, form, change)

    def save_formset(self, request, form, formset, change):
        """Inline rows (a site's events and claims) are versioned too; their delete box is off."""
        for obj in formset.save(commit=False):
            if obj.pk and hasattr(obj, "version"):
                type(obj)._base_manager.filter(pk=obj.pk).update(version=models.F("version") + 1)
                obj.refresh_from_db(fields=["version"])
            obj._history_user = request.user
            obj.save()
        formset.save_m2m()

    def has_delete_permission(self, request, obj=None):
        # Hard deletion only for superusers (e.g. personal data that must go); editors delete softly.
        return request.user.is_superuser

    def get_actions(self, request, action_location=ActionLocation.CHANGE_LIST):
        actions = super().get_actions(request, action_location=action_location)
        if not permissions.is_editor(request.user):
            for name in ("soft_delete_selected", "restore_selected", "undo_last_change"):
                actions.pop(name, None)
        return actions

    @admin.action(description=_("Delete the selected records (can be undone)"))
    def soft_delete_selected(self, request, queryset):
        done = 0
        for obj in queryset.filter(deleted_at__isnull=True):
            records.soft_delete(obj, user=request.user)
            done += 1
        self.message_user(request, ngettext("%d record deleted.", "%d records deleted.", done) % done)

    @admin.action(description=_("Restore the selected deleted records"))
    def restore_selected(self, request, queryset):
        done = 0
        for obj in queryset.filter(deleted_at__isnull=False):
            records.undelete(obj, user=request.user)
            done += 1
        self.message_user(request, ngettext("%d record restored.", "%d records restored.", done) % done)

    @admin.action(description=_("Undo the last change of the selected records"))
    def undo_last_change(self, request, queryset):
        done = 0
        for obj in queryset:
            versions = list(obj.history.order_by("-history_date", "-history_id")[:2])
            if len(versions) < 2:
                continue
            records.revert(versions[1], user=request.user)
            done += 1
        level = messages.SUCCESS if done else messages.WARNING
        self.message_user(request, ngettext("%d record reverted.", "%d records reverted.", done) % done, level)


class TrackedInlineMixin:
    """Inline rows of versioned records: no hard delete box except for superusers."""

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser

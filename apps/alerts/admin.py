"""Admin: subscriptions as counts, mails waiting or failed. Addresses are never displayed; an
editor answering an erasure request finds a subscriber by typing the exact address. (The
outbox of queued and failed work is in apps/core/admin.py.)"""

from django.contrib import admin, messages
from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .models import Delivery, DeliveryState, Subscriber, Subscription


class SubscriptionInline(admin.TabularInline):
    model = Subscription
    extra = 0
    fields = ("site", "collective", "created", "confirmed_at", "unsubscribed_at")
    readonly_fields = fields
    can_delete = True

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Subscriber)
class SubscriberAdmin(admin.ModelAdmin):
    list_display = ("__str__", "language", "created", "active_subscriptions", "pending_deliveries")
    list_filter = ("language",)
    # Exact match only: finds the row for an erasure request without ever listing addresses.
    search_fields = ("=email",)
    fields = ("language", "created")
    readonly_fields = ("created",)
    inlines = [SubscriptionInline]

    def has_add_permission(self, request):
        return False

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                n_active=Count(
                    "subscriptions",
                    filter=Q(subscriptions__confirmed_at__isnull=False, subscriptions__unsubscribed_at__isnull=True),
                    distinct=True,
                ),
                n_pending=Count("deliveries", filter=Q(deliveries__state=DeliveryState.PENDING), distinct=True),
            )
        )

    @admin.display(description=_("active subscriptions"), ordering="n_active")
    def active_subscriptions(self, obj):
        return obj.n_active

    @admin.display(description=_("mails waiting"), ordering="n_pending")
    def pending_deliveries(self, obj):
        return obj.n_pending


@admin.register(Delivery)
class DeliveryAdmin(admin.ModelAdmin):
    list_display = ("id", "subscriber", "event", "state", "created", "sent_at", "attempts", "last_error")
    list_filter = ("state",)
    list_select_related = ("subscriber", "event")
    readonly_fields = ("subscriber", "event", "state", "created", "sent_at", "attempts", "last_error")
    actions = ["retry"]

    def has_add_permission(self, request):
        return False

    @admin.action(description=_("Send the selected failed mails again"))
    def retry(self, request, queryset):
        n = queryset.filter(state=DeliveryState.FAILED).update(state=DeliveryState.PENDING, last_error="")
        self.message_user(
            request, ngettext("%d mail will be sent again.", "%d mails will be sent again.", n) % n, messages.SUCCESS
        )

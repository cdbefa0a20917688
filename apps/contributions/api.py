"""Authenticated API writes. They run the very same form and domain rules as the HTML pages, so
the API can neither skip a check nor accept what a form would refuse."""

from django.db import transaction
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import permissions as drf_permissions
from rest_framework import status
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response
from rest_framework.views import APIView

from apps.accounts import permissions
from apps.sites.models import Event, Site

from .forms import EventForm
from .views.contribute import save_form


class SiteEventCreate(APIView):
    """POST a new timeline event for a site (members of a collective opposing it, and editors).

    Body (JSON): when ("2024-03-15", "2024-03" or "2024"), kind, status_after (optional), title,
    description, sources (ids of press items already linked to the site) and/or source_url +
    source_title, collective (id, when you act for several). Answers 201 with the event's id and
    state ("published", or "pending" when it waits for an editor), 400 naming the bad fields."""

    permission_classes = [drf_permissions.IsAuthenticated]

    @extend_schema(request=None, responses={201: None})
    def post(self, request, slug):
        site = get_object_or_404(Site.objects.alive(), slug=slug)
        if not permissions.can_contribute(request.user, site):
            raise PermissionDenied(_("Only members of a collective opposing this site (and editors) may add to it."))
        data = request.data
        if not hasattr(data, "get"):
            return Response({"detail": _("Send a JSON object.")}, status=status.HTTP_400_BAD_REQUEST)
        form = EventForm(data=data, instance=Event(site=site), user=request.user, site=site)
        if not form.is_valid():
            return Response({"errors": form.errors.get_json_data()}, status=status.HTTP_400_BAD_REQUEST)
        with transaction.atomic():
            event = save_form(form, user=request.user, site=site)
        return Response(
            {"id": event.pk, "state": event.state, "version": event.version, "site": site.slug},
            status=status.HTTP_201_CREATED,
        )

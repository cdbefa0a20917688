from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.mixins import LoginRequiredMixin
from django.contrib.auth.views import LoginView
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.generic import View

from apps.collectives.models import Collective

from . import invitations, permissions
from .forms import InvitationForm, SignupForm
from .mail import notify
from .models import Invitation, Membership


class ThrottledLoginView(LoginView):
    """Django's login; django-axes (AUTHENTICATION_BACKENDS) refuses a (username, address) pair
    after AXES_FAILURE_LIMIT failures."""

    template_name = "accounts/login.html"
    redirect_authenticated_user = True


class AcceptInvitationView(View):
    template_name = "accounts/invitation.html"

    def dispatch(self, request, *args, **kwargs):
        try:
            self.invitation = invitations.open_invitation(kwargs["token"])
        except invitations.InvalidInvitation as exc:
            return TemplateResponse(request, "accounts/invitation_invalid.html", {"reason": exc.args[0]}, status=410)
        return super().dispatch(request, *args, **kwargs)

    def render(self, form=None, status=200):
        context = {"invitation": self.invitation, "form": form, "login_url": reverse("accounts:login")}
        return TemplateResponse(self.request, self.template_name, context, status=status)

    def get(self, request, token):
        return self.render(None if request.user.is_authenticated else SignupForm())

    def post(self, request, token):
        if request.user.is_authenticated:
            user = request.user
        else:
            form = SignupForm(request.POST)
            if not form.is_valid():
                return self.render(form, status=400)
            with transaction.atomic():
                user = form.save()
                self._accept(token, user)
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            return self._done()
        self._accept(token, user)
        return self._done()

    def _accept(self, token, user):
        try:
            invitations.accept(token, user)
        except invitations.InvalidInvitation as exc:
            messages.error(self.request, exc.args[0])

    def _done(self):
        messages.success(self.request, _("Welcome to %(collective)s.") % {"collective": self.invitation.collective})
        return redirect("contributions:dashboard")


class CoordinatorMixin(LoginRequiredMixin):
    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.collective = get_object_or_404(Collective.objects.alive(), slug=kwargs["slug"])
        if not permissions.can_manage_members(request.user, self.collective):
            return TemplateResponse(
                request,
                "contributions/forbidden.html",
                {"message": _("Only the collective's coordinators (and editors) manage its members.")},
                status=403,
            )
        return super().dispatch(request, *args, **kwargs)


class MembersView(CoordinatorMixin, View):
    """Coordinators see who acts for the collective (display names, never e-mails), invite and remove."""

    def render(self, form, link=None, status=200):
        context = {
            "collective": self.collective,
            "memberships": Membership.objects.filter(collective=self.collective).select_related("user"),
            "open_invitations": [i for i in self.collective.invitations.all() if i.is_open],
            "form": form,
            "link": link,
        }
        return TemplateResponse(self.request, "accounts/members.html", context, status=status)

    def get(self, request, slug):
        return self.render(InvitationForm())

    def post(self, request, slug):
        form = InvitationForm(request.POST)
        if not form.is_valid():
            return self.render(form, status=400)
        invitation, token = invitations.create(
            collective=self.collective,
            role=form.cleaned_data["role"],
            email=form.cleaned_data["email"],
            by=request.user,
        )
        link = request.build_absolute_uri(reverse("accounts:invitation", kwargs={"token": token}))
        if invitation.email:
            notify(
                _("Invitation to update Hubwatch for %(collective)s") % {"collective": self.collective},
                _(
                    "You are invited to record what happens at the sites %(collective)s opposes. "
                    "Open this link within a week:\n\n%(link)s"
                )
                % {"collective": self.collective, "link": link},
                invitation.email,
            )
        return self.render(InvitationForm(), link=link)


class RemoveMemberView(CoordinatorMixin, View):
    def post(self, request, slug, pk):
        membership = get_object_or_404(Membership, pk=pk, collective=self.collective)
        invitations.remove_member(membership, by=request.user)
        messages.success(
            request, _("%(name)s no longer acts for the collective.") % {"name": membership.user.public_name}
        )
        return redirect("accounts:members", slug=slug)


class RevokeInvitationView(CoordinatorMixin, View):
    def post(self, request, slug, pk):
        invitation = get_object_or_404(Invitation, pk=pk, collective=self.collective)
        invitations.revoke(invitation, by=request.user)
        messages.success(request, _("Invitation withdrawn."))
        return redirect("accounts:members", slug=slug)

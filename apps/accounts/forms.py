from django import forms
from django.contrib.auth.forms import UserCreationForm
from django.utils.translation import gettext_lazy as _

from .models import Invitation, User


class SignupForm(UserCreationForm):
    """Only reachable through an invitation link."""

    class Meta(UserCreationForm.Meta):
        model = User
        fields = ("username", "display_name", "email")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].required = True
        self.fields["email"].help_text = _("To reset your password. Never shown to anyone.")


class InvitationForm(forms.ModelForm):
    class Meta:
        model = Invitation
        fields = ("role", "email")

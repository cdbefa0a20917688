from django.contrib.auth import views as auth
from django.urls import path, reverse_lazy

from . import views

app_name = "accounts"

urlpatterns = [
    path("login/", views.ThrottledLoginView.as_view(), name="login"),
    path("logout/", auth.LogoutView.as_view(), name="logout"),
    path(
        "password/reset/",
        auth.PasswordResetView.as_view(
            template_name="accounts/password_reset_form.html",
            email_template_name="accounts/password_reset_email.txt",
            subject_template_name="accounts/password_reset_subject.txt",
            success_url=reverse_lazy("accounts:password_reset_done"),
        ),
        name="password_reset",
    ),
    path(
        "password/reset/sent/",
        auth.PasswordResetDoneView.as_view(template_name="accounts/password_reset_done.html"),
        name="password_reset_done",
    ),
    path(
        "password/reset/<uidb64>/<token>/",
        auth.PasswordResetConfirmView.as_view(
            template_name="accounts/password_reset_confirm.html",
            success_url=reverse_lazy("accounts:password_reset_complete"),
        ),
        name="password_reset_confirm",
    ),
    path(
        "password/reset/done/",
        auth.PasswordResetCompleteView.as_view(template_name="accounts/password_reset_complete.html"),
        name="password_reset_complete",
    ),
    path(
        "password/change/",
        auth.PasswordChangeView.as_view(
            template_name="accounts/password_change_form.html", success_url=reverse_lazy("contributions:dashboard")
        ),
        name="password_change",
    ),
    path("invitation/<str:token>/", views.AcceptInvitationView.as_view(), name="invitation"),
    path("collectives/<slug:slug>/members/", views.MembersView.as_view(), name="members"),
    path("collectives/<slug:slug>/members/<int:pk>/remove/", views.RemoveMemberView.as_view(), name="remove-member"),
    path(
        "collectives/<slug:slug>/invitations/<int:pk>/revoke/",
        views.RevokeInvitationView.as_view(),
        name="revoke-invitation",
    ),
]

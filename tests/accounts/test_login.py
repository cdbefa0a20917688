"""Logging in (throttled), resetting a password by e-mail, invitations as one-time signed links."""

import re

import pytest
from django.core import mail, signing
from django.test import override_settings
from django.urls import reverse

from apps.accounts import invitations
from apps.accounts.models import Invitation, Membership, User
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
PASSWORD = "correct horse battery"


def login(client, username, password):
    return client.post(reverse("accounts:login"), {"username": username, "password": password})


def test_login_with_the_right_password(client):
    user = UserFactory()
    response = login(client, user.username, PASSWORD)
    assert response.status_code == 302
    assert client.get(reverse("contributions:dashboard")).status_code == 200


def test_five_failures_lock_the_account_out_even_with_the_right_password(client):
    user = UserFactory()
    for _ in range(4):
        response = login(client, user.username, "wrong")
        assert response.status_code == 200  # the form again, with an error
    response = login(client, user.username, "wrong")
    assert response.status_code == 429
    response = login(client, user.username, PASSWORD)
    assert response.status_code == 429
    assert "Too many failed attempts" in response.content.decode()
    assert client.get(reverse("contributions:dashboard")).status_code == 302  # still logged out


def test_another_account_is_not_locked_by_someone_elses_failures(client):
    victim, other = UserFactory(), UserFactory()
    for _ in range(5):
        login(client, victim.username, "wrong")
    assert login(client, other.username, PASSWORD).status_code == 302


def test_password_reset_by_email(client):
    user = UserFactory(email="camille@example.org")
    response = client.post(reverse("accounts:password_reset"), {"email": "camille@example.org"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    link = re.search(r"https?://\S+", mail.outbox[0].body).group(0)
    response = client.get(link, follow=True)
    assert response.status_code == 200
    form_url = response.redirect_chain[-1][0]
    response = client.post(
        form_url, {"new_password1": "a new long passphrase", "new_password2": "a new long passphrase"}
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password("a new long passphrase")


def invite(client, coordinator, collective, role="member"):
    client.force_login(coordinator)
    response = client.post(reverse("accounts:members", kwargs={"slug": collective.slug}), {"role": role})
    client.logout()
    return re.search(r'value="(http[^"]+/accounts/invitation/[^"]+)"', response.content.decode()).group(1)


def test_an_invitation_creates_a_member_once(client, world):
    link = invite(client, world.users["coordinator"], world.collective_a)
    signup = {
        "username": "newmember",
        "display_name": "New member",
        "email": "new@example.org",
        "password1": "a long enough passphrase",
        "password2": "a long enough passphrase",
    }
    response = client.post(link, signup)
    assert response.status_code == 302
    user = User.objects.get(username="newmember")
    assert Membership.objects.filter(user=user, collective=world.collective_a, role="member").exists()
    client.logout()
    # The same link does not work a second time.
    response = client.post(link, {**signup, "username": "intruder"})
    assert response.status_code == 410
    assert not User.objects.filter(username="intruder").exists()


def test_a_tampered_or_expired_invitation_is_refused(client, world):
    link = invite(client, world.users["coordinator"], world.collective_a)
    invitation = Invitation.objects.get()
    forged = link.replace(f"/invitation/{invitation.pk}:", f"/invitation/{invitation.pk + 1}:")
    assert client.get(forged).status_code == 410
    with override_settings(INVITATION_MAX_AGE=-1):
        assert client.get(link).status_code == 410
    with pytest.raises(invitations.InvalidInvitation):
        invitations.open_invitation(signing.TimestampSigner(salt="other").sign(str(invitation.pk)))


def test_logged_in_user_joins_with_the_link(client, world):
    link = invite(client, world.users["coordinator"], world.collective_a)
    outsider = world.users["member_other"]
    client.force_login(outsider)
    assert client.post(link).status_code == 302
    assert Membership.objects.filter(user=outsider, collective=world.collective_a).exists()


def test_coordinator_removes_a_member_and_the_rights_go_with_it(client, world):
    member = world.users["member"]
    membership = Membership.objects.get(user=member, collective=world.collective_a)
    client.force_login(world.users["coordinator"])
    members_page = client.get(reverse("accounts:members", kwargs={"slug": world.collective_a.slug})).content.decode()
    assert member.email not in members_page
    client.post(reverse("accounts:remove-member", kwargs={"slug": world.collective_a.slug, "pk": membership.pk}))
    assert not Membership.objects.filter(pk=membership.pk).exists()
    client.force_login(member)
    add = reverse("contributions:add-event", kwargs={"slug": world.site_a.slug})
    assert client.get(add).status_code == 403


def test_a_coordinator_cannot_remove_members_of_another_collective(client, world):
    other = Membership.objects.get(collective=world.collective_b)
    client.force_login(world.users["coordinator"])
    response = client.post(reverse("accounts:remove-member", kwargs={"slug": world.collective_b.slug, "pk": other.pk}))
    assert response.status_code == 403
    # Nor through their own collective's URL.
    response = client.post(reverse("accounts:remove-member", kwargs={"slug": world.collective_a.slug, "pk": other.pk}))
    assert response.status_code == 404
    assert Membership.objects.filter(pk=other.pk).exists()


def test_the_invitation_page_offers_signup_or_login(client, world):
    link = invite(client, world.users["coordinator"], world.collective_a)
    html = client.get(link).content.decode()
    assert f"Join {world.collective_a.name} as member" in html
    assert 'name="password1"' in html
    assert "/en/accounts/login/?next=/en/accounts/invitation/" in html


def test_behind_a_proxy_the_client_address_is_the_one_the_proxy_saw(client, settings):
    """Throttling counts per client, not per proxy, and ignores addresses the client made up."""
    settings.TRUSTED_PROXY_COUNT = 1
    user = UserFactory()
    for _ in range(5):
        client.post(
            reverse("accounts:login"),
            {"username": user.username, "password": "wrong"},
            HTTP_X_FORWARDED_FOR="10.9.9.9, 198.51.100.1",  # the first part is the client's own claim
            REMOTE_ADDR="172.16.0.2",
        )
    locked = client.post(
        reverse("accounts:login"),
        {"username": user.username, "password": PASSWORD},
        HTTP_X_FORWARDED_FOR="10.1.1.1, 198.51.100.1",
        REMOTE_ADDR="172.16.0.2",
    )
    assert locked.status_code == 429
    other_client = client.post(
        reverse("accounts:login"),
        {"username": user.username, "password": PASSWORD},
        HTTP_X_FORWARDED_FOR="198.51.100.2",
        REMOTE_ADDR="172.16.0.2",
    )
    assert other_client.status_code == 302

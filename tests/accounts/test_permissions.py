"""Role × action: every write is checked on the server by role and by object."""

import pytest
from django.urls import reverse

from apps.accounts.models import Invitation
from apps.core.models import PublicationState
from apps.press.models import PressItem
from apps.sites.models import Claim, Event
from tests.contributions.world import event_data

pytestmark = pytest.mark.django_db

OK, LOGIN, FORBIDDEN = "ok", "login", 403
ROLES = ["anonymous", "member", "member_same_site", "member_other", "coordinator", "editor"]

# action: expected outcome per role, in ROLES order. "member" acts for collective A (site A);
# "member_same_site" for collective C, which also opposes site A; "member_other" for collective B
# (site B only); the coordinator coordinates collective A; the editor is staff.
MATRIX = {
    "add_event": [LOGIN, OK, OK, FORBIDDEN, OK, OK],
    "edit_event_of_collective_a": [LOGIN, OK, FORBIDDEN, FORBIDDEN, OK, OK],
    "edit_event_of_collective_b": [LOGIN, FORBIDDEN, FORBIDDEN, OK, FORBIDDEN, OK],
    "add_press": [LOGIN, OK, OK, FORBIDDEN, OK, OK],
    "add_claim": [LOGIN, OK, OK, FORBIDDEN, OK, OK],
    "moderate": [LOGIN, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, OK],
    "revert": [LOGIN, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, OK],
    "delete": [LOGIN, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, OK],
    "invite": [LOGIN, FORBIDDEN, FORBIDDEN, FORBIDDEN, OK, OK],
}
CASES = [(action, role, expected[i]) for action, expected in MATRIX.items() for i, role in enumerate(ROLES)]


def _edit(world, event, title):
    data = event_data(
        world,
        title=title,
        version=event.version,
        when=event.date.isoformat(),
        kind=event.kind,
        sources=[],
        source_url=f"https://news.example.org/edit-{event.pk}",
        source_title="A source for the edit",
    )
    return reverse("contributions:edit", kwargs={"kind": "event", "pk": event.pk}), data


def request_for(action, world):
    """(url, POST data, check that the action took effect)."""
    a = world.site_a
    if action == "add_event":
        before = Event.objects.count()
        url = reverse("contributions:add-event", kwargs={"slug": a.slug})
        return url, event_data(world), lambda: Event.objects.count() == before + 1
    if action == "edit_event_of_collective_a":
        url, data = _edit(world, world.event_a, "Edited A")
        return url, data, lambda: Event.objects.get(pk=world.event_a.pk).title == "Edited A"
    if action == "edit_event_of_collective_b":
        url, data = _edit(world, world.event_b, "Edited B")
        return url, data, lambda: Event.objects.get(pk=world.event_b.pk).title == "Edited B"
    if action == "add_press":
        url = reverse("contributions:add-press", kwargs={"slug": a.slug})
        data = {"url": "https://presse.example.fr/ensisheim", "title": "Ensisheim: the permit", "kind": "article"}
        return url, data, lambda: PressItem.objects.filter(url=data["url"], sites=a).exists()
    if action == "add_claim":
        url = reverse("contributions:add-claim", kwargs={"slug": a.slug})
        data = {
            "figure": "jobs",
            "statement": "about 1,000 jobs",
            "value": "1000",
            "claimant_kind": "company",
            "claimant": "The developer",
            "source": world.source_a.pk,
        }
        return url, data, lambda: Claim.objects.filter(site=a, statement_en="about 1,000 jobs").exists()
    if action == "moderate":
        p = world.pending_a
        url = reverse("contributions:approve", kwargs={"kind": "event", "pk": p.pk})
        return url, {"version": p.version}, lambda: Event.objects.get(pk=p.pk).state == PublicationState.PUBLISHED
    if action == "revert":
        e = world.event_a
        first = e.history.earliest()
        Event.objects.filter(pk=e.pk).update(title_en="Vandalised")
        url = reverse("contributions:revert", kwargs={"slug": a.slug, "kind": "event", "history_id": first.history_id})
        return url, {}, lambda: Event.objects.get(pk=e.pk).title == "Original A"
    if action == "delete":
        e = world.event_a
        url = reverse("contributions:delete", kwargs={"kind": "event", "pk": e.pk})
        return url, {}, lambda: Event.objects.get(pk=e.pk).deleted_at is not None
    if action == "invite":
        url = reverse("accounts:members", kwargs={"slug": world.collective_a.slug})
        return url, {"role": "member"}, lambda: Invitation.objects.filter(collective=world.collective_a).exists()
    raise AssertionError(action)


@pytest.mark.parametrize(("action", "role", "expected"), CASES, ids=[f"{a}-{r}" for a, r, _e in CASES])
def test_role_action_matrix(client, world, action, role, expected):
    user = world.users[role]
    if user is not None:
        client.force_login(user)
    url, data, took_effect = request_for(action, world)
    response = client.post(url, data)
    if expected == LOGIN:
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:login"))
        assert not took_effect()
    elif expected == FORBIDDEN:
        assert response.status_code == 403
        assert not took_effect()
    else:
        assert response.status_code in (200, 302), response.content[:2000]
        assert took_effect()


@pytest.mark.parametrize("role", ["member_other", "member_same_site"])
def test_forbidden_forms_are_not_even_shown(client, world, role):
    client.force_login(world.users[role])
    url = reverse("contributions:edit", kwargs={"kind": "event", "pk": world.event_a.pk})
    response = client.get(url)
    assert response.status_code == 403
    assert b"Original A" not in response.content


def test_member_of_a_collective_that_left_cannot_edit_any_more(client, world):
    """Edit rights follow membership now, not who typed it first."""
    member = world.users["member"]
    member.memberships.all().delete()
    client.force_login(member)
    url, data = _edit(world, world.event_a, "Edited A")
    assert client.post(url, data).status_code == 403


def test_inactive_editor_has_no_rights(client, world):
    editor = world.users["editor"]
    editor.is_active = False
    editor.save()
    client.force_login(editor)
    url, data, took_effect = request_for("delete", world)
    response = client.post(url, data)
    assert response.status_code in (302, 403)
    assert not took_effect()

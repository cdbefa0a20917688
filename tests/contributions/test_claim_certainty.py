"""Members and editors say how sure a claim is (confirmed, reported or denied) and which source
confirms or denies it; the change is versioned and shown in the site's history."""

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from apps.sites.models import Claim
from tests.factories import PressItemFactory

pytestmark = pytest.mark.django_db


def claim_data(world, **overrides) -> dict:
    data = {
        "figure": "jobs",
        "text_language": "en",
        "statement": "about 1,000 jobs",
        "value": "1000",
        "claimant_kind": "company",
        "claimant": "The developer",
        "source": world.source_a.pk,
        "source_url": "",
        "source_title": "",
    }
    data.update(overrides)
    return data


def test_a_claim_added_without_a_certainty_is_reported(client, world):
    client.force_login(world.users["member"])
    response = client.post(reverse("contributions:add-claim", kwargs={"slug": world.site_a.slug}), claim_data(world))
    assert response.status_code == 302
    claim = Claim.objects.get(statement_en="about 1,000 jobs")
    assert (claim.certainty, claim.certainty_source) == ("reported", None)
    page = client.get(world.site_a.get_absolute_url()).content.decode()
    assert '<span class="certainty certainty-reported">(reported)</span>' in page


def test_a_member_records_a_denial_with_its_source_and_the_history_shows_it(client, world):
    denial = PressItemFactory(outlet="France Bleu")
    denial.sites.add(world.site_a)
    client.force_login(world.users["member"])
    url = reverse("contributions:add-claim", kwargs={"slug": world.site_a.slug})
    form = client.get(url).content.decode()
    assert 'name="certainty"' in form and 'name="certainty_source"' in form
    client.post(url, claim_data(world))
    claim = Claim.objects.get(statement_en="about 1,000 jobs")

    edit = reverse("contributions:edit", kwargs={"kind": "claim", "pk": claim.pk})
    data = claim_data(world, certainty="denied", certainty_source=denial.pk, version=claim.version)
    response = client.post(edit, data)
    assert response.status_code == 302, response.context["form"].errors
    claim.refresh_from_db()
    assert (claim.certainty, claim.certainty_source) == ("denied", denial)
    assert [h.certainty for h in claim.history.order_by("history_date")] == ["reported", "denied"]

    history = client.get(reverse("contributions:site-history", kwargs={"slug": world.site_a.slug})).content.decode()
    assert "certainty" in history and "denied" in history
    page = client.get(world.site_a.get_absolute_url()).content.decode()
    assert "(denied; source:" in page and "France Bleu" in page


def test_bad_certainties_are_refused_with_a_clear_message(client, world):
    client.force_login(world.users["member"])
    url = reverse("contributions:add-claim", kwargs={"slug": world.site_a.slug})
    response = client.post(url, claim_data(world, certainty="likely"))
    assert response.status_code == 200
    assert "certainty" in response.context["form"].errors
    response = client.post(url, claim_data(world, certainty="confirmed", certainty_source=world.source_a.pk))
    assert response.status_code == 200
    assert response.context["form"].errors["certainty_source"] == [
        "This is already the claim's own source: leave the certainty's source empty."
    ]
    assert not Claim.objects.filter(statement_en="about 1,000 jobs").exists()


def test_the_admin_edits_the_certainty_and_checks_its_source(client, world):
    editor = world.users["editor"]
    editor.user_permissions.set(Permission.objects.filter(content_type__app_label="sites"))
    claim = Claim.objects.create(
        site=world.site_a, figure="jobs", statement="900 jobs", claimant_kind="company", claimant="Cainiao",
        source=world.source_a,
    )  # fmt: skip
    client.force_login(editor)
    url = reverse("admin:sites_claim_change", args=[claim.pk])
    form = client.get(url).context["adminform"].form
    data = {k: v for k, v in form.initial.items() if v is not None and not isinstance(v, list)}
    data.update(loaded_version=claim.version, site=world.site_a.pk, source=world.source_a.pk)
    data.update(certainty="confirmed", certainty_source=world.source_a.pk)
    response = client.post(url, data)
    assert response.status_code == 200
    assert "This is already the claim&#x27;s own source" in response.content.decode()

    other = PressItemFactory()
    data.update(certainty_source=other.pk)
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    claim.refresh_from_db()
    assert (claim.certainty, claim.certainty_source) == ("confirmed", other)
    changelist = client.get(reverse("admin:sites_claim_changelist") + "?certainty__exact=confirmed")
    assert "900 jobs" in changelist.content.decode()

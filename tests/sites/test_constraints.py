"""Invariants hold in the database (named constraints) and are explained by clean()."""

import datetime as dt
from decimal import Decimal

import pytest
from django.contrib.gis.geos import Point
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from apps.collectives.models import Opposition
from apps.companies.models import Company
from apps.press.models import PressItem
from apps.sites.models import Claim, ClaimantKind, ClaimFigure, Event, EventKind, Site
from tests.factories import CollectiveFactory, CompanyFactory, PressItemFactory, SiteFactory

pytestmark = pytest.mark.django_db


def _violates(constraint_name, fn):
    with pytest.raises(IntegrityError) as excinfo, transaction.atomic():
        fn()
    assert constraint_name in str(excinfo.value)


def test_country_must_be_an_iso_code():
    _violates("site_country_iso2", lambda: SiteFactory(country="fr"))
    site = Site(name="x", slug="x", location=Point(2, 48, srid=4326), municipality="x", country="France")
    with pytest.raises(ValidationError) as excinfo:
        site.full_clean()
    assert "country" in excinfo.value.message_dict


def test_clean_refuses_a_point_outside_the_country():
    # Liège's coordinates, but declared in France.
    site = Site(name="x", slug="x", location=Point(5.45, 50.655, srid=4326), municipality="x", country="FR")
    with pytest.raises(ValidationError) as excinfo:
        site.full_clean()
    assert "outside FR" in excinfo.value.message_dict["location"][0]
    site.country = "BE"
    site.full_clean()


def test_status_and_kind_vocabularies_are_enforced():
    site = SiteFactory()
    _violates("site_kind_valid", lambda: SiteFactory(kind="castle"))
    _violates(
        "event_status_valid",
        lambda: Event.objects.create(
            site=site, date=dt.date(2020, 1, 1), kind=EventKind.OTHER, title="t", status_after="operating"
        ),
    )
    _violates(
        "event_kind_valid",
        lambda: Event.objects.create(site=site, date=dt.date(2020, 1, 1), kind="party", title="t"),
    )


def test_a_date_known_to_the_month_or_year_starts_its_period():
    site = SiteFactory()
    _violates(
        "event_date_precision",
        lambda: Event.objects.create(
            site=site, date=dt.date(2021, 6, 24), date_precision="month", kind="other", title="t"
        ),
    )
    _violates(
        "event_date_precision",
        lambda: Event.objects.create(
            site=site, date=dt.date(2021, 6, 1), date_precision="year", kind="other", title="t"
        ),
    )
    event = Event(site=site, date=dt.date(2021, 6, 24), date_precision="year", kind="other", title="t")
    with pytest.raises(ValidationError) as excinfo:
        event.full_clean()
    assert "date" in excinfo.value.message_dict
    ok = Event.objects.create(site=site, date=dt.date(2021, 1, 1), date_precision="year", kind="other", title="t")
    assert ok.date_display == "2021"


def test_claim_range_and_source_required():
    site, source = SiteFactory(), PressItemFactory()
    common = {
        "site": site,
        "figure": ClaimFigure.JOBS,
        "statement": "s",
        "claimant_kind": ClaimantKind.COMPANY,
        "claimant": "c",
    }
    _violates(
        "claim_range_ordered",
        lambda: Claim.objects.create(**common, source=source, value=Decimal(900), value_max=Decimal(300)),
    )
    _violates("source_id", lambda: Claim.objects.create(**common, source=None))
    claim = Claim(**common, source=source, value=Decimal(900), value_max=Decimal(300))
    with pytest.raises(ValidationError) as excinfo:
        claim.full_clean()
    assert "value_max" in excinfo.value.message_dict


def test_two_claims_about_the_same_figure_can_disagree():
    site = SiteFactory()
    promoters = PressItemFactory(url="https://www.lecho.be/a")
    collective = PressItemFactory(url="https://watchingalibaba.be/b")
    common = {"site": site, "figure": ClaimFigure.JOBS, "unit": "jobs"}
    Claim.objects.create(
        **common, statement="3,000 jobs", value=3000, claimant_kind="company", claimant="Alibaba", source=promoters
    )
    Claim.objects.create(
        **common,
        statement="about 300",
        value=300,
        claimant_kind="collective",
        claimant="Watching Alibaba",
        source=collective,
    )
    assert sorted(site.claims.values_list("value", flat=True)) == [300, 3000]


def test_press_urls_are_unique_and_http_only():
    PressItemFactory(url="https://example.org/a")
    _violates("pressitem_url_key", lambda: PressItemFactory(url="https://example.org/a"))
    _violates("pressitem_url_http", lambda: PressItemFactory(url="javascript:alert(1)"))
    item = PressItem(url="ftp://example.org/file", title="t")
    with pytest.raises(ValidationError) as excinfo:
        item.full_clean()
    assert "url" in excinfo.value.message_dict


def test_company_cannot_be_its_own_parent_and_group_follows_parents():
    alibaba = CompanyFactory(name="Alibaba Group")
    cainiao = CompanyFactory(name="Cainiao", parent=alibaba)
    belgium = CompanyFactory(name="Alibaba Smart Hub Belgium", parent=cainiao)
    assert belgium.group == alibaba

    def self_parent():
        alibaba.parent = alibaba
        alibaba.save()

    _violates("company_not_own_parent", self_parent)


def test_a_collective_opposes_a_site_once():
    site, collective = SiteFactory(), CollectiveFactory()
    Opposition.objects.create(site=site, collective=collective)
    _violates("opposition_unique", lambda: Opposition.objects.create(site=site, collective=collective))


def test_company_names_are_unique():
    Company.objects.create(name="Amazon", slug="amazon")
    _violates("companies_company_name_key", lambda: Company.objects.create(name="Amazon", slug="amazon-2"))

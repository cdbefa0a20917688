"""The reference-data loader: idempotent, all-or-nothing, and clear about bad records."""

from pathlib import Path

import pytest
import yaml
from django.core.management import CommandError, call_command

from apps.collectives.models import Collective, Opposition
from apps.press.models import PressItem
from apps.reference.loader import ReferenceDataError, load
from apps.sites.models import Claim, Event, Site, Status

pytestmark = pytest.mark.django_db

MINIMAL = {
    "sources": [
        {
            "key": "s1",
            "url": "https://example.org/liege-1",
            "title": "Agreements signed",
            "outlet": "Le Soir",
            "published": "2018-12-06",
            "language": "fr",
            "sites": ["liege"],
        },
        {"key": "s2", "url": "https://example.org/liege-2", "title": "Hub opens", "published": "2021-11"},
    ],
    "companies": [
        {"slug": "alibaba", "name": "Alibaba Group", "kind": "ecommerce_group"},
        {"slug": "cainiao", "name": "Cainiao", "kind": "logistics_subsidiary", "parent": "alibaba"},
    ],
    "networks": [{"slug": "greenpeace", "name": "Greenpeace"}],
    "collectives": [
        {
            "slug": "watching",
            "name": "Watching Alibaba",
            "founded": "2019",
            "networks": [{"network": "greenpeace", "relation": "member"}],
            "opposes": [{"site": "liege", "since": "2019"}],
        },
    ],
    "sites": [
        {
            "slug": "liege",
            "name": "Cainiao hub, Liège Airport",
            "municipality": "Grâce-Hollogne",
            "country": "BE",
            "location": {"lon": 5.451, "lat": 50.655, "precision": "approximate"},
            "operator": "cainiao",
            "kind": "air_cargo_hub",
            "events": [
                {
                    "date": "2018-12-05",
                    "kind": "agreement",
                    "status": "announced",
                    "title": "Two agreements signed",
                    "sources": ["s1"],
                },
                {
                    "date": "2021-11",
                    "kind": "opening",
                    "status": "operational",
                    "title": "Hub opens",
                    "sources": ["s2"],
                    "collectives": ["watching"],
                },
            ],
            "claims": [
                {
                    "figure": "jobs",
                    "statement": "3,000 jobs",
                    "value": 3000,
                    "unit": "jobs",
                    "claimant_kind": "company",
                    "claimant": "Alibaba",
                    "source": "s1",
                    "certainty": "reported",
                },
                {
                    "figure": "jobs",
                    "statement": "about 300",
                    "value": 300,
                    "unit": "jobs",
                    "claimant_kind": "collective",
                    "claimant": "Watching Alibaba",
                    "date": "2020",
                    "source": "s2",
                    "certainty": "denied",
                    "certainty_source": "s1",
                },
            ],
        }
    ],
}


def write(directory: Path, data: dict) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    for name, records in data.items():
        (directory / f"{name}.yaml").write_text(yaml.safe_dump(records, allow_unicode=True))
    return directory


def counts():
    return {m.__name__: m.objects.count() for m in (Site, Event, Claim, PressItem, Collective, Opposition)}


def test_loads_a_site_with_its_timeline_and_derives_its_status(tmp_path):
    load(write(tmp_path, MINIMAL))
    liege = Site.objects.get(slug="liege")
    assert liege.status == Status.OPERATIONAL
    assert liege.status_since_display in {"November 2021", "novembre 2021"}
    assert liege.operator.group.slug == "alibaba"
    assert [e.date_display for e in liege.events.chronological()][1] in {"November 2021", "novembre 2021"}
    assert sorted(liege.claims.values_list("value", flat=True)) == [300, 3000]
    assert liege.collectives.get().networks.get().name == "Greenpeace"


def test_a_second_load_changes_nothing(tmp_path):
    directory = write(tmp_path, MINIMAL)
    load(directory)
    before = counts()
    stamps = list(Site.objects.values_list("updated", flat=True)) + list(
        Event.objects.values_list("updated", flat=True)
    )
    report = load(directory)
    assert not report.changed, report.summary()
    assert counts() == before
    assert (
        list(Site.objects.values_list("updated", flat=True)) + list(Event.objects.values_list("updated", flat=True))
        == stamps
    )


def test_reload_updates_in_place_and_keeps_records_the_files_do_not_mention(tmp_path):
    directory = write(tmp_path, MINIMAL)
    load(directory)
    site = Site.objects.get(slug="liege")
    contributed = Event.objects.create(site=site, date="2024-04-30", kind="court_ruling", title="Added by a member")
    changed = yaml.safe_load(yaml.safe_dump(MINIMAL))
    changed["sites"][0]["summary"] = "A new summary"
    load(write(tmp_path, changed))
    site.refresh_from_db()
    assert site.summary == "A new summary"
    assert Event.objects.filter(pk=contributed.pk).exists()
    assert Site.objects.count() == 1


def _broken(tmp_path, mutate):
    data = yaml.safe_load(yaml.safe_dump(MINIMAL))
    mutate(data)
    return write(tmp_path / "broken", data)


@pytest.mark.parametrize(
    ("mutate", "expected"),
    [
        (lambda d: d["sites"][0]["events"][0].update(status="operating"), "unknown status 'operating'"),
        (lambda d: d["sites"][0]["location"].update(lon=2.35, lat=48.85), "is outside BE"),
        (lambda d: d["sites"][0]["events"][1].update(date="Nov 2021"), "'Nov 2021' is not a date"),
        (lambda d: d["sites"][0]["events"][1].update(date="2021-13"), "not a valid date"),
        (lambda d: d["sites"][0]["events"][0].update(sources=["nope"]), "unknown source key 'nope'"),
        (lambda d: d["sites"][0]["events"][0].update(sources=[]), "no source"),
        (lambda d: d["sites"][0].update(country="Belgium"), "not an ISO 3166-1 alpha-2 code"),
        (lambda d: d["sources"][1].update(url="javascript:alert(1)"), "is not an http(s) URL"),
    ],
    ids=["status", "outside-country", "date-format", "date-invalid", "source-key", "no-source", "country", "url"],
)
def test_a_bad_record_stops_the_load_naming_file_and_record_and_writes_nothing(tmp_path, mutate, expected):
    directory = _broken(tmp_path, mutate)
    with pytest.raises(CommandError) as excinfo:
        call_command("load_reference_data", "--dir", str(directory))
    message = str(excinfo.value)
    assert expected in message
    assert "sites.yaml" in message or "sources.yaml" in message
    assert "'liege'" in message or "'s2'" in message
    assert "nothing written" in message
    assert counts() == dict.fromkeys(counts(), 0)


def test_bad_records_in_a_database_with_data_leave_it_as_it_was(tmp_path):
    load(write(tmp_path / "good", MINIMAL))
    before = counts()
    summary_before = Site.objects.get().summary

    def mutate(d):
        d["sites"][0]["summary"] = "should not be written"
        d["sites"][0]["events"].append(
            {"date": "2022", "kind": "withdrawal", "status": "gone", "title": "x", "sources": ["s1"]}
        )

    with pytest.raises(ReferenceDataError):
        load(_broken(tmp_path, mutate))
    assert counts() == before
    assert Site.objects.get().summary == summary_before


def test_a_failure_while_writing_rolls_everything_back(tmp_path):
    """Validation passes, but the database refuses a record half-way: nothing stays."""
    data = yaml.safe_load(yaml.safe_dump(MINIMAL))
    # Two companies with different slugs but the same name: the unique name constraint fails
    # after sites, collectives... may already have been written in the transaction.
    data["companies"].append({"slug": "alibaba-2", "name": "Alibaba Group", "kind": "other"})
    data["sites"][0]["developer"] = "alibaba-2"
    with pytest.raises(Exception, match="unique|duplicate"):
        load(write(tmp_path, data))
    assert counts() == dict.fromkeys(counts(), 0)


def test_if_empty_skips_a_database_that_has_sites(tmp_path, capsys):
    directory = write(tmp_path, MINIMAL)
    load(directory)
    Site.objects.update(summary_en="edited by an editor")
    call_command("load_reference_data", "--dir", str(directory), "--if-empty")
    assert Site.objects.get().summary == "edited by an editor"


def test_missing_file_is_reported(tmp_path):
    directory = write(tmp_path, MINIMAL)
    (directory / "networks.yaml").unlink()
    with pytest.raises(CommandError, match="networks.yaml: file missing"):
        call_command("load_reference_data", "--dir", str(directory))


def test_invalid_yaml_is_reported(tmp_path):
    directory = write(tmp_path, MINIMAL)
    (directory / "sites.yaml").write_text("- slug: [unclosed\n")
    with pytest.raises(CommandError, match="sites.yaml: not valid YAML"):
        call_command("load_reference_data", "--dir", str(directory))


def test_loading_records_no_notification_work_even_with_followers(tmp_path):
    """Reloading the reference data (say, with new facts) while people follow everything must
    not mail them the past: the loader publishes silently."""
    from apps.core.models import OutboxMessage
    from tests.alerts.helpers import follower

    follower("all@example.net")
    load(write(tmp_path, MINIMAL))
    assert Event.objects.count() == 2
    assert not OutboxMessage.objects.exists()


def test_a_status_dropped_from_the_files_leaves_the_site_status_unknown_and_in_the_history(tmp_path):
    load(write(tmp_path, MINIMAL))
    assert Site.objects.get().status == Status.OPERATIONAL
    corrected = yaml.safe_load(yaml.safe_dump(MINIMAL))
    for event in corrected["sites"][0]["events"]:
        event.pop("status", None)
    report = load(write(tmp_path, corrected))
    assert report.updated.get("Event") == 2
    site = Site.objects.get()
    assert site.status is None and site.status_since is None
    opening = Event.objects.get(title_en="Hub opens")
    history = [h.status_after for h in opening.history.order_by("history_date")]
    assert history[-1] is None and "operational" in history  # the change is on the record
    assert not load(write(tmp_path, corrected)).changed


def test_attribution_certainty_and_sources_without_an_address(tmp_path):
    data = yaml.safe_load(yaml.safe_dump(MINIMAL))
    data["sources"].append(
        {"key": "paper", "title": "A research article", "authors": "A. Author, B. Author", "kind": "research",
         "related": "s1"}
    )  # fmt: skip
    data["sources"][1]["title_checked"] = False
    data["sites"][0]["operator_certainty"] = "reported"
    data["sites"][0]["operator_source"] = "paper"
    load(write(tmp_path, data))
    site = Site.objects.get()
    assert site.operator_certainty == "reported" and site.operator_source.title == "A research article"
    assert site.operator_display == "Cainiao (reported)"
    paper = PressItem.objects.get(title="A research article")
    assert paper.url is None and paper.related.url == "https://example.org/liege-1"
    assert not PressItem.objects.get(url="https://example.org/liege-2").title_checked
    assert PressItem.objects.get(url="https://example.org/liege-1").title_checked
    assert not load(write(tmp_path, data)).changed


@pytest.mark.parametrize(
    ("mutate", "expected"),
    [
        (lambda d: d["sites"][0].update(operator_certainty="rumour"), "unknown operator certainty 'rumour'"),
        (lambda d: d["sites"][0].update(operator_source="nope"), "unknown operator_source 'nope'"),
        (lambda d: d["sources"][0].pop("url"), "missing 'url'"),
        (lambda d: d["sources"][0].update(related="nope"), "unknown related source 'nope'"),
    ],
)
def test_bad_attributions_and_sources_are_named(tmp_path, mutate, expected):
    data = yaml.safe_load(yaml.safe_dump(MINIMAL))
    mutate(data)
    with pytest.raises(ReferenceDataError) as excinfo:
        load(write(tmp_path, data))
    assert expected in str(excinfo.value)


def test_claims_carry_their_certainty_and_its_source(tmp_path):
    load(write(tmp_path, MINIMAL))
    reported, denied = Claim.objects.order_by("-value")
    assert (reported.certainty, reported.certainty_source) == ("reported", None)
    assert denied.certainty == "denied" and denied.certainty_source.url == "https://example.org/liege-1"
    history = denied.history.order_by("history_date")
    data = yaml.safe_load(yaml.safe_dump(MINIMAL))
    data["sites"][0]["claims"][0]["certainty"] = "confirmed"
    load(write(tmp_path / "again", data))
    reported.refresh_from_db()
    assert reported.certainty == "confirmed"
    assert [h.certainty for h in reported.history.order_by("history_date")] == ["reported", "confirmed"]
    assert history.count() == 1


@pytest.mark.parametrize(
    ("mutate", "expected"),
    [
        (lambda c: c.pop("certainty"), "missing 'certainty' (confirmed, reported or denied)"),
        (lambda c: c.update(certainty="likely"), "unknown certainty 'likely'"),
        (lambda c: c.update(certainty_source="nope"), "unknown certainty_source 'nope'"),
        (lambda c: c.update(certainty_source="s1"), "certainty_source is the claim's own source"),
    ],
    ids=["missing", "unknown", "unknown-source", "own-source"],
)
def test_a_claim_without_a_valid_certainty_stops_the_load(tmp_path, mutate, expected):
    data = yaml.safe_load(yaml.safe_dump(MINIMAL))
    mutate(data["sites"][0]["claims"][0])
    with pytest.raises(ReferenceDataError) as excinfo:
        load(write(tmp_path, data))
    assert expected in str(excinfo.value)
    assert "claim 1 ('3,000 jobs')" in str(excinfo.value)
    assert Claim.objects.count() == 0


def test_descriptions_cite_sources_by_key(tmp_path):
    data = yaml.safe_load(yaml.safe_dump(MINIMAL))
    data["collectives"][0]["sources"] = ["s1"]
    data["companies"][0]["sources"] = ["s1", "s2"]
    load(write(tmp_path, data))
    assert [s.url for s in Collective.objects.get().description_sources.all()] == ["https://example.org/liege-1"]
    assert not load(write(tmp_path, data)).changed
    data["networks"][0]["sources"] = ["nope"]
    with pytest.raises(ReferenceDataError) as excinfo:
        load(write(tmp_path, data))
    assert "network 'greenpeace': unknown source key 'nope'" in str(excinfo.value)

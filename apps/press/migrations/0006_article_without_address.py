"""Lefèvre and Wiart's article loses the address of the ECPR conference page it was cited at.

A migration of its own: run in the schema migration, its UPDATE left trigger events pending and
PostgreSQL then refused that migration's CREATE INDEX."""

from django.db import migrations

ECPR_PAGE = "https://ecpr.eu/Events/Event/PaperDetails/58119"
ARTICLE_TITLE = (
    "The Creative Economy in Local Territories: Alibaba and Amazon in Territorial Competition, "
    "but Ideological Synergy to Bypass Democratic Governance"
)


def article_without_address(apps, schema_editor):
    """The reference data cited Lefèvre and Wiart's article at the ECPR page of their earlier
    conference paper. The row the events cite stays the article, now without an address and
    with its authors; the reference loader then adds the ECPR page as a related source."""
    PressItem = apps.get_model("press", "PressItem")
    PressItem.objects.filter(url=ECPR_PAGE, title=ARTICLE_TITLE).update(url=None, authors="Bruno Lefèvre, Louis Wiart")


class Migration(migrations.Migration):
    dependencies = [("press", "0005_source_authors_related_archive_links")]

    operations = [migrations.RunPython(article_without_address, migrations.RunPython.noop)]

"""How many feed items per second the press intake processes on this machine.

    .venv/bin/python -m bench.intake [--items 5000] [--rounds 5]

A scratch database (hubwatch_scratch_intake, on the server of DATABASE_URL) gets the
migrations and the reference data (18 real sites to match against). A synthetic RSS document of
ITEMS items is built: French and English titles, a fifth of them naming a site's municipality
(with and without accents, in capitals...), HTML descriptions with markup and a script to strip,
links with tracking parameters, one item in ten a duplicate of another under another spelling
of its address. Each round times the whole path of one poll after the download:
feedparser parse -> canonical URLs and dedupe -> nh3 sanitizing -> site matching -> INSERT of
the items and suggestions, in a transaction rolled back at the end so every round starts equal.
A second figure times a re-poll of the same document (everything already known).
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg
import psycopg.sql

ROOT = Path(__file__).resolve().parent.parent
PY = str(ROOT / ".venv" / "bin" / "python")
SCRATCH = "hubwatch_scratch_intake"

TITLES = [
    "Le conseil municipal de {place} vote contre l'entrepôt",
    "À {place}, les riverains s'inquiètent du trafic de camions",
    "Residents of {place} challenge the warehouse permit",
    "{place} : enquête publique sur la plateforme logistique",
    "Marché de Noël : programme complet du week-end",
    "Football : victoire à domicile pour l'équipe locale",
    "Météo : un week-end pluvieux s'annonce",
    "Amazon annonce ses résultats trimestriels",
]
PLACES = ["Briec", "BRIEC", "Grace-Hollogne", "Grâce-Hollogne", "Fournes", "Ensisheim", "augny", "Montbert", "Senlis"]


def _conninfo(database_url: str, name: str) -> str:
    parts = urlsplit(database_url)
    return f"host={parts.hostname} port={parts.port or 5432} user={parts.username} dbname={name}" + (
        f" password={parts.password}" if parts.password else ""
    )


def prepare(database_url: str) -> str:
    admin = _conninfo(database_url, urlsplit(database_url).path.lstrip("/"))
    with psycopg.connect(admin, autocommit=True) as conn:
        if not conn.execute("select 1 from pg_database where datname = %s", [SCRATCH]).fetchone():
            conn.execute(psycopg.sql.SQL("create database {}").format(psycopg.sql.Identifier(SCRATCH)))
    url = urlunsplit(urlsplit(database_url)._replace(path=f"/{SCRATCH}"))
    # A broker nobody listens on: the reference events' outbox rows stay in the scratch database
    # instead of reaching a dev worker that reads another database.
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.dev",
        "DATABASE_URL": url,
        "CELERY_BROKER_URL": "redis://127.0.0.1:9/0",
    }
    for command in (["migrate", "-v0"], ["load_reference_data", "--if-empty"]):
        subprocess.run([PY, "manage.py", *command], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)  # noqa: S603
    return url


def build_feed(n: int, seed: int = 7) -> bytes:
    rng = random.Random(seed)
    items = []
    for i in range(n):
        if i % 10 == 9:  # the same article as an earlier one, shared with tracking parameters
            j = rng.randrange(i)
            link = f"http://example-news.fr/article/{j}?utm_source=rss&amp;fbclid=x{i}"
        else:
            link = f"https://www.example-news.fr/article/{i}/"
            j = i
        title = rng.choice(TITLES).format(place=rng.choice(PLACES))
        description = (
            f"<![CDATA[<p>Article <b>{j}</b>. {title}. "
            + "Lorem ipsum dolor sit amet, consectetur adipiscing elit. " * 8
            + "</p><script>track()</script><img src=x onerror=alert(1)>]]>"
        )
        items.append(
            f"<item><title>{title}</title><link>{link}</link><description>{description}</description>"
            f"<pubDate>Tue, 14 Jan 2025 08:{i % 60:02d}:00 +0100</pubDate></item>"
        )
    return (
        '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Bench</title>'
        "<language>fr</language>" + "".join(items) + "</channel></rss>"
    ).encode()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--items", type=int, default=5000)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()

    database_url = os.environ.get("DATABASE_URL")
    if not database_url:
        sys.exit("DATABASE_URL is not set: `source scripts/env.sh` first.")
    os.environ["DATABASE_URL"] = prepare(database_url)
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.dev"
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.db import transaction

    from apps.intake.matching import SiteMatcher
    from apps.intake.models import IntakeItem, SiteSuggestion
    from apps.intake.services import ingest, parse_feed
    from apps.sites.models import Site

    body = build_feed(args.items)
    first, again, created, suggested = [], [], 0, 0
    items_before, suggestions_before = IntakeItem.objects.count(), SiteSuggestion.objects.count()
    for _ in range(args.rounds):
        with transaction.atomic():
            started = time.perf_counter()
            _, entries = parse_feed(body, "application/rss+xml")
            report = ingest(entries, matcher=SiteMatcher.from_database())
            first.append(time.perf_counter() - started)
            started = time.perf_counter()
            _, entries = parse_feed(body, "application/rss+xml")
            ingest(entries, matcher=SiteMatcher.from_database())
            again.append(time.perf_counter() - started)
            created = IntakeItem.objects.count() - items_before
            suggested = SiteSuggestion.objects.count() - suggestions_before
            transaction.set_rollback(True)

    n = args.items
    print(
        f"intake bench: {n} feed items ({created} distinct, {suggested} site suggestions), "
        f"{Site.objects.public().count()} sites to match, {args.rounds} rounds, {os.cpu_count()} cores"
    )
    print(
        f"first poll (parse+dedupe+sanitize+match+store): median {statistics.median(first):.2f} s "
        f"-> {n / statistics.median(first):,.0f} items/s (best {n / min(first):,.0f})"
    )
    print(
        f"re-poll, all already known:                      median {statistics.median(again):.2f} s "
        f"-> {n / statistics.median(again):,.0f} items/s"
    )
    if report.created != created:
        sys.exit(f"inconsistent: {report.created} reported, {created} stored")


if __name__ == "__main__":
    main()

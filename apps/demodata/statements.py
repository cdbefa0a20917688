"""INSERT ... SELECT statements of the bulk load, as (table, columns, sql). `/*cols*/` and
`/*vals*/` receive the required columns the generator does not know (see columns.py)."""

from .places import DEMO_COMPANIES, DEMO_NETWORKS
from .timeline_sql import EVENT_COLUMNS, EVENTS_SQL


def _q(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


_COMPANY_COLUMNS = "id, name, slug, kind, website, description_en"
_COMPANY_ROWS = ", ".join(
    f"({n}, {_q(name)}, 'demo-company-{n}', '{kind}', '', 'Fictional company (demo data).'/*vals*/)"
    for n, (name, kind) in enumerate(DEMO_COMPANIES, start=1)
)
_NETWORK_COLUMNS = "id, name, slug, scope, description_en, website"
_NETWORK_ROWS = ", ".join(
    f"({n}, {_q(name)}, 'demo-network-{n}', 'France, Belgique', 'Fictional network (demo data).', ''/*vals*/)"
    for n, name in enumerate(DEMO_NETWORKS, start=1)
)

REFERENCE_STATEMENTS = [
    (
        "companies_company",
        _COMPANY_COLUMNS,
        f"insert into companies_company ({_COMPANY_COLUMNS}/*cols*/) values {_COMPANY_ROWS}",
    ),
    (
        "collectives_network",
        _NETWORK_COLUMNS,
        f"insert into collectives_network ({_NETWORK_COLUMNS}/*cols*/) values {_NETWORK_ROWS}",
    ),
]

EVENT_STATEMENTS = [("sites_event", EVENT_COLUMNS, EVENTS_SQL)]

_COLLECTIVE_COLUMNS = (
    "id, deleted_at, version, name, slug, description_en, founded, founded_precision, website, trusted"
)
_OPPOSITION_COLUMNS = "collective_id, site_id, since, since_precision"
_LINK_COLUMNS = "collective_id, network_id, relation"

COLLECTIVE_STATEMENTS = [
    (
        "collectives_collective",
        _COLLECTIVE_COLUMNS,
        f"""
        insert into collectives_collective ({_COLLECTIVE_COLUMNS}/*cols*/)
        select c, null, 1, 'Collectif démo ' || s.municipality || ' ' || c, 'demo-collectif-' || c,
               'Fictional collective (demo data).',
               make_date(2012 + abs(hashtext(%(seed)s || ':cf:' || c)) %% 12, 1, 1), 'year', '', c %% 5 = 0
               /*vals*/
        from generate_series(1, %(collectives)s) c
        join sites_site s on s.id = 1 + abs(hashtext(%(seed)s || ':ca:' || c)) %% %(n)s
        """,
    ),
    (
        # Each collective opposes its home site and up to three others.
        "collectives_opposition",
        _OPPOSITION_COLUMNS,
        f"""
        insert into collectives_opposition ({_OPPOSITION_COLUMNS}/*cols*/)
        select distinct on (c, site_id) c, site_id,
               make_date(2014 + abs(hashtext(%(seed)s || ':os:' || c)) %% 10, 1, 1), 'year'/*vals*/
        from (
            select c, 1 + abs(hashtext(%(seed)s || ':ca:' || c || case when k = 0 then '' else ':' || k end))
                      %% %(n)s as site_id
            from generate_series(1, %(collectives)s) c,
                 generate_series(0, abs(hashtext(%(seed)s || ':on:' || c)) %% 4) k
        ) o order by c, site_id
        """,
    ),
    (
        "collectives_networklink",
        _LINK_COLUMNS,
        f"""
        insert into collectives_networklink ({_LINK_COLUMNS}/*cols*/)
        select c, 1 + abs(hashtext(%(seed)s || ':nw:' || c)) %% {len(DEMO_NETWORKS)},
               case when c %% 2 = 0 then 'member' else 'partner' end/*vals*/
        from generate_series(1, %(collectives)s) c where c %% 3 <> 0
        """,
    ),
    (
        # Demonstrations, petitions and occupations name one collective opposing the site.
        "sites_event_collectives",
        "event_id, collective_id",
        """
        insert into sites_event_collectives (event_id, collective_id/*cols*/)
        select distinct on (e.id) e.id, o.collective_id/*vals*/
        from sites_event e join collectives_opposition o on o.site_id = e.site_id
        where e.kind in ('demonstration', 'petition', 'occupation')
        order by e.id, o.collective_id
        """,
    ),
]

_PRESS_COLUMNS = (
    "id, deleted_at, version, state, url, title, outlet, kind, published, published_precision, language, excerpt, "
    "created_by_id"
)

PRESS_STATEMENTS = [
    (
        "press_pressitem",
        _PRESS_COLUMNS,
        f"""
        insert into press_pressitem ({_PRESS_COLUMNS}/*cols*/)
        select i, null, 1, 'published', 'https://press.example.org/demo/' || %(seed)s || '/' || i,
               'Article démo ' || i || ' sur ' || s.name,
               (array['Demo Gazette', 'Demo Courrier régional', 'Demo Dépêche', 'Demo Soir', 'Demo Radio'])
                   [1 + i %% 5],
               (array['article', 'article', 'article', 'official', 'collective', 'company'])[1 + i %% 6],
               date '2014-01-01' + abs(hashtext(%(seed)s || ':pd:' || i)) %% 4500, 'day',
               case when s.country = 'BE' and i %% 2 = 0 then 'nl' else 'fr' end,
               'Synthetic excerpt (demo data).', null/*vals*/
        from generate_series(1, %(press)s) i
        join sites_site s on s.id = 1 + abs(hashtext(%(seed)s || ':ps:' || i)) %% %(n)s
        """,
    ),
    (
        "press_pressitem_sites",
        "pressitem_id, site_id",
        """
        insert into press_pressitem_sites (pressitem_id, site_id/*cols*/)
        select i, 1 + abs(hashtext(%(seed)s || ':ps:' || i)) %% %(n)s/*vals*/ from generate_series(1, %(press)s) i
        """,
    ),
    (
        # The item is the source of one event of its site.
        "sites_event_sources",
        "event_id, pressitem_id",
        """
        insert into sites_event_sources (event_id, pressitem_id/*cols*/)
        select e.id, ps.pressitem_id/*vals*/
        from press_pressitem_sites ps
        cross join lateral (
            select id from sites_event ev where ev.site_id = ps.site_id
            order by ev.date, ev.id offset ps.pressitem_id %% greatest(%(k)s, 1) limit 1
        ) e
        """,
    ),
]

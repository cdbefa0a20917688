"""The SQL that grows plausible dated timelines for every synthetic site.

Each site follows one of a few typical paths (rumour -> announcement -> permit -> works ->
opening; or a refusal, an abandonment, a court suspension...) spread over its K events, the other
events being demonstrations, petitions, inquiries, court cases... between the status changes.
Dates increase along the timeline; some are known only to the month or the year (then stored as
the first day of the period, as the data model requires). A few events wait for moderation, are
rejected or deleted, so that `.public()` has something to hide.
"""

# Weights out of 100, path of statuses.
PATHS = [
    (28, ["rumoured", "announced", "permit_requested", "permit_granted", "under_construction", "operational"]),
    (12, ["announced", "permit_requested", "permit_granted", "under_construction"]),
    (12, ["rumoured", "announced", "permit_requested", "refused"]),
    (10, ["rumoured", "announced", "permit_requested", "abandoned"]),
    (8, ["announced", "permit_requested", "permit_granted", "suspended"]),
    (10, ["rumoured", "announced", "permit_requested"]),
    (8, ["rumoured", "announced"]),
    (4, ["rumoured"]),
    (
        4,
        [
            "announced",
            "permit_requested",
            "permit_granted",
            "suspended",
            "permit_granted",
            "under_construction",
            "operational",
        ],
    ),
    (4, ["announced", "permit_requested", "permit_granted"]),
]
assert sum(w for w, _ in PATHS) == 100  # noqa: S101


def _paths_values() -> str:
    rows = []
    for n, (_, statuses) in enumerate(PATHS):
        rows.append(f"({n}, array[{', '.join(repr(s) for s in statuses)}]::text[])")
    return ",\n        ".join(rows)


def _path_case() -> str:
    parts, upper = [], 0
    for n, (weight, _) in enumerate(PATHS):
        upper += weight
        parts.append(f"when r < {upper} then {n}")
    return "case " + " ".join(parts) + " end"


STATUS_KIND = {
    "rumoured": ("rumour", "Premières rumeurs d'un projet"),
    "announced": ("announcement", "Annonce officielle du projet"),
    "permit_requested": ("permit_application", "Dépôt du permis"),
    "permit_granted": ("permit_decision", "Permis accordé"),
    "under_construction": ("construction", "Début des travaux"),
    "operational": ("opening", "Ouverture du site"),
    "suspended": ("court_ruling", "Projet suspendu par le tribunal"),
    "abandoned": ("withdrawal", "Le porteur de projet renonce"),
    "refused": ("permit_decision", "Permis refusé"),
}
OTHER_KINDS = [
    ("demonstration", "Manifestation"),
    ("petition", "Pétition"),
    ("public_inquiry", "Enquête publique"),
    ("legal_action", "Recours en justice"),
    ("publication", "Tribune"),
    ("council_vote", "Vote du conseil municipal"),
    ("occupation", "Occupation du terrain"),
    ("land_sale", "Vente du terrain"),
    ("agreement", "Accord signé"),
    ("other", "Réunion d'information"),
]


def _status_case(index: int) -> str:
    return "case status_after " + " ".join(f"when '{s}' then '{v[index]}'" for s, v in STATUS_KIND.items()) + " end"


_OTHER_KIND_ARRAY = "array[" + ", ".join(f"'{k}'" for k, _ in OTHER_KINDS) + "]"
_OTHER_TITLE_ARRAY = "array[" + ", ".join("'" + t.replace("'", "''") + "'" for _, t in OTHER_KINDS) + "]"
_STATUS_TITLE_CASE = (
    "case status_after "
    + " ".join(f"when '{s}' then '" + v[1].replace("'", "''") + "'" for s, v in STATUS_KIND.items())
    + " end"
)

EVENTS_SQL = f"""
with paths(p, statuses) as (values
        {_paths_values()}
),
s as (
    select id, name, abs(hashtext(%(seed)s || ':p:' || id)) %% 100 as r,
           date '2013-01-01' + abs(hashtext(%(seed)s || ':st:' || id)) %% 3000 as start
    from sites_site
),
sp as (
    select s.id, s.name, s.start, paths.statuses, array_length(paths.statuses, 1) as l,
           greatest(1, ((date '2026-06-30' - s.start) * (50 + abs(hashtext(%(seed)s || ':sp:' || s.id)) %% 50) / 100)
                       / %(k)s) as step
    from s join paths on paths.p = {_path_case().replace("%", "%%")}
),
ev as (
    select sp.id as site_id, sp.name, j,
           sp.start + (j - 1) * sp.step
               + abs(hashtext(%(seed)s || ':jt:' || sp.id || ':' || j)) %% greatest(1, sp.step / 2) as d,
           case when j = 1 or ceil(j * sp.l::numeric / %(k)s) <> ceil((j - 1) * sp.l::numeric / %(k)s)
                then sp.statuses[ceil(j * sp.l::numeric / %(k)s)::int] end as status_after,
           abs(hashtext(%(seed)s || ':h:' || sp.id || ':' || j)) as h
    from sp cross join generate_series(1, %(k)s) j
),
typed as (
    select ev.*,
           case when status_after is not null then (case when j = 1 and h %% 5 = 0 then 'month' else 'day' end)
                when h %% 20 < 2 then 'month' when h %% 20 = 2 then 'year' else 'day' end as precision
    from ev
)
insert into sites_event (deleted_at, version, state, date, date_precision, kind, status_after, title_fr,
                         description_fr, text_language, created, updated, created_by_id, site_id/*cols*/)
select case when status_after is null and (h / 1000000) %% 1000 < 5 then %(created)s::timestamptz end,
       1,
       case when status_after is not null then (case when (h / 1000) %% 1000 < 10 then 'pending' else 'published' end)
            when (h / 1000) %% 1000 < 20 then 'pending' when (h / 1000) %% 1000 < 25 then 'rejected'
            else 'published' end,
       case precision when 'month' then date_trunc('month', d)::date
                      when 'year' then date_trunc('year', d)::date else d end,
       precision,
       coalesce({_status_case(0)}, ({_OTHER_KIND_ARRAY})[1 + (h / 7) %% {len(OTHER_KINDS)}]),
       status_after,
       coalesce({_STATUS_TITLE_CASE}, ({_OTHER_TITLE_ARRAY})[1 + (h / 7) %% {len(OTHER_KINDS)}]) || ' — ' || name,
       'Événement synthétique (données de démonstration).',
       'fr',
       %(created)s::timestamptz, %(created)s::timestamptz, null, site_id/*vals*/
from typed
order by site_id, j
"""

EVENT_COLUMNS = (
    "deleted_at, version, state, date, date_precision, kind, status_after, title_fr, description_fr, text_language, "
    "created, updated, "
    "created_by_id, site_id"
)

# The rule of the status trigger (migration sites 0002), for every site at once.
STATUS_FROM_TIMELINE_SQL = """
update sites_site s
set status = t.status_after, status_since = t.date, status_since_precision = t.date_precision
from (
    select distinct on (site_id) site_id, status_after, date, date_precision
    from sites_event
    where status_after is not null and state = 'published' and deleted_at is null
    order by site_id, date desc, id desc
) t
where s.id = t.site_id
"""

"""Read replicas: read-only API traffic goes to a PostgreSQL replica, everything else to the primary.

When DATABASE_REPLICA_URL is set, settings define a second database alias, "replica" (a streaming
replica of the primary). `ReplicaRoutingMiddleware` marks a request as replica-eligible when it
is a GET/HEAD/OPTIONS on one of the read-only prefixes (settings.DATABASE_REPLICA_PATHS: the open
API, the map data, the tiles, the feeds). Within such a request `PrimaryReplicaRouter` sends reads
to the replica until the first write; from then on reads go to the primary too, so a request
never reads older data than it wrote. Pages with sessions, forms and the admin always use the
primary (a replica lags by a little; a member must see their own edit at once). Outside a request
(Celery tasks, management commands) everything uses the primary.
"""

from __future__ import annotations

from contextvars import ContextVar
from dataclasses import dataclass

from django.conf import settings
from django.db import connections

PRIMARY = "default"
REPLICA = "replica"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
DEFAULT_REPLICA_PATHS = ("/api/", "/map/", "/tiles/", "/feeds/")


@dataclass
class _RequestRouting:
    replica_allowed: bool
    wrote: bool = False


_routing: ContextVar[_RequestRouting | None] = ContextVar("hubwatch_db_routing", default=None)


def replica_configured() -> bool:
    return REPLICA in connections.settings


def replica_paths() -> tuple[str, ...]:
    return tuple(getattr(settings, "DATABASE_REPLICA_PATHS", DEFAULT_REPLICA_PATHS))


class PrimaryReplicaRouter:
    """Django database router; see the module docstring. It answers None (Django's own choice:
    the alias of the instance at hand, else "default") whenever the replica is not involved."""

    @staticmethod
    def _from_replica(hints) -> bool:
        instance = hints.get("instance")
        return instance is not None and instance._state.db == REPLICA

    def db_for_read(self, model, **hints):
        state = _routing.get()
        if state is not None and state.replica_allowed and not state.wrote and replica_configured():
            return REPLICA
        return PRIMARY if self._from_replica(hints) else None

    def db_for_write(self, model, **hints):
        state = _routing.get()
        if state is not None:
            state.wrote = True
        # An object read from the replica is saved to the primary: the replica is read-only.
        return PRIMARY if self._from_replica(hints) or replica_configured() else None

    def allow_relation(self, obj1, obj2, **hints):
        # Both aliases hold the same data: objects from either may be related.
        if {obj1._state.db, obj2._state.db} <= {PRIMARY, REPLICA}:
            return True
        return None

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        # The replica receives the schema through replication, never through migrate.
        return False if db == REPLICA else None


class ReplicaRoutingMiddleware:
    """Decide, per request, whether its reads may go to the replica (see the module docstring)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        eligible = request.method in SAFE_METHODS and request.path.startswith(replica_paths())
        token = _routing.set(_RequestRouting(replica_allowed=eligible))
        try:
            return self.get_response(request)
        finally:
            _routing.reset(token)

"""Rendered parts of a public page, cached per data version and language.

A page such as a site's is mostly public data rendered the same way for everyone, with a few
per-request parts around it (the CSRF tokens of its forms, the CSP nonce, the visitor's account
links and actions). The public parts are rendered once as HTML fragments and kept in the cache
under the data version and release (apps/core/http.py's per_version) and the language. The version moves when a write
to the domain tables commits, at the moment its data becomes visible, so a new event shows at
once; and since the fragments are built from reads made after the version was read, what is
kept under a version is never older than it.
"""

from __future__ import annotations

from collections.abc import Callable

from django.db import DEFAULT_DB_ALIAS, router
from django.db.models import Model
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from apps.core.http import per_version


def cached_fragments(
    template_name: str, identity: str, build: Callable[[], dict[str, str]], model: type[Model]
) -> dict[str, SafeString]:
    """The fragments `build()` renders from `template_name` for the object named by `identity`,
    from the cache when this data version, release and language already have them. `build()`
    must read all that it shows itself (not use objects read before this call).

    `model` is the one the page reads: when its reads go to a replica (whose data may lag the
    primary's version), nothing is cached."""
    if router.db_for_read(model) != DEFAULT_DB_ALIAS:
        return _safe(build())
    return _safe(per_version(f"fragments:{template_name}", f"{get_language()}:{identity}", build))


def _safe(fragments: dict[str, str]) -> dict[str, SafeString]:
    """The fragments are rendered templates: escaped already, to be inserted as they are."""
    return {name: mark_safe(html) for name, html in fragments.items()}  # noqa: S308

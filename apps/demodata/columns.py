"""Required columns the generator does not know about.

Other parts of the project add fields to the domain tables (a moderation note, a search
vector...). A required column without a database default would break the bulk load, so the
generator asks the catalogue which NOT NULL columns it leaves out and fills them with the empty
value of their type, the same value a form would save for an untouched optional field.
"""

from __future__ import annotations

from dataclasses import dataclass

CREATED = "2026-01-01 00:00:00+00"

# data_type -> (SQL literal, Python value for COPY)
EMPTY = {
    "text": ("''", ""),
    "character varying": ("''", ""),
    "character": ("''", ""),
    "integer": ("0", 0),
    "bigint": ("0", 0),
    "smallint": ("0", 0),
    "boolean": ("false", False),
    "timestamp with time zone": (f"'{CREATED}'::timestamptz", CREATED),
    "date": ("date '2026-01-01'", "2026-01-01"),
    "jsonb": ("'{}'::jsonb", "{}"),
    "json": ("'{}'::json", "{}"),
}


@dataclass
class Extra:
    columns: list[str]
    literals: list[str]
    values: list[object]

    def cols_sql(self) -> str:
        return "".join(f", {c}" for c in self.columns)

    def vals_sql(self) -> str:
        return "".join(f", {v}" for v in self.literals)


def missing_required(cur, table: str, provided: set[str]) -> Extra:
    cur.execute(
        """
        select column_name, data_type from information_schema.columns
        where table_schema = current_schema() and table_name = %s and is_nullable = 'NO'
          and column_default is null and is_identity = 'NO' and is_generated = 'NEVER'
        order by ordinal_position
        """,
        [table],
    )
    extra = Extra([], [], [])
    for name, data_type in cur.fetchall():
        if name in provided or name == "id":
            continue
        if data_type not in EMPTY:
            raise RuntimeError(f"{table}.{name} ({data_type}) is required and the generator cannot fill it.")
        literal, value = EMPTY[data_type]
        extra.columns.append(name)
        extra.literals.append(literal)
        extra.values.append(value)
    return extra


def with_extra(cur, table: str, columns: str, sql: str) -> str:
    """Put the missing required columns of `table` where `sql` has /*cols*/ and /*vals*/."""
    provided = {c.strip() for c in columns.split(",")}
    extra = missing_required(cur, table, provided)
    return sql.replace("/*cols*/", extra.cols_sql()).replace("/*vals*/", extra.vals_sql())

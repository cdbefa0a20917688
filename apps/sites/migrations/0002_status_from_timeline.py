"""The current status of a site is derived from its timeline, in the database itself.

A trigger on sites_event recomputes sites_site.status / status_since / status_since_precision
from the latest published, not deleted event (by date, then id) that has a status_after, after every insert, update
or delete, so no code path (admin, API, loader, bulk update, raw SQL) can leave them out of
step. unaccent serves accent-insensitive search.
"""

from django.contrib.postgres.operations import UnaccentExtension
from django.db import migrations

FORWARD = """
CREATE OR REPLACE FUNCTION hubwatch_refresh_site_status(p_site_id bigint) RETURNS void AS $$
    UPDATE sites_site SET (status, status_since, status_since_precision) = (
        SELECT e.status_after, e.date, e.date_precision FROM sites_event e
        WHERE e.site_id = p_site_id AND e.status_after IS NOT NULL
          AND e.state = 'published' AND e.deleted_at IS NULL
        ORDER BY e.date DESC, e.id DESC LIMIT 1
    )
    WHERE id = p_site_id;
$$ LANGUAGE sql;

CREATE OR REPLACE FUNCTION hubwatch_event_status_trigger() RETURNS trigger AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        PERFORM hubwatch_refresh_site_status(OLD.site_id);
    END IF;
    IF TG_OP = 'INSERT' OR (TG_OP = 'UPDATE' AND NEW.site_id <> OLD.site_id) THEN
        PERFORM hubwatch_refresh_site_status(NEW.site_id);
    END IF;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER sites_event_status
AFTER INSERT OR DELETE OR UPDATE OF site_id, date, date_precision, status_after, state, deleted_at ON sites_event
FOR EACH ROW EXECUTE FUNCTION hubwatch_event_status_trigger();
"""

BACKWARD = """
DROP TRIGGER IF EXISTS sites_event_status ON sites_event;
DROP FUNCTION IF EXISTS hubwatch_event_status_trigger();
DROP FUNCTION IF EXISTS hubwatch_refresh_site_status(bigint);
"""


class Migration(migrations.Migration):
    dependencies = [("sites", "0001_initial")]

    operations = [
        UnaccentExtension(),
        migrations.RunSQL(FORWARD, BACKWARD),
    ]

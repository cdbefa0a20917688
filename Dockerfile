# Hubwatch web / worker / beat / migrate image: `make images` (scripts/images.sh) builds it on the
# Debian 13 system image (docker/system.Dockerfile: Python 3.13, GDAL/GEOS/PROJ, pg_dump 17), with
# the pinned wheels that the host downloaded from PyPI into var/wheelhouse (installed --no-index:
# a container reaches no package index) and the front-end assets that scripts/bootstrap.sh put in
# static/vendor from npm.
ARG SYSTEM_IMAGE=hubwatch-system:trixie
FROM ${SYSTEM_IMAGE}

# WEB_CONCURRENCY: gunicorn's worker count (docs/SCALING.md); set it in .env to change it. An
# explicit --workers on the command line would override it, so the CMD below has none.
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_NO_CACHE_DIR=1 \
    PATH=/opt/venv/bin:$PATH DJANGO_SETTINGS_MODULE=config.settings.prod WEB_CONCURRENCY=3

# Dependencies first: this layer is rebuilt only when requirements.lock changes.
COPY requirements.lock /tmp/requirements.lock
COPY var/wheelhouse /tmp/wheelhouse
RUN python3.13 -m venv /opt/venv \
 && pip install -q --no-index --find-links /tmp/wheelhouse -r /tmp/requirements.lock \
 && rm -rf /tmp/wheelhouse

# The code, owned by root and read-only for the user the services run as.
WORKDIR /app
COPY manage.py pyproject.toml ./
COPY config config
COPY apps apps
COPY templates templates
COPY locale locale
COPY fixtures fixtures
COPY static static
COPY scripts scripts
RUN test -d static/vendor/leaflet.markercluster || { echo "static/vendor is missing: run scripts/bootstrap.sh (make images does)" >&2; exit 1; } \
 && SECRET_KEY=build-only-secret-key-not-used-at-runtime-0123456789 python manage.py collectstatic --noinput -v 0

# The version /healthz reports and the release in cache keys and ETags: the commit built.
ARG HUBWATCH_VERSION=""
ENV HUBWATCH_VERSION=$HUBWATCH_VERSION RELEASE=$HUBWATCH_VERSION

# A home directory: gunicorn (25.1+) puts its control socket in ~/.gunicorn/ (for `gunicornc`) and
# logs "Control server error: Permission denied" at every start without one.
# var/backups: the nightly dumps' volume takes this owner when Docker first creates it.
RUN useradd --system --uid 1000 --create-home hubwatch \
 && mkdir -p /app/var/backups && chown hubwatch /app/var /app/var/backups
USER hubwatch
EXPOSE 8000
CMD ["gunicorn", "config.wsgi:application", "--bind", "0.0.0.0:8000", "--access-logfile", "-"]

# Hubwatch web/worker image. Debian 12 (bookworm) base to match the GDAL/GEOS/PROJ versions the
# project is tested with.
FROM python:3.12-slim-bookworm AS base

# WEB_CONCURRENCY: gunicorn's worker count (docs/SCALING.md); set it in .env to change it. An
# explicit --workers on the command line would override it, so the CMD below has none.
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_DISABLE_PIP_VERSION_CHECK=1 \
    DJANGO_SETTINGS_MODULE=config.settings.prod WEB_CONCURRENCY=3

RUN apt-get update \
 && apt-get install -y --no-install-recommends gdal-bin libgdal32 libgeos-c1v5 libproj25 gettext nodejs npm curl postgresql-client fonts-dejavu-core \
 && rm -rf /var/lib/apt/lists/*

WORKDIR /app
COPY requirements.lock ./
RUN pip install --no-cache-dir -r requirements.lock

COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund --silent

COPY . .
RUN python scripts/vendor_assets.py \
 && SECRET_KEY=build-only-secret-key-not-used-at-runtime-0123456789 python manage.py collectstatic --noinput -v 0 \
 && rm -rf node_modules

# A home directory: gunicorn (25.1+) puts its control socket in ~/.gunicorn/ (for `gunicornc`) and
# logs "Control server error: Permission denied" at every start without one.
# var/backups: the nightly dumps' volume takes this owner when Docker first creates it.
RUN useradd --system --uid 1000 --create-home hubwatch && mkdir -p /app/var/backups && chown -R hubwatch /app/var
USER hubwatch
EXPOSE 8000
CMD ["gunicorn", "config.wsgi:application", "--bind", "0.0.0.0:8000", "--access-logfile", "-"]

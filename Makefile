# Hubwatch. `make help` lists the targets.
SHELL := /bin/bash
.DEFAULT_GOAL := help
PY := .venv/bin/python

.PHONY: help run test dev lint fmt stop superuser messages backup restore bench service images test-deploy

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  \033[1m%-10s\033[0m %s\n", $$1, $$2}'

run: ## Install what is missing, start PostGIS + Redis, migrate, load data, serve on :8000 with Celery
	@scripts/run.sh

test: ## The same set-up, then the whole test suite (browser tests included)
	@scripts/test.sh $(ARGS)

dev: ## Like run, but Django's autoreloading dev server (DEBUG on) and a worker
	@env_lines="$$(scripts/prepare.sh)" && eval "$$env_lines" && export DEBUG=1 && \
	  (.venv/bin/celery -A config worker -l INFO --concurrency=1 & trap "kill $$!" EXIT; $(PY) manage.py runserver 127.0.0.1:$${PORT:-8000})

lint: ## Ruff (lint + format check) and the migrations check
	@scripts/bootstrap.sh
	.venv/bin/ruff check .
	.venv/bin/ruff format --check .
	@env_lines="$$(scripts/services.sh start)" && eval "$$env_lines" && $(PY) manage.py makemigrations --check --dry-run

fmt: ## Format and autofix with Ruff
	.venv/bin/ruff format . && .venv/bin/ruff check --fix .

stop: ## Stop the local PostGIS and Redis started under var/
	@scripts/services.sh stop

superuser: ## Create an admin account
	@env_lines="$$(scripts/services.sh start)" && eval "$$env_lines" && $(PY) manage.py createsuperuser

messages: ## Update locale/fr/LC_MESSAGES/django.po from the code, then compile it (.mo is committed)
	@env_lines="$$(scripts/services.sh start)" && eval "$$env_lines" && \
	  $(PY) manage.py makemessages -l fr -i '.venv/*' -i 'node_modules/*' -i 'var/*' -i 'static/vendor/*' -i 'bench/*' -i 'tests/*' && \
	  $(PY) manage.py compilemessages -l fr -i .venv -i node_modules

backup: ## Dump the database (pg_dump custom format) into var/backups/ (or FILE=path)
	@scripts/backup.sh $(FILE)

restore: ## Replace the database with a dump: make restore FILE=var/backups/hubwatch-....dump
	@scripts/restore.sh $(FILE)

service: ## Write systemd units (web, worker, beat, embedded services) so Hubwatch comes back after a reboot
	@scripts/service.sh

bench: ## The speed targets side by side (10k and 100k demo sites in scratch databases); ARGS="--sizes 10k --drop"
	@env_lines="$$(scripts/prepare.sh)" && eval "$$env_lines" && $(PY) -m bench.run $(ARGS)

images: ## Build the Docker images (app, PostGIS, Redis, nginx) from Debian packages, PyPI and npm
	@scripts/images.sh

test-deploy: ## Start docker-compose.yml (and its scale profile) on Docker and check it; ARGS=--keep
	@scripts/test_deploy.sh $(ARGS)

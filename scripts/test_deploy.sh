#!/usr/bin/env bash
# make test-deploy: the images (make images; quick when they exist), then the Compose stack started
# on this machine's Docker engine and checked from outside by scripts/deploy_check.py (which
# removes the stack and its volumes at the end; ARGS=--keep leaves it running).
source "$(dirname "$0")/docker.sh"
cd "$ROOT"
started=$SECONDS
command -v wrk >/dev/null || apt_install wrk
"$ROOT/scripts/images.sh"
say "Deployment checks (docker-compose.yml, project ${HUBWATCH_DEPLOY_PROJECT:-hubwatch-deploytest})"
say "(images ready after $((SECONDS - started)) s)"
# Its last line is the summary, "N passed, N failed".
exec "$(python_bin)" "$ROOT/scripts/deploy_check.py" "$@"

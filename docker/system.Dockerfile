# The Debian packages of every Hubwatch service, in one image that the app, PostGIS, Redis and
# nginx images build on (one apt run, shared layers). Base: Debian 13 made by debootstrap
# (scripts/images.sh), or debian:trixie-slim from a registry.
ARG BASE_IMAGE=hubwatch-base:trixie
FROM ${BASE_IMAGE}
ENV LANG=C.UTF-8 DEBIAN_FRONTEND=noninteractive
# No init system in a container: package scripts must not start services (policy-rc.d), and
# PostgreSQL's package must not create a cluster (the postgis entrypoint makes one from the
# environment, in its volume).
RUN printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d && chmod +x /usr/sbin/policy-rc.d \
 && mkdir -p /etc/postgresql-common/createcluster.d \
 && echo 'create_main_cluster = false' > /etc/postgresql-common/createcluster.d/hubwatch.conf \
 && apt-get update -q \
 && apt-get install -y -q --no-install-recommends -o Acquire::Retries=3 \
      ca-certificates curl python3.13 python3.13-venv libgdal36 libgeos-c1t64 libproj25 fonts-dejavu-core \
      postgresql-17-postgis-3 postgresql-client-17 redis-server nginx \
 && apt-get clean && rm -rf /var/lib/apt/lists/* /var/cache/apt/*

# PostgreSQL 17 + PostGIS 3.5 from Debian, started like the official postgis/postgis image:
# POSTGRES_USER / POSTGRES_PASSWORD / POSTGRES_DB make the cluster, its database and the postgis
# extension on the first start, in /var/lib/postgresql/data. With PRIMARY_HOST set it starts
# instead as a hot-standby streaming replica of that primary (pg_basebackup -R).
ARG SYSTEM_IMAGE=hubwatch-system:trixie
FROM ${SYSTEM_IMAGE}
ENV PATH=/usr/lib/postgresql/17/bin:$PATH PGDATA=/var/lib/postgresql/data
RUN mkdir -p /var/lib/postgresql/data /run/postgresql \
 && chown -R postgres:postgres /var/lib/postgresql /run/postgresql && chmod 700 /var/lib/postgresql/data
COPY postgis-entrypoint.sh /usr/local/bin/postgis-entrypoint
STOPSIGNAL SIGINT
EXPOSE 5432
ENTRYPOINT ["postgis-entrypoint"]
CMD ["postgres"]

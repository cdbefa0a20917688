# Redis from Debian, started like the official redis image (data in /data, as user redis).
ARG SYSTEM_IMAGE=hubwatch-system:trixie
FROM ${SYSTEM_IMAGE}
RUN mkdir -p /data && chown redis:redis /data
COPY redis-entrypoint.sh /usr/local/bin/redis-entrypoint
WORKDIR /data
USER redis
EXPOSE 6379
ENTRYPOINT ["redis-entrypoint"]
CMD ["redis-server"]

# nginx from Debian, laid out like the official nginx image: a server in
# /etc/nginx/conf.d/default.conf (docker-compose.yml mounts config/nginx-scale.conf there), logs
# to the container's output.
ARG SYSTEM_IMAGE=hubwatch-system:trixie
FROM ${SYSTEM_IMAGE}
RUN rm -f /etc/nginx/sites-enabled/default \
 && mkdir -p /var/cache/nginx \
 && ln -sf /dev/stdout /var/log/nginx/access.log && ln -sf /dev/stderr /var/log/nginx/error.log
EXPOSE 80
STOPSIGNAL SIGQUIT
CMD ["nginx", "-g", "daemon off;"]

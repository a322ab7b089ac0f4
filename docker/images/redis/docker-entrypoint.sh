#!/bin/sh
# Runs redis-server as the redis user, listening on all interfaces with protected mode off
# (the official image's defaults); any other command runs as given.
set -eu
case "${1:-}" in -*) set -- redis-server "$@" ;; esac
if [ "${1:-}" = redis-server ]; then
  shift
  chown redis:redis /data
  exec setpriv --reuid=redis --regid=redis --init-groups redis-server --bind '* -::*' --protected-mode no --dir /data "$@"
fi
exec "$@"

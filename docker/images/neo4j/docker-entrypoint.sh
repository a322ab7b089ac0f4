#!/bin/sh
# Maps the official image's settings onto the launcher: NEO4J_AUTH, page cache and heap size.
# `--train-class-archive` (image build only) starts and stops once to record the CDS archive.
set -eu
archive=/opt/neo4j/classes.jsa
flags="-XX:+UseSerialGC -XX:TieredStopAtLevel=1 -XX:+ExitOnOutOfMemoryError -Xlog:cds=off -Xlog:cds+dynamic=off
  --add-opens=java.base/java.nio=ALL-UNNAMED --add-opens=java.base/sun.nio.ch=ALL-UNNAMED
  --add-opens=java.base/java.io=ALL-UNNAMED -Dio.netty.tryReflectionSetAccessible=true"
classpath='/opt/neo4j/neo4j-launcher.jar:/opt/neo4j/lib/*'

if [ "${1:-}" = --train-class-archive ]; then
  # shellcheck disable=SC2086
  java -Xmx512m $flags -XX:ArchiveClassesAtExit="$archive" -cp "$classpath" launcher.Neo4jLauncher /tmp/training 7687 >/tmp/training.log 2>&1 &
  pid=$!
  for _ in $(seq 1 240); do grep -q '^Started\.' /tmp/training.log && break; sleep 0.5; done
  kill -TERM "$pid"
  wait "$pid" || true
  rm -rf /tmp/training /tmp/training.log
  test -s "$archive"
  exit 0
fi

password=""
case "${NEO4J_AUTH:-none}" in
  none) ;;
  neo4j/*) password="${NEO4J_AUTH#neo4j/}" ;;
  *) echo "NEO4J_AUTH must be none or neo4j/<password>" >&2; exit 1 ;;
esac
page_cache_mb=32
case "${NEO4J_server_memory_pagecache_size:-}" in
  "") ;;
  *[mM]) page_cache_mb="${NEO4J_server_memory_pagecache_size%[mM]}" ;;
  *[gG]) page_cache_mb=$(( ${NEO4J_server_memory_pagecache_size%[gG]} * 1024 )) ;;
  *) echo "NEO4J_server_memory_pagecache_size: use a size in m or g" >&2; exit 1 ;;
esac
# shellcheck disable=SC2086
exec java -Xms64m -Xmx"${NEO4J_server_memory_heap_max__size:-512m}" $flags -XX:SharedArchiveFile="$archive" \
  -Dlauncher.listenHost=0.0.0.0 ${password:+"-Dlauncher.password=$password"} \
  -cp "$classpath" launcher.Neo4jLauncher /data 7687 "$page_cache_mb"

#!/usr/bin/env bash
# Builds PostgreSQL, Redis and Neo4j images for the testcontainers provider on a host that
# reaches no container registry: a Debian base made with debootstrap and imported, Debian
# packages on top, Neo4j from the jars Maven fetched for packages/provisioning/neo4j-launcher.
#
#   docker/build-local-images.sh          installs/starts the engine if needed, builds what
#                                         is missing or changed, prints the IT_*_IMAGE lines
#   eval "export $(docker/build-local-images.sh)"   ... and selects the images for this shell
#
# Idempotent: each image carries the hash of its recipe as a label and is rebuilt only when
# the recipe changes. Needs root for apt-get, debootstrap and dockerd.
set -euo pipefail
cd "$(dirname "$0")/.."

prefix="${IT_LOCAL_IMAGE_PREFIX:-it-local}"
suite=bookworm
mirror="${DEBIAN_MIRROR:-http://deb.debian.org/debian}"
base="$prefix/debian:$suite"
say() { echo "[local-images] $*" >&2; }

ensure_engine() {
  local missing=()
  command -v dockerd >/dev/null || missing+=(docker.io)
  command -v debootstrap >/dev/null || missing+=(debootstrap)
  if ((${#missing[@]})); then
    say "installing ${missing[*]}"
    apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${missing[@]}" >&2
  fi
  if ! docker info >/dev/null 2>&1; then
    say "starting dockerd (log: ${TMPDIR:-/tmp}/dockerd.log)"
    nohup dockerd >"${TMPDIR:-/tmp}/dockerd.log" 2>&1 &
    for _ in $(seq 1 60); do docker info >/dev/null 2>&1 && return; sleep 0.5; done
    say "dockerd did not answer within 30 s; see ${TMPDIR:-/tmp}/dockerd.log"
    exit 1
  fi
}

ensure_base() {
  docker image inspect "$base" >/dev/null 2>&1 && return
  local rootfs
  rootfs="$(mktemp -d)"
  say "making $base with debootstrap from $mirror"
  debootstrap --variant=minbase "$suite" "$rootfs" "$mirror" >&2
  rm -rf "$rootfs"/var/lib/apt/lists/* "$rootfs"/var/cache/apt/*.bin
  tar -C "$rootfs" -c . | docker import --change 'CMD ["/bin/bash"]' - "$base" >&2
  rm -rf "$rootfs"
}

# build <tag> <context dir>: builds when the image is missing or its recipe changed.
build() {
  local tag="$1" context="$2" recipe
  recipe="$(cd "$context" && find . -type f -print0 | LC_ALL=C sort -z | xargs -0 sha256sum | sha256sum | cut -c1-16)"
  if [ "$(docker image inspect --format '{{ index .Config.Labels "recipe" }}' "$tag" 2>/dev/null || true)" = "$recipe" ]; then
    say "$tag is up to date"
    return
  fi
  say "building $tag"
  docker build --quiet --build-arg BASE="$base" --label recipe="$recipe" --tag "$tag" "$context" >&2
}

ensure_engine
ensure_base
build "$prefix/postgres:15" docker/images/postgres
build "$prefix/redis:7" docker/images/redis

# Neo4j's context is the recipe plus the launcher's jars (built by Maven if needed).
launcher_dir="$(npm run -s servers:prepare | sed -n 's/^NEO4J_LAUNCHER_DIR=//p')"
neo4j_context="$(mktemp -d)"
trap 'rm -rf "$neo4j_context"' EXIT
cp docker/images/neo4j/* "$neo4j_context/"
cp "$launcher_dir/neo4j-launcher.jar" "$neo4j_context/"
cp -r "$launcher_dir/lib" "$neo4j_context/lib"
build "$prefix/neo4j:5.26-community" "$neo4j_context"

say "images ready in ${SECONDS} s"
echo "IT_POSTGRES_IMAGE=$prefix/postgres:15 IT_REDIS_IMAGE=$prefix/redis:7 IT_NEO4J_IMAGE=$prefix/neo4j:5.26-community"

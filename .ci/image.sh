#!/usr/bin/env bash
# Build the briefbot image and prove it works, with podman and no Docker engine.
#
# Steps: install podman/runc/debootstrap if missing; build a python:3.11-slim stand-in with
# debootstrap only when podman does not already hold one (see docs/self-hosting.md, and
# ../shared/notes/docker-offline.md); build the image; then in containers:
#   1. `briefbot validate` accepts the shipped briefings, and `briefbot doctor` passes,
#   2. `/quote blinken` through the console channel answers with Antony Blinken,
#   3. detached with the HTTP server on 0.0.0.0, the HEALTHCHECK reports healthy (bounded),
#   4. SIGTERM stops it with exit status 0 and "stopped cleanly" in the log.
# Run from the repository root: `.ci/image.sh` or `make image-test`.
set -euo pipefail

cd "$(dirname "$0")/.."
IMAGE="${BRIEFBOT_IMAGE:-briefbot:test}"
BASE="docker.io/library/python:3.11-slim"
CACHE="${BRIEFBOT_IMAGE_CACHE:-/var/cache/briefbot}"
HEALTH_TIMEOUT="${BRIEFBOT_HEALTH_TIMEOUT:-60}"
start=$(date +%s)

say() { printf '== image: %s\n' "$*"; }
# Podman wants systemd timers for health checks; there is no systemd here, and the checks are
# run by hand below, so its complaints about that are noise.
no_timer_noise() { "$@" 2> >(grep -v "systemd connection" >&2); }
fail() { printf '== image: FAIL: %s\n' "$*" >&2; exit 1; }

install_tools() {
    local missing=()
    for tool in podman runc debootstrap; do
        command -v "$tool" >/dev/null 2>&1 || missing+=("$tool")
    done
    if ((${#missing[@]})); then
        say "installing ${missing[*]}"
        apt-get update -qq
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq podman runc debootstrap >/dev/null
    fi
}

write_containers_conf() {
    # This sandbox needs runc (crun fails on the hybrid cgroup layout) and modest ulimits.
    mkdir -p "$CACHE"
    cat >"$CACHE/containers.conf" <<'CONF'
[containers]
default_ulimits = ["nofile=20000:20000", "nproc=32768:32768"]

[engine]
runtime = "runc"
CONF
    export CONTAINERS_CONF="$CACHE/containers.conf"
}

build_base() {
    if podman image exists "$BASE"; then
        return
    fi
    say "building the $BASE stand-in with debootstrap (once; cached in podman storage)"
    local rootfs="$CACHE/rootfs"
    rm -rf "$rootfs"
    debootstrap --variant=minbase \
        --include=python3,python3-venv,python3-pip,ca-certificates bookworm "$rootfs" >/dev/null
    # Outbound TLS passes a proxy with its own CA: trust it inside the image as on the host.
    if compgen -G "/usr/local/share/ca-certificates/*.crt" >/dev/null; then
        cp /usr/local/share/ca-certificates/*.crt "$rootfs/usr/local/share/ca-certificates/"
    fi
    chroot "$rootfs" update-ca-certificates >/dev/null
    ln -sf python3 "$rootfs/usr/bin/python"
    rm -f "$rootfs"/usr/lib/python3.11/EXTERNALLY-MANAGED
    tar -C "$rootfs" -c . | podman import --change 'ENV LANG=C.UTF-8' \
        --change 'CMD ["python3"]' - "$BASE" >/dev/null
    rm -rf "$rootfs"
}

install_tools
write_containers_conf
build_base

say "building $IMAGE"
# Docker format: the OCI format has no HEALTHCHECK.
podman build --pull=never --format docker -q -t "$IMAGE" . >/dev/null

say "built in $(($(date +%s) - start))s; validate the shipped briefings"
podman run --rm --no-healthcheck "$IMAGE" briefbot validate

say "doctor finds nothing to fix (a warning for the missing tokens is expected)"
podman run --rm --no-healthcheck "$IMAGE" briefbot doctor

say "answer /quote blinken through the console channel"
reply=$(printf '/quote blinken\n' | podman run -i --rm --no-healthcheck "$IMAGE" briefbot run --console)
grep -q "Antony Blinken" <<<"$reply" || fail "no Antony Blinken in the reply: $reply"

say "report healthy through HEALTHCHECK"
name="briefbot-health-$$"
cleanup() { podman rm -f -v -t 2 "$name" >/dev/null 2>&1 || true; }
trap cleanup EXIT
# -i keeps stdin open so the console channel waits instead of ending at EOF (the image turns
# the HTTP server on even in console mode). There is no systemd here for health timers, so
# the interval is disabled and `podman healthcheck run` runs the image's check below.
no_timer_noise podman run -d -i --name "$name" --health-interval disable \
    "$IMAGE" briefbot run --console >/dev/null
deadline=$(($(date +%s) + HEALTH_TIMEOUT))
until podman healthcheck run "$name" >/dev/null 2>&1; do
    if (($(date +%s) > deadline)); then
        podman logs "$name" >&2 || true
        fail "not healthy within ${HEALTH_TIMEOUT}s"
    fi
    sleep 1
done
status=$(podman inspect --format '{{.State.Health.Status}}' "$name" 2>/dev/null || true)
say "health status: ${status:-unknown}"

say "stop on SIGTERM with exit status 0"
no_timer_noise podman stop -t 15 "$name" >/dev/null
code=$(podman inspect --format '{{.State.ExitCode}}' "$name")
[[ "$code" == "0" ]] || { podman logs "$name" >&2; fail "exit status $code after SIGTERM"; }
podman logs "$name" 2>&1 | grep -q "stopped cleanly" || fail "no 'stopped cleanly' in the log"

say "OK in $(($(date +%s) - start))s"

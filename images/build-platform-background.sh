#!/usr/bin/env bash
# The platform image built in the background of a test run, on a Docker Engine of its own that
# runs at the lowest CPU and I/O priority (nice 19, best-effort I/O class 7: its containers and
# builds inherit both), so that the tests running meanwhile keep the machine:
#
#   images/build-platform-background.sh start DIR   # returns once the Engine answers
#   images/build-platform-background.sh stop DIR    # the build (if still running) and the Engine
#
# DIR (short: the Engine's socket is DIR/docker.sock) gets build.log and, when
# images/build-platform.sh ends, status ("EXIT_CODE SECONDS"); apps/api/test/platform-image.test.ts
# waits for it (KUBEBELT_PLATFORM_IMAGE_BUILD=DIR). .ci/run starts it right after `npm ci`; the
# api tests' global set-up starts it when nobody did. A failure to start is written to status, for
# the test to report, rather than stopping the caller.
#
# The Engine: no default bridge, no iptables rules (the builds use the host's network, the test's
# container is reached through its bridge), addresses of its own beside the docker tests' Engines.
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
command=${1:-}
dir=${2:-}
[ -n "$dir" ] || {
  echo "usage: $0 start|stop DIR" >&2
  exit 2
}
IMAGE=${KUBEBELT_PLATFORM_IMAGE:-kubebelt:test}

case $command in
  start)
    mkdir -p "$dir"
    rm -f "$dir/status"
    low=(nice -n 19)
    command -v ionice >/dev/null && low+=(ionice -c 2 -n 7)
    setsid "${low[@]}" dockerd --data-root="$dir/data" --exec-root="$dir/exec" \
      --pidfile="$dir/dockerd.pid" --host="unix://$dir/docker.sock" --bridge=none \
      --iptables=false --default-address-pool=base=10.212.0.0/16,size=24 \
      >"$dir/dockerd.log" 2>&1 </dev/null &
    for _ in $(seq 1 150); do
      DOCKER_HOST=unix://$dir/docker.sock docker version >/dev/null 2>&1 && break
      sleep 0.2
    done
    if ! DOCKER_HOST=unix://$dir/docker.sock docker version >/dev/null 2>&1; then
      tail -3 "$dir/dockerd.log" >"$dir/build.log"
      echo "1 0" >"$dir/status"
      exit 0
    fi
    # the build in its own process group, so that stop ends all of it
    DOCKER_HOST=unix://$dir/docker.sock setsid "${low[@]}" bash -c \
      'start=$SECONDS; "$0" "$1" >"$2/build.log" 2>&1; echo "$? $((SECONDS - start))" >"$2/status"' \
      "$here/build-platform.sh" "$IMAGE" "$dir" </dev/null >/dev/null 2>&1 &
    echo $! >"$dir/build.pid"
    ;;
  stop)
    [ -f "$dir/build.pid" ] && kill -TERM -- "-$(cat "$dir/build.pid")" 2>/dev/null
    if [ -f "$dir/dockerd.pid" ]; then
      pid=$(cat "$dir/dockerd.pid")
      kill -TERM "$pid" 2>/dev/null
      for _ in $(seq 1 100); do
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.2
      done
      kill -KILL "$pid" 2>/dev/null
    fi
    # what a killed Engine leaves mounted, then its gigabytes of layers: in the background
    (
      awk -v d="$dir/" 'index($2, d) == 1 {print $2}' /proc/mounts | sort -r |
        xargs -r -n1 umount -l 2>/dev/null
      rm -rf "$dir"
    ) </dev/null >/dev/null 2>&1 &
    ;;
  *)
    echo "usage: $0 start|stop DIR" >&2
    exit 2
    ;;
esac

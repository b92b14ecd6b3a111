#!/usr/bin/env bash
# A Docker engine for the image checks (test/e2e/docker-image.test.ts), as .ci/run and developers use it:
#   tools/docker/engine.sh start   installs Debian's docker.io (and debootstrap, for the stand-in base) when dockerd
#                                  is missing, starts dockerd as root with its defaults and waits until it answers;
#                                  an engine that already answers is used as it is, and left running.
#   tools/docker/engine.sh stop    stops the dockerd that `start` started, by its PID, and nothing else.
set -euo pipefail

state=${SOURCE_TWILIO_DOCKER_STATE:-/run/source-twilio-docker}
pid_file="$state/dockerd.pid"
log_file="$state/dockerd.log"

engine_answers() { docker info >/dev/null 2>&1; }

install_engine() {
  if [ "$(id -u)" -ne 0 ]; then
    echo "engine.sh: dockerd is not installed and installing it needs root" >&2
    return 1
  fi
  if ! command -v apt-get >/dev/null; then
    echo "engine.sh: dockerd is not installed and there is no apt-get to install Debian's docker.io" >&2
    return 1
  fi
  apt-get -o DPkg::Lock::Timeout=300 update -q
  DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=300 install -y -q --no-install-recommends docker.io debootstrap
}

start() {
  if engine_answers; then
    echo "engine.sh: a Docker engine already answers; using it"
    return 0
  fi
  if ! command -v dockerd >/dev/null || ! command -v debootstrap >/dev/null; then install_engine; fi
  if [ "$(id -u)" -ne 0 ]; then
    echo "engine.sh: starting dockerd needs root" >&2
    return 1
  fi
  mkdir -p "$state"
  dockerd >"$log_file" 2>&1 &
  echo $! >"$pid_file"
  for _ in $(seq 1 60); do
    if engine_answers; then
      echo "engine.sh: dockerd started (PID $(cat "$pid_file"), log $log_file)"
      return 0
    fi
    if ! kill -0 "$(cat "$pid_file")" 2>/dev/null; then break; fi
    sleep 0.5
  done
  echo "engine.sh: dockerd did not answer within 30 s; its log ends with:" >&2
  tail -n 20 "$log_file" >&2
  stop
  return 1
}

stop() {
  [ -f "$pid_file" ] || return 0
  local pid
  pid=$(cat "$pid_file")
  if kill -0 "$pid" 2>/dev/null; then
    kill -TERM "$pid"
    # dockerd stops its containers and its own containerd before it exits.
    for _ in $(seq 1 60); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.5
    done
    if kill -0 "$pid" 2>/dev/null; then
      echo "engine.sh: dockerd (PID $pid) did not stop within 30 s; killing it" >&2
      kill -KILL "$pid"
    fi
  fi
  rm -f "$pid_file"
  echo "engine.sh: dockerd (PID $pid) stopped"
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  *)
    echo "usage: $0 start|stop" >&2
    exit 2
    ;;
esac

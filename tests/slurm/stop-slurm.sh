#!/usr/bin/env bash
# Stops the one-node SLURM started by start-slurm.sh (slurmd, slurmctld, munged), by pid file / exact name.
set -uo pipefail
stop() {
  local name="$1" pidfile="$2" pid=""
  [ -f "$pidfile" ] && pid="$(cat "$pidfile" 2>/dev/null || true)"
  [ -z "$pid" ] && pid="$(pgrep -x "$name" | head -n1 || true)"
  [ -z "$pid" ] && return 0
  kill "$pid" 2>/dev/null || true
  for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || return 0; sleep 0.1; done
  kill -9 "$pid" 2>/dev/null || true
}
stop slurmd /run/slurmd.pid
stop slurmctld /run/slurmctld.pid
stop munged /run/munge/munged.pid
echo "slurm stopped"

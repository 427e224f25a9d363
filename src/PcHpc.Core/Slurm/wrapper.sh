#!/bin/bash
# PcHpc job wrapper: runs the submitted script with its argument and environment (read as data from the job's
# submit dir) and records exit code, start/end time and job facts in the per-user state dir, so PcHpc knows the
# final state of jobs SLURM has forgotten (no accounting on ParallelCluster by default).
d=$1; state=$2
if [ -n "${SLURM_ARRAY_TASK_ID:-}" ]; then id="${SLURM_ARRAY_JOB_ID}_${SLURM_ARRAY_TASK_ID}"; else id=$SLURM_JOB_ID; fi
start=$(date +%s)
finish() {
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$1" "$start" "$(date +%s)" "$2" \
    "$(printf '%s' "${SLURM_JOB_NAME:-}" | base64 -w0)" "${SLURM_JOB_PARTITION:-}" "${SLURMD_NODENAME:-}" "${SLURM_JOB_USER:-}" \
    > "$state/$id.exit.tmp" && mv -f "$state/$id.exit.tmp" "$state/$id.exit"
}
trap 'finish 143 TERM; exit 143' TERM
if [ -f "$d/env" ]; then
  while IFS= read -r -d '' kv; do export "$kv"; done < "$d/env"
fi
set --
if [ -f "$d/args" ]; then
  n=0
  while IFS= read -r -d '' a; do
    if [ "$n" = "${SLURM_ARRAY_TASK_ID:-0}" ]; then export PCHPC_ARG="$a"; set -- "$a"; break; fi
    n=$((n + 1))
  done < "$d/args"
fi
if [ "$(head -c 2 "$d/script")" = '#!' ]; then
  chmod +x "$d/script"
  "$d/script" "$@" &
else
  bash "$d/script" "$@" &
fi
wait $!
rc=$?
sig=""
if [ "$rc" -gt 128 ] && [ "$rc" -lt 160 ]; then sig=$((rc - 128)); fi
finish "$rc" "$sig"
exit "$rc"

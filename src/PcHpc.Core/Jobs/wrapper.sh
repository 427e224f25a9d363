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
# The job's -Environment is applied only in the subshell that starts the job (below): this shell keeps its own
# PATH, so a job's PATH=/opt/tools/bin cannot break the wrapper's own commands.
wd=""
if [ -f "$d/env" ]; then
  while IFS= read -r -d '' kv; do
    case "$kv" in PCHPC_WORKDIR=*) wd=${kv#PCHPC_WORKDIR=} ;; esac
  done < "$d/env"
fi
if [ -n "$wd" ]; then
  # sbatch --chdir falls back to /tmp when the directory is missing: check it here and fail the job clearly.
  case "$wd" in /*) ;; *) wd="${SLURM_SUBMIT_DIR:-$HOME}/$wd" ;; esac
  if ! cd -- "$wd" 2>/dev/null; then
    printf 'PcHpc: the working directory %s does not exist or is not accessible on %s; the job did not run.\n' "$wd" "${SLURMD_NODENAME:-this node}" >&2
    finish 1 ""
    exit 1
  fi
fi
set --
if [ -f "$d/args" ]; then
  n=0
  while IFS= read -r -d '' a; do
    if [ "$n" = "${SLURM_ARRAY_TASK_ID:-0}" ]; then export PCHPC_ARG="$a"; set -- "$a"; break; fi
    n=$((n + 1))
  done < "$d/args"
fi
shebang=$(head -c 2 "$d/script")
[ "$shebang" = '#!' ] && chmod +x "$d/script"
(
  if [ -f "$d/env" ]; then
    while IFS= read -r -d '' kv; do export "$kv"; done < "$d/env"
  fi
  # Absolute paths only from here: the job's own PATH is in force.
  if [ "$shebang" = '#!' ]; then exec "$d/script" "$@"; else exec "$BASH" "$d/script" "$@"; fi
) &
wait $!
rc=$?
sig=""
if [ "$rc" -gt 128 ] && [ "$rc" -lt 160 ]; then sig=$((rc - 128)); fi
finish "$rc" "$sig"
exit "$rc"

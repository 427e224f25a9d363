# PcHpc remote driver (fixed text, sent as base64 by the engine; bash 4.2+ as on Amazon Linux 2).
# $1 = a private work dir holding 'req' (NUL-separated fields) and data files f1, f2, ... named by the request.
# Nothing from the request is ever evaluated: fields are only used as quoted words, array elements or file contents.
w=$1
F=()
while IFS= read -r -d '' x; do F+=("$x"); done < "$w/req"
op=${F[0]}; cap=${F[1]}; i=2
base="${PCHPC_JOBS_BASE:-$HOME/.pchpc}"   # -Local: PcHpc's state directory (PCHPC_HOME) is passed in
state="$base/jobs"
xfer="$base/xfer"
mkdir -p "$state/sub" "$xfer" 2>/dev/null
chmod 700 "$base" 2>/dev/null
out="$w/out"; : > "$out"
US=$'\x1f'

emit() { # section name, file
  local n; n=$(wc -c < "$2"); n=${n//[^0-9]/}
  printf '%s %s\n' "$1" "$n" >> "$out"
  cat "$2" >> "$out"
}
emit_text() { printf '%s' "$2" > "$w/t"; emit "$1" "$w/t"; }

if [ "$op" = FETCH ]; then
  name=${F[2]}; off=${F[3]}; cnt=${F[4]}
  case "$name" in pchpc.*) ;; *) echo "@@PCHPC-ERROR badname@@"; exit 0 ;; esac
  case "$name" in */*|*..*) echo "@@PCHPC-ERROR badname@@"; exit 0 ;; esac
  f="$xfer/$name"
  [ -f "$f" ] || { echo "@@PCHPC-ERROR gone@@"; exit 0; }
  printf '@@PCHPC-CHUNK@@\n'
  tail -c +"$((off + 1))" "$f" | head -c "$cnt"
  printf '\n@@PCHPC-END@@\n'
  if [ "${F[5]}" = last ]; then rm -f "$f"; fi
  exit 0
fi

if ! command -v squeue >/dev/null 2>&1 || ! command -v sbatch >/dev/null 2>&1; then
  echo "@@PCHPC-ERROR noslurm@@"; exit 0
fi


# Job states as squeue -O prints them; times as epoch seconds (SLURM_TIME_FORMAT) so rows can be delta-coded.
SQO="JobArrayID:$US,State:$US,exit_code:$US,Partition:$US,UserName:$US,SubmitTime:$US,StartTime:$US,EndTime:$US,NodeList:$US,Reason:$US,STDOUT:$US,STDERR:$US,Name:$US"
FINAL='^(COMPLETED|FAILED|CANCELLED|TIMEOUT|NODE_FAIL|OUT_OF_MEMORY|PREEMPTED|BOOT_FAIL|DEADLINE|SPECIAL_EXIT|REVOKED)$'

# Fills $w/rows (the compact rows: squeue's rows of the asked jobs, then the markers of their tasks squeue no
# longer shows), $w/miss (asked ids neither knows), $w/count ("live finished") and $rc (squeue's exit status).
collect() {
  local sel=()
  [ "$n" -gt 0 ] && sel=(-j "$(paste -sd, "$w/ids")")
  SLURM_TIME_FORMAT=%s squeue -h -a -r -t all "${sel[@]}" -O "$SQO" > "$w/sq" 2>"$w/sqe"
  rc=$?
  # squeue -j with one id SLURM no longer knows fails with this; several unknown ids just print nothing.
  if [ "$rc" != 0 ] && [ "$n" -gt 0 ] && grep -q 'Invalid job id specified' "$w/sqe"; then rc=0; : > "$w/sq"; : > "$w/sqe"; fi
  : > "$w/mk"; : > "$w/miss"
  if [ "$n" -gt 0 ]; then
    # An array id is covered by any of its tasks; markers are read only for asked jobs and tasks squeue lacks.
    find "$state" -maxdepth 1 -name '*.exit' -printf '%f\n' 2>/dev/null | awk -F "$US" -v mk="$w/mk" -v miss="$w/miss" '
      FILENAME == ARGV[1] { ask[$0] = 1; next }
      FILENAME == ARGV[2] { row[$1] = 1; cov[$1] = 1; p = $1; sub(/_.*/, "", p); cov[p] = 1; next }
      { id = substr($0, 1, length($0) - 5); if (id in row) next
        p = id; sub(/_.*/, "", p)
        if ((id in ask) || (p in ask)) { print $0 > mk; cov[id] = 1; cov[p] = 1 } }
      END { for (a in ask) if (!(a in cov)) print a > miss }' "$w/ids" "$w/sq" -
  fi
  {
    awk -v OFS="$US" '{ sub(/\037$/, ""); print "Q", $0 }' "$w/sq"
    if [ -s "$w/mk" ]; then
      (cd "$state" && xargs -d '\n' awk -v OFS="$US" 'FNR == 1 { f = FILENAME; sub(/\.exit$/, "", f); split($0, a, "\t")
        print "M", f, a[4], a[1], a[6], a[8], "", a[2], a[3], a[7], "", "", "", a[5] }' < "$w/mk")
    fi
  } > "$w/raw"
  # live = rows not final yet; finished = final rows, markers and unknown ids (as the caller counts them).
  awk -F "$US" -v fin="$FINAL" -v miss="$(wc -l < "$w/miss")" '$1 == "M" || $3 ~ fin { f++; next } { l++ } END { print l + 0, f + miss }' "$w/raw" > "$w/count"
  encode < "$w/raw" > "$w/rows"
}

# One row per line, each field empty when it equals the previous row's, times as +/- seconds from the previous
# row's, a task id as its step from the previous task of the same array: a sweep costs a few bytes per task.
encode() {
  awk -F "$US" -v OFS="$US" '
    { line = ""
      for (k = 1; k <= 14; k++) {
        v = $k; e = ""
        if (k == 2) {
          t = v; a = v; sub(/_.*/, "", a); sub(/^[^_]*_?/, "", t)
          if (v != a && t ~ /^[0-9]+$/ && (a "") == (pa "") && pt != "") { d = t - pt; e = (d == 1) ? "" : ((d > 0 ? "+" : "") d) }
          else e = "=" v
          pa = a; pt = (v != a && t ~ /^[0-9]+$/) ? t : ""
        } else if ((v "") != (prev[k] "")) {
          if (k >= 7 && k <= 9 && v ~ /^[0-9]+$/ && prev[k] ~ /^[0-9]+$/) { d = v - prev[k]; e = (d > 0 ? "+" : "") d }
          else e = "=" v
        }
        prev[k] = v
        line = (k == 1) ? e : line OFS e
      }
      sub(/\037+$/, "", line); print line }'
}

# Removes the files of jobs SLURM has forgotten once they are older than $1 days (0: never): output, markers and
# submit dirs. At most once a day, and never when squeue cannot say which of those jobs it still knows.
prune_files() {
  local days=$1 r d j
  case "$days" in ''|*[!0-9]*) return 0 ;; esac
  [ "$days" -gt 0 ] || return 0
  [ -n "$(find "$state/.pruned-files" -mmin -1440 2>/dev/null)" ] && return 0
  : > "$state/.pruned-files"
  find "$state" -maxdepth 1 -type f \( -name '*.out' -o -name '*.err' -o -name '*.exit' -o -name '*.cancelled' \) -mtime +"$((days - 1))" -printf '%f\n' > "$w/old"
  find "$state/sub" -mindepth 1 -maxdepth 1 -type d -mtime +"$((days - 1))" -printf '%f\n' > "$w/olds"
  { sed 's/\..*$//; s/_.*$//' "$w/old"; while IFS= read -r d; do cat "$state/sub/$d/jobid" 2>/dev/null; done < "$w/olds"; } | grep -E '^[0-9]+$' | sort -u > "$w/oldids"
  : > "$w/live"
  if [ -s "$w/oldids" ]; then
    squeue -h -t all -j "$(paste -sd, "$w/oldids")" -o %i > "$w/live" 2>"$w/livee"; r=$?
    if [ "$r" != 0 ]; then grep -q 'Invalid job id specified' "$w/livee" || return 0; : > "$w/live"; fi
  fi
  sed 's/_.*$//' "$w/live" | sort -u > "$w/keep"
  awk 'FILENAME == ARGV[1] { keep[$0] = 1; next } { id = $0; sub(/\..*$/, "", id); sub(/_.*$/, "", id); if (!(id in keep)) print }' "$w/keep" "$w/old" \
    | (cd "$state" && xargs -r -d '\n' rm -f --)
  while IFS= read -r d; do
    j=$(cat "$state/sub/$d/jobid" 2>/dev/null)
    if [ -z "$j" ] || ! grep -qx "$j" "$w/keep"; then rm -rf -- "${state:?}/sub/$d"; fi
  done < "$w/olds"
}

case "$op" in
SUBMIT)
  printf '%s' "${F[i]}" | base64 -d > "$state/wrapper.sh"; i=$((i+1))
  count=${F[i]}; i=$((i+1))
  : > "$w/sub"
  for ((k=0; k<count; k++)); do
    na=${F[i]}; i=$((i+1))
    A=("${F[@]:i:na}"); i=$((i+na))
    sref=${F[i]}; eref=${F[i+1]}; aref=${F[i+2]}; arr=${F[i+3]}; i=$((i+4))
    d=$(mktemp -d "$state/sub/XXXXXXXXXX")
    cp "$w/$sref" "$d/script"
    [ -n "$eref" ] && cp "$w/$eref" "$d/env"
    [ -n "$aref" ] && cp "$w/$aref" "$d/args"
    if [ "$arr" = 1 ]; then o="$state/%A_%a"; else o="$state/%j"; fi
    r=$(cd "$HOME" && sbatch --parsable "--output=$o.out" "--error=$o.err" "${A[@]}" "$state/wrapper.sh" "$d" "$state" 2>"$w/e" </dev/null)
    rc=$?
    [ "$rc" = 0 ] && printf '%s\n' "${r%%;*}" > "$d/jobid"
    printf '%s\t%s\t%s\t%s\n' "$k" "$rc" "$r" "$(base64 -w0 < "$w/e")" >> "$w/sub"
  done
  emit submit "$w/sub"
  sinfo -h -o '%R' > "$w/p" 2>/dev/null && emit partitions "$w/p"
  prune_files "${F[i]}"
  ;;
STATUS|WAIT)
  if [ "$op" = WAIT ]; then bound=${F[i]}; any=${F[i+1]}; i=$((i+2)); fi
  n=${F[i]}; i=$((i+1)); ids=("${F[@]:i:n}"); i=$((i+n))
  printf '%s\n' "${ids[@]}" > "$w/ids"
  if [ "$op" = WAIT ]; then
    # Wait here, not over SSM: one command polls SLURM until the jobs are final, the bound passes, or (after a
    # while) the number of finished jobs changed, so the caller can report progress.
    t0=$SECONDS; pause=1; done0=""
    while :; do
      collect
      [ "$rc" != 0 ] && break
      read -r live fin < "$w/count"
      if [ "$any" = 1 ]; then [ "$fin" -gt 0 ] && break; else [ "$live" = 0 ] && break; fi
      el=$((SECONDS - t0))
      [ -z "$done0" ] && done0=$fin
      [ "$fin" != "$done0" ] && [ "$el" -ge 30 ] && break
      [ $((el + pause)) -gt "$bound" ] && break
      sleep "$pause"
      [ "$pause" -lt 5 ] && pause=$((pause + 1))
    done
  else
    collect
  fi
  emit rows "$w/rows"; emit_text squeue.rc "$rc"; emit squeue.err "$w/sqe"
  # Ids neither squeue nor a marker knows: ask scontrol (one job each) and sacct about just those.
  mapfile -t missing < "$w/miss"
  if [ "${#missing[@]}" -gt 0 ]; then
    : > "$w/sc"
    for id in "${missing[@]:0:50}"; do scontrol show job -o "$id" >> "$w/sc" 2>/dev/null; done
    emit scontrol "$w/sc"
    if command -v sacct >/dev/null 2>&1; then
      j=$(IFS=,; echo "${missing[*]}")
      if sacct -n -P -X -j "$j" -o JobID,JobName,State,ExitCode,Partition,User,Submit,Start,End,NodeList > "$w/sa" 2>/dev/null; then
        emit sacct "$w/sa"
      fi
    fi
  fi
  : > "$w/cx"
  shopt -s nullglob
  for id in "${ids[@]}"; do
    for f in "$state/$id.cancelled" "$state/${id%%_*}.cancelled" "$state/${id}"_*.cancelled; do [ -f "$f" ] && printf '%s\n' "${f##*/}"; done
  done | sed 's/\.cancelled$//' | sort -u > "$w/cx"
  emit cancelled "$w/cx"
  ;;
CANCEL)
  n=${F[i]}; i=$((i+1)); ids=("${F[@]:i:n}"); i=$((i+n))
  # scancel is silent about ids it does not know: sort them out first (SLURM's memory, then PcHpc's markers).
  known=(); : > "$w/u"
  shopt -s nullglob
  for id in "${ids[@]}"; do
    mk=("$state/$id.exit" "$state/${id}"_*.exit)
    if scontrol show job "$id" >/dev/null 2>&1 || [ -f "${mk[0]}" ] || [ "${#mk[@]}" -gt 1 ]; then known+=("$id"); else printf '%s\n' "$id" >> "$w/u"; fi
  done
  emit unknown "$w/u"
  : > "$w/o"; rc=0
  if [ "${#known[@]}" -gt 0 ]; then
    for id in "${known[@]}"; do : > "$state/$id.cancelled"; done
    scancel "${known[@]}" > "$w/o" 2>&1; rc=$?
  fi
  emit_text rc "$rc"; emit scancel "$w/o"
  ;;
RECEIVE)
  tail=${F[i]}; n=${F[i+1]}; i=$((i+2)); ids=("${F[@]:i:n}"); i=$((i+n))
  shopt -s nullglob
  for id in "${ids[@]}"; do
    if [ -f "$state/$id.out" ] || [ -f "$state/$id.err" ] || [[ "$id" == *_* ]]; then files=("$state/$id.out"); else files=("$state/${id}"_*.out); fi
    [ "${#files[@]}" -eq 0 ] && { emit_text "missing:$id" ""; continue; }
    for f in "${files[@]}"; do
      t=${f##*/}; t=${t%.out}; e="$state/$t.err"
      for pair in "out:$f" "err:$e"; do
        kind=${pair%%:*}; file=${pair#*:}
        if [ -f "$file" ]; then
          if [ "$tail" -gt 0 ]; then tail -n "$tail" "$file" > "$w/r"; else cat "$file" > "$w/r"; fi
          emit "$kind:$t" "$w/r"
        fi
      done
    done
  done
  emit_text statedir "$state"
  ;;
NODES)
  scontrol show node -o > "$w/n" 2>"$w/ne"
  emit_text rc "$?"; emit scontrol "$w/n"; emit scontrol.err "$w/ne"
  sinfo -h -N -o "%N${US}%P${US}%t" > "$w/s" 2>/dev/null && emit sinfo "$w/s"
  ;;
QUEUE)
  sinfo -h -o "%P${US}%a${US}%D${US}%t${US}%l" > "$w/q" 2>"$w/qe"
  emit_text rc "$?"; emit sinfo "$w/q"; emit sinfo.err "$w/qe"
  ;;
*)
  echo "@@PCHPC-ERROR badop@@"; exit 0
  ;;
esac

find "$xfer" -type f -mmin +1440 -delete 2>/dev/null
gzip -c "$out" | base64 -w0 > "$w/out.b64"
n=$(wc -c < "$w/out.b64"); n=${n//[^0-9]/}
if [ "$cap" -gt 0 ] && [ "$n" -gt $((cap - 200)) ]; then
  name=${w##*/}
  mv "$w/out.b64" "$xfer/$name"
  printf '@@PCHPC-FILE %s %s@@\n' "$name" "$n"
else
  printf '@@PCHPC-BEGIN %s@@\n' "$n"
  cat "$w/out.b64"
  printf '\n@@PCHPC-END@@\n'
fi

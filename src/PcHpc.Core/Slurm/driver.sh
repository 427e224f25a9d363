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

SQF="%i${US}%F${US}%K${US}%T${US}%P${US}%u${US}%V${US}%S${US}%e${US}%N${US}%r${US}%j"

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
    printf '%s\t%s\t%s\t%s\n' "$k" "$rc" "$r" "$(base64 -w0 < "$w/e")" >> "$w/sub"
  done
  emit submit "$w/sub"
  sinfo -h -o '%R' > "$w/p" 2>/dev/null && emit partitions "$w/p"
  ;;
STATUS)
  n=${F[i]}; i=$((i+1)); ids=("${F[@]:i:n}"); i=$((i+n))
  squeue -h -a -r -t all -o "$SQF" > "$w/sq" 2>"$w/sqe"
  rc=$?
  emit squeue "$w/sq"; emit_text squeue.rc "$rc"; emit squeue.err "$w/sqe"
  declare -A seen
  while IFS="$US" read -r a b c st _; do
    case "$st" in
      COMPLETED|FAILED|CANCELLED|TIMEOUT|NODE_FAIL|OUT_OF_MEMORY|PREEMPTED|BOOT_FAIL|DEADLINE|SPECIAL_EXIT|REVOKED) ;;
      *) seen[$a]=1 ;;
    esac
  done < "$w/sq"
  missing=()
  for id in "${ids[@]}"; do
    [ -z "${seen[$id]}" ] && missing+=("$id")
  done
  if [ "$n" = 0 ] || [ "${#missing[@]}" -gt 0 ]; then
    scontrol show job -o > "$w/sc" 2>/dev/null
    emit scontrol "$w/sc"
  fi
  if [ "${#missing[@]}" -gt 0 ]; then
    if command -v sacct >/dev/null 2>&1; then
      j=$(IFS=,; echo "${missing[*]}")
      if sacct -n -P -X -j "$j" -o JobID,JobName,State,ExitCode,Partition,User,Submit,Start,End,NodeList > "$w/sa" 2>/dev/null; then
        emit sacct "$w/sa"
      fi
    fi
    : > "$w/mk"; : > "$w/cx"
    shopt -s nullglob
    for id in "${missing[@]}"; do
      for f in "$state/$id.exit" "$state/${id}"_*.exit; do
        b=${f##*/}; line=""
        IFS= read -r line < "$f"
        printf '%s\t%s\n' "${b%.exit}" "$line" >> "$w/mk"
      done
      p=${id%%_*}
      [ -f "$state/$id.cancelled" ] && printf '%s\n' "$id" >> "$w/cx"
      [ "$p" != "$id" ] && [ -f "$state/$p.cancelled" ] && printf '%s\n' "$p" >> "$w/cx"
    done
    emit markers "$w/mk"; emit cancelled "$w/cx"
  fi
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

# --- fixed part (src/PcHpc.Core/Bootstrap/software-stack.sh); the settings above come from New-HpcSoftwareStack ---
# Every path is taken under PCHPC_ROOT_PREFIX when it is set (a throwaway root for tests); on a node it is empty.
ROOT="${PCHPC_ROOT_PREFIX:-}"
LOG_DIR="$ROOT/var/log/pchpc"
STATE_DIR="$ROOT/var/lib/pchpc/software"
LOG_FILE="$LOG_DIR/software-$STACK_NAME.log"
STATUS_FILE="$STATE_DIR/$STACK_NAME.status"
SPACK_ROOT="$ROOT$INSTALL_ROOT"
SPACK="$SPACK_ROOT/bin/spack"
MODULE_ROOT="$SPACK_ROOT/modules"
PROFILE_FILE="$ROOT/etc/profile.d/z01-pchpc-$STACK_NAME.sh"
LMOD_INIT=/usr/share/lmod/lmod/init/bash

mkdir -p "$LOG_DIR" "$STATE_DIR"
exec > >(tee -a "$LOG_FILE") 2>&1

now() { date -u +%Y-%m-%dT%H:%M:%SZ; }
log() { printf '%s [%s] %s\n' "$(now)" "$STACK_NAME" "$*"; }

# ParallelCluster writes the node type (HeadNode, ComputeFleet, LoginNode) to cfnconfig.
node_type() {
  local type=""
  if [ -f "$ROOT/etc/parallelcluster/cfnconfig" ]; then
    type=$(sed -n 's/^cfn_node_type=//p' "$ROOT/etc/parallelcluster/cfnconfig" | head -n 1)
  fi
  printf '%s\n' "${PCHPC_NODE_TYPE:-${type:-HeadNode}}"
}

# Replaces a file only when its new text differs, so that a re-run changes nothing.
write_if_changed() {
  local target=$1 mode=${2:-0644} tmp
  mkdir -p "$(dirname "$target")"
  tmp=$(mktemp "$target.XXXXXX")
  cat >"$tmp"
  if [ -f "$target" ] && cmp -s "$tmp" "$target"; then
    rm -f "$tmp"
  else
    chmod "$mode" "$tmp"
    mv -f "$tmp" "$target"
    log "wrote $target"
  fi
}

pkg_install() {
  local rpm_name=$1 deb_name=$2
  if command -v dnf >/dev/null 2>&1; then dnf -y -q install "$rpm_name"
  elif command -v yum >/dev/null 2>&1; then yum -y -q install "$rpm_name"
  elif command -v apt-get >/dev/null 2>&1; then DEBIAN_FRONTEND=noninteractive apt-get -y -q install "$deb_name"
  else log "no package manager found to install $rpm_name"; return 1
  fi
}

field_of() { awk -F: -v n="$2" -v f="$3" '$1 == n { print $f; exit }' "$ROOT/etc/$1"; }

# The same name, uid and gid on every node: jobs write shared files as the same owner everywhere.
ensure_users() {
  local entry name uid gid have home_flag
  local prefix=()
  if [ -n "$ROOT" ]; then prefix=(--prefix "$ROOT"); fi
  home_flag=-M
  if [ "$(node_type)" = HeadNode ]; then home_flag=-m; fi
  for entry in "${USERS[@]}"; do
    IFS=: read -r name uid gid <<<"$entry"
    have=$(field_of group "$name" 3)
    if [ -z "$have" ]; then
      groupadd "${prefix[@]}" -g "$gid" "$name"
      log "created group $name ($gid)"
    elif [ "$have" != "$gid" ]; then
      log "group $name has gid $have, not $gid"; return 1
    fi
    have=$(field_of passwd "$name" 3)
    if [ -z "$have" ]; then
      useradd "${prefix[@]}" "$home_flag" -u "$uid" -g "$gid" -s /bin/bash "$name"
      log "created user $name ($uid:$gid)"
    elif [ "$have" != "$uid" ]; then
      log "user $name has uid $have, not $uid"; return 1
    fi
  done
}

# Lmod system-wide: the package when missing, and a profile script that puts the stack's modules on MODULEPATH.
ensure_lmod() {
  if [ "$LMOD_SETUP" != yes ]; then return 0; fi
  if [ ! -f "$LMOD_INIT" ]; then
    log "installing Lmod"
    pkg_install Lmod lmod
  fi
  write_if_changed "$PROFILE_FILE" <<EOF
# PcHpc software stack '$STACK_NAME': Spack's module files through Lmod (written by the stack's bootstrap script).
case ":\${MODULEPATH:-}:" in
  *":$MODULE_ROOT:"*) ;;
  *) export MODULEPATH="\${MODULEPATH:+\$MODULEPATH:}$MODULE_ROOT" ;;
esac
EOF
}

mount_bucket() {
  if [ -z "$S3_MOUNT_BUCKET" ]; then return 0; fi
  if mountpoint -q "$ROOT$S3_MOUNT_DIR" 2>/dev/null; then return 0; fi
  if ! command -v s3fs >/dev/null 2>&1; then
    log "installing s3fs"
    pkg_install s3fs-fuse s3fs
  fi
  mkdir -p "$ROOT$S3_MOUNT_DIR"
  s3fs "$S3_MOUNT_BUCKET" "$ROOT$S3_MOUNT_DIR" -o ro,allow_other,iam_role=auto,umask=0022
  log "mounted s3://$S3_MOUNT_BUCKET read-only at $S3_MOUNT_DIR"
}

ensure_spack() {
  if [ ! -x "$SPACK" ]; then
    if ! command -v git >/dev/null 2>&1; then pkg_install git git; fi
    log "cloning Spack $SPACK_VERSION into $SPACK_ROOT"
    git clone --quiet --depth 1 --branch "$SPACK_VERSION" https://github.com/spack/spack.git "$SPACK_ROOT"
  fi
  # Tcl module files (read by Lmod) named name/version, one flat directory, loading their dependencies.
  write_if_changed "$SPACK_ROOT/etc/spack/modules.yaml" <<EOF
modules:
  default:
    arch_folder: false
    roots:
      tcl: $MODULE_ROOT
    enable:
    - tcl
    tcl:
      hash_length: 0
      all:
        autoload: direct
      projections:
        all: '{name}/{version}'
EOF
}

# When a package was already recorded installed, its time is kept (a re-run must not rewrite the status file).
recorded_time() {
  if [ -f "$STATUS_FILE" ]; then
    awk -F'\t' -v s="$1" '$1 == "package" && $2 == s && $3 == "installed" { print $4; exit }' "$STATUS_FILE"
  fi
}

write_status() {
  local started=$1 finished=$2 result=$3 i
  {
    printf 'stack\t%s\t%s\t%s\t%s\n' "$STACK_NAME" "$INSTALL_ROOT" "$INSTALL_ROOT/modules" "$SPACK_VERSION"
    printf 'started\t%s\n' "$started"
    for i in "${!SPECS[@]}"; do
      printf 'package\t%s\t%s\t%s\n' "${SPECS[$i]}" "${STATES[$i]}" "${TIMES[$i]}"
    done
    if [ -n "$finished" ]; then printf 'finished\t%s\t%s\n' "$finished" "$result"; fi
  } | write_if_changed "$STATUS_FILE"
}

build_stack() {
  local spec out reason result="installed" started i changed=no
  SPECS=("${COMPILERS[@]}" "${PACKAGES[@]}")
  STATES=(); TIMES=()
  for i in "${!SPECS[@]}"; do
    if "$SPACK" find "${SPECS[$i]}" >/dev/null 2>&1; then
      STATES[i]=installed; TIMES[i]=$(recorded_time "${SPECS[$i]}"); TIMES[i]=${TIMES[i]:-$(now)}
    else
      STATES[i]=pending; TIMES[i]=""; changed=yes
    fi
  done
  if [ "$changed" = no ] && [ -f "$STATUS_FILE" ] && grep -q $'^finished\t.*\tinstalled$' "$STATUS_FILE"; then
    log "every package is installed already; nothing to do"
    return 0
  fi
  started=$(now)
  write_status "$started" "" ""
  for i in "${!SPECS[@]}"; do
    spec=${SPECS[$i]}
    if [ "${STATES[$i]}" = installed ]; then continue; fi
    log "spack install $spec"
    if out=$("$SPACK" install --fail-fast "$spec" 2>&1); then
      printf '%s\n' "$out"
      STATES[i]=installed
      if [ "$i" -lt "${#COMPILERS[@]}" ]; then "$SPACK" compiler find --scope site "$("$SPACK" location -i "$spec")"; fi
    else
      printf '%s\n' "$out"
      reason=$(printf '%s\n' "$out" | grep -v '^[[:space:]]*$' | tail -n 1 | tr '\t' ' ' | cut -c1-300)
      STATES[i]="failed: ${reason:-spack install failed}"
      if [ "$result" = installed ]; then result="failed: $spec ${reason:-spack install failed}"; fi
      log "$spec failed: $reason"
    fi
    TIMES[i]=$(now)
    write_status "$started" "" ""
  done
  log "generating module files"
  "$SPACK" module tcl refresh --delete-tree -y
  chmod -R a+rX "$SPACK_ROOT"
  write_status "$started" "$(now)" "$result"
}

on_error() {
  log "failed at line $1 (exit code $2); see $LOG_FILE"
  if [ "$(node_type)" = HeadNode ]; then
    printf 'stack\t%s\t%s\t%s\t%s\nfinished\t%s\tfailed: setup line %s exit %s\n' "$STACK_NAME" "$INSTALL_ROOT" "$INSTALL_ROOT/modules" "$SPACK_VERSION" "$(now)" "$1" "$2" >"$STATUS_FILE"
  fi
}
trap 'on_error "$LINENO" "$?"' ERR

main() {
  exec 9>>"$STATE_DIR/$STACK_NAME.lock"
  flock 9
  log "start on $(node_type) (log $LOG_FILE)"
  ensure_users
  ensure_lmod
  mount_bucket
  if [ "$(node_type)" = HeadNode ]; then
    ensure_spack
    build_stack
  else
    log "compute node: using the stack the head node built in $INSTALL_ROOT"
  fi
  log "done"
}

main "$@"

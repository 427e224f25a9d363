#!/usr/bin/env bash
# Starts a one-node SLURM (slurmctld + slurmd + munged) on this machine for the PcHpc integration tests.
# Idempotent: if the cluster already answers and its node is usable, it returns at once.
# Needs root. Installs the Debian packages when missing. Accounting is off (as on a default ParallelCluster head
# node), so job states of finished jobs must come from the PcHpc completion markers.
set -euo pipefail

CONF_DIR=/etc/slurm
CONF="$CONF_DIR/slurm.conf"
LOG_DIR=/var/log/slurm
NODE="$(hostname -s)"

if ! command -v slurmctld >/dev/null 2>&1 || ! command -v sbatch >/dev/null 2>&1 || ! command -v munged >/dev/null 2>&1; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get install -y slurmctld slurmd slurm-client munge
fi

node_ready() {
  local s
  s="$(sinfo -h -N -n "$NODE" -o '%t' 2>/dev/null | head -n1 || true)"
  case "$s" in idle|mix|alloc|comp|idle~) return 0 ;; *) return 1 ;; esac
}

if [ -f "$CONF" ] && pgrep -x slurmctld >/dev/null && pgrep -x slurmd >/dev/null && node_ready; then
  echo "slurm already running on $NODE"
  exit 0
fi

CPUS="$(nproc)"
MEM_KB="$(awk '/^MemTotal:/ {print $2}' /proc/meminfo)"
MEM_MB=$(( MEM_KB / 1024 ))
# Leave a margin for the OS (10% or 512 MB, whichever is larger).
MARGIN=$(( MEM_MB / 10 )); [ "$MARGIN" -lt 512 ] && MARGIN=512
REAL_MB=$(( MEM_MB - MARGIN )); [ "$REAL_MB" -lt 256 ] && REAL_MB=256

# --- munge: a fresh key every (re)start -------------------------------------------------------------------
mkdir -p /etc/munge /var/log/munge /var/lib/munge /run/munge
if ! pgrep -x munged >/dev/null; then
  dd if=/dev/urandom of=/etc/munge/munge.key bs=1 count=1024 status=none
  chown -R munge:munge /etc/munge /var/log/munge /var/lib/munge /run/munge
  chmod 0700 /etc/munge /var/log/munge /var/lib/munge
  chmod 0755 /run/munge
  chmod 0400 /etc/munge/munge.key
  runuser -u munge -- /usr/sbin/munged
fi
for _ in $(seq 1 50); do munge -n </dev/null >/dev/null 2>&1 && break; sleep 0.1; done

# --- slurm.conf --------------------------------------------------------------------------------------------
mkdir -p "$CONF_DIR" "$LOG_DIR" /var/spool/slurmctld /var/spool/slurmd
cat > "$CONF" <<CONF
# Written by PcHpc tests/slurm/start-slurm.sh
ClusterName=pchpc-test
SlurmctldHost=$NODE(127.0.0.1)
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
StateSaveLocation=/var/spool/slurmctld
SlurmdSpoolDir=/var/spool/slurmd
SlurmctldPidFile=/run/slurmctld.pid
SlurmdPidFile=/run/slurmd.pid
SlurmctldLogFile=$LOG_DIR/slurmctld.log
SlurmdLogFile=$LOG_DIR/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
SchedulerType=sched/backfill
SchedulerParameters=sched_min_interval=100000
AccountingStorageType=accounting_storage/none
JobAcctGatherType=jobacct_gather/none
JobCompType=jobcomp/none
ReturnToService=2
MinJobAge=2
KillWait=2
InactiveLimit=0
MaxArraySize=10001
MaxJobCount=50000
MpiDefault=none
NodeName=$NODE NodeAddr=127.0.0.1 CPUs=$CPUS RealMemory=$REAL_MB State=UNKNOWN
PartitionName=compute Nodes=$NODE Default=YES MaxTime=INFINITE State=UP
PartitionName=debug Nodes=$NODE MaxTime=60 State=UP
CONF
# Debian's plugstack.conf includes a directory; make sure it exists.
mkdir -p "$CONF_DIR/plugstack.conf.d"

# --- daemons -----------------------------------------------------------------------------------------------
if ! pgrep -x slurmctld >/dev/null; then
  /usr/sbin/slurmctld -c   # -c: clear previous state (fresh queue)
fi
for _ in $(seq 1 100); do scontrol ping >/dev/null 2>&1 && break; sleep 0.1; done
if ! pgrep -x slurmd >/dev/null; then
  /usr/sbin/slurmd
fi

for _ in $(seq 1 300); do
  if node_ready; then
    echo "slurm ready on $NODE (CPUs=$CPUS RealMemory=$REAL_MB)"
    exit 0
  fi
  st="$(sinfo -h -N -n "$NODE" -o '%t' 2>/dev/null | head -n1 || true)"
  case "$st" in down*|drain*|fail*) scontrol update NodeName="$NODE" State=RESUME >/dev/null 2>&1 || true ;; esac
  sleep 0.2
done
echo "slurm did not become ready; see $LOG_DIR/slurmctld.log and $LOG_DIR/slurmd.log" >&2
sinfo >&2 || true
exit 1

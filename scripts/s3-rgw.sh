#!/usr/bin/env bash
# A throwaway single-node Ceph RADOS Gateway: a real S3 server on 127.0.0.1 for the tests.
# Adapted from shared/recipes/s3-rgw.sh: every port is an argument (two developers' test runs can
# share a machine), data lives in memory (memstore OSD) under DIR, and `stop` waits for every daemon.
#
#   s3-rgw.sh start DIR [S3_PORT] [MON_PORT] [OWNER_PID]   prints one line: the endpoint
#   s3-rgw.sh stop DIR                                     stops the daemons, removes DIR
#
# S3 user: access key `test`, secret `testtest`, region us-east-1, path-style addressing.
# With OWNER_PID, a watchdog stops the daemons when that process dies (a killed test run leaks none).
# Ceph quirks: CompleteMultipartUpload may answer with an empty ETag (listings and HeadObject give
# the right "<md5>-<parts>" one); listings carry LastModified in milliseconds, HeadObject in seconds.
set -euo pipefail

stop() {
  local d=$1 pids=() f p
  [ -d "$d" ] || return 0
  for f in "$d"/run/*.pid; do [ -f "$f" ] && pids+=("$(cat "$f")"); done
  # Daemons whose pid file is not written yet (a start cut short) are found by their config path.
  for p in $(pgrep -f -- "-c $d/ceph.conf" || true); do pids+=("$p"); done
  # The watchdog itself ends up here (exec), so it must not kill its own pid.
  if [ -f "$d/watchdog.pid" ] && [ "$(cat "$d/watchdog.pid")" != $$ ]; then kill "$(cat "$d/watchdog.pid")" 2>/dev/null || true; fi
  [ ${#pids[@]} -gt 0 ] && kill "${pids[@]}" 2>/dev/null || true
  # The OSD takes 3-5 s to exit; its data is throwaway, so after 2 s it is killed.
  for _ in $(seq 1 20); do
    local alive=0
    for p in "${pids[@]}"; do [ -n "$(ps -o stat= -p "$p" 2>/dev/null | grep -v Z)" ] && alive=1; done
    [ $alive = 0 ] && break
    sleep 0.1
  done
  for p in "${pids[@]}"; do kill -9 "$p" 2>/dev/null || true; done
  # Removed only now: a monitor whose folder disappears dies and leaves its OSD and gateway behind.
  rm -rf "$d"
}

start() {
  local D=$1 PORT=${2:-7480} MON_PORT=${3:-3300} OWNER=${4:-}
  for cmd in radosgw ceph-osd ceph-mon; do
    command -v "$cmd" >/dev/null || { echo "s3-rgw: $cmd is not installed; run: bash scripts/setup.sh" >&2; exit 1; }
  done
  stop "$D"
  mkdir -p "$D"/{mon,osd0,run,log,rgw}
  local FSID C OSD_UUID ID
  FSID=$(cat /proc/sys/kernel/random/uuid)
  C="$D/ceph.conf"
  cat > "$C" <<CONF
[global]
fsid = $FSID
mon host = v2:127.0.0.1:$MON_PORT
public addr = 127.0.0.1
ms bind ipv6 = false
ms bind msgr1 = false
# Without this radosgw hangs on start.
ms mon client mode = crc secure
auth cluster required = none
auth service required = none
auth client required = none
auth allow insecure global id reclaim = true
keyring = $D/keyring
run dir = $D/run
log file = $D/log/\$name.log
admin socket = $D/run/\$name.asok
pid file = $D/run/\$name.pid
osd pool default size = 1
osd pool default min size = 1
osd pool default pg num = 8
osd pool default pgp num = 8
osd pool default pg autoscale mode = off
mon max pg per osd = 1000
mon allow pool size one = true
mon allow pool delete = true
osd crush chooseleaf type = 0
mon warn on pool no redundancy = false
mon data avail warn = 1
[mon]
mon data = $D/mon
mon cluster log file = $D/log/cluster.log
# Short paxos intervals: start-up in ~1 s instead of ~11 s.
paxos propose interval = 0.05
paxos min wait = 0.01
[osd]
osd data = $D/osd0
osd objectstore = memstore
memstore device bytes = 4294967296
[client.rgw.a]
rgw data = $D/rgw
rgw frontends = beast endpoint=127.0.0.1:$PORT tcp_nodelay=1
CONF
  ceph-authtool --create-keyring "$D/keyring" --gen-key -n mon. --cap mon 'allow *' >/dev/null
  monmaptool --create --addv a "[v2:127.0.0.1:$MON_PORT]" --fsid "$FSID" "$D/monmap" >/dev/null
  ceph-mon -c "$C" --mkfs -i a --monmap "$D/monmap" --keyring "$D/keyring"
  ceph-mon -c "$C" -i a                                   # daemonizes; pid in run/mon.a.pid
  OSD_UUID=$(cat /proc/sys/kernel/random/uuid)
  ID=$(ceph -c "$C" --connect-timeout 20 osd new "$OSD_UUID")
  ceph-osd -c "$C" -i "$ID" --mkfs --osd-uuid "$OSD_UUID" 2>>"$D/log/osd-mkfs.log"
  ceph-osd -c "$C" -i "$ID" 2>>"$D/log/osd-start.log"     # daemonizes
  radosgw -c "$C" -n client.rgw.a                         # daemonizes
  if [ -n "$OWNER" ]; then
    setsid nohup bash -c "while kill -0 $OWNER 2>/dev/null; do sleep 1; done; exec bash '$0' stop '$D'" \
      >/dev/null 2>&1 </dev/null &
    echo $! > "$D/watchdog.pid"
  fi
  for i in $(seq 1 600); do
    curl -fsS -o /dev/null "http://127.0.0.1:$PORT/" 2>/dev/null && break
    [ "$i" = 600 ] && { echo "s3-rgw: radosgw did not answer on port $PORT within 60 s; logs in $D/log" >&2; exit 1; }
    sleep 0.1
  done
  radosgw-admin -c "$C" user create --uid=test --display-name=test --access-key=test --secret=testtest >/dev/null
  echo "http://127.0.0.1:$PORT"
}

case "${1:-}" in
  start) shift; start "$@" ;;
  stop) stop "${2:?usage: s3-rgw.sh stop DIR}" ;;
  *) echo "usage: s3-rgw.sh start DIR [S3_PORT] [MON_PORT] [OWNER_PID] | stop DIR" >&2; exit 2 ;;
esac

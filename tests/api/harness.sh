# Sourced by the API test scripts that run the server with calls (they set $hotline and
# $source_dir): a temporary directory $tmp (kept with KEEP_TMP=1), background processes in
# $pids stopped at the end with the server, and the check/expect helpers.
here=$source_dir/tests/sip
tmp=$(mktemp -d)
server_pid=""
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null; done
  [[ -n $server_pid ]] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null
  [[ -n ${KEEP_TMP:-} ]] && echo "kept $tmp" || rm -rf "$tmp"
}
trap cleanup EXIT
source "$here/lib.sh"
source "$source_dir/tests/api/lib.sh"
passed=0 failed=0

# sipp_background NAME IP SCENARIO [sipp args]: one SIPp call in the background (pid in
# $pids); sipp_result NAME waits up to 15 s for its exit code and prints it.
sipp_background() {
  local name=$1 ip=$2 scenario=$3
  shift 3
  (cd "$tmp" && timeout 60 sipp -sf "$here/$scenario" -i "$ip" -m 1 -nostdin -timeout 40s \
    -timeout_error -trace_err "$@" >"$tmp/$name.txt" 2>&1
  echo $? >"$tmp/$name.rc") &
  pids+=($!)
}
sipp_result() {
  for _ in $(seq 150); do [[ -s $tmp/$1.rc ]] && break; sleep 0.1; done
  cat "$tmp/$1.rc" 2>/dev/null
}

# stop_and_report: stops the server (it must exit cleanly), prints the counts, and
# returns the test's status.
stop_and_report() {
  kill -TERM "$server_pid"
  wait "$server_pid"
  check "server stopped cleanly" test $? -eq 0
  server_pid=""
  echo "$passed passed, $failed failed"
  [[ $failed -eq 0 ]]
}

# The end of a test center's YAML, after its `sip:` settings: the phones of agents a1
# (user 10001) and a2 (10002), password "pw"; an IVR that greets and queues to `general`;
# the API on a free port.
center_yaml_tail() {
  cat <<YAML
  accounts:
    - {user: "10001", agent: a1, ha1: $("$hotline" hash-password 10001 hotline pw)}
    - {user: "10002", agent: a2, ha1: $("$hotline" hash-password 10002 hotline pw)}
ivr:
  - {id: welcome, title: Welcome, type: play, prompt: Welcome., next: queue}
  - {id: queue, title: Agent, type: queue, queue: general}
api:
  listen: 127.0.0.1:0
YAML
}

# events FILE JQ_FILTER: the events received in FILE (tests/api/ws_listen.py), as one
# array, satisfy the filter within 10 s.
events() {
  for _ in $(seq 100); do
    [[ -s $1 ]] && jq -e -s "$2" "$1" >/dev/null 2>&1 && return 0
    sleep 0.1
  done
  echo "events in $1:"
  head -30 "$1" 2>/dev/null
  return 1
}

# state AGENT JQ: the agent (read with the $admin token) satisfies the filter within 15 s.
state() {
  for _ in $(seq 150); do
    [[ $(api GET "/api/v1/agents/$1" "" "$admin") == 200 ]] && jq -e "$2" "$tmp/body" >/dev/null &&
      return 0
    sleep 0.1
  done
  echo "agent $1: $(cat "$tmp/body")"
  return 1
}

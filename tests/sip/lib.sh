# Sourced by the SIP test scripts (they set $hotline and $tmp).
#
# check NAME COMMAND...: runs the command, counts a pass (passed) or a failure (failed,
# with the command's output and SIPp's error log shown).
check() {
  local name=$1
  shift
  if "$@" >"$tmp/out.txt" 2>&1; then
    passed=$((passed + 1))
  else
    echo "FAIL: $name"
    tail -20 "$tmp/out.txt"
    ls "$tmp"/*errors* 2>/dev/null && cat "$tmp"/*errors* | tail -20
    failed=$((failed + 1))
  fi
}

#
# start_server CONFIG [URL parameters, e.g. ";transport=udp"] [LOWEST_PORT=20000] [WAIT_TENTHS=50]
# Starts `hotline serve CONFIG` on a random free port from LOWEST_PORT (tries a few),
# with its data in $tmp/data and its log in $tmp/server.log. Sets port and server_pid;
# returns 1 (server_pid empty) when it would not start.
start_server() {
  local config=$1 params=${2:-} lowest=${3:-20000} wait_tenths=${4:-50}
  server_pid=""
  for attempt in 1 2 3 4 5; do
    port=$((lowest + RANDOM % 9000))
    "$hotline" serve "$config" --sip-listen "sip:127.0.0.1:$port$params" --data "$tmp/data" \
      >"$tmp/server.log" 2>&1 &
    server_pid=$!
    for _ in $(seq "$wait_tenths"); do
      grep -q "serving" "$tmp/server.log" 2>/dev/null && break
      kill -0 "$server_pid" 2>/dev/null || break
      sleep 0.1
    done
    grep -q "serving" "$tmp/server.log" && return 0
    wait "$server_pid" 2>/dev/null
    server_pid=""
  done
  return 1
}

# start_or_fail CONFIG [URL parameters]: start_server below the RTP ports (30000+), or
# fail the whole test.
start_or_fail() {
  start_server "$@" && return 0
  echo "FAIL: the server did not start"
  cat "$tmp/server.log"
  echo "0 passed, 1 failed"
  exit 1
}

# sipp_run SCENARIO LOCAL_IP [-p PORT] [extra sipp args]: one call from SIPp at LOCAL_IP
# (a random port unless -p) to the server, in $tmp; it must end within $sipp_timeout (20s).
sipp_run() {
  local scenario=$1 ip=$2
  shift 2
  local local_port=0
  if [[ ${1:-} == -p ]]; then
    local_port=$2
    shift 2
  fi
  (cd "$tmp" && timeout 60 sipp -sf "$here/$scenario" "127.0.0.1:$port" -i "$ip" -p "$local_port" \
    -m 1 -l 1 -timeout "${sipp_timeout:-20s}" -timeout_error -max_recv_loops 100 -nostdin \
    -trace_err "$@")
}

# Stops the server with SIGTERM; leaves its exit code in server_code.
stop_server() {
  kill -TERM "$server_pid"
  wait "$server_pid"
  server_code=$?
  server_pid=""
}

# stopped_cleanly [LABEL]: stops the server; it must exit 0 with no sofia handle and no
# RTP port left open.
stopped_cleanly() {
  stop_server
  check "${1:+$1: }clean shutdown (exit $server_code)" test "$server_code" -eq 0
  check "${1:+$1: }no live handles, no RTP ports left" \
    grep -q " 0 RTP ports open, 0 live handles" "$tmp/server.log"
}

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

#!/usr/bin/env bash
# A call in progress when the server is told to stop: both sides get a BYE, and the record
# says the center ended the call (not the agent, not the caller). Then a restart: the
# phone's registration was kept.
#
#   tests/sip/shutdown_test.sh HOTLINE
set -uo pipefail
hotline=$1
source_dir=$(cd "$(dirname "$0")/../.." && pwd)
source "$source_dir/tests/api/harness.sh"

sed "s/^  realm: hotline\$/  realm: hotline\n  rtp_timeout_s: 0\n  phone_check_s: 0\n  rtp_ports: 45000-45999/" \
  "$here/center.yaml" >"$tmp/center.yaml"
start_or_fail "$tmp/center.yaml" ";transport=udp"
agent_port=$((port + 1))
check "agent phone registers" sipp_run register_stay.xml 127.0.0.3 -p "$agent_port" -au 1001 -ap secret
sipp_background phone 127.0.0.3 load/agents_answer.xml -p "$agent_port"
sleep 0.5
sipp_background caller 127.0.0.2 caller_until_bye.xml "127.0.0.1:$port"
for _ in $(seq 100); do grep -q "calls answered" "$tmp/server.log" && break; sleep 0.1; done
sleep 3  # talking
stop_server
check "the server stopped cleanly" test "$server_code" -eq 0
for name in phone caller; do
  check "the $name got the center's BYE" test "$(sipp_result "$name")" = 0
done
check "the call's record: answered, ended by the center" \
  test "$(sqlite3 "$tmp/data/hotline.db" "select disposition || ' ' || hangup_side from calls")" = "answered center"

# A restart keeps the phones' registrations: the phone is asked whether it is still there
# and rung without registering again (its agent was not logged out by the restart).
phone_port=$agent_port
sipp_background phone2 127.0.0.3 load/agents_answer.xml -p "$phone_port"
sleep 0.5
start_or_fail "$tmp/center.yaml" ";transport=udp"
check "after the restart: a call reaches the phone registered before it" \
  sipp_run caller_to_agent.xml 127.0.0.2
check "the phone was rung, answered and got the BYE" test "$(sipp_result phone2)" = 0
stop_server
echo "$passed passed, $failed failed"
[[ $failed -eq 0 ]]

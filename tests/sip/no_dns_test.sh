#!/usr/bin/env bash
# SIP without DNS: in a network namespace of its own (loopback only, the resolver
# unreachable), peers that name hosts in their From and Contact — a caller (RFC 4475's
# inv2543 in spirit) and an agent's phone — are still reached where their messages came
# from. Nothing waits for a name to resolve: the calls go on, the center answers, and it
# stops at once.
#
#   tests/sip/no_dns_test.sh HOTLINE
set -uo pipefail
if [[ -z ${HOTLINE_NO_DNS:-} ]]; then
  exec unshare --net env HOTLINE_NO_DNS=1 bash -c 'ip link set lo up && exec bash "$0" "$@"' \
    "$0" "$@"
fi
hotline=$1
source_dir=$(cd "$(dirname "$0")/../.." && pwd)
source "$source_dir/tests/api/harness.sh"

check "no DNS here: a name does not resolve" bash -c '! getent hosts ift.client.example.net'
sed "s/^  realm: hotline\$/  realm: hotline\n  rtp_timeout_s: 0\n  phone_check_s: 0/" \
  "$here/center.yaml" >"$tmp/center.yaml"
start_or_fail "$tmp/center.yaml" ";transport=udp"
agent_port=$((port + 1))

# An agent's phone whose contact names a host: its calls go to where it registered from.
check "the phone registers with a named contact" \
  sipp_run register_named_contact.xml 127.0.0.3 -p "$agent_port" -au 1001 -ap secret
sipp_background phone 127.0.0.3 load/agents_answer.xml -p "$agent_port"
sleep 0.5
check "a call reaches the phone at its source address" sipp_run caller_to_agent.xml 127.0.0.2
check "the phone answered and got the BYE" test "$(sipp_result phone)" = 0

# A caller naming hosts waits in the queue (the agent is in wrap-up or logged out no
# matter: nobody takes it); meanwhile the center keeps answering, and at the stop the
# caller gets its BYE at once.
check "agent phone logs out" sipp_run register.xml 127.0.0.3 -au 1001 -ap secret
sipp_background caller 127.0.0.2 caller_naming_hosts.xml "127.0.0.1:$port"
sleep 2  # answered, waiting in the queue
check "OPTIONS still answered" sipp_run options.xml 127.0.0.1
started=$(date +%s)
stop_server
check "the server stopped cleanly (exit $server_code)" test "$server_code" -eq 0
check "the server stopped within 5 s" test $(($(date +%s) - started)) -le 5
check "the caller naming hosts got the center's BYE" test "$(sipp_result caller)" = 0
[[ $(cat "$tmp/caller.rc" 2>/dev/null) == 0 ]] || tail -20 "$tmp/caller.txt" "$tmp/server.log"
check "both calls recorded" test "$(sqlite3 "$tmp/data/hotline.db" "select count(*) from calls")" = 2
echo "$passed passed, $failed failed"
[[ $failed -eq 0 ]]

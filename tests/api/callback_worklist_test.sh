#!/usr/bin/env bash
# Callbacks in the agent's work list, with real SIP: a caller leaves its number in line
# (virtual hold); while the center will call back by itself the list does not show it;
# the call back finds the number busy, and the list of the agent who tried shows it; one
# request dials it (the phone rings, then the number), and once the number answered the
# item is gone. A callback left in line when the center restarts is in the list too.
#
#   tests/api/callback_worklist_test.sh HOTLINE SOURCE_DIR
set -uo pipefail
hotline=$1
source_dir=$(cd "$2" && pwd)
source "$source_dir/tests/api/harness.sh"

cat >"$tmp/center.yaml" <<YAML
center: {name: Callback work list test center}
skills: [general]
teams: [t1, t2]
queues: [{name: general, skills: {general: 1}, overflow: [{after_s: 1, offer: callback}]}]
agents:
  - {name: a1, skills: {general: 5}, team: t1}
  - {name: a2, skills: {general: 5}, team: t2}
sip:
  realm: hotline
  rtp_ports: 58000-58999
  phone_check_s: 0
  trunks: [{name: carrier, addresses: [127.0.0.2], outbound: "sip:127.0.0.11:5060", number: "4008001234"}]
$(center_yaml_tail)
YAML
add_users "li agent t1 a1" "wang agent t2 a2"
start_or_fail "$tmp/center.yaml" ";transport=udp"
api_port=$(api_port_of "$tmp/server.log")
for u in li wang; do declare "$u=$(login $u $u-pass-123)"; done

phone_port=$((port + 1))
printf 'SEQUENTIAL\n10001;127.0.0.3:%s\n' "$phone_port" >"$tmp/user.csv"
register() {
  bash -c "cd '$tmp' && timeout 20 sipp -sf '$here/load/register_many.xml' 127.0.0.1:$port \
    -i 127.0.0.3 -p 0 -inf '$tmp/user.csv' -au 10001 -ap pw -m 1 -timeout 10s -timeout_error -nostdin"
}
# background NAME SCENARIO IP PORT: a SIPp UAS waiting (pid in NAME_pid).
background() {
  (cd "$tmp" && exec timeout 60 sipp -sf "$here/$2" -i "$3" -p "$4" -m 1 -timeout 50s \
    -timeout_error -nostdin -trace_err >"$tmp/$1.txt" 2>&1) &
  printf -v "$1_pid" '%s' $!
  pids+=($!)
  sleep 0.5
}
caller() {  # the caller waits through the greeting, hears the offer, presses 1
  bash -c "cd '$tmp' && timeout 60 sipp -sf '$here/callback/caller_leaves_number.xml' \
    127.0.0.1:$port -i 127.0.0.2 -p 0 -m 1 -d 8000 -timeout 40s -timeout_error -nostdin"
}
listed() {  # listed USER_TOKEN JQ: li's work list satisfies the filter within 5 s
  for _ in $(seq 50); do
    [[ $(api GET /api/v1/worklist "" "$1") == 200 ]] && jq -e "$2" "$tmp/body" >/dev/null && return 0
    sleep 0.1
  done
  echo "work list: $(cat "$tmp/body")"
  return 1
}

check "li's phone registers" register
check "li is not ready" expect 200 POST /api/v1/agents/a1/state '{"state":"not_ready"}' "$li"
check "a caller leaves its number" caller
check "the center calls back by itself: not in li's list" listed "$li" '.items == []'

background carrier outside/carrier_busy.xml 127.0.0.11 5060
background phone callback/agent_calls_back.xml 127.0.0.3 "$phone_port"
check "li is ready: the callback rings li's phone" expect 200 POST /api/v1/agents/a1/state '{"state":"ready"}' "$li"
check "li's phone answered the callback, hung up on" wait "$phone_pid"
check "the number was busy" wait "$carrier_pid"
check "li's list: the callback that found the number busy" listed "$li" \
  '.items | length == 1 and .[0].kind == "callback" and .[0].number == "13800138000"
   and .[0].result == "busy" and .[0].queue == "general" and (.[0].call | length > 0)'
uid=$(jq -r '.items[0].call' "$tmp/body")
check "wang's list: not his" listed "$wang" '.items == []'
check "wang may not dial it" expect 404 POST "/api/v1/worklist/callbacks/$uid/dial" "" "$wang"
check "an unknown field: 400" expect 400 POST "/api/v1/worklist/callbacks/$uid/dial" '{"phone":"1"}' "$li"

background carrier callback/customer_answers.xml 127.0.0.11 5060
background phone callback/agent_calls_back.xml 127.0.0.3 "$phone_port"
check "li dials it from the list" expect 201 POST "/api/v1/worklist/callbacks/$uid/dial" "" "$li"
check "... the number, from li's phone" body_has '.number == "13800138000" and .agent == "a1"'
check "li's phone rang with the number and talked" wait "$phone_pid"
check "the customer answered, talked and hung up" wait "$carrier_pid"
check "answered: the list is empty" listed "$li" '.items == []'

# A callback waiting in line when the center stops: after the restart, li's list has it.
check "li is not ready again" expect 200 POST /api/v1/agents/a1/state '{"state":"not_ready"}' "$li"
check "another caller leaves its number" \
  bash -c "sed 's/13800138000/13900139000/g' '$here/callback/caller_leaves_number.xml' >'$tmp/other.xml' &&
    cd '$tmp' && timeout 60 sipp -sf other.xml 127.0.0.1:$port -i 127.0.0.2 -p 0 -m 1 -d 8000 \
    -timeout 40s -timeout_error -nostdin"
kill -TERM "$server_pid"
wait "$server_pid"
check "the center stopped cleanly" test $? -eq 0
start_or_fail "$tmp/center.yaml" ";transport=udp"
api_port=$(api_port_of "$tmp/server.log")
li=$(login li li-pass-123)
check "after the restart, the callback nobody made is in li's list" listed "$li" \
  '.items | length == 1 and .[0].number == "13900139000" and .[0].result == ""'

stop_and_report

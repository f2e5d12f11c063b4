#!/usr/bin/env bash
# The follow-up call (回訪) from the agent's work list, with real SIP: a repair waits for
# its follow-up call in li's list; li dials it with one request; li's phone (SIPp) rings
# and answers, then the customer's number through the trunk, where the carrier (SIPp)
# answers; li hangs up from the desktop. The call is recorded as li's outbound call with
# both legs and a recording, and named in the ticket's history.
#
#   tests/api/worklist_test.sh HOTLINE SOURCE_DIR
set -uo pipefail
hotline=$1
source_dir=$(cd "$2" && pwd)
source "$source_dir/tests/api/harness.sh"

cat >"$tmp/center.yaml" <<YAML
center: {name: Work list test center}
skills: [general]
teams: [t1, t2]
queues: [{name: general, skills: {general: 1}}]
agents:
  - {name: a1, skills: {general: 5}, team: t1}
  - {name: a2, skills: {general: 5}, team: t2}
sip:
  realm: hotline
  rtp_ports: 59000-59999
  phone_check_s: 0
  trunks: [{name: carrier, addresses: [127.0.0.2], outbound: "sip:127.0.0.8:5060", number: "4008001234"}]
$(center_yaml_tail)
YAML
add_users "admin admin - -" "li agent t1 a1" "wang agent t2 a2" "zhao team_lead t1 -"
start_or_fail "$tmp/center.yaml" ";transport=udp"
api_port=$(api_port_of "$tmp/server.log")
for u in admin li wang zhao; do declare "$u=$(login $u $u-pass-123)"; done
db() { sqlite3 "$tmp/data/hotline.db" "$1"; }

# --- A repair, fixed, waiting for its follow-up call, owned by li.
check "customer with a phone" expect 201 POST /api/v1/customers '{"name":"张伟","phones":[{"number":"138 0013 8000","label":"mobile"}]}' "$admin"
check "repair for li" expect 201 POST /api/v1/tickets '{"type":"repair","title":"空调不制冷","customer":1,"owner":"li"}' "$admin"
for step in '{"status":"dispatched","provider":"深圳格力服务商"}' '{"status":"resolved","parts_replaced":"电容"}' '{"status":"follow_up"}'; do
  check "repair: $step" expect 200 PATCH /api/v1/tickets/1 "$step" "$li"
done
check "li's work list" expect 200 GET /api/v1/worklist "" "$li"
check "... the follow-up call, with the customer's phone" body_has '.items | length == 1 and .[0].ticket == 1
  and .[0].kind == "follow_up" and .[0].customer.name == "张伟" and .[0].customer.phones[0].number == "+8613800138000"'
check "wang's list is empty" expect 200 GET /api/v1/worklist "" "$wang"
check "... nothing" body_has '.items == []'
check "wang may not dial li's" expect 404 POST /api/v1/worklist/1/dial "" "$wang"
check "zhao works as no agent" expect 200 GET /api/v1/worklist "" "$zhao"
check "before li's phone registers (logged out): 409" expect 409 POST /api/v1/worklist/1/dial "" "$li"
check "... says so" body_has '.error.code == "wrong_state" and (.error.message | contains("logged_out"))'

# --- li's phone registers; the carrier waits for the customer's call.
(cd "$tmp" && exec sipp -sf "$here/load/agents_answer.xml" -i 127.0.0.3 -p $((port + 1)) -m 1 \
  -rtp_echo -timeout 60s -nostdin >"$tmp/phone.txt" 2>&1) &
phone_pid=$!
pids+=($phone_pid)
printf 'SEQUENTIAL\n10001;127.0.0.3:%s\n' $((port + 1)) >"$tmp/user.csv"
check "li's phone registers" bash -c "cd '$tmp' && timeout 20 sipp -sf '$here/load/register_many.xml' \
  127.0.0.1:$port -i 127.0.0.3 -p 0 -inf '$tmp/user.csv' -au 10001 -ap pw -m 1 -timeout 10s \
  -timeout_error -nostdin"
(cd "$tmp" && exec timeout 60 sipp -sf "$here/outside/carrier_answers.xml" -i 127.0.0.8 -p 5060 \
  -m 1 -timeout 50s -timeout_error -nostdin >"$tmp/carrier.txt" 2>&1) &
carrier_pid=$!
pids+=($carrier_pid)

check "a phone that is not the customer's: 400" expect 400 POST /api/v1/worklist/1/dial '{"phone":"+8613900139000"}' "$li"
check "wang may not dial for li" expect 403 POST /api/v1/agents/a1/dial '{"number":"13800138000"}' "$wang"
check "not a number: 400" expect 400 POST /api/v1/agents/a1/dial '{"number":"call me"}' "$li"
check "dial the follow-up call" expect 201 POST /api/v1/worklist/1/dial "" "$li"
check "... the call, to the number as dialled at home" body_has '.number == "13800138000" and .agent == "a1" and (.call | length > 0)'
call=$(jq -r .call "$tmp/body")
state() {
  for _ in $(seq 100); do
    [[ $(api GET /api/v1/agents/a1 "" "$li") == 200 ]] && jq -e "$1" "$tmp/body" >/dev/null && return 0
    sleep 0.1
  done
  cat "$tmp/body"
  return 1
}
check "li is on the call" state '.state == "talking"'
check "dialling again while talking: 409" expect 409 POST /api/v1/agents/a1/dial '{"number":"13800138000"}' "$li"
sleep 2  # the customer and li talk
check "li hangs up from the desktop" expect 200 POST /api/v1/agents/a1/hangup "" "$li"
check "the carrier got its BYE" wait "$carrier_pid"
check "li's phone got its BYE" wait "$phone_pid"

check "the call is recorded" bash -c "for i in \$(seq 50); do [[ -n \$(sqlite3 '$tmp/data/hotline.db' \"select uid from calls where uid = '$call'\") ]] && exit 0; sleep 0.1; done; exit 1"
check "... as li's outbound call, answered, ended by li" bash -c "[[ \$(sqlite3 '$tmp/data/hotline.db' \"select direction, agent, called, disposition, hangup_side, hangup_cause from calls where uid = '$call'\") == 'outbound|a1|13800138000|answered|agent|agent_desktop' ]]"
check "... li's phone, then the number" bash -c "[[ \$(sqlite3 '$tmp/data/hotline.db' \"select group_concat(call_legs.agent || '/' || number || '/' || result, ' ') from call_legs join calls on calls.id = call_id where uid = '$call'\") == 'a1//answered /13800138000/answered' ]]"
recording=$(db "select recording from calls where uid = '$call'")
check "... with its recording" test -s "$tmp/data/recordings/$recording"
check "the ticket names the call" expect 200 GET /api/v1/tickets/1 "" "$li"
check "... in its history" body_has "any(.history[]; .field == \"follow_up_call\" and .new == \"$call\")"
check "li reads the call" expect 200 GET "/api/v1/calls/$call" "" "$li"
check "audited" expect 200 GET "/api/v1/audit?limit=20" "" "$admin"
check "... the dial, with its ticket" body_has 'any(.entries[]; .action == "call.dial" and .user == "li" and .detail == "13800138000 ticket 1")'
check "the customer confirmed: closed" expect 200 PATCH /api/v1/tickets/1 '{"status":"closed","verified":true}' "$li"
check "the list is empty again" expect 200 GET /api/v1/worklist "" "$li"
check "... nothing" body_has '.items == []'
check "no call left behind" bash -c "curl -s http://127.0.0.1:$api_port/metrics | grep -q '^hotline_calls_in_progress 0$'"

stop_and_report

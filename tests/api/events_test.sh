#!/usr/bin/env bash
# Agents through the API and events on the WebSocket, with real calls: an agent's phone
# (SIPp) registers, the agent changes state through the API, a caller from the trunk
# (SIPp) reaches it, and WebSocket clients (python3-websockets) of three roles see what
# each may see: the agent its own calls with the caller, queue and IVR path; a team lead
# of another team none of them; the admin everything.
#
#   tests/api/events_test.sh HOTLINE SOURCE_DIR
set -uo pipefail
hotline=$1
source_dir=$(cd "$2" && pwd)
source "$source_dir/tests/api/harness.sh"

cat >"$tmp/center.yaml" <<YAML
center: {name: Events test center}
skills: [general]
teams: [t1, t2]
reasons: [break, lunch]
queues: [{name: general, skills: {general: 1}, wrap_up_s: 300, ring_timeout_s: 10}]
agents:
  - {name: a1, skills: {general: 5}, team: t1}
  - {name: a2, skills: {general: 5}, team: t2}
sip:
  realm: hotline
  rtp_ports: 63000-63999
  phone_check_s: 0
  trunks: [{name: carrier, addresses: [127.0.0.2]}]
$(center_yaml_tail)
YAML


add_users "admin admin - -" "li agent t1 a1" "zhao team_lead t2 -"

start_or_fail "$tmp/center.yaml" ";transport=udp"
api_port=$(api_port_of "$tmp/server.log")
admin=$(login admin admin-pass-123)
li=$(login li li-pass-123)
zhao=$(login zhao zhao-pass-123)
check "three logins" test "${#admin}${#li}${#zhao}" = 646464

# --- Before its phone registers, the agent cannot be made ready: it would ring nowhere.
check "no phone: ready refused" expect 409 POST /api/v1/agents/a1/state '{"state":"ready"}' "$li"
check "409 says why" body_has '.error.code == "unreachable"'

# --- WebSocket subscribers: a bad token is refused; three roles listen.
"$source_dir/tests/api/ws_listen.py" "ws://127.0.0.1:$api_port/api/v1/events?token=nope" "$tmp/ws-bad" 5
check "bad token: WebSocket refused" grep -q "refused 401" "$tmp/ws-bad"
for who in admin li zhao; do
  "$source_dir/tests/api/ws_listen.py" "ws://127.0.0.1:$api_port/api/v1/events?token=${!who}" \
    "$tmp/ws-$who" 60 &
  pids+=($!)
done
check "admin hello" events "$tmp/ws-admin" 'any(.type == "hello" and .role == "admin")'
check "agent hello" events "$tmp/ws-li" 'any(.type == "hello" and .agent == "a1")'
check "team lead hello" events "$tmp/ws-zhao" 'any(.type == "hello" and .role == "team_lead")'

# --- The phone registers (and answers calls from then on): a1 is logged in, ready.
(cd "$tmp" && exec sipp -sf "$here/load/agents_answer.xml" -i 127.0.0.3 -p $((port + 1)) -m 2 \
  -rtp_echo -timeout 60s -nostdin >"$tmp/phone.txt" 2>&1) &
pids+=($!)
printf 'SEQUENTIAL\n10001;127.0.0.3:%s\n' $((port + 1)) >"$tmp/user.csv"
check "phone registers" bash -c "cd '$tmp' && timeout 20 sipp -sf '$here/load/register_many.xml' \
  127.0.0.1:$port -i 127.0.0.3 -p 0 -inf '$tmp/user.csv' -au 10001 -ap pw -m 1 -timeout 10s \
  -timeout_error -nostdin"
check "agent sees itself ready" events "$tmp/ws-li" 'any(.type == "agent.state" and .agent == "a1" and .state == "ready")'
check "admin sees it" events "$tmp/ws-admin" 'any(.type == "agent.state" and .agent == "a1" and .state == "ready")'

# --- Who sees and changes whom.
check "agent may not list agents" expect 403 GET /api/v1/agents "" "$li"
check "agent reads itself" expect 200 GET /api/v1/agents/a1 "" "$li"
check "... ready, reachable" body_has '.state == "ready" and .reachable == true and .team == "t1"'
check "agent may not read another" expect 403 GET /api/v1/agents/a2 "" "$li"
check "team lead lists its team only" expect 200 GET /api/v1/agents "" "$zhao"
check "... a2 alone" body_has '[.agents[].name] == ["a2"]'
check "admin lists all" expect 200 GET /api/v1/agents "" "$admin"
check "... both" body_has '[.agents[].name] == ["a1","a2"]'
check "reasons" expect 200 GET /api/v1/reasons "" "$li"
check "... as configured" body_has '.reasons[:2] == ["break","lunch"]'
check "agent goes not ready: lunch" expect 200 POST /api/v1/agents/a1/state '{"state":"not_ready","reason":"lunch"}' "$li"
check "... answered with the new state" body_has '.state == "not_ready" and .reason == "lunch"'
check "... pushed to the agent" events "$tmp/ws-li" 'any(.type == "agent.state" and .state == "not_ready" and .reason == "lunch")'
check "unknown reason: 400" expect 400 POST /api/v1/agents/a1/state '{"state":"not_ready","reason":"nap"}' "$li"
check "bad state: 400" expect 400 POST /api/v1/agents/a1/state '{"state":"asleep"}' "$li"
check "reason with ready: 400" expect 400 POST /api/v1/agents/a1/state '{"state":"ready","reason":"lunch"}' "$li"
check "team lead of another team: 403" expect 403 POST /api/v1/agents/a1/state '{"state":"ready"}' "$zhao"
check "unknown agent: 404" expect 404 POST /api/v1/agents/a9/state '{"state":"ready"}' "$admin"
check "not in wrap-up: 409" expect 409 POST /api/v1/agents/a1/wrap-up-done "" "$li"
check "admin makes a1 ready" expect 200 POST /api/v1/agents/a1/state '{"state":"ready"}' "$admin"
check "a1 logged out" expect 200 POST /api/v1/agents/a1/state '{"state":"logged_out"}' "$li"
check "ready from logged out logs in first (as *1 does)" expect 200 POST /api/v1/agents/a1/state '{"state":"ready"}' "$li"
check "... ready" body_has '.state == "ready"'
check "state changes audited" expect 200 GET "/api/v1/audit?limit=20" "" "$admin"
check "... by whom" body_has '[.entries[] | select(.action == "agent.state") | .user] | index("li") and index("admin")'

# --- A call waits (the agent is on a break), the agent comes back and gets it: its screen
# gets the caller, the queue and the IVR path.
check "the caller is a customer" expect 201 POST /api/v1/customers '{"name":"张伟","phones":[{"number":"+86 138 0013 8000"}],"products":[{"model":"KFR-35GW","serial":"SN-1"}]}' "$admin"
check "the customer has an open repair" expect 201 POST /api/v1/tickets '{"type":"repair","title":"空调不制冷","customer":1}' "$admin"
check "a KB folder" expect 201 POST /api/v1/kb/folders '{"title":"Service"}' "$admin"
check "a KB article for the queue node" expect 201 POST /api/v1/kb/articles '{"folder":1,"title":"How to greet","body":"Say hello.","ivr_node":"queue"}' "$admin"
check "break" expect 200 POST /api/v1/agents/a1/state '{"state":"not_ready","reason":"break"}' "$li"
check "the queue's tile follows the agent's state, no call needed" events "$tmp/ws-admin" 'any(.type == "queue.stats" and .queue == "general" and .waiting == 0 and .agents.not_ready == 1)'
(cd "$tmp" && exec timeout 60 sipp -sf "$here/load/caller_talks.xml" 127.0.0.1:$port -i 127.0.0.2 \
  -m 1 -timeout 40s -timeout_error -nostdin >"$tmp/caller.txt" 2>&1) &
caller_pid=$!
check "the call waits" events "$tmp/ws-admin" 'any(.type == "queue.waiting" and .queue == "general" and .waiting == 1)'
check "the wallboard's view of the queue" expect 200 GET /api/v1/queues "" "$admin"
check "... the call waiting since it queued" body_has '.queues[0] | .waiting == 1 and (.oldest_waiting_since | length > 0) and .longest_wait_s >= 0 and .agents.not_ready == 1'
check "... counted in today's calls while it waits, its rates undecided" body_has '.queues[0] | .today.offered == 1 and .today.answered == 0 and .today.answer_rate == 1 and ([.intervals[].offered] | add) == 1'
check "queue.stats pushed with the waiting call" events "$tmp/ws-admin" 'any(.type == "queue.stats" and .queue == "general" and .waiting == 1 and (.oldest_waiting_since | length > 0))'
check "agent back from the break" expect 200 POST /api/v1/agents/a1/state '{"state":"ready"}' "$li"
wait "$caller_pid"
check "caller talked to the agent and hung up" test $? -eq 0
check "offered to the agent's screen" events "$tmp/ws-li" 'any(.type == "call.offered" and .agent == "a1"
  and .caller == "13800138000" and .queue == "general" and (.ivr_path | contains("welcome")) and (.call | length > 0))'
# The screen pop: the caller's customer record, the IVR summary, within 100 ms of the offer.
check "screen pop with the customer" events "$tmp/ws-li" 'any(.type == "screen_pop" and .agent == "a1"
  and .customers[0].name == "张伟" and .customers[0].products[0].model == "KFR-35GW"
  and .customers[0].open_tickets[0].title == "空调不制冷"
  and .ivr.last_node == "Welcome" and .queue == "general" and .kb.title == "How to greet")'
ms() { echo '(.[0:19] + "Z" | fromdateiso8601) * 1000 + (.[20:23] | tonumber)'; }
check "screen pop within 100 ms of the offer" events "$tmp/ws-li" "any(.type == \"screen_pop\"
  and (._received_ms - (.offered_at | $(ms))) < 100)"
jq -r "select(.type == \"screen_pop\") | \"screen pop \\(._received_ms - (.offered_at | $(ms)) | floor) ms after the offer\"" "$tmp/ws-li"
check "no screen pop for the team lead of t2" events "$tmp/ws-zhao" 'all(.type != "screen_pop")'
check "answered" events "$tmp/ws-li" 'any(.type == "call.answered" and .agent == "a1")'
check "ended, answered" events "$tmp/ws-li" 'any(.type == "call.ended" and .disposition == "answered" and .queue == "general")'
check "agent in wrap-up" events "$tmp/ws-li" 'any(.type == "agent.state" and .state == "wrap_up")'
check "admin saw the queue empty" events "$tmp/ws-admin" '[.[] | select(.type == "queue.waiting" and .queue == "general") | .waiting] | index(1) < rindex(0)'
check "admin saw the call" events "$tmp/ws-admin" 'any(.type == "call.offered" and .agent == "a1")'
check "team lead of t2 saw none of a1" events "$tmp/ws-zhao" 'all(.agent != "a1") and any(.type == "queue.waiting")'
check "wrap-up shown with the call" expect 200 GET /api/v1/agents/a1 "" "$li"
check "... its id" body_has '.state == "wrap_up" and (.call | length > 0) and .calls_today == 1'
check "... and how long it has left of the queue's 300 s" body_has '.wrap_up_left_s > 250 and .wrap_up_left_s <= 300'
check "queue figures" expect 200 GET /api/v1/queues "" "$li"
check "... one answered" body_has '.queues[0] | .name == "general" and .answered == 1 and .offered == 1 and .waiting == 0'
check "... today and the last 30 minutes" body_has '.queues[0] | .today.answered == 1 and .today.offered == 1 and .last_30_min.answered == 1 and .answer_rate_alarm == 0.93 and .oldest_waiting_since == null'
check "... today's intervals to now, the call in one of them" body_has '.queues[0] | (.intervals | length >= 1) and ([.intervals[].offered] | add) == 1 and .interval_s == 1800 and (.intervals[0].start | endswith("T16:00:00Z"))'
check "... its agents by state" body_has '.queues[0].agents == {"wrap_up": 1}'
check "queue.stats pushed when the call ended" events "$tmp/ws-admin" 'any(.type == "queue.stats" and .today.answered == 1 and .interval_now.offered == 1)'
check "agent.state carries the day's calls" events "$tmp/ws-admin" 'any(.type == "agent.state" and .agent == "a1" and .state == "wrap_up" and .calls_today == 1)'
check "wrap-up done" expect 200 POST /api/v1/agents/a1/wrap-up-done "" "$li"
check "... ready again" body_has '.state == "ready"'
# --- The agent hangs up from its desktop: both sides get a BYE, the record says who.
check "not talking: hang-up refused" expect 409 POST /api/v1/agents/a1/hangup "" "$li"
(cd "$tmp" && exec timeout 60 sipp -sf "$here/caller_hung_up_on.xml" 127.0.0.1:$port -i 127.0.0.2 \
  -m 1 -timeout 40s -timeout_error -nostdin >"$tmp/caller2.txt" 2>&1) &
caller_pid=$!
check "second call answered" events "$tmp/ws-li" '[.[] | select(.type == "call.answered")] | length == 2'
check "team lead of another team may not hang up" expect 403 POST /api/v1/agents/a1/hangup "" "$zhao"
sleep 4  # the caller's scenario takes a BYE only once it has said its piece (3 s)
check "hang up from the desktop" expect 200 POST /api/v1/agents/a1/hangup "" "$li"
check "... the agent in wrap-up" body_has '.state == "wrap_up"'
wait "$caller_pid"
check "the caller got the BYE" test $? -eq 0
check "ended by the agent" events "$tmp/ws-li" '[.[] | select(.type == "call.ended")] | length == 2 and .[-1].hangup_side == "agent"'
check "the record names the desktop" bash -c "sqlite3 '$tmp/data/hotline.db' \"select hangup_side || ' ' || hangup_cause from calls order by arrived desc limit 1\" | grep -qx 'agent agent_desktop'"
check "audited" expect 200 GET "/api/v1/audit?limit=5" "" "$admin"
check "... as a hang-up by li" body_has 'any(.entries[]; .action == "call.hang_up" and .user == "li" and .target == "a1")'
check "wrap-up done again" expect 200 POST /api/v1/agents/a1/wrap-up-done "" "$li"
check "metrics count subscribers" bash -c "curl -s http://127.0.0.1:$api_port/metrics | grep -q '^hotline_api_event_subscribers 3$'"
check "agent logs out" expect 200 POST /api/v1/agents/a1/state '{"state":"logged_out"}' "$li"
check "... pushed" events "$tmp/ws-li" 'any(.type == "agent.state" and .state == "logged_out")'

# --- A restart changes no figure: the agents' day and the queues' today come back from
# the stored records.
day_of_a1() { api GET /api/v1/agents/a1 "" "$admin" >/dev/null && jq -c '[.calls_today, .talk_today_s]' "$tmp/body"; }
today_of_general() { api GET /api/v1/queues "" "$admin" >/dev/null && jq -c '.queues[0] | [.today, .intervals]' "$tmp/body"; }
a1_before=$(day_of_a1)
general_before=$(today_of_general)
check "before the restart: a1 took two calls and talked" jq -e '.[0] == 2 and .[1] > 0' <<<"$a1_before"
kill -TERM "$server_pid"
wait "$server_pid"
server_pid=""
start_or_fail "$tmp/center.yaml" ";transport=udp"
api_port=$(api_port_of "$tmp/server.log")
admin=$(login admin admin-pass-123)
check "after the restart: a1's calls and talk today are the same ($a1_before)" \
  test "$(day_of_a1)" = "$a1_before"
check "after the restart: the queue's today and intervals are the same" \
  test "$(today_of_general)" = "$general_before"

# --- One KPI definition, one number: the wallboard's figures (the API) and the CLI's
# report agree on the same calls.
api GET /api/v1/queues "" "$admin" >/dev/null
jq -c '.queues[0].today | [.offered, .answered, .abandoned, .service_level, .answer_rate, .asa_s]' \
  "$tmp/body" >"$tmp/board.json"
"$hotline" report calls --data "$tmp/data" --queues --json \
  | jq -c '.queues[] | select(.queue == "general") | [.offered, .answered, .abandoned, .service_level, .answer_rate, .asa_s]' \
  >"$tmp/cli.json"
check "the wallboard's today and the CLI's report agree ($(cat "$tmp/board.json") vs $(cat "$tmp/cli.json"))" \
  bash -c "[[ -s '$tmp/cli.json' ]] && diff -q '$tmp/board.json' '$tmp/cli.json'"

stop_and_report

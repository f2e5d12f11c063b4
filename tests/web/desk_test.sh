#!/usr/bin/env bash
# The agent desktop and the wallboard end to end: the server with its built web pages, an agent's phone
# (SIPp) registered, a customer with an open ticket and a KB page for the IVR's queue
# node; then tests/web/desk.mjs drives chromium through a whole call, and the records
# the clicks left are checked through the API. Screenshots go to ARTIFACTS.
#
#   tests/web/desk_test.sh HOTLINE SOURCE_DIR ARTIFACTS
set -uo pipefail
source "$(dirname "$0")/lib.sh"
cat >"$tmp/center.yaml" <<YAML
center: {name: Desk test center, aht_target_s: 240}
skills: [general]
teams: [t1]
reasons: [break, lunch]
titles: {lunch: 午餐}
queues: [{name: general, skills: {general: 1}, wrap_up_s: 300, ring_timeout_s: 10}]
agents:
  - {name: a1, skills: {general: 5}, team: t1}
  - {name: a2, skills: {general: 5}, team: t1}
sip:
  realm: hotline
  rtp_ports: 57000-57999
  phone_check_s: 0
  trunks: [{name: carrier, addresses: [127.0.0.9]}]
$(center_yaml_tail)
  web_root: $source_dir/web/dist
YAML
add_users "admin admin - -" "li agent t1 a1" "zhao team_lead t1 -"
start_or_fail "$tmp/center.yaml" ";transport=udp"
api_port=$(api_port_of "$tmp/server.log")
admin=$(login admin admin-pass-123)

check "the caller is a customer" expect 201 POST /api/v1/customers '{"name":"张伟","phones":[{"number":"+86 138 0013 8000"}],"products":[{"model":"KFR-35GW","serial":"SN-1","warranty_end":"2027-06-30"}]}' "$admin"
check "with an open ticket" expect 201 POST /api/v1/tickets '{"type":"inquiry","title":"滤网清洗","customer":1}' "$admin"
li=$(login li li-pass-123)
check "li's repair, fixed, waits for its follow-up call" expect 201 POST /api/v1/tickets '{"type":"repair","title":"压缩机更换","customer":1,"owner":"li"}' "$admin"
for step in '{"status":"dispatched","provider":"深圳格力服务商"}' '{"status":"resolved","parts_replaced":"压缩机"}' '{"status":"follow_up"}'; do
  check "repair: $step" expect 200 PATCH /api/v1/tickets/2 "$step" "$li"
done
check "a KB folder" expect 201 POST /api/v1/kb/folders '{"title":"空调"}' "$admin"
check "a KB page for the queue node" expect 201 POST /api/v1/kb/articles '{"folder":1,"title":"空调不制冷怎么办","body":"1. 确认模式为制冷\n2. 检查滤网","ivr_node":"queue","sales_opportunity":"延保服务"}' "$admin"

# The agent's phone registers and answers twice (it is logged in and ready from then on).
(cd "$tmp" && exec sipp -sf "$here/load/agents_answer.xml" -i 127.0.0.10 -p $((port + 1)) -m 2 \
  -rtp_echo -timeout 90s -nostdin >"$tmp/phone.txt" 2>&1) &
pids+=($!)
printf 'SEQUENTIAL\n10001;127.0.0.10:%s\n' $((port + 1)) >"$tmp/user.csv"
check "phone registers" bash -c "cd '$tmp' && timeout 20 sipp -sf '$here/load/register_many.xml' \
  127.0.0.1:$port -i 127.0.0.10 -p 0 -inf '$tmp/user.csv' -au 10001 -ap pw -m 1 -timeout 10s \
  -timeout_error -nostdin"

# The caller talks, then waits for the agent to hang up (from the desk).
call="cd '$tmp' && (timeout 60 sipp -sf '$source_dir/tests/sip/caller_until_bye.xml' 127.0.0.1:$port -i 127.0.0.9 \
  -m 1 -timeout 40s -timeout_error -nostdin >'$tmp/caller.txt' 2>&1; echo \$? >'$tmp/caller.rc') &"
rm -rf "$artifacts"
URL="http://127.0.0.1:$api_port/" WEB_DIR="$source_dir/web" SHOTS="$artifacts" USER=li \
  PASSWORD=li-pass-123 LEAD_USER=zhao LEAD_PASSWORD=zhao-pass-123 CALL="$call" node "$source_dir/tests/web/desk.mjs" >"$tmp/browser.txt" 2>&1
browser_rc=$?
cat "$tmp/browser.txt"
check "the browser's steps" test $browser_rc -eq 0
for _ in $(seq 100); do [[ -s $tmp/caller.rc ]] && break; sleep 0.2; done
check "the caller was hung up on, cleanly" test "$(cat "$tmp/caller.rc" 2>/dev/null)" = 0

# What the clicks left behind.
check "tickets" expect 200 GET "/api/v1/tickets?customer=1" "" "$admin"
check "... the desk's ticket, for the customer and the call" body_has '[.tickets[] | select(.title == "空调不制冷，上门检修")] | length == 1 and .[0].type == "repair" and .[0].customer == 1 and (.[0].call | length > 0)'
check "the ticket moved from the desk" expect 200 GET /api/v1/tickets/1 "" "$admin"
check "... in progress, li's note in its history" body_has '.status == "in_progress" and .next_statuses == ["resolved"] and any(.history[]; .user == "li" and .new == "客户来电催办")'
check "the agent, after wrap-up" expect 200 GET /api/v1/agents/a1 "" "$admin"
check "... ready, two calls today (before and after the IVR)" body_has '.state == "ready" and .calls_today == 2'
check "... their handle time: talk and wrap-up, per call, against the target" body_has '.aht_s > 0 and ((.aht_s - (.talk_today_s + .wrap_up_today_s) / 2) | fabs) < 1 and .aht_target_s == 240'
check "the state changes were audited" expect 200 GET "/api/v1/audit?limit=50" "" "$admin"
check "... by li" body_has '[.entries[] | select(.action == "agent.state" and .user == "li")] | length >= 2'
check "the lead's change audited" body_has 'any(.entries[]; .action == "agent.state" and .user == "zhao")'
for shot in 01-login-zh 02-desk-not-ready 03-desk-screen-pop 04-desk-wrap-up 05-desk-en \
  06-wallboard-before 07-wallboard-after-call 08-wallboard-en 09-desk-kb 10-desk-customer \
  11-desk-worklist 12-wallboard-waiting; do
  check "screenshot $shot" test -s "$artifacts/$shot.png"
done

# A restart seen from a wallboard: disconnected while down, back to the login after (the
# server comes back on the same ports; sessions do not outlive it).
sed "s/listen: 127.0.0.1:0/listen: 127.0.0.1:$api_port/" "$tmp/center.yaml" >"$tmp/center-again.yaml"
echo "$server_pid" >"$tmp/server.pid"
stop_cmd="kill -TERM \$(cat '$tmp/server.pid'); while kill -0 \$(cat '$tmp/server.pid') 2>/dev/null; do sleep 0.1; done"
start_cmd="'$hotline' serve '$tmp/center-again.yaml' --sip-listen 'sip:127.0.0.1:$port;transport=udp' --data '$tmp/data' >'$tmp/server-again.log' 2>&1 & echo \$! >'$tmp/server.pid'; for _ in \$(seq 100); do grep -q serving '$tmp/server-again.log' && break; sleep 0.1; done"
URL="http://127.0.0.1:$api_port/" WEB_DIR="$source_dir/web" SHOTS="$artifacts" \
  LEAD_USER=zhao LEAD_PASSWORD=zhao-pass-123 STOP="$stop_cmd" START="$start_cmd" \
  node "$source_dir/tests/web/restart.mjs" >"$tmp/restart.txt" 2>&1
restart_rc=$?
cat "$tmp/restart.txt"
check "a restart seen from the wallboard: disconnected, then back to the login" test $restart_rc -eq 0
check "the first server stopped cleanly" grep -q " 0 live handles" "$tmp/server.log"
for shot in 13-wallboard-disconnected 14-wallboard-after-restart; do
  check "screenshot $shot" test -s "$artifacts/$shot.png"
done
# The server started again is not this shell's child: stopped the same way, its log read.
server_pid=""
bash -c "$stop_cmd"
check "the restarted server stopped cleanly" grep -q " 0 live handles" "$tmp/server-again.log"
echo "$passed passed, $failed failed"
[[ $failed -eq 0 ]]

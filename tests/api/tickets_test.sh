#!/usr/bin/env bash
# Tickets beyond their workflow, over real HTTP and WebSocket: repairs dispatched to the
# service provider of their region, complaints counted by cause in the monthly report,
# overdue tickets escalated automatically with an event to the owner and its team lead
# (and not to another team's lead).
#
#   tests/api/tickets_test.sh HOTLINE SOURCE_DIR
set -uo pipefail
hotline=$1
source_dir=$(cd "$2" && pwd)
source "$source_dir/tests/api/harness.sh"

cat >"$tmp/center.yaml" <<'YAML'
center: {name: Tickets test center}
skills: [general]
teams: [t1, t2]
queues: [{name: general, skills: {general: 1}}]
agents:
  - {name: a1, skills: {general: 5}, team: t1}
  - {name: a2, skills: {general: 5}, team: t2}
sip: {rtp_ports: 60000-60999}
tickets:
  deadlines_h: {inquiry: 0.0005}  # under 2 s: inquiries fall overdue while the test runs
  departments: {installation: {repair: 24}}
  providers:
    - {name: 海淀服务站, regions: [海淀, 朝阳], phone: "01062345678"}
    - {name: 浦东服务站, regions: [浦东]}
  complaint_causes: [attitude, product_quality, delivery]
  escalation_check_s: 1
api: {listen: 127.0.0.1:0}
YAML
add_users "admin admin - -" "li agent t1 a1" "zhao team_lead t1 -" "qian team_lead t2 -" \
  "wang agent t2 a2"
start_or_fail "$tmp/center.yaml"
api_port=$(api_port_of "$tmp/server.log")
for u in admin li zhao qian wang; do declare "$u=$(login $u $u-pass-123)"; done

for who in li zhao qian; do
  "$source_dir/tests/api/ws_listen.py" "ws://127.0.0.1:$api_port/api/v1/events?token=${!who}" \
    "$tmp/ws-$who" 30 &
  pids+=($!)
done
check "listeners connected" events "$tmp/ws-qian" 'any(.type == "hello")'

# --- Service providers (服務商) by region.
check "providers listed" expect 200 GET /api/v1/providers "" "$li"
check "... with regions and causes" body_has '.providers[0].regions == ["海淀","朝阳"] and .complaint_causes[0] == "attitude"'
check "repair in 朝阳" expect 201 POST /api/v1/tickets '{"type":"repair","title":"洗衣机漏水","region":"朝阳","fault_code":"E2"}' "$li"
repair=$(jq .id "$tmp/body")
check "dispatched to the region's provider" expect 200 PATCH "/api/v1/tickets/$repair" '{"status":"dispatched"}' "$li"
check "... 海淀服务站" body_has '.status == "dispatched" and .provider == "海淀服务站"'
check "... in its history" expect 200 GET "/api/v1/tickets/$repair" "" "$li"
check "... provider set by the dispatch" body_has 'any(.history[]; .field == "provider" and .new == "海淀服务站")'
check "repair where no provider works" expect 201 POST /api/v1/tickets '{"type":"repair","title":"冰箱不制冷","region":"天河"}' "$li"
far=$(jq .id "$tmp/body")
check "... cannot be dispatched by region: 409" expect 409 PATCH "/api/v1/tickets/$far" '{"status":"dispatched"}' "$li"
check "... says why" body_has '.error.message | contains("天河")'
check "an unknown provider: 400" expect 400 PATCH "/api/v1/tickets/$far" '{"status":"dispatched","provider":"nobody"}' "$li"
check "a repair is due in 72 h" expect 201 POST /api/v1/tickets '{"type":"repair","title":"热水器不点火"}' "$li"
hours='((.due | fromdate) - (.created | fromdate)) / 3600'
check "... by the center's deadline" body_has "$hours == 72"
check "given to the installation department" expect 200 PATCH "/api/v1/tickets/$(jq .id "$tmp/body")" '{"department":"installation"}' "$li"
check "... due by its 24 h" body_has "$hours == 24 and .department == \"installation\""
check "a repair opened there is due in 24 h" expect 201 POST /api/v1/tickets '{"type":"repair","title":"x","department":"installation"}' "$li"
check "... too" body_has "$hours == 24"
check "a named provider serves anywhere" expect 200 PATCH "/api/v1/tickets/$far" '{"status":"dispatched","provider":"浦东服务站"}' "$li"

# --- Complaints by cause, and the monthly report.
check "unknown cause: 400" expect 400 POST /api/v1/tickets '{"type":"complaint","title":"x","cause":"weather"}' "$li"
check "a cause for an inquiry: 400" expect 400 POST /api/v1/tickets '{"type":"inquiry","title":"x","cause":"attitude"}' "$li"
for c in attitude attitude delivery; do
  check "complaint: $c" expect 201 POST /api/v1/tickets "{\"type\":\"complaint\",\"title\":\"投诉\",\"cause\":\"$c\"}" "$li"
done
complaint=$(jq .id "$tmp/body")
check "serious complaint about attitude" expect 201 POST /api/v1/tickets '{"type":"complaint","title":"态度恶劣","cause":"attitude","serious":true}' "$li"
check "... escalated at once" events "$tmp/ws-zhao" 'any(.type == "ticket.escalated" and .ticket.serious)'
for step in '{"status":"in_progress"}' '{"status":"resolved"}' '{"status":"follow_up"}' '{"status":"closed","verified":true}'; do
  check "delivery complaint: $step" expect 200 PATCH "/api/v1/tickets/$complaint" "$step" "$li"
done
check "... closed with its time" body_has '.status == "closed" and (.closed | length > 0)'
month=$(date +%Y-%m)
check "an agent may not read the report" expect 403 GET "/api/v1/reports/complaints?month=$month" "" "$li"
check "bad month: 400" expect 400 GET "/api/v1/reports/complaints?month=2026-13" "" "$zhao"
check "the month's complaint report" expect 200 GET "/api/v1/reports/complaints?month=$month" "" "$zhao"
check "... by cause, most first" body_has '[.causes[] | [.cause, .complaints]] == [["attitude",3],["delivery",1]]'
check "... serious, closed in time" body_has '.total == {"complaints":4,"serious":1,"escalated":1,"closed":1,"closed_in_time":1,"closed_first_time":1,"follow_ups":0,"share":1}'
check "... shares" body_has '.causes[0].share == 0.75'
check "last year's is empty" expect 200 GET "/api/v1/reports/complaints?month=2025-01" "" "$zhao"
check "... no causes" body_has '.causes == [] and .total.complaints == 0'

# --- Overdue tickets are escalated by themselves, once; the owner and its team lead hear.
check "an inquiry due in under 2 s" expect 201 POST /api/v1/tickets '{"type":"inquiry","title":"发票抬头"}' "$li"
inquiry=$(jq .id "$tmp/body")
check "the owner was told it exists" events "$tmp/ws-li" "any(.type == \"ticket.created\" and .ticket.id == $inquiry)"
check "escalated: the owner hears" events "$tmp/ws-li" "any(.type == \"ticket.escalated\" and .ticket.id == $inquiry and .ticket.overdue)"
check "... its team lead too" events "$tmp/ws-zhao" "any(.type == \"ticket.escalated\" and .ticket.id == $inquiry)"
check "... the other team's lead not" events "$tmp/ws-qian" "all(.type != \"ticket.escalated\")"
check "marked escalated, by the system" expect 200 GET "/api/v1/tickets/$inquiry" "" "$li"
check "... in its history" body_has '.escalated and any(.history[]; .field == "escalated" and .user == "system")'
sleep 1.5
check "escalated once only" events "$tmp/ws-li" "[.[] | select(.type == \"ticket.escalated\" and .ticket.id == $inquiry)] | length == 1"
check "the overdue list has it" expect 200 GET "/api/v1/tickets?overdue=true" "" "$admin"
check "... escalated" body_has "any(.tickets[]; .id == $inquiry and .escalated)"

stop_and_report

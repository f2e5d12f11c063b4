#!/usr/bin/env bash
# Outbound campaigns over real HTTP: the director creates one over the defaults, changes
# it live, and cannot start it without agents and a live lead list; a team lead sees,
# starts and pauses only its team's campaigns and may not change or finish them; IT
# sees them; agents see none. Bad settings are refused naming the field, with nothing
# written; every step is in the audit log.
#
#   tests/api/campaigns_test.sh HOTLINE SOURCE_DIR
set -uo pipefail
hotline=$1
source_dir=$(cd "$2" && pwd)
source "$source_dir/tests/api/harness.sh"

cat >"$tmp/center.yaml" <<'YAML'
center: {name: Campaigns test center}
skills: [general]
teams: [t1, t2]
queues: [{name: general, skills: {general: 1}}]
agents:
  - {name: a1, skills: {general: 5}, team: t1}
  - {name: a2, skills: {general: 5}, team: t2}
sip: {rtp_ports: 57000-57999}
api: {listen: 127.0.0.1:0}
YAML
add_users "zhao director - -" "it it - -" "li agent t1 a1" "wang team_lead t1 -" \
  "qian team_lead t2 -"
start_or_fail "$tmp/center.yaml"
api_port=$(api_port_of "$tmp/server.log")
for u in zhao it li wang qian; do declare "$u=$(login $u $u-pass-123)"; done

# --- Created over the defaults.
check "an agent may not create a campaign" expect 403 POST /api/v1/campaigns '{"name":"x"}' "$li"
check "nor a team lead" expect 403 POST /api/v1/campaigns '{"name":"x"}' "$wang"
check "nor IT" expect 403 POST /api/v1/campaigns '{"name":"x"}' "$it"
check "the director creates one" expect 201 POST /api/v1/campaigns '{"name":"tickets","title":"会议门票","mode":"predictive","teams":["t1"]}' "$zhao"
check "... a draft with the defaults" body_has '.status == "draft" and .title == "会议门票" and .ring_time_s == 25 and .connect_deadline_s == 2 and .abandon_limit == 0.03 and .windows.holiday == [] and .windows.workday == ["09:00-12:00","14:00-20:00"] and .created_by == "zhao"'
check "... and a do-not-call disposition" body_has 'any(.dispositions[]; .outcome == "do_not_call")'
check "the same name again: 409" expect 409 POST /api/v1/campaigns '{"name":"tickets"}' "$zhao"
check "no name: 400" expect 400 POST /api/v1/campaigns '{"title":"x"}' "$zhao"
check "a name with a space: 400" expect 400 POST /api/v1/campaigns '{"name":"a b"}' "$zhao"

# --- Bad settings: a 400 naming the field; nothing written.
check "an unknown field: 400" expect 400 POST /api/v1/campaigns '{"name":"y","dial_ratio":3}' "$zhao"
check "... named" body_has '.error.message | contains("dial_ratio")'
check "a ring time under 15 s: 400" expect 400 PATCH /api/v1/campaigns/tickets '{"ring_time_s":10}' "$zhao"
check "... named" body_has '.error.message | contains("ring_time_s")'
check "a window that never opens: 400" expect 400 PATCH /api/v1/campaigns/tickets '{"windows":{"workday":[],"weekend":[]}}' "$zhao"
check "... says so" body_has '.error.message | contains("never call")'
check "a window in rest hours: 400" expect 400 PATCH /api/v1/campaigns/tickets '{"windows":{"workday":["07:00-09:00"]}}' "$zhao"
check "an abandon limit of 10 %: 400" expect 400 PATCH /api/v1/campaigns/tickets '{"abandon_limit":0.1}' "$zhao"
check "an unknown outcome class: 400" expect 400 PATCH /api/v1/campaigns/tickets '{"dispositions":[{"code":"x","outcome":"maybe"}]}' "$zhao"
check "a list that does not exist: 400" expect 400 PATCH /api/v1/campaigns/tickets '{"lists":[{"list":99}]}' "$zhao"
check "a new name: 400" expect 400 PATCH /api/v1/campaigns/tickets '{"name":"other"}' "$zhao"
check "not JSON: 400" expect 400 PATCH /api/v1/campaigns/tickets '{"title":' "$zhao"
python3 -c "print('[' * 100000)" >"$tmp/deep.json"
check "JSON 100,000 deep: 400" bash -c "[[ \$(curl -s -o /dev/null -w '%{http_code}' -X PATCH -H 'Authorization: Bearer $zhao' --data-binary @'$tmp/deep.json' http://127.0.0.1:$api_port/api/v1/campaigns/tickets) == 400 ]]"
check "invalid UTF-8: 400" bash -c "[[ \$(printf '{\"title\":\"\\xff\"}' | curl -s -o /dev/null -w '%{http_code}' -X PATCH -H 'Authorization: Bearer $zhao' --data-binary @- http://127.0.0.1:$api_port/api/v1/campaigns/tickets) == 400 ]]"
check "... nothing changed" expect 200 GET /api/v1/campaigns/tickets "" "$zhao"
check "... as created" body_has '.ring_time_s == 25 and .title == "会议门票" and .lists == [] and .updated == .created'
check "no such campaign: 404" expect 404 PATCH /api/v1/campaigns/none '{"title":"x"}' "$zhao"

# --- Starting needs agents and a live list.
check "the team's lead may not start it without lists" expect 400 POST /api/v1/campaigns/tickets/start "" "$wang"
check "... says what is missing" body_has '.error.message | contains("no lead list")'
printf 'phone,name\n13800138000,a\n13900139000,b\n' >"$tmp/leads.csv"
check "a lead list" bash -c "[[ \$(curl -s -o '$tmp/list.json' -w '%{http_code}' -X POST -H 'Authorization: Bearer $zhao' --data-binary @'$tmp/leads.csv' 'http://127.0.0.1:$api_port/api/v1/lead-lists?name=L&vendor=V&consent=C&campaign=tickets') == 201 ]]"
list=$(jq .list.id "$tmp/list.json")
check "changed live: the list, the ring time" expect 200 PATCH /api/v1/campaigns/tickets '{"lists":[{"list":'"$list"',"weight":2}],"ring_time_s":30}' "$zhao"
check "... taken, the rest kept" body_has '.lists == [{"list":'"$list"',"weight":2}] and .ring_time_s == 30 and .mode == "predictive" and .updated_by == "zhao"'
check "an agent may not start it" expect 403 POST /api/v1/campaigns/tickets/start "" "$li"
check "another team's lead does not see it" expect 404 POST /api/v1/campaigns/tickets/start "" "$qian"
check "... nor in the list" expect 200 GET /api/v1/campaigns "" "$qian"
check "... empty" body_has '. == []'
check "a start with a body: 400" expect 400 POST /api/v1/campaigns/tickets/start '{"now":true}' "$wang"
check "its team's lead starts it" expect 200 POST /api/v1/campaigns/tickets/start "" "$wang"
check "... running" body_has '.status == "running"'
check "started twice: 409" expect 409 POST /api/v1/campaigns/tickets/start "" "$wang"
check "the team lead may not change it" expect 403 PATCH /api/v1/campaigns/tickets '{"ring_time_s":40}' "$wang"
check "changed while running" expect 200 PATCH /api/v1/campaigns/tickets '{"abandon_limit":0.02}' "$zhao"
check "... still running" body_has '.status == "running" and .abandon_limit == 0.02'
check "the team lead pauses it" expect 200 POST /api/v1/campaigns/tickets/pause "" "$wang"
check "... paused" body_has '.status == "paused"'
check "the team lead may not finish it" expect 403 POST /api/v1/campaigns/tickets/finish "" "$wang"
check "IT sees it" expect 200 GET /api/v1/campaigns "" "$it"
check "... one" body_has 'length == 1 and .[0].name == "tickets"'
check "IT may not start it" expect 403 POST /api/v1/campaigns/tickets/start "" "$it"
check "an agent sees no campaign list" expect 403 GET /api/v1/campaigns "" "$li"
check "the director finishes it" expect 200 POST /api/v1/campaigns/tickets/finish "" "$zhao"
check "... for good" expect 409 POST /api/v1/campaigns/tickets/start "" "$zhao"
check "... and unchanged" expect 409 PATCH /api/v1/campaigns/tickets '{"title":"again"}' "$zhao"

# --- Every step audited, with what changed.
check "audit log" expect 200 GET "/api/v1/audit?limit=100" "" "$zhao"
for action in campaign.create campaign.change campaign.start campaign.pause campaign.finish; do
  check "... $action" body_has "any(.entries[]; .action == \"$action\")"
done
check "... the change's settings" body_has 'any(.entries[]; .action == "campaign.change" and (.detail | contains("\"abandon_limit\":0.02")))'
check "... the start by the team lead" body_has 'any(.entries[]; .action == "campaign.start" and .user == "wang" and .detail == "draft -> running")'
check "after logout the token reads nothing" bash -c "[[ \$(curl -s -o /dev/null -w '%{http_code}' -X POST -H 'Authorization: Bearer $it' http://127.0.0.1:$api_port/api/v1/logout) == 204 ]] && [[ \$(curl -s -o /dev/null -w '%{http_code}' -H 'Authorization: Bearer $it' http://127.0.0.1:$api_port/api/v1/campaigns) == 401 ]]"

stop_and_report

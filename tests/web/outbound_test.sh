#!/usr/bin/env bash
# The outbound pages end to end: the server with its built web pages, a director and a
# team lead; tests/web/outbound.mjs drives chromium through creating a campaign, importing
# a GB18030 lead list and starting the campaign; then what the clicks left is checked
# through the API and the audit log. Screenshots go to ARTIFACTS.
#
#   tests/web/outbound_test.sh HOTLINE SOURCE_DIR ARTIFACTS
set -uo pipefail
source "$(dirname "$0")/lib.sh"
cat >"$tmp/center.yaml" <<YAML
center: {name: Outbound test center}
skills: [general]
teams: [t1, t2]
queues: [{name: general, skills: {general: 1}}]
agents: [{name: a1, skills: {general: 5}, team: t1}]
sip:
  rtp_ports: 44000-44999
api:
  listen: 127.0.0.1:0
  web_root: $source_dir/web/dist
YAML
add_users "zhao director - -" "wang team_lead t1 -"
start_or_fail "$tmp/center.yaml"
api_port=$(api_port_of "$tmp/server.log")
zhao=$(login zhao zhao-pass-123)
printf '姓名,手机,城市\r\n张三,13800138000,深圳\r\n李四,12345,广州\r\n王五,13900139000,北京\r\n钱七,138 0013 8000,深圳\r\n' |
  iconv -f UTF-8 -t GB18030 >"$tmp/leads.csv"

rm -rf "$artifacts"
URL="http://127.0.0.1:$api_port/" WEB_DIR="$source_dir/web" SHOTS="$artifacts" LEAD_FILE="$tmp/leads.csv" \
  node "$source_dir/tests/web/outbound.mjs" >"$tmp/browser.txt" 2>&1
browser_rc=$?
cat "$tmp/browser.txt"
check "the browser's steps" test $browser_rc -eq 0

check "the campaign as the clicks left it" expect 200 GET /api/v1/campaigns/tickets "" "$zhao"
check "... predictive, t1, its list, 25 s, running since the team lead started it" body_has '.mode == "predictive" and .teams == ["t1"] and (.lists | length) == 1 and .lists[0].weight == 2 and .ring_time_s == 25 and .status == "running" and .title == "会议门票"'
check "the list" expect 200 GET /api/v1/lead-lists "" "$zhao"
check "... two leads of four rows, for the campaign" body_has '.lists[0].leads == 2 and .lists[0].rows == 4 and .lists[0].campaign == "tickets" and .lists[0].encoding == "GB18030"'
check "who holds the leads" expect 200 GET /api/v1/lead-holdings "" "$zhao"
check "... team t1's pool: the two taken back" body_has '.holdings == [{"team":"t1","agent":"","leads":2}]'
check "audited" expect 200 GET "/api/v1/audit?limit=100" "" "$zhao"
check "... created and changed by the director, started by the team lead" body_has '[.entries[] | select(.user == "zhao") | .action] | index("campaign.create") and index("campaign.change") and index("leads.import")'
check "... started by wang" body_has 'any(.entries[]; .action == "campaign.start" and .user == "wang")'
check "... the leads handed out and back" body_has '[.entries[] | .action] | index("leads.assign") and index("leads.take_back")'
check "... the refused save left nothing" body_has '[.entries[] | select(.action == "campaign.create")] | length == 1'
for shot in 41-outbound-director 42-outbound-team-lead-en; do
  check "screenshot $shot" test -s "$artifacts/$shot.png"
done
stop_and_report

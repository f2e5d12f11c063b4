#!/usr/bin/env bash
# Administration end to end: the server with its built web pages, an admin, a trainer and
# a user locked out by wrong passwords; tests/web/admin.mjs drives chromium through the
# users, knowledge-base and center-settings pages; then what the clicks left is checked through the API
# and the audit log. Screenshots go to ARTIFACTS.
#
#   tests/web/admin_test.sh HOTLINE SOURCE_DIR ARTIFACTS
set -uo pipefail
source "$(dirname "$0")/lib.sh"
cat >"$tmp/center.yaml" <<YAML
center: {name: Admin test center}
skills: [general]
teams: [t1]
queues: [{name: general, skills: {general: 1}}]
agents: [{name: a1, skills: {general: 5}, team: t1}, {name: a2, skills: {general: 5}, team: t1}]
sip:
  rtp_ports: 56000-56999
api:
  listen: 127.0.0.1:0
  max_failed_logins: 3
  web_root: $source_dir/web/dist
YAML
add_users "admin admin - -" "wu trainer - -" "locked agent t1 a1"
start_or_fail "$tmp/center.yaml"
api_port=$(api_port_of "$tmp/server.log")
admin=$(login admin admin-pass-123)
for _ in 1 2 3; do api POST /api/v1/login '{"user":"locked","password":"wrong-password"}' >/dev/null; done
check "a user locked out" expect 423 POST /api/v1/login '{"user":"locked","password":"locked-pass-123"}'

rm -rf "$artifacts"
URL="http://127.0.0.1:$api_port/" WEB_DIR="$source_dir/web" SHOTS="$artifacts" API_TOKEN="$admin" \
  node "$source_dir/tests/web/admin.mjs" >"$tmp/browser.txt" 2>&1
browser_rc=$?
cat "$tmp/browser.txt"
check "the browser's steps" test $browser_rc -eq 0

check "chen as the clicks left it" expect 200 GET /api/v1/users "" "$admin"
check "... a team lead of t2 working as a2, inactive" body_has '.users[] | select(.name == "chen") | .role == "team_lead" and .team == "t2" and .agent == "a2" and .active == false'
check "... the locked user unlocked" body_has '.users[] | select(.name == "locked") | .locked_until == null'
check "the unlocked user logs in" expect 200 POST /api/v1/login '{"user":"locked","password":"locked-pass-123"}'
check "the article's versions" expect 200 GET /api/v1/kb/articles/1/versions "" "$admin"
check "... three, none overwritten" body_has '[.versions[].version] == [3,2,1] and .versions[0].user == "admin" and .versions[1].user == "wu"'
check "audited" expect 200 GET "/api/v1/audit?limit=100" "" "$admin"
check "... users created and changed, by the admin" body_has '[.entries[] | select(.user == "admin") | .action] | index("user.create") and index("user.update")'
check "... the knowledge base, by the trainer" body_has '[.entries[] | select(.user == "wu") | .action] | length >= 3'
check "the settings as the clicks left them" expect 200 GET /api/v1/settings "" "$admin"
check "... a1's skills, a2's new team, the queue, the codes, the hours" body_has '.agents[0].skills == {"general": 7}
  and .teams == ["t1", "t2"] and .agents[1].team == "t2"
  and (.queues[0] | .wrap_up_s == 45 and .title == "綜合業務") and .reasons == ["break", "meeting"]
  and .calendar.hours.workday == "08:00-20:00" and .calendar.holidays == ["2026-12-25", "2027-01-01"]'
check "... in force in the core: the wallboard's title" expect 200 GET /api/v1/queues "" "$admin"
check "... 綜合業務" body_has '.queues[0].title == "綜合業務"'
check "... the refused value left nothing" bash -c "sqlite3 '$tmp/data/hotline.db' \"select count(*) from audit_log where action = 'settings.change'\" | grep -qx 6"
for shot in 21-admin-users 22-admin-users-en 23-kb-editor 24-center-settings-en 25-center-settings; do
  check "screenshot $shot" test -s "$artifacts/$shot.png"
done
stop_and_report

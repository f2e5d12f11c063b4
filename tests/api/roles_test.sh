#!/usr/bin/env bash
# Every role against the endpoints its permissions guard, over real HTTP: a user of each of
# the eight roles asks each; the answer must be the one the role table (docs/api.md,
# src/auth/roles.cc) promises — allowed or 403 — and never anything else.
#
#   tests/api/roles_test.sh HOTLINE SOURCE_DIR
set -uo pipefail
hotline=$1
source_dir=$(cd "$2" && pwd)
source "$source_dir/tests/api/harness.sh"

cat >"$tmp/center.yaml" <<'YAML'
center: {name: Roles test center}
skills: [general]
teams: [t1]
queues: [{name: general, skills: {general: 1}}]
agents: [{name: a1, skills: {general: 5}, team: t1}]
sip: {rtp_ports: 58000-58999}
api: {listen: 127.0.0.1:0, login_attempts_per_minute: 1000}
YAML
roles=(agent team_lead qa trainer director hr it admin)
add_users "agent agent t1 a1" "team_lead team_lead t1 -" "qa qa - -" "trainer trainer - -" \
  "director director - -" "hr hr - -" "it it - -" "admin admin - -" \
  "dir2 director - -" "hr2 hr - -"
start_or_fail "$tmp/center.yaml"
api_port=$(api_port_of "$tmp/server.log")
declare -A token
for role in "${roles[@]}"; do token[$role]=$(login "$role" "$role-pass-123"); done
check "eight logins" test "${#token[@]}" = 8

month=$(date +%Y-%m)
# METHOD PATH BODY, then the status for agent team_lead qa trainer director hr it admin.
while read -r method path body expected; do
  [[ -z $method || $method == \#* ]] && continue
  [[ $body == - ]] && body=""
  read -r -a want <<<"$expected"
  for i in "${!roles[@]}"; do
    role=${roles[$i]}
    check "$role: $method $path -> ${want[$i]}" expect "${want[$i]}" "$method" "$path" "$body" "${token[$role]}"
  done
done <<TABLE
GET  /api/v1/users                       -                                 403 403 403 403 200 200 200 200
GET  /api/v1/audit                       -                                 403 403 403 403 200 403 200 200
GET  /api/v1/agents                      -                                 403 200 200 403 200 403 200 200
GET  /api/v1/agents/a1                   -                                 200 200 200 403 200 403 200 200
POST /api/v1/agents/a1/wrap-up-done      -                                 409 409 403 403 409 403 403 409
GET  /api/v1/queues                      -                                 200 200 200 200 200 200 200 200
GET  /api/v1/reports/complaints?month=$month -                             403 200 200 403 200 403 200 200
POST /api/v1/kb/folders                  {"title":"f"}                     403 403 201 201 403 403 403 201
GET  /api/v1/kb/tree                     -                                 200 200 200 200 200 200 200 200
POST /api/v1/tickets                     {"type":"inquiry","title":"t"}    201 201 403 403 201 403 403 201
GET  /api/v1/customers/export            -                                 403 403 403 403 200 403 403 200
POST /api/v1/customers                   {"name":"c","phones":[]}          201 201 403 403 201 403 403 201
GET  /api/v1/worklist                    -                                 200 200 200 200 200 200 200 200
GET  /api/v1/providers                   -                                 200 200 200 200 200 200 200 200
GET  /api/v1/lead-lists                  -                                 403 403 403 403 200 403 200 200
GET  /api/v1/lead-lists/9/leads          -                                 403 403 403 403 404 403 403 404
GET  /api/v1/lead-lists/9/export         -                                 403 403 403 403 404 403 403 404
DELETE /api/v1/lead-lists/9              -                                 403 403 403 403 404 403 404 404
GET  /api/v1/do-not-call                 -                                 403 403 403 403 200 403 200 200
POST /api/v1/do-not-call                 {"entry":"13800138000"}           403 403 403 403 201 403 201 201
POST /api/v1/lead-lists/9/give           {"team":"t1","count":1}           403 403 403 403 404 403 403 404
GET  /api/v1/teams/t1/leads              -                                 403 200 403 403 200 403 403 200
GET  /api/v1/lead-holdings               -                                 403 403 403 403 200 403 200 200
POST /api/v1/lead-lists/9/samples        {"size":1}                        403 403 403 403 404 403 403 404
GET  /api/v1/lead-samples/9              -                                 403 403 403 403 404 403 403 404
GET  /api/v1/reports/vendors             -                                 403 403 403 403 200 403 200 200
POST /api/v1/lead-lists/9/recleanse      -                                 403 403 403 403 404 403 404 404
POST /api/v1/lead-lists?name=x&vendor=v&consent=c phone                    403 403 403 403 201 403 201 201
PUT  /api/v1/lead-samples/9/leads/1      {}                                403 403 403 403 404 403 403 404
GET  /api/v1/campaigns                   -                                 403 200 403 403 200 403 200 200
GET  /api/v1/campaigns/none              -                                 403 404 403 403 404 403 404 404
POST /api/v1/campaigns                   {"name":"c1","ring_time_s":1}     403 403 403 403 400 403 403 400
PATCH /api/v1/campaigns/none             {"title":"x"}                     403 403 403 403 404 403 403 404
POST /api/v1/campaigns/none/start        -                                 403 404 403 403 404 403 403 404
POST /api/v1/campaigns/none/pause        -                                 403 404 403 403 404 403 403 404
POST /api/v1/campaigns/none/finish       -                                 403 403 403 403 404 403 403 404
GET  /api/v1/products                    -                                 200 200 200 200 200 200 200 200
POST /api/v1/products                    {"name":"p","price":-1}           403 403 403 403 400 403 403 400
POST /api/v1/orders                      {"items":[{"product":999}]}       400 403 403 403 403 403 403 403
GET  /api/v1/orders                      -                                 200 200 403 403 200 403 403 200
PATCH /api/v1/orders/999                 {"status":"paid"}                 403 404 403 403 404 403 403 404
GET  /api/v1/reports/sales               -                                 200 200 403 403 200 403 403 200
POST /api/v1/teams/t1/leads/give         {}                                403 200 403 403 200 403 403 200
POST /api/v1/teams/t1/leads/take-back    {"agent":"a1"}                    403 200 403 403 200 403 403 200
DELETE /api/v1/do-not-call?entry=13800138000 -                             403 403 403 403 200 403 404 404
TABLE

# Calls and recordings are filtered, not refused: each sees its own, its team's, or all.
for role in trainer hr it; do
  check "$role sees no calls" expect 200 GET /api/v1/calls "" "${token[$role]}"
  check "... none" body_has '.calls == []'
done

# Event sockets follow the REST rights exactly, and end with the session. Each role
# listens; an agent's ticket (customer data) reaches its owner, the team lead and the roles
# that read customers — not IT, HR or the trainer, whom REST refuses tickets.
for role in "${roles[@]}"; do
  "$source_dir/tests/api/ws_listen.py" "ws://127.0.0.1:$api_port/api/v1/events?token=${token[$role]}" \
    "$tmp/ws-$role" 60 &
  pids+=($!)
done
for role in "${roles[@]}"; do
  check "$role: socket hello" events "$tmp/ws-$role" 'any(.type == "hello")'
done
check "agent opens a ticket" expect 201 POST /api/v1/tickets '{"type":"inquiry","title":"socket check"}' "${token[agent]}"
for role in agent team_lead qa director admin; do
  check "$role: ticket.created over the socket" events "$tmp/ws-$role" 'any(.type == "ticket.created")'
done
sleep 1
for role in trainer hr it; do
  check "$role: no ticket over the socket" bash -c "! grep -q ticket.created '$tmp/ws-$role'"
done
# Ending a session closes its socket at once: logout, deactivation, a role change.
check "agent logs out" expect 204 POST /api/v1/logout "" "${token[agent]}"
check "... its socket is closed" events "$tmp/ws-agent" 'any(.type == "closed")'
check "trainer deactivated" expect 200 PATCH /api/v1/users/trainer '{"active":false}' "${token[admin]}"
check "... its socket is closed" events "$tmp/ws-trainer" 'any(.type == "closed")'
check "qa made a trainer" expect 200 PATCH /api/v1/users/qa '{"role":"trainer"}' "${token[admin]}"
check "... its socket is closed" events "$tmp/ws-qa" 'any(.type == "closed")'
check "team_lead moved to another team" expect 200 PATCH /api/v1/users/team_lead '{"team":"t2"}' "${token[admin]}"
check "... its socket is closed" events "$tmp/ws-team_lead" 'any(.type == "closed")'
check "a closed session's token opens no socket" bash -c "'$source_dir/tests/api/ws_listen.py' 'ws://127.0.0.1:$api_port/api/v1/events?token=${token[agent]}' '$tmp/ws-again' 5; grep -q 'refused 401' '$tmp/ws-again'"
open_socket() { ! jq -e -s 'any(.type == "closed")' "$1" >/dev/null; }
check "the director's socket stays open" open_socket "$tmp/ws-director"
# At most ten sockets a user: IT holds one; nine more open, the next is refused.
for i in $(seq 10); do
  "$source_dir/tests/api/ws_listen.py" "ws://127.0.0.1:$api_port/api/v1/events?token=${token[it]}" \
    "$tmp/ws-it-$i" 60 &
  pids+=($!)
  events "$tmp/ws-it-$i" 'any(.type == "hello")' >/dev/null || break
done
check "an eleventh socket of one user: 429" grep -q "refused 429" "$tmp/ws-it-10"
for f in "$tmp/ws-it" "$tmp"/ws-it-[1-9]; do check "$f stays open" open_socket "$f"; done
check "trainer active again" expect 200 PATCH /api/v1/users/trainer '{"active":true}' "${token[admin]}"
for role in agent trainer qa team_lead; do token[$role]=$(login "$role" "$role-pass-123"); done

# Users are managed within ranks: a role is given, and a user changed, only by a higher
# role (admin: any); nobody changes its own role; binding a user to an agent (and so to
# its recordings) is for directors and admins. These rows come last: the admin's changes
# end the sessions of the users changed.
while read -r method path body expected; do
  [[ -z $method || $method == \#* ]] && continue
  read -r -a want <<<"$expected"
  for i in "${!roles[@]}"; do
    role=${roles[$i]}
    check "$role: $method $path $body -> ${want[$i]}" expect "${want[$i]}" "$method" "$path" "$body" "${token[$role]}"
  done
done <<'TABLE'
POST  /api/v1/users      {"name":"d3","display_name":"d","role":"director","password":"d3-pass-123"}            403 403 403 403 403 403 403 201
POST  /api/v1/users      {"name":"h3","display_name":"h","role":"hr","password":"h3-pass-123"}                  403 403 403 403 403 403 403 201
POST  /api/v1/users      {"name":"b1","display_name":"b","role":"agent","agent":"a1","password":"b1-pass-123"}  403 403 403 403 403 403 403 201
POST  /api/v1/users      {"name":"q2","display_name":"q","role":"qa","password":"q2-pass-123"}                  403 403 403 403 403 201 409 409
PATCH /api/v1/users/q2   {"agent":"a1"}                                                                         403 403 403 403 200 403 403 200
PATCH /api/v1/users/q2   {"role":"director"}                                                                    403 403 403 403 400 403 403 200
PATCH /api/v1/users/dir2 {"password":"new-pass-1234"}                                                           403 403 403 403 400 403 403 200
PATCH /api/v1/users/dir2 {"active":false}                                                                       403 403 403 403 400 403 403 200
PATCH /api/v1/users/hr2  {"role":"director"}                                                                    403 403 403 403 400 403 403 200
PATCH /api/v1/users/it   {"unlock":true}                                                                        403 403 403 403 400 403 403 200
PATCH /api/v1/users/hr   {"role":"director"}                                                                    403 403 403 403 400 403 403 200
TABLE
check "refusals are audited" expect 200 GET "/api/v1/audit?limit=1000" "" "${token[admin]}"
check "... hr's attempt at director" body_has '[.entries[] | select(.user == "hr" and .action == "user.refused")] | length >= 3'
check "... and the admin's grants" body_has '[.entries[] | select(.user == "admin" and .action == "user.update" and (.detail | test("role director")))] | length >= 2'
check "hr's session ended with its role change" expect 401 GET /api/v1/me "" "${token[hr]}"

stop_and_report

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
  "director director - -" "hr hr - -" "it it - -" "admin admin - -"
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
GET  /api/v1/users                       -                                 403 403 403 403 403 200 200 200
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
TABLE

# Calls and recordings are filtered, not refused: each sees its own, its team's, or all.
for role in trainer hr it; do
  check "$role sees no calls" expect 200 GET /api/v1/calls "" "${token[$role]}"
  check "... none" body_has '.calls == []'
done

stop_and_report

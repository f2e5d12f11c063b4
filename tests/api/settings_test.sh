#!/usr/bin/env bash
# Center settings changed while calls go on: a caller waits in `general`, where no agent
# of the center has the skill; an IT engineer gives a1 the skill and a1's phone rings at
# once. A queue's wrap-up, the reason and disposition codes and the calendar change the
# same way, each checked against the configuration's rules, audited, kept over a restart,
# and reset to the file's value.
#
#   tests/api/settings_test.sh HOTLINE SOURCE_DIR
set -uo pipefail
hotline=$1
source_dir=$(cd "$2" && pwd)
source "$source_dir/tests/api/harness.sh"

cat >"$tmp/center.yaml" <<YAML
center: {name: Settings test center}
skills: [general, repair]
teams: [t1]
reasons: [break, lunch]
dispositions: [resolved]
queues:
  - {name: general, title: General, skills: {general: 1}, wrap_up_s: 300, ring_timeout_s: 10}
  - {name: repair, skills: {repair: 1}, wrap_up_s: 300}
agents:
  - {name: a1, skills: {repair: 5}, team: t1}
  - {name: a2, skills: {repair: 5}, team: t1}
sip:
  realm: hotline
  rtp_ports: 55000-55999
  phone_check_s: 0
  trunks: [{name: carrier, addresses: [127.0.0.2]}]
$(center_yaml_tail)
YAML

add_users "admin admin - -" "ops it - -" "li agent t1 a1" "zhao team_lead t1 -"
start_or_fail "$tmp/center.yaml" ";transport=udp"
api_port=$(api_port_of "$tmp/server.log")
admin=$(login admin admin-pass-123)
ops=$(login ops ops-pass-123)
li=$(login li li-pass-123)
zhao=$(login zhao zhao-pass-123)

waiting() {  # waiting QUEUE N: within 10 s
  for _ in $(seq 100); do
    curl -s "http://127.0.0.1:$api_port/metrics" | grep -q "^hotline_queue_waiting_calls{queue=\"$1\"} $2\$" && return 0
    sleep 0.1
  done
  return 1
}

# --- Who may: IT engineers, directors and admins; not agents or team leads.
check "an agent may not read the settings" expect 403 GET /api/v1/settings "" "$li"
check "a team lead may not change them" expect 403 PUT /api/v1/settings/agents/a1 '{"skills":{"general":3}}' "$zhao"
check "IT reads them" expect 200 GET /api/v1/settings "" "$ops"
check "... as the file says" body_has '.queues[0] | .name == "general" and .wrap_up_s == 300 and .skills == {"general": 1}'
check "... agents with their skills" body_has '.agents[0] == {"name": "a1", "team": "t1", "skills": {"repair": 5}}'
check "... nothing changed yet" body_has '.changed == [] and .reasons == ["break", "lunch"]'

# --- a1's phone registers and answers one call; a caller waits where a1 cannot help.
(cd "$tmp" && exec sipp -sf "$here/load/agents_answer.xml" -i 127.0.0.3 -p $((port + 1)) -m 1 \
  -rtp_echo -timeout 60s -nostdin >"$tmp/phone.txt" 2>&1) &
pids+=($!)
printf 'SEQUENTIAL\n10001;127.0.0.3:%s\n' $((port + 1)) >"$tmp/user.csv"
check "a1's phone registers" bash -c "cd '$tmp' && timeout 20 sipp -sf '$here/load/register_many.xml' \
  127.0.0.1:$port -i 127.0.0.3 -p 0 -inf '$tmp/user.csv' -au 10001 -ap pw -m 1 -timeout 10s \
  -timeout_error -nostdin"
check "a1 ready" state a1 '.state == "ready"'
(cd "$tmp" && exec timeout 60 sipp -sf "$source_dir/tests/api/caller_stays.xml" 127.0.0.1:$port \
  -i 127.0.0.2 -d 6000 -m 1 -timeout 50s -timeout_error -nostdin >"$tmp/caller.txt" 2>&1) &
caller_pid=$!
check "the caller waits in general" waiting general 1
sleep 1
check "... and a1 stays ready" state a1 '.state == "ready"'

# --- Bad changes are refused and change nothing.
check "a level out of range: 400" expect 400 PUT /api/v1/settings/agents/a1 '{"skills":{"general":11}}' "$ops"
check "... the setting and the place named" body_has '.error.message | contains("center settings '"'"'agent:a1'"'"'") and contains("from 1 to 10")'
check "an unknown skill: 400" expect 400 PUT /api/v1/settings/agents/a1 '{"skills":{"cooking":3}}' "$ops"
check "an unknown agent: 400" expect 400 PUT /api/v1/settings/agents/a9 '{"skills":{"general":3}}' "$ops"
check "a negative wrap-up: 400" expect 400 PUT /api/v1/settings/queues/general '{"wrap_up_s":-1}' "$ops"
check "a queue's name is the file's: 400" expect 400 PUT /api/v1/settings/queues/general '{"name":"other"}' "$ops"
check "an unknown queue: 400" expect 400 PUT /api/v1/settings/queues/nowhere '{"wrap_up_s":5}' "$ops"
check "codes must be a list: 400" expect 400 PUT /api/v1/settings/reasons '{"break":1}' "$ops"
check "not JSON: 400" expect 400 PUT /api/v1/settings/reasons '["break"' "$ops"
check "a skill still in use cannot go: 400" expect 400 PUT /api/v1/settings/skills '["general"]' "$ops"
check "opening hours backwards: 400" expect 400 PUT /api/v1/settings/calendar '{"hours":{"workday":"20:00-08:00"}}' "$ops"
check "a holiday that is no date: 400" expect 400 PUT /api/v1/settings/calendar '{"holidays":["2026-02-30"]}' "$ops"
check "nothing changed" expect 200 GET /api/v1/settings "" "$ops"
check "... really" body_has '.changed == [] and .queues[0].wrap_up_s == 300 and .agents[0].skills == {"repair": 5}'
check "... and the caller still waits" waiting general 1

# --- a1 learns the skill: its phone rings and answers at once.
check "IT gives a1 the general skill" expect 200 PUT /api/v1/settings/agents/a1 '{"skills":{"general":3,"repair":5}}' "$ops"
check "... in force" body_has '.agents[0].skills == {"general": 3, "repair": 5} and .changed == ["agent:a1"]'
check "a1 talks with the waiting caller" state a1 '.state == "talking"'
check "the queue is empty" waiting general 0
check "the queue's wrap-up shortened mid-call" expect 200 PUT /api/v1/settings/queues/general '{"wrap_up_s":2,"title":"綜合業務"}' "$ops"
check "... in force" body_has '.queues[0] | .wrap_up_s == 2 and .title == "綜合業務" and .ring_timeout_s == 10'
check "the caller hangs up" wait "$caller_pid"
check "a1 is ready after the new wrap-up, not 300 s" state a1 '.state == "ready"'
check "the wallboard has the new title" expect 200 GET /api/v1/queues "" "$admin"
check "... 綜合業務" body_has '.queues[0].title == "綜合業務"'

# --- Codes and the calendar.
check "reason codes changed" expect 200 PUT /api/v1/settings/reasons '["break","meeting"]' "$admin"
check "... listed for agents" expect 200 GET /api/v1/reasons "" "$li"
check "... meeting, not lunch" body_has '(.reasons | index("meeting")) and (.reasons | index("lunch") | not)'
check "a code taken out cannot be given" expect 400 POST /api/v1/agents/a1/state '{"state":"not_ready","reason":"lunch"}' "$li"
check "a new code can" expect 200 POST /api/v1/agents/a1/state '{"state":"not_ready","reason":"meeting"}' "$li"
check "... a1 in a meeting" state a1 '.state == "not_ready" and .reason == "meeting"'
check "disposition codes changed" expect 200 PUT /api/v1/settings/dispositions '["resolved","sale"]' "$admin"
check "... listed" expect 200 GET /api/v1/dispositions "" "$li"
check "... both" body_has '.dispositions == ["resolved","sale"]'
check "the calendar changed" expect 200 PUT /api/v1/settings/calendar '{"holidays":["2026-12-25"],"workdays":[],"hours":{"workday":"08:00-20:00","holiday":"closed"}}' "$admin"
check "... in force" body_has '.calendar | .holidays == ["2026-12-25"] and .hours == {"workday":"08:00-20:00","weekend":"00:00-24:00","holiday":"closed"}'

# --- Teams: a new one, and an agent moved to it; t1's team lead no longer reaches it.
check "a new team" expect 200 PUT /api/v1/settings/teams '["t1","t2"]' "$admin"
check "... listed" body_has '.teams == ["t1","t2"]'
check "a2 moved to t2" expect 200 PUT /api/v1/settings/agents/a2 '{"team":"t2"}' "$admin"
check "... in force, its skills kept" body_has '.agents[1] | .team == "t2" and .skills == {"repair": 5}'
check "an unknown team: 400" expect 400 PUT /api/v1/settings/agents/a2 '{"team":"t9"}' "$admin"
check "... says which" body_has '.error.message | contains("no team")'
check "a team its agents belong to cannot go: 400" expect 400 PUT /api/v1/settings/teams '["t1"]' "$admin"
check "the center's view of a2: t2" state a2 '.team == "t2"'
check "t1's team lead may no longer change a2's state" expect 403 POST /api/v1/agents/a2/state '{"state":"ready"}' "$zhao"

# --- Every change is audited, with its value.
check "audit log" expect 200 GET "/api/v1/audit?limit=50" "" "$admin"
check "... each change by its user" body_has '[.entries[] | select(.action == "settings.change") | .user + " " + .target] | sort
  == ["admin agent:a2", "admin calendar", "admin dispositions", "admin reasons", "admin teams",
      "ops agent:a1", "ops queue:general"]'
check "... with the value" body_has '.entries[] | select(.target == "queue:general") | .detail | contains("\"wrap_up_s\":2")'

# --- Kept over a restart; reset to the file's value.
kill -TERM "$server_pid"
wait "$server_pid"
check "server stopped cleanly" test $? -eq 0
start_or_fail "$tmp/center.yaml" ";transport=udp"
api_port=$(api_port_of "$tmp/server.log")
ops=$(login ops ops-pass-123)
check "after a restart" expect 200 GET /api/v1/settings "" "$ops"
check "... the changes are in force" body_has '.queues[0].wrap_up_s == 2 and .agents[0].skills.general == 3 and .reasons == ["break","meeting"]
  and .agents[1].team == "t2" and (.changed | length) == 7'
check "the queue back to the file's" expect 200 DELETE /api/v1/settings/queues/general "" "$ops"
check "... wrap-up 300 again" body_has '.queues[0].wrap_up_s == 300 and .queues[0].title == "General" and (.changed | index("queue:general") | not)'
check "a broken file setting does not stop the center" bash -c "sqlite3 '$tmp/data/hotline.db' \"insert into center_settings values ('queue:gone', '{}', 0, 'x')\""
kill -TERM "$server_pid"
wait "$server_pid"
start_or_fail "$tmp/center.yaml" ";transport=udp"
check "... it runs on the file alone and says why" grep -q "no queue 'gone'" "$tmp/server.log"
stop_and_report

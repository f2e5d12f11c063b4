#!/usr/bin/env bash
# Call controls from the desktop, with real calls: a caller from the trunk (SIPp) reaches
# a1's phone; a1 holds and resumes, gives a disposition code and transfers the caller to
# the repair queue, where a2's phone answers; a2 sends it to a1 (ready again), and a1
# sends it out to a number through the trunk, where the carrier (SIPp) answers. The
# records say who had which part, how long it was on hold, and how each part ended.
#
#   tests/api/call_controls_test.sh HOTLINE SOURCE_DIR
set -uo pipefail
hotline=$1
source_dir=$(cd "$2" && pwd)
source "$source_dir/tests/api/harness.sh"

cat >"$tmp/center.yaml" <<YAML
center: {name: Call controls test center}
skills: [general, repair]
teams: [t1, t2]
reasons: [break]
dispositions: [resolved, sale, repair_order]
queues:
  - {name: general, skills: {general: 1}, wrap_up_s: 300, ring_timeout_s: 10}
  - {name: repair, skills: {repair: 1}, wrap_up_s: 300, ring_timeout_s: 10}
agents:
  - {name: a1, skills: {general: 5}, team: t1}
  - {name: a2, skills: {repair: 5}, team: t2}
sip:
  realm: hotline
  rtp_ports: 61000-61999
  phone_check_s: 0
  trunks: [{name: carrier, addresses: [127.0.0.2], outbound: "sip:127.0.0.12:5060", number: "4008001234"}]
$(center_yaml_tail)
YAML

add_users "admin admin - -" "li agent t1 a1" "wang agent t2 a2" "zhao team_lead t2 -"

start_or_fail "$tmp/center.yaml" ";transport=udp"
api_port=$(api_port_of "$tmp/server.log")
admin=$(login admin admin-pass-123)
li=$(login li li-pass-123)
wang=$(login wang wang-pass-123)
zhao=$(login zhao zhao-pass-123)

db() { sqlite3 "$tmp/data/hotline.db" "$1"; }

# --- The phones register and answer (a1's three times), the carrier waits for the transfer.
phone() {  # phone PORT CALLS USER
  (cd "$tmp" && exec sipp -sf "$here/load/agents_answer.xml" -i 127.0.0.3 -p "$1" -m "$2" \
    -rtp_echo -timeout 90s -nostdin >"$tmp/phone-$3.txt" 2>&1) &
  pids+=($!)
  printf 'SEQUENTIAL\n%s;127.0.0.3:%s\n' "$3" "$1" >"$tmp/user-$3.csv"
  check "phone $3 registers" bash -c "cd '$tmp' && timeout 20 sipp -sf '$here/load/register_many.xml' \
    127.0.0.1:$port -i 127.0.0.3 -p 0 -inf '$tmp/user-$3.csv' -au $3 -ap pw -m 1 -timeout 10s \
    -timeout_error -nostdin"
}
phone $((port + 1)) 3 10001
phone $((port + 2)) 1 10002
check "a1 ready" state a1 '.state == "ready"'
check "a2 ready" state a2 '.state == "ready"'
(cd "$tmp" && exec timeout 90 sipp -sf "$here/outside/carrier_answers.xml" -i 127.0.0.12 -p 5060 \
  -m 1 -timeout 80s -timeout_error -nostdin >"$tmp/carrier.txt" 2>&1) &
carrier_pid=$!
pids+=($carrier_pid)

check "dispositions listed" expect 200 GET /api/v1/dispositions "" "$li"
check "... as configured" body_has '.dispositions == ["resolved","sale","repair_order"]'
check "not talking: hold refused" expect 409 POST /api/v1/agents/a1/hold "" "$li"
check "not talking: transfer refused" expect 409 POST /api/v1/agents/a1/transfer '{"queue":"repair"}' "$li"
check "not talking nor in wrap-up: no code" expect 409 POST /api/v1/agents/a1/disposition '{"code":"sale"}' "$li"

# --- The caller stays 30 s: long enough for every step below.
(cd "$tmp" && exec timeout 90 sipp -sf "$source_dir/tests/api/caller_stays.xml" 127.0.0.1:$port \
  -i 127.0.0.2 -d 30000 -m 1 -timeout 80s -timeout_error -nostdin >"$tmp/caller.txt" 2>&1) &
caller_pid=$!
check "a1 talks" state a1 '.state == "talking" and .on_hold == false'

check "another team's lead may not hold a1" expect 403 POST /api/v1/agents/a1/hold "" "$zhao"
check "another agent may not transfer a1's call" expect 403 POST /api/v1/agents/a1/transfer '{"queue":"repair"}' "$wang"
check "hold" expect 200 POST /api/v1/agents/a1/hold "" "$li"
check "... on hold" body_has '.state == "talking" and .on_hold == true'
check "hold twice: 409" expect 409 POST /api/v1/agents/a1/hold "" "$li"
sleep 1
check "resume" expect 200 POST /api/v1/agents/a1/resume "" "$li"
check "... talking again" body_has '.on_hold == false'
check "resume twice: 409" expect 409 POST /api/v1/agents/a1/resume "" "$li"
check "unknown code: 400" expect 400 POST /api/v1/agents/a1/disposition '{"code":"nap"}' "$li"
check "... says so" body_has '.error.code == "unknown_target"'
check "code without a code: 400" expect 400 POST /api/v1/agents/a1/disposition '{}' "$li"
check "code while talking" expect 200 POST /api/v1/agents/a1/disposition '{"code":"sale"}' "$li"
check "... shown" body_has '.disposition_code == "sale"'
check "transfer to two targets: 400" expect 400 POST /api/v1/agents/a1/transfer '{"queue":"repair","agent":"a2"}' "$li"
check "transfer to nothing: 400" expect 400 POST /api/v1/agents/a1/transfer '{}' "$li"
check "unknown queue: 400" expect 400 POST /api/v1/agents/a1/transfer '{"queue":"nowhere"}' "$li"
check "unknown agent: 400" expect 400 POST /api/v1/agents/a1/transfer '{"agent":"a9"}' "$li"
check "not a number: 400" expect 400 POST /api/v1/agents/a1/transfer '{"number":"95588; drop"}' "$li"
check "to oneself: 409" expect 409 POST /api/v1/agents/a1/transfer '{"agent":"a1"}' "$li"
check "the call is still a1's" state a1 '.state == "talking"'
check "hold again, then transfer while held" expect 200 POST /api/v1/agents/a1/hold "" "$li"
sleep 1
check "transfer to the repair queue" expect 200 POST /api/v1/agents/a1/transfer '{"queue":"repair"}' "$li"
check "... a1 in wrap-up" body_has '.state == "wrap_up" and .disposition_code == "sale"'
check "a2's phone answered it" state a2 '.state == "talking" and (.call | length > 0)'
check "a1's code changed in wrap-up" expect 200 POST /api/v1/agents/a1/disposition '{"code":"repair_order"}' "$li"
check "a1 is not ready for a transfer yet" expect 409 POST /api/v1/agents/a2/transfer '{"agent":"a1"}' "$wang"
check "... says so" body_has '.error.code == "target_not_ready"'
check "a1 done with wrap-up" expect 200 POST /api/v1/agents/a1/wrap-up-done "" "$li"
check "a2 hands the caller to a1" expect 200 POST /api/v1/agents/a2/transfer '{"agent":"a1"}' "$wang"
check "a1 talks again" state a1 '.state == "talking"'
# The knowledge base's "back to the IVR": the caller hears the welcome again and, from
# there, queues for the next free agent (a1, once its wrap-up is done).
check "unknown IVR node: 400" expect 400 POST /api/v1/agents/a1/transfer '{"ivr_node":"nowhere"}' "$li"
check "... says so" body_has '.error.code == "unknown_target"'
check "a1 sends the caller back into the IVR" expect 200 POST /api/v1/agents/a1/transfer '{"ivr_node":"welcome"}' "$li"
check "... a1 in wrap-up" body_has '.state == "wrap_up"'
check "the caller waits in the queue after the welcome" bash -c "for i in \$(seq 100); do
  curl -s http://127.0.0.1:$api_port/metrics | grep -q '^hotline_queue_waiting_calls{queue=\"general\"} 1$' && exit 0; sleep 0.1; done; exit 1"
check "a1 done with wrap-up" expect 200 POST /api/v1/agents/a1/wrap-up-done "" "$li"
check "a1 talks a third time" state a1 '.state == "talking"'
check "a1 sends the caller out to a number" expect 200 POST /api/v1/agents/a1/transfer '{"number":"95588"}' "$li"
check "... a1 in wrap-up" body_has '.state == "wrap_up"'
check "the caller did not notice and hung up at the end" wait "$caller_pid"
check "the carrier answered and got the BYE" wait "$carrier_pid"

# --- Four records, one per agent's part, linked.
check "four parts recorded" bash -c "for i in \$(seq 50); do
  [[ \$(sqlite3 '$tmp/data/hotline.db' 'select count(*) from calls') == 4 ]] && exit 0; sleep 0.1; done; exit 1"
db "select uid, agent, queue, hangup_side, hangup_cause, hold_us, disposition_code, transferred_from, recording from calls order by id" >"$tmp/records"
cat "$tmp/records"
row() { sed -n "$1p" "$tmp/records"; }
check "a1's part: transferred to repair" bash -c "[[ '$(row 1 | cut -d'|' -f2-5)' == 'a1|general|agent|transfer:repair' ]]"
check "... held about 2 s" bash -c "(( $(row 1 | cut -d'|' -f6) > 1500000 && $(row 1 | cut -d'|' -f6) < 10000000 ))"
check "... code given in wrap-up" bash -c "[[ '$(row 1 | cut -d'|' -f7)' == repair_order ]]"
check "a2's part follows it" bash -c "[[ '$(row 2 | cut -d'|' -f2-5)|$(row 2 | cut -d'|' -f8)' == 'a2|repair|agent|transfer:a1|$(row 1 | cut -d'|' -f1)' ]]"
check "a1's second part ends in the IVR" bash -c "[[ '$(row 3 | cut -d'|' -f2,5,8)' == 'a1|transfer:ivr:welcome|$(row 2 | cut -d'|' -f1)' ]]"
check "a1's third part ends outside" bash -c "[[ '$(row 4 | cut -d'|' -f2,3,5,8)' == 'a1|general|transfer:95588|$(row 3 | cut -d'|' -f1)' ]]"
check "... its IVR path has the welcome twice" bash -c "[[ \$(sqlite3 '$tmp/data/hotline.db' 'select ivr_path from calls where id = 4') == welcome\>queue\>welcome\>queue ]]"
check "... its outside leg answered" bash -c "[[ \$(sqlite3 '$tmp/data/hotline.db' \"select result from call_legs where number = '95588'\") == answered ]]"
check "each part has its own recording" bash -c "[[ \$(cut -d'|' -f9 '$tmp/records' | sort -u | grep -c wav) == 4 ]]"
for f in $(cut -d'|' -f9 "$tmp/records"); do
  check "recording $f written" test -s "$tmp/data/recordings/$f"
done
# --- The records over the API: each sees its own part, its team's, or (admin) all.
uid1=$(row 1 | cut -d'|' -f1) uid2=$(row 2 | cut -d'|' -f1)
check "li lists her calls" expect 200 GET /api/v1/calls "" "$li"
check "... her three parts, newest first" body_has "[.calls[].uid] == [\"$(row 4 | cut -d'|' -f1)\", \"$(row 3 | cut -d'|' -f1)\", \"$uid1\"]"
check "... with hold, code and transfer" body_has ".calls[2] | .hold_s > 1.5 and .disposition_code == \"repair_order\"
  and .hangup_cause == \"transfer:repair\" and (.recording | length > 0) and (.legs | length) == 1"
check "wang lists his" expect 200 GET /api/v1/calls "" "$wang"
check "... one, linked to li's" body_has "[.calls[] | .transferred_from] == [\"$uid1\"]"
check "zhao (lead of t2) sees a2's" expect 200 GET /api/v1/calls "" "$zhao"
check "... only" body_has '[.calls[].agent] == ["a2"]'
check "zhao may not ask for a1's" expect 403 GET "/api/v1/calls?agent=a1" "" "$zhao"
check "admin sees all" expect 200 GET "/api/v1/calls?limit=10" "" "$admin"
check "... four" body_has '.calls | length == 4'
check "admin filters by agent and time" expect 200 GET "/api/v1/calls?agent=a2&from=2020-01-01T00:00:00Z" "" "$admin"
check "... one" body_has '.calls | length == 1'
check "bad time: 400" expect 400 GET "/api/v1/calls?from=yesterday" "" "$admin"
check "bad limit: 400" expect 400 GET "/api/v1/calls?limit=0" "" "$admin"
check "li reads her call" expect 200 GET "/api/v1/calls/$uid1" "" "$li"
check "li may not read wang's" expect 403 GET "/api/v1/calls/$uid2" "" "$li"
check "unknown call: 404" expect 404 GET /api/v1/calls/nope "" "$admin"
check "li hears her recording" expect 200 GET "/api/v1/calls/$uid1/recording" "" "$li"
check "... a WAV file" bash -c "head -c 4 '$tmp/body' | grep -q RIFF && (( \$(stat -c %s '$tmp/body') > 16000 ))"
check "zhao may not hear li's" expect 403 GET "/api/v1/calls/$uid1/recording" "" "$zhao"
check "zhao hears wang's" expect 200 GET "/api/v1/calls/$uid2/recording" "" "$zhao"
check "audited" expect 200 GET "/api/v1/audit?limit=50" "" "$admin"
check "... every recording fetched" body_has "[.entries[] | select(.action == \"recording.read\") | .user + \" \" + .target]
  | sort == [\"li $uid1\", \"zhao $uid2\"]"
check "audited" expect 200 GET "/api/v1/audit?limit=50" "" "$admin"
check "... hold, transfers and codes" body_has '[.entries[].action] | index("call.hold") and index("call.resume")
  and index("call.transfer_to_queue") and index("call.transfer_to_agent") and index("call.transfer_to_number") and index("call.transfer_to_ivr")
  and index("call.disposition")'
check "no call left behind" bash -c "curl -s http://127.0.0.1:$api_port/metrics | grep -q '^hotline_calls_in_progress 0$'"

stop_and_report

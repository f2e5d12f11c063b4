#!/usr/bin/env bash
# The simulator agrees with the live center: real calls (SIPp callers from the trunk, an
# agent's SIPp phone) reach one agent, some wait, some hang up waiting (one within the
# center's short abandon); then the wallboard (the API), `hotline report` and
# `hotline sim --replay-records` on the same day's calls give the same figures.
#
#   tests/sim/live_test.sh HOTLINE SOURCE_DIR
set -uo pipefail
hotline=$1
source_dir=$(cd "$2" && pwd)
source "$source_dir/tests/api/harness.sh"

cat >"$tmp/center.yaml" <<YAML
center: {name: Live and simulated, short_abandon_s: 3}
skills: [general]
teams: [t1]
queues: [{name: general, skills: {general: 1}, sl_seconds: 5, wrap_up_s: 1, ring_timeout_s: 10}]
agents:
  - {name: a1, skills: {general: 5}, team: t1}
sip:
  realm: hotline
  rtp_ports: 63000-63999
  phone_check_s: 0
  trunks: [{name: carrier, addresses: [127.0.0.2]}]
  accounts:
    - {user: "10001", agent: a1, ha1: $("$hotline" hash-password 10001 hotline pw)}
ivr:
  - {id: queue, title: Agent, type: queue, queue: general}
api:
  listen: 127.0.0.1:0
YAML
add_users "admin admin - -"
start_or_fail "$tmp/center.yaml" ";transport=udp"
api_port=$(api_port_of "$tmp/server.log")
admin=$(login admin admin-pass-123)

# The agent's phone answers three calls; registering logs a1 in, ready.
(cd "$tmp" && exec sipp -sf "$here/load/agents_answer.xml" -i 127.0.0.3 -p $((port + 1)) -m 3 \
  -timeout 90s -nostdin >"$tmp/phone.txt" 2>&1) &
pids+=($!)
printf 'SEQUENTIAL\n10001;127.0.0.3:%s\n' $((port + 1)) >"$tmp/user.csv"
check "phone registers" bash -c "cd '$tmp' && timeout 20 sipp -sf '$here/load/register_many.xml' \
  127.0.0.1:$port -i 127.0.0.3 -p 0 -inf '$tmp/user.csv' -au 10001 -ap pw -m 1 -timeout 10s \
  -timeout_error -nostdin"
check "a1 ready" state a1 '.state == "ready"'

# caller NAME STAYS_MS: a caller from the trunk who hangs up STAYS_MS (plus half a second)
# after the center answered, whether or not the agent has answered by then.
caller() { sipp_background "$1" 127.0.0.2 ../api/caller_stays.xml 127.0.0.1:$port -d "$2"; }
# Seconds from the first call: A is answered at once and talks 10 s; B hangs up after
# 2 s (a short abandon); C waits for a1 (A's talk and 1 s of wrap-up: out of the 5 s);
# D gives up after 6 s, before a1 is free; E, much later, is answered at once.
caller A 10000
sleep 1
caller B 1500
sleep 1
caller C 14000
sleep 2
caller D 5500
sleep 15
caller E 2500
for name in A B C D E; do
  check "caller $name done" test "$(sipp_result "$name")" = 0
done
check "a1 ready again" state a1 '.state == "ready"'

check "the records: three answered, two abandoned" bash -c "sqlite3 '$tmp/data/hotline.db' \
  \"select group_concat(disposition, ' ') from (select disposition from calls order by arrived)\" \
  | grep -qx 'answered abandoned answered abandoned answered'"

figures='[.offered, .answered, .abandoned, .service_level, .answer_rate]'
api GET /api/v1/queues "" "$admin" >/dev/null
jq -c ".queues[0].today | $figures" "$tmp/body" >"$tmp/board.json"
jq -r '.queues[0].today.asa_s' "$tmp/body" >"$tmp/board_asa"
"$hotline" report calls --data "$tmp/data" --queues --json >"$tmp/cli_full.json"
jq -c ".queues[] | select(.queue == \"general\") | $figures" "$tmp/cli_full.json" >"$tmp/cli.json"
"$hotline" sim --config "$tmp/center.yaml" --replay-records "$tmp/data" --json >"$tmp/sim_full.json"
check "the simulator replays the day's recorded calls" \
  jq -e '.queues[0].name == "general" and .events.calls == 5' "$tmp/sim_full.json"
jq -c ".queues[0].kpis | $figures" "$tmp/sim_full.json" >"$tmp/sim.json"
echo "offered, answered, abandoned, SL, 接通率: wallboard $(cat "$tmp/board.json"), CLI $(cat "$tmp/cli.json"), simulator $(cat "$tmp/sim.json")"
check "the calls as intended: 3 answered, 1 abandoned and 1 short abandon, 2 of 4 in SL" \
  jq -e '.[1] == 3 and .[2] == 1 and .[3] == 0.5' "$tmp/cli.json"
check "the wallboard and the CLI agree" diff "$tmp/board.json" "$tmp/cli.json"
check "the simulator and the CLI agree" \
  jq -e --slurpfile cli "$tmp/cli.json" '. == $cli[0]' "$tmp/sim.json"
# The simulator's callers wait exactly as long as the recorded ones did, its agent does not
# take the milliseconds a phone takes: the mean wait agrees to a tenth of a second.
check "the simulator's ASA is the CLI's within 0.1 s" jq -e --slurpfile sim "$tmp/sim_full.json" \
  '.queues[] | select(.queue == "general") | (.asa_s - $sim[0].queues[0].kpis.asa_s) | fabs < 0.1' \
  "$tmp/cli_full.json"
check "the wallboard's ASA is the CLI's" jq -e --slurpfile cli "$tmp/cli_full.json" \
  '. == ($cli[0].queues[] | select(.queue == "general") | .asa_s)' "$tmp/board_asa"

# A what-if on the same calls: with three agents, every caller is answered.
sed 's/^agents:$/agents:\n  - {name: a2, skills: {general: 5}, team: t1}\n  - {name: a3, skills: {general: 5}, team: t1}/' \
  "$tmp/center.yaml" >"$tmp/three.yaml"
"$hotline" sim --config "$tmp/three.yaml" --replay-records "$tmp/data" --json >"$tmp/three.json"
check "what if three agents: all five answered, sooner" jq -e --slurpfile one "$tmp/sim_full.json" \
  '.queues[0].kpis | .answered == 5 and .abandoned == 0 and .asa_s < $one[0].queues[0].kpis.asa_s' \
  "$tmp/three.json"

check "a day without records: exit 1, said" bash -c "! '$hotline' sim --config '$tmp/center.yaml' \
  --replay-records '$tmp/nowhere' 2>'$tmp/err' && grep -q 'no call records' '$tmp/err'"
check "a bad date: exit 2" bash -c "'$hotline' sim --config '$tmp/center.yaml' \
  --replay-records '$tmp/data' --date 2026-13-01 2>/dev/null; test \$? -eq 2"

stop_and_report

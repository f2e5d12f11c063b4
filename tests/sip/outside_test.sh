#!/usr/bin/env bash
# Calls that leave the center through its trunk, against SIPp on loopback: the IVR's
# transfer to a number (answered, and busy), a remote seat reached at its number, and an
# agent's phone dialling out (answered, busy). The carrier is a SIPp UAS on
# 127.0.0.5:5060 (tests/sip/outside-center.yaml); the records are checked with sqlite3
# and the recordings with sox.
set -u
hotline=$1
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d)
passed=0 failed=0
server_pid=""
carrier_pid=""
cleanup() {
  [[ -n $server_pid ]] && kill "$server_pid" 2>/dev/null
  [[ -n $carrier_pid ]] && kill "$carrier_pid" 2>/dev/null
  rm -rf "$tmp"
}
trap cleanup EXIT

source "$here/lib.sh"
start_or_fail "$here/outside-center.yaml" ";transport=udp"

sipp_timeout=30s

# The carrier answers one call in the background; carrier_done NAME checks how it went.
carrier_waits() {  # carrier_waits SCENARIO [sipp args: -d MS, how long it rings]
  local scenario=$1
  shift
  (cd "$tmp" && timeout 60 sipp -sf "$here/outside/$scenario" -i 127.0.0.5 -p 5060 -m 1 \
    -timeout 40s -timeout_error -nostdin -trace_err "$@" >"$tmp/carrier.txt" 2>&1) &
  carrier_pid=$!
  sleep 0.5
}
carrier_done() {
  wait "$carrier_pid"
  local code=$?
  carrier_pid=""
  check "$1 (carrier exit $code)" test "$code" -eq 0
  [[ $code -eq 0 ]] || cat "$tmp/carrier.txt" "$tmp"/carrier_*errors* 2>/dev/null | tail -20
}
sql() { sqlite3 "$tmp/data/hotline.db" "$1"; }
loud() {  # loud FILE CHANNEL: the channel's RMS amplitude is well above silence
  local rms
  rms=$(sox "$1" -n remix "$2" stat 2>&1 | awk '/RMS     amplitude/ {print $3}')
  awk -v r="$rms" 'BEGIN { exit !(r > 0.01) }'
}

# 1. The IVR transfers the caller to 95588; the bank answers; the caller talks, hangs up.
carrier_waits carrier_answers.xml
check "transfer: caller presses 1, talks with the outside number, hangs up" \
  sipp_run outside/caller_transferred.xml 127.0.0.2
carrier_done "transfer: the carrier got the call from the center's number and the BYE"
check "transfer: CDR disposition and target" \
  test "$(sql "select disposition, hangup_cause from calls order by id desc limit 1")" = "transferred|95588"
check "transfer: the outside leg answered" \
  test "$(sql "select number, result, sip_status from call_legs order by rowid desc limit 1")" = "95588|answered|200"
recording=$(sql "select recording from calls order by id desc limit 1")
check "transfer: recorded" test -s "$tmp/data/recordings/$recording"
check "transfer: the caller's speech on the left channel" loud "$tmp/data/recordings/$recording" 1
check "transfer: the far end's speech on the right channel" loud "$tmp/data/recordings/$recording" 2

# 1b. The carrier challenges the call out (401): answered with the trunk's credentials.
carrier_waits carrier_challenges.xml
check "transfer through a carrier that challenges: answered with the trunk's credentials" \
  sipp_run outside/caller_transferred.xml 127.0.0.2
carrier_done "challenging carrier: the digest answer checked out"
check "challenged transfer: CDR leg answered" \
  test "$(sql "select number, result, sip_status from call_legs order by rowid desc limit 1")" = "95588|answered|200"

# 2. The outside number is busy: the caller is told and the center hangs up.
carrier_waits carrier_busy.xml
check "transfer to a busy number: the caller is told, then hung up" sipp_run ivr_call.xml 127.0.0.2
carrier_done "transfer to a busy number: the carrier said 486"
check "busy transfer: CDR leg busy" \
  test "$(sql "select number, result, sip_status from call_legs order by rowid desc limit 1")" = "95588|busy|486"

# 2b. Nobody answers the outside number: the center gives up after 3 s (CANCEL).
carrier_waits carrier_rings.xml
check "transfer nobody answers: the caller is told, then hung up" sipp_run ivr_call.xml 127.0.0.2
carrier_done "transfer nobody answers: the carrier's ring was cancelled"
check "unanswered transfer: CDR leg no_answer (487)" \
  test "$(sql "select number, result, sip_status from call_legs order by rowid desc limit 1")" = "95588|no_answer|487"

# 3. home1 is a remote seat: the queue's call rings its number through the trunk.
carrier_waits carrier_answers.xml
check "remote seat: caller presses 2, the seat's number answers, talk, hang up" \
  sipp_run caller_to_agent.xml 127.0.0.2
carrier_done "remote seat: rung through the trunk, got the BYE"
check "remote seat: CDR answered by home1" \
  test "$(sql "select disposition, agent from calls order by id desc limit 1")" = "answered|home1"
check "remote seat: the leg went to its number" \
  test "$(sql "select agent, number, result from call_legs order by rowid desc limit 1")" = "home1|13900001111|answered"

# 4. agent1's phone registers and dials out; the customer answers; the agent hangs up.
check "agent phone registers" sipp_run register_stay.xml 127.0.0.3 -au 1001 -ap secret
carrier_waits carrier_answers.xml
check "call out: the agent's phone dials 13700002222, talks, hangs up" \
  sipp_run outside/agent_dials.xml 127.0.0.3 -s 13700002222 -au 1001 -ap secret
carrier_done "call out: the carrier got the call and the BYE"
check "call out: CDR" \
  test "$(sql "select direction, caller, called, agent, disposition, hangup_side from calls order by id desc limit 1")" = "outbound|4008001234|13700002222|agent1|answered|agent"
recording=$(sql "select recording from calls order by id desc limit 1")
check "call out: the customer's speech on the left channel" loud "$tmp/data/recordings/$recording" 1
check "call out: the agent's speech on the right channel" loud "$tmp/data/recordings/$recording" 2
check "call out: the recording lasts the talk" \
  test "$(sql "select recording_us >= 2000000 and answered is not null from calls order by id desc limit 1")" = 1

# 5. A busy number: the agent's phone hears 486; a wrong password never reaches the trunk.
carrier_waits carrier_busy.xml
check "call out to a busy number: the phone gets 486" \
  sipp_run outside/agent_dial_busy.xml 127.0.0.3 -s 13700002222 -au 1001 -ap secret
carrier_done "call out to a busy number: the carrier said 486"
check "call out to a busy number: CDR" \
  test "$(sql "select disposition, hangup_side from calls order by id desc limit 1")" = "busy|customer"
check "call out with a wrong password refused" \
  sipp_run feature_code_refused.xml 127.0.0.3 -s 13700002222 -au 1001 -ap guess

# 6. A carrier known by its credentials, from an address no trunk names.
check "a carrier authenticating with digest: its call is taken" \
  sipp_run outside/trunk_digest.xml 127.0.0.6 -s 4008001234 -au carrier7 -ap trunkpw
check "a carrier with a wrong password refused" \
  sipp_run outside/trunk_digest_refused.xml 127.0.0.6 -s 4008001234 -au carrier7 -ap wrong
check "a phone's credentials do not make a trunk" \
  sipp_run outside/trunk_digest_refused.xml 127.0.0.6 -s 4008001234 -au 1001 -ap secret
check "the trunk's credentials register no phone" \
  sipp_run register_rejected.xml 127.0.0.6 -s carrier7 -au carrier7 -ap trunkpw

stopped_cleanly

# 7. A number that rings longer than the RTP timeout (here 2 s) before it answers:
# ringing is not silence. Neither the number nor the phone (which hears our answer only
# now) can send before the answer.
sed 's/rtp_timeout_s: 30/rtp_timeout_s: 2/; s/outbound_ring_timeout_s: 3 /outbound_ring_timeout_s: 10 /' \
  "$here/outside-center.yaml" >"$tmp/slow.yaml"
start_or_fail "$tmp/slow.yaml" ";transport=udp"
check "slow: agent1's phone registers" sipp_run register_stay.xml 127.0.0.3 -au 1001 -ap secret
carrier_waits carrier_answers.xml -d 4000
check "slow: the phone dials a number that rings 4 s, then talks and hangs up" \
  sipp_run outside/agent_dials.xml 127.0.0.3 -s 13700002222 -au 1001 -ap secret
carrier_done "slow: the number answered after 4 s of ringing and got the BYE"
check "slow: answered and ended by the agent, not by an RTP timeout" \
  test "$(sql "select disposition || ' ' || hangup_side || ' ' || hangup_cause from calls order by id desc limit 1")" = "answered agent bye"

stopped_cleanly slow

# 8. Destinations by name: a queue with nobody logged in overflows to the partner site's
# own server (a SIP URI, the caller's number shown); the IVR transfers to the head
# office's number through the named trunk.
start_or_fail "$here/partner-center.yaml" ";transport=udp"
(cd "$tmp" && timeout 60 sipp -sf "$here/outside/partner_answers.xml" -i 127.0.0.7 -p 5060 -m 1 \
  -timeout 40s -timeout_error -nostdin -trace_err >"$tmp/partner.txt" 2>&1) &
carrier_pid=$!
sleep 0.5
check "partner: the caller asks for an agent, talks with the partner site, hangs up" \
  sipp_run caller_to_agent.xml 127.0.0.2
carrier_done "partner: its server got the call at its URI with the caller's number"
check "partner: CDR overflowed to it, the leg answered" \
  test "$(sql "select c.disposition || ' ' || c.hangup_cause || ' ' || l.number || ' ' || l.result from calls c join call_legs l on l.call_id = c.id order by c.id desc limit 1")" = "overflowed partner partner answered"
carrier_waits carrier_answers.xml -trace_msg
check "head office: the caller presses 1, talks with the number, hangs up" \
  sipp_run outside/caller_transferred.xml 127.0.0.2
carrier_done "head office: the carrier got its number from the center's number"
check "head office: the carrier was asked for its number" \
  grep -q "^INVITE sip:4008005678@127.0.0.5:5060" "$tmp"/carrier_answers_*messages.log
check "head office: CDR transferred to it" \
  test "$(sql "select disposition || ' ' || hangup_cause from calls order by id desc limit 1")" = "transferred head-office"
stopped_cleanly partner
[[ $failed -eq 0 ]] || tail -30 "$tmp/server.log"
echo "$passed passed, $failed failed"
[[ $failed -eq 0 ]]

#!/usr/bin/env bash
# hotline serve against SIPp on loopback: OPTIONS, REGISTER with digest (right, wrong,
# unknown), INVITE from an unknown source and from the trunk, a malformed datagram, and
# a clean shutdown with every sofia handle released.
set -u
hotline=$1
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d)
passed=0 failed=0
server_pid=""
cleanup() {
  [[ -n $server_pid ]] && kill "$server_pid" 2>/dev/null
  rm -rf "$tmp"
}
trap cleanup EXIT

source "$here/lib.sh"

start_or_fail "$here/center.yaml"

# A phone waiting for the center's INVITE: phone_waits SCENARIO IP PORT starts SIPp in the
# background (pid in phone_pid); phone_done NAME PID SCENARIO checks how it ended.
phone_waits() {
  (cd "$tmp" && timeout 60 sipp -sf "$here/$1" -i "$2" -p "$3" -m 1 \
    -timeout 40s -timeout_error -nostdin -trace_err >"$tmp/phone-$1.txt" 2>&1) &
  phone_pid=$!
  sleep 0.5
}
phone_done() {
  local name=$1 pid=$2 scenario=$3
  wait "$pid"
  local code=$?
  check "$name (exit $code)" test "$code" -eq 0
  [[ $code -eq 0 ]] || cat "$tmp/phone-$scenario.txt" "$tmp/${scenario%.xml}"*errors* 2>/dev/null | tail -20
}

check "OPTIONS answered" sipp_run options.xml 127.0.0.1
check "OPTIONS answered over TCP" sipp_run options.xml 127.0.0.1 -t t1
check "REGISTER with the right password" sipp_run register.xml 127.0.0.1 -au 1001 -ap secret
check "REGISTER with a wrong password" sipp_run register_rejected.xml 127.0.0.1 -s 1001 -au 1001 -ap guess
check "REGISTER of an unknown extension" sipp_run register_rejected.xml 127.0.0.1 -s 4711 -au 4711 -ap secret
check "REGISTER for someone else's extension" sipp_run register_rejected.xml 127.0.0.1 -s 1002 -au 1001 -ap secret
check "INVITE from an unknown source refused" sipp_run invite_refused.xml 127.0.0.1
check "a trunk call is answered, the caller hangs up" sipp_run invite_from_trunk.xml 127.0.0.2
check "session timer agreed and refreshed" sipp_run session_timer.xml 127.0.0.2
check "race: BYE before ACK" sipp_run bye_before_ack.xml 127.0.0.2
# Glare (the center's session refresh crossing a phone's re-INVITE) is in
# session_refresh_test.sh; here a BYE crosses a re-INVITE.
check "race: BYE crosses a re-INVITE" sipp_run bye_crosses_reinvite.xml 127.0.0.2 \
  -default_behaviors all,-abortunexp
check "malformed SDP refused with 488" sipp_run invite_bad_sdp.xml 127.0.0.2
# A delayed offer (no SDP in the INVITE): our offer goes in the 200 OK, the caller's answer
# comes in its ACK, and the hold music reaches the address and codec of that answer.
sink_port=$((port + 9))
python3 "$here/rtp_sink.py" 127.0.0.2 "$sink_port" 4 >"$tmp/sink.txt" &
sink_pid=$!
sleep 0.2
check "delayed offer: our offer in the 200 OK, the answer in the ACK" \
  sipp_run delayed_offer.xml 127.0.0.2 -set sink_port "$sink_port"
wait "$sink_pid"
check "delayed offer: audio goes where the ACK said, in its codec (PCMA) ($(cat "$tmp/sink.txt"))" \
  awk '{ exit !($1 > 50 && $2 == 8) }' "$tmp/sink.txt"
check "delayed offer: an ACK without an answer is hung up on" sipp_run delayed_offer_unanswered.xml 127.0.0.2
# An agent's phone on TCP answers, then dies: its connection drops mid-call. The caller
# talks on and hangs up; the center's BYE towards the dead phone fails without harm.
tcp_port=$((port + 3))
check "TCP phone registers" sipp_run register_tcp.xml 127.0.0.3 -p "$tcp_port" -t t1 -au 1001 -ap secret
(cd "$tmp" && exec timeout 60 sipp -sf "$here/agent_drops.xml" -i 127.0.0.3 -p "$tcp_port" -t t1 -m 1 \
  -nostdin >"$tmp/phone-drops.txt" 2>&1) &
disown $!  # killed below on purpose: no job report
sleep 0.5
sipp_run caller_to_agent.xml 127.0.0.2 >"$tmp/caller-drop.txt" 2>&1 &
caller_pid=$!
sleep 2.5
check "TCP phone answered before it died" grep -q "agent_drops" <(pgrep -af sipp)
pkill -9 -f "^sipp -sf .*agent_drops.xml"
wait "$caller_pid"
caller_code=$?
check "dropped TCP phone: the caller talks on, hangs up, gets 200 (exit $caller_code)" \
  test "$caller_code" -eq 0
[[ $caller_code -eq 0 ]] || cat "$tmp/caller-drop.txt"
check "dropped TCP phone: the answered call has a record" \
  test "$(sqlite3 "$tmp/data/hotline.db" "select disposition from calls order by id desc limit 1")" = answered

# Garbage on the SIP port must not hurt: the server keeps answering.
printf 'INVITE garbage\r\n\r\n\x00\xff' >/dev/udp/127.0.0.1/$port
printf 'SIP/2.0 200\r\nVia: ;;;\r\n\r\n' >/dev/udp/127.0.0.1/$port
check "still answering after malformed datagrams" sipp_run options.xml 127.0.0.1
check "server alive" kill -0 "$server_pid"

# A clean stop: every handle destroyed.
stop_server
check "clean shutdown (exit $server_code)" test "$server_code" -eq 0
check "no live handles left" grep -q " 0 live handles" "$tmp/server.log"
check "counted the refusals" grep -q "1 calls from unknown sources refused" "$tmp/server.log"
check "answered the trunk calls" grep -q "7 calls answered" "$tmp/server.log"
check "released every RTP port" grep -q " 0 RTP ports open" "$tmp/server.log"
cat "$tmp/server.log"

# The call records of the first part, then a fresh store for the second.
sql() { sqlite3 "$tmp/data/hotline.db" "$1"; }
check "CDR: the trunk calls were recorded" test "$(sql "select count(*) from calls")" = 7
check "CDR: the delayed offer without an answer: hung up for bad SDP" \
  test "$(sql "select count(*) from calls where hangup_cause = 'bad_sdp'")" = 1
rm -rf "$tmp/data"

# End to end through the IVR: spoken menu, RFC 4733 key, goodbye, the center hangs up.
start_or_fail "$here/ivr-center.yaml" ";transport=udp"
check "IVR: key 1 ends the call from the center's side" sipp_run ivr_call.xml 127.0.0.2

# The agent's phone registers from 127.0.0.3 and waits for calls on the same port.
agent_port=$((port + 1))
check "agent phone registers" sipp_run register_stay.xml 127.0.0.3 -p "$agent_port" -au 1001 -ap secret
phone_waits agent_answers.xml 127.0.0.3 "$agent_port"
check "caller presses 2, talks with the agent, hangs up" sipp_run caller_to_agent.xml 127.0.0.2
phone_done "agent phone rang with the IVR path, answered, got the BYE" "$phone_pid" agent_answers.xml

# The caller gives up while the agent's phone rings: the ring is CANCELled.
phone_waits agent_cancelled.xml 127.0.0.3 "$agent_port"
check "caller presses 2 and hangs up while the agent rings" sipp_run caller_gives_up.xml 127.0.0.2
phone_done "agent phone's ring was cancelled" "$phone_pid" agent_cancelled.xml

# A second agent, with fewer calls today, is busy (486): the call goes on to agent1.
busy_port=$((port + 2))
check "second agent phone registers" sipp_run register_stay_1002.xml 127.0.0.4 -p "$busy_port" -au 1002 -ap other
phone_waits agent_busy.xml 127.0.0.4 "$busy_port"
busy_pid=$phone_pid
phone_waits agent_answers.xml 127.0.0.3 "$agent_port"
check "busy agent skipped, the next agent answers" sipp_run caller_to_agent.xml 127.0.0.2
phone_done "busy agent's phone refused" "$busy_pid" agent_busy.xml
phone_done "next agent's phone answered" "$phone_pid" agent_answers.xml

# Feature codes from the phones: agent2 logs out (*0), agent1 goes not ready (*2); a
# caller then waits with nobody to ring. agent1 dials *1 and the next call reaches it.
check "feature code *0 from agent2's phone" sipp_run feature_code.xml 127.0.0.4 -s '*0' -au 1002 -ap other
check "feature code *2 from agent1's phone" sipp_run feature_code.xml 127.0.0.3 -s '*2' -au 1001 -ap secret
check "feature code with a wrong password refused" sipp_run feature_code_refused.xml 127.0.0.3 -s '*1' -au 1001 -ap guess
check "unknown feature code refused" sipp_run feature_code_refused.xml 127.0.0.3 -s '*7' -au 1001 -ap secret
check "nobody ready: the caller waits, gives up" sipp_run caller_gives_up.xml 127.0.0.2
check "feature code *1 from agent1's phone" sipp_run feature_code.xml 127.0.0.3 -s '*1' -au 1001 -ap secret
phone_waits agent_answers.xml 127.0.0.3 "$agent_port"
check "ready again: the call reaches agent1" sipp_run caller_to_agent.xml 127.0.0.2
phone_done "agent1's phone answered after *1" "$phone_pid" agent_answers.xml

# The agent puts the caller on hold and resumes (re-INVITEs); the call goes on.
phone_waits agent_holds.xml 127.0.0.3 "$agent_port"
check "a call the agent holds and resumes" sipp_run caller_to_agent.xml 127.0.0.2
phone_done "agent's hold answered recvonly, resume sendrecv" "$phone_pid" agent_holds.xml

# The race of a caller hanging up as the agent answers: the 200 OK crosses the CANCEL.
phone_waits agent_answer_crosses_cancel.xml 127.0.0.3 "$agent_port"
check "race: the caller hangs up as the agent answers" sipp_run caller_gives_up.xml 127.0.0.2
phone_done "race: the crossing 200 OK is ACKed and the leg ended with a BYE" "$phone_pid" agent_answer_crosses_cancel.xml
stop_server
check "IVR: clean shutdown (exit $server_code)" test "$server_code" -eq 0
check "IVR: no live handles, no RTP ports left" grep -q " 0 RTP ports open, 0 live handles" "$tmp/server.log"
check "IVR: the caller was sent the spoken prompts" grep -qE " [1-9][0-9]+ prompt packets played" "$tmp/server.log"
check "a waiting caller heard its place in line" grep -qE " [1-9][0-9]* queue announcements" "$tmp/server.log"
check "caller and agent audio went through the relay" grep -qE " [1-9][0-9]+ RTP packets relayed" "$tmp/server.log"
cat "$tmp/server.log"

# Call-detail records: one per call, in order, with what happened to each.
sqlite3 -header "$tmp/data/hotline.db" "select * from calls; select * from call_legs;"
check "CDR: one record per call, none for feature codes" test "$(sql "select count(*) from calls")" = 8
check "CDR: dispositions in order" test "$(sql "select group_concat(disposition, ' ') from (select disposition from calls order by id)")" = "ivr_completed answered abandoned answered abandoned answered answered abandoned"
check "CDR: no agent rung while nobody was ready" test "$(sql "select count(*) from call_legs where call_id = 5")" = 0
check "IVR report: the menu reached 8 times, key 2 seven times, key 1 once" \
  grep -q '^menu,8,8,0,1:1 2:7$' <("$hotline" report ivr --data "$tmp/data" --csv)
check "CDR: the IVR call ended by the center" test "$(sql "select hangup_side || ' ' || queue || ' ' || ivr_path from calls where id = 1")" = "center  menu:1>bye"
check "CDR: the answered call, its route and who hung up" test "$(sql "select caller || ' ' || called || ' ' || queue || ' ' || agent || ' ' || hangup_side || ' ' || ivr_path from calls where id = 2")" = "13800138000 4008001234 general agent1 caller menu:2>queue"
check "CDR: milestones in order" test "$(sql "select count(*) from calls where id = 2 and arrived < queued and ivr_exit = queued and offered >= queued and answered > offered and ended > answered")" = 1
check "CDR: about 5 s of talk" test "$(sql "select (ended - answered) / 1000000 between 3 and 8 from calls where id = 2")" = 1
check "CDR: the abandoned call's ring was cancelled (487)" test "$(sql "select result || ' ' || sip_status from call_legs where call_id = 3")" = "cancelled 487"
check "CDR: the busy agent's 486, then the answer" test "$(sql "select group_concat(agent || ':' || result || ':' || sip_status, ' ') from (select * from call_legs where call_id = 4 order by seq)")" = "agent2:busy:486 agent1:answered:200"
check "CDR: report calls --csv has a line per call" test "$("$hotline" report calls --data "$tmp/data" --csv | wc -l)" = 9
check "CDR: per-queue KPIs: 7 offered, 4 answered, 3 abandoned" sh -c "'$hotline' report calls --data '$tmp/data' --csv --queues | grep -q '^general,7,4,3,0,'"
check "report calls --queues: the queue table with the calls it counts, no call list" sh -c "'$hotline' report calls --data '$tmp/data' --queues >'$tmp/queues.txt' && grep -q '^8 calls\.' '$tmp/queues.txt' && ! grep -q '^arrived' '$tmp/queues.txt'"

# The answered call's stereo recording: customer left, agent right, as long as the talk.
rec="$tmp/data/recordings/$(sql "select recording from calls where id = 2")"
talk=$(sql "select (ended - answered) / 1e6 from calls where id = 2")
rms() { sox "$rec" -n remix "$1" stat 2>&1 | awk '/RMS +amplitude/ {print $3}'; }
check "recording: a stereo 8 kHz WAV named in the CDR" test "$(soxi -c "$rec") $(soxi -r "$rec")" = "2 8000"
check "recording: as long as the talk ($talk s)" awk -v a="$(soxi -D "$rec")" -v b="$talk" 'BEGIN { d = a - b; exit !(d < 0.5 && d > -0.5) }'
check "recording: the customer's audio on the left" awk -v r="$(rms 1)" 'BEGIN { exit !(r > 0.01) }'
check "recording: the agent's audio on the right" awk -v r="$(rms 2)" 'BEGIN { exit !(r > 0.01) }'
check "recording: length in the CDR" test "$(sql "select recording_us = ended - answered from calls where id = 2")" = 1
check "recording: none for the abandoned call" test "$(sql "select recording from calls where id = 3")" = ""
"$hotline" report calls --data "$tmp/data" --json >"$tmp/report.json"
check "CDR: report calls --json parses" test "$(sql "select json_extract(readfile('$tmp/report.json'), '\$.calls[1].legs[0].result')")" = answered
# kill -9 right after a call: its record is there, its recording a valid WAV.
start_or_fail "$here/ivr-center.yaml" ";transport=udp"
agent_port=$((port + 1))
check "after restart: agent phone registers" sipp_run register_stay.xml 127.0.0.3 -p "$agent_port" -au 1001 -ap secret
phone_waits agent_answers.xml 127.0.0.3 "$agent_port"
check "after restart: a call to the agent" sipp_run caller_to_agent.xml 127.0.0.2
wait "$phone_pid"
# A second call is talking when the server is killed: its record, written at arrival and
# at answer, is there; the next start closes it as interrupted with its recording.
phone_waits agent_answers.xml 127.0.0.3 "$agent_port"
(cd "$tmp" && exec timeout 30 sipp -sf "$here/caller_talks_long.xml" "127.0.0.1:$port" -i 127.0.0.2 \
  -m 1 -nostdin >"$tmp/caller-killed.txt" 2>&1) &
killed_caller=$!
for _ in $(seq 50); do
  [[ $(sql "select answered is not null from calls where id = 10" 2>/dev/null) == 1 ]] && break
  sleep 0.1
done
check "kill -9: the call talking has a record in progress" \
  test "$(sql "select disposition || ' ' || agent || ' ' || (recording != '') from calls where id = 10")" = "in_progress agent1 1"
sleep 2
kill -9 "$server_pid"
wait "$server_pid" 2>/dev/null
server_pid=""
kill "$killed_caller" "$phone_pid" 2>/dev/null
wait "$killed_caller" "$phone_pid" 2>/dev/null
check "kill -9: the completed call's record survived" test "$(sql "select count(*) || ' ' || max(id) || ' ' || (select disposition from calls where id = 9) from calls")" = "10 10 answered"
rec="$tmp/data/recordings/$(sql "select recording from calls where id = 9")"
check "kill -9: the recording is a valid stereo WAV" test "$(soxi -c "$rec")" = 2
check "kill -9: the recording holds the call up to its last second" awk -v a="$(soxi -D "$rec")" -v b="$(sql "select (ended - answered) / 1e6 from calls where id = 9")" 'BEGIN { exit !(a > b - 1.5) }'

# An agent's state never sticks. First: the agent's phone answers, then falls silent
# (no BYE): after the RTP timeout both sides are hung up and the agent is not ready.
sed 's/rtp_timeout_s: 30/rtp_timeout_s: 4/' "$here/ivr-center.yaml" >"$tmp/silent.yaml"
start_or_fail "$tmp/silent.yaml" ";transport=udp"
check "restart: the call cut off is closed as interrupted by the center" \
  test "$(sql "select disposition || ' ' || hangup_side || ' ' || hangup_cause from calls where id = 10")" = "interrupted center restart"
rec="$tmp/data/recordings/$(sql "select recording from calls where id = 10")"
check "restart: the interrupted call links its recording, a valid stereo WAV" test "$(soxi -c "$rec")" = 2
check "restart: the record's recording length is the file's (about 2 s)" awk -v a="$(soxi -D "$rec")" -v b="$(sql "select recording_us / 1e6 from calls where id = 10")" 'BEGIN { exit !(b > 1 && a - b < 0.01 && b - a < 0.01) }'
check "restart: the log says so" grep -q "1 calls cut off by the last stop recorded as interrupted" "$tmp/server.log"
agent_port=$((port + 1))
check "liveness: agent phone registers" sipp_run register_stay.xml 127.0.0.3 -p "$agent_port" -au 1001 -ap secret
phone_waits agent_goes_silent.xml 127.0.0.3 "$agent_port"
check "liveness: the caller is hung up on when the agent's leg goes silent" sipp_run caller_hung_up_on.xml 127.0.0.2
phone_done "liveness: the silent agent's phone got a BYE too" "$phone_pid" agent_goes_silent.xml
check "liveness: the next caller rings nobody" sipp_run caller_gives_up.xml 127.0.0.2
stop_server
check "liveness: clean shutdown" grep -q " 0 RTP ports open, 0 live handles" "$tmp/server.log"
sqlite3 "$tmp/data/hotline.db" "select id, disposition, hangup_side, hangup_cause from calls where id > 10"
check "CDR: the silent call ended by rtp_timeout on the agent side" test "$(sql "select hangup_side || ' ' || hangup_cause from calls where id = 11")" = "agent rtp_timeout"
check "CDR: the agent left ready: no leg for the next call ($(sql "select group_concat(agent || result, ' ') from call_legs where call_id = 12"))" test "$(sql "select count(*) from call_legs where call_id = 12")" = 0

# Then: a registered phone that stops answering OPTIONS is taken as gone.
sed 's/phone_check_s: 0.*/phone_check_s: 1/' "$here/ivr-center.yaml" >"$tmp/check.yaml"
start_or_fail "$tmp/check.yaml" ";transport=udp"
check "liveness: agent2's phone registers, then goes away" sipp_run register_stay_1002.xml 127.0.0.4 -au 1002 -ap other
for _ in $(seq 50); do grep -q "phone 1002 does not answer" "$tmp/server.log" && break; sleep 0.1; done
check "liveness: the silent phone is noticed within seconds" grep -q "phone 1002 does not answer" "$tmp/server.log"
check "liveness: its agent logged out: the caller rings nobody" sipp_run caller_gives_up.xml 127.0.0.2
stop_server
check "CDR: no leg while the only phone was gone" test "$(sql "select count(*) || (select disposition from calls where id = 13) from call_legs where call_id = 13")" = 0abandoned
check "liveness: OPTIONS handles released" grep -q " 0 live handles" "$tmp/server.log"

# The caller reads a card number: the agent pauses the recording (*7) and resumes it (*8)
# from the phone. Then the agent's phone unregisters: its agent is logged out.
rm -rf "$tmp/data"
start_or_fail "$here/ivr-center.yaml" ";transport=udp"
agent_port=$((port + 1))
check "pause: agent phone registers" sipp_run register_stay.xml 127.0.0.3 -p "$agent_port" -au 1001 -ap secret
phone_waits agent_pauses_recording.xml 127.0.0.3 "$agent_port"
check "pause: a call where the agent pauses, then resumes the recording" sipp_run caller_talks_long.xml 127.0.0.2
phone_done "pause: the agent's phone pressed *7, talked, pressed *8" "$phone_pid" agent_pauses_recording.xml
rec="$tmp/data/recordings/$(sql "select recording from calls where id = 1")"
rms_at() { sox "$rec" -n remix "$1" trim "$2" "$3" stat 2>&1 | awk '/RMS +amplitude/ {print $3}'; }
check "pause: silence on the agent's channel while paused, though the agent talked" \
  awk -v r="$(rms_at 2 0.9 1.8)" 'BEGIN { exit !(r < 0.003) }'
check "pause: the agent's speech recorded again after *8" awk -v r="$(rms_at 2 4 3)" 'BEGIN { exit !(r > 0.01) }'
check "pause: the timeline went on (recording as long as the talk)" awk -v a="$(soxi -D "$rec")" \
  -v b="$(sql "select (ended - answered) / 1e6 from calls where id = 1")" 'BEGIN { d = a - b; exit !(d < 0.5 && d > -0.5) }'
check "unregister: agent1's phone removes its registration" sipp_run register.xml 127.0.0.3 -au 1001 -ap secret
check "unregister: the next caller rings nobody and gives up" sipp_run caller_gives_up.xml 127.0.0.2
stop_server
check "pause: one pause and one resumption counted" grep -q "2 paused or resumed" "$tmp/server.log"
check "unregister: no leg for the call after it" test "$(sql "select count(*) from call_legs where call_id = 2")" = 0
check "pause and unregister: clean shutdown" grep -q " 0 RTP ports open, 0 live handles" "$tmp/server.log"

echo "$passed passed, $failed failed"
[[ $failed -eq 0 ]]

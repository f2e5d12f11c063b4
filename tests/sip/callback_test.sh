#!/usr/bin/env bash
# Virtual hold over SIP: a caller waits with nobody ready, is offered a callback, presses
# 1 and is hung up on; when the agent is ready its phone rings showing the number, it
# answers, the center calls the number through the trunk (a SIPp carrier on
# 127.0.0.6:5060), they talk and the customer hangs up. Then the same with a busy number,
# and with an agent who hangs up while the number rings.
# The records are checked with sqlite3, the recording with sox.
set -u
hotline=$1
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d)
passed=0 failed=0
server_pid="" carrier_pid="" phone_pid=""
cleanup() {
  for pid in $server_pid $carrier_pid $phone_pid; do kill "$pid" 2>/dev/null; done
  [[ -n ${KEEP_TMP:-} ]] && echo "kept $tmp" || rm -rf "$tmp"
}
trap cleanup EXIT
source "$here/lib.sh"
start_or_fail "$here/callback-center.yaml" ";transport=udp"

sipp_timeout=40s

# background NAME SCENARIO IP PORT: a SIPp UAS waiting in the background (pid in NAME_pid).
background() {
  (cd "$tmp" && timeout 60 sipp -sf "$here/$2" -i "$3" -p "$4" -m 1 -timeout 40s \
    -timeout_error -nostdin -trace_err >"$tmp/$1.txt" 2>&1) &
  printf -v "$1_pid" '%s' $!
  sleep 0.5
}
done_ok() {  # done_ok NAME DESCRIPTION: the background SIPp NAME passed
  local pid_var=$1_pid
  wait "${!pid_var}"
  local code=$?
  printf -v "$pid_var" '%s' ""
  check "$2 (exit $code)" test "$code" -eq 0
  [[ $code -eq 0 ]] || { tail -20 "$tmp/$1.txt" "$tmp"/*errors* 2>/dev/null; echo; }
}
sql() { sqlite3 "$tmp/data/hotline.db" "$1"; }

phone_port=$((port + 1))
check "agent phone registers" sipp_run register_stay.xml 127.0.0.3 -p "$phone_port" -au 1001 -ap secret
check "the agent goes not ready (*2)" sipp_run feature_code.xml 127.0.0.3 -s '*2' -au 1001 -ap secret

# 1. The caller leaves its number; the agent calls back; the customer answers and hangs up.
check "the caller is offered a callback, presses 1 and is hung up on" \
  sipp_run callback/caller_leaves_number.xml 127.0.0.2 -d 5000
check "the caller's part: its own record, disposition callback" \
  test "$(sql "select disposition || ' ' || hangup_side || ' ' || caller from calls")" = "callback caller 13800138000"
# call_back CARRIER_SCENARIO [PHONE_SCENARIO]: the carrier and the agent's phone wait;
# the agent goes ready.
call_back() {
  background carrier "$1" 127.0.0.6 5060
  background phone "${2:-callback/agent_calls_back.xml}" 127.0.0.3 "$phone_port"
  check "the agent is ready (*1)" sipp_run feature_code.xml 127.0.0.3 -s '*1' -au 1001 -ap secret
}
call_back callback/customer_answers.xml
done_ok phone "the agent's phone rang with the number, answered, talked, got the BYE"
done_ok carrier "the number was called from the center's number, answered, talked, hung up"
for _ in $(seq 50); do [[ $(sql "select count(*) from calls") == 2 ]] && break; sleep 0.1; done
check "the callback: answered by the agent, ended by the customer, in the same queue" \
  test "$(sql "select disposition || ' ' || hangup_side || ' ' || agent || ' ' || queue || ' ' || caller from calls where id = 2")" \
  = "answered caller agent1 general 13800138000"
check "the callback's place in line: queued when the caller first queued" \
  test "$(sql "select (select queued from calls where id = 1) = queued from calls where id = 2")" = 1
check "the callback's legs: the agent's phone, then the number, both answered" \
  test "$(sql "select group_concat(coalesce(agent, '') || ':' || coalesce(number, '') || ':' || result, ' ') from (select * from call_legs where call_id = 2 order by rowid)")" \
  = "agent1::answered :13800138000:answered"
recording=$(sql "select recording from calls where id = 2")
check "the callback was recorded" test -s "$tmp/data/recordings/$recording"
loud() {  # loud FILE CHANNEL: the channel's RMS amplitude is well above silence
  local rms
  rms=$(sox "$1" -n remix "$2" stat 2>&1 | awk '/RMS     amplitude/ {print $3}')
  awk -v r="$rms" 'BEGIN { exit !(r > 0.01) }'
}
check "the recording: the customer on the left" loud "$tmp/data/recordings/$recording" 1
check "the recording: the agent on the right" loud "$tmp/data/recordings/$recording" 2
check "KPIs count the customer once, answered" \
  bash -c "'$hotline' report calls --data '$tmp/data' --from 2000-01-01 --to 2100-01-01 --queues --csv | grep -q '^general,1,1,0'"

# 2. A busy number: the agent is hung up on, the callback ends with the reason.
check "the agent goes not ready again (*2)" sipp_run feature_code.xml 127.0.0.3 -s '*2' -au 1001 -ap secret
check "a second caller leaves its number" sipp_run callback/caller_leaves_number.xml 127.0.0.2 -d 5000
call_back outside/carrier_busy.xml
done_ok phone "the agent's phone answered the callback and was hung up on when the number was busy"
done_ok carrier "the number was busy"
for _ in $(seq 50); do [[ $(sql "select count(*) from calls") == 4 ]] && break; sleep 0.1; done
check "the failed callback: its record says callback_failed, busy" \
  test "$(sql "select disposition || ' ' || hangup_cause from calls where id = 4")" = "callback_failed busy"

# 3. The agent hangs up while the number still rings: the ring is CANCELled, and the
# callback ends without reaching anyone.
check "the agent goes not ready once more (*2)" sipp_run feature_code.xml 127.0.0.3 -s '*2' -au 1001 -ap secret
check "a third caller leaves its number" sipp_run callback/caller_leaves_number.xml 127.0.0.2 -d 5000
call_back outside/carrier_rings.xml callback/agent_gives_up.xml
done_ok phone "the agent's phone answered the callback and hung up while the number rang"
done_ok carrier "the number's ring was cancelled"
for _ in $(seq 50); do [[ $(sql "select count(*) from calls") == 6 ]] && break; sleep 0.1; done
check "the callback given up: callback_failed, cancelled, ended by the agent" \
  test "$(sql "select disposition || ' ' || hangup_cause || ' ' || hangup_side from calls where id = 6")" = "callback_failed cancelled agent"

stopped_cleanly
echo "$passed passed, $failed failed"
[[ $failed -eq 0 ]]

#!/usr/bin/env bash
# Interop with a real softphone: baresip (Debian's baresip-core) registers as agent1's
# phone with digest authentication, auto-answers the call the center puts through after
# a SIPp caller presses 2, and talks (a 440 Hz tone); the caller hangs up. The call's
# record names agent1 and its recording carries the softphone's tone on the agent's side.
set -u
hotline=$1
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d)
server_pid="" phone_pid=""
cleanup() {
  [[ -n $phone_pid ]] && kill "$phone_pid" 2>/dev/null
  [[ -n $server_pid ]] && kill "$server_pid" 2>/dev/null
  rm -rf "$tmp"
}
trap cleanup EXIT
fail() {
  echo "FAIL: $*"
  tail -30 "$tmp/baresip.log" "$tmp/server.log" 2>/dev/null
  exit 1
}

source "$here/lib.sh"
start_server "$here/ivr-center.yaml" ";transport=udp" || fail "the server did not start"

# baresip, headless: a tone file as its microphone, no sound card, auto-answer.
mkdir -p "$tmp/baresip"
sox -n -r 8000 -c 1 -b 16 "$tmp/tone.wav" synth 30 sine 440 vol 0.5
cat >"$tmp/baresip/config" <<CONFIG
poll_method epoll
sip_listen 127.0.0.5:$((port + 1))
sip_trans_def udp
audio_source aufile,$tmp/tone.wav
audio_player aufile,$tmp/heard.wav
audio_alert aufile,$tmp/alert.wav
rtp_ports 47000-47100
module_path /usr/lib/baresip/modules
module g711.so
module aufile.so
module_app account.so
module_app menu.so
CONFIG
echo "<sip:1001@127.0.0.1;transport=udp>;auth_pass=secret;answermode=auto;regint=300;outbound=\"sip:127.0.0.1:$port\"" \
  >"$tmp/baresip/accounts"
baresip -f "$tmp/baresip" >"$tmp/baresip.log" 2>&1 </dev/null &
phone_pid=$!
for _ in $(seq 100); do
  grep -q "200 OK" "$tmp/baresip.log" && break
  sleep 0.1
done
grep -q "1001@127.0.0.1: .*200 OK" "$tmp/baresip.log" || fail "baresip did not register"

(cd "$tmp" && timeout 60 sipp -sf "$here/caller_to_agent.xml" "127.0.0.1:$port" -i 127.0.0.2 \
  -m 1 -timeout 20s -timeout_error -nostdin -trace_err >"$tmp/caller.txt" 2>&1) ||
  fail "the caller's call (SIPp)"
sleep 0.5
grep -q "Call established" "$tmp/baresip.log" || fail "baresip did not take the call"
grep -q "terminated" "$tmp/baresip.log" || fail "baresip's call was not ended by the center"

kill "$phone_pid"
wait "$phone_pid" 2>/dev/null
phone_pid=""
kill -TERM "$server_pid"
wait "$server_pid"
code=$?
server_pid=""
[[ $code -eq 0 ]] || fail "server exit $code"
grep -q " 0 RTP ports open, 0 live handles" "$tmp/server.log" || fail "ports or handles left"

record=$(sqlite3 "$tmp/data/hotline.db" "select disposition || ' ' || agent || ' ' || recording from calls")
[[ $record == "answered agent1 "* ]] || fail "record: $record"
wav="$tmp/data/recordings/${record##* }"
frequency=$(sox "$wav" -n remix 2 stat 2>&1 | awk '/Rough +frequency/ {print $3}')
rms=$(sox "$wav" -n remix 2 stat 2>&1 | awk '/RMS +amplitude/ {print $3}')
awk -v f="$frequency" -v r="$rms" 'BEGIN { exit !(f > 400 && f < 480 && r > 0.05) }' ||
  fail "the agent's side of the recording: ${frequency} Hz, RMS $rms (want the 440 Hz tone)"
echo "PASS: baresip registered, answered, talked (${frequency} Hz on the agent's channel)"

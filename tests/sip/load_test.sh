#!/usr/bin/env bash
# Many calls at once through hotline serve: callers from the trunk hear the IVR's
# welcome, are queued, reach one of many agents' phones (one SIPp answering for all of
# them), talk, and hang up. Every call must succeed, leave an answered record, and the
# server must end with nothing left open.
#
#   load_test.sh HOTLINE [CALLS=100] [RATE=50] [AGENTS=CALLS] [SCENARIO=caller_talks.xml]
#
# CTest runs 100 calls with audio both ways (the agents echo what they hear); bench/sip_load
# runs the same with more calls, a higher rate and signalling only, and reports figures.
set -u
hotline=$1
calls=${2:-100}
rate=${3:-50}
agents=${4:-$calls}
scenario=${5:-caller_talks.xml}
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d)
server_pid="" agents_pid=""
cleanup() {
  [[ -n $server_pid ]] && kill "$server_pid" 2>/dev/null
  [[ -n $agents_pid ]] && kill "$agents_pid" 2>/dev/null
  [[ -n ${KEEP_TMP:-} ]] && echo "kept $tmp" || rm -rf "$tmp"
}
trap cleanup EXIT
fail() {
  echo "FAIL: $*"
  tail -20 "$tmp/server.log" 2>/dev/null
  ls "$tmp"/*errors* >/dev/null 2>&1 && tail -20 "$tmp"/*errors*
  exit 1
}

# A center of $agents agents, each with a phone account (password "pw"), whose IVR
# welcomes the caller and queues the call.
{
  echo "center: {name: Load test center}"
  echo "skills: [general]"
  echo "queues: [{name: general, strategy: longest_idle, skills: {general: 1}, ring_timeout_s: 10}]"
  echo "agents:"
  for i in $(seq "$agents"); do echo "  - {name: a$i, skills: {general: 5}}"; done
  echo "sip:"
  echo "  realm: hotline"
  echo "  rtp_ports: 20000-59999"
  echo "  phone_check_s: 0"
  echo "  trunks: [{name: carrier, addresses: [127.0.0.2]}]"
  echo "  accounts:"
  for i in $(seq "$agents"); do
    echo "    - {user: \"$((10000 + i))\", agent: a$i, ha1: $("$hotline" hash-password $((10000 + i)) hotline pw)}"
  done
  echo "ivr:"
  echo "  - {id: welcome, title: Welcome, type: play, prompt: Welcome., next: queue}"
  echo "  - {id: queue, title: Agent, type: queue, queue: general}"
} >"$tmp/center.yaml"

source "$here/lib.sh"
start_server "$tmp/center.yaml" ";transport=udp" 10000 100 || fail "the server did not start"

# One SIPp answers for every agent; the phones register with it as their contact.
agent_port=$((port + 1))
(cd "$tmp" && exec sipp -sf "$here/load/agents_answer.xml" -i 127.0.0.3 -p "$agent_port" \
  -m "$calls" -rtp_echo -timeout 300s -timeout_error -nostdin -trace_err -trace_stat \
  -fd 1 >"$tmp/agents.txt" 2>&1) &
agents_pid=$!
# Registrations, 25 at a time (SIPp takes one set of credentials per run).
register() {
  printf 'SEQUENTIAL\n%s;127.0.0.3:%s\n' "$1" "$agent_port" >"$tmp/user-$1.csv"
  (cd "$tmp" && timeout 60 sipp -sf "$here/load/register_many.xml" "127.0.0.1:$port" -i 127.0.0.3 \
    -p 0 -inf "$tmp/user-$1.csv" -au "$1" -ap pw -m 1 -timeout 20s -timeout_error -nostdin \
    >"$tmp/register-$1.txt" 2>&1) || echo "$1" >>"$tmp/register-failed"
}
pids=()
for i in $(seq "$agents"); do
  register $((10000 + i)) &
  pids+=($!)
  if ((${#pids[@]} == 25)); then
    wait "${pids[@]}"
    pids=()
  fi
done
((${#pids[@]})) && wait "${pids[@]}"
[[ -e $tmp/register-failed ]] && fail "registering phones: $(wc -l <"$tmp/register-failed") failed"
[[ -n ${PERF_DATA:-} ]] && { perf record -g -p "$server_pid" -o "$PERF_DATA" >/dev/null 2>&1 & perf_pid=$!; }
start=$(date +%s.%N)
cpu_before=$(awk '{print $14 + $15}' "/proc/$server_pid/stat")
(cd "$tmp" && timeout 600 sipp -sf "$here/load/$scenario" "127.0.0.1:$port" -i 127.0.0.2 \
  -m "$calls" -r "$rate" -l "$calls" -timeout 300s -timeout_error -nostdin -trace_err \
  -trace_stat -fd 1 >"$tmp/callers.txt" 2>&1)
callers_code=$?
end=$(date +%s.%N)
cpu_after=$(awk '{print $14 + $15}' "/proc/$server_pid/stat")
[[ -n ${perf_pid:-} ]] && { kill -INT "$perf_pid"; wait "$perf_pid"; }
wait "$agents_pid"
agents_code=$?
agents_pid=""
kill -TERM "$server_pid"
wait "$server_pid"
server_code=$?
server_pid=""

answered=$(sqlite3 "$tmp/data/hotline.db" "select count(*) from calls where disposition = 'answered'")
# The most calls talking at one moment, from the records.
peak=$(sqlite3 "$tmp/data/hotline.db" "select max(n) from (select (select count(*) from calls b where b.answered <= a.answered and b.ended > a.answered) as n from calls a where a.answered is not null)")
ticks=$(getconf CLK_TCK)
cpu_s=$(awk -v a="$cpu_before" -v b="$cpu_after" -v t="$ticks" 'BEGIN { printf "%.2f", (b - a) / t }')
wall_s=$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.2f", b - a }')
echo "calls: $calls at $rate/s, $agents agents; answered $answered; peak talking at once $peak"
echo "wall ${wall_s} s; server CPU ${cpu_s} s ($(awk -v c="$cpu_s" -v n="$calls" 'BEGIN { printf "%.1f", 1000 * c / n }') ms per call)"
grep -o "[0-9]* RTP packets relayed" "$tmp/server.log"
tail -1 "$tmp/server.log"

[[ $callers_code -eq 0 ]] || fail "callers: SIPp exit $callers_code"
[[ $agents_code -eq 0 ]] || fail "agents: SIPp exit $agents_code"
[[ $server_code -eq 0 ]] || fail "server exit $server_code (handles or records left)"
[[ $answered -eq $calls ]] || fail "$answered of $calls calls answered"
grep -q " 0 RTP ports open, 0 live handles" "$tmp/server.log" || fail "ports or handles left open"
echo "PASS"

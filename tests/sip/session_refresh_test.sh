#!/usr/bin/env bash
# Session timers where the center is the refresher (RFC 4028), on two servers at once:
# - carriers that ask the center to refresh (refresher=uas): by UPDATE where the carrier
#   allows it, otherwise by a re-INVITE without an offer, whose ACK carries the answer;
# - an agent's phone that asks the center to refresh and re-INVITEs (hold) just as the
#   refresh arrives: glare, 491 both ways; the center tries again 2.1-4 s later, the
#   hold goes through, and the call goes on until the agent hangs up.
# The refreshes come at half of the 90 s interval, so this test takes about a minute.
set -u
hotline=$1
here=$(cd "$(dirname "$0")" && pwd)
root=$(mktemp -d)
passed=0 failed=0
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null; done
  rm -rf "$root"
}
trap cleanup EXIT
source "$here/lib.sh"

# serve NAME RTP_PORTS: starts a server with its files in $root/NAME; sets NAME_port and
# NAME_pid.
serve() {
  tmp=$root/$1
  mkdir -p "$tmp"
  # No RTP watchdog (the carriers send no audio), no OPTIONS to phones that would not
  # answer them (what is tested is the signalling), RTP ports of its own.
  sed "s/^  realm: hotline\$/  realm: hotline\n  rtp_timeout_s: 0\n  phone_check_s: 0\n  rtp_ports: $2/" \
    "$here/center.yaml" >"$tmp/center.yaml"
  start_or_fail "$tmp/center.yaml" ";transport=udp"
  pids+=("$server_pid")
  printf -v "$1_port" '%s' "$port"
  printf -v "$1_pid" '%s' "$server_pid"
}
serve carriers 30000-30999
serve glare 31000-31999
tmp=$root

# run NAME DIR IP SCENARIO TARGET [sipp args...]: SIPp in DIR in the background, its exit
# code in DIR/NAME.rc.
run() {
  local name=$1 dir=$2 ip=$3 scenario=$4 target=$5
  shift 5
  (cd "$dir" && timeout 150 sipp -sf "$here/$scenario" $target -i "$ip" -m 1 -nostdin \
    -timeout 120s -timeout_error -trace_err "$@" >"$dir/$name.txt" 2>&1
  echo $? >"$dir/$name.rc") &
}
# finished NAME DIR DESCRIPTION: waits for run NAME and checks that it passed.
finished() {
  local name=$1 dir=$2 description=$3
  for _ in $(seq 1500); do [[ -s $dir/$name.rc ]] && break; sleep 0.1; done
  check "$description" test "$(cat "$dir/$name.rc" 2>/dev/null)" = 0
  [[ $(cat "$dir/$name.rc" 2>/dev/null) == 0 ]] ||
    { cat "$dir/$name.txt" "$dir"/*"${4:-}"*errors* 2>/dev/null | tail -20; echo; }
}

c=$root/carriers g=$root/glare
run update "$c" 127.0.0.2 caller_refresher_update.xml "127.0.0.1:$carriers_port" -p $((carriers_port + 1))
run reinvite "$c" 127.0.0.2 caller_refresher_reinvite.xml "127.0.0.1:$carriers_port" -p $((carriers_port + 2))

agent_port=$((glare_port + 1))
check "agent phone registers" bash -c "cd '$g' && timeout 20 sipp -sf '$here/register_stay.xml' \
  127.0.0.1:$glare_port -i 127.0.0.3 -p $agent_port -au 1001 -ap secret -m 1 -l 1 -timeout 10s \
  -timeout_error -nostdin"
run phone "$g" 127.0.0.3 agent_refresh_glare.xml "" -p "$agent_port"
sleep 0.5
run caller "$g" 127.0.0.2 caller_until_bye.xml "127.0.0.1:$glare_port"

finished update "$c" "a carrier that allows UPDATE is refreshed by UPDATE" caller_refresher_update
finished reinvite "$c" "a carrier without UPDATE is refreshed by re-INVITE, the ACK answers its offer" caller_refresher_reinvite
finished phone "$g" "glare on the agent's leg: 491 both ways, the refresh retried, the hold answered" agent_refresh_glare
finished caller "$g" "the caller stayed through the glare until the agent hung up" caller_until_bye

sql() { sqlite3 "$1/data/hotline.db" "$2"; }
check "the glare call was answered and ended by the agent, after the refresh" \
  test "$(sql "$g" "select disposition || ' ' || hangup_side || ' ' || ((ended - answered) / 1000000 >= 40) from calls")" = "answered agent 1"
for server in carriers glare; do
  pid_var=${server}_pid
  kill -TERM "${!pid_var}"
  wait "${!pid_var}"
  check "$server: clean shutdown" grep -q " 0 live handles" "$root/$server/server.log"
  check "$server: every RTP port released" grep -q " 0 RTP ports open" "$root/$server/server.log"
done
check "carriers: both calls kept their records" test "$(sql "$c" "select count(*) from calls")" = 2

echo "$passed passed, $failed failed"
[[ $failed -eq 0 ]]

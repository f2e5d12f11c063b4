#!/usr/bin/env bash
# What a hostile SIP peer tries, against `hotline serve`: scanning (what the server says it
# is, MESSAGE), guessing a phone's password (svcrack), and a caller number that is not UTF-8. Guessing must end in a ban of that
# account from that address, logged and counted, while the phone elsewhere still
# registers; the odd number must be kept readable, never break a report or the API.
#
#   tests/sip/guessing_test.sh HOTLINE
set -uo pipefail
hotline=$1
source_dir=$(cd "$(dirname "$0")/../.." && pwd)
source "$source_dir/tests/api/harness.sh"

{ cat "$here/center.yaml"; printf 'api: {listen: 127.0.0.1:0}\n'; } >"$tmp/center.yaml"
add_users "admin admin - -"
start_or_fail "$tmp/center.yaml" ";transport=udp"
api_port=$(api_port_of "$tmp/server.log")
metric() { curl -s "http://127.0.0.1:$api_port/metrics" | grep "^$1 " | cut -d' ' -f2; }

# --- A scanner's first look: the server does not name its SIP stack; MESSAGE is refused.
check "OPTIONS says hotline, not sofia-sip; MESSAGE from nobody: 403" sipp_run probe.xml 127.0.0.6

# --- Five wrong passwords for 1001 from 127.0.0.4: then even the right one is refused there.
for i in 1 2 3 4 5; do
  check "guess $i: 403" sipp_run register_rejected.xml 127.0.0.4 -s 1001 -au 1001 -ap "guess$i"
done
check "the right password from the guessing address: still 403 (banned)" \
  sipp_run register_rejected.xml 127.0.0.4 -s 1001 -au 1001 -ap secret
check "the phone at another address registers" sipp_run register.xml 127.0.0.5 -au 1001 -ap secret
check "each failure logged for fail2ban" test "$(grep -c "SIP authentication failed for '1001' from 127.0.0.4" "$tmp/server.log")" -eq 5
check "the ban logged" grep -q "SIP authentication from 127.0.0.4 banned" "$tmp/server.log"
check "the ban counted" test "$(metric hotline_sip_auth_bans_total)" = 1
check "the failures counted" test "$(metric hotline_sip_auth_failures_total)" -ge 6

# --- A caller number with byte 0xB1: kept as U+FFFD, readable everywhere.
printf 'SEQUENTIAL\n13\xb18000138000;\n' >"$tmp/callers.csv"
check "a trunk call from 13<B1>8000138000 is answered" \
  sipp_run caller_from_file.xml 127.0.0.2 -inf "$tmp/callers.csv"
for _ in $(seq 50); do
  [[ $(sqlite3 "$tmp/data/hotline.db" "select count(*) from calls") == 1 ]] && break
  sleep 0.1
done
check "the record keeps the number, repaired" \
  test "$(sqlite3 "$tmp/data/hotline.db" "select caller from calls")" = "13"$'\xef\xbf\xbd'"8000138000"
admin=$(login admin admin-pass-123)
check "GET /api/v1/calls lists it" expect 200 GET /api/v1/calls "" "$admin"
check "... as UTF-8 JSON" body_has '.calls[0].caller == "13\ufffd8000138000"'
check "report calls --json reads it" bash -c "'$hotline' report calls --data '$tmp/data' --json >'$tmp/r.json' && jq -e '.calls | length == 1' '$tmp/r.json'"
check "report calls (text) reads it" "$hotline" report calls --data "$tmp/data"

stopped_cleanly
echo "$passed passed, $failed failed"
[[ $failed -eq 0 ]]

#!/usr/bin/env bash
# Hostile input against the API, over real HTTP: documents nested 100,000 deep, bytes that
# are not UTF-8 in paths, queries and names, formula cells in CSV exports, malformed query
# parameters, tickets pointing at other people's calls, password guessing (in a row, at
# once, from another address, for names nobody has), too many sessions. Each request must
# get a clear 4xx, change nothing, and leave the server serving.
#
#   tests/api/hostile_test.sh HOTLINE SOURCE_DIR
set -uo pipefail
hotline=$1
source_dir=$(cd "$2" && pwd)
source "$source_dir/tests/api/harness.sh"

cat >"$tmp/center.yaml" <<'YAML'
center: {name: Hostile input test center}
skills: [general]
teams: [t1, t2]
reasons: [lunch]
queues: [{name: general, skills: {general: 1}}]
agents:
  - {name: a1, skills: {general: 5}, team: t1}
  - {name: a2, skills: {general: 5}, team: t2}
sip: {rtp_ports: 57000-57999}
api:
  listen: 127.0.0.1:0
  max_body_kb: 1024
  max_failed_logins: 3
  lockout_minutes: 10
  login_attempts_per_minute: 1000
YAML
add_users "admin admin - -" "boss director - -" "li agent t1 a1" "chen agent t2 a2" "wu trainer - -"
start_or_fail "$tmp/center.yaml"
api_port=$(api_port_of "$tmp/server.log")
admin=$(login admin admin-pass-123)
boss=$(login boss boss-pass-123)
li=$(login li li-pass-123)
wu=$(login wu wu-pass-123)
check "logins" test "${#admin}${#boss}${#li}${#wu}" = 64646464
alive() { expect 200 GET /api/v1/me "" "$admin"; }

# --- Nesting: refused before any recursive step, with a true message.
python3 -c "print('[' * 100000)" >"$tmp/deep.json"
put_file() {  # put_file PATH FILE: prints the status
  curl -s -o "$tmp/body" -w '%{http_code}' -X PUT -H "Authorization: Bearer $admin" \
    -H 'Content-Type: application/json' --data-binary @"$2" "http://127.0.0.1:$api_port$1"
}
check "100,000 '[' as reasons: 400" test "$(put_file /api/v1/settings/reasons "$tmp/deep.json")" = 400
check "... saying why" body_has '.error.message | test("nests deeper than 64 levels")'
check "... the server still serves" alive
check "... as a queue's settings: 400" test "$(put_file /api/v1/settings/queues/general "$tmp/deep.json")" = 400
check "... as a user: 400" test "$(curl -s -o "$tmp/body" -w '%{http_code}' -X POST -H "Authorization: Bearer $admin" --data-binary @"$tmp/deep.json" "http://127.0.0.1:$api_port/api/v1/users")" = 400
check "... saying why" body_has '.error.message | test("nests deeper")'
python3 -c "print('{\"a\":' * 70 + '1' + '}' * 70)" >"$tmp/objects.json"
check "70 objects deep as a calendar: 400" test "$(put_file /api/v1/settings/calendar "$tmp/objects.json")" = 400
check "reasons unchanged" expect 200 GET /api/v1/settings "" "$admin"
check "... lunch only" body_has '.reasons == ["lunch"] and .changed == []'
check "a real change still works" expect 200 PUT /api/v1/settings/reasons '["lunch","training"]' "$admin"
python3 -c "print('center: ' + '[' * 50000)" >"$tmp/deep.yaml"
check "a config nested 50,000 deep: exit 2" bash -c "'$hotline' check-config '$tmp/deep.yaml' >'$tmp/cc.out' 2>&1; test \$? -eq 2"
check "... saying why" grep -q "nests deeper than 64 levels" "$tmp/cc.out"
python3 -c "print(''.join(' ' * i + 'k:\n' for i in range(200)))" >"$tmp/deep-blocks.yaml"
check "200 block levels: exit 2" bash -c "'$hotline' check-config '$tmp/deep-blocks.yaml' >'$tmp/cc.out' 2>&1; test \$? -eq 2"

# --- Bytes that are not UTF-8 in paths and queries: 400, counted.
responses_4xx() { curl -s "http://127.0.0.1:$api_port/metrics" | grep '^hotline_api_responses_total{class="4xx"}' | cut -d' ' -f2; }
before=$(responses_4xx)
for path in "/api/v1/users/%B1" "/api/v1/agents/%FF" "/api/v1/customers?q=%B1" \
  "/api/v1/calls?agent=%C0%AF" "/api/v1/kb/search?q=%E5%BC" "/api/v1/settings/queues/%B1" \
  "/api/v1/tickets?status=%FE" "/api/v1/audit?from=%B1" "/api/v1/customers/%B1/timeline" \
  "/api/v1/calls/%B1" "/api/v1/kb/articles/%B1"; do
  check "GET $path: 400" expect 400 GET "$path" "" "$admin"
  check "... bad_encoding" body_has '.error.code == "bad_encoding"'
done
after=$(responses_4xx)
check "the 400s are counted ($before, then $after)" test "$((after - before))" -ge 11
check "no 5xx at all" bash -c "curl -s http://127.0.0.1:$api_port/metrics | grep -q '^hotline_api_responses_total{class=\"5xx\"} 0'"

# --- A KB attachment whose name is not UTF-8: refused, nothing stored.
check "folder" expect 201 POST /api/v1/kb/folders '{"title":"f"}' "$wu"
check "article" expect 201 POST /api/v1/kb/articles '{"folder":1,"title":"t","body":"b"}' "$wu"
printf 'data' >"$tmp/file.txt"
upload() {  # upload NAME: prints the status
  curl -s -o "$tmp/body" -w '%{http_code}' -X POST -H "Authorization: Bearer $wu" -H "Content-Type: text/plain" \
    --data-binary @"$tmp/file.txt" "http://127.0.0.1:$api_port/api/v1/kb/articles/1/attachments?name=$1"
}
check "a name that is not UTF-8: 400" test "$(upload '%B1%B2.txt')" = 400
check "the attachment list still reads" expect 200 GET /api/v1/kb/articles/1/attachments "" "$li"
check "... empty" body_has '.attachments == []'
check "a good name still works" test "$(upload 'ok.txt')" = 201

# --- CSV exports are neutralized against formulas.
check "customer =HYPERLINK" expect 201 POST /api/v1/customers '{"name":"=HYPERLINK(\"http://x\",\"y\")","company":"@SUM(A1)","phones":[{"number":"13800138000"}],"tags":["-2+3"]}' "$boss"
check "export" bash -c "curl -s -o '$tmp/export.csv' -H 'Authorization: Bearer $boss' http://127.0.0.1:$api_port/api/v1/customers/export"
check "... the formula starts with an apostrophe" grep -qF "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\"" "$tmp/export.csv"
check "... so does @" grep -qF "\"'@SUM(A1)\"" "$tmp/export.csv"
check "... and -" grep -qF "\"'-2+3\"" "$tmp/export.csv"
check "... the phone number stays a number" grep -qF ",+8613800138000," "$tmp/export.csv"

# --- Malformed query parameters are 400, never a default.
check "tickets?customer=abc: 400" expect 400 GET "/api/v1/tickets?customer=abc" "" "$boss"
check "... naming it" body_has '.error.message | contains("customer")'
check "tickets?limit=5abc: 400" expect 400 GET "/api/v1/tickets?limit=5abc" "" "$boss"
check "tickets?open=yes: 400" expect 400 GET "/api/v1/tickets?open=yes" "" "$boss"
check "calls?limit=5abc: 400" expect 400 GET "/api/v1/calls?limit=5abc" "" "$boss"
check "customers?limit=1e3: 400" expect 400 GET "/api/v1/customers?q=x&limit=1e3" "" "$boss"
check "export?after=-1: 400" expect 400 GET "/api/v1/customers/export?after=-1" "" "$boss"
check "audit?limit=10x: 400" expect 400 GET "/api/v1/audit?limit=10x" "" "$admin"
check "tickets?limit=5: 200" expect 200 GET "/api/v1/tickets?limit=5" "" "$boss"

# --- A ticket names a call that exists and that its author may read.
check "a ticket on no call: 400" expect 400 POST /api/v1/tickets '{"type":"inquiry","title":"t","call":"no-such-call"}' "$li"
check "... saying so" body_has '.error.message | contains("no call")'
check "nothing created" expect 200 GET /api/v1/tickets "" "$boss"
check "... no tickets" body_has '.tickets == []'

# --- Password guessing: per name and address, the same for names nobody has.
for _ in 1 2 3; do api POST /api/v1/login '{"user":"li","password":"wrong-pass"}' >/dev/null; done
check "li locked from here after 3" expect 423 POST /api/v1/login '{"user":"li","password":"li-pass-123"}'
login_from() {  # login_from ADDRESS USER PASSWORD: prints the status
  curl -s -o "$tmp/body" -w '%{http_code}' --interface "$1" -X POST -H 'Content-Type: application/json' \
    --data-binary "{\"user\":\"$2\",\"password\":\"$3\"}" "http://127.0.0.1:$api_port/api/v1/login"
}
check "... but not from another address" test "$(login_from 127.0.0.2 li li-pass-123)" = 200
for _ in 1 2 3; do api POST /api/v1/login '{"user":"ghost","password":"wrong-pass"}' >/dev/null; done
check "a name nobody has is locked the same way" expect 423 POST /api/v1/login '{"user":"ghost","password":"x-pass-1234"}'
check "... with the same words" body_has '.error.code == "locked" and (.error.message | test("locked until 20"))'
# Ten guesses at once get no more than the three tries guesses in a row get.
guesses=()
for i in $(seq 10); do
  login_from 127.0.0.3 chen wrong-pass >"$tmp/race.$i" &
  guesses+=($!)
done
wait "${guesses[@]}"
check "ten guesses at once: at most 3 checked" test "$(grep -l 401 "$tmp"/race.* | wc -l)" -le 3
check "... the rest refused as locked" test "$(grep -l 423 "$tmp"/race.* | wc -l)" -ge 7
check "the admin sees the lock" expect 200 GET /api/v1/users "" "$admin"
check "... on li and chen" body_has '[.users[] | select(.locked_until != null) | .name] == ["chen","li"]'
check "hotline user unlock" bash -c "'$hotline' user unlock li --data '$tmp/data' | grep -q 'li unlocked'"
check "... li logs in from here again" test "$(login_from 127.0.0.1 li li-pass-123)" = 200
check "unlocking nobody: exit 2" bash -c "'$hotline' user unlock ghost2 --data '$tmp/data'; test \$? -eq 2"

# --- At most ten sessions a user: the eleventh login ends the oldest.
first=$(login wu wu-pass-123)
for _ in $(seq 9); do login wu wu-pass-123 >/dev/null; done
check "ten sessions of wu" expect 200 GET /api/v1/me "" "$first"
login wu wu-pass-123 >/dev/null
check "the eleventh ends the oldest" expect 401 GET /api/v1/me "" "$first"

# --- hotline.db is for the server's user only.
check "hotline.db is 0600" test "$(stat -c %a "$tmp/data/hotline.db")" = 600

check "the server still serves" alive
stop_and_report

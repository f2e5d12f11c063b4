#!/usr/bin/env bash
# Purchased lead lists over real HTTP: a file as Chinese Excel saves it (GB18030) imported
# with its per-row report, de-duplicated against an earlier list, screened by the
# do-not-call list; read and exported only by the director (audited), imported and
# destroyed by the data officer too; destroyed so that its leads are gone; bad requests
# refused with nothing written; every step in the audit log.
#
#   tests/api/leads_test.sh HOTLINE SOURCE_DIR
set -uo pipefail
hotline=$1
source_dir=$(cd "$2" && pwd)
source "$source_dir/tests/api/harness.sh"

cat >"$tmp/center.yaml" <<'YAML'
center: {name: Leads test center}
skills: [general]
teams: [t1, t2]
queues: [{name: general, skills: {general: 1}}]
agents:
  - {name: a1, skills: {general: 5}, team: t1}
  - {name: a3, skills: {general: 5}, team: t1}
  - {name: a2, skills: {general: 5}, team: t2}
sip: {rtp_ports: 57000-57999}
api: {listen: 127.0.0.1:0}
YAML
add_users "zhao director - -" "it it - -" "li agent t1 a1" "wang team_lead t1 -" \
  "qian team_lead t2 -"
start_or_fail "$tmp/center.yaml"
api_port=$(api_port_of "$tmp/server.log")
for u in zhao it li wang qian; do declare "$u=$(login $u $u-pass-123)"; done

# upload PATH FILE TOKEN: POSTs the file as the body; prints the status.
upload() {
  curl -s -o "$tmp/body" -w '%{http_code}' -X POST -H 'Content-Type: text/csv' \
    -H "Authorization: Bearer $3" --data-binary "@$2" "http://127.0.0.1:$api_port$1"
}
expect_upload() {
  local want=$1 got
  got=$(upload "$2" "$3" "$4")
  [[ $got == "$want" ]] || { echo "upload $2 -> $got, wanted $want: $(head -c 300 "$tmp/body")"; return 1; }
}
enc() { jq -rn --arg v "$1" '$v|@uri'; }
meta="name=$(enc 十二月A)&vendor=$(enc 数据公司A)&batch=12A&price=10000&bought=2026-12-01&consent=$(enc 供应商合同第4条)&campaign=tickets&fields=$(enc 城市)"

# --- The do-not-call list first: the import screens against it.
check "DNC: a number" expect 201 POST /api/v1/do-not-call '{"entry":"139 0013 9000","reason":"投诉"}' "$zhao"
check "... kept in E.164" body_has '.entry == "+8613900139000"'
check "DNC: every 400 number, by IT" expect 201 POST /api/v1/do-not-call '{"entry":"400*"}' "$it"
check "DNC: not a number: 400" expect 400 POST /api/v1/do-not-call '{"entry":"hello"}' "$zhao"
check "DNC: an unknown field: 400" expect 400 POST /api/v1/do-not-call '{"entry":"400*","scope":"x"}' "$zhao"
check "DNC listed" expect 200 GET /api/v1/do-not-call "" "$zhao"
check "... two entries" body_has '[.entries[].entry] == ["+8613900139000","+86400*"]'
check "DNC: an agent may not read it" expect 403 GET /api/v1/do-not-call "" "$li"

# --- A file from Chinese Excel: GB18030, Chinese headers, the number found by its header.
printf '姓名,手机,城市\r\n张三,13800138000,深圳\r\n李四,12345,广州\r\n王五,13900139000,北京\r\n赵六,4008001234,上海\r\n钱七,138 0013 8000,深圳\r\n孙八,0755-23456789,深圳\r\n' |
  iconv -f UTF-8 -t GB18030 >"$tmp/leads.csv"
check "an agent may not import" expect_upload 403 "/api/v1/lead-lists?$meta" "$tmp/leads.csv" "$li"
check "a team lead may not import" expect_upload 403 "/api/v1/lead-lists?$meta" "$tmp/leads.csv" "$wang"
check "the director imports" expect_upload 201 "/api/v1/lead-lists?$meta" "$tmp/leads.csv" "$zhao"
check "... the list as bought" body_has '.list.vendor == "数据公司A" and .list.price_fen == 1000000 and .list.encoding == "GB18030" and .list.consent == "供应商合同第4条"'
check "... 2 of 6 rows" body_has '.list.rows == 6 and .list.leads == 2 and .list.invalid == 1 and .list.duplicates == 1 and .list.do_not_call == 2'
check "... the number and name columns found" body_has '.phone_column == "手机" and .name_column == "姓名"'
check "... each row left out, with why" body_has '[.left_out[].row] == [3,4,5,6] and .left_out[1].reason == "on the do-not-call list" and .left_out[3].reason == "the same number as row 2"'
first=$(jq .list.id "$tmp/body")

printf 'phone,name\n13800138000,again\n13800138099,=HYPERLINK("http://x")\n' >"$tmp/second.csv"
check "IT imports a second list for the campaign" expect_upload 201 "/api/v1/lead-lists?name=B&vendor=V&consent=C&campaign=tickets" "$tmp/second.csv" "$it"
check "... the campaign's number left out" body_has '.list.leads == 1 and .list.duplicates == 1 and (.left_out[0].reason | contains("campaign tickets"))'
second=$(jq .list.id "$tmp/body")

# --- Bad requests: a clear 4xx, nothing written.
check "no consent source: 400" expect_upload 400 "/api/v1/lead-lists?name=C&vendor=V" "$tmp/second.csv" "$zhao"
check "... says so" body_has '.error.message | contains("consent")'
check "a misspelt parameter: 400" expect_upload 400 "/api/v1/lead-lists?name=C&vendor=V&consent=C&prise=5" "$tmp/second.csv" "$zhao"
check "... named" body_has '.error.message | contains("prise")'
check "a bad price: 400" expect_upload 400 "/api/v1/lead-lists?name=C&vendor=V&consent=C&price=12.345" "$tmp/second.csv" "$zhao"
check "a bad date: 400" expect_upload 400 "/api/v1/lead-lists?name=C&vendor=V&consent=C&bought=2026-02-30" "$tmp/second.csv" "$zhao"
check "a missing field column: 400" expect_upload 400 "/api/v1/lead-lists?name=C&vendor=V&consent=C&fields=nope" "$tmp/second.csv" "$zhao"
printf 'name,city\nx,y\n' >"$tmp/nophone.csv"
check "no number column: 400" expect_upload 400 "/api/v1/lead-lists?name=C&vendor=V&consent=C" "$tmp/nophone.csv" "$zhao"
printf 'phone\n"13800138000\n' >"$tmp/broken.csv"
check "broken quoting: 400" expect_upload 400 "/api/v1/lead-lists?name=C&vendor=V&consent=C" "$tmp/broken.csv" "$zhao"
: >"$tmp/empty.csv"
check "an empty body: 400" expect_upload 400 "/api/v1/lead-lists?name=C&vendor=V&consent=C" "$tmp/empty.csv" "$zhao"
head -c $((65 * 1024 * 1024)) /dev/zero | tr '\0' '1' >"$tmp/huge.csv"
check "a file over 64 MiB: 413" expect_upload 413 "/api/v1/lead-lists?name=C&vendor=V&consent=C" "$tmp/huge.csv" "$zhao"
rm -f "$tmp/huge.csv"
seq -f '1360000%04g' 0 9999 >"$tmp/big.csv"
{ echo phone; for _ in $(seq 12); do cat "$tmp/big.csv"; done; } >"$tmp/bigger.csv"  # 1.4 MiB
check "a large file from an agent is refused before it is read: 413" expect_upload 413 "/api/v1/lead-lists?name=C&vendor=V&consent=C" "$tmp/bigger.csv" "$li"
check "... and without a token" bash -c "[[ \$(curl -s -o /dev/null -w '%{http_code}' -X POST --data-binary @'$tmp/bigger.csv' 'http://127.0.0.1:$api_port/api/v1/lead-lists?name=C') == 413 ]]"
check "the same file from the data officer: read" expect_upload 201 "/api/v1/lead-lists?name=big&vendor=W&consent=C" "$tmp/bigger.csv" "$it"
check "... 10,000 leads, the repeats reported" body_has '.list.leads == 10000 and .list.duplicates == 110000 and .left_out_count == 110000 and (.left_out | length) == 1000'
big=$(jq .list.id "$tmp/body")
check "... destroyed again" expect 200 DELETE "/api/v1/lead-lists/$big" "" "$it"
check "a body over 1 MiB elsewhere is still refused" bash -c "head -c 2000000 /dev/zero | tr '\\0' 'x' > '$tmp/big'; [[ \$(curl -s -o /dev/null -w '%{http_code}' -X POST -H 'Authorization: Bearer $zhao' --data-binary @'$tmp/big' http://127.0.0.1:$api_port/api/v1/tickets) == 413 ]]"
printf 'phone\n\x81\x30\xff\n' >"$tmp/notext.csv"
check "bytes that are no text: 400" expect_upload 400 "/api/v1/lead-lists?name=C&vendor=V&consent=C" "$tmp/notext.csv" "$zhao"
check "... saying so" body_has '.error.message | contains("neither UTF-8 nor GBK")'
check "a name that is not UTF-8: 400" expect_upload 400 "/api/v1/lead-lists?name=%B1&vendor=V&consent=C" "$tmp/second.csv" "$zhao"
python3 -c "print('[' * 100000)" >"$tmp/deep.json"
check "DNC: JSON 100,000 deep: 400" bash -c "[[ \$(curl -s -o /dev/null -w '%{http_code}' -X POST -H 'Authorization: Bearer $zhao' --data-binary @'$tmp/deep.json' http://127.0.0.1:$api_port/api/v1/do-not-call) == 400 ]]"
check "still two lists" expect 200 GET /api/v1/lead-lists "" "$zhao"
check "... and only those" body_has '[.lists[] | select(.destroyed == null) | .id] == ['"$first,$second"']'

# --- Reading leads: the director only, audited; IT manages lists without reading them.
check "IT sees the lists' counts" expect 200 GET "/api/v1/lead-lists/$first" "" "$it"
check "... counts only" body_has '.leads == 2 and (has("phone") | not)'
check "IT may not read the leads" expect 403 GET "/api/v1/lead-lists/$first/leads" "" "$it"
check "nor export them" expect 403 GET "/api/v1/lead-lists/$first/export" "" "$it"
check "an agent may not list the lists" expect 403 GET /api/v1/lead-lists "" "$li"
check "the director reads the leads" expect 200 GET "/api/v1/lead-lists/$first/leads" "" "$zhao"
check "... numbers in E.164, names and fields from GB18030" body_has '.leads[0].phone == "+8613800138000" and .leads[0].name == "张三" and .leads[0].fields == ["深圳"] and .leads[1].row == 7'
check "the director exports" expect 200 GET "/api/v1/lead-lists/$first/export" "" "$zhao"
check "... UTF-8 with the BOM Excel needs" bash -c "head -c 3 '$tmp/body' | od -An -tx1 | grep -q 'ef bb bf'"
check "... the header and both leads" bash -c "grep -q '^phone,name,城市' <(tail -c +4 '$tmp/body') && grep -c '^+86' '$tmp/body' | grep -qx 2"
check "not a list id: 400" expect 400 GET "/api/v1/lead-lists/abc/leads" "" "$zhao"
check "no such list: 404" expect 404 GET "/api/v1/lead-lists/999/leads" "" "$zhao"

# --- Handing out: the director gives teams batches, team leads give their agents equal
# counts; who holds how many is open to those who hand out.
printf 'phone\n'"$(seq -f '137001370%02g' 0 9)"'\n' >"$tmp/ten.csv"
check "a list of ten for handing out" expect_upload 201 "/api/v1/lead-lists?name=ten&vendor=V&consent=C&campaign=courses" "$tmp/ten.csv" "$zhao"
check "... ten" body_has '.list.leads == 10'
ten=$(jq .list.id "$tmp/body")
check "a team lead may not give lists to teams" expect 403 POST "/api/v1/lead-lists/$ten/give" '{"team":"t1","count":5}' "$wang"
check "nor IT" expect 403 POST "/api/v1/lead-lists/$ten/give" '{"team":"t1","count":5}' "$it"
check "nor an agent" expect 403 POST "/api/v1/lead-lists/$ten/give" '{"team":"t1","count":5}' "$li"
check "a team nobody is in: 400" expect 400 POST "/api/v1/lead-lists/$ten/give" '{"team":"t9","count":5}' "$zhao"
check "no count: 400" expect 400 POST "/api/v1/lead-lists/$ten/give" '{"team":"t1"}' "$zhao"
check "the director gives t1 six" expect 200 POST "/api/v1/lead-lists/$ten/give" '{"team":"t1","count":6}' "$zhao"
check "... six" body_has '.given == 6'
check "... and t2 what is left" expect 200 POST "/api/v1/lead-lists/$ten/give" '{"team":"t2","count":10}' "$zhao"
check "... four" body_has '.given == 4'
check "t1's lead gives its pool to its agents" expect 200 POST /api/v1/teams/t1/leads/give '{}' "$wang"
check "... three each" body_has '.given == {"a1":3,"a3":3}'
check "... not another team's" expect 403 POST /api/v1/teams/t2/leads/give '{}' "$wang"
check "... nor to another team's agent" expect 400 POST /api/v1/teams/t1/leads/give '{"agents":["a2"]}' "$wang"
check "t2's lead gives one" expect 200 POST /api/v1/teams/t2/leads/give '{"agents":["a2"],"per_agent":1}' "$qian"
check "... to a2" body_has '.given == {"a2":1}'
check "t1's holdings" expect 200 GET /api/v1/teams/t1/leads "" "$wang"
check "... a1 3, a3 3" body_has '.holdings == [{"team":"t1","agent":"a1","leads":3},{"team":"t1","agent":"a3","leads":3}]'
check "t2's lead may not see t1's" expect 403 GET /api/v1/teams/t1/leads "" "$qian"
check "nor an agent" expect 403 GET /api/v1/teams/t1/leads "" "$li"
check "a1 is off: its leads back to the pool" expect 200 POST /api/v1/teams/t1/leads/take-back '{"agent":"a1"}' "$wang"
check "... three" body_has '.taken == 3'
check "the center's holdings" expect 200 GET /api/v1/lead-holdings "" "$zhao"
check "... t1's pool, a3, t2's pool and a2" body_has '[.holdings[] | [.team, .agent, .leads]] == [["t1","",3],["t1","a3",3],["t2","",3],["t2","a2",1]]'

# --- Quality: a sample test-called by the director, the vendors compared; re-cleansing.
check "IT may not draw a sample (it shows numbers)" expect 403 POST "/api/v1/lead-lists/$ten/samples" '{"size":3}' "$it"
check "the director draws three" expect 201 POST "/api/v1/lead-lists/$ten/samples" '{"size":3}' "$zhao"
check "... with their numbers" body_has '(.calls | length) == 3 and (.calls[0].phone | startswith("+86137001370"))'
sample=$(jq .id "$tmp/body")
lead=$(jq '.calls[0].lead' "$tmp/body")
check "a test call's result" expect 200 PUT "/api/v1/lead-samples/$sample/leads/$lead" '{"valid":true,"reachable":true,"right_person":true}' "$zhao"
check "a contradiction: 400" expect 400 PUT "/api/v1/lead-samples/$sample/leads/$lead" '{"interested":true}' "$zhao"
check "a lead not in the sample: 404" expect 404 PUT "/api/v1/lead-samples/$sample/leads/999999" '{}' "$zhao"
check "the sample" expect 200 GET "/api/v1/lead-samples/$sample" "" "$zhao"
check "... one tested" body_has '[.calls[] | select(.tested)] | length == 1'
check "vendors compared" expect 200 GET /api/v1/reports/vendors "" "$it"
check "... V: tested 1, reached 1, 2 lists" body_has 'any(.vendors[]; .vendor == "V" and .tested == 1 and .contact_rate == 1 and .lists == 2)'
check "... 数据公司A: 10,000 CNY for 2 leads" body_has 'any(.vendors[]; .vendor == "数据公司A" and .paid_fen == 1000000 and .cost_per_lead_fen == 500000 and .valid_rate == null)'
check "an agent may not see vendors" expect 403 GET /api/v1/reports/vendors "" "$li"
check "lists say whether they are stale" expect 200 GET "/api/v1/lead-lists/$ten" "" "$it"
check "... not yet" body_has '.stale == false and .recleansed == null'
check "IT re-cleanses" expect 200 POST "/api/v1/lead-lists/$ten/recleanse" '{}' "$it"
check "... ten checked, none removed" body_has '.checked == 10 and .invalid == 0 and .do_not_call == 0 and .duplicates == 0'
check "... recorded" expect 200 GET "/api/v1/lead-lists/$ten" "" "$it"
check "... when" body_has '(.recleansed | length) > 0'

# --- Destruction: by IT here; the leads are gone, the counts and the record stay.
check "an agent may not destroy" expect 403 DELETE "/api/v1/lead-lists/$first" "" "$li"
check "IT destroys the first list" expect 200 DELETE "/api/v1/lead-lists/$first" "" "$it"
check "... its counts kept" body_has '.leads == 2 and .leads_destroyed == 2 and .destroyed_by == "it" and (.destroyed | length > 0)'
check "... no lead left" expect 200 GET "/api/v1/lead-lists/$first/leads" "" "$zhao"
check "... none" body_has '.leads == []'
check "destroyed twice: 409" expect 409 DELETE "/api/v1/lead-lists/$first" "" "$zhao"
check "the numbers are in no file of the database" bash -c "! cat '$tmp/data/hotline.db'* | grep -aq '+8675523456789'"
check "the other list keeps its lead" expect 200 GET "/api/v1/lead-lists/$second/leads" "" "$zhao"
check "... one" body_has '.leads | length == 1'
check "its export" expect 200 GET "/api/v1/lead-lists/$second/export" "" "$zhao"
check "... neutralizes a name that is a formula" grep -qF "+8613800138099,\"'=HYPERLINK(\"\"http://x\"\")\"" "$tmp/body"

# --- Every step in the audit log, with who and how many.
check "audit log" expect 200 GET "/api/v1/audit?limit=100" "" "$zhao"
for action in leads.import leads.view leads.export leads.destroy leads.assign leads.take_back \
  leads.sample leads.test leads.recleanse dnc.add; do
  check "... $action" body_has "any(.entries[]; .action == \"$action\")"
done
check "... the import's counts" body_has 'any(.entries[]; .action == "leads.import" and .user == "zhao" and (.detail | contains("2 of 6 rows imported")))'
check "... the destruction's" body_has 'any(.entries[]; .action == "leads.destroy" and .user == "it" and (.detail | contains("2 leads destroyed")))'

check "DNC removed" expect 200 DELETE "/api/v1/do-not-call?entry=$(enc '139 0013 9000')" "" "$zhao"
check "... twice: 404" expect 404 DELETE "/api/v1/do-not-call?entry=$(enc '139 0013 9000')" "" "$zhao"
check "after logout the token reads nothing" bash -c "[[ \$(curl -s -o /dev/null -w '%{http_code}' -X POST -H 'Authorization: Bearer $it' http://127.0.0.1:$api_port/api/v1/logout) == 204 ]] && [[ \$(curl -s -o /dev/null -w '%{http_code}' -H 'Authorization: Bearer $it' http://127.0.0.1:$api_port/api/v1/lead-lists) == 401 ]]"

stop_and_report

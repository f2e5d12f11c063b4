#!/usr/bin/env bash
# The HTTP API over real HTTP on loopback (curl): logins, sessions, roles, users, the
# audit log, strict bodies, limits, metrics and the OpenAPI document, against
# `hotline serve` with its SQLite store; then a restart keeps users and ends sessions.
#
#   tests/api/api_test.sh HOTLINE SOURCE_DIR
set -uo pipefail
hotline=$1
source_dir=$(cd "$2" && pwd)
tmp=$(mktemp -d)
server_pid=""
cleanup() {
  [[ -n $server_pid ]] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null
  rm -rf "$tmp"
}
trap cleanup EXIT
source "$source_dir/tests/sip/lib.sh"
source "$source_dir/tests/api/lib.sh"
passed=0 failed=0

cat >"$tmp/center.yaml" <<'YAML'
center: {name: API test center}
skills: [general]
teams: [t1]
queues: [{name: general, skills: {general: 1}}]
agents:
  - {name: a1, skills: {general: 5}, team: t1}
  - {name: a2, skills: {general: 5}}
sip:
  rtp_ports: 62000-62999
api:
  listen: 127.0.0.1:0
  max_body_kb: 4
  max_failed_logins: 3
  lockout_minutes: 10
  login_attempts_per_minute: 40
  web_root: web
YAML
# The web desktop's files, as a build leaves them (index.html and hashed assets).
mkdir -p "$tmp/web/assets" "$tmp/outside"
echo '<!doctype html><title>desk</title>' >"$tmp/web/index.html"
echo 'console.log("app")' >"$tmp/web/assets/app-1a2b.js"
echo 'secret' >"$tmp/outside/secret.txt"

# --- The first admin comes from the command line; the password from standard input.
check "user add admin" bash -c "echo 'admin-pass-1' | '$hotline' user add admin --role admin --data '$tmp/data'"
check "user add: unknown role" bash -c "echo 'whatever-1' | '$hotline' user add x --role boss --data '$tmp/data'; [[ \$? == 2 ]]"
check "user add: short password" bash -c "echo 'short' | '$hotline' user add x --role agent --data '$tmp/data'; [[ \$? == 2 ]]"
check "user add: taken name" bash -c "echo 'admin-pass-2' | '$hotline' user add admin --role qa --data '$tmp/data'; [[ \$? == 1 ]]"
check "user list" bash -c "'$hotline' user list --data '$tmp/data' | grep -q '^admin  *admin'"

start_or_fail "$tmp/center.yaml"
api_port=$(api_port_of "$tmp/server.log")
check "API port printed" test -n "$api_port"

# --- The OpenAPI document lists every endpoint.
check "openapi.json served" expect 200 GET /api/v1/openapi.json
check "openapi: valid" body_has '.openapi == "3.0.3" and (.paths | length > 10)'
# Every route the server registers is documented, with its method.
undocumented() {
  grep -ohE '(secured|router_\.add)\("(GET|POST|PATCH|PUT|DELETE)", "[^"]+"' \
    "$source_dir"/src/api/*.cc | sed -E 's/.*\("([A-Z]+)", "([^"]+)"/\1 \2/' |
    while read -r method path; do
      m=$(tr 'A-Z' 'a-z' <<<"$method")
      jq -e --arg p "$path" --arg m "$m" '.paths[$p][$m]' "$tmp/body" >/dev/null || echo "$method $path"
    done
}
undocumented >"$tmp/undocumented"
check "openapi: every route documented" bash -c "cat '$tmp/undocumented'; [[ ! -s '$tmp/undocumented' ]]"
grep -ohE 'secured\("[A-Z]+", "[^"]+"' "$source_dir"/src/api/*.cc >"$tmp/routes"
check "routes found in the source" test "$(wc -l <"$tmp/routes")" -ge 10

# --- The web desktop's files from the same port; page paths get the page; nothing
# outside the folder is reachable.
get_page() { curl -s -o "$tmp/page" -w '%{http_code} %{content_type}' "http://127.0.0.1:$api_port$1"; }
check "/ is the page" test "$(get_page /)" = "200 text/html; charset=utf-8"
check "... its text" grep -q '<title>desk</title>' "$tmp/page"
check "a page's own path is the page" test "$(get_page /desk)" = "200 text/html; charset=utf-8"
check "an asset, typed" test "$(get_page /assets/app-1a2b.js)" = "200 text/javascript; charset=utf-8"
check "... cached for good" bash -c "curl -s -D - -o /dev/null http://127.0.0.1:$api_port/assets/app-1a2b.js | grep -qi 'cache-control: public, max-age=31536000, immutable'"
check "the page is not cached" bash -c "curl -s -D - -o /dev/null http://127.0.0.1:$api_port/ | grep -qi 'cache-control: no-cache'"
check "a missing asset: 404" test "$(get_page /assets/gone-1.js | cut -d' ' -f1)" = 404
check "climbing out: 400" test "$(get_page /..%2Foutside%2Fsecret.txt | cut -d' ' -f1)" = 400
check "... nothing leaked" bash -c "! grep -q secret '$tmp/page'"
check "climbing out, dots in the path: 400" test "$(curl -s --path-as-is -o "$tmp/page" -w '%{http_code}' "http://127.0.0.1:$api_port/assets/../../outside/secret.txt")" = 400
check "bad percent-encoding: 400" test "$(get_page /%zz | cut -d' ' -f1)" = 400
check "unknown API paths stay JSON 404" expect 404 GET /api/v1/nothing
check "POST to a page: not a file" test "$(curl -s -o /dev/null -w '%{http_code}' -X POST "http://127.0.0.1:$api_port/desk")" = 404
check "a broken web_root is a config error" bash -c "sed 's/web_root: web/web_root: nowhere/' '$tmp/center.yaml' >'$tmp/broken.yaml'; '$hotline' check-config '$tmp/broken.yaml' 2>&1 | grep -q 'no index.html'"

# --- No token, a bad token.
check "no token: 401" expect 401 GET /api/v1/me
check "401 is JSON" body_has '.error.code == "unauthenticated"'
check "bad token: 401" expect 401 GET /api/v1/users "" "0123456789abcdef"

# --- Logging in.
check "wrong password: 401" expect 401 POST /api/v1/login '{"user":"admin","password":"nope-nope"}'
check "wrong password says no more" body_has '.error == {"code":"invalid_credentials","message":"wrong user name or password"}'
check "unknown user: the same 401" expect 401 POST /api/v1/login '{"user":"ghost","password":"nope-nope"}'
check "unknown user says no more" body_has '.error.code == "invalid_credentials"'
check "bad JSON: 400" expect 400 POST /api/v1/login '{"user":'
check "unknown field: 400" expect 400 POST /api/v1/login '{"user":"admin","password":"admin-pass-1","remember":true}'
check "unknown field named" body_has '.error.message | contains("unknown field '"'"'remember'"'"'")'
check "wrong type: 400" expect 400 POST /api/v1/login '{"user":"admin","password":12345678}'
check "missing password: 400" expect 400 POST /api/v1/login '{"user":"admin"}'
admin=$(login admin admin-pass-1)
check "admin logs in" test ${#admin} -eq 64
check "me" expect 200 GET /api/v1/me "" "$admin"
check "me is admin" body_has '.name == "admin" and .role == "admin" and (.session_expires | test("Z$"))'

# --- Users.
check "create agent" expect 201 POST /api/v1/users '{"name":"li","display_name":"李明","role":"agent","team":"t1","agent":"a1","password":"li-pass-123"}' "$admin"
check "created as given" body_has '.name == "li" and .display_name == "李明" and .agent == "a1" and .team == "t1" and (has("password_hash") | not)'
check "create hr" expect 201 POST /api/v1/users '{"name":"wang","display_name":"王芳","role":"hr","password":"wang-pass-123"}' "$admin"
check "create team lead" expect 201 POST /api/v1/users '{"name":"zhao","display_name":"赵强","role":"team_lead","team":"t1","password":"zhao-pass-123"}' "$admin"
check "taken name: 409" expect 409 POST /api/v1/users '{"name":"li","display_name":"x","role":"agent","password":"li-pass-123"}' "$admin"
check "unknown role: 400" expect 400 POST /api/v1/users '{"name":"q","display_name":"x","role":"boss","password":"q-pass-1234"}' "$admin"
check "unknown agent: 400" expect 400 POST /api/v1/users '{"name":"q","display_name":"x","role":"agent","agent":"a9","password":"q-pass-1234"}' "$admin"
check "bad name: 400" expect 400 POST /api/v1/users '{"name":"a b/c","display_name":"x","role":"agent","password":"q-pass-1234"}' "$admin"
check "several problems in one 400" expect 400 POST /api/v1/users '{"name":7,"role":"agent","password":"x","extra":1}' "$admin"
check "... all named" body_has '.error.message | (contains("name") and contains("display_name") and contains("8 characters") and contains("extra"))'
check "nothing created by bad requests" expect 200 GET /api/v1/users "" "$admin"
check "... four users" body_has '[.users[].name] == ["admin","li","wang","zhao"]'

# --- Roles.
li=$(login li li-pass-123)
wang=$(login wang wang-pass-123)
check "agent logs in" test ${#li} -eq 64
check "agent may not list users" expect 403 GET /api/v1/users "" "$li"
check "403 is JSON" body_has '.error.code == "forbidden"'
check "agent may not read the audit log" expect 403 GET /api/v1/audit "" "$li"
check "agent may not change others" expect 403 PATCH /api/v1/users/zhao '{"display_name":"x"}' "$li"
check "agent may not change its role" expect 403 PATCH /api/v1/users/li '{"role":"admin"}' "$li"
check "agent changes its display name" expect 200 PATCH /api/v1/users/li '{"display_name":"李明 (早班)"}' "$li"
check "hr lists users" expect 200 GET /api/v1/users "" "$wang"
check "hr may not make an admin" expect 403 POST /api/v1/users '{"name":"boss","display_name":"x","role":"admin","password":"boss-pass-1"}' "$wang"
check "hr may not change an admin" expect 403 PATCH /api/v1/users/admin '{"display_name":"x"}' "$wang"
check "hr may not read the audit log" expect 403 GET /api/v1/audit "" "$wang"
check "hr creates a qa" expect 201 POST /api/v1/users '{"name":"sun","display_name":"孙丽","role":"qa","password":"sun-pass-123"}' "$wang"

# --- Passwords: one's own takes the current one; a change ends the user's sessions.
check "own password without the current: 403" expect 403 PATCH /api/v1/users/li '{"password":"li-pass-456"}' "$li"
check "own password with a wrong current: 403" expect 403 PATCH /api/v1/users/li '{"password":"li-pass-456","current_password":"nope-nope"}' "$li"
check "own password changed" expect 200 PATCH /api/v1/users/li '{"password":"li-pass-456","current_password":"li-pass-123"}' "$li"
check "old session ended" expect 401 GET /api/v1/me "" "$li"
check "old password refused" expect 401 POST /api/v1/login '{"user":"li","password":"li-pass-123"}'
li=$(login li li-pass-456)
check "new password works" test ${#li} -eq 64
check "role change ends sessions" expect 200 PATCH /api/v1/users/li '{"role":"team_lead"}' "$admin"
check "... the agent's token is gone" expect 401 GET /api/v1/me "" "$li"
check "deactivate" expect 200 PATCH /api/v1/users/sun '{"active":false}' "$admin"
check "inactive user refused" expect 401 POST /api/v1/login '{"user":"sun","password":"sun-pass-123"}'
check "unknown user: 404" expect 404 PATCH /api/v1/users/ghost '{"display_name":"x"}' "$admin"

# --- Lockout after max_failed_logins (3) failures in a row.
for _ in 1 2 3; do api POST /api/v1/login '{"user":"zhao","password":"wrong-pass"}' >/dev/null; done
check "locked: the right password gets 423" expect 423 POST /api/v1/login '{"user":"zhao","password":"zhao-pass-123"}'
check "423 says until when" body_has '.error.code == "locked" and (.error.message | test("locked until 20"))'
check "lock shown to admins" expect 200 GET /api/v1/users "" "$admin"
check "... locked_until set" body_has '.users[] | select(.name == "zhao") | .locked_until != null'
check "admin unlocks" expect 200 PATCH /api/v1/users/zhao '{"unlock":true}' "$admin"
zhao=$(login zhao zhao-pass-123)
check "unlocked user logs in" test ${#zhao} -eq 64

# --- Limits and malformed requests.
big=$(head -c 5000 /dev/zero | tr '\0' 'x')
check "body over max_body_kb: 413" expect 413 POST /api/v1/users "{\"name\":\"$big\"}" "$admin"
check "413 is JSON" body_has '.error.code == "body_too_large"'
check "unknown path: 404" expect 404 GET /api/v1/nothing "" "$admin"
check "wrong method: 405" expect 405 DELETE /api/v1/users "" "$admin"
check "malformed HTTP: 400" bash -c "exec 3<>/dev/tcp/127.0.0.1/$api_port; printf 'NOT HTTP AT ALL\r\n\r\n' >&3; head -1 <&3 | grep -q ' 400 '"
check "server still serves" expect 200 GET /api/v1/me "" "$admin"

# --- The audit log: who did what, from where, newest first.
check "audit log" expect 200 GET "/api/v1/audit?limit=500" "" "$admin"
check "audit: failed logins, creations, changes, lockout" body_has '[.entries[].action] as $a |
  ($a | index("login.failed")) and ($a | index("user.create")) and ($a | index("user.update"))
  and ($a | index("login.locked")) and ($a | index("logout") | not)'
check "audit: the user and the source" body_has '.entries[] | select(.action == "user.create" and .target == "sun") | .user == "wang" and .source == "127.0.0.1"'
check "audit: a password change is named, not shown" body_has '[.entries[] | select(.target == "li" and .action == "user.update") | .detail] | any(. == "password") and (map(contains("li-pass")) | any | not)'
check "audit: bad from: 400" expect 400 GET "/api/v1/audit?from=yesterday" "" "$admin"
check "audit: limit" expect 200 GET "/api/v1/audit?limit=2" "" "$admin"
check "... two entries" body_has '.entries | length == 2'
check "logout" expect 204 POST /api/v1/logout "" "$zhao"
check "logged out token refused" expect 401 GET /api/v1/me "" "$zhao"

# --- Customers: phones kept in E.164, found whichever way they are written.
check "create a customer" expect 201 POST /api/v1/customers '{"name":"张伟","company":"示范公司","phones":[{"number":"138 0013 8000","label":"mobile"},{"number":"010-12345678"}],"addresses":["北京市朝阳区 1 号"],"tags":["vip"],"products":[{"model":"KFR-35GW","serial":"SN-0001","installed":"2025-06-01","warranty_end":"2028-06-01"}]}' "$admin"
check "... phones in E.164" body_has '[.phones[].number] == ["+8613800138000","+861012345678"] and .products[0].serial == "SN-0001" and .id == 1'
check "bad phone: 400 naming it" expect 400 POST /api/v1/customers '{"name":"x","phones":[{"number":"call me"}]}' "$admin"
check "... named" body_has '.error.message | contains("call me")'
check "bad date, unknown field, no name: one 400" expect 400 POST /api/v1/customers '{"phones":[],"products":[{"model":"m","installed":"2025-02-30"}],"vip":true}' "$admin"
check "... all named" body_has '.error.message | (contains("2025-02-30") and contains("vip") and contains("name"))'
check "wrong types: 400" expect 400 POST /api/v1/customers '{"name":"x","tags":"vip"}' "$admin"
check "found by phone in another form" expect 200 GET "/api/v1/customers?phone=%2B86%20138-0013-8000" "" "$admin"
check "... 张伟" body_has '.customers | length == 1 and .[0].name == "张伟"'
check "found by name" expect 200 GET "/api/v1/customers?q=%E5%BC%A0" "" "$admin"
check "... 张伟" body_has '.customers[0].name == "张伟"'
check "found by serial" expect 200 GET "/api/v1/customers?q=SN-0001" "" "$admin"
check "... 张伟" body_has '.customers[0].id == 1'
check "found by part of a number" expect 200 GET "/api/v1/customers?q=12345678" "" "$admin"
check "... 张伟" body_has '.customers[0].id == 1'
check "not a number: 400" expect 400 GET "/api/v1/customers?phone=abc" "" "$admin"
check "HR sees no customers" expect 403 GET "/api/v1/customers?q=x" "" "$wang"
check "HR may not open one" expect 403 GET /api/v1/customers/1 "" "$wang"
check "unknown customer: 404" expect 404 GET /api/v1/customers/999 "" "$admin"
check "not an id: 404" expect 404 GET /api/v1/customers/abc "" "$admin"

# --- An agent sees the customers it serves, no others.
check "create agent chen" expect 201 POST /api/v1/users '{"name":"chen","display_name":"陈","role":"agent","agent":"a2","password":"chen-pass-123"}' "$admin"
chen=$(login chen chen-pass-123)
check "agent may not open a customer it never served" expect 403 GET /api/v1/customers/1 "" "$chen"
check "... nor find it" expect 200 GET "/api/v1/customers?q=%E5%BC%A0" "" "$chen"
check "... (empty)" body_has '.customers == []'
check "... nor write in its timeline" expect 403 POST /api/v1/customers/1/interactions '{"kind":"note","summary":"x"}' "$chen"
check "agent creates a customer" expect 201 POST /api/v1/customers '{"name":"王芳","phones":[{"number":"13900001111"}]}' "$chen"
check "... and serves it" expect 200 GET /api/v1/customers/2 "" "$chen"
check "agent changes it" expect 200 PATCH /api/v1/customers/2 '{"tags":["回访"],"note":"prefers mornings"}' "$chen"
check "... kept" body_has '.tags == ["回访"] and .note == "prefers mornings" and .name == "王芳"'
check "agent notes a call back" expect 201 POST /api/v1/customers/2/interactions '{"kind":"note","summary":"will call back at 9"}' "$chen"
check "bad interaction kind: 400" expect 400 POST /api/v1/customers/2/interactions '{"kind":"ticket","summary":"x"}' "$chen"
check "timeline, newest first" expect 200 GET /api/v1/customers/2/timeline "" "$chen"
check "... the note then the creation" body_has '[.timeline[].summary] == ["will call back at 9","created"] and .timeline[0].user == "chen"'
check "agent may not import" expect 403 POST /api/v1/customers/import "name\nx" "$chen"
check "agent may not export" expect 403 GET /api/v1/customers/export "" "$chen"

# --- CSV import (a per-row report) and export, for the director; both audited.
check "create director" expect 201 POST /api/v1/users '{"name":"boss","display_name":"主管","role":"director","password":"boss-pass-123"}' "$admin"
boss=$(login boss boss-pass-123)
printf '\xEF\xBB\xBFname,phones,company,tags,product_model,installed\r\n李娜,13700001111;0755-88889999,"Shen, Co",vip;回访,X1,2025-01-01\r\n,123,,,,\r\n刘洋,abc,,,,\r\n赵强,010-87654321,,,X2,2025-02-30\r\n"孙, 丽",15000001111,,,,\r\n' >"$tmp/customers.csv"
check "import" bash -c "curl -s -o '$tmp/body' -w '%{http_code}' -X POST -H 'Authorization: Bearer $boss' \
  --data-binary @'$tmp/customers.csv' http://127.0.0.1:$api_port/api/v1/customers/import | grep -q 200"
check "... good rows in, bad rows named by line" body_has '.imported == 2 and ([.errors[].line] == [3,4,5])
  and (.errors[1].message | contains("abc")) and (.errors[2].message | contains("2025-02-30"))'
check "imported with both phones" expect 200 GET "/api/v1/customers?phone=075588889999" "" "$boss"
check "... 李娜" body_has '.customers[0] | .name == "李娜" and .company == "Shen, Co" and .tags == ["vip","回访"]'
check "unknown column: 400, nothing imported" bash -c "printf 'name,phone\nx,1\n' | curl -s -o '$tmp/body' -w '%{http_code}' \
  -X POST -H 'Authorization: Bearer $boss' --data-binary @- http://127.0.0.1:$api_port/api/v1/customers/import | grep -q 400"
check "... says which" body_has '.error.message | contains("phone")'
printf 'name\nok\n"open\n' >"$tmp/broken.csv"
check "broken quote reported" bash -c "curl -s -o '$tmp/body' -X POST -H 'Authorization: Bearer $boss' \
  --data-binary @'$tmp/broken.csv' http://127.0.0.1:$api_port/api/v1/customers/import"
check "... with its line, the rows before kept" body_has '.imported == 1 and (.errors[0].message | contains("line 3"))'
check "export" bash -c "curl -s -D '$tmp/headers' -o '$tmp/export.csv' -H 'Authorization: Bearer $boss' \
  'http://127.0.0.1:$api_port/api/v1/customers/export?limit=3' && grep -q 'text/csv' '$tmp/headers'"
check "... header and three rows" test "$(grep -c $'\r$' "$tmp/export.csv")" -eq 4
check "... quoted where needed" grep -q '"Shen, Co"' "$tmp/export.csv"
check "... the next page named" grep -qi '^X-Next-After: 3' "$tmp/headers"
check "import and export audited" expect 200 GET "/api/v1/audit?limit=50" "" "$admin"
check "... by the director" body_has '[.entries[] | select(.user == "boss") | .action] | index("customers.import") and index("customers.export")'

# --- Tickets: a repair through its whole workflow, a serious complaint, who sees what.
check "repair ticket" expect 201 POST /api/v1/tickets '{"type":"repair","title":"空调不制冷","customer":2,"fault_code":"E1","region":"深圳"}' "$chen"
check "... new, owned by its creator, due in 72 h" body_has '.status == "new" and .owner == "chen" and .id == 1 and .overdue == false
  and (((.due | fromdateiso8601) - (.created | fromdateiso8601)) == 259200)'
check "dispatch without a provider: 409" expect 409 PATCH /api/v1/tickets/1 '{"status":"dispatched"}' "$chen"
check "... says what is missing" body_has '.error.code == "workflow" and (.error.message | contains("provider"))'
check "dispatched" expect 200 PATCH /api/v1/tickets/1 '{"status":"dispatched","provider":"深圳格力服务商"}' "$chen"
check "resolved without parts: 409" expect 409 PATCH /api/v1/tickets/1 '{"status":"resolved"}' "$chen"
check "resolved" expect 200 PATCH /api/v1/tickets/1 '{"status":"resolved","parts_replaced":"压缩机电容 compressor capacitor"}' "$chen"
check "skipping the follow-up call: 409" expect 409 PATCH /api/v1/tickets/1 '{"status":"closed","verified":true}' "$chen"
check "follow-up call due" expect 200 PATCH /api/v1/tickets/1 '{"status":"follow_up"}' "$chen"
check "closing unverified: 409" expect 409 PATCH /api/v1/tickets/1 '{"status":"closed"}' "$chen"
check "verified and closed" expect 200 PATCH /api/v1/tickets/1 '{"status":"closed","verified":true,"note":"客户确认已制冷"}' "$chen"
check "history of every change" expect 200 GET /api/v1/tickets/1 "" "$chen"
check "... in order" body_has '[.history[] | select(.field == "status") | .new] == ["dispatched","resolved","follow_up","closed"]
  and .history[0].field == "created" and any(.history[]; .field == "note" and .new == "客户确认已制冷")
  and any(.history[]; .field == "provider" and .new == "深圳格力服务商")'
check "unknown type: 400" expect 400 POST /api/v1/tickets '{"type":"bug","title":"x"}' "$chen"
check "a serious inquiry: 400" expect 400 POST /api/v1/tickets '{"type":"inquiry","title":"x","serious":true}' "$chen"
check "owner who does not exist: 400" expect 400 POST /api/v1/tickets '{"type":"inquiry","title":"x","owner":"ghost"}' "$chen"
check "a customer it never served: 403" expect 403 POST /api/v1/tickets '{"type":"inquiry","title":"x","customer":1}' "$chen"
check "HR makes no tickets" expect 403 POST /api/v1/tickets '{"type":"inquiry","title":"x"}' "$wang"
check "serious complaint" expect 201 POST /api/v1/tickets '{"type":"complaint","title":"安装师傅迟到三小时","customer":2,"serious":true}' "$chen"
check "... escalated, due in 4 h" body_has '.escalated == true and (((.due | fromdateiso8601) - (.created | fromdateiso8601)) == 14400)'
for step in '{"status":"in_progress"}' '{"status":"resolved"}' '{"status":"follow_up"}' '{"status":"in_progress"}' \
  '{"status":"resolved"}' '{"status":"follow_up"}' '{"status":"in_progress"}' '{"status":"resolved"}' '{"status":"follow_up"}'; do
  api PATCH /api/v1/tickets/2 "$step" "$chen" >/dev/null
done
check "two added demands (追加) counted" expect 200 GET /api/v1/tickets/2 "" "$chen"
check "... no more" body_has '.follow_ups == 2 and .status == "follow_up"'
check "a third: 409" expect 409 PATCH /api/v1/tickets/2 '{"status":"in_progress"}' "$chen"
check "admin's own ticket" expect 201 POST /api/v1/tickets '{"type":"billing","title":"发票"}' "$admin"
check "an agent may not read it" expect 403 GET /api/v1/tickets/3 "" "$chen"
check "agent lists its own" expect 200 GET /api/v1/tickets "" "$chen"
check "... two" body_has '[.tickets[].id] == [2,1]'
check "admin lists all open" expect 200 GET "/api/v1/tickets?open=true" "" "$admin"
check "... the closed repair left out" body_has '[.tickets[].id] == [3,2]'
check "the customer's timeline shows its tickets" expect 200 GET /api/v1/customers/2/timeline "" "$chen"
check "... both" body_has '[.timeline[] | select(.kind == "ticket") | .reference] | sort == ["1","2"]'
# Whoever serves a customer acts on its tickets, whoever owns them; other customers' stay closed.
check "admin's ticket for a customer chen serves" expect 201 POST /api/v1/tickets '{"type":"inquiry","title":"催办","customer":2}' "$admin"
check "... chen reads it" expect 200 GET /api/v1/tickets/4 "" "$chen"
check "... and moves it on" expect 200 PATCH /api/v1/tickets/4 '{"status":"in_progress","note":"客户来电催办"}' "$chen"
check "... offering the next moves" body_has '.status == "in_progress" and .next_statuses == ["resolved"]'
check "admin's ticket for a customer chen never served" expect 201 POST /api/v1/tickets '{"type":"inquiry","title":"x","customer":1}' "$admin"
check "... chen may not read it" expect 403 GET /api/v1/tickets/5 "" "$chen"
check "... nor change it" expect 403 PATCH /api/v1/tickets/5 '{"note":"x"}' "$chen"

# --- Knowledge base: trainers and QA write, everyone reads and searches (Chinese too).
check "create qa" expect 201 POST /api/v1/users '{"name":"qa2","display_name":"质检","role":"qa","password":"qa2-pass-123"}' "$admin"
sun_qa=$(login qa2 qa2-pass-123)
check "create trainer" expect 201 POST /api/v1/users '{"name":"wu","display_name":"吴老师","role":"trainer","password":"wu-pass-1234"}' "$admin"
wu=$(login wu wu-pass-1234)
check "folder" expect 201 POST /api/v1/kb/folders '{"title":"空调 Air conditioners"}' "$wu"
check "subfolder" expect 201 POST /api/v1/kb/folders '{"title":"故障 Faults","parent":1}' "$wu"
check "subfolder of nothing: 400" expect 400 POST /api/v1/kb/folders '{"title":"x","parent":99}' "$wu"
check "article" expect 201 POST /api/v1/kb/articles '{"folder":2,"title":"空调不制冷怎么办","body":"1. 检查**滤网**是否堵塞。\n2. 室外机是否通风。","ivr_node":"q-repair","sales_opportunity":"延保服务 extended warranty"}' "$wu"
check "... version 1" body_has '.id == 1 and .version == 1 and .updated_by == "wu"'
check "article in no folder: 400" expect 400 POST /api/v1/kb/articles '{"folder":99,"title":"x","body":"y"}' "$wu"
check "bad IVR node: 400" expect 400 POST /api/v1/kb/articles '{"folder":1,"title":"x","body":"y","ivr_node":"a b"}' "$wu"
check "agent may not write" expect 403 POST /api/v1/kb/articles '{"folder":1,"title":"x","body":"y"}' "$chen"
check "agent reads" expect 200 GET /api/v1/kb/articles/1 "" "$chen"
check "... the body" body_has '.body | contains("滤网")'
check "search, three characters" expect 200 GET "/api/v1/kb/search?q=%E4%B8%8D%E5%88%B6%E5%86%B7" "" "$chen"
check "... found, marked" body_has '.articles[0].id == 1 and (.articles[0].snippet | contains("[不制冷]"))'
check "search, a two-character word" expect 200 GET "/api/v1/kb/search?q=%E6%BB%A4%E7%BD%91" "" "$chen"
check "... found" body_has '.articles[0].id == 1'
check "search, two words" expect 200 GET "/api/v1/kb/search?q=%E4%B8%8D%E5%88%B6%E5%86%B7+%E9%80%9A%E9%A3%8E" "" "$chen"
check "... both needed" body_has '.articles | length == 1'
check "search, nothing" expect 200 GET "/api/v1/kb/search?q=%E5%86%B0%E7%AE%B1%E5%99%AA%E9%9F%B3" "" "$chen"
check "... empty" body_has '.articles == []'
check "search without q: 400" expect 400 GET /api/v1/kb/search "" "$chen"
check "QA edits" expect 200 PATCH /api/v1/kb/articles/1 '{"version":1,"body":"先断电，再检查滤网。"}' "$sun_qa"
check "... version 2" body_has '.version == 2 and .updated_by == "qa2" and .title == "空调不制冷怎么办"'
check "a stale edit: 409, nothing lost" expect 409 PATCH /api/v1/kb/articles/1 '{"version":1,"body":"old"}' "$wu"
check "... says so" body_has '.error.code == "version_conflict"'
check "edit without the version: 400" expect 400 PATCH /api/v1/kb/articles/1 '{"body":"x"}' "$wu"
check "search sees the change" expect 200 GET "/api/v1/kb/search?q=%E5%85%88%E6%96%AD%E7%94%B5" "" "$chen"
check "... found" body_has '.articles[0].id == 1'
check "versions, newest first" expect 200 GET /api/v1/kb/articles/1/versions "" "$chen"
check "... both kept" body_has '[.versions[].version] == [2,1] and (.versions[1].body | contains("室外机"))'
check "tree" expect 200 GET /api/v1/kb/tree "" "$chen"
check "... folders and articles" body_has '(.folders | length == 2) and (.folders[] | select(.id == 2) | .parent == 1) and .articles[0].folder == 2'
check "unknown article: 404" expect 404 GET /api/v1/kb/articles/9 "" "$chen"
# Attachments: the file is the body, its name a query parameter.
printf '\x89PNG\r\n\x1a\n\x00\x01binary\xff' >"$tmp/diagram.png"
upload() {  # upload ARTICLE NAME FILE TYPE TOKEN: prints the status
  curl -s -o "$tmp/body" -w '%{http_code}' -X POST -H "Authorization: Bearer $5" -H "Content-Type: $4" \
    --data-binary @"$3" "http://127.0.0.1:$api_port/api/v1/kb/articles/$1/attachments?name=$2"
}
check "attach a picture" test "$(upload 1 '%E6%8E%A5%E7%BA%BF%E5%9B%BE.png' "$tmp/diagram.png" image/png "$wu")" = 201
check "... named and sized" body_has '.name == "接线图.png" and .size == 17 and .content_type == "image/png" and .created_by == "wu"'
check "an agent may not attach" test "$(upload 1 x.png "$tmp/diagram.png" image/png "$chen")" = 403
check "a name with a path: 400" test "$(upload 1 '..%2Fetc%2Fpasswd' "$tmp/diagram.png" image/png "$wu")" = 400
check "no name: 400" test "$(upload 1 '' "$tmp/diagram.png" image/png "$wu")" = 400
check "to no article: 404" test "$(upload 9 x.png "$tmp/diagram.png" image/png "$wu")" = 404
head -c 5000 /dev/zero >"$tmp/big.bin"
check "over max_body_kb: 413" test "$(upload 1 big.bin "$tmp/big.bin" application/octet-stream "$wu")" = 413
check "the article's files" expect 200 GET /api/v1/kb/articles/1/attachments "" "$chen"
check "... one" body_has '[.attachments[].name] == ["接线图.png"]'
check "an agent downloads it, byte for byte" bash -c "curl -s -D '$tmp/headers' -H 'Authorization: Bearer $chen' \
  http://127.0.0.1:$api_port/api/v1/kb/attachments/1 | cmp - '$tmp/diagram.png'"
check "... shown inline, its name encoded" grep -qi "content-disposition: inline; filename\*=UTF-8''%E6%8E%A5%E7%BA%BF%E5%9B%BE.png" "$tmp/headers"
check "... not sniffed" grep -qi "x-content-type-options: nosniff" "$tmp/headers"
check "an HTML file is downloaded, not shown" test "$(upload 1 page.html "$tmp/diagram.png" text/html "$wu")" = 201
check "... as an attachment" bash -c "curl -s -D - -o /dev/null -H 'Authorization: Bearer $chen' \
  http://127.0.0.1:$api_port/api/v1/kb/attachments/2 | grep -qi 'content-disposition: attachment'"
check "an agent may not remove it" expect 403 DELETE /api/v1/kb/attachments/2 "" "$chen"
check "the trainer removes it" expect 200 DELETE /api/v1/kb/attachments/2 "" "$wu"
check "gone" expect 404 GET /api/v1/kb/attachments/2 "" "$chen"
check "removing it again: 404" expect 404 DELETE /api/v1/kb/attachments/2 "" "$wu"

# --- Metrics (no token: Prometheus scrapes them).
check "metrics" bash -c "curl -sf http://127.0.0.1:$api_port/metrics >'$tmp/metrics'"
check "metrics: agents by state" grep -q '^hotline_agents{state="logged_out"} 2$' "$tmp/metrics"
check "metrics: queue" grep -q '^hotline_queue_waiting_calls{queue="general"} 0$' "$tmp/metrics"
check "metrics: calls" grep -q '^hotline_calls_in_progress 0$' "$tmp/metrics"
check "metrics: API sessions" grep -q '^hotline_api_sessions [0-9]' "$tmp/metrics"
check "metrics: every family typed" bash -c "
  for m in \$(grep -v '^#' '$tmp/metrics' | sed 's/[{ ].*//' | sort -u); do
    grep -q \"^# TYPE \$m \" '$tmp/metrics' || { echo \"untyped \$m\"; exit 1; }
  done"

# --- Login attempts from one address are throttled (40 a minute here).
throttled=0
for _ in $(seq 45); do
  [[ $(api POST /api/v1/login '{"user":"ghost","password":"nope-nope"}') == 429 ]] && { throttled=1; break; }
done
check "too many attempts: 429" test $throttled -eq 1
check "429 is JSON" body_has '.error.code == "too_many_attempts"'

# --- A restart keeps users and their passwords, and ends every session.
kill -TERM "$server_pid"
wait "$server_pid"
check "server stopped cleanly" test $? -eq 0
server_pid=""
start_or_fail "$tmp/center.yaml"
api_port=$(api_port_of "$tmp/server.log")
check "sessions end with a restart" expect 401 GET /api/v1/me "" "$admin"
li=$(login li li-pass-456)
check "changed password kept" test ${#li} -eq 64
check "changed role kept" expect 200 GET /api/v1/me "" "$li"
check "... team lead" body_has '.role == "team_lead" and .display_name == "李明 (早班)"'

echo "$passed passed, $failed failed"
[[ $failed -eq 0 ]]

#!/usr/bin/env bash
# Sales over real HTTP: the director keeps the catalogue; agents take orders for
# themselves at the catalogue's prices with the stock checked; a team lead moves its
# team's orders on and sees no other team's; sales add up per agent and day; bad requests
# are refused with nothing written; every step is audited.
#
#   tests/api/orders_test.sh HOTLINE SOURCE_DIR
set -uo pipefail
hotline=$1
source_dir=$(cd "$2" && pwd)
source "$source_dir/tests/api/harness.sh"

cat >"$tmp/center.yaml" <<'YAML'
center: {name: Orders test center}
skills: [general]
teams: [t1, t2]
queues: [{name: general, skills: {general: 1}}]
agents:
  - {name: a1, skills: {general: 5}, team: t1}
  - {name: a2, skills: {general: 5}, team: t2}
sip: {rtp_ports: 43000-43999}
api: {listen: 127.0.0.1:0}
YAML
add_users "zhao director - -" "li agent t1 a1" "zhou agent t2 a2" "wang team_lead t1 -" "qian team_lead t2 -"
start_or_fail "$tmp/center.yaml"
api_port=$(api_port_of "$tmp/server.log")
for u in zhao li zhou wang qian; do declare "$u=$(login $u $u-pass-123)"; done

check "an agent may not add products" expect 403 POST /api/v1/products '{"name":"x","price":1}' "$li"
check "the director adds tickets (5 in stock)" expect 201 POST /api/v1/products '{"name":"年会门票","price":1200.00,"stock":5}' "$zhao"
check "... 1200 CNY, 5" body_has '.price == 1200 and .stock == 5'
tickets=$(jq .id "$tmp/body")
check "and a course (stock not counted)" expect 201 POST /api/v1/products '{"name":"管理培训课程","price":3800.5}' "$zhao"
course=$(jq .id "$tmp/body")
check "a price with three decimals: 400" expect 400 POST /api/v1/products '{"name":"x","price":1.005}' "$zhao"
check "no price: 400" expect 400 POST /api/v1/products '{"name":"x"}' "$zhao"
check "everyone reads the catalogue" expect 200 GET /api/v1/products "" "$li"
check "... two" body_has '(.products | length) == 2 and .products[1].stock == null'

check "a1 takes an order" expect 201 POST /api/v1/orders '{"items":[{"product":'"$tickets"',"quantity":2},{"product":'"$course"'}],"customer":"张三","campaign":"tickets","call":"c-1","payment":"对公转账"}' "$li"
check "... at the catalogue's prices, for a1 of t1" body_has '.amount == 6200.5 and .agent == "a1" and .team == "t1" and .status == "new" and .items[0].name == "年会门票"'
first=$(jq .id "$tmp/body")
check "more than the stock: 400 naming the item" expect 400 POST /api/v1/orders '{"items":[{"product":'"$tickets"',"quantity":4}]}' "$zhou"
check "... 3 left" body_has '.error.message | contains("3 left")'
check "an unknown product: 400" expect 400 POST /api/v1/orders '{"items":[{"product":999}]}' "$zhou"
check "an unknown field: 400" expect 400 POST /api/v1/orders '{"items":[{"product":'"$course"'}],"discount":10}' "$zhou"
check "a director is no agent: 403" expect 403 POST /api/v1/orders '{"items":[{"product":'"$course"'}]}' "$zhao"
check "a2 takes one" expect 201 POST /api/v1/orders '{"items":[{"product":'"$course"'}]}' "$zhou"
second=$(jq .id "$tmp/body")
check "the stock counted down" expect 200 GET /api/v1/products "" "$li"
check "... 3 tickets left" body_has '.products[0].stock == 3'

check "a1 sees its own orders only" expect 200 GET /api/v1/orders "" "$li"
check "... one" body_has '[.orders[].id] == ['"$first"']'
check "... not a2's" expect 403 GET "/api/v1/orders?agent=a2" "" "$li"
check "t1's lead sees t1's" expect 200 GET /api/v1/orders "" "$wang"
check "... one" body_has '[.orders[].agent] == ["a1"]'
check "... not t2's" expect 403 GET "/api/v1/orders?team=t2" "" "$wang"
check "an agent may not move orders on" expect 403 PATCH "/api/v1/orders/$first" '{"status":"confirmed"}' "$li"
check "t2's lead does not see t1's order" expect 404 PATCH "/api/v1/orders/$first" '{"status":"confirmed"}' "$qian"
check "paid before confirmed: 409" expect 409 PATCH "/api/v1/orders/$first" '{"status":"paid"}' "$wang"
check "an unknown status: 400" expect 400 PATCH "/api/v1/orders/$first" '{"status":"shipped"}' "$wang"
check "t1's lead confirms it" expect 200 PATCH "/api/v1/orders/$first" '{"status":"confirmed"}' "$wang"
check "the director cancels a2's" expect 200 PATCH "/api/v1/orders/$second" '{"status":"cancelled"}' "$zhao"
check "... cancelled" body_has '.status == "cancelled" and .updated_by == "zhao"'

check "sales per agent and day" expect 200 GET /api/v1/reports/sales "" "$zhao"
check "... a1's order, a2's cancelled one left out" body_has '(.sales | length) == 1 and .sales[0].agent == "a1" and .sales[0].amount == 6200.5 and .sales[0].orders == 1 and (.sales[0].day | test("^[0-9]{4}-[0-9]{2}-[0-9]{2}$"))'
check "an agent's own sales" expect 200 GET /api/v1/reports/sales "" "$zhou"
check "... none" body_has '.sales == []'
check "a misspelt parameter: 400" expect 400 GET "/api/v1/reports/sales?agnet=a1" "" "$zhao"
python3 -c "print('[' * 100000)" >"$tmp/deep.json"
check "JSON 100,000 deep: 400" bash -c "[[ \$(curl -s -o /dev/null -w '%{http_code}' -X POST -H 'Authorization: Bearer $li' --data-binary @'$tmp/deep.json' http://127.0.0.1:$api_port/api/v1/orders) == 400 ]]"

check "invalid UTF-8: 400" bash -c "[[ \$(printf '{\"items\":[{\"product\":1}],\"customer\":\"\\xff\"}' | curl -s -o /dev/null -w '%{http_code}' -X POST -H 'Authorization: Bearer $li' --data-binary @- http://127.0.0.1:$api_port/api/v1/orders) == 400 ]]"
check "... no order written" expect 200 GET /api/v1/orders "" "$zhao"
check "... still two" body_has '(.orders | length) == 2'
check "audit log" expect 200 GET "/api/v1/audit?limit=100" "" "$zhao"
for action in product.create order.take order.status; do
  check "... $action" body_has "any(.entries[]; .action == \"$action\")"
done
check "after logout the token takes no order" bash -c "[[ \$(curl -s -o /dev/null -w '%{http_code}' -X POST -H 'Authorization: Bearer $li' http://127.0.0.1:$api_port/api/v1/logout) == 204 ]] && [[ \$(curl -s -o /dev/null -w '%{http_code}' -X POST -H 'Authorization: Bearer $li' --data '{\"items\":[{\"product\":1}]}' http://127.0.0.1:$api_port/api/v1/orders) == 401 ]]"
stop_and_report

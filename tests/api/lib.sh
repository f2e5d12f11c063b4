# Sourced by the API test scripts (they set $tmp and, once the server runs, $api_port).

# api METHOD PATH [BODY] [TOKEN]: prints the status; the body is in $tmp/body.
api() {
  local method=$1 path=$2 body=${3:-} token=${4:-}
  local args=(-s -o "$tmp/body" -w '%{http_code}' -X "$method" "http://127.0.0.1:$api_port$path")
  [[ -n $body ]] && args+=(-H 'Content-Type: application/json' --data-binary "$body")
  [[ -n $token ]] && args+=(-H "Authorization: Bearer $token")
  curl "${args[@]}"
}
# expect STATUS METHOD PATH [BODY] [TOKEN]: the status must match.
expect() {
  local want=$1
  shift
  local got
  got=$(api "$@")
  [[ $got == "$want" ]] || { echo "$* -> $got, wanted $want: $(head -c 300 "$tmp/body")"; return 1; }
}
# body_has JQ_FILTER: the last body satisfies the filter.
body_has() { jq -e "$1" "$tmp/body" >/dev/null || { echo "body: $(head -c 600 "$tmp/body")"; return 1; }; }
login() { api POST /api/v1/login "{\"user\":\"$1\",\"password\":\"$2\"}" >/dev/null && jq -r .token "$tmp/body"; }

# api_port_of LOG: the API's port, from the line `hotline serve` prints.
api_port_of() { grep -o 'API on http://127.0.0.1:[0-9]*' "$1" | grep -o '[0-9]*$'; }

# add_users "NAME ROLE TEAM|- AGENT|-"...: users of $tmp/data, each with the password
# NAME-pass-123 (before the server starts); exits the test if one cannot be added.
add_users() {
  local spec name role team agent args
  for spec in "$@"; do
    read -r name role team agent <<<"$spec"
    args=(user add "$name" --role "$role" --data "$tmp/data")
    [[ $team != - ]] && args+=(--team "$team")
    [[ $agent != - ]] && args+=(--agent "$agent")
    echo "$name-pass-123" | "$hotline" "${args[@]}" >/dev/null || { echo "FAIL: user add $name"; exit 1; }
  done
}

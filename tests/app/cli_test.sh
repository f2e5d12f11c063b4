#!/usr/bin/env bash
# The hotline command as people and scripts use it: help, JSON keys, exit codes, and
# clear errors (exit 2) for bad flags, impossible parameters and broken configurations.
set -u
hotline=$1
source_dir=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
passed=0 failed=0

# expect CODE PATTERN -- command...: the exit code, and a pattern the output must contain.
expect() {
  local code=$1 pattern=$2
  shift 3
  local out rc
  out=$(timeout 120 "$@" 2>&1)
  rc=$?
  if [[ $rc -ne $code ]] || ! grep -qE -- "$pattern" <<<"$out"; then
    echo "FAIL: $* -> exit $rc (want $code), output:"
    echo "$out" | head -20
    echo "(wanted pattern: $pattern)"
    failed=$((failed + 1))
  else
    passed=$((passed + 1))
  fi
}

# Help for the command and every subcommand.
expect 0 "Subcommands" -- "$hotline" --help
expect 0 "check-config" -- "$hotline" check-config --help
expect 0 "--patience-s" -- "$hotline" staff --help
expect 0 "--arrival-rate-per-hour" -- "$hotline" sim --help
expect 0 "legal" -- "$hotline" staff seats --help
expect 0 "FILE" -- "$hotline" staff forecast --help

# Usage errors.
expect 2 "required" -- "$hotline"
expect 2 "unknown-flag|The following arguments were not expected" -- "$hotline" staff --unknown-flag 3
expect 2 "AHT must be > 0" -- "$hotline" staff --calls 100 --aht-s 0
expect 2 "calls must be" -- "$hotline" staff --calls -5 --aht-s 180
expect 2 "service-level target" -- "$hotline" staff --calls 100 --aht-s 180 --sl-target 1.2
expect 2 "could not be converted|Could not convert" -- "$hotline" staff --calls lots --aht-s 180
expect 2 "--calls and --aht-s are required" -- "$hotline" staff --aht-s 180
expect 2 "--agents must be at least 1" -- "$hotline" sim --arrival-rate-per-hour 100 --aht-s 180 --agents 0
expect 2 "--arrival-rate-per-hour must be > 0" -- "$hotline" sim --arrival-rate-per-hour -3 --aht-s 180 --agents 5
expect 2 "--aht-s must be > 0" -- "$hotline" sim --arrival-rate-per-hour 100 --aht-s 0 --agents 5
expect 2 "replications" -- "$hotline" sim --arrival-rate-per-hour 100 --aht-s 180 --agents 5 --replications 0
expect 2 "give --config" -- "$hotline" sim
expect 2 "seat hours" -- "$hotline" staff seats --seat-hours-per-day 30

# Configurations.
expect 0 "valid — 5 skills" -- "$hotline" check-config "$source_dir/examples/reference-center.yaml"
expect 2 "cannot open the file" -- "$hotline" check-config "$tmp/missing.yaml"
cat >"$tmp/eight.yaml" <<'YAML'
skills: [s]
queues:
  - name: q
    skills: {s: 1}
    wrap_up_s: -10
ivr:
  - id: main
    title: Main menu
    type: menu
    options: {"1": q, "2": q, "3": q, "4": q, "5": q, "6": q, "7": q, "8": q}
  - {id: q, title: Queue, type: queue, queue: nosuch}
YAML
expect 2 "eight.yaml:5:16: 'wrap_up_s' must be between 0 and 3600" -- "$hotline" check-config "$tmp/eight.yaml"
expect 2 "eight.yaml:10:14: menu 'main' has 8 options" -- "$hotline" check-config "$tmp/eight.yaml"
expect 2 "eight.yaml:11:.*unknown queue 'nosuch'" -- "$hotline" check-config "$tmp/eight.yaml"
printf 'queues: [\n  - {name: q\n' >"$tmp/broken.yaml"
expect 2 "broken.yaml:[0-9]+:[0-9]+: not valid YAML" -- "$hotline" check-config "$tmp/broken.yaml"
printf 'skills: [s]\nqueues: [{name: q, skills: {s: 1}}]\n' >"$tmp/nosim.yaml"
expect 0 "valid" -- "$hotline" check-config "$tmp/nosim.yaml"
expect 2 "no 'simulation' section" -- "$hotline" sim --config "$tmp/nosim.yaml"

# Figures, for machines and people.
expect 0 '"traffic_erlangs": 10\.0' -- "$hotline" staff --calls 100 --interval-s 1800 --aht-s 180 --json
expect 0 '"agents": 14' -- "$hotline" staff --calls 100 --interval-s 1800 --aht-s 180 --json
expect 0 '"abandon_rate"' -- "$hotline" staff --calls 100 --interval-s 1800 --aht-s 180 --patience-s 120 --json
expect 0 "Agents needed +14" -- "$hotline" staff --calls 100 --interval-s 1800 --aht-s 180
# Overloaded: more traffic than agents is a valid question with an answer.
expect 0 '"agents": 2[0-9]{3}' -- "$hotline" staff --calls 20000 --interval-s 1800 --aht-s 180 --json
expect 0 "Peak: [0-9]+ agents" -- "$hotline" staff forecast "$source_dir/examples/forecast.csv"
expect 0 '"peak_agents"' -- "$hotline" staff forecast "$source_dir/examples/forecast.csv" --json --sl-target 0.9
expect 0 "staff per seat|Staff per seat = 14.0 h x 30 days / 168 legal hours = 2.50" -- "$hotline" staff seats
printf 'interval,calls,aht\n08:00,x,200\n' >"$tmp/bad.csv"
expect 2 "bad.csv:2: calls and aht must be numbers" -- "$hotline" staff forecast "$tmp/bad.csv"

expect 0 '"ci95"' -- "$hotline" sim --arrival-rate-per-hour 200 --aht-s 180 --agents 12 --hours 8 --seed 1 --replications 3 --json
for key in offered answered abandoned service_level abandon_rate asa_s aht_s occupancy; do
  expect 0 "\"$key\": " -- "$hotline" sim --arrival-rate-per-hour 200 --aht-s 180 --agents 12 --hours 8 --seed 1 --replications 3 --json
done
# Overloaded simulation: it runs and reports the damage.
expect 0 "Overall" -- "$hotline" sim --arrival-rate-per-hour 400 --aht-s 180 --agents 10 --hours 4 --patience-s 60 --seed 2
expect 0 "Overall" -- "$hotline" sim --arrival-rate-per-hour 400 --aht-s 180 --agents 10 --hours 4 --seed 2
expect 0 "Per interval" -- "$hotline" sim --config "$source_dir/examples/reference-center.yaml" --replications 2 \
  --html "$tmp/r.html" --csv "$tmp/r.csv" --event-log "$tmp/ev.jsonl"
expect 0 "<svg" -- cat "$tmp/r.html"
expect 0 "^scope,interval,queue" -- cat "$tmp/r.csv"
expect 0 "replay of" -- "$hotline" sim --config "$source_dir/examples/reference-center.yaml" --replay "$tmp/ev.jsonl"
printf 'garbage\n' >"$tmp/bad.jsonl"
expect 2 "bad.jsonl:1: not a JSON object" -- "$hotline" sim --config "$source_dir/examples/reference-center.yaml" --replay "$tmp/bad.jsonl"

# Outbound campaigns from a configuration anyone can change: the telemarketing example for 3
# days; predictive (ours) talks more per agent-hour than progressive, within the limit, and
# more than VICIdial's method at no more abandons.
"$hotline" sim --config "$source_dir/examples/telemarketing-center.yaml" --days 3 --replications 1 --json >"$tmp/out.json" 2>&1
expect 0 "tickets-predictive" -- cat "$tmp/out.json"
expect 0 "^true$" -- jq '(.[0].by_day | length) == 3 and (.[1].by_interval | length) > 10 and .[1].by_interval[0].start == "09:00"' "$tmp/out.json"
expect 0 "^true$" -- jq '.[1].replications[0].talk_minutes_per_agent_hour > 1.1 * .[0].replications[0].talk_minutes_per_agent_hour and .[1].replications[0].abandon_rate_30_days <= 0.03 and .[0].replications[0].abandoned == 0' "$tmp/out.json"
expect 0 "^true$" -- jq '.[1].replications[0].talk_minutes_per_agent_hour > .[2].replications[0].talk_minutes_per_agent_hour and .[1].replications[0].abandon_rate_30_days <= .[2].replications[0].abandon_rate_30_days' "$tmp/out.json"
expect 0 "^true$" -- jq '.[1].by_day[2] | (.abandon_rate_30_days > 0 and .occupancy > 0.9 and .sales > 0 and .contact_rate > 0.25)' "$tmp/out.json"
expect 0 "Campaign tickets-vicidial: predictive \(vicidial\)" -- "$hotline" sim --config "$source_dir/examples/telemarketing-center.yaml" --days 1 --replications 1
# Broken campaign settings: each named with its line; exit 2.
sed 's/end: "17:00"/end: "08:00"/' "$source_dir/examples/telemarketing-center.yaml" >"$tmp/never.yaml"
expect 2 "never.yaml:[0-9]+:[0-9]+: the window never opens" -- "$hotline" sim --config "$tmp/never.yaml"
sed 's/mode: progressive/mode: turbo/; s/ring_time_s: 25/ring_time_s: 5/' "$source_dir/examples/telemarketing-center.yaml" >"$tmp/bad-campaign.yaml"
expect 2 "unknown mode 'turbo'" -- "$hotline" sim --config "$tmp/bad-campaign.yaml"
expect 2 "ring_time_s" -- "$hotline" sim --config "$tmp/bad-campaign.yaml"
sed 's/busy: 0.10/busy: 0.60/' "$source_dir/examples/telemarketing-center.yaml" >"$tmp/shares.yaml"
expect 2 "add up to more than 1" -- "$hotline" sim --config "$tmp/shares.yaml"
expect 2 "campaigns only" -- "$hotline" sim --config "$source_dir/examples/telemarketing-center.yaml" --days 1 --csv "$tmp/x.csv"

# Reports from call records: clear errors for bad periods and missing or broken stores.
expect 0 "--from" -- "$hotline" report calls --help
expect 2 "is not a time" -- "$hotline" report calls --data "$tmp" --from yesterday
expect 2 "is not a time" -- "$hotline" report calls --data "$tmp" --from 2026-13-01
expect 2 "after --from" -- "$hotline" report calls --data "$tmp" --from 2026-11-25 --to 2026-11-24
expect 1 "no call records at" -- "$hotline" report calls --data "$tmp/none"
expect 0 "keys pressed" -- "$hotline" report ivr --help
expect 2 "is not a time" -- "$hotline" report ivr --data "$tmp" --from noon
expect 1 "no call records at" -- "$hotline" report ivr --data "$tmp/none"
printf 'not a database' >"$tmp/hotline.db"
expect 1 "hotline.db: " -- "$hotline" report calls --data "$tmp"
rm "$tmp/hotline.db"
expect 1 "data directory .*Not a directory" -- "$hotline" serve "$source_dir/examples/reference-center.yaml" --data /proc/version

echo "$passed passed, $failed failed"
[[ $failed -eq 0 ]]

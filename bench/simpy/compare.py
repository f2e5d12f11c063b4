#!/usr/bin/python3
"""hotline's simulator next to SimPy on the same M/M/c+M queue, in one run: calls simulated
per second of CPU by each (the ratio is the figure to keep), and their answers side by
side (service level and abandon rate should agree within the noise of the replications).

Usage: bench/simpy/compare.py path/to/hotline [--hours H] [--replications R]"""

import argparse
import json
import os
import resource
import subprocess
import sys

MODEL = ["--arrival-rate-per-hour", "3600", "--aht-s", "180", "--agents", "185",
         "--patience-s", "120", "--sl-seconds", "20"]


def child_cpu():
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def run_hotline(hotline, hours, replications):
    before = child_cpu()
    out = subprocess.run([hotline, "sim", *MODEL, "--hours", str(hours), "--replications",
                          str(replications), "--json"], check=True, capture_output=True,
                         text=True).stdout
    cpu = child_cpu() - before
    d = json.loads(out)
    calls = d["events"]["calls"]
    return {"engine": "hotline", "calls": calls, "cpu_s": cpu,
            "service_level": d["overall"]["service_level"],
            "abandon_rate": d["overall"]["abandon_rate"]}


def run_simpy(hours, replications):
    before = child_cpu()
    model = os.path.join(os.path.dirname(os.path.abspath(__file__)), "mmc_queue.py")
    out = subprocess.run(["/usr/bin/python3", model, *MODEL, "--hours", str(hours),
                          "--replications", str(replications)], check=True,
                         capture_output=True, text=True).stdout
    cpu = child_cpu() - before  # the interpreter's start included, as hotline's is
    d = json.loads(out)
    return {"engine": "simpy", "calls": d["calls"], "cpu_s": cpu,
            "service_level": d["service_level"], "abandon_rate": d["abandon_rate"]}


def main():
    p = argparse.ArgumentParser()
    p.add_argument("hotline")
    p.add_argument("--hours", type=float, default=8)
    p.add_argument("--replications", type=int, default=3)
    a = p.parse_args()
    # hotline runs many more calls so that its time is not just its start.
    rows = [run_hotline(a.hotline, a.hours, a.replications * 40),
            run_simpy(a.hours, a.replications)]
    print("M/M/c+M: 3600 calls/h, AHT 180 s, 185 agents, patience 120 s, SL 20 s")
    print(f"{'engine':8} {'calls':>9} {'cpu s':>7} {'calls/cpu s':>12} {'SL':>7} {'abandon':>8}")
    for r in rows:
        r["rate"] = r["calls"] / max(r["cpu_s"], 1e-9)
        print(f"{r['engine']:8} {r['calls']:9d} {r['cpu_s']:7.2f} {r['rate']:12.0f} "
              f"{r['service_level']:7.3f} {r['abandon_rate']:8.3f}")
    print(f"hotline / simpy, calls per CPU second: {rows[0]['rate'] / rows[1]['rate']:.1f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())

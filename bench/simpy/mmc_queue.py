#!/usr/bin/python3
"""One queue as M/M/c+M in SimPy (Debian python3-simpy, SimPy 2): Poisson arrivals,
exponential handle times and patience, c agents, first come first served. The same model
`hotline sim --arrival-rate-per-hour ... --agents ...` simulates, for comparing the two
engines' speed (calls simulated per second of CPU) and their answers (service level,
abandon rate). Prints one JSON line."""

import argparse
import json
import random
import time

import SimPy.Simulation as sim


class Caller(sim.Process):
    def run(self, agents, stats, aht, patience, sl):
        arrived = sim.now()
        yield (sim.request, self, agents), (sim.hold, self, random.expovariate(1.0 / patience))
        if not self.acquired(agents):
            stats["abandoned"] += 1  # gave up waiting
            return
        if sim.now() - arrived <= sl:
            stats["answered_in_sl"] += 1
        stats["answered"] += 1
        yield sim.hold, self, random.expovariate(1.0 / aht)
        yield sim.release, self, agents


class Arrivals(sim.Process):
    def run(self, agents, stats, rate, aht, patience, sl, until):
        while True:
            yield sim.hold, self, random.expovariate(rate)
            if sim.now() >= until:
                return
            stats["offered"] += 1
            caller = Caller()
            sim.activate(caller, caller.run(agents, stats, aht, patience, sl))


def replication(rate_per_hour, aht, agents, patience, hours, sl):
    sim.initialize()
    pool = sim.Resource(capacity=agents)
    stats = {"offered": 0, "answered": 0, "answered_in_sl": 0, "abandoned": 0}
    until = hours * 3600.0
    arrivals = Arrivals()
    sim.activate(arrivals, arrivals.run(pool, stats, rate_per_hour / 3600.0, aht, patience, sl,
                                        until))
    sim.simulate(until=until + 24 * 3600.0)  # callers still waiting are served or give up
    return stats


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--arrival-rate-per-hour", type=float, required=True)
    p.add_argument("--aht-s", type=float, required=True)
    p.add_argument("--agents", type=int, required=True)
    p.add_argument("--patience-s", type=float, required=True)
    p.add_argument("--hours", type=float, default=8)
    p.add_argument("--sl-seconds", type=float, default=20)
    p.add_argument("--replications", type=int, default=1)
    p.add_argument("--seed", type=int, default=1)
    a = p.parse_args()
    random.seed(a.seed)
    total = {"offered": 0, "answered": 0, "answered_in_sl": 0, "abandoned": 0}
    start = time.process_time()
    for _ in range(a.replications):
        for k, v in replication(a.arrival_rate_per_hour, a.aht_s, a.agents, a.patience_s,
                                a.hours, a.sl_seconds).items():
            total[k] += v
    cpu = time.process_time() - start
    offered = max(total["offered"], 1)
    print(json.dumps({
        "engine": "simpy",
        "calls": total["offered"],
        "cpu_s": round(cpu, 3),
        "calls_per_cpu_s": round(total["offered"] / cpu),
        "service_level": round(total["answered_in_sl"] / offered, 4),
        "abandon_rate": round(total["abandoned"] / offered, 4),
    }))


if __name__ == "__main__":
    main()

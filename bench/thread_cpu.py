#!/usr/bin/env python3
"""CPU by thread of every router JVM on this machine, from /proc, over one benchmark level's traffic window.

JFR's execution samples cannot say this on a saturated box: a thread that is runnable but waiting for a
core is sampled as if it ran, so they overstate whichever process waits more. The kernel's per-thread
counters do not.

    python3 bench/thread_cpu.py sample OUT &        # every 5 s: each im-router JVM's threads' CPU ticks
    STAMP=x bench/run.sh cluster; kill %1
    python3 bench/thread_cpu.py window bench/results/cluster-x/gen-rate-2000.json OUT

`window` prints, per process and thread group (event loops, C2 compiler, Hazelcast, GC, ...), the % of one
core used between the first and last samples inside the level's traffic window (and how much of it was
system time: in the kernel, for system calls and the scheduler on the thread's behalf), and the group's wake-ups
per second (voluntary context switches: each time a thread went to sleep waiting for work, so each costs a
wake-up later; on a virtual machine these are dear).
"""
import collections
import json
import os
import re
import sys
import time


def router_pids():
    pids = []
    for pid in os.listdir("/proc"):
        if not pid.isdigit():
            continue
        try:
            with open(f"/proc/{pid}/cmdline", "rb") as f:
                if b"im-router.jar" in f.read():
                    pids.append(pid)
        except OSError:
            pass
    return pids


def sample(out, period_s=5.0):
    while True:
        now = int(time.time() * 1000)
        lines = []
        for pid in router_pids():
            try:
                tids = os.listdir(f"/proc/{pid}/task")
            except OSError:
                continue
            for tid in tids:
                try:
                    with open(f"/proc/{pid}/task/{tid}/comm") as f:
                        name = f.read().strip().replace(" ", "_")
                    with open(f"/proc/{pid}/task/{tid}/stat") as f:
                        fields = f.read().rsplit(")", 1)[1].split()
                    with open(f"/proc/{pid}/task/{tid}/status") as f:
                        sleeps = next(int(line.split()[1]) for line in f if line.startswith("voluntary_ctxt_switches"))
                except (OSError, StopIteration):
                    continue
                # utime and stime: fields 14 and 15 of stat, 12 and 13 after the command name.
                lines.append(f"{now} {pid} {name} {int(fields[11]) + int(fields[12])} {sleeps} {fields[12]}\n")
        with open(out, "a") as f:
            f.writelines(lines)
        time.sleep(period_s)


def group(name):
    """Thread names without their numbers (the kernel keeps 15 characters of them)."""
    if name.startswith("hz."):
        return "hazelcast"
    return re.sub(r"[-#_]?\d+$", "", name)


def window(gen_json, samples):
    with open(gen_json) as f:
        gen = json.load(f)
    start, end = gen["traffic_started_at_ms"], gen["traffic_ended_at_ms"]
    rows = [line.split() for line in open(samples)]
    times = sorted({int(r[0]) for r in rows if start <= int(r[0]) <= end})
    if len(times) < 2:
        sys.exit("fewer than two samples inside the traffic window")
    a, b = times[0], times[-1]
    ticks = {a: collections.Counter(), b: collections.Counter()}
    sleeps = {a: collections.Counter(), b: collections.Counter()}
    system = {a: collections.Counter(), b: collections.Counter()}
    for row in rows:
        t, pid, name, n = row[:4]
        if int(t) in ticks:
            ticks[int(t)][(pid, group(name))] += int(n)
            # Files sampled before wake-ups (or system time) were counted have four (five) columns.
            sleeps[int(t)][(pid, group(name))] += int(row[4]) if len(row) > 4 else 0
            system[int(t)][(pid, group(name))] += int(row[5]) if len(row) > 5 else 0
    hz = os.sysconf("SC_CLK_TCK")
    seconds = (b - a) / 1000
    per_pid = collections.Counter()
    wakes_per_pid = collections.Counter()
    system_per_pid = collections.Counter()
    print(f"window: {seconds:.1f} s of the level's traffic")
    print("| process | threads | % of one core | of which in the kernel | wake-ups/s |")
    print("|---|---|---|---|---|")
    for key in sorted(ticks[b]):
        pct = 100.0 * (ticks[b][key] - ticks[a][key]) / hz / seconds
        sys_pct = 100.0 * (system[b][key] - system[a][key]) / hz / seconds
        wakes = (sleeps[b][key] - sleeps[a][key]) / seconds
        per_pid[key[0]] += pct
        system_per_pid[key[0]] += sys_pct
        wakes_per_pid[key[0]] += wakes
        if pct >= 0.3:
            print(f"| {key[0]} | {key[1]} | {pct:.1f} | {sys_pct:.1f} | {wakes:.0f} |")
    for pid, pct in sorted(per_pid.items()):
        print(f"| {pid} | all | {pct:.1f} | {system_per_pid[pid]:.1f} | {wakes_per_pid[pid]:.0f} |")


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "sample":
        sample(sys.argv[2])
    elif len(sys.argv) == 4 and sys.argv[1] == "window":
        window(sys.argv[2], sys.argv[3])
    else:
        sys.exit(__doc__)

#!/usr/bin/env python3
"""Where a JFR recording's CPU samples went: top methods by self time (the sampled frame) and by total
time (anywhere on the stack), and a breakdown by area of the router. Reads `jfr print --json --events
jdk.ExecutionSample FILE` from stdin; writes Markdown to stdout. Used by `bench/run.sh profile`.
"""
import collections
import json
import sys

AREAS = [  # first match on the stack from the top wins for "self"; used as inclusive buckets too
    ("JSON encoding (Jackson / Vert.x Json)", ("com.fasterxml.jackson", "io.vertx.core.json")),
    ("router core (org.nextim.router.core)", ("org.nextim.router.core",)),
    ("router HTTP layer (org.nextim.router.http)", ("org.nextim.router.http",)),
    ("Vert.x HTTP (io.vertx.core.http)", ("io.vertx.core.http",)),
    ("Netty HTTP codec", ("io.netty.handler.codec",)),
    ("Netty channel / buffers", ("io.netty.channel", "io.netty.buffer", "io.netty.util")),
    ("NIO / socket syscalls", ("sun.nio.ch", "java.nio")),
    ("Vert.x core (context, timers, futures)", ("io.vertx.core",)),
    ("java.util / java.lang", ("java.util", "java.lang")),
]


def frame_name(f):
    m = f.get("method", {})
    t = m.get("type", {}).get("name", "?")
    return f"{t}.{m.get('name', '?')}".replace("/", ".")


def area_of(name):
    for label, prefixes in AREAS:
        if name.startswith(prefixes):
            return label
    return "other"


def main():
    data = json.load(sys.stdin)
    events = data.get("recording", {}).get("events", [])
    total = 0
    self_count = collections.Counter()
    incl = collections.Counter()
    area_self = collections.Counter()
    area_incl = collections.Counter()
    threads = collections.Counter()
    for e in events:
        v = e.get("values", {})
        frames = (v.get("stackTrace") or {}).get("frames") or []
        if not frames:
            continue
        total += 1
        thread = (v.get("sampledThread") or {}).get("javaName") or "?"
        threads[thread.rstrip("0123456789")] += 1
        names = [frame_name(f) for f in frames]
        self_count[names[0]] += 1
        area_self[area_of(names[0])] += 1
        for n in set(names):
            incl[n] += 1
        for a in set(area_of(n) for n in names):
            area_incl[a] += 1
    if total == 0:
        print("No execution samples.")
        return
    pct = lambda n: f"{100.0 * n / total:.1f}"  # noqa: E731
    out = [f"{total} CPU samples (JFR jdk.ExecutionSample).\n", "Threads: " + ", ".join(
        f"{t}* {pct(n)} %" for t, n in threads.most_common(6)) + "\n",
        "| area | self % | anywhere on the stack % |", "|---|---|---|"]
    for a, n in area_self.most_common():
        out.append(f"| {a} | {pct(n)} | {pct(area_incl[a])} |")
    out += ["", "Top methods by self time:", "", "| method | self % |", "|---|---|"]
    for n, c in self_count.most_common(25):
        out.append(f"| `{n}` | {pct(c)} |")
    out += ["", "Top router methods by total time (anywhere on the stack):", "", "| method | total % |", "|---|---|"]
    shown = 0
    for n, c in incl.most_common():
        if n.startswith("org.nextim.") and "$$Lambda$" not in n:
            out.append(f"| `{n}` | {pct(c)} |")
            shown += 1
            if shown == 25:
                break
    print("\n".join(out))


if __name__ == "__main__":
    main()

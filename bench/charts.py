#!/usr/bin/env python3
"""Charts (PNG) and summary.md, with the ratios between the router and its baselines, from the results
that bench/run.sh wrote for one STAMP. Called by run.sh; `bench/run.sh charts [STAMP]` redraws them.

Reads RESULTS/<scenario>-STAMP.json (and .md), writes OUT/*.png and OUT/summary.md.
"""
import argparse
import json
import os
import platform
import re
import subprocess

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

KNEE_P99_MS = float(os.environ.get("TP_KNEE_P99_MS", "100"))
ROOM_KNEE_P99_MS = float(os.environ.get("ROOM_KNEE_P99_MS", "500"))


def load(results, name, stamp):
    path = os.path.join(results, f"{name}-{stamp}.json")
    if not os.path.exists(path):
        return None
    with open(path) as f:
        return json.load(f)


def md_of(results, name, stamp):
    path = os.path.join(results, f"{name}-{stamp}.md")
    if not os.path.exists(path):
        return None
    with open(path) as f:
        return f.read()


def ok_levels(report):
    return [lv for lv in (report or {}).get("levels", []) if "error" not in lv]


def passes(lv, limit=KNEE_P99_MS):
    """A level below the knee: p99 within the limit, nothing lost or duplicated, the target rate sent."""
    return (lv["latency_ms"]["p99"] <= limit and lv["lost"] == 0 and lv["duplicates"] == 0
            and lv["sent_per_second"] >= 0.95 * lv["target_per_second"])


KNEE_CONFIRM = int(os.environ.get("KNEE_CONFIRM", "2"))


def knee(report, limit=KNEE_P99_MS):
    """The highest passing target rate below the first KNEE_CONFIRM failing levels in a row (a single
    failing level may be a burst of other processes' load on the shared machine); 0 when none passes."""
    best, failed = 0, 0
    for lv in sorted(ok_levels(report), key=lambda x: x["target_per_second"]):
        if passes(lv, limit):
            best, failed = lv["target_per_second"], 0
        else:
            failed += 1
            if failed >= KNEE_CONFIRM:
                break
    return best


def fmt(v, digits=1):
    if v is None:
        return "n/a"
    if isinstance(v, float):
        return f"{v:.{digits}f}"
    return str(v)


def ratio(a, b):
    if a is None or b in (None, 0):
        return "n/a"
    return f"{a / b:.2f}"


def machine():
    def run(cmd):
        try:
            return subprocess.run(cmd, shell=True, capture_output=True, text=True, timeout=10).stdout.strip()
        except Exception:  # noqa: BLE001
            return "?"
    mem = run("awk '/MemTotal/ {printf \"%.1f GiB\", $2/1048576}' /proc/meminfo")
    cpu = run("grep -m1 'model name' /proc/cpuinfo | cut -d: -f2").strip()
    java = run("java -version 2>&1 | head -1")
    nginx = run("nginx -v 2>&1")
    return (f"{os.cpu_count()} cores ({cpu}), {mem} RAM, Linux {platform.release()}, {java}, {nginx}, "
            f"open files per process: {run('ulimit -n')}")


def chart_throughput(out, series):
    fig, (a1, a2) = plt.subplots(1, 2, figsize=(12, 4.5))
    for label, rep, style in series:
        lv = sorted(ok_levels(rep), key=lambda x: x["target_per_second"])
        if not lv:
            continue
        x = [v["target_per_second"] for v in lv]
        a1.plot(x, [v["latency_ms"]["p99"] for v in lv], style, label=f"{label} p99")
        a1.plot(x, [max(v["latency_ms"]["p50"], 0.01) for v in lv], style.replace("-", ":"), label=f"{label} p50",
                alpha=0.7)
        a2.plot(x, [v["delivered_per_second"] for v in lv], style, label=label)
    a1.axhline(KNEE_P99_MS, color="grey", lw=0.8, ls="--")
    a1.set_yscale("log")
    a1.set_xlabel("offered unicast messages/s")
    a1.set_ylabel("send-to-delivery latency, ms (log)")
    a1.set_title("Latency by offered rate")
    a1.legend(fontsize=7)
    xs = [v["target_per_second"] for _, rep, _ in series for v in ok_levels(rep)]
    if xs:
        a2.plot([0, max(xs)], [0, max(xs)], color="grey", lw=0.8, ls="--", label="offered")
    a2.set_xlabel("offered unicast messages/s")
    a2.set_ylabel("delivered messages/s")
    a2.set_title("Delivered by offered rate")
    a2.legend(fontsize=7)
    fig.tight_layout()
    fig.savefig(out, dpi=110)
    plt.close(fig)


def chart_cpu(out, series):
    fig, ax = plt.subplots(figsize=(7, 4))
    for label, rep, style in series:
        lv = sorted(ok_levels(rep), key=lambda x: x["target_per_second"])
        lv = [v for v in lv if v.get("router_cpu_us_per_message", -1) > 0]
        if lv:
            ax.plot([v["target_per_second"] for v in lv], [v["router_cpu_us_per_message"] for v in lv], style,
                    label=label)
    ax.set_xlabel("offered unicast messages/s")
    ax.set_ylabel("server CPU µs per delivered message")
    ax.set_title("Server CPU per message (all processes of the server)")
    ax.legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(out, dpi=110)
    plt.close(fig)


def chart_rooms(out, rooms):
    lv = ok_levels(rooms)
    if not lv:
        return False
    fig, (a1, a2) = plt.subplots(1, 2, figsize=(12, 4.5))
    for size in sorted({v.get("room_size", 0) for v in lv}):
        s = sorted([v for v in lv if v.get("room_size") == size], key=lambda v: v["target_per_second"])
        x = [v["target_deliveries_per_second"] for v in s]
        a1.plot(x, [v["latency_ms"]["p99"] for v in s], "o-", label=f"{size} members, p99 per delivery")
        a1.plot(x, [v.get("complete_latency_ms", {}).get("p99", 0) for v in s], "x--",
                label=f"{size} members, p99 whole room")
        a2.plot(x, [v["deliveries_per_second"] for v in s], "o-", label=f"{size} members")
    a1.set_yscale("log")
    a1.set_xlabel("offered deliveries/s (multicasts/s × (members − 1))")
    a1.set_ylabel("latency, ms (log)")
    a1.set_title("Multicast latency")
    a1.legend(fontsize=7)
    xs = [v["target_deliveries_per_second"] for v in lv]
    a2.plot([0, max(xs)], [0, max(xs)], color="grey", lw=0.8, ls="--", label="offered")
    a2.set_xlabel("offered deliveries/s")
    a2.set_ylabel("deliveries/s")
    a2.set_title("Fan-out rate")
    a2.legend(fontsize=7)
    fig.tight_layout()
    fig.savefig(out, dpi=110)
    plt.close(fig)
    return True


def chart_churn(out, churn):
    lv = sorted(ok_levels(churn), key=lambda v: v["target_per_second"])
    if not lv:
        return False
    fig, ax = plt.subplots(figsize=(7, 4))
    x = [v["target_per_second"] for v in lv]
    ax.plot(x, [v["presence_latency_ms"]["p99"] for v in lv], "o-", label="presence p99")
    ax.plot(x, [v["presence_latency_ms"]["p50"] for v in lv], "o:", label="presence p50")
    ax.plot(x, [v["login_latency_ms"]["p99"] for v in lv], "s-", label="login call p99")
    ax.plot(x, [v["logout_latency_ms"]["p99"] for v in lv], "^-", label="logout call p99")
    ax.set_yscale("log")
    ax.set_xlabel("logins + logouts per second (20 buddies each)")
    ax.set_ylabel("ms (log)")
    ax.set_title("Presence churn")
    ax.legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(out, dpi=110)
    plt.close(fig)
    return True


def samples(run_dir):
    path = os.path.join(run_dir, "router-samples.txt")
    rows = []
    if os.path.exists(path):
        with open(path) as f:
            for line in f:
                p = line.split()
                if len(p) >= 4:
                    try:
                        rows.append([int(v) for v in p[:4]])
                    except ValueError:
                        pass
    return rows


def chart_capacity(out, caps):
    fig, (a1, a2) = plt.subplots(1, 2, figsize=(12, 4.5))
    drawn = False
    for label, rep in caps:
        if not rep:
            continue
        t0 = None
        # polls held: the sum of the generators' timelines at each second
        tl = {}
        for g in rep.get("generators", []):
            for at, held in g.get("held", {}).get("timeline", []):
                tl.setdefault(at // 1000, {})[g["file"]] = held
        run = samples(rep.get("run_dir", ""))
        if run:
            t0 = run[0][0]
        if t0 is None:
            continue
        xs, ys = [], []
        last = {}
        for sec in sorted(tl):
            last.update(tl[sec])
            xs.append((sec * 1000 - t0) / 1000)
            ys.append(sum(last.values()))
        a1.plot(xs, ys, label=label)
        a2.plot([(r[0] - t0) / 1000 for r in run], [r[2] / 1024 for r in run], label=f"{label} RSS")
        drawn = True
    if not drawn:
        plt.close(fig)
        return False
    a1.set_xlabel("s since the router started")
    a1.set_ylabel("polls held (generators' count)")
    a1.set_title("Held polls")
    a1.legend(fontsize=8)
    a2.set_xlabel("s since the router started")
    a2.set_ylabel("router RSS, MiB (sum over nodes)")
    a2.set_title("Router memory")
    a2.legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(out, dpi=110)
    plt.close(fig)
    return True


def chart_heap_classes(out, cap):
    h = (cap or {}).get("heap_by_class")
    if not h:
        return False
    rows = h["classes"][:15][::-1]
    fig, ax = plt.subplots(figsize=(9, 5))
    names = [re.sub(r"^(io\.netty\.|io\.vertx\.core\.|java\.util\.|org\.nextim\.router\.)", "", r["class"])[-60:]
             for r in rows]
    ax.barh(names, [r["bytes_per_poll"] for r in rows])
    ax.set_xlabel("bytes per held poll (shallow)")
    ax.set_title(f"Router heap per held poll by class: {h['total_bytes_per_poll']:.0f} B in all")
    ax.tick_params(axis="y", labelsize=7)
    fig.tight_layout()
    fig.savefig(out, dpi=110)
    plt.close(fig)
    return True


def level_at(report, rate):
    for lv in ok_levels(report):
        if lv["target_per_second"] == rate:
            return lv
    return None


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--results", required=True)
    ap.add_argument("--stamp", required=True)
    ap.add_argument("--out", required=True)
    a = ap.parse_args()
    os.makedirs(a.out, exist_ok=True)
    st = a.stamp
    R = {n: load(a.results, n, st) for n in
         ["baseline", "throughput", "nchan", "rooms", "churn", "cluster", "cluster-single", "capacity",
          "capacity-cluster"]}
    single = R["throughput"] or R["cluster-single"]

    charts = []
    series = [("router", R["throughput"], "o-"), ("Nchan", R["nchan"], "s-"), ("router, 2-node cluster", R["cluster"], "^-"),
              ("router (cluster comparison)", R["cluster-single"], "v-")]
    series = [s for s in series if s[1]]
    if series:
        chart_throughput(os.path.join(a.out, "throughput.png"), series)
        chart_cpu(os.path.join(a.out, "throughput-cpu.png"), series)
        charts += ["throughput.png", "throughput-cpu.png"]
    if chart_rooms(os.path.join(a.out, "rooms.png"), R["rooms"]):
        charts.append("rooms.png")
    if chart_churn(os.path.join(a.out, "churn.png"), R["churn"]):
        charts.append("churn.png")
    if chart_capacity(os.path.join(a.out, "capacity.png"),
                      [("one router", R["capacity"]), ("2-node cluster", R["capacity-cluster"])]):
        charts.append("capacity.png")
    if chart_heap_classes(os.path.join(a.out, "capacity-heap-by-class.png"), R["capacity"]):
        charts.append("capacity-heap-by-class.png")

    s = [f"# Benchmark results, run {st}\n",
         "Written by `bench/run.sh` (`bench/charts.py`); every number below comes from the JSON files of this run "
         "under `bench/results/`.\n",
         f"Machine: {machine()}. The load generators run on the same machine as the servers.\n"]
    busy = []
    for n, rep in R.items():
        if rep and "router" in rep and "machine_busy_percent_before_start" in rep["router"]:
            busy.append(f"{n} {rep['router']['machine_busy_percent_before_start']} %")
    if busy:
        s.append("Background load (other processes, % of one core of 200, over 3 s just before each scenario's "
                 "server started): " + ", ".join(busy) + ".\n")

    # Ratios
    s.append("## Router against its baselines (same run)\n")
    rk = knee(R["throughput"])
    nk = knee(R["nchan"])
    rows = ["| measure | router | baseline | router / baseline |", "|---|---|---|---|"]
    b = R["baseline"]
    if b and "requests_per_second" in b:
        rmax = max([lv["delivered_per_second"] for lv in ok_levels(R["throughput"])] or [0])
        rows.append(f"| knee (msg/s) vs trivial Vert.x endpoint (requests/s) | {rk} | {b['requests_per_second']} | "
                    f"{ratio(rk, b['requests_per_second'])} |")
        rows.append(f"| most delivered msg/s at any level vs trivial endpoint requests/s | {rmax} | "
                    f"{b['requests_per_second']} | {ratio(rmax, b['requests_per_second'])} |")
    if R["nchan"]:
        rows.append(f"| knee, msg/s (highest rate with p99 ≤ {KNEE_P99_MS:.0f} ms, no loss or duplicate, ≥ 95 % of "
                    f"the target sent, below {KNEE_CONFIRM} failing levels in a row) vs Nchan | {rk} | {nk} | "
                    f"{ratio(rk, nk)} |")
        rmax = max([lv["delivered_per_second"] for lv in ok_levels(R["throughput"])] or [0])
        nmax = max([lv["delivered_per_second"] for lv in ok_levels(R["nchan"])] or [0])
        rows.append(f"| most delivered msg/s at any level vs Nchan | {rmax} | {nmax} | {ratio(rmax, nmax)} |")
    s.append("\n".join(rows) + "\n")
    if R["nchan"] and R["throughput"]:
        s.append("Per offered rate, router against Nchan (same users, generator and rates; `run.sh all` offers each "
                 "rate to the router, then to Nchan, both servers running, so that other work on the machine "
                 "falls on both alike):\n")
        t = ["| offered msg/s | router delivered/s | Nchan delivered/s | ratio | router p99 ms | Nchan p99 ms | "
             "ratio | router CPU µs/msg | Nchan CPU µs/msg | ratio |", "|---|---|---|---|---|---|---|---|---|---|"]
        rates = sorted({lv["target_per_second"] for lv in ok_levels(R["throughput"]) + ok_levels(R["nchan"])})
        for rate in rates:
            r, n = level_at(R["throughput"], rate), level_at(R["nchan"], rate)
            g = lambda lv, *k: None if lv is None else (lv[k[0]] if len(k) == 1 else lv[k[0]][k[1]])  # noqa: E731
            t.append(f"| {rate} | {fmt(g(r, 'delivered_per_second'))} | {fmt(g(n, 'delivered_per_second'))} | "
                     f"{ratio(g(r, 'delivered_per_second'), g(n, 'delivered_per_second'))} | "
                     f"{fmt(g(r, 'latency_ms', 'p99'), 3)} | {fmt(g(n, 'latency_ms', 'p99'), 3)} | "
                     f"{ratio(g(r, 'latency_ms', 'p99'), g(n, 'latency_ms', 'p99'))} | "
                     f"{fmt(g(r, 'router_cpu_us_per_message'))} | {fmt(g(n, 'router_cpu_us_per_message'))} | "
                     f"{ratio(g(r, 'router_cpu_us_per_message'), g(n, 'router_cpu_us_per_message'))} |")
        s.append("\n".join(t) + "\n")
        s.append("A level stepped past the knee ends its series, so a rate may have a row on one side only.\n")
    if R["cluster"] and single:
        ck, sk = knee(R["cluster"]), knee(single)
        s.append("## 2-node cluster against one node (same box)\n")
        t = [f"Knee: one node {sk} msg/s, 2-node cluster {ck} msg/s (ratio {ratio(ck, sk)}). Both nodes share the "
             "same 2 cores with the generator, so the cluster cannot add CPU here: this measures what the cluster "
             "costs, not what it scales to.\n",
             "| offered msg/s | one node p99 ms | cluster p99 ms | one node CPU µs/msg | cluster CPU µs/msg (both nodes) | "
             "cluster lost | cluster dup |", "|---|---|---|---|---|---|---|"]
        rates = sorted({lv["target_per_second"] for lv in ok_levels(R["cluster"])})
        for rate in rates:
            o, c = level_at(single, rate), level_at(R["cluster"], rate)
            t.append(f"| {rate} | {fmt(o['latency_ms']['p99'], 3) if o else 'n/a'} | {fmt(c['latency_ms']['p99'], 3)} | "
                     f"{fmt(o['router_cpu_us_per_message']) if o else 'n/a'} | {fmt(c['router_cpu_us_per_message'])} | "
                     f"{c['lost']} | {c['duplicates']} |")
        s.append("\n".join(t) + "\n")
    cap, capc = R["capacity"], R["capacity-cluster"]
    if cap:
        s.append("## Capacity extrapolation\n")
        per = cap.get("router_per_held_poll", {})
        held = cap["totals"]["held_at_router_measurement"]
        if "heap_bytes" in per:
            hb, rb = per["heap_bytes"], per.get("rss_bytes", 0)
            s.append(f"Measured on one node with {held} polls held: {hb} bytes of heap and {rb} bytes of RSS per held "
                     f"poll. **Extrapolation** (linear, not measured): 100,000 held polls would need about "
                     f"{hb * 100000 / 2**30:.2f} GiB of live heap and {rb * 100000 / 2**30:.2f} GiB of RSS on top of an "
                     f"idle router, and 100,000 sockets, i.e. at least 6 router processes at this machine's 20,000-file "
                     f"limit per process (or a higher limit).\n")
        if capc and "heap_bytes" in capc.get("router_per_held_poll", {}):
            s.append(f"2-node cluster: {capc['totals']['held_at_router_measurement']} polls held, "
                     f"{capc['router_per_held_poll']['heap_bytes']} bytes of heap and "
                     f"{capc['router_per_held_poll'].get('rss_bytes', 'n/a')} bytes of RSS per poll over both nodes.\n")
    if charts:
        s.append("## Charts\n")
        for c in charts:
            s.append(f"![{c}]({c})\n")
    s.append("## Tables of each scenario\n")
    for n in ["baseline", "throughput", "nchan", "rooms", "churn", "cluster-single", "cluster", "capacity",
              "capacity-cluster"]:
        text = md_of(a.results, n, st)
        if not text:
            continue
        text = re.sub(r"^# ", "### ", text, flags=re.M)
        text = re.sub(r"^## ", "#### ", text, flags=re.M)
        text = text.replace("\nCommands (run directory", "\n<details><summary>commands</summary>\n\nCommands (run directory")
        if "<details>" in text:
            text = text.rstrip() + "\n\n</details>\n"
        s.append(text)
    with open(os.path.join(a.out, "summary.md"), "w") as f:
        f.write("\n".join(s))


if __name__ == "__main__":
    main()

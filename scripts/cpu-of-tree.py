#!/usr/bin/env python3
"""CPU used by a process and everything under it over a number of seconds,
as a share of one core: `cpu-of-tree.py PID SECONDS LABEL GOAL` (for
`make bench-idle`; LABEL names the phase, GOAL is the share it should stay
under, in percent of one core)."""
import os, sys, time
root, seconds, label, goal = int(sys.argv[1]), float(sys.argv[2]), sys.argv[3], sys.argv[4]
ticks = os.sysconf("SC_CLK_TCK")

def tree(pid):
    """pid and every descendant, by parent links in /proc."""
    children = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
            children.setdefault(int(fields[1]), []).append(int(entry))
        except OSError:
            pass
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        todo.extend(children.get(p, []))
    return out

def cpu(pids):
    """{pid: utime + stime in ticks} of the processes still there."""
    out = {}
    for p in pids:
        try:
            with open(f"/proc/{p}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
            out[p] = int(fields[11]) + int(fields[12])
        except OSError:
            continue
    return out

before = cpu(tree(root))
start = time.monotonic()
time.sleep(seconds)
elapsed = time.monotonic() - start
after = cpu(tree(root))
# A process that started during the sample counts from zero.
used = {p: t - before.get(p, 0) for p, t in after.items()}
app = used.get(root, 0) / ticks / elapsed * 100
web = sum(t for p, t in used.items() if p != root) / ticks / elapsed * 100
print(f"{label}, {elapsed:.0f} s:")
print(f"  zwarm-desktop        {app:6.2f} % of one core")
print(f"  its web processes    {web:6.2f} % of one core")
print(f"  together             {app + web:6.2f} % of one core   (goal under {goal} %)")

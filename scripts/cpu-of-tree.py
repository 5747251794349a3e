#!/usr/bin/env python3
"""CPU used by a process and everything under it over a number of seconds,
as a share of one core: `cpu-of-tree.py PID SECONDS SESSIONS` (for
`make bench-idle`; SESSIONS only labels the output)."""
import os, sys, time
root, seconds, sessions = int(sys.argv[1]), float(sys.argv[2]), sys.argv[3]
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
    """(the app process own ticks, all other processes of the tree), utime + stime."""
    own = others = 0
    for p in pids:
        try:
            with open(f"/proc/{p}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
            t = int(fields[11]) + int(fields[12])
        except OSError:
            continue
        if p == root:
            own += t
        else:
            others += t
    return own, others

pids = tree(root)
a0, w0 = cpu(pids)
start = time.monotonic()
time.sleep(seconds)
elapsed = time.monotonic() - start
a1, w1 = cpu(tree(root))
app = (a1 - a0) / ticks / elapsed * 100
web = (w1 - w0) / ticks / elapsed * 100
print(f"idle app, {sessions} finished sessions, {elapsed:.0f} s, {os.cpu_count()} cores:")
print(f"  zwarm-desktop        {app:6.2f} % of one core")
print(f"  its web processes    {web:6.2f} % of one core")
print(f"  together             {app + web:6.2f} % of one core   (goal under 2 %)")

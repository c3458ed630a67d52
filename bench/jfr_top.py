#!/usr/bin/env python3
"""bench/jfr_top.py RECORDING.jfr [top=60] -- CPU samples of a JFR recording, by method: inclusive (the method or
anything it calls was running) and leaf (the method itself was running), as percentages of all samples.
Uses the `jfr` tool of $JFR, else of the JDK on the PATH."""
import collections
import json
import os
import subprocess
import sys

f = sys.argv[1]
top = int(sys.argv[2]) if len(sys.argv) > 2 else 60
jfr = os.environ.get("JFR", "jfr")
data = json.loads(subprocess.run([jfr, "print", "--json", "--stack-depth", "256", "--events", "jdk.ExecutionSample", f],
                                 capture_output=True, text=True, check=True).stdout)
evs = data['recording']['events']
incl = collections.Counter(); leaf = collections.Counter(); n = 0
for e in evs:
    st = e['values'].get('stackTrace')
    if not st: continue
    frames = st['frames']; n += 1
    names = []
    for fr in frames:
        m = fr['method']; names.append(m['type']['name'] + '.' + m['name'])
    leaf[names[0]] += 1
    for nm in set(names): incl[nm] += 1
print('samples', n)
print('--- inclusive')
for k, v in incl.most_common(top): print(f'{100*v/n:5.1f}% {k}')
print('--- leaf')
for k, v in leaf.most_common(25): print(f'{100*v/n:5.1f}% {k}')

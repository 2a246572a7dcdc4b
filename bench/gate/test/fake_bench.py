#!/usr/bin/env python3
"""fake_bench.py - stands in for mmaplab-bench in the tests of `mmaplab gate
--ab` (test_gate_ab.sh): writes the frozen result DATA/gate-base.json to
--benchmark_out=FILE with every time multiplied by $FAKE_FACTOR_<SIDE> (the
side is this program's name: old-bench or new-bench), appends its name and
arguments to $FAKE_LOG, and exits with $FAKE_EXIT_<SIDE> (default 0)."""
import json
import os
import sys

side = os.path.basename(os.path.realpath(sys.argv[0])).split("-")[0].upper()
out = None
for a in sys.argv[1:]:
    if a.startswith("--benchmark_out="):
        out = a[len("--benchmark_out="):]
with open(os.environ["FAKE_LOG"], "a") as log:
    log.write(side + " " + " ".join(sys.argv[1:]) + "\n")
status = int(os.environ.get("FAKE_EXIT_" + side, "0"))
if status != 0:
    print("fake failure", file=sys.stderr)
    sys.exit(status)
factor = float(os.environ.get("FAKE_FACTOR_" + side, "1"))
with open(os.path.join(os.environ["FAKE_DATA"], "gate-base.json")) as f:
    doc = json.load(f)
for b in doc["benchmarks"]:
    for key in ("real_time", "cpu_time"):
        if key in b:
            b[key] *= factor
with open(out, "w") as f:
    json.dump(doc, f)

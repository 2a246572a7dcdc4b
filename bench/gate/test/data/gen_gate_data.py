#!/usr/bin/env python3
"""Writes the frozen result files of the gate tests (run from anywhere;
the files land beside this script). Deterministic: the same bytes on every
run, so `git diff` after rerunning it shows nothing.

Every file is Google Benchmark JSON as mmaplab-bench writes it: per
repetition "iteration" entries plus the mean/median/stddev/cv aggregates,
and context.mmaplab_fingerprint (a JSON string, bench/fingerprint.h); the
cv aggregate of a counter that is 0 throughout is NaN, as Google Benchmark
writes it (not JSON; the gate reads it as absent). Times
get multiplicative noise of about 1.5% (log-normal), as this VM shows
between repetitions.

  gate-base.json        5 repetitions of six benchmarks (find, find glibc, move,
                   fault with manual time, granularity, open)
  gate-rerun.json       the same machine again: fresh noise, nothing changed
  gate-slow15.json      find/core 15% slower, the rest as gate-rerun.json
  gate-faster.json      find/core 15% faster
  gate-faults.json      the fault benchmark's faults_per_page 1.0 -> 0.5
  gate-error.json       the fault benchmark fails in every repetition
  gate-missing.json     granularity gone, a new open/raw benchmark
  gate-fpdiff.json      kernel.release and thp.enabled differ, data as gate-rerun.json
  gate-nofp.json        no fingerprint, data as gate-rerun.json
  gate-emptyfp.json     an empty fingerprint ({}), data as gate-rerun.json
  gate-partfp.json      a fingerprint without kernel.release and cpu.model
  gate-fewreps.json     3 repetitions, otherwise as gate-rerun.json
  gate-aggregates.json  only the aggregates (--benchmark_report_aggregates_only)
  gate-malformed.json   gate-base.json cut off in the middle
  gate-hyperfine.json   a hyperfine export (not something the gate compares)
"""
import json
import math
import os
import random

HERE = os.path.dirname(os.path.abspath(__file__))

FINGERPRINT = {
    "schema_version": 1, "mmaplab_version": "0.1.0", "date": "2026-11-26T11:45:02Z",
    "hostname": "vm",
    "kernel": {"sysname": "Linux", "release": "6.18.44-fc-v782",
               "version": "#1 SMP PREEMPT_DYNAMIC @0", "machine": "x86_64"},
    "page_size": 4096, "mem_total_kb": 24683656,
    "thp": {"enabled": "madvise", "defrag": "madvise", "shmem_enabled": "never",
            "pmd_size": 2097152, "mthp": {"64kB": "never", "2048kB": "inherit"}},
    "hugetlb": [{"page_kb": 2048, "nr": 0, "free": 0, "reserved": 0, "surplus": 0,
                 "overcommit": 0}],
    "hugetlbfs_mounts": [], "fault_around_bytes": None,
    "filesystem": {"dir": "/tmp", "type": "ext4", "magic": "0xef53",
                   "magic_name": "ext2/ext3/ext4", "mount_point": "/"},
    "cpu": {"model": "AMD EPYC", "online": 2, "configured": 2, "affinity": 2},
    "virtualisation": {"detect_virt": "docker", "hypervisor_flag": True,
                       "sys_vendor": None, "product_name": None},
    "aslr": {"randomize_va_space": 2, "no_randomize_personality": True, "disabled": True},
    "compiler": {"c_version": "12.2.0", "c_id": "GNU 12.2.0",
                 "c_flags": "-O2 -g -DNDEBUG -std=c11", "cxx_id": "GNU 12.2.0",
                 "cxx_flags": "-O2 -g -DNDEBUG", "sanitize": False},
    "build_type": "RelWithDebInfo", "libbenchmark_version": "1.7.1",
    "git": {"revision": "c493be7", "dirty": False},
    "page_modes": {"4k": {"available": True, "reason": "base pages"},
                   "thp": {"available": True, "reason": "madvise"},
                   "huge2m": {"available": False, "reason": "no pool"},
                   "huge1g": {"available": False, "reason": "no pool"}},
    "notes": [],
}

# name, time unit, real time per iteration in that unit, iterations,
# bytes per iteration (or None), counters; manual-time names rate by real
# time, the others (Google Benchmark's default) by CPU time.
BENCHES = [
    ("find/core/random/miss/page:4k/hay:65536/needle:16", "ns", 2100.0, 33000, 65536,
     {"page_backed": 1.0}),
    ("find/glibc/random/miss/page:4k/hay:65536/needle:16", "ns", 2900.0, 24000, 65536,
     {"page_backed": 1.0}),
    ("move/core/forward/page:4k/size:1048576", "us", 31.5, 2200, 1048576,
     {"page_backed": 1.0}),
    ("fault/anon-private/write/plain/page:4k/size:16777216/iterations:4/manual_time",
     "us", 2950.0, 4, 16777216,
     {"faults_per_page": 1.0, "major_faults_per_page": 0.0, "ns_per_page": 720.0,
      "page_backed": 1.0, "prep_faults_per_page": 0.0, "prep_ns_per_page": 0.0}),
    ("granularity/core/scan/align:65536/window:65536/file:67108864", "ns", 1.9e7, 1,
     67108864, {"mapped_bytes": 67108864.0, "maps": 1024.0, "ns_per_gib": 3.0e8}),
    ("open/core/file-shared/size:1048576", "ns", 6400.0, 4300, None, {}),
]


def iteration(rng, name, unit, t, iters, nbytes, counters, reps, i, scale):
    real = t * scale * math.exp(rng.gauss(0, 0.015))
    manual = name.endswith("/manual_time")
    cpu = real * (1.4 if manual else 1.0004)  # manual time: the touch only
    e = {"name": name, "family_index": 0, "per_family_instance_index": 0,
         "run_name": name, "run_type": "iteration", "repetitions": reps,
         "repetition_index": i, "threads": 1, "iterations": iters,
         "real_time": real, "cpu_time": cpu, "time_unit": unit}
    per_s = {"ns": 1e-9, "us": 1e-6, "ms": 1e-3}[unit]
    if nbytes is not None:
        e["bytes_per_second"] = nbytes / ((real if manual else cpu) * per_s)
    else:
        e["items_per_second"] = 1 / (cpu * per_s)
    for k, v in counters.items():
        if k in ("ns_per_page", "ns_per_gib"):
            v = v * real / t
        e[k] = v
    return e


COUNTERS = ("faults_per_page", "major_faults_per_page", "prep_faults_per_page",
            "prep_ns_per_page")


def aggregates(entries):
    out = []
    for agg in ("mean", "median", "stddev", "cv"):
        e = dict(entries[0], name=entries[0]["name"] + "_" + agg, run_type="aggregate",
                 aggregate_name=agg, aggregate_unit="time" if agg != "cv" else "percentage",
                 iterations=len(entries))
        del e["repetition_index"]
        for k in ("real_time", "cpu_time"):
            v = [x[k] for x in entries]
            m = sum(v) / len(v)
            sd = math.sqrt(sum((x - m) ** 2 for x in v) / (len(v) - 1)) if len(v) > 1 else 0
            e[k] = {"mean": m, "median": sorted(v)[len(v) // 2], "stddev": sd,
                    "cv": sd / m}[agg]
        if agg == "cv":  # as Google Benchmark: 0/0 for a counter 0 in every repetition
            for k in COUNTERS:
                if k in e and e[k] == 0:
                    e[k] = float("nan")
        out.append(e)
    return out


def result(seed, reps=5, scale=None, counters=None, error=None, drop=(), add=(),
           fingerprint=FINGERPRINT):
    rng = random.Random(seed)
    scale = scale or {}
    counters = counters or {}
    benches = []
    for b in BENCHES + list(add):
        name, unit, t, iters, nbytes, ctr = b
        if name in drop:
            continue
        entries = [iteration(rng, name, unit, t, iters, nbytes, dict(ctr, **counters.get(name, {})),
                             reps, i, scale.get(name, 1.0)) for i in range(reps)]
        if name == error:
            entries = [{"name": name, "family_index": 0, "per_family_instance_index": 0,
                        "run_name": name, "run_type": "iteration", "repetitions": reps,
                        "repetition_index": i, "threads": 1, "iterations": 0,
                        "real_time": 0.0, "cpu_time": 0.0, "time_unit": unit,
                        "error_occurred": True,
                        "error_message": "page mode 4k not obtained: 12% of the range backed"}
                       for i in range(reps)]
            benches += entries
        else:
            benches += entries + aggregates(entries)
    context = {"date": "2026-11-26T11:45:02+00:00", "host_name": "vm",
               "executable": "build/default/bench/mmaplab-bench", "num_cpus": 2,
               "mhz_per_cpu": 2445, "cpu_scaling_enabled": False, "caches": [],
               "load_avg": [0.8, 1.0, 1.1], "library_build_type": "debug",
               "mmaplab_bench_mode": "quick"}
    if fingerprint is not None:
        context["mmaplab_fingerprint"] = json.dumps(fingerprint, sort_keys=True,
                                                    separators=(",", ":"))
    return {"context": context, "benchmarks": benches}


def dumps(doc):
    """DOC as JSON with one benchmark entry per line."""
    if "benchmarks" not in doc:
        return json.dumps(doc, indent=1) + "\n"
    lines = [json.dumps({k: float("%.7g" % v) if isinstance(v, float) else v
                         for k, v in e.items()}) for e in doc["benchmarks"]]
    return ('{"context": %s,\n "benchmarks": [\n%s\n]}\n'
            % (json.dumps(doc["context"], indent=1), ",\n".join(lines)))


def write(name, doc):
    with open(os.path.join(HERE, name), "w") as f:
        f.write(dumps(doc))


def main():
    find = BENCHES[0][0]
    fault = BENCHES[3][0]
    gran = BENCHES[4][0]
    write("gate-base.json", result(1))
    write("gate-rerun.json", result(2))
    write("gate-slow15.json", result(2, scale={find: 1.15}))
    write("gate-faster.json", result(2, scale={find: 1 / 1.15}))
    write("gate-faults.json", result(2, counters={fault: {"faults_per_page": 0.5}}))
    write("gate-error.json", result(2, error=fault))
    write("gate-missing.json", result(2, drop=(gran,),
                                 add=[("open/raw/file-shared/size:1048576", "ns", 5900.0,
                                       4700, None, {})]))
    fp = json.loads(json.dumps(FINGERPRINT))
    fp["kernel"]["release"] = "6.1.0-28-amd64"
    fp["thp"]["enabled"] = "always"
    write("gate-fpdiff.json", result(2, fingerprint=fp))
    write("gate-nofp.json", result(2, fingerprint=None))
    write("gate-emptyfp.json", result(2, fingerprint={}))
    partial = json.loads(json.dumps(FINGERPRINT))
    del partial["kernel"]["release"]
    del partial["cpu"]["model"]
    write("gate-partfp.json", result(2, fingerprint=partial))
    write("gate-fewreps.json", result(2, reps=3))
    doc = result(2)
    doc["benchmarks"] = [e for e in doc["benchmarks"] if e["run_type"] == "aggregate"]
    write("gate-aggregates.json", doc)
    text = dumps(result(1))
    with open(os.path.join(HERE, "gate-malformed.json"), "w") as f:
        f.write(text[: len(text) // 2])
    write("gate-hyperfine.json", {"results": [{"command": "mmaplab-find", "mean": 0.1,
                                          "times": [0.1, 0.11, 0.1]}]})


if __name__ == "__main__":
    main()

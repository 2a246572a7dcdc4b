#!/usr/bin/env python3
"""Runs CPython's own Lib/test/test_mmap.py with a module in place of mmap.

    run_test_mmap.py [--module NAME]   run test_mmap with NAME (default
                                       mmaplab_mmap) as `mmap`; prints JSON
    run_test_mmap.py --stock           the same with the interpreter's mmap
    run_test_mmap.py --compare [--out FILE]
                                       both, each in its own process; exit 1
                                       if a test that passes with the stock
                                       module does not pass with ours

The JSON: python (X.Y.Z), module, run, passed, skipped, failed, errors (the
unittest counts; "failed" counts failures, unexpected successes and tests
with a failing subtest) and outcomes (test id -> pass/fail/error/skip/
xfail/xpass). --compare prints {"stock": ..., "ours": ..., "lost": [...]}
without the outcomes, and writes it to FILE too.
"""
import atexit
import importlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import unittest


class Recorder(unittest.TextTestResult):
    """Remembers the outcome of every test by id."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.outcomes = {}

    def _set(self, test, outcome):
        # A later failure (of a subtest, say) wins over an earlier pass.
        order = ["pass", "skip", "xfail", "xpass", "fail", "error"]
        old = self.outcomes.get(test.id())
        if old is None or order.index(outcome) > order.index(old):
            self.outcomes[test.id()] = outcome

    def addSuccess(self, test):
        super().addSuccess(test)
        self._set(test, "pass")

    def addFailure(self, test, err):
        super().addFailure(test, err)
        self._set(test, "fail")

    def addError(self, test, err):
        super().addError(test, err)
        self._set(test, "error")

    def addSkip(self, test, reason):
        super().addSkip(test, reason)
        self._set(test, "skip")

    def addExpectedFailure(self, test, err):
        super().addExpectedFailure(test, err)
        self._set(test, "xfail")

    def addUnexpectedSuccess(self, test):
        super().addUnexpectedSuccess(test)
        self._set(test, "xpass")

    def addSubTest(self, test, subtest, err):
        super().addSubTest(test, subtest, err)
        if err is not None:
            failed = issubclass(err[0], test.failureException)
            self._set(test, "fail" if failed else "error")


def run(module_name):
    module = importlib.import_module(module_name)
    sys.modules["mmap"] = module
    # Windows-only and resource-gated tests skip themselves; the tests make
    # their files in the working directory, so work in a scratch one.
    scratch = tempfile.mkdtemp(prefix="test_mmap-")
    atexit.register(shutil.rmtree, scratch, True)
    os.chdir(scratch)
    try:
        tm = importlib.import_module("test.test_mmap")
    except ImportError as exc:
        sys.stderr.write("run_test_mmap: no test.test_mmap in this Python "
                         "(%s)\n" % exc)
        return None
    if tm.mmap is not module:
        sys.stderr.write("run_test_mmap: test_mmap did not take %s\n"
                         % module_name)
        return None
    suite = unittest.defaultTestLoader.loadTestsFromModule(tm)
    # unittest's output goes to stderr so that stdout is only the JSON.
    result = unittest.TextTestRunner(stream=sys.stderr,
                                     verbosity=2 if "-v" in sys.argv else 1,
                                     resultclass=Recorder).run(suite)
    outcomes = result.outcomes
    count = {k: sum(1 for v in outcomes.values() if v == k)
             for k in ("pass", "fail", "error", "skip", "xfail", "xpass")}
    return {"python": "%d.%d.%d" % sys.version_info[:3],
            "module": module_name, "run": len(outcomes),
            "passed": count["pass"] + count["xfail"],
            "skipped": count["skip"],
            "failed": count["fail"] + count["xpass"],
            "errors": count["error"], "outcomes": outcomes}


def child(args):
    cmd = [sys.executable, os.path.abspath(__file__)] + args
    p = subprocess.run(cmd, stdout=subprocess.PIPE)
    if p.returncode != 0:
        sys.stderr.write("run_test_mmap: %s exited with %d\n"
                         % (" ".join(cmd), p.returncode))
        return None
    return json.loads(p.stdout.decode())


def compare(out_file):
    stock = child(["--stock"])
    ours = child(["--module", "mmaplab_mmap"])
    if stock is None or ours is None:
        return 2
    lost = sorted(t for t, o in stock["outcomes"].items()
                  if o in ("pass", "xfail")
                  and ours["outcomes"].get(t) not in ("pass", "xfail"))
    report = {"stock": {k: v for k, v in stock.items() if k != "outcomes"},
              "ours": {k: v for k, v in ours.items() if k != "outcomes"},
              "lost": lost}
    for t in lost:
        sys.stderr.write("run_test_mmap: passes with mmap, not with "
                         "mmaplab_mmap: %s (%s)\n"
                         % (t, ours["outcomes"].get(t, "not run")))
    text = json.dumps(report)
    print(text)
    if out_file:
        with open(out_file, "w") as f:
            f.write(text + "\n")
    return 1 if lost else 0


def main(argv):
    module, out_file, mode = "mmaplab_mmap", None, "run"
    it = iter(argv)
    for arg in it:
        if arg == "--module":
            module = next(it)
        elif arg == "--stock":
            module = "mmap"
        elif arg == "--compare":
            mode = "compare"
        elif arg == "--out":
            out_file = next(it)
        elif arg == "-v":
            pass
        else:
            sys.stderr.write("run_test_mmap: unknown argument %r\n" % arg)
            return 2
    if mode == "compare":
        return compare(out_file)
    res = run(module)
    if res is None:
        return 2
    print(json.dumps(res))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

#!/usr/bin/env python3
"""check_junit.py FILE TESTS FAILURES SKIPPED [EXPR]: the gate's JUnit XML in
FILE parses, its <testsuites> and single <testsuite name="mmaplab gate">
carry the counts TESTS, FAILURES, SKIPPED (errors 0), which match the
<testcase>, <failure> and <skipped> elements it holds; and the Python
expression EXPR, if given, is true of the parsed root `r` (an ElementTree
element). Exit status 0, or 1 with the reason on stderr."""
import sys
import xml.etree.ElementTree as ET


def main():
    path, tests, failures, skipped = sys.argv[1], *map(int, sys.argv[2:5])
    expr = sys.argv[5] if len(sys.argv) > 5 else None
    r = ET.parse(path).getroot()
    suites = r.findall("testsuite")
    want = {"tests": tests, "failures": failures, "errors": 0, "skipped": skipped}
    problems = []
    if r.tag != "testsuites" or len(suites) != 1:
        problems.append(f"root {r.tag} with {len(suites)} testsuites, want one")
    for el in [r] + suites:
        if el.get("name") != "mmaplab gate":
            problems.append(f"{el.tag} name {el.get('name')!r}")
        for k, v in want.items():
            if el.get(k) != str(v):
                problems.append(f"{el.tag} {k}={el.get(k)!r}, want {v}")
    cases = r.findall("./testsuite/testcase")
    got = {"tests": len(cases),
           "failures": len(r.findall("./testsuite/testcase/failure")),
           "errors": len(r.findall("./testsuite/testcase/error")),
           "skipped": len(r.findall("./testsuite/testcase/skipped"))}
    for k, v in want.items():
        if got[k] != v:
            problems.append(f"{got[k]} <{k}> elements, want {v}")
    if expr is not None and not eval(expr, {"r": r}):
        problems.append(f"not ({expr})")
    if problems:
        sys.exit(f"{path}: " + "; ".join(problems))


main()

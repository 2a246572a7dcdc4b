#!/bin/sh
# test_gate_render.sh RENDER_TEST - runs gate_render_test.c (the
# renderers on reports built in memory), then checks the JUnit documents
# it wrote: well formed for xmllint, the counts right (check_junit.py), and
# a hostile benchmark name read back by an XML parser as the text it was,
# with only the characters XML cannot hold replaced.
set -u
RENDER=$1
case $RENDER in /*) ;; *) RENDER=$PWD/$RENDER ;; esac
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/../../../scripts/testlib.sh"
make_test_dir gate-render
T=$test_dir
command -v xmllint >/dev/null || fail "xmllint is not installed (libxml2-utils)"

"$RENDER" "$T" || fail "gate_render_test failed"
for f in interleaved stored hostile; do
  xmllint --noout "$T/$f.xml" || fail "$f.xml is not well formed"
done
"$HERE/check_junit.py" "$T/interleaved.xml" 9 4 2 \
  'r.find("./testsuite/testcase/failure").get("message") == "real_time 1 us -> 1.05 us (+5.0%, CI [+3.1%, +7.0%], p = 0.001)"' ||
  fail "interleaved.xml"
"$HERE/check_junit.py" "$T/stored.xml" 9 4 2 \
  'r.find("./testsuite/properties/property[@name=\"mode\"]").get("value") == "stored baseline"' ||
  fail "stored.xml"
# The hostile name as a parser reads it: markup and quotes intact, each
# unfit character or byte one U+FFFD, tab/newline/CR spaces in attributes.
"$HERE/check_junit.py" "$T/hostile.xml" 4 2 2 \
  'r.find("./testsuite/testcase").get("name") == "find/<a&b>\"q'"'"'" + "\ufffd" * 11 + "\u00e9   ]]>end\ufffd\ufffd real_time"' ||
  fail "hostile.xml"
echo "gate.render: ok"

#!/bin/sh
# test_gen_outputs.sh GEN - mmaplab-gen-cases writes its area files by the
# rules of util/ut_output.h: a symbolic link among them is followed and
# stays a link, and no temporary file is left; a bad OUTDIR is refused
# with its cause.
set -u
GEN=$1
. "$(dirname "$0")/../../scripts/testlib.sh"
make_test_dir gen-out
T=$test_dir
mkdir "$T/out"
echo old >"$T/new-target.json"
ln -s ../new-target.json "$T/out/new.json"
"$GEN" "$T/out" || fail "mmaplab-gen-cases exit $?"
[ -L "$T/out/new.json" ] || fail "new.json: the link was replaced"
grep -q '^{"format": 1, "cases": \[$' "$T/new-target.json" ||
  fail "the link's target was not written"
[ -s "$T/out/read.json" ] || fail "read.json not written"
if ls -A "$T/out" | grep -q '^\.'; then
  fail "temporaries left: $(ls -A "$T/out")"
fi
# A missing output directory is named as such (not "not a directory").
"$GEN" "$T/none" 2>"$T/err" && fail "a missing OUTDIR accepted"
grep -qxF "mmaplab-gen-cases: $T/none: No such file or directory" "$T/err" ||
  fail "missing OUTDIR: $(cat "$T/err")"
"$GEN" "$T/new-target.json" 2>"$T/err" && fail "a file as OUTDIR accepted"
grep -qxF "mmaplab-gen-cases: $T/new-target.json: Not a directory" "$T/err" ||
  fail "a file as OUTDIR: $(cat "$T/err")"
echo "gen outputs: ok"

#!/bin/sh
# test_gen_outputs.sh GEN - mmaplab-gen-cases writes its area files by the
# rules of util/ut_output.h: a symbolic link among them is followed and
# stays a link, and no temporary file is left; a bad OUTDIR is refused
# with its cause.
set -u
GEN=$1
T=$(mktemp -d "${TMPDIR:-/tmp}/gen-out.XXXXXX") || exit 1
trap 'rm -rf "$T"' EXIT
mkdir "$T/out"
echo old >"$T/new-target.json"
ln -s ../new-target.json "$T/out/new.json"
"$GEN" "$T/out" || { echo "FAIL: mmaplab-gen-cases exit $?"; exit 1; }
fails=0
[ -L "$T/out/new.json" ] || { echo "FAIL: new.json: the link was replaced"; fails=1; }
grep -q '^{"format": 1, "cases": \[$' "$T/new-target.json" ||
  { echo "FAIL: the link's target was not written"; fails=1; }
[ -s "$T/out/read.json" ] || { echo "FAIL: read.json not written"; fails=1; }
if ls -A "$T/out" | grep -q '^\.'; then
  echo "FAIL: temporaries left: $(ls -A "$T/out")"
  fails=1
fi
# A missing output directory is named as such (not "not a directory").
"$GEN" "$T/none" 2>"$T/err" && { echo "FAIL: a missing OUTDIR accepted"; fails=1; }
grep -qxF "mmaplab-gen-cases: $T/none: No such file or directory" "$T/err" ||
  { echo "FAIL: missing OUTDIR: $(cat "$T/err")"; fails=1; }
"$GEN" "$T/new-target.json" 2>"$T/err" && { echo "FAIL: a file as OUTDIR accepted"; fails=1; }
grep -qxF "mmaplab-gen-cases: $T/new-target.json: Not a directory" "$T/err" ||
  { echo "FAIL: a file as OUTDIR: $(cat "$T/err")"; fails=1; }
[ "$fails" -eq 0 ] && echo "gen outputs: ok"
exit "$fails"

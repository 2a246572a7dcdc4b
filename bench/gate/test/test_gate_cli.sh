#!/bin/sh
# test_gate_cli.sh DRIVER DATA_DIR - `mmaplab gate` against the frozen
# result files of DATA_DIR (data/gen_gate_data.py says what each one holds).
# DRIVER runs gate_cmd as `mmaplab gate` does. Checks exit statuses,
# the one-line refusals, the Markdown and JSON outputs, and that no output
# file (or temporary) appears when the gate refuses.
set -u
DRIVER=$1
DATA=$2
case $DRIVER in /*) ;; *) DRIVER=$PWD/$DRIVER ;; esac
case $DATA in /*) ;; *) DATA=$PWD/$DATA ;; esac
. "$(dirname "$0")/../../../scripts/testlib.sh"
make_test_dir gate-cli
T=$test_dir
# Under the sanitizers, a report must not pass for the exit status 1 of a
# regression.
ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}exitcode=86
export ASAN_OPTIONS

. "$(dirname "$0")/gate_testlib.sh"

# json FILE EXPR: the Python expression EXPR is true of the JSON in FILE (d).
json() {
  python3 -c 'import json, sys
d = json.load(open(sys.argv[1]))
sys.exit(0 if eval(sys.argv[2]) else 1)' "$1" "$2" || fail "$1: not ($2)"
}

B="$DATA/gate-base.json"

# --help
gate 0 --help
has "$T/out" "usage: mmaplab gate --baseline B --current C"
has "$T/out" "--save-baseline"

# A/A: the same file twice, and the same machine run again.
gate 0 --baseline "$B" --current "$B"
has "$T/out" "**PASS: 0 regressions, 0 improvements, 20 unchanged, 0 new (6 benchmarks, real_time)**"
gate 0 --baseline "$B" --current "$DATA/gate-rerun.json" --metric cpu
has "$T/out" "**PASS: 0 regressions"

# Runs pooled per side (--baseline and --current given again): the same
# verdicts on twice the samples; a run of another machine is refused.
gate 0 --baseline "$B" --baseline "$B" --current "$DATA/gate-rerun.json" --current "$DATA/gate-rerun.json" --json "$T/pool.json"
json "$T/pool.json" 'all(c["n_baseline"] == 10 for c in d["comparisons"] if c["kind"] == "time")'
gate 1 --baseline "$B" --baseline "$B" --current "$DATA/gate-slow15.json" --current "$DATA/gate-slow15.json"
gate 2 --baseline "$B" --baseline "$DATA/gate-fpdiff.json" --current "$DATA/gate-rerun.json"
has "$T/err" "not from the same machine and build as"

# A 15% slowdown of one benchmark fails; Markdown and JSON to files.
gate 1 --baseline "$B" --current "$DATA/gate-slow15.json" --markdown "$T/s.md" --json "$T/s.json"
has "$T/out" "REGRESSION: 1 regression, 0 improvements, 19 unchanged"
head -n 1 "$T/s.md" | grep -qF "**REGRESSION: 1 regression" || fail "s.md: verdict line first"
# Current times are scaled by glibc's drift (the reference, default where
# both files have it): memmem ran 1.3% faster, so the core is 17.1% slower.
has "$T/s.md" '| `find/core/random/miss/page:4k/hay:65536/needle:16` | real_time | 2.102 us | 2.461 us | +17.1% | 0.00397 | regression |'
has "$T/s.md" 'Current times divided by 0.9870, the drift of the reference `glibc`'
json "$T/s.json" 'd["reference"]["impl"] == "glibc" and d["reference"]["benchmarks"] == 1'
gate 1 --baseline "$B" --current "$DATA/gate-slow15.json" --reference none
has "$T/out" '| `find/core/random/miss/page:4k/hay:65536/needle:16` | real_time | 2.102 us | 2.429 us | +15.6% | 0.00397 | regression |'
gate 2 --baseline "$B" --current "$DATA/gate-slow15.json" --reference pypy
has "$T/err" 'mmaplab gate: --reference pypy: no benchmark of that impl ran in both files'
json "$T/s.json" 'd["verdict"] == "regression" and d["exit_status"] == 1'
json "$T/s.json" 'd["parameters"]["alpha"] == 0.05 and d["parameters"]["min_effect"] == 0.05'
json "$T/s.json" 'len(d["comparisons"]) == 20 and d["counts"]["regressions"] == 1'
json "$T/s.json" '[c["metric"] for c in d["comparisons"] if c["fails"]] == ["real_time"]'
json "$T/s.json" 'abs([c["p"] for c in d["comparisons"] if c["fails"]][0] - 1 / 252) < 1e-12'
json "$T/s.json" 'd["fingerprint_differences"] == []'
# JUnit XML (--junit), written with the other outputs: well formed
# (xmllint), the counts right, one failure with the numbers for the
# regression, none when the gate passes (check_junit.py).
command -v xmllint >/dev/null || fail "xmllint is not installed (libxml2-utils)"
CJ="$(dirname "$0")/check_junit.py"
# junit FILE TESTS FAILURES SKIPPED [EXPR]: FILE well formed, with those
# counts, EXPR true of its root r.
junit() {
  xmllint --noout "$1" || fail "$1 is not well formed"
  "$CJ" "$@" || fail "$1: JUnit content"
}
gate 0 --baseline "$B" --current "$DATA/gate-rerun.json" --junit "$T/pass.xml"
has "$T/out" "**PASS: 0 regressions"
junit "$T/pass.xml" 20 0 0 'r.find("./testsuite/properties/property[@name=\"mode\"]").get("value") == "stored baseline"'
gate 1 --baseline "$B" --current "$DATA/gate-slow15.json" --junit "$T/s.xml" --json "$T/s2.json" --markdown "$T/s2.md"
junit "$T/s.xml" 20 1 0 '[(c.get("classname"), c.get("name"), c.find("failure").get("type"), c.find("failure").get("message")) for c in r.iter("testcase") if c.find("failure") is not None] == [("mmaplab.gate.find", "find/core/random/miss/page:4k/hay:65536/needle:16 real_time", "regression", "real_time 2.102 us -> 2.461 us (+17.1%, p = 0.00397)")]'
has "$T/s.xml" "baseline median: 2.102 us (5 samples)"
has "$T/s.xml" '<property name="verdict" value="REGRESSION: 1 regression, 0 improvements, 19 unchanged, 0 new (6 benchmarks, real_time)"/>'
has "$T/s2.md" "**REGRESSION: 1 regression"
json "$T/s2.json" 'd["mode"] == "stored baseline" and d["rounds"] == 0 and d["seconds"] is None'
json "$T/s2.json" 'all(c["ci_low"] is None and c["ci_high"] is None for c in d["comparisons"])'
# Missing (a failure) and new (skipped); errors in current (a failure
# carrying the message).
gate 1 --baseline "$B" --current "$DATA/gate-missing.json" --junit "$T/m.xml"
junit "$T/m.xml" 18 1 1 '[c.get("name") for c in r.iter("testcase") if c.find("skipped") is not None] == ["open/raw/file-shared/size:1048576"]'
gate 1 --baseline "$B" --current "$DATA/gate-error.json" --junit "$T/e.xml"
has "$T/e.xml" '<failure type="error" message="error: errors in the current run: page mode 4k not obtained: 12% of the range backed">'
# A hostile benchmark name and error message (markup, quotes, control
# characters, a C1 control, U+FFFE, tab, newline, CR) in both files: read
# back by an XML parser as written, but for the characters XML 1.0 cannot
# hold (U+FFFD each) and the line breaks of an attribute (spaces).
python3 - "$B" "$DATA/gate-error.json" "$T/hb.json" "$T/hc.json" <<'PY'
import json, sys
old = "fault/anon-private/write/plain/page:4k/size:16777216/iterations:4/manual_time"
evil = "fault/<x y=\"1\">&amp;'\u0001\u001b\u0085\ufffe\t\n\r\u00e9]]>/end"
for src, dst in ((sys.argv[1], sys.argv[3]), (sys.argv[2], sys.argv[4])):
    d = json.load(open(src))
    for b in d["benchmarks"]:
        if b["run_name"] == old:
            b["name"] = b["run_name"] = evil
            if "error_message" in b:
                b["error_message"] = "boom " + evil
    json.dump(d, open(dst, "w"))
PY
gate 1 --baseline "$T/hb.json" --current "$T/hc.json" --junit "$T/h.xml"
junit "$T/h.xml" 15 1 0 '[(c.get("classname"), c.get("name"), c.find("failure").get("message")) for c in r.iter("testcase") if c.find("failure") is not None] == [("mmaplab.gate.fault", "fault/<x y=\"1\">&amp;'"'"'\ufffd\ufffd\ufffd\ufffd   \u00e9]]>/end", "error: errors in the current run: boom fault/<x y=\"1\">&amp;'"'"'\ufffd\ufffd\ufffd\ufffd   \u00e9]]>/end")]'
has "$T/h.xml" "note: boom fault/&lt;x y=\"1\"&gt;&amp;amp;'"

# ... but not with a minimum effect above 15%. Holm's correction over the 5
# time comparisons asks the smallest p to be below alpha / 5: 5 and 5
# repetitions (at best p = 1/252 = 0.00397) can judge at alpha 0.02, not at
# alpha 0.015.
gate 0 --baseline "$B" --current "$DATA/gate-slow15.json" --min-effect 0.2
gate 1 --baseline "$B" --current "$DATA/gate-slow15.json" --alpha 0.02
misuse --baseline "$B" --current "$DATA/gate-slow15.json" --alpha 0.015
has "$T/err" "5 in the baseline and 5 in the current"
has "$T/err" "cannot give p < 0.015 / 5 time comparisons = 0.003 (at best 0.00397); at least 6 on each side"
# ... nor when the filter leaves it out.
gate 0 --baseline "$B" --current "$DATA/gate-slow15.json" --filter '^(move|fault)/'
has "$T/out" "(2 benchmarks, real_time)"

# 15% faster: an improvement, not a failure.
gate 0 --baseline "$B" --current "$DATA/gate-faster.json"
has "$T/out" "PASS: 0 regressions, 1 improvement"
has "$T/out" "| improvement |"

# A changed fault count fails; a wide tolerance accepts it.
gate 1 --baseline "$B" --current "$DATA/gate-faults.json"
has "$T/out" "| faults_per_page | 1 | 0.5 | -50.0% | - | changed |"
gate 0 --baseline "$B" --current "$DATA/gate-faults.json" --count-tolerance 0.6

# Errors in current only, and a missing benchmark, fail; new ones are listed.
gate 1 --baseline "$B" --current "$DATA/gate-error.json"
has "$T/out" "| error: page mode 4k not obtained: 12% of the range backed |"
gate 0 --baseline "$DATA/gate-error.json" --current "$B"
has "$T/out" "| fixed: page mode 4k not obtained"
gate 1 --baseline "$B" --current "$DATA/gate-missing.json"
has "$T/out" '| `granularity/core/scan/align:65536/window:65536/file:67108864` | - | - | - | - | - | missing |'
has "$T/out" '| `open/raw/file-shared/size:1048576` | - | - | - | - | - | new |'

# Fingerprints: refused with the fields named, judged with --force.
misuse --baseline "$B" --current "$DATA/gate-fpdiff.json"
has "$T/err" 'fingerprints differ (--force judges anyway): kernel.release: baseline "6.18.44-fc-v782", current "6.1.0-28-amd64"; thp.enabled: baseline "madvise", current "always"'
gate 0 --baseline "$B" --current "$DATA/gate-fpdiff.json" --force --json "$T/f.json"
has "$T/out" '| thp.enabled | `"madvise"` | `"always"` |'
json "$T/f.json" '[x["field"] for x in d["fingerprint_differences"]] == ["kernel.release", "thp.enabled"]'
misuse --baseline "$DATA/gate-nofp.json" --current "$B"
has "$T/err" "gate-nofp.json has no fingerprint"
gate 0 --baseline "$DATA/gate-nofp.json" --current "$B" --force
has "$T/out" "no fingerprint"

# An empty fingerprint, or one without key fields, is no fingerprint to
# compare, even when both files have the same (two empty ones are equal).
misuse --baseline "$DATA/gate-emptyfp.json" --current "$DATA/gate-emptyfp.json"
has "$T/err" "gate-emptyfp.json has an empty fingerprint; --force judges anyway"
misuse --baseline "$DATA/gate-partfp.json" --current "$DATA/gate-partfp.json"
has "$T/err" "gate-partfp.json has a fingerprint without the key fields kernel.release, cpu.model; --force judges anyway"
misuse --baseline "$B" --current "$DATA/gate-partfp.json"
has "$T/err" "gate-partfp.json has a fingerprint without the key fields kernel.release, cpu.model"
misuse --baseline "$B" --baseline "$DATA/gate-emptyfp.json" --current "$B"
has "$T/err" "gate-emptyfp.json: not from the same machine and build as $B (an empty fingerprint); --force pools it anyway"
gate 0 --baseline "$DATA/gate-emptyfp.json" --current "$DATA/gate-emptyfp.json" --force --json "$T/e.json"
has "$T/out" "Judged with --force although a file has no fingerprint or lacks its key fields"
json "$T/e.json" 'd["fingerprint_missing"] == True'
gate 0 --save-baseline --current "$DATA/gate-partfp.json" --baseline "$T/p.json"
has "$T/out" "note: $DATA/gate-partfp.json has a fingerprint without the key fields kernel.release, cpu.model; the gate will refuse it without --force"
gate 0 --save-baseline --current "$DATA/gate-nofp.json" --baseline "$T/p.json"
has "$T/out" "note: $DATA/gate-nofp.json has no fingerprint (context.mmaplab_fingerprint); the gate will refuse it without --force"

# Too few repetitions: 3 and 3 give at best p = 0.05, not below 0.05 / 5.
misuse --baseline "$DATA/gate-fewreps.json" --current "$DATA/gate-fewreps.json"
has "$T/err" "too few repetitions: 3 in the baseline and 3 in the current"
has "$T/err" "at least 5 on each side"
gate 0 --baseline "$DATA/gate-fewreps.json" --current "$DATA/gate-fewreps.json" --alpha 0.26

# Aggregates alone cannot be judged.
misuse --baseline "$B" --current "$DATA/gate-aggregates.json"
has "$T/err" "gate-aggregates.json holds no per-repetition results"

# Malformed, missing and foreign files.
misuse --baseline "$B" --current "$DATA/gate-malformed.json"
has "$T/err" "gate-malformed.json: line"
misuse --baseline "$DATA/gate-malformed.json" --current "$B"
misuse --baseline "$B" --current "$DATA/no-such-file.json"
has "$T/err" "no-such-file.json"
misuse --baseline "$B" --current "$DATA/gate-hyperfine.json"
has "$T/err" "a hyperfine result"

# Bad options and values.
for a in 0 1 nan NaN -1 1e999 1e308 inf 0.05x '' 9223372036854775807 -9223372036854775808; do
  misuse --baseline "$B" --current "$B" --alpha "$a"
  has "$T/err" "--alpha must be a number > 0 and < 1"
done
for e in -0.01 11 nan -inf; do
  misuse --baseline "$B" --current "$B" --min-effect "$e"
done
for c in -0.01 2 nan; do
  misuse --baseline "$B" --current "$B" --count-tolerance "$c"
done
for c in -0.01 1e7 nan; do
  misuse --baseline "$B" --current "$B" --count-floor "$c"
done
for c in -0.01 1.0000001 nan -inf 9223372036854775807 -9223372036854775808 ''; do
  misuse --baseline "$B" --current "$B" --instr-tolerance "$c"
  has "$T/err" "--instr-tolerance must be a number >= 0 and <= 1, not '$c'"
done
for c in 0 1; do
  gate 0 --baseline "$B" --current "$B" --instr-tolerance "$c"
done
# Reals are decimal and whole: no hex, no blanks around them.
for a in 0x0.1 0x1p-4 ' 0.05' '	0.05' '0.05 '; do
  misuse --baseline "$B" --current "$B" --alpha "$a"
  has "$T/err" "--alpha must be a number > 0 and < 1, not '$a'"
done
misuse --baseline "$B" --current "$B" --count-floor 0x10
has "$T/err" "--count-floor must be a number >= 0 and <= 1e+06, not '0x10'"
# Outputs are checked before any file is loaded (the missing current
# would be the first complaint otherwise).
misuse --baseline "$B" --current "$DATA/no-such-file.json" --json "$T/no/such/dir/x.json"
has "$T/err" "mmaplab gate: cannot write $T/no/such/dir/x.json: No such file or directory"
long=$(printf '%0256d' 0)
misuse --baseline "$B" --current "$DATA/no-such-file.json" --markdown "$T/$long.md"
has "$T/err" "File name too long"
gate 2 --save-baseline --current "$DATA/no-such-file.json" --baseline "$T"
has "$T/err" "mmaplab gate: cannot write $T: Is a directory"
misuse --baseline "$B" --current "$B" --metric wall
has "$T/err" "--metric must be real or cpu, not 'wall'"
misuse --baseline "$B" --current "$B" --bogus
has "$T/err" "unknown option '--bogus'"
misuse --baseline "$B" --current "$B" stray
has "$T/err" "unexpected argument 'stray'"
misuse --baseline "$B" --current "$B" --filter '('
has "$T/err" "--filter '(':"
misuse --baseline "$B" --current "$B" --filter '^nothing/'
has "$T/err" "no benchmark matches --filter"
misuse --baseline "$B"
has "$T/err" "--baseline and --current are both needed"
misuse --baseline "$B" --current
has "$T/err" "--current needs a value"
misuse --save-baseline --current "$B" --baseline "$T/b.json"
has "$T/err" "--save-baseline writes only the baseline"
"$DRIVER" gate --baseline "$B" --current "$B" --json "$T/x" --markdown "$T/x" >/dev/null 2>"$T/err"
[ $? -eq 2 ] || fail "same output file twice accepted"
"$DRIVER" gate --baseline "$B" --current "$B" --json "$T/no/such/dir/x.json" --markdown "$T/m.md" >"$T/out" 2>"$T/err"
[ $? -eq 2 ] || fail "unwritable --json accepted"
[ ! -e "$T/m.md" ] || fail "--markdown written although --json could not be"
"$DRIVER" gate --baseline "$B" --current "$B" --junit "$T/no/such/dir/x.xml" --markdown "$T/m.md" --json "$T/j.json" >"$T/out" 2>"$T/err"
[ $? -eq 2 ] || fail "unwritable --junit accepted"
has "$T/err" "mmaplab gate: cannot write $T/no/such/dir/x.xml: No such file or directory"
[ ! -e "$T/m.md" ] && [ ! -e "$T/j.json" ] || fail "outputs written although --junit could not be"
# All or none when the JUnit file fails only as it is written (/dev/full
# passes the checks, then refuses the bytes): the other outputs keep
# their old contents.
echo old >"$T/m.md"
echo old >"$T/j.json"
"$DRIVER" gate --baseline "$B" --current "$DATA/gate-slow15.json" --markdown "$T/m.md" --json "$T/j.json" --junit /dev/full >"$T/out" 2>"$T/err"
[ $? -eq 2 ] || fail "--junit /dev/full accepted"
has "$T/err" "mmaplab gate: cannot write /dev/full: No space left on device"
[ "$(cat "$T/m.md")" = old ] && [ "$(cat "$T/j.json")" = old ] || fail "outputs replaced although --junit could not be written"
if ls -A "$T" | grep -q '^\..*tmp'; then fail "temporaries left: $(ls -A "$T")"; fi
rm -f "$T/m.md" "$T/j.json"
misuse --baseline "$B" --current "$B" --junit ''
has "$T/err" "--markdown, --json and --junit need a file name"
misuse --save-baseline --current "$B" --baseline "$T/b.json" --junit "$T/b.xml"
has "$T/err" "--save-baseline writes only the baseline; --markdown, --json and --junit do not go with it"
misuse --baseline "$B" --current "$B" --junit
has "$T/err" "--junit needs a value"

# An output is never an input, whatever the path says: the same file by
# device and inode ("d//x", "./x", a symbolic or hard link, a pooled file),
# refused before any work, the input untouched.
mkdir "$T/d"
cp "$DATA/gate-rerun.json" "$T/d/cur.json"
ln -s cur.json "$T/d/cur-link.json"
ln "$T/d/cur.json" "$T/d/cur-hard.json"
for o in "--json $T/d//cur.json" "--markdown $T/d/./cur.json" \
  "--json $T/d/cur-link.json" "--markdown $T/d/cur-hard.json"; do
  cp "$DATA/gate-rerun.json" "$T/d/cur.json"
  misuse --baseline "$B" --current "$T/d/cur.json" $o # option and value
  has "$T/err" "is the same file as --current $T/d/cur.json: an output must not replace an input"
done
misuse --baseline "$B" --current "$B" --current "$T/d/cur.json" --json "$T/d//cur.json"
has "$T/err" "--json $T/d//cur.json is the same file as --current $T/d/cur.json"
misuse --baseline "$T/d/cur.json" --current "$B" --markdown "$T/d/cur-link.json"
has "$T/err" "is the same file as --baseline $T/d/cur.json"
# --junit likewise: never an input, never another output.
cp "$DATA/gate-rerun.json" "$T/d/cur.json"
misuse --baseline "$B" --current "$T/d/cur.json" --junit "$T/d/./cur.json"
has "$T/err" "mmaplab gate: --junit $T/d/./cur.json is the same file as --current $T/d/cur.json: an output must not replace an input"
misuse --baseline "$T/d/cur-link.json" --current "$B" --junit "$T/d/cur-hard.json"
has "$T/err" "--junit $T/d/cur-hard.json is the same file as --baseline $T/d/cur-link.json"
misuse --baseline "$B" --current "$B" --junit "$T/new.xml" --markdown "$T//new.xml"
has "$T/err" "--markdown $T//new.xml is the same file as --junit $T/new.xml: one output would replace the other"
echo x >"$T/old.json"
misuse --baseline "$B" --current "$B" --junit "$T/old.json" --json "$T/./old.json"
has "$T/err" "--json $T/./old.json is the same file as --junit $T/old.json"
[ "$(cat "$T/old.json")" = x ] || fail "an output replaced"
(cd "$T/d" && "$DRIVER" gate --baseline "$B" --current cur.json --json ./cur.json >"$T/out" 2>"$T/err")
[ $? -eq 2 ] || fail "--current cur.json --json ./cur.json accepted"
has "$T/err" "--json ./cur.json is the same file as --current cur.json"
gate 2 --save-baseline --current "$T/d/cur.json" --baseline "$T/d//cur-hard.json"
has "$T/err" "--baseline $T/d//cur-hard.json is the same file as --current $T/d/cur.json"
cmp -s "$DATA/gate-rerun.json" "$T/d/cur.json" || fail "an input was replaced"
[ -L "$T/d/cur-link.json" ] || fail "an input link was replaced"
misuse --baseline "$B" --current "$B" --json "$T/new.json" --markdown "$T//new.json"
has "$T/err" "--markdown $T//new.json is the same file as --json $T/new.json: one output would replace the other"
# Both outputs written in place to the same device is no replacement.
gate 0 --baseline "$B" --current "$B" --json /dev/fd/3 --markdown /dev/fd/3 3>"$T/both"
has "$T/both" '"verdict": "pass"'
has "$T/both" "**PASS: 0 regressions"

# Outputs that are not regular files (util/ut_output.h): a symbolic link is
# followed and stays a link; a FIFO and /dev/fd/N are written in place, the
# latter appending; nothing is renamed over them.
echo old >"$T/target.md"
ln -s target.md "$T/link.md"
gate 0 --baseline "$B" --current "$B" --markdown "$T/link.md" --json /dev/fd/3 3>"$T/fd3.json"
[ -L "$T/link.md" ] || fail "--markdown replaced a symbolic link"
has "$T/target.md" "**PASS: 0 regressions"
json "$T/fd3.json" 'd["verdict"] == "pass"'
echo "earlier line" >"$T/log"
gate 0 --baseline "$B" --current "$B" --markdown /dev/fd/4 4>>"$T/log"
has "$T/log" "earlier line"
has "$T/log" "**PASS: 0 regressions"
mkfifo "$T/fifo"
exec 7<>"$T/fifo" # a reader, so that the gate's write does not wait
gate 0 --baseline "$B" --current "$B" --markdown "$T/fifo"
drain_fifo 7 >"$T/fifo.out"
exec 7>&-
[ -p "$T/fifo" ] || fail "--markdown replaced a FIFO"
has "$T/fifo.out" "**PASS: 0 regressions"
ln -s saved-target.json "$T/saved-link.json"
echo old >"$T/saved-target.json"
gate 0 --save-baseline --current "$DATA/gate-rerun.json" --baseline "$T/saved-link.json"
[ -L "$T/saved-link.json" ] || fail "--save-baseline replaced a symbolic link"
cmp -s "$DATA/gate-rerun.json" "$T/saved-target.json" || fail "link target not saved"
misuse --baseline "$B" --current "$B" --json "$T"
has "$T/err" "Is a directory"
if ls -A "$T" | grep -q '^\..*tmp'; then fail "temporaries left: $(ls -A "$T")"; fi

# Temporary names fit NAME_MAX: an output whose name has 255 bytes.
long=$(printf '%0250d' 0)
gate 0 --baseline "$B" --current "$B" --markdown "$T/$long.md" --json "$T/$long.js"
has "$T/$long.md" "**PASS: 0 regressions"
json "$T/$long.js" 'd["verdict"] == "pass"'
gate 0 --save-baseline --current "$DATA/gate-rerun.json" --baseline "$T/$long.sv"
cmp -s "$DATA/gate-rerun.json" "$T/$long.sv" || fail "255-byte baseline name not saved"
rm -f "$T/$long".*
# SIGXFSZ while an output is written (a file size limit of 512 or 1024
# bytes, after dash's or bash's unit): the temporary file is removed.
mkdir "$T/xfsz"
(
  ulimit -f 1
  exec "$DRIVER" gate --baseline "$B" --current "$DATA/gate-slow15.json" --json "$T/xfsz/v.json"
) >/dev/null 2>&1
st=$?
[ "$st" -eq 153 ] || fail "exit status $st with a file size limit, want 153 (SIGXFSZ)"
[ -z "$(ls -A "$T/xfsz")" ] || fail "left after SIGXFSZ: $(ls -A "$T/xfsz")"

# --save-baseline: validates and copies; refuses a malformed current.
gate 0 --save-baseline --current "$DATA/gate-rerun.json" --baseline "$T/saved.json"
cmp -s "$DATA/gate-rerun.json" "$T/saved.json" || fail "saved baseline differs"
has "$T/out" "saved"
gate 0 --save-baseline --current "$DATA/gate-fewreps.json" --baseline "$T/saved.json"
has "$T/out" "3 repetitions cannot give p < 0.05; a gate needs at least 4"
cmp -s "$DATA/gate-fewreps.json" "$T/saved.json" || fail "baseline not replaced"
gate 0 --save-baseline --current "$DATA/gate-error.json" --baseline "$T/saved.json"
has "$T/out" "note: 1 benchmark(s) failed in"
rm -f "$T/saved.json"
gate 2 --save-baseline --current "$DATA/gate-malformed.json" --baseline "$T/saved.json"
[ ! -e "$T/saved.json" ] || fail "malformed current saved"
gate 2 --save-baseline --current "$DATA/gate-hyperfine.json" --baseline "$T/saved.json"
[ ! -e "$T/saved.json" ] || fail "hyperfine current saved"
if ls -A "$T" | grep -q 'tmp'; then fail "temporaries left: $(ls -A "$T")"; fi

echo "gate.cli: ok"

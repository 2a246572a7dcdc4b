#!/usr/bin/env bash
# pages_test.sh DRIVER DATA WORK - mmaplab pages and the report's "Page
# behaviour" section (rp_pages.h) on frozen inputs of two configurations
# (data/pages/, its README says which rows are real and which written by
# hand): the sentences carry the values of each configuration's rows, so
# they differ where the machines differ; a rule without rows says nothing
# but its "not measured" entry; the report links every sentence's rows to
# anchors that exist. No timing is asserted: the values are the frozen
# inputs'.
set -euo pipefail
. "$(dirname "$0")/prelude.sh"
a=$data/pages/config-a.json b=$data/pages/config-b.json
m=$data/pages/default-mismatch.json

# has_line FILE TEXT: FILE holds the line TEXT.
has_line() { grep -qxF -- "$2" "$1" || fail "$1 lacks the line: $2"; }
# lacks FILE TEXT: no line of FILE holds TEXT.
lacks() { ! grep -qF -- "$2" "$1" || fail "$1 holds: $(grep -F -- "$2" "$1")"; }

"$drv" pages "$a" >"$work/a.txt"
"$drv" pages "$b" >"$work/b.txt"
"$drv" pages "$m" >"$work/m.txt"
head -1 "$work/a.txt" | grep -qx '# Page behaviour: vm: Linux 6.18.44-fc-v1300, AMD EPYC x2, THP madvise' ||
  fail "a.txt: title: $(head -1 "$work/a.txt")"
head -1 "$work/b.txt" | grep -q 'THP always$' || fail "b.txt: title: $(head -1 "$work/b.txt")"

# ---- file-read-faults: fault-around in A, large folios in B ------------
has_line "$work/a.txt" '- On ext4, one read fault of a warm file map maps 16 pages (64 KiB): fault-around (64 KiB, 16 pages, by default), no whole large folios.'
has_line "$work/a.txt" '    filemap/file-shared/read/warm/normal/fs:ext4/size:16777216: pages_per_fault 16, faults_per_page 0.0625, ns_per_page 400'
has_line "$work/b.txt" "- On ext4, one read fault of a warm file map maps 128 pages (512 KiB): more than fault-around's 16 pages: the file is cached in large folios, each mapped whole."
has_line "$work/b.txt" '- On tmpfs, one read fault of a warm file map maps 16 pages (64 KiB): fault-around (64 KiB, 16 pages, by default), no whole large folios.'
# the real fault rows: the bench directory on tmpfs (A) and ext4 (B)
has_line "$work/a.txt" '- In the bench directory (tmpfs), one read fault of a file map just written maps 16 pages (64 KiB): fault-around (64 KiB, 16 pages, by default), no whole large folios.'
has_line "$work/a.txt" '    fault/file-shared/read/plain/page:4k/size:16777216: faults_per_page 0.0627, ns_per_page 9784'
has_line "$work/b.txt" "- In the bench directory (ext4), one read fault of a file map just written maps 132 pages (528 KiB): more than fault-around's 16 pages: the file is cached in large folios, each mapped whole."

# ---- first-write and default-page: 4 KiB in A, 2 MiB THP in B -----------
has_line "$work/a.txt" '- A program that asks for no page size (page:default) gets 4 KiB pages on a first write to anonymous private memory: 1.00 faults per 4 KiB page, 16500 ns per page.'
has_line "$work/b.txt" '- A program that asks for no page size (page:default) gets 2 MiB pages on a first write to anonymous private memory: 0.00195 faults per 4 KiB page, 200 ns per page.'
has_line "$work/a.txt" '- A first write to anonymous private memory costs, per 4 KiB page: 16939 ns with 4 KiB pages (1.00 faults per page); 288 ns with 2 MiB THP (0.00195 faults per page, 512 pages (2 MiB) a fault); the cheapest, 2 MiB THP, costs 58.8x less than 4 KiB pages.'
has_line "$work/b.txt" '- A first write to anonymous private memory costs, per 4 KiB page: 12713 ns with 4 KiB pages (1.00 faults per page); 3500 ns with 16 KiB mTHP (0.25 faults per page, 4 pages (16 KiB) a fault); 1100 ns with 64 KiB mTHP (0.0625 faults per page, 16 pages (64 KiB) a fault); 191 ns with 2 MiB THP (0.00195 faults per page, 512 pages (2 MiB) a fault); the cheapest, 2 MiB THP, costs 66.7x less than 4 KiB pages.'
lacks "$work/a.txt" 'mTHP'

# ---- populate: the same rule, each run's own numbers --------------------
has_line "$work/a.txt" '- A first write to anonymous private memory in 4 KiB pages: without preparation 16943 ns per page (mmap 4.10 + touch 16939); after MAP_POPULATE 11217 ns per page (mmap 1502 + touch 9715), 34% less; after MADV_POPULATE_WRITE 13608 ns per page (mmap and madvise 1564 + touch 12044), 20% less.'
has_line "$work/b.txt" '- A first write to a shared file map in 4 KiB pages: without preparation 3864 ns per page (mmap 4.01 + touch 3860); after MAP_POPULATE 16703 ns per page (mmap 67.6 + touch 16636), 332% more; after MADV_POPULATE_WRITE 6097 ns per page (mmap and madvise 168 + touch 5930), 58% more.'

# ---- cold-read and readahead ------------------------------------------
has_line "$work/a.txt" '- On ext4, a cold read of a file map costs 9000 ns per page against 400 warm (22.5x), with 0.0312 major faults per page (one per 32 pages).'
has_line "$work/b.txt" '- On ext4, a cold read of a file map costs 2500 ns per page against 300 warm (8.33x), with 0.00391 major faults per page (one per 256 pages).'
has_line "$work/a.txt" '- Readahead on ext4, cold reads: MADV_SEQUENTIAL 0.00781 major faults per page (one per 128 pages), 16 pages made resident per fault; MADV_NORMAL 0.0312 major faults per page (one per 32 pages), 16 pages made resident per fault; MADV_RANDOM 1.00 major faults per page, 1.00 pages made resident per fault (MADV_RANDOM: no readahead).'
has_line "$work/b.txt" '- Readahead on ext4, cold reads: MADV_SEQUENTIAL 0.00195 major faults per page (one per 512 pages), 128 pages made resident per fault; MADV_NORMAL 0.00391 major faults per page (one per 256 pages), 128 pages made resident per fault; MADV_RANDOM 1.00 major faults per page, 1.00 pages made resident per fault (MADV_RANDOM: no readahead).'
# readahead takes the size with the most advices: B plus a larger warm
# read and cold reads at 64 MiB without MADV_RANDOM (as filemap's full
# grid has) still says B's 16 MiB sentence, MADV_RANDOM included
python3 - "$b" "$work/b64.json" <<'PY' || fail "making b64.json"
import copy, json, sys
d = json.load(open(sys.argv[1]))
extra = []
for r in d["benchmarks"]:
    n = r["name"]
    if "fs:ext4/size:16777216" in n and n.startswith("filemap/file-shared/read/") \
            and ("/warm/normal/" in n or "/cold/normal/" in n or "/cold/sequential/" in n):
        c = copy.deepcopy(r)
        for k in ("name", "run_name"):
            if k in c:
                c[k] = c[k].replace("size:16777216", "size:67108864")
        extra.append(c)
d["benchmarks"] += extra
json.dump(d, open(sys.argv[2], "w"))
PY
"$drv" pages "$work/b64.json" >"$work/b64.txt"
has_line "$work/b64.txt" "$(grep '^- Readahead on ext4' "$work/b.txt")"
# tmpfs has a warm row but its cold twin is an error entry: no cold sentence
lacks "$work/b.txt" 'On tmpfs, a cold read'

# ---- anomalies -----------------------------------------------------------
# lazy-backing, from the real rows of both runs: every populated 4 KiB touch
# far above THP's populated touch (each run's own range and reference)
has_line "$work/a.txt" '- Anomaly: After MAP_POPULATE or MADV_POPULATE_WRITE, a touch that takes no fault still costs 2667 to 12044 ns per page (16 rows), 142x to 641x the cheapest touch without faults measured (18.8 ns per page, fault/anon-private/write/populate-write/page:thp/size:16777216): the pages are mapped but not backed yet, as when a hypervisor backs guest memory lazily.'
has_line "$work/b.txt" '- Anomaly: After MAP_POPULATE or MADV_POPULATE_WRITE, a touch that takes no fault still costs 1176 to 8126 ns per page (15 rows), 57.0x to 394x the cheapest touch without faults measured (20.6 ns per page, fault/anon-private/write/populate-write/page:thp/size:16777216): the pages are mapped but not backed yet, as when a hypervisor backs guest memory lazily.'
# the reference row first, then RP_PAGES_ROWS_SHOWN - 1 flagged ones, then a count
grep -A10 '^- Anomaly: After MAP_POPULATE' "$work/a.txt" >"$work/a-lazy.txt"
[ "$(sed -n 2p "$work/a-lazy.txt")" = '    fault/anon-private/write/populate-write/page:thp/size:16777216: ns_per_page 18.8, faults_per_page 0' ] ||
  fail "a.txt: lazy-backing's first row: $(sed -n 2p "$work/a-lazy.txt")"
[ "$(sed -n 10p "$work/a-lazy.txt")" = '    and 9 more rows (--json lists them)' ] ||
  fail "a.txt: lazy-backing's rows: $(cat "$work/a-lazy.txt")"
# not-obtained: a page size in A, a cache state in B, each with its rows
has_line "$work/a.txt" '- Anomaly: Asked for and not obtained, in 2 rows: page mode mthp64k.'
has_line "$work/a.txt" '    fault/anon-private/write/populate-write/page:mthp64k/size:16777216: error: page mode mthp64k not obtained: hugepages-64kB/enabled is [never] and this run is not root'
has_line "$work/b.txt" '- Not measurable here, in 1 row: cold cache on tmpfs: its pages cannot be evicted.'
lacks "$work/a.txt" 'cold cache on tmpfs'
lacks "$work/b.txt" 'page mode mthp64k'
# default-vs-setting: B's page:default got what THP always gives; the
# mismatch file's did not
lacks "$work/a.txt" 'page:default got'
lacks "$work/b.txt" 'page:default got'
has_line "$work/m.txt" '- Anomaly: page:default got 4 KiB per fault (1.00 faults per page) where the THP settings in the fingerprint (thp.enabled always, hugepages-2048kB inherit) give an unadvised first write 2 MiB pages.'
# rules without rows: named once, no sentence
has_line "$work/m.txt" '- Not measured: file-read-faults (no filemap/.../read/warm/normal or fault/file-shared/read/plain/page:4k rows); populate (no .../write/populate or .../write/populate-write fault rows beside plain ones); lazy-backing (no fault rows after populate or populate-write without faults); cold-read (no filemap/.../read/cold/normal rows beside warm ones); readahead (no filemap/.../read/cold/sequential or .../random rows).'
lacks "$work/a.txt" 'Not measured'
"$drv" pages "$data/machine-a/vm-cpython.json" >"$work/none.txt"
[ "$(grep -c '^- ' "$work/none.txt")" = 1 ] || fail "rows absent, yet sentences: $(cat "$work/none.txt")"
grep -q '^- Not measured: file-read-faults .*; first-write (no fault/anon-private/write/plain rows); default-page ' "$work/none.txt" ||
  fail "none.txt: $(cat "$work/none.txt")"
echo "pages, text: ok"

# ---- --json: the same sentences with their rows' values -----------------
"$drv" pages --json "$a" >"$work/a.json"
"$drv" pages --json "$b" >"$work/b.json"
python3 - "$work/a.json" "$work/b.json" "$a" <<'EOF'
import json, sys
a, b = (json.load(open(p)) for p in sys.argv[1:3])
def first(doc, rule, text):
    for s in doc["sentences"]:
        if s["rule"] == rule and text in s["text"]:
            return s
    sys.exit("FAIL: no %s sentence with %r" % (rule, text))
for doc, ppf in ((a, 16), (b, 128)):
    s = first(doc, "file-read-faults", "On ext4")
    assert s["anomaly"] is False
    row = s["rows"][0]
    assert row["name"] == "filemap/file-shared/read/warm/normal/fs:ext4/size:16777216", row
    assert row["values"]["pages_per_fault"] == ppf, row
    assert "%d pages" % ppf in s["text"], s["text"]
s = first(a, "not-obtained", "mthp64k")
assert s["anomaly"] is True and len(s["rows"]) == 2, s
assert s["rows"][0]["error"].startswith("page mode mthp64k not obtained: "), s
assert s["rows"][0]["values"] == {}, s
assert a["inputs"] == [sys.argv[3]], a["inputs"]
assert a["machine"].startswith("vm: Linux 6.18.44"), a["machine"]
assert a["not_measured"] == [] and b["not_measured"] == [], (a["not_measured"], b["not_measured"])
assert [s["rule"] for s in a["sentences"]][-2:] == ["lazy-backing", "not-obtained"]
s = first(a, "lazy-backing", "16 rows")
assert len(s["rows"]) == 17 and s["rows"][0]["values"]["ns_per_page"] < 20, s["rows"][0]
print("pages, json: ok")
EOF

# ---- the report: the same sentences, linked to anchored rows -------------
need_gnuplot
"$drv" report --out "$work/rb" "$b" >/dev/null
s=$work/rb/summary.md h=$work/rb/index.html
[ "$(grep -n '^## ' "$s" | sed -n 2p)" = "$(grep -n '^## Page behaviour$' "$s")" ] ||
  fail "summary.md: Page behaviour is not the second section"
grep -qx '<section id="pages">' "$h" || fail "index.html: no section pages"
r=r-filemap-file-shared-read-warm-normal-fs-ext4-size-16777216
has_line "$s" "- On ext4, one read fault of a warm file map maps 128 pages (512 KiB): more than fault-around's 16 pages: the file is cached in large folios, each mapped whole. From [filemap/file-shared/read/warm/normal/fs:ext4/size:16777216](#$r): pages_per_fault 128, faults_per_page 0.00781, ns_per_page 300."
# the filemap table: its counters, the row anchored as the link says
has_line "$s" "| <a id=\"$r\"></a>file-shared/read/warm/normal/fs:ext4/size:16777216 | 300 | 0.00781 | 0 | 128 | 0 | 1.00 |"
e=e-filemap-file-shared-read-cold-normal-fs-tmpfs-size-16777216
has_line "$s" "- Not measurable here, in 1 row: cold cache on tmpfs: its pages cannot be evicted. From [filemap/file-shared/read/cold/normal/fs:tmpfs/size:16777216](#$e): error: unavailable: cold cache on tmpfs: its pages cannot be evicted (not evictable)."
n=0
for id in $(sed -n '/^## Page behaviour/,/^## /p' "$s" | grep -o '](#[^)]*)' |
  sed 's/^](#//; s/)$//' | sort -u); do
  grep -qF "<a id=\"$id\"></a>" "$s" || fail "summary.md: no anchor $id"
  grep -qF " id=\"$id\"" "$h" || fail "index.html: no element $id"
  n=$((n + 1))
done
[ $n -ge 20 ] || fail "only $n rows linked from the Page behaviour section"
grep -q '^- \*\*Anomaly\*\*: After MAP_POPULATE .*; and \[8 more\](#t-fault)\.$' "$s" ||
  fail "summary.md: lazy-backing's rows past 8 not counted"
grep -q '<h2 id="t-fault">' "$h" || fail "index.html: no t-fault"
"$drv" report --out "$work/rn" "$data/machine-a/vm-cpython.json" >/dev/null
grep -q '^- \*\*Not measured\*\*: file-read-faults ' "$work/rn/summary.md" ||
  fail "rn: no Not measured line"
echo "pages, report: ok"

# ---- misuse and errors: one line, exit 2 ------------------------------
check_help pages
# expect_misuse TEXT ARGS...: exit 2, stderr exactly TEXT, stdout empty.
expect_misuse() {
  local want=$1 rc=0
  shift
  "$drv" pages "$@" >"$work/out" 2>"$work/err" || rc=$?
  [ $rc = 2 ] || fail "pages $*: exit $rc, not 2"
  [ "$(cat "$work/err")" = "mmaplab pages: $want" ] || fail "pages $*: stderr: $(cat "$work/err")"
  [ ! -s "$work/out" ] || fail "pages $*: stdout: $(cat "$work/out")"
}
expect_misuse "unknown option '--bogus' (see --help)" --bogus "$a"
expect_misuse "unknown option '--jso' (see --help)" --jso "$a"
expect_misuse "--full runs the benchmarks: not with RESULT files" --full "$a"
expect_misuse "--bench-arg runs the benchmarks: not with RESULT files" --bench-arg=--x "$a"
expect_misuse "--bench-arg needs a value" "$a" --bench-arg
expect_misuse "--bench-arg needs a non-empty value" --bench-arg= 
expect_misuse "$work/missing.json: No such file or directory" "$work/missing.json"
expect_misuse "no benchmark results among the inputs (mmaplab-bench output)" \
  "$data/conform/conform-core.json"
"$drv" pages --version >"$work/v"
grep -qx 'mmaplab pages [0-9.]*' "$work/v" || fail "--version: $(cat "$work/v")"
# a directory stands for its *.json files (the README beside them is not one)
"$drv" pages "$data/pages" >"$work/dir.txt"
grep -qx -- '- Anomaly: page:default got 4 KiB per fault .*' "$work/dir.txt" && fail "dir: the first file (config-a) must win page:default"
has_line "$work/dir.txt" '- On ext4, one read fault of a warm file map maps 16 pages (64 KiB): fault-around (64 KiB, 16 pages, by default), no whole large folios.'

# ---- without RESULT: mmaplab-bench --pages runs first --------------------
# The driver copied beside a layout file (util/ut_layout.h) whose
# mmaplab-bench is a stand-in: it checks its arguments, writes progress
# lines and a frozen result where --benchmark_out says, and exits with
# $FAKE_EXIT; so the run path is tested without running benchmarks.
f=$work/fake
mkdir -p "$f"
cp "$drv" "$f/driver"
layout=$(dirname "$drv")/../mmaplab-layout
[ -f "$layout" ] || fail "no build layout at $layout"
sed "s#^mmaplab-bench .*#mmaplab-bench $f/fake-bench#" "$layout" >"$f/mmaplab-layout"
cat >"$f/fake-bench" <<EOF2
#!/usr/bin/env bash
echo "\$*" >"$f/args"
out=
for x in "\$@"; do case \$x in --benchmark_out=*) out=\${x#*=} ;; esac; done
echo "1 2 one" >&3
echo "2 2 two" >&3
echo "a line on stdout"
echo "the bench's own words" >&2
[ -n "\${FAKE_SLEEP:-}" ] && sleep "\$FAKE_SLEEP"
cp "$b" "\$out"
exit "\${FAKE_EXIT:-0}"
EOF2
chmod +x "$f/fake-bench"
"$f/driver" pages >"$work/run.txt" 2>"$work/run.err"
grep -qx -- "--pages --quick --quiet --progress-fd=3 --benchmark_out=.*/pages.json --benchmark_out_format=json" "$f/args" ||
  fail "mmaplab-bench got: $(cat "$f/args")"
cmp <(tail -n +2 "$work/run.txt") <(tail -n +2 "$work/b.txt") || fail "the run's profile is not config-b's"
grep -q '^mmaplab pages: mmaplab-bench --pages: 2/2 runs' "$work/run.err" || fail "progress: $(cat "$work/run.err")"
! grep -q "own words\|a line on stdout" "$work/run.err" "$work/run.txt" || fail "the bench's output leaked"
tmpd=$(sed 's#.*--benchmark_out=##; s#/pages.json.*##' "$f/args")
[ ! -e "$tmpd" ] || fail "$tmpd left behind"
"$f/driver" pages --full --json --bench-arg=--filesystems=ext4 --bench-arg=-x >"$work/run.json" 2>/dev/null
grep -qx -- "--pages --full --quiet --progress-fd=3 --benchmark_out=.*/pages.json --benchmark_out_format=json --filesystems=ext4 -x" "$f/args" ||
  fail "mmaplab-bench got: $(cat "$f/args")"
grep -qF '"mmaplab-bench --pages --full"' "$work/run.json" || fail "run.json: inputs"
# a wrong result (1): printed, exit 1; a failure (2): its last line, exit 2
rc=0
FAKE_EXIT=1 "$f/driver" pages >"$work/run1.txt" 2>/dev/null || rc=$?
[ $rc = 1 ] && grep -q '^- On ext4' "$work/run1.txt" || fail "exit 1 of the bench: $rc"
rc=0
FAKE_EXIT=2 "$f/driver" pages >"$work/run2.txt" 2>"$work/run2.err" || rc=$?
[ $rc = 2 ] && [ ! -s "$work/run2.txt" ] || fail "exit 2 of the bench: $rc"
[ "$(tail -1 "$work/run2.err")" = "mmaplab pages: mmaplab-bench --pages failed (exit 2): the bench's own words" ] ||
  fail "run2.err: $(cat "$work/run2.err")"
# SIGTERM while the bench runs: both end, the temporary directory goes
rm -f "$f/args"
FAKE_SLEEP=30 "$f/driver" pages >/dev/null 2>&1 &
pid=$!
for _ in $(seq 100); do [ -s "$f/args" ] && break; sleep 0.1; done
tmpd=$(sed 's#.*--benchmark_out=##; s#/pages.json.*##' "$f/args")
[ -d "$tmpd" ] || fail "no temporary directory while running"
kill -TERM $pid
rc=0
wait $pid || rc=$?
[ $rc = 143 ] || fail "SIGTERM: exit $rc"
[ ! -e "$tmpd" ] || fail "$tmpd left after SIGTERM"
echo "pages, run: ok"
echo "pages: ok"

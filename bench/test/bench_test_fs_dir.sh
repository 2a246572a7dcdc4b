#!/bin/sh
# bench_test_fs_dir.sh PROGRAM - --fs-dir=NAME=DIR: the per-filesystem rows
# of find, rfind and granularity appear under fs:NAME for each directory
# given (and none for the bench directory), they run on a file in DIR, and
# the context's mmaplab_filesystems records each (type, options, device,
# block size, made false). Misuse of --filesystems and --fs-dir: one line
# on stderr, exit 2, before any work. No root needed (--filesystems as
# another user is checked when the test runs as root).
set -u
. "$(dirname "$0")/prelude.sh"
make_test_dir bench-fs-dir
dir=$test_dir
mkdir "$dir/a" "$dir/b" "$dir/bench"
: >"$dir/file"

# Misuse: one line, exit 2, nothing made.
misuse() {
  want=$1
  shift
  "$prog" --keep-aslr --bench-dir="$dir/bench" "$@" \
    --benchmark_list_tests=true >"$dir/out" 2>"$dir/err"
  rc=$?
  [ "$rc" = 2 ] || fail "$*: exit $rc, not 2 ($(head -2 "$dir/err"))"
  [ "$(wc -l <"$dir/err")" = 1 ] || fail "$*: not one line: $(cat "$dir/err")"
  grep -q -- "$want" "$dir/err" || fail "$*: said $(cat "$dir/err")"
  [ ! -s "$dir/out" ] || fail "$*: wrote on stdout"
  [ -z "$(ls -A "$dir/bench")" ] || fail "$*: left files in the bench dir"
}
misuse "unknown filesystem 'ext3'" --filesystems=ext4,ext3
misuse "empty name" --filesystems=
misuse "empty name" --filesystems=ext4,
misuse "'ext4' named twice" --filesystems=ext4,xfs,ext4
misuse "'all' named twice" --filesystems=all,all
misuse "give --filesystems once" --filesystems=ext4 --filesystems=xfs
misuse "expected --fs-dir=NAME=DIR" --fs-dir="$dir/a"
misuse "expected --fs-dir=NAME=DIR" --fs-dir="a/b=$dir/a"
misuse "expected --fs-dir=NAME=DIR" --fs-dir="all=$dir/a"
misuse "empty directory" --fs-dir=x=
misuse "taken by an earlier --fs-dir" --fs-dir="x=$dir/a" --fs-dir="x=$dir/b"
misuse "the name ext4 is taken by --filesystems" --filesystems=ext4 \
  --fs-dir="ext4=$dir/a"
misuse "the name xfs is taken by --filesystems" --filesystems=all \
  --fs-dir="xfs=$dir/a"
misuse "No such file or directory" --fs-dir="x=$dir/none"
misuse "Not a directory" --fs-dir="x=$dir/file"
if [ "$(id -u)" = 0 ] && command -v setpriv >/dev/null; then
  # as nobody, who cannot mount (the bench dir must be writable for it)
  chmod 711 "$dir"
  chmod 777 "$dir/bench"
  setpriv --reuid=65534 --regid=65534 --clear-groups "$prog" --keep-aslr \
    --bench-dir="$dir/bench" --filesystems=tmpfs \
    --benchmark_list_tests=true >"$dir/out" 2>"$dir/err"
  rc=$?
  [ "$rc" = 2 ] && [ "$(wc -l <"$dir/err")" = 1 ] &&
    grep -q "needs root" "$dir/err" ||
    fail "--filesystems as nobody: exit $rc, $(cat "$dir/err")"
elif [ "$(id -u)" != 0 ]; then
  misuse "needs root" --filesystems=tmpfs
else
  echo "skipped --filesystems as another user: no setpriv"
fi

# The rows: the quick grid's per-filesystem rows under each name, none
# under the bench directory's type.
"$prog" --keep-aslr --quick --bench-dir="$dir/bench" --fs-dir="mine=$dir/a" \
  --fs-dir="other.2=$dir/b" --benchmark_filter='/fs:' \
  --benchmark_list_tests=true >"$dir/list" 2>"$dir/err" ||
  fail "listing: exit $? ($(tail -1 "$dir/err"))"
for fs in mine other.2; do
  has_row "$dir/list" "find/core/random/miss/fs:$fs/hay:1048576/needle:16"
  has_row "$dir/list" "rfind/core/random/miss/fs:$fs/hay:1048576/needle:16"
  has_row "$dir/list" \
    "granularity/core/scan/fs:$fs/align:4096/window:2097152/file:67108864"
  has_row "$dir/list" \
    "granularity/core/scan/fs:$fs/align:2097152/window:2097152/file:67108864"
  has_row "$dir/list" \
    "granularity/pread/scan/fs:$fs/window:2097152/file:67108864"
  for cache in warm cold; do
    for advice in normal sequential random; do
      has_row "$dir/list" \
        "filemap/file-shared/read/$cache/$advice/fs:$fs/size:16777216/iterations:1/manual_time"
    done
  done
done
[ "$(wc -l <"$dir/list")" = 22 ] ||
  fail "not 22 rows, 11 per --fs-dir: $(cat "$dir/list")"

# A real run of one directory's rows: each runs (no error entry) and the
# context records the directory's filesystem.
"$prog" --keep-aslr --quick --bench-dir="$dir/bench" --fs-dir="mine=$dir/a" \
  --benchmark_filter='/fs:mine/' --benchmark_min_time=0.001 \
  --benchmark_repetitions=1 --benchmark_out="$dir/out.json" \
  >/dev/null 2>"$dir/err" || fail "run: exit $? ($(tail -1 "$dir/err"))"
python3 - "$dir/out.json" "$dir/a" <<'EOF' || fail "the result file: see above"
import json, os, sys
d = json.load(open(sys.argv[1]))
rows = [b for b in d["benchmarks"] if b.get("run_type") == "iteration"]
names = sorted({b["run_name"] for b in rows})
assert len(names) == 11 and all("/fs:mine/" in n for n in names), names
errors = [(b["name"], b.get("error_message")) for b in rows
          if b.get("error_occurred")]
assert not errors, errors
fss = json.loads(d["context"]["mmaplab_filesystems"])
assert [f["name"] for f in fss] == ["mine"], fss
f = fss[0]
st = os.statvfs(sys.argv[2])
assert f["dir"] == sys.argv[2] and f["made"] is False, f
assert f["type"] and f["options"] and f["device"] and f["mount_point"], f
assert f["block_size"] == st.f_bsize, (f, st.f_bsize)
assert f["image_size"] == 0 and f.get("mkfs") is None, f
assert json.loads(d["context"]["mmaplab_filesystems_unavailable"]) == {}
EOF
# the test file was unlinked at once: nothing is left in the directory
[ -z "$(ls -A "$dir/a" "$dir/bench" | grep -v -e '^$' -e ':$')" ] ||
  fail "files left: $(ls -A "$dir/a" "$dir/bench")"

echo "bench.fs_dir: ok"

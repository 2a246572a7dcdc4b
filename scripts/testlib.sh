# testlib.sh - the helpers of every shell test; POSIX sh, for the tests run
# by sh (dash) and by bash alike. A test sources it by its own path:
#   . "$(dirname "$0")/../../scripts/testlib.sh"
# A test stops at its first failed check, as the C tests (util/test.h) do.

# fail TEXT...: the test failed; says why on stderr and exits 1 (an EXIT
# trap, such as make_test_dir's, still cleans up).
fail() {
  echo "FAIL: $*" >&2
  exit 1
}

# has_row FILE LINE: FILE holds LINE as a whole line, or the test fails.
has_row() { grep -qxF -- "$2" "$1" || fail "$1 lacks the row: $2"; }

# fresh_dir DIR...: each DIR made anew, empty (a work directory that ctest
# names and a previous run may have left full).
fresh_dir() {
  rm -rf "$@" && mkdir -p "$@" || exit 2
}

# make_test_dir NAME: sets test_dir to a new directory
# ${TMPDIR:-/tmp}/mmaplab-NAME-XXXXXX, removed at exit (a test that needs
# more cleanup sets its own EXIT trap, which removes it too).
make_test_dir() {
  test_dir=$(mktemp -d "${TMPDIR:-/tmp}/mmaplab-$1-XXXXXX") || exit 2
  trap 'rm -rf "$test_dir"' EXIT
}

# drain_fifo FD: writes on stdout what the FIFO open read-write on FD
# holds now, without waiting for more (the test holds the FIFO open, so
# that a writer never blocks; read non-blocking, it never sees an end).
drain_fifo() {
  python3 -c 'import os, sys
fd = int(sys.argv[1])
os.set_blocking(fd, False)
while True:
    try:
        chunk = os.read(fd, 1 << 16)
    except BlockingIOError:
        break
    if not chunk:
        break
    sys.stdout.buffer.write(chunk)' "$1"
}

# deep_path DIR [LEN]: a path below DIR of LEN bytes (default 4,000: within
# PATH_MAX, but the files below it would not be), made of 200-byte names.
# (A subshell body: its variables stay its own.)
deep_path() (
  p=$1 len=${2:-4000}
  part=$(printf 'd%.0s' $(seq 200))
  while [ $((${#p} + 201)) -le $((len - 10)) ]; do p=$p/$part; done
  p=$p/$(printf 'e%.0s' $(seq $((len - ${#p} - 1))))
  echo "$p"
)

# testlib.sh - helpers for the tests written in bash (cli/test,
# reports/test); source it: . "$root/scripts/testlib.sh".

# fail TEXT...: the test failed; says why on stderr and exits 1.
fail() { echo "FAIL: $*" >&2; exit 1; }

# deep_path DIR [LEN]: a path below DIR of LEN bytes (default 4,000: within
# PATH_MAX, but the files below it would not be), made of 200-byte names.
deep_path() {
  local p=$1 len=${2:-4000} part
  part=$(printf 'd%.0s' $(seq 200))
  while [ $((${#p} + 201)) -le $((len - 10)) ]; do p+=/$part; done
  p+=/$(printf 'e%.0s' $(seq $((len - ${#p} - 1))))
  echo "$p"
}

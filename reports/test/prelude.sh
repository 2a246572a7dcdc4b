# prelude.sh - sourced by report_test.sh and compare_test.sh (arguments
# DRIVER DATA WORK): skips without gnuplot, starts from an empty WORK,
# defines fail, has_row and check_help.
drv=$1 data=$2 work=$3
command -v gnuplot >/dev/null ||
  { echo "SKIP: gnuplot is not installed (scripts/install-deps installs gnuplot-nox)"; exit 77; }
rm -rf "$work" && mkdir -p "$work"
fail() { echo "FAIL: $*" >&2; exit 1; }
has_row() { grep -qxF -- "$2" "$1" || fail "$1 lacks the row: $2"; }
# check_help CMD: --help prints the usage on stdout and exits 0.
check_help() {
  "$drv" "$1" --help >"$work/help"
  head -1 "$work/help" | grep -q "^usage: mmaplab $1 " || fail "--help"
}

# prelude.sh - sourced by the reports' shell tests (arguments DRIVER DATA
# WORK): scripts/testlib.sh, an empty WORK, need_gnuplot and check_help.
drv=$1 data=$2 work=$3
. "$(dirname "$0")/../../scripts/testlib.sh"
fresh_dir "$work"
# need_gnuplot: skips the test (exit 77) when gnuplot is not installed.
need_gnuplot() {
  command -v gnuplot >/dev/null ||
    { echo "SKIP: gnuplot is not installed (scripts/install-deps installs gnuplot-nox)"; exit 77; }
}
# check_help CMD: --help prints the usage on stdout and exits 0.
check_help() {
  "$drv" "$1" --help >"$work/help"
  head -1 "$work/help" | grep -q "^usage: mmaplab $1 " || fail "--help"
}

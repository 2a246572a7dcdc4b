#!/bin/sh
# bench_test_peers_skip.sh SOURCE_DIR C_COMPILER - a build that cannot have
# a comparator engine says why instead of failing: bench/peers configured
# alone (cmake -S bench/peers, which builds just peers_context, the
# text the bench records as its mmaplab_search_peers context) with
#   MMAPLAB_NPM_DIR and MMAPLAB_CARGO pointing nowhere: both skipped, each
#     with its reason;
#   a registry whose memchr crate is broken: cargo fails, rust-memchr is
#     skipped with cargo's error.
set -u
src=$1 cc=$2
. "$src/scripts/testlib.sh"
command -v cmake >/dev/null || { echo "SKIP: no cmake" >&2; exit 77; }
make_test_dir bench-peers-skip
dir=$test_dir

# configure_and_print NAME CMAKE_ARGS...: configures bench/peers alone in
# $dir/NAME, builds peers_context and writes its text to $dir/NAME.txt.
configure_and_print() {
  b=$dir/$1
  shift
  cmake -S "$src/bench/peers" -B "$b" -DCMAKE_C_COMPILER="$cc" "$@" \
    >"$b.log" 2>&1 || fail "configure $b: $(tail -3 "$b.log")"
  cmake --build "$b" --target peers_context >>"$b.log" 2>&1 ||
    fail "build $b: $(tail -3 "$b.log")"
  "$b/peers_context" >"$b.txt" || fail "$b: peers_context: exit $?"
}

# has TEXT_FILE STRING: the text holds STRING, or the test fails.
has() { grep -qF -- "$2" "$1" || fail "$1 lacks: $2 (it holds: $(cat "$1"))"; }

configure_and_print none -DMMAPLAB_NPM_DIR=/nonexistent \
  -DMMAPLAB_CARGO=/nonexistent/cargo
has "$dir/none.txt" '"stringzilla":{"built":false,"reason":"stringzilla: not built: headers not found under /nonexistent/node_modules/stringzilla'
has "$dir/none.txt" '"rust-memchr":{"built":false,"reason":"rust-memchr: not built: cargo not found at /nonexistent/cargo'
has "$dir/none.txt" '"ceiling":{"built":true'
grep -q 'stringzilla: not built: headers not found' "$dir/none.log" ||
  fail "configure did not say that StringZilla is skipped"

# A crate directory without cargo's checksum file: cargo refuses it.
if [ -x /usr/bin/cargo ] && [ -x /usr/bin/rustc ]; then
  mkdir -p "$dir/registry/memchr-2.99.0/src"
  printf '[package]\nname = "memchr"\nversion = "2.99.0"\n' \
    >"$dir/registry/memchr-2.99.0/Cargo.toml"
  configure_and_print broken -DMMAPLAB_NPM_DIR=/nonexistent \
    -DMMAPLAB_CARGO_REGISTRY="$dir/registry"
  has "$dir/broken.txt" '"rust-memchr":{"built":false,"reason":"rust-memchr: not built: cargo failed ('
else
  echo "no /usr/bin/cargo: the failing-cargo case left out"
fi
echo "bench_test_peers_skip: ok"

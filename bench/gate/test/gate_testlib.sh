# gate_testlib.sh - what the gate's shell tests share (sourced after
# scripts/testlib.sh, with DRIVER and T set).

# gate WANT ARGS...: runs the gate, output in $T/out and $T/err; checks the
# exit status, and that stderr is empty unless WANT is 2 or GATE_STDERR is
# set (the interleaved mode reports its looks there).
gate() {
  want=$1
  shift
  "$DRIVER" gate "$@" >"$T/out" 2>"$T/err"
  got=$?
  [ "$got" -eq "$want" ] || fail "gate $*: exit $got, want $want; stderr: $(cat "$T/err")"
  [ "$want" -eq 2 ] || [ -n "${GATE_STDERR:-}" ] || [ ! -s "$T/err" ] ||
    fail "gate $*: stderr: $(cat "$T/err")"
}

# has FILE TEXT: FILE contains the fixed string TEXT.
has() {
  grep -qF -- "$2" "$1" || fail "$1 lacks '$2': $(head -c 600 "$1")"
}

# misuse ARGS...: exit 2, exactly one line "mmaplab gate: ..." on stderr,
# nothing on stdout, no output file and no temporary left.
misuse() {
  rm -f "$T"/o.*
  gate 2 --json "$T/o.json" --markdown "$T/o.md" "$@"
  [ "$(wc -l <"$T/err")" -eq 1 ] || fail "gate $*: stderr is not one line: $(cat "$T/err")"
  grep -q '^mmaplab gate: ' "$T/err" || fail "gate $*: stderr: $(cat "$T/err")"
  [ ! -s "$T/out" ] || fail "gate $*: wrote to stdout"
  if ls "$T"/o.* >/dev/null 2>&1; then fail "gate $*: left $(ls "$T"/o.*)"; fi
}

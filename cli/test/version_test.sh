#!/bin/bash
# version_test.sh VERSION PROGRAM...: every program of the build (CMake
# passes them all: cli/CMakeLists.txt, _mmaplab_programs) and every command
# its --help lists under "Subcommands:" or "commands:" answer --version
# with one line "NAME VERSION" on stdout, nothing on stderr, status 0 (NAME
# the program's name, then the command's: "mmaplab run", or
# "mmaplab-conform" where `mmaplab conform` hands over to it); --version
# into /dev/full is status 2 with one line on stderr; --help is status 0.
set -uo pipefail
version=$1
shift
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
failures=0 checked=0
fail() {
  echo "cli.version: FAIL: $*"
  failures=$((failures + 1))
}

# check_version WANT PROGRAM [WORD...]: WANT is an extended regex of the name.
check_version() {
  local want=$1 status=0 shown
  shift
  "$@" --version </dev/null >"$work/out" 2>"$work/err" || status=$?
  shown="$(basename "$1") ${*:2} --version"
  [ "$status" -eq 0 ] || fail "$shown: status $status ($(cat "$work/err"))"
  [ ! -s "$work/err" ] || fail "$shown: stderr: $(cat "$work/err")"
  [ "$(wc -l <"$work/out")" -eq 1 ] || fail "$shown: not one line: $(cat "$work/out")"
  grep -qxE "($want) ${version//./\\.}" "$work/out" ||
    fail "$shown: '$(cat "$work/out")', want '$want $version'"
  status=0
  "$@" --version </dev/null >/dev/full 2>"$work/err" || status=$?
  [ "$status" -eq 2 ] || fail "$shown >/dev/full: status $status, want 2"
  [ "$(wc -l <"$work/err")" -eq 1 ] || fail "$shown >/dev/full: stderr: $(cat "$work/err")"
  status=0
  "$@" --help </dev/null >"$work/out" 2>"$work/err" || status=$?
  [ "$status" -eq 0 ] || fail "$(basename "$1") ${*:2} --help: status $status"
  grep -q -- --version "$work/out" || fail "$(basename "$1") ${*:2} --help: no --version in it"
  checked=$((checked + 1))
}

# The commands a --help text lists: first words of the paragraph after a
# line "Subcommands:" or "commands:".
commands_of() {
  "$@" --help </dev/null 2>/dev/null |
    awk '/^(Subc|c)ommands:$/ { on = 1; next } on && /^$/ { exit } on { print $1 }'
}

[ $# -ge 2 ] || fail "only $# programs from the build: $*"
for program in "$@"; do
  name=$(basename "$program")
  check_version "$name" "$program"
  for command in $(commands_of "$program"); do
    check_version "$name $command|$name-$command" "$program" "$command"
    # a command that hands over to a program with commands of its own
    for inner in $(commands_of "$program" "$command"); do
      check_version "$name $command $inner|$name-$command $inner" \
        "$program" "$command" "$inner"
    done
  done
done
[[ " $* " == *"/mmaplab "* ]] || fail "the build's programs lack mmaplab: $*"
[ "$failures" -eq 0 ] || exit 1
echo "cli.version: ok, $checked programs and commands"

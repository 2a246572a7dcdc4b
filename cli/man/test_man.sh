#!/bin/bash
# test_man.sh MANDIR MMAPLAB SOURCE_DIR BINARY_DIR "SUBS" HELP2MAN: the man
# pages of cli/man (ctest cli.man_pages).
#   - every subcommand in `mmaplab --help` has its page (SUBS: those built,
#     "-" for mmaplab.1), and every page is there;
#   - groff renders each without a warning (-ww), man -l too;
#   - each page names every long option its --help lists (help_options.sh);
#   - no page holds the source or build directory.
set -uo pipefail
mandir=$1 mmaplab=$2 source_dir=$3 binary_dir=$4 subs=$5 help2man=$6
here=$(cd "$(dirname "$0")" && pwd)
if [ -z "$help2man" ] || [[ "$help2man" == *NOTFOUND ]]; then
  echo "cli.man_pages: SKIP: help2man was not found at configure time (no pages built)"
  exit 77
fi
failures=0
fail() {
  echo "cli.man_pages: FAIL: $*"
  failures=$((failures + 1))
}

listed=$("$mmaplab" --help |
  awk '/^Subcommands:$/ { on = 1; next } on && /^$/ { exit } on { print $1 }')
[ -n "$listed" ] || fail "no subcommands in mmaplab --help"
for sub in $listed; do
  [[ " $subs " == *" $sub "* ]] || fail "subcommand $sub has no man page (cli/man/CMakeLists.txt)"
done

for sub in $subs; do
  if [ "$sub" = - ]; then
    page=$mandir/mmaplab.1 words=()
  else
    page=$mandir/mmaplab-$sub.1 words=("$sub")
  fi
  name=$(basename "$page" .1)
  before=$failures
  if [ ! -s "$page" ]; then
    fail "$page is missing or empty"
    continue
  fi
  warnings=$(groff -man -Tutf8 -ww -z "$page" 2>&1)
  [ -z "$warnings" ] || fail "$name: groff warns: $warnings"
  text=$(MANWIDTH=80 man --warnings -l "$page" 2>"$mandir/.man.err")
  [ ! -s "$mandir/.man.err" ] || fail "$name: man -l warns: $(cat "$mandir/.man.err")"
  grep -q "^${name^^}(1)" <<<"$text" || fail "$name: no ${name^^}(1) header"
  if ! grep -qE "^NAME\$" <<<"$text" ||
    ! grep -qE "^ +$name +- +[A-Za-z]" <<<"$text"; then
    fail "$name: no NAME line '$name - summary'"
  fi
  grep -qE "^SYNOPSIS\$" <<<"$text" || fail "$name: no SYNOPSIS"
  # Every long option of --help, as groff renders it; for conform also
  # those of its commands (the page holds their --help).
  options=$("$mmaplab" "${words[@]}" --help | bash "$here/help_options.sh")
  if [ "$sub" = conform ]; then
    for command in $("$mmaplab" conform --help |
      awk '/^commands:$/ { on = 1; next } on && /^$/ { exit } on { print $1 }'); do
      options+=$'\n'$("$mmaplab" conform "$command" --help | bash "$here/help_options.sh")
    done
  fi
  [ -n "$options" ] || fail "$name: its --help lists no option"
  for option in $options; do
    grep -qF -- "$option" <<<"$text" || fail "$name: the page does not name $option"
  done
  for dir in "$source_dir" "$binary_dir"; do
    ! grep -qF -- "$dir" "$page" || fail "$name: the page holds the path $dir"
  done
  [ "$failures" -ne "$before" ] ||
    echo "cli.man_pages: $name: ok ($(wc -w <<<"$options") options)"
done
rm -f "$mandir/.man.err"
[ "$failures" -eq 0 ] || exit 1
echo "cli.man_pages: ok"

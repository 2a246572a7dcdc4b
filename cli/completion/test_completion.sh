#!/bin/bash
# test_completion.sh COMPLETION MMAPLAB WORK: the bash completion of mmaplab
# (ctest cli.completion), with bash-completion's library sourced when it is
# installed (as in an interactive shell), else on its own.
#   - `mmaplab <TAB>` offers exactly the subcommands `mmaplab --help` lists,
#     `mmaplab --<TAB>` exactly its options;
#   - `mmaplab SUB --<TAB>` offers exactly the long options of `mmaplab SUB
#     --help` (help_options.sh), for every subcommand and every command of
#     `mmaplab conform`, so that the completion and the help cannot drift;
#   - an option that takes a file completes file names, one that takes a
#     directory directory names.
set -uo pipefail
completion=$1 mmaplab=$2 work=$3
here=$(cd "$(dirname "$0")" && pwd)
failures=0
fail() {
  echo "cli.completion: FAIL: $*"
  failures=$((failures + 1))
}
if [ -r /usr/share/bash-completion/bash_completion ]; then
  # shellcheck disable=SC1091
  . /usr/share/bash-completion/bash_completion
  echo "cli.completion: with bash-completion's library"
else
  echo "cli.completion: without bash-completion's library (not installed)"
fi
# shellcheck disable=SC1090
. "$completion"

# complete WORD...: what <TAB> after WORD... offers (the last word is the
# one being completed), one a line, sorted, a trailing "=" cut off.
complete_line() {
  COMP_WORDS=("$@")
  COMP_CWORD=$(($# - 1))
  COMP_LINE="$*"
  COMP_POINT=${#COMP_LINE}
  COMPREPLY=()
  _mmaplab mmaplab "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD - 1]}"
  printf '%s\n' "${COMPREPLY[@]}" | sed 's/=$//' | LC_ALL=C sort -u | sed '/^$/d'
}

# same WHAT GOT WANT: the two lists are equal.
same() {
  if [ "$2" != "$3" ]; then
    fail "$1: offers [$(tr '\n' ' ' <<<"$2")], want [$(tr '\n' ' ' <<<"$3")]"
  else
    echo "cli.completion: $1: ok ($(wc -w <<<"$3") words)"
  fi
}

help_subs=$("$mmaplab" --help |
  awk '/^Subcommands:$/ { on = 1; next } on && /^$/ { exit } on { print $1 }' |
  LC_ALL=C sort)
[ -n "$help_subs" ] || fail "mmaplab --help lists no subcommand"
same "mmaplab <TAB>" "$(complete_line mmaplab '')" "$help_subs"
same "mmaplab --<TAB>" "$(complete_line mmaplab --)" \
  "$("$mmaplab" --help | bash "$here/../man/help_options.sh")"

for sub in $help_subs; do
  same "mmaplab $sub --<TAB>" "$(complete_line mmaplab "$sub" --)" \
    "$("$mmaplab" "$sub" --help | bash "$here/../man/help_options.sh")"
done
conform_commands=$("$mmaplab" conform --help |
  awk '/^commands:$/ { on = 1; next } on && /^$/ { exit } on { print $1 }' |
  LC_ALL=C sort)
same "mmaplab conform <TAB>" "$(complete_line mmaplab conform '')" \
  "$conform_commands"
for command in $conform_commands; do
  same "mmaplab conform $command --<TAB>" \
    "$(complete_line mmaplab conform "$command" --)" \
    "$("$mmaplab" conform "$command" --help | bash "$here/../man/help_options.sh")"
done

# Values: files for a file, directories for a directory.
rm -rf "$work"
mkdir -p "$work/adir" && : >"$work/afile.json"
cd "$work" || exit 1
same "mmaplab gate --baseline a<TAB>" \
  "$(complete_line mmaplab gate --baseline a)" "$(printf 'adir\nafile.json')"
same "mmaplab run --out a<TAB>" "$(complete_line mmaplab run --out a)" "adir"
same "mmaplab bench --bench-dir=a<TAB>" \
  "$(complete_line mmaplab bench --bench-dir=a)" "adir"
same "mmaplab report a<TAB>" "$(complete_line mmaplab report a)" \
  "$(printf 'adir\nafile.json')"
same "mmaplab run --hosts core,c<TAB>" \
  "$(complete_line mmaplab run --hosts core,c)" "core,core
core,cpython"
cd / && rm -rf "$work"
[ "$failures" -eq 0 ] || exit 1
echo "cli.completion: ok"

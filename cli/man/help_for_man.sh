#!/bin/bash
# help_for_man.sh [--commands] PROGRAM [WORD...] OPTION: what help2man reads.
#
# Runs PROGRAM WORD... OPTION. For --help, the usage is put in the form
# help2man takes for its SYNOPSIS ("Usage:" and "  or:" lines, a wrapped
# usage joined into one line) and, with --commands, the --help of every
# command listed under "commands:" follows, each under a "*PROGRAM WORD
# COMMAND*" line (a section of its own in the page). Everything else is
# passed through unchanged; so is the exit status.
set -euo pipefail
commands=0
if [ "${1-}" = --commands ]; then
  commands=1
  shift
fi
option=${!#}
if [ "$option" != --help ]; then
  exec "$@"
fi
usage_form() {
  awk '
    NR == 1 { sub(/^usage:/, "Usage:"); line = $0; inusage = 1; next }
    inusage && /^ +\[/ { sub(/^ +/, " "); line = line $0; next }
    inusage && /^ +(or: +)?[a-z]/ {
      print line; sub(/^ +(or: +)?/, ""); line = "  or: " $0; next }
    inusage { print line; inusage = 0 }
    { print }
    END { if (inusage) print line }'
}
text=$("$@")
printf '%s\n' "$text" | usage_form
[ "$commands" = 1 ] || exit 0
set -- "${@:1:$#-1}"
# The commands: the first word of each line of the paragraph after
# "commands:".
for command in $(printf '%s\n' "$text" |
  awk '/^[Cc]ommands:$/ { on = 1; next } on && /^$/ { exit } on { print $1 }'); do
  printf '\n*%s %s*\n\n' "$(basename "$1")${2:+ ${*:2}}" "$command"
  "$@" "$command" --help | usage_form | sed '1s/^Usage:/usage:/'
done

#!/bin/bash
# make_man.sh HELP2MAN MMAPLAB SUB OUT: writes OUT, the man page of
# `mmaplab SUB` (SUB "-": of mmaplab itself), with help2man from its --help
# and --version (through help_for_man.sh). The page's NAME line is the
# subcommand's summary in `mmaplab --help`; SEE ALSO names the other pages.
# The page is written to a temporary sibling first and renamed into place.
set -euo pipefail
help2man=$1 mmaplab=$2 sub=$3 out=$4
here=$(cd "$(dirname "$0")" && pwd)
work=$(dirname "$out")/.$(basename "$out").work
rm -rf "$work"
mkdir -p "$work"
trap 'rm -rf "$work"' EXIT

top_help=$("$mmaplab" --help)
version=$("$mmaplab" --version)
version=${version#mmaplab }
# The subcommands: the first words of the paragraph after "Subcommands:".
subs=$(printf '%s\n' "$top_help" |
  awk '/^Subcommands:$/ { on = 1; next } on && /^$/ { exit } on { print $1 }')
if [ "$sub" = - ]; then
  page=mmaplab words=() expand=()
  # The first sentence of the description, up to its colon.
  summary=$(printf '%s\n' "$top_help" | sed -n '3{s/:.*//;s/\.$//;p}')
else
  page=mmaplab-$sub words=("$sub") expand=(--commands)
  summary=$(printf '%s\n' "$top_help" |
    awk -v s="$sub" 'f == 0 && /^Subcommands:$/ { f = 1; next }
                     f && $1 == s { sub(/^ *[^ ]+ +/, ""); print; exit }')
fi
if [ -z "$summary" ]; then
  echo "make_man.sh: no summary of '$sub' in mmaplab --help" >&2
  exit 2
fi

# help2man runs an executable: this one is `mmaplab SUB`.
{
  echo '#!/bin/sh'
  printf 'exec %q' "$here/help_for_man.sh"
  [ ${#expand[@]} -eq 0 ] || printf ' %q' "${expand[@]}"
  printf ' %q' "$mmaplab" "${words[@]}"
  echo ' "$@"'
} >"$work/$page"
chmod +x "$work/$page"

{
  printf '[NAME]\n%s \\- %s\n' "$page" "${summary,}" # "what ...", not "What"
  echo '[SEE ALSO]'
  sep=''
  # shellcheck disable=SC2086 # one subcommand a word
  for other in mmaplab $(printf 'mmaplab-%s\n' $subs); do
    [ "$other" = "$page" ] && continue
    printf '%s.BR %s (1)' "$sep" "$other"
    sep=$',\n'
  done
  echo
} >"$work/include.h2m"

"$help2man" --no-info --section=1 --source="mmaplab $version" \
  --manual="mmaplab manual" --include="$work/include.h2m" \
  --output="$work/page.1" "$work/$page"
# help2man sets only the first word of the usage in bold: "mmaplab SUB" is
# the command; so it is where SUB hands over to mmaplab-SUB (conform,
# bench: installed in libexec/mmaplab/, not in PATH).
if [ "$sub" != - ]; then
  SUB=$sub perl -0pi -e '
    s/^\.B mmaplab-\Q$ENV{SUB}\E$/.B "mmaplab $ENV{SUB}"/mg;
    s/^\.B mmaplab\n\\fI\\,\Q$ENV{SUB}\E \\\/\\fR/.B "mmaplab $ENV{SUB}"\n/mg;
    s/^\.B mmaplab\n\\fI\\,\Q$ENV{SUB}\E /.B "mmaplab $ENV{SUB}"\n\\fI\\,/mg' \
    "$work/page.1"
fi
mv -f "$work/page.1" "$out"

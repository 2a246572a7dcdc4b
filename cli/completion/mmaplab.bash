# bash completion for mmaplab                              -*- shell-script -*-
#
# Completes the subcommands of `mmaplab`, the commands of `mmaplab conform`,
# each one's long options (exactly those its --help lists: ctest
# cli.completion compares them), and the files, directories, programs and
# words an option takes. Installed as
# share/bash-completion/completions/mmaplab, where bash-completion loads it
# on the first `mmaplab <TAB>`.

_mmaplab_subcommands='run report gate compare pages fingerprint conform bench'
_mmaplab_conform_commands='run golden check-golden list fuzz classify matrix'

# The long options per subcommand ("conform_run": of `mmaplab conform
# run`). A trailing "=" marks an option whose value must be attached
# (--name=VALUE); the others take theirs as the next word.
_mmaplab_options_top='--help --version'
_mmaplab_options_run='--out --hosts --families --python --pypy --quiet --pages
  --help --version'
_mmaplab_options_report='--out --title --force --help --version'
_mmaplab_options_compare='--out --title --force --help --version'
_mmaplab_options_pages='--json --full --bench-arg= --help --version'
_mmaplab_options_gate='--baseline --current --alpha --min-effect --metric
  --count-tolerance --count-floor --instr-tolerance --filter --reference
  --force --markdown --json --junit --save-baseline --ab --budget --rounds
  --min-rounds --cpu --keep --instructions --seed --help --version'
_mmaplab_options_fingerprint='--dir --compact --help --version'
_mmaplab_options_conform='--help --version'
_mmaplab_options_conform_run='--host --golden --expect --cases --filter --out
  --timeout --quiet --progress-fd --emulator --host-env --help --version'
_mmaplab_options_conform_golden='--host --cases --out-root --timeout --pagesize
  --help --version'
_mmaplab_options_conform_check_golden='--host --cases --golden-root --timeout
  --pagesize --help --version'
_mmaplab_options_conform_list='--cases --filter --help --version'
_mmaplab_options_conform_fuzz='--reference --host --seed --count --ops --out
  --known --timeout --quiet --help --version'
_mmaplab_options_conform_classify='--rules --out --help --version'
_mmaplab_options_conform_matrix='--out --help --version'
_mmaplab_options_bench='--quick --full --restore --quiet --instructions --pages --search
  --progress-fd= --page-modes=
  --reserve-hugetlb= --force-reserve --bench-dir= --keep-aslr --search-isa=
  --thp= --filesystems= --fs-dir= --help --version --benchmark_filter= --benchmark_list_tests=
  --benchmark_min_time= --benchmark_min_warmup_time= --benchmark_repetitions=
  --benchmark_enable_random_interleaving= --benchmark_report_aggregates_only=
  --benchmark_display_aggregates_only= --benchmark_format= --benchmark_out=
  --benchmark_out_format= --benchmark_color= --benchmark_counters_tabular=
  --benchmark_context= --benchmark_time_unit= --v='

# Files (or with -d directories only) matching CUR, into COMPREPLY.
_mmaplab_files() {
  if declare -F _filedir >/dev/null; then
    _filedir "$@"
  else
    local IFS=$'\n'
    # shellcheck disable=SC2207 # compgen prints one name a line
    COMPREPLY=($(compgen "${1:--f}" -- "$cur"))
  fi
}

# Words of the list $1 (comma-separated values, each from $2) for CUR.
_mmaplab_list() {
  local done=${cur%"${cur##*,}"}
  # shellcheck disable=SC2207
  COMPREPLY=($(compgen -P "$done" -W "$2" -- "${cur##*,}"))
  compopt -o nospace 2>/dev/null
}

# Completes the value of option $1 of command $2 ("conform_run", ...);
# returns 1 when the option takes none.
_mmaplab_value() {
  case "$2:$1" in
  *:--out | *:--out-root | *:--golden-root | *:--cases | *:--dir | \
    *:--bench-dir | conform_run:--golden)
    _mmaplab_files -d ;;
  *:--baseline | *:--current | *:--markdown | *:--json | *:--junit | \
    *:--expect | *:--known | *:--benchmark_out | *:--ab | *:--keep)
    _mmaplab_files ;;
  *:--python | *:--pypy | *:--host | *:--reference | *:--emulator)
    if [ "$2" = gate ]; then
      # shellcheck disable=SC2207
      COMPREPLY=($(compgen -W 'glibc core none' -- "$cur"))
    else
      # shellcheck disable=SC2207
      COMPREPLY=($(compgen -c -- "$cur"))
    fi ;;
  *:--hosts) _mmaplab_list hosts 'core cpython pypy none' ;;
  *:--families)
    _mmaplab_list families 'find rfind move fault filemap granularity open none' ;;
  *:--page-modes)
    _mmaplab_list modes '4k thp huge2m huge1g mthp mthp16k mthp32k mthp64k mthp128k mthp256k mthp512k mthp1024k default' ;;
  *:--thp)
    # shellcheck disable=SC2207
    COMPREPLY=($(compgen -W 'never madvise always' -- "$cur")) ;;
  *:--metric)
    # shellcheck disable=SC2207
    COMPREPLY=($(compgen -W 'real cpu' -- "$cur")) ;;
  *:--search-isa)
    # shellcheck disable=SC2207
    COMPREPLY=($(compgen -W 'avx512 avx2 sse2 portable auto' -- "$cur")) ;;
  *:--benchmark_format | *:--benchmark_out_format)
    # shellcheck disable=SC2207
    COMPREPLY=($(compgen -W 'console json csv' -- "$cur")) ;;
  *:--title | *:--alpha | *:--min-effect | *:--count-tolerance | \
    *:--instr-tolerance | *:--count-floor | *:--filter | *:--timeout | *:--seed | *:--count | \
    *:--ops | *:--reserve-hugetlb | *:--benchmark_* | pages:--bench-arg)
    COMPREPLY=() ;; # a value, nothing to offer
  *) return 1 ;;
  esac
  return 0
}

_mmaplab() {
  local cur prev words cword
  if declare -F _init_completion >/dev/null; then
    _init_completion -n = || return
  else
    words=("${COMP_WORDS[@]}") cword=$COMP_CWORD
    cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD - 1]}
  fi
  COMPREPLY=()
  if [ "$cword" -eq 1 ]; then
    case "$cur" in
    -*) # shellcheck disable=SC2207
      COMPREPLY=($(compgen -W "$_mmaplab_options_top" -- "$cur")) ;;
    *) # shellcheck disable=SC2207
      COMPREPLY=($(compgen -W "$_mmaplab_subcommands" -- "$cur")) ;;
    esac
    return
  fi
  local key=${words[1]} first=2
  case " $_mmaplab_subcommands " in
  *" $key "*) ;;
  *) return ;;
  esac
  if [ "$key" = conform ]; then
    if [ "$cword" -eq 2 ] && [[ "$cur" != -* ]]; then
      # shellcheck disable=SC2207
      COMPREPLY=($(compgen -W "$_mmaplab_conform_commands" -- "$cur"))
      return
    fi
    case " $_mmaplab_conform_commands " in
    *" ${words[2]} "*) key=conform_${words[2]//-/_} first=3 ;;
    esac
  fi
  local options_var=_mmaplab_options_$key
  # --name=VALUE being typed: complete VALUE
  if [[ "$cur" == --*=* ]]; then
    prev=${cur%%=*}
    cur=${cur#*=}
    _mmaplab_value "$prev" "$key"
    return
  fi
  # the value of the option before (written "--name VALUE")
  if [ "$cword" -gt "$first" ] && [[ "$prev" == --* ]] &&
    [[ " ${!options_var-} " != *" $prev= "* ]] &&
    _mmaplab_value "$prev" "$key"; then
    return
  fi
  case "$cur" in
  -*)
    # shellcheck disable=SC2207
    COMPREPLY=($(compgen -W "${!options_var-}" -- "$cur"))
    [[ " ${COMPREPLY[*]} " == *"= "* ]] && compopt -o nospace 2>/dev/null ;;
  *)
    case "$key" in
    report | compare | pages) _mmaplab_files ;; # RESULT: files, directories
    esac ;;
  esac
}
complete -F _mmaplab mmaplab

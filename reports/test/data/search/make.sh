#!/bin/sh
# make.sh MMAPLAB_BENCH - remakes search-run.json, the fixture of
# reports/test/search_test.sh, from a real run of the search grid: random
# and dna data, hay 64, 1 KiB and 64 MiB, needle 2 and 32, one repetition.
# With the peer engines built in, their rows (and the ceiling's) are in it
# too; the test's counts follow the JSON.
set -eu
"$1" --keep-aslr --search --quiet \
  '--benchmark_filter=/(random|dna)/miss/page:4k/hay:(64|1024|67108864)/needle:(2|32)$' \
  --benchmark_repetitions=1 --benchmark_min_time=0.01 \
  --benchmark_out="$(dirname "$0")/search-run.json" --benchmark_out_format=json >/dev/null

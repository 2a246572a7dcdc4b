#!/usr/bin/env bash
# logaxis_test.sh DRIVER DATA WORK - a chart gets a log y axis when its
# values span more than 10x (largest over smallest positive value), else a
# linear one, for line charts (move) and bar charts (fault): the gnuplot
# script's logy, the axis label and the caption say which and why.
# data/logaxis/narrow.json spans exactly 10x at most (move 1 to 10 GB/s),
# spread.json more (move 1 to 10.5 GB/s; fault ns 5 to 1000; faults per
# page 0.05 to 1, and a zero, which a log axis cannot draw).
set -euo pipefail
. "$(dirname "$0")/prelude.sh"
need_gnuplot

# check DIR CHART LOGY CAPTION-TEXT
check() {
  local dir=$1 chart=$2 logy=$3 text=$4
  grep -qx "logy = $logy" "$dir/charts/$chart.gp" ||
    fail "$chart: $(grep '^logy' "$dir/charts/$chart.gp"), want logy = $logy"
  grep -qF "$text)](charts/$chart.svg)" "$dir/summary.md" ||
    fail "$chart: caption lacks '$text': $(grep -F "(charts/$chart.svg)" "$dir/summary.md")"
  if [ "$logy" = 1 ]; then
    grep -q 'log scale' "$dir/charts/$chart.svg" || fail "$chart: axis label lacks 'log scale'"
  else
    ! grep -q 'log scale' "$dir/charts/$chart.svg" || fail "$chart: linear, labelled log"
  fi
}

"$drv" report --out "$work/narrow" "$data/logaxis/narrow.json" >/dev/null
check "$work/narrow" move-disjoint 0 "(y axis: linear, the values span 10x, at most 10x"
check "$work/narrow" fault-ns-per-page-4k 0 "(y axis: linear, the values span 2x, at most 10x"
check "$work/narrow" fault-faults-per-page-4k 0 "(y axis: linear, the values span 1x, at most 10x"

"$drv" report --out "$work/spread" "$data/logaxis/spread.json" >/dev/null
check "$work/spread" move-disjoint 1 "(y axis: log, the values span 10.5x, more than 10x"
check "$work/spread" fault-ns-per-page-4k 1 "(y axis: log, the values span 200x, more than 10x"
check "$work/spread" fault-faults-per-page-4k 1 \
  "(y axis: log, the values span 20x, more than 10x; zero values not drawn"
echo "logaxis: ok"

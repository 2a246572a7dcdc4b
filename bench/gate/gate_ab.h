/* gate_ab.h - the interleaved gate: `mmaplab gate --ab OLD NEW`.
 *
 * Runs the benchmarks of two builds alternately on this machine, one
 * process at a time, and judges the new build against the old one on the
 * paired rounds (gate_paired.h):
 *
 *   1. OLD and NEW are mmaplab-bench executables, or a build tree
 *      (BUILD/bench/mmaplab-bench) or an install prefix
 *      (PREFIX/libexec/mmaplab/mmaplab-bench) holding one.
 *   2. The gate pins itself, and so every process it starts, to one CPU
 *      (--cpu; by default the last CPU it may run on), where the kernel
 *      allows it.
 *   3. A warm-up round (one old, one new process) is run and discarded;
 *      its results say how many time rows will be judged (M).
 *   4. Rounds of four processes follow, ABBA or BAAB at random (--seed);
 *      each process runs mmaplab-bench with the benchmark arguments
 *      (after "--", or gate_ab_default_args) and writes its JSON file.
 *   5. The gate looks at the rounds at most GATE_AB_LOOKS times, each look
 *      testing every row at alpha / (M * GATE_AB_LOOKS): first after
 *      enough rounds that a row can reach that level at all (--min-rounds
 *      raises it), then at a third, two thirds and all of the rounds the
 *      --budget allows at the pace measured so far. It stops at the first
 *      look where no row is inconclusive. --rounds N instead runs N rounds
 *      and looks once, at alpha / M.
 *   6. Counts and presence are judged as with a stored baseline, on all
 *      processes of each side pooled.
 *
 * --instructions instead runs each build once as `mmaplab-bench
 * --instructions` (under valgrind; gate_ab_default_instr_args) and judges
 * the instruction counters and other counts only.
 *
 * Every process's JSON and output go to --keep DIR (new or empty), or to a
 * temporary directory removed at the end and on a fatal signal (kept, and
 * named, when a process fails).
 */
#ifndef MMAPLAB_BENCH_GATE_AB_H
#define MMAPLAB_BENCH_GATE_AB_H

#include <jansson.h>

#include "gate_compare.h"
#include "gate_opts.h"
#include "results.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The most looks the adaptive mode takes. */
#define GATE_AB_LOOKS 4

/* mmaplab-bench's arguments when none follow "--" (NULL-terminated): the
 * core's find and rfind of a 1 MiB haystack in 4 KiB pages, needles of 16
 * and 256 bytes, one repetition of 10 ms each. A process then takes about
 * 0.15 s, so a budget of minutes buys hundreds of rounds: what varies is
 * mostly the process (its pages, the host's other guests), which only more
 * processes average out; repetitions inside one do not. */
extern const char *const gate_ab_default_args[];

/* Likewise for --instructions: find and rfind of 1 MiB, and the core's
 * move of 64 KiB. */
extern const char *const gate_ab_default_instr_args[];

/* Runs the interleaved gate of O (O->ab_old set) under P (its paired
 * field is set while judging): BASE and CUR get every old and new process's
 * results pooled, REPORT the judgement (rounds and seconds set), *FPDIFF
 * the old and new builds' fingerprint differences. Returns 0, or 2 after
 * one line "mmaplab gate: ..." on stderr. Progress lines go to stderr. */
int gate_ab_run(const gate_opts *o, gate_params *p, rs_result *base,
                rs_result *cur, json_t **fpdiff, gate_report *report);

#ifdef __cplusplus
}
#endif

#endif /* MMAPLAB_BENCH_GATE_AB_H */

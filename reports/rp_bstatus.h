/* rp_bstatus.h - how the benchmark runs went, beside their numbers: the
 * page modes each input asked for and got (mmaplab-bench's context
 * mmaplab_page_mode_<mode>) and the benchmarks that reported an error.
 * The findings (rp_findings.h) link to the rows of both tables. */
#ifndef MMAPLAB_REPORTS_RP_BSTATUS_H
#define MMAPLAB_REPORTS_RP_BSTATUS_H

#include "rp_build.h"
#include "rp_pool.h"

/* The page modes named in the contexts of B's benchmark inputs or in
 * their benchmarks' fallback errors, in the order 4k, thp, huge2m,
 * huge1g, then others by first appearance, into OUT. 0, or -1 when out of
 * memory. */
int rp_page_modes(const rp_build *b, rp_strs *out);

/* What the first benchmark input that names MODE says of it ("run: ...",
 * "unavailable: ...", "not run: ...", "not asked for"); NULL if none does.
 * Valid while B's inputs are. */
const char *rp_page_mode_note(const rp_build *b, const char *mode);

/* 1 if NOTE says the mode was asked for and not obtained: "unavailable"
 * (the machine cannot give it) or "not run" (its probe fell back). */
int rp_page_mode_missing(const char *note);

/* 1 if BENCH's error says that its memory did not get its page mode
 * ("page mode thp not obtained: ..."), with the mode in BUF (LEN bytes). */
int rp_bench_fallback(const rs_bench *bench, char *buf, size_t len);

/* Counts per mode of MODES, in one pass over the benchmarks: in FELL
 * those of B's inputs that fell back from it, in RUNS (unless NULL) those
 * of P run in it (name parameter page:MODE). Both arrays have MODES->n
 * entries and are zeroed here. */
void rp_page_mode_counts(const rp_build *b, const rp_pool *p,
                         const rp_strs *modes, size_t *runs, size_t *fell);

/* The anchor of BENCH's row in the errors table. */
void rp_error_id(char *buf, size_t len, const rs_bench *bench);

/* The "Page modes" table, one row per mode (anchor "pm-MODE"): what the
 * inputs say of it, the benchmarks of P run in it and those that fell
 * back. Nothing if no input names a page mode. 0, or -1 (out of
 * memory). */
int rp_bstatus_page_modes(rp_build *b, const rp_pool *p);

/* The "Benchmark errors" table (anchor "t-errors"), one row per benchmark
 * of B's inputs that reported an error (rp_error_id): its file (linked to
 * its copy in data/), how many repetitions failed and the message.
 * Nothing if none did. */
void rp_bstatus_errors(rp_build *b);

#endif /* MMAPLAB_REPORTS_RP_BSTATUS_H */

/* bench_instr.h - mmaplab-bench --instructions: the instructions each
 * iteration of a CPU-bound benchmark (find, rfind, move) executes, counted
 * by valgrind's callgrind, a count that does not depend on the machine's
 * load or clock the way a time does.
 *
 * How: a run with --instructions that is not under valgrind re-executes
 * itself as `valgrind --tool=callgrind --collect-atstart=no
 * --callgrind-out-file=DIR/callgrind.out mmaplab-bench ARGS...` (valgrind
 * from $MMAPLAB_VALGRIND, else PATH), DIR a private temporary directory
 * removed at exit and on fatal signals, and exits with its status. Under
 * valgrind, a gbench timing hook (gb_on_timing) turns callgrind's
 * collection on at every START and off at every STOP, so only the
 * benchmark's own code between the loop's checks is counted, never Google
 * Benchmark's clocks or bookkeeping; when the benchmark function returns,
 * CALLGRIND_DUMP_STATS_AT writes what was collected to
 * DIR/callgrind.out.N (synchronously), and the "summary:" line of that
 * file divided by the iterations becomes the user counter
 * "instructions_<isa>" of the row. <isa> is mml_search_isa(), the
 * instruction set of the core's search kernels, also on move rows: under
 * valgrind it is at most avx2, since valgrind's virtual CPU has no AVX-512
 * (valgrind 3.19 reports AVX2 at best on an AVX-512 host), so the count is
 * that of the avx2 kernels, not of what the machine runs natively.
 *
 * Each iteration does the same work on the same bytes, and lazy symbol
 * binding is off in the child (LD_BIND_NOW=1: a first call's trip through
 * the dynamic linker would otherwise land in one run's count), so the count
 * per iteration does not depend on how many iterations Google Benchmark
 * chose. Google Benchmark's fixed iteration counts (Iterations()) would
 * add "/iterations:N" to every name, which --benchmark_filter patterns
 * ending in "$" and baselines of time runs would then not match; so the
 * mode instead asks for the fewest iterations (--benchmark_min_time=1e-9)
 * and one repetition (the same count again adds nothing), both overridable
 * by the user's flags.
 */
#ifndef MMAPLAB_BENCH_INSTR_H
#define MMAPLAB_BENCH_INSTR_H

#include <stddef.h>

/* The --help lines of --instructions. */
extern const char bench_instr_usage[];

/* The Google Benchmark flags the mode puts after the --quick/--full
 * defaults and before the user's flags (static strings), and their count. */
extern char *const bench_instr_defaults[];
#define BENCH_INSTR_NDEFAULTS 2

/* 1 if the process runs under valgrind (RUNNING_ON_VALGRIND), 0 if not. */
int bench_instr_under_valgrind(void);

/* Runs ARGV (this program's own, unchanged) again under callgrind as the
 * header comment says and waits for it. Returns its exit status (128 + the
 * signal that ended it), or 2 after one line on stderr: valgrind not
 * found ("mmaplab-bench: --instructions needs valgrind (Debian package
 * valgrind): not found"), no temporary directory, or no start. */
int bench_instr_reexec(char **argv);

/* Under valgrind: checks that the parent of bench_instr_reexec started
 * this process (its DIR in the environment), installs the timing hook and
 * adds the context "instruction_count" ("callgrind 3.19.0") and
 * "instruction_isa" ("avx2"). Call after the search ISA is chosen
 * (--search-isa), before gb_run. 0, or 2 after one line on stderr. */
int bench_instr_begin(void);

/* 1 if benchmarks of FAMILY ("find", "rfind", "move", ...) are counted,
 * 0 if --instructions leaves them out. */
int bench_instr_counts_family(const char *family);

/* The counter's name, "instructions_<isa>" (static storage; valid after
 * bench_instr_begin). */
const char *bench_instr_counter_name(void);

#endif /* MMAPLAB_BENCH_INSTR_H */

// gbench.cc - gbench.h over Google Benchmark: each call forwards to one
// benchmark:: function; the only C++ in bench/. No exception leaves it.
#include "gbench.h"

#include <benchmark/benchmark.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <map>
#include <memory>
#include <ostream>
#include <regex>
#include <string>
#include <vector>

namespace {

benchmark::State &S(gb_state *st) {
  return *reinterpret_cast<benchmark::State *>(st);
}
const benchmark::State &S(const gb_state *st) {
  return *reinterpret_cast<const benchmark::State *>(st);
}
benchmark::internal::Benchmark *B(gb_bench *b) {
  return reinterpret_cast<benchmark::internal::Benchmark *>(b);
}

std::atomic<size_t> error_count{0};

std::string program = "gbench"; // argv[0]'s last component, for messages

// A registered benchmark as the progress count sees it.
struct Registered {
  std::string name;
  gb_fn fn;
  void *ctx;
  size_t nargs; // the values of an argument row
};
std::vector<std::unique_ptr<Registered>> registered;
std::map<const benchmark::internal::Benchmark *, Registered *> registered_by;

// The progress count of gb_run (gbench.h tells how runs are seen).
struct Progress {
  gb_progress_fn fn = nullptr;
  void *arg = nullptr;
  size_t repetitions = 1; // --benchmark_repetitions, as gb_initialize saw it
  size_t total = 0, done = 0;
  const Registered *last = nullptr; // of the call before
  std::vector<int64_t> row;
  int64_t iterations = 0;
};
Progress progress;

// The timing hook of gb_on_timing, and whether the benchmark's code is
// timed now (between a START and its STOP).
struct Timing {
  gb_timing_fn fn = nullptr;
  void *arg = nullptr;
  bool on = false;
};
Timing timing;

void timing_event(gb_state *st, gb_timing_event ev) {
  if (timing.fn == nullptr)
    return;
  if (ev == GB_TIMING_START && timing.on)
    return;
  if (ev == GB_TIMING_STOP && !timing.on)
    return;
  timing.on = ev == GB_TIMING_START;
  timing.fn(st, ev, timing.arg);
}

void run_ended() {
  progress.done++;
  progress.fn(progress.done, progress.total, progress.last->name.c_str(),
              progress.arg);
}

// Before each call of R's function: ends the run before unless this call
// continues it (the same row, more iterations).
void count_call(const Registered *r, const benchmark::State &st) {
  std::vector<int64_t> row;
  for (size_t i = 0; i < r->nargs; i++)
    row.push_back(st.range(i));
  if (progress.last != nullptr && !(progress.last == r && progress.row == row &&
                                    st.max_iterations > progress.iterations))
    run_ended();
  progress.last = r;
  progress.row = row;
  progress.iterations = st.max_iterations;
}

// The last value of --benchmark_repetitions in ARGV, else of
// BENCHMARK_REPETITIONS, else 1 (bench_flags.c has checked them).
size_t repetitions_flag(int argc, char **argv) {
  static const char flag[] = "--benchmark_repetitions=";
  const char *value = std::getenv("BENCHMARK_REPETITIONS");
  long n;
  for (int i = 1; i < argc; i++)
    if (argv[i] != nullptr && !std::strncmp(argv[i], flag, sizeof flag - 1))
      value = argv[i] + sizeof flag - 1;
  n = value != nullptr ? std::strtol(value, nullptr, 10) : 1;
  return n > 0 ? static_cast<size_t>(n) : 1;
}

// A display reporter that refuses to run: RunSpecifiedBenchmarks with it
// only counts the benchmarks the filter selects. It prints nothing.
class CountOnly : public benchmark::BenchmarkReporter {
public:
  CountOnly() : null_(nullptr) {
    SetOutputStream(&null_);
    SetErrorStream(&null_);
  }
  bool ReportContext(const Context &) override { return false; }
  void ReportRuns(const std::vector<Run> &) override {}

private:
  std::ostream null_; // no buffer: every write is dropped
};

// Runs F; an exception (Google Benchmark's, or std::bad_alloc) becomes one
// line on stderr and exit status 2 instead of std::terminate's abort.
// exit() runs the program's atexit handlers, which put back what the run
// changed (temporary files, hugetlb pools).
template <typename F> auto guarded(const char *where, F f) -> decltype(f()) {
  try {
    return f();
  } catch (const std::exception &e) {
    std::fprintf(stderr, "%s: Google Benchmark failed in %s: %s\n",
                 program.c_str(), where, e.what());
  } catch (...) {
    std::fprintf(stderr, "%s: Google Benchmark failed in %s: an exception\n",
                 program.c_str(), where);
  }
  std::exit(2);
}

// Notes that B's rows have N values.
void row_length(gb_bench *b, size_t n) {
  Registered *r = registered_by.at(B(b));
  r->nargs = std::max(r->nargs, n);
}

// The value of the last --benchmark_filter= given to gb_initialize.
std::string filter_flag;

} // namespace

extern "C" {

void gb_initialize(int *argc, char **argv) {
  if (*argc > 0 && argv[0] != nullptr) {
    // The last component: after '/', or '\' too (Windows' separator).
    const char *base = argv[0];
    for (const char *p = argv[0]; *p != '\0'; p++)
      if (*p == '/' || *p == '\\')
        base = p + 1;
    program = base;
  }
  progress.repetitions = repetitions_flag(*argc, argv);
  filter_flag.clear();
  for (int i = 1; i < *argc; i++) {
    static const char flag[] = "--benchmark_filter=";
    if (argv[i] != nullptr && !std::strncmp(argv[i], flag, sizeof flag - 1))
      filter_flag = argv[i] + sizeof flag - 1; // the last one wins
  }
  guarded("Initialize", [&] { benchmark::Initialize(argc, argv); });
}

int gb_selected(const char *name) {
  // As Google Benchmark reads the filter (FindBenchmarks): "" and "all" are
  // every benchmark, a leading '-' negates, the rest is an extended regex
  // searched for anywhere in the name.
  std::string spec(filter_flag);
  bool negate = false;
  if (spec.empty() || spec == "all")
    return 1;
  if (spec[0] == '-') {
    negate = true;
    spec.erase(0, 1);
  }
  try {
    std::regex re(spec, std::regex_constants::extended);
    return std::regex_search(name, re) != negate ? 1 : 0;
  } catch (const std::exception &) {
    return 1; // Google Benchmark reports the bad filter itself
  }
}

int gb_report_unrecognized(int argc, char **argv) {
  return benchmark::ReportUnrecognizedArguments(argc, argv) ? 1 : 0;
}

int gb_filter_check(const char *filter, char *err, size_t errlen) {
  // As Google Benchmark reads it (FindBenchmarks): "" and "all" are every
  // benchmark, a leading '-' negates, the rest is an extended regex.
  std::string spec(filter);
  if (spec.empty() || spec == "all")
    return 0;
  if (spec[0] == '-')
    spec.erase(0, 1);
  try {
    std::regex re(spec, std::regex_constants::extended);
  } catch (const std::exception &e) {
    std::snprintf(err, errlen, "not a regular expression: %s", e.what());
    return EINVAL;
  }
  return 0;
}

void gb_add_custom_context(const char *key, const char *value) {
  guarded("AddCustomContext", [&] { benchmark::AddCustomContext(key, value); });
}

size_t gb_run(void) {
  size_t ran;
  if (progress.fn != nullptr) {
    // The count of the selected benchmarks, nothing run. It also opens
    // --benchmark_out and writes the end of an empty report there, which
    // the run then truncates.
    CountOnly count;
    progress.total =
        progress.repetitions * guarded("RunSpecifiedBenchmarks", [&] {
          return benchmark::RunSpecifiedBenchmarks(&count);
        });
  }
  ran = guarded("RunSpecifiedBenchmarks",
                [] { return benchmark::RunSpecifiedBenchmarks(); });
  if (progress.fn != nullptr && progress.last != nullptr)
    run_ended();
  progress.last = nullptr;
  return ran;
}

void gb_on_progress(gb_progress_fn fn, void *arg) {
  progress.fn = fn;
  progress.arg = arg;
}

size_t gb_error_count(void) { return error_count.load(); }

size_t gb_selected_count(void) {
  CountOnly count; // as gb_run counts: nothing runs, nothing is printed
  return guarded("RunSpecifiedBenchmarks",
                 [&] { return benchmark::RunSpecifiedBenchmarks(&count); });
}

void gb_clear(void) {
  guarded("ClearRegisteredBenchmarks",
          [] { benchmark::ClearRegisteredBenchmarks(); });
  registered_by.clear();
  registered.clear();
}

void gb_on_timing(gb_timing_fn fn, void *arg) {
  timing.fn = fn;
  timing.arg = arg;
  timing.on = false;
}

void gb_shutdown(void) {
  guarded("Shutdown", [] { benchmark::Shutdown(); });
}

gb_bench *gb_register(const char *name, gb_fn fn, void *ctx) {
  return guarded("RegisterBenchmark", [&] {
    registered.emplace_back(new Registered{name, fn, ctx, 0});
    const Registered *r = registered.back().get();
    auto *b = benchmark::RegisterBenchmark(name, [r](benchmark::State &st) {
      if (progress.fn != nullptr)
        count_call(r, st);
      gb_state *g = reinterpret_cast<gb_state *>(&st);
      r->fn(g, r->ctx);
      timing_event(g, GB_TIMING_STOP); // a loop left by an error and break
      timing_event(g, GB_TIMING_RUN_END);
    });
    registered_by[b] = registered.back().get();
    return reinterpret_cast<gb_bench *>(b);
  });
}

void gb_arg_names(gb_bench *b, const char *const *names, size_t n) {
  guarded("ArgNames",
          [&] { B(b)->ArgNames(std::vector<std::string>(names, names + n)); });
}

void gb_args(gb_bench *b, const int64_t *values, size_t n) {
  guarded("Args", [&] {
    row_length(b, n);
    B(b)->Args(std::vector<int64_t>(values, values + n));
  });
}

void gb_args_product(gb_bench *b, const int64_t *const *lists,
                     const size_t *lens, size_t nlists) {
  guarded("ArgsProduct", [&] {
    row_length(b, nlists);
    std::vector<std::vector<int64_t>> v;
    for (size_t i = 0; i < nlists; i++)
      v.emplace_back(lists[i], lists[i] + lens[i]);
    B(b)->ArgsProduct(v);
  });
}

void gb_use_manual_time(gb_bench *b) { B(b)->UseManualTime(); }

void gb_use_real_time(gb_bench *b) { B(b)->UseRealTime(); }

void gb_time_unit_set(gb_bench *b, gb_time_unit unit) {
  static const benchmark::TimeUnit units[] = {
      benchmark::kNanosecond, benchmark::kMicrosecond, benchmark::kMillisecond,
      benchmark::kSecond};
  B(b)->Unit(units[unit]);
}

void gb_min_time(gb_bench *b, double seconds) { B(b)->MinTime(seconds); }

void gb_fixed_iterations(gb_bench *b, int64_t n) { B(b)->Iterations(n); }

void gb_repetitions(gb_bench *b, int n) { B(b)->Repetitions(n); }

int gb_keep_running(gb_state *st) {
  timing_event(st, GB_TIMING_STOP);
  if (!S(st).KeepRunning())
    return 0;
  timing_event(st, GB_TIMING_START);
  return 1;
}

int64_t gb_range(const gb_state *st, size_t i) {
  return S(st).range(static_cast<std::size_t>(i));
}

int64_t gb_iterations(const gb_state *st) { return S(st).iterations(); }

void gb_pause_timing(gb_state *st) {
  timing_event(st, GB_TIMING_STOP);
  S(st).PauseTiming();
}

void gb_resume_timing(gb_state *st) {
  S(st).ResumeTiming();
  timing_event(st, GB_TIMING_START);
}

void gb_set_iteration_time(gb_state *st, double seconds) {
  S(st).SetIterationTime(seconds);
}

void gb_set_bytes_processed(gb_state *st, int64_t bytes) {
  S(st).SetBytesProcessed(bytes);
}

void gb_set_items_processed(gb_state *st, int64_t items) {
  S(st).SetItemsProcessed(items);
}

void gb_set_counter(gb_state *st, const char *name, double value,
                    unsigned flags) {
  auto f = static_cast<benchmark::Counter::Flags>(flags & ~GB_COUNTER_1024);
  auto k = (flags & GB_COUNTER_1024) ? benchmark::Counter::kIs1024
                                     : benchmark::Counter::kIs1000;
  guarded("counters",
          [&] { S(st).counters[name] = benchmark::Counter(value, f, k); });
}

void gb_set_label(gb_state *st, const char *label) {
  guarded("SetLabel", [&] { S(st).SetLabel(label); });
}

void gb_skip_with_error(gb_state *st, const char *msg) {
  if (S(st).error_occurred())
    return; // only the first message of a run is reported
  error_count++;
  guarded("SkipWithError", [&] { S(st).SkipWithError(msg); });
}

int gb_error_occurred(const gb_state *st) {
  return S(st).error_occurred() ? 1 : 0;
}

} // extern "C"

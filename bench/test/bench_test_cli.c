/* bench_test_cli.c - mmaplab-bench as a program.
 *
 *   bench_test_cli quick  PROGRAM   --quick over a small filter emits valid
 *                                   JSON on stdout and in --benchmark_out
 *   bench_test_cli misuse PROGRAM   every misuse exits 2 with one line on
 *                                   stderr, nothing on stdout, no out file
 */
#define _GNU_SOURCE /* asprintf */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "bench_test_util.h"
#include "mmaplab.h"
#include "ut_spawn.h"

/* A fresh directory for the program's stdout, stderr and out file. */
static char dir[] = "/tmp/mmaplab-bench-cli-XXXXXX";
static char *out_path, *err_path, *file_path;
/* "--benchmark_out=FILE_PATH" */
static char *out_flag;

static void make_temp_dir(void) {
  ASSERT_NOT_NULL(mkdtemp(dir));
  ASSERT_GT(asprintf(&out_path, "%s/stdout", dir), 0);
  ASSERT_GT(asprintf(&err_path, "%s/stderr", dir), 0);
  ASSERT_GT(asprintf(&file_path, "%s/out.json", dir), 0);
  ASSERT_GT(asprintf(&out_flag, "--benchmark_out=%s", file_path), 0);
}

static void remove_temp_dir(void) {
  unlink(out_path);
  unlink(err_path);
  unlink(file_path);
  ASSERT_EQ(rmdir(dir), 0);
  free(out_path), free(err_path), free(file_path), free(out_flag);
}

/* Runs PROG with ARGS (NULL-terminated, without argv[0]), stdout and stderr
 * to files; returns the exit status, or -1 if it did not exit normally
 * (ut_spawn's 128 + signal: mmaplab-bench itself never exits above 2). */
static int run(const char *prog, const char *const *args) {
  const char *argv[24] = {prog};
  ut_spawn_opts o = {0};
  int rc, n = 1;
  while (*args != NULL && n < 23)
    argv[n++] = *args++;
  argv[n] = NULL;
  o.argv = (char *const *)argv;
  o.out_path = out_path;
  o.err_path = err_path;
  rc = ut_spawn(&o);
  if (rc < 0)
    perror(prog);
  return rc >= 128 ? -1 : rc;
}

static int count_lines(const char *text) {
  int n = 0;
  for (; *text; text++)
    n += *text == '\n';
  return n;
}

static void check_report(const json_t *root) {
  json_t *b, *list = json_object_get(root, "benchmarks");
  json_t *ctx = json_object_get(root, "context");
  size_t i, iterations = 0;
  json_error_t err;
  json_t *fp = json_loads(bt_str(ctx, "mmaplab_fingerprint"), 0, &err);
  ASSERT_STR_EQ(bt_str(ctx, "mmaplab_bench_mode"), "quick");
  /* The fingerprint travels as one JSON string; the page modes' notes say
   * what each mode did (4k always runs on a 4 KiB machine). */
  ASSERT_NOT_NULL(fp);
  ASSERT_DBL(bt_num(fp, "schema_version"), ==, 1);
  json_decref(fp);
  ASSERT_STR_HAS(bt_str(ctx, "mmaplab_page_mode_4k"), "run: verified");
  ASSERT_STR_NE(bt_str(ctx, "mmaplab_page_mode_thp"), "");
  ASSERT_STR_NE(bt_str(ctx, "mmaplab_page_mode_huge2m"), "");
  ASSERT_STR_NE(bt_str(ctx, "mmaplab_page_mode_huge1g"), "");
  ASSERT_STR_NE(bt_str(ctx, "mmaplab_aslr"), "");
  ASSERT_STR_EQ(bt_str(ctx, "mmaplab_page_modes"), "4k");
  ASSERT_U64(json_array_size(list), >, 0);
  json_array_foreach(list, i, b) {
    ASSERT(!bt_failed(b));
    if (strcmp(bt_str(b, "run_type"), "iteration") != 0)
      continue;
    iterations++;
    ASSERT_DBL(bt_num(b, "bytes_per_second"), >, 0);
    ASSERT_DBL(bt_num(b, "repetitions"), ==, 3); /* --quick's default */
  }
  ASSERT_U64(iterations, ==, 3 * 3); /* three benchmarks, three repetitions */
  ASSERT_NOT_NULL(
      bt_bench(root, "find/core/random/miss/page:4k/hay:4096/needle:16"));
  ASSERT_NOT_NULL(
      bt_bench(root, "rfind/naive/text/end/page:4k/hay:4096/needle:2"));
  ASSERT_NOT_NULL(bt_bench(root, "move/glibc/page-cross/page:4k/size:64"));
}

static int test_quick(const char *prog) {
  const char *args[] = {"--quick",
                        "--page-modes=4k",
                        "--benchmark_filter=^(find/core/random/miss/page:4k/"
                        "hay:4096/needle:16|rfind/naive/text/end/page:4k/"
                        "hay:4096/needle:2|move/glibc/page-cross/page:4k/"
                        "size:64)$",
                        "--benchmark_min_time=0.01",
                        "--benchmark_format=json",
                        NULL, /* --benchmark_out, once the paths exist */
                        NULL};
  json_error_t err;
  json_t *std, *file;
  make_temp_dir();
  args[sizeof args / sizeof args[0] - 2] = out_flag;
  ASSERT_EQ(run(prog, args), 0);
  std = json_load_file(out_path, 0, &err);
  ASSERT_NOT_NULL(std);
  file = json_load_file(file_path, 0, &err);
  ASSERT_NOT_NULL(file);
  check_report(std);
  check_report(file);
  json_decref(std);
  json_decref(file);
  remove_temp_dir();
  return 0;
}

/* Runs PROG with ARGS (NULL-terminated): a misuse, so exit 2 with one line
 * on stderr (holding WANT, unless NULL), nothing on stdout and no
 * --benchmark_out file. */
static void expect_misuse(const char *prog, const char *const *args,
                          const char *want) {
  struct stat sb;
  const int rc = run(prog, args);
  char *out = bt_slurp(fopen(out_path, "r")),
       *err = bt_slurp(fopen(err_path, "r"));
  fprintf(stderr, "misuse");
  for (const char *const *a = args; *a != NULL; a++)
    fprintf(stderr, " '%s'", *a);
  fprintf(stderr, ": exit %d, stderr: %s", rc, err);
  ASSERT_EQ(rc, 2);
  ASSERT_EQ(count_lines(err), 1);
  ASSERT_STR_EQ(out, "");
  if (want != NULL)
    ASSERT_STR_HAS(err, want);
  ASSERT_NE(stat(file_path, &sb), 0);
  free(out);
  free(err);
}

/* A misuse of A (and B, unless NULL) after a --benchmark_out that must not
 * be created. */
static void check_misuse(const char *prog, const char *a, const char *b) {
  const char *args[] = {out_flag, a, b, NULL};
  expect_misuse(prog, args, NULL);
}

/* Google Benchmark flags whose values would crash the run or be taken
 * silently wrong, refused before any work (bench_flags.h). */
static void check_gbench_misuse(const char *prog) {
  static const char *const bad[] = {
      "--benchmark_repetitions=-1",
      "--benchmark_repetitions=0",
      "--benchmark_repetitions=100001",
      "--benchmark_repetitions=9223372036854775807",
      "--benchmark_repetitions=-9223372036854775808",
      "--benchmark_repetitions=18446744073709551616",
      "--benchmark_repetitions=abc",
      "--benchmark_repetitions",
      "--benchmark_min_time=0",
      "--benchmark_min_time=-1",
      "--benchmark_min_time=nan",
      "--benchmark_min_time=inf",
      "--benchmark_min_time=1e999",
      "--benchmark_min_time=0x1p3",
      "--benchmark_min_time=86401",
      "--benchmark_min_time=0.5ms",
      "--benchmark_min_time=0x",
      "--benchmark_min_time=-5x",
      "--benchmark_min_time=9223372036854775808x",
      "--benchmark_min_warmup_time=-1",
      "--benchmark_enable_random_interleaving=maybe",
      "--benchmark_report_aggregates_only=2",
      "--benchmark_list_tests=",
      "--benchmark_color=",
      "--benchmark_color=sometimes",
      "--benchmark_time_unit=xx",
      "--benchmark_context=abc",
      "--benchmark_context=a=b,",
      "--benchmark_filter=[",
      "--benchmark_filter=-(",
      "--v=-1",
      "--v=9223372036854775807",
  };
  /* a short run where a flag is not refused (a later filter wins) */
  static const char small[] =
      "--benchmark_filter=^open/raw/anon-private/size:4096$";
  char *dir_flag;
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
    check_misuse(prog, bad[i], small);
  check_misuse(prog, "--reserve-hugetlb=18446744073709551616", small);
  check_misuse(prog, "--reserve-hugetlb=+4", small);
  check_misuse(prog, "--reserve-hugetlb= 4", small);
  /* an existing directory, refused before the run, not after it */
  ASSERT_GT(asprintf(&dir_flag, "--benchmark_out=%s", dir), 0);
  check_misuse(prog, dir_flag, small);
  free(dir_flag);
  /* Google Benchmark's defaults from the environment, likewise */
  setenv("BENCHMARK_REPETITIONS", "-1", 1);
  check_misuse(prog, small, NULL);
  unsetenv("BENCHMARK_REPETITIONS");
  setenv("BENCHMARK_TIME_UNIT", "minutes", 1);
  check_misuse(prog, small, NULL);
  unsetenv("BENCHMARK_TIME_UNIT");
}

/* Misuse whose one line must name the cause: WANT is in it. */
static void check_message(const char *prog, const char *arg, const char *want) {
  const char *args[] = {arg, NULL};
  expect_misuse(prog, args, want);
}

/* Values Google Benchmark takes, passed on: a listing exits 0. */
static void check_gbench_accepted(const char *prog) {
  static const char *const good[] = {
      "--benchmark_min_time=0.5s",
      "--benchmark_min_time=0.001",
      "--benchmark_min_time=86400",
      "--benchmark_min_warmup_time=0",
      "--benchmark_repetitions=1",
      "--benchmark_repetitions=100000",
      "--benchmark_enable_random_interleaving=false",
      "--benchmark_report_aggregates_only=yes",
      "--benchmark_list_tests",
      "--benchmark_color=auto",
      "--benchmark_time_unit=us",
      "--benchmark_context=a=b,c=d",
      "--benchmark_filter=-^find/",
      "--benchmark_filter=all",
      "--v=0",
  };
  for (size_t i = 0; i < sizeof good / sizeof good[0]; i++) {
    const char *args[] = {"--keep-aslr",
                          "--page-modes=4k",
                          "--benchmark_list_tests=true",
                          "--benchmark_filter=^open/raw/anon-private/",
                          good[i],
                          NULL};
    fprintf(stderr, "accepted '%s'\n", good[i]);
    ASSERT_EQ(run(prog, args), 0);
  }
}

static int test_misuse(const char *prog) {
  make_temp_dir();
  check_misuse(prog, "--bogus", NULL);
  check_misuse(prog, "stray", NULL);
  /* What getopt_long alone would take: abbreviations, clusters, "--", a
   * value in the other form than --name=VALUE. */
  check_misuse(prog, "--qu", NULL);
  check_misuse(prog, "--page=4k", NULL);
  check_misuse(prog, "-hq", NULL);
  check_misuse(prog, "--", "--quick");
  check_misuse(prog, "--bench-dir", "/tmp");
  check_misuse(prog, "--keep-aslr=1", NULL);
  check_misuse(prog, "--quick", "stray");
  check_misuse(prog, "--quick", "--full");
  check_misuse(prog, "--quick", "--quick");
  check_misuse(prog, "--benchmark_fitler=x", NULL);
  check_misuse(prog, "--benchmark_format=xml", NULL);
  check_misuse(prog, "--benchmark_out_format=yaml", NULL);
  check_misuse(prog, "--benchmark_filter=^nothing-matches$", NULL);
  check_misuse(prog, "--benchmark_out=", NULL);
  check_misuse(prog, "--benchmark_out=/nonexistent-dir/x.json", NULL);
  check_misuse(prog, "--page-modes=4k,bogus", NULL);
  check_misuse(prog, "--page-modes=", NULL);
  check_misuse(prog, "--page-modes=4k,", NULL);
  check_misuse(prog, "--page-modes=mthp8k", NULL);    /* no anonymous 8 kB */
  check_misuse(prog, "--page-modes=mthp2048k", NULL); /* that is thp */
  check_misuse(prog, "--thp=", NULL);
  check_misuse(prog, "--thp=inherit", NULL);
  check_misuse(prog, "--thp", "always");
  check_misuse(prog, "--reserve-hugetlb=0", NULL);
  check_misuse(prog, "--reserve-hugetlb=-9223372036854775808", NULL);
  check_misuse(prog, "--reserve-hugetlb=9223372036854775807", NULL);
  check_misuse(prog, "--reserve-hugetlb=4:3M", NULL);
  check_misuse(prog, "--bench-dir=", NULL);
  check_misuse(prog, "--bench-dir=/nonexistent-dir", NULL);
  check_misuse(prog, "--search-isa=", NULL);
  check_misuse(prog, "--search-isa=bogus", NULL);
  if (!mml_search_isa_available("avx512")) /* refused where it cannot run */
    check_misuse(prog, "--search-isa=avx512", NULL);
  check_gbench_misuse(prog);
  check_gbench_accepted(prog);
  check_message(prog, "--bench-dir=/nonexistent-dir", strerror(ENOENT));
  check_message(prog, "--bench-dir=/dev/null", strerror(ENOTDIR));
  remove_temp_dir();
  return 0;
}

int main(int argc, char **argv) {
  static const bt_test tests[] = {{"quick", test_quick},
                                  {"misuse", test_misuse}};
  return bt_main(argc, argv, tests, 2, 1);
}

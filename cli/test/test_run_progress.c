/* test_run_progress.c - the progress lines of `mmaplab run` (run_progress.h)
 * from a helper's lines, on a clock the test sets. */
#define _GNU_SOURCE /* open_memstream */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli_tests.h"
#include "run_progress.h"
#include "test.h"

static double clock_now;
static double fake_now(void) { return clock_now; }

/* A phase on a memory stream; the text is in *TEXT after fclose. */
typedef struct stream {
  char *text;
  size_t len;
  FILE *f;
} stream;

static void open_stream(stream *s) {
  memset(s, 0, sizeof *s);
  s->f = open_memstream(&s->text, &s->len);
  ASSERT_NOT_NULL(s->f);
}

/* Not a terminal: a whole line at most every 5 s, the counts and the time
 * left from the elapsed time per item; the end line always; lines that are
 * not progress lines are ignored. */
TEST_IMPL(progress_log_lines) {
  stream s;
  cli_progress p;
  open_stream(&s);
  clock_now = 100;
  cli_progress_begin(&p, s.f, 0, fake_now, "benchmarks: C", "runs");
  clock_now = 101;
  cli_progress_line("1 40 find/core", &p); /* too soon */
  clock_now = 105;
  cli_progress_line("10 40 find/core", &p); /* 5 s: 0.5 s per run */
  clock_now = 107;
  cli_progress_line("12 40 move/core", &p); /* too soon after the last */
  cli_progress_line("note: not a progress line", &p);
  clock_now = 230;
  cli_progress_line("39 40 fault/x", &p); /* 130 s for 39 */
  clock_now = 234;
  cli_progress_end(&p);
  fclose(s.f);
  ASSERT_STR_EQ(s.text,
                "mmaplab run: benchmarks: C: 10/40 runs, 5.0 s, about 15 s "
                "left\n"
                "mmaplab run: benchmarks: C: 39/40 runs, 2m10s, about 3.3 s "
                "left\n"
                "mmaplab run: benchmarks: C: 39/40 runs in 2m14s\n");
  free(s.text);
}

/* A terminal: one line redrawn (at most 5 times a second), replaced by the
 * end line. */
TEST_IMPL(progress_tty_line) {
  stream s;
  cli_progress p;
  open_stream(&s);
  clock_now = 0;
  cli_progress_begin(&p, s.f, 1, fake_now, "conformance: core", "cases");
  clock_now = 0.1;
  cli_progress_line("5 100 a", &p); /* too soon */
  clock_now = 0.5;
  cli_progress_line("10 100 b", &p);
  clock_now = 0.6;
  cli_progress_line("12 100 c", &p); /* too soon */
  clock_now = 4000;
  cli_progress_line("100 100 z", &p); /* done: no time left shown */
  cli_progress_end(&p);
  fclose(s.f);
  ASSERT_STR_EQ(s.text,
                "\r\033[Kmmaplab run: conformance: core: 10/100 cases, 0.5 s, "
                "about 4.5 s left"
                "\r\033[Kmmaplab run: conformance: core: 100/100 cases, "
                "1h06m"
                "\r\033[Kmmaplab run: conformance: core: 100/100 cases in "
                "1h06m\n");
  free(s.text);
}

/* A helper that said nothing: no end line (the step line is all). */
TEST_IMPL(progress_silent_helper) {
  stream s;
  cli_progress p;
  open_stream(&s);
  cli_progress_begin(&p, s.f, 0, fake_now, "x", "cases");
  cli_progress_line("", &p);
  cli_progress_line("12", &p);
  cli_progress_end(&p);
  fclose(s.f);
  ASSERT_STR_EQ(s.text, "");
  free(s.text);
}

TEST_IMPL(progress_durations) {
  char buf[32];
  cli_progress_duration(-5, buf, sizeof buf);
  ASSERT_STR_EQ(buf, "0.0 s");
  cli_progress_duration(9.94, buf, sizeof buf);
  ASSERT_STR_EQ(buf, "9.9 s");
  cli_progress_duration(59.4, buf, sizeof buf);
  ASSERT_STR_EQ(buf, "59 s");
  cli_progress_duration(185, buf, sizeof buf);
  ASSERT_STR_EQ(buf, "3m05s");
  cli_progress_duration(7620, buf, sizeof buf);
  ASSERT_STR_EQ(buf, "2h07m");
  cli_progress_duration(1e300, buf, sizeof buf); /* beyond lround's range */
  ASSERT_STR_EQ(buf, "99999h00m");
  cli_progress_duration(INFINITY, buf, sizeof buf);
  ASSERT_STR_EQ(buf, "99999h00m");
  cli_progress_duration(NAN, buf, sizeof buf);
  ASSERT_STR_EQ(buf, "0.0 s");
}

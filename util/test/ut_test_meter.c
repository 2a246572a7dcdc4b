/* test_run_progress.c - the progress lines of `mmaplab run` (ut_meter.h)
 * from a helper's lines, on a clock the test sets. */
#define _GNU_SOURCE /* open_memstream */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "test.h"
#include "ut_meter.h"
#include "ut_tests.h"

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
 * left from the time per item since the first; the end line always; lines
 * that are not progress lines are ignored. */
TEST_IMPL(meter_log_lines) {
  stream s;
  ut_meter p;
  open_stream(&s);
  clock_now = 100;
  ut_meter_begin(&p, s.f, 0, fake_now, "mmaplab run: benchmarks: C", "runs");
  clock_now = 101;
  ut_meter_line("1 40 find/core", &p); /* too soon; the first */
  clock_now = 105;
  ut_meter_line("10 40 find/core", &p); /* 4 s for 9: 30 left */
  clock_now = 107;
  ut_meter_line("12 40 move/core", &p); /* too soon after the last */
  ut_meter_line("note: not a progress line", &p);
  clock_now = 230;
  ut_meter_line("39 40 fault/x", &p); /* 129 s for 38 */
  clock_now = 234;
  ut_meter_end(&p);
  fclose(s.f);
  ASSERT_STR_EQ(s.text,
                "mmaplab run: benchmarks: C: 10/40 runs, 5.0 s, about 13 s "
                "left\n"
                "mmaplab run: benchmarks: C: 39/40 runs, 2m10s, about 3.4 s "
                "left\n"
                "mmaplab run: benchmarks: C: 39/40 runs in 2m14s\n");
  free(s.text);
}

/* A terminal: one line redrawn (at most 5 times a second), replaced by the
 * end line. */
TEST_IMPL(meter_tty_line) {
  stream s;
  ut_meter p;
  open_stream(&s);
  clock_now = 0;
  ut_meter_begin(&p, s.f, 1, fake_now, "mmaplab run: conformance: core",
                 "cases");
  clock_now = 0.1;
  ut_meter_line("5 100 a", &p); /* too soon; the first */
  clock_now = 0.5;
  ut_meter_line("10 100 b", &p); /* 0.4 s for 5: 90 left */
  clock_now = 0.6;
  ut_meter_line("12 100 c", &p); /* too soon */
  clock_now = 4000;
  ut_meter_line("100 100 z", &p); /* done: no time left shown */
  ut_meter_end(&p);
  fclose(s.f);
  ASSERT_STR_EQ(s.text,
                "\r\033[Kmmaplab run: conformance: core: 10/100 cases, 0.5 s, "
                "about 7.2 s left"
                "\r\033[Kmmaplab run: conformance: core: 100/100 cases, "
                "1h06m"
                "\r\033[Kmmaplab run: conformance: core: 100/100 cases in "
                "1h06m\n");
  free(s.text);
}

/* A helper that said nothing: no end line (the step line is all). */
TEST_IMPL(meter_silent_helper) {
  stream s;
  ut_meter p;
  open_stream(&s);
  ut_meter_begin(&p, s.f, 0, fake_now, "x", "cases");
  ut_meter_line("", &p);
  ut_meter_line("12", &p);
  ut_meter_end(&p);
  fclose(s.f);
  ASSERT_STR_EQ(s.text, "");
  free(s.text);
}

TEST_IMPL(meter_durations) {
  char buf[32];
  ut_meter_duration(-5, buf, sizeof buf);
  ASSERT_STR_EQ(buf, "0.0 s");
  ut_meter_duration(9.94, buf, sizeof buf);
  ASSERT_STR_EQ(buf, "9.9 s");
  ut_meter_duration(59.4, buf, sizeof buf);
  ASSERT_STR_EQ(buf, "59 s");
  ut_meter_duration(185, buf, sizeof buf);
  ASSERT_STR_EQ(buf, "3m05s");
  ut_meter_duration(7620, buf, sizeof buf);
  ASSERT_STR_EQ(buf, "2h07m");
  ut_meter_duration(1e300, buf, sizeof buf); /* beyond lround's range */
  ASSERT_STR_EQ(buf, "99999h00m");
  ut_meter_duration(INFINITY, buf, sizeof buf);
  ASSERT_STR_EQ(buf, "99999h00m");
  ut_meter_duration(NAN, buf, sizeof buf);
  ASSERT_STR_EQ(buf, "0.0 s");
}

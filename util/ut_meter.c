/* ut_meter.c - a progress line on stderr (ut_meter.h). */
#include "ut_meter.h"

#include <math.h>

#include "ut_progress.h"

/* The least time between two lines on a terminal, and elsewhere. */
#define TTY_INTERVAL 0.2
#define LOG_INTERVAL 5.0

/* The longest duration shown: 99999h, within lround's range. */
#define MAX_SECONDS 359996400.0

void ut_meter_duration(double seconds, char *buf, size_t len) {
  const long s = !(seconds > 0)           ? 0
                 : seconds >= MAX_SECONDS ? (long)MAX_SECONDS
                                          : lround(seconds);
  if (!(seconds >= 9.95)) /* what "%.1f" shows as 9.9 or less */
    snprintf(buf, len, "%.1f s", seconds > 0 ? seconds : 0.0);
  else if (s < 60)
    snprintf(buf, len, "%ld s", s);
  else if (s < 3600)
    snprintf(buf, len, "%ldm%02lds", s / 60, s % 60);
  else
    snprintf(buf, len, "%ldh%02ldm", s / 3600, s % 3600 / 60);
}

void ut_meter_begin(ut_meter *m, FILE *f, int tty, double (*now)(void),
                    const char *prefix, const char *unit) {
  *m = (ut_meter){
      .f = f, .tty = tty, .now = now, .prefix = prefix, .unit = unit};
  m->start = m->shown = now();
}

/* Starts a line: on a terminal over the one drawn before. */
static void line_start(const ut_meter *m) {
  if (m->tty)
    fputs("\r\033[K", m->f); /* to the line's start, erase it */
  fprintf(m->f, "%s: %zu/%zu %s", m->prefix, m->done, m->total, m->unit);
}

static void show(ut_meter *m, double now) {
  const double elapsed = now - m->start;
  char spent[32], left[32];
  ut_meter_duration(elapsed, spent, sizeof spent);
  line_start(m);
  fprintf(m->f, ", %s", spent);
  if (m->done > m->first_done && m->done < m->total) {
    ut_meter_duration((now - m->first) / (double)(m->done - m->first_done) *
                          (double)(m->total - m->done),
                      left, sizeof left);
    fprintf(m->f, ", about %s left", left);
  }
  if (!m->tty)
    fputc('\n', m->f);
  fflush(m->f);
  m->shown = now;
}

void ut_meter_update(ut_meter *m, size_t done, size_t total) {
  const double now = m->now();
  if (m->first_done == 0 && done > 0) {
    m->first = now;
    m->first_done = done;
  }
  m->done = done;
  m->total = total;
  if (now - m->shown >= (m->tty ? TTY_INTERVAL : LOG_INTERVAL))
    show(m, now);
}

void ut_meter_line(const char *line, void *arg) {
  const char *name;
  size_t done, total;
  if (ut_progress_parse(line, &done, &total, &name))
    ut_meter_update(arg, done, total);
}

void ut_meter_end(ut_meter *m) {
  char spent[32];
  if (m->total == 0 && m->done == 0)
    return; /* no count came: the phase's own lines are all */
  ut_meter_duration(m->now() - m->start, spent, sizeof spent);
  line_start(m);
  fprintf(m->f, " in %s\n", spent);
  fflush(m->f);
}

/* run_progress.c - the progress of `mmaplab run` on stderr
 * (run_progress.h). */
#include "run_progress.h"

#include <math.h>

#include "ut_progress.h"

/* The least time between two lines on a terminal, and elsewhere. */
#define TTY_INTERVAL 0.2
#define LOG_INTERVAL 5.0

/* The longest duration shown: 99999h, within lround's range. */
#define MAX_SECONDS 359996400.0

void cli_progress_duration(double seconds, char *buf, size_t len) {
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

void cli_progress_begin(cli_progress *p, FILE *f, int tty, double (*now)(void),
                        const char *what, const char *unit) {
  *p = (cli_progress){
      .f = f, .tty = tty, .now = now, .what = what, .unit = unit};
  p->start = p->shown = now();
}

/* Starts a line: on a terminal over the one drawn before. */
static void line_start(cli_progress *p) {
  if (p->tty)
    fputs("\r\033[K", p->f); /* to the line's start, erase it */
  fprintf(p->f, "mmaplab run: %s: %zu/%zu %s", p->what, p->done, p->total,
          p->unit);
}

static void show(cli_progress *p, double now) {
  const double elapsed = now - p->start;
  char spent[32], left[32];
  cli_progress_duration(elapsed, spent, sizeof spent);
  line_start(p);
  fprintf(p->f, ", %s", spent);
  if (p->done > 0 && p->done < p->total) {
    cli_progress_duration(elapsed / (double)p->done *
                              (double)(p->total - p->done),
                          left, sizeof left);
    fprintf(p->f, ", about %s left", left);
  }
  if (p->tty)
    p->drawn = 1;
  else
    fputc('\n', p->f);
  fflush(p->f);
  p->shown = now;
}

void cli_progress_line(const char *line, void *arg) {
  cli_progress *p = arg;
  const char *name;
  size_t done, total;
  double now;
  if (!ut_progress_parse(line, &done, &total, &name))
    return;
  p->done = done;
  p->total = total;
  now = p->now();
  if (now - p->shown >= (p->tty ? TTY_INTERVAL : LOG_INTERVAL))
    show(p, now);
}

void cli_progress_end(cli_progress *p) {
  char spent[32];
  if (p->total == 0 && p->done == 0)
    return; /* the helper said nothing: its step line is all */
  cli_progress_duration(p->now() - p->start, spent, sizeof spent);
  line_start(p);
  fprintf(p->f, " in %s\n", spent);
  fflush(p->f);
  p->drawn = 0;
}

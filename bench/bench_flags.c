/* bench_flags.c - Google Benchmark's flags checked before a run
 * (bench_flags.h). What each flag accepts is Google Benchmark's documented
 * syntax (benchmark.h, --help of libbenchmark 1.7/1.8), narrowed to the
 * values that make sense for a run. */
#define _POSIX_C_SOURCE 200809L /* strdup, strncasecmp */
#include "bench_flags.h"

#include <ctype.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "gbench.h"
#include "ut_num.h"

/* The Google Benchmark this is built with (bench/CMakeLists.txt); 0.0 when
 * unknown, which gets the oldest rules. */
#ifndef MMAPLAB_GBENCH_VERSION
#define MMAPLAB_GBENCH_VERSION "unknown"
#define MMAPLAB_GBENCH_VERSION_MAJOR 0
#define MMAPLAB_GBENCH_VERSION_MINOR 0
#endif
/* --benchmark_min_time takes a unit ("0.5s", "100x") from 1.8 on. */
#define MIN_TIME_UNITS                                                         \
  (MMAPLAB_GBENCH_VERSION_MAJOR > 1 ||                                         \
   (MMAPLAB_GBENCH_VERSION_MAJOR == 1 && MMAPLAB_GBENCH_VERSION_MINOR >= 8))

/* Longest --benchmark_min_time / --benchmark_min_warmup_time: a day per
 * benchmark; more is a typo, not a plan. */
#define MAX_SECONDS 86400
/* Google Benchmark's own cap on iterations (kMaxIterations). */
#define MAX_ITERATIONS 1000000000
/* Each repetition keeps its result in memory until the benchmark ends. */
#define MAX_REPETITIONS 100000

typedef enum kind {
  K_BOOL,     /* true/false, yes/no, on/off, 1/0; the bare flag is true */
  K_INT,      /* a whole number in [lo, hi] */
  K_SECONDS,  /* seconds in [lo, hi] */
  K_MIN_TIME, /* seconds > 0, or (1.8+) "Ns" or "Nx" iterations */
  K_CHOICE,   /* one word of choices */
  K_FILTER,   /* a regular expression, optionally after "-" */
  K_CONTEXT   /* key=value[,key=value...] */
} kind;

typedef struct flag {
  const char *name; /* without "--" */
  kind kind;
  int64_t lo, hi;      /* K_INT, K_SECONDS */
  const char *choices; /* K_CHOICE: space-separated */
} flag;

/* clang-format off */
static const flag flags[] = {
  {"benchmark_list_tests",                 K_BOOL,     0, 0, NULL},
  {"benchmark_filter",                     K_FILTER,   0, 0, NULL},
  {"benchmark_min_time",                   K_MIN_TIME, 0, 0, NULL},
  {"benchmark_min_warmup_time",            K_SECONDS,  0, MAX_SECONDS, NULL},
  {"benchmark_repetitions",                K_INT,      1, MAX_REPETITIONS, NULL},
  {"benchmark_enable_random_interleaving", K_BOOL,     0, 0, NULL},
  {"benchmark_report_aggregates_only",     K_BOOL,     0, 0, NULL},
  {"benchmark_display_aggregates_only",    K_BOOL,     0, 0, NULL},
  {"benchmark_format",                     K_CHOICE,   0, 0, "console json csv"},
  {"benchmark_out_format",                 K_CHOICE,   0, 0, "console json csv"},
  {"benchmark_color",                      K_CHOICE,   0, 0,
   "auto true false yes no on off 1 0"},
  {"benchmark_counters_tabular",           K_BOOL,     0, 0, NULL},
  {"benchmark_context",                    K_CONTEXT,  0, 0, NULL},
  {"benchmark_time_unit",                  K_CHOICE,   0, 0, "ns us ms s"},
  {"v",                                    K_INT,      0, INT32_MAX, NULL},
};
/* clang-format on */
#define NFLAGS (sizeof flags / sizeof flags[0])

/* 1 if WORD is one of the space-separated CHOICES (ICASE: any case). */
static int one_of(const char *word, const char *choices, int icase) {
  const size_t n = strlen(word);
  for (const char *c = choices; *c != '\0';) {
    const size_t len = strcspn(c, " ");
    if (len == n && n > 0 &&
        (icase ? strncasecmp(c, word, n) : strncmp(c, word, n)) == 0)
      return 1;
    c += len + (c[len] == ' ');
  }
  return 0;
}

/* "key=value[,key=value...]", keys and values not empty, one '=' each. */
static int context_ok(const char *v) {
  for (;;) {
    const size_t len = strcspn(v, ",");
    const char *eq = memchr(v, '=', len);
    if (eq == NULL || eq == v || eq + 1 == v + len ||
        memchr(eq + 1, '=', (size_t)(v + len - eq - 1)) != NULL)
      return 0;
    if (v[len] == '\0')
      return 1;
    v += len + 1;
  }
}

/* The number before a unit letter of a --benchmark_min_time value, in BUF
 * (copied); NULL when too long. */
static const char *before_unit(const char *v, char *buf, size_t cap) {
  const size_t n = strlen(v) - 1;
  if (n >= cap)
    return NULL;
  memcpy(buf, v, n);
  buf[n] = '\0';
  return buf;
}

/* --benchmark_min_time=V: 0 or EINVAL; *NUMBER_ONLY is set (malloc'd) to
 * the seconds without their unit when this Google Benchmark takes none. */
static int min_time_ok(const char *v, char **number_only, const char **why) {
  char buf[64];
  const char *num = v;
  const size_t n = strlen(v);
  double s;
  int64_t iters;
  *why = "expected seconds > 0 and at most 86400, e.g. 0.5"
#if MIN_TIME_UNITS
         ", 0.5s, or an iteration count such as 100x"
#endif
      ;
  if (n > 1 && v[n - 1] == 'x') {
    if ((num = before_unit(v, buf, sizeof buf)) == NULL ||
        ut_parse_i64(num, 1, MAX_ITERATIONS, &iters) != 0)
      return EINVAL;
    if (!MIN_TIME_UNITS) {
      *why = "an iteration count needs Google Benchmark 1.8 or later "
             "(built with " MMAPLAB_GBENCH_VERSION "); give seconds";
      return EINVAL;
    }
    return 0;
  }
  if (n > 1 && v[n - 1] == 's' &&
      (num = before_unit(v, buf, sizeof buf)) == NULL)
    return EINVAL;
  if (ut_parse_double(num, 0, (double)MAX_SECONDS, &s) != 0 || !(s > 0))
    return EINVAL;
  if (num != v && !MIN_TIME_UNITS && (*number_only = strdup(num)) == NULL)
    return ENOMEM;
  return 0;
}

/* Checks VALUE (NULL: the flag without "=") of F; SHOWN is how the user
 * gave it, for the message. */
static int value_ok(const flag *f, const char *value, const char *shown,
                    char **number_only, char *err, size_t errlen) {
  const char *why = NULL;
  char re_err[256];
  int64_t i;
  double d;
  if (value == NULL && f->kind != K_BOOL) {
    snprintf(err, errlen, "%s needs a value (--%s=...)", shown, f->name);
    return EINVAL;
  }
  switch (f->kind) {
  case K_BOOL:
    if (value != NULL && !one_of(value, "true false yes no on off 1 0", 1))
      why = "expected true or false";
    break;
  case K_INT:
    if (ut_parse_i64(value, f->lo, f->hi, &i) != 0)
      why = "expected a whole number in";
    break;
  case K_SECONDS:
    if (ut_parse_double(value, (double)f->lo, (double)f->hi, &d) != 0)
      why = "expected seconds in";
    break;
  case K_MIN_TIME: {
    const int rc = min_time_ok(value, number_only, &why);
    why = rc == 0 ? NULL : rc == ENOMEM ? "out of memory" : why;
    break;
  }
  case K_CHOICE:
    if (!one_of(value, f->choices, 0))
      why = "expected one of";
    break;
  case K_FILTER:
    if (gb_filter_check(value, re_err, sizeof re_err) != 0)
      why = re_err;
    break;
  case K_CONTEXT:
    if (!context_ok(value))
      why = "expected key=value[,key=value...]";
    break;
  }
  if (why == NULL)
    return 0;
  if (f->kind == K_CHOICE)
    snprintf(err, errlen, "%s: %s %s", shown, why, f->choices);
  else if (f->kind == K_INT || f->kind == K_SECONDS)
    snprintf(err, errlen, "%s: %s %lld..%lld", shown, why, (long long)f->lo,
             (long long)f->hi);
  else
    snprintf(err, errlen, "%s: %s", shown, why);
  return EINVAL;
}

int bench_flags_check(const char *arg, char **replacement, char *err,
                      size_t errlen) {
  char *number_only = NULL;
  int rc;
  *replacement = NULL;
  if (strncmp(arg, "--", 2) != 0)
    return 0;
  for (size_t i = 0; i < NFLAGS; i++) {
    const size_t n = strlen(flags[i].name);
    const char *rest = arg + 2 + n;
    if (strncmp(arg + 2, flags[i].name, n) != 0 ||
        (*rest != '\0' && *rest != '='))
      continue;
    rc = value_ok(&flags[i], *rest == '=' ? rest + 1 : NULL, arg, &number_only,
                  err, errlen);
    if (rc == 0 && number_only != NULL) {
      const size_t len = 2 + n + 1 + strlen(number_only) + 1;
      if ((*replacement = malloc(len)) != NULL)
        snprintf(*replacement, len, "--%s=%s", flags[i].name, number_only);
      free(number_only);
      if (*replacement == NULL) {
        snprintf(err, errlen, "%s: out of memory", arg);
        return EINVAL;
      }
    }
    return rc;
  }
  return 0;
}

int bench_flags_check_env(char *err, size_t errlen) {
  for (size_t i = 0; i < NFLAGS; i++) {
    char name[64], shown[360];
    char *number_only = NULL;
    const char *value;
    size_t n = 0;
    /* Google Benchmark reads BENCHMARK_<FLAG> for the benchmark_ flags; "v"
     * would be the variable V, which it ignores when it is not a number. */
    if (strncmp(flags[i].name, "benchmark_", 10) != 0)
      continue;
    for (const char *c = flags[i].name; *c != '\0' && n + 1 < sizeof name;)
      name[n++] = (char)toupper((unsigned char)*c++);
    name[n] = '\0';
    if ((value = getenv(name)) == NULL)
      continue;
    snprintf(shown, sizeof shown, "%s=%.256s (environment)", name, value);
    if (value_ok(&flags[i], value, shown, &number_only, err, errlen) != 0)
      return EINVAL;
    if (number_only != NULL) { /* no argument to replace in the environment */
      free(number_only);
      snprintf(err, errlen, "%s: give seconds without a unit", shown);
      return EINVAL;
    }
  }
  return 0;
}

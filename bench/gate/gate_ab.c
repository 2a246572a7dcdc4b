/* gate_ab.c - the interleaved gate (gate_ab.h). */
#define _GNU_SOURCE /* sched_setaffinity, CPU_* */
#include "gate_ab.h"

#include <dirent.h>
#include <errno.h>
#include <math.h>
#include <sched.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "gate_fp.h"
#include "gate_paired.h"
#include "gate_signrank.h"
#include "ut_cleanup.h"
#include "ut_path.h"
#include "ut_spawn.h"
#include "ut_str.h"
#include "ut_time.h"

const char *const gate_ab_default_args[] = {
    "--quick",
    "--page-modes=4k",
    "--benchmark_filter=^(find|rfind)/core/random/miss/page:4k/hay:1048576/"
    "needle:(16|256)$",
    "--benchmark_repetitions=1",
    "--benchmark_min_time=0.01",
    NULL};

const char *const gate_ab_default_instr_args[] = {
    "--quick", "--page-modes=4k",
    "--benchmark_filter=^(find|rfind)/core/random/miss/page:4k/hay:1048576/"
    "needle:(16|256)$|^move/core/(fwd-overlap|disjoint)/page:4k/size:65536$",
    NULL};

/* One side (old or new): its program and its processes' results. */
typedef struct ab_side {
  const char *name; /* "old" or "new" */
  char *bench;      /* the mmaplab-bench to run */
  rs_result *runs;  /* one per process after the warm-up, in order */
  size_t nruns, cap;
  rs_result warm; /* the warm-up process */
} ab_side;

/* The whole run. */
typedef struct ab_run {
  const gate_opts *o;
  gate_params *p;
  ab_side side[2];
  char *dir;     /* where every process's files go */
  int temporary; /* DIR is ours to remove */
  int failed;    /* keep DIR: a process failed */
  char **argv;   /* mmaplab-bench's argument vector, slots for the rest */
  size_t argc0;  /* arguments before the per-process ones */
  uint64_t rng;
  long cpu; /* the CPU pinned to, or -1 */
} ab_run;

/* Prints "mmaplab gate: MSG" and returns 2. */
static int fail(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static int fail(const char *fmt, ...) {
  va_list ap;
  fputs("mmaplab gate: ", stderr);
  va_start(ap, fmt);
  vfprintf(stderr, fmt, ap);
  va_end(ap);
  fputc('\n', stderr);
  return 2;
}

/* splitmix64: the order of each round from --seed. */
static uint64_t next_random(uint64_t *s) {
  uint64_t z = (*s += 0x9e3779b97f4a7c15u);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
  return z ^ (z >> 31);
}

static int is_program(const char *path) {
  struct stat st;
  return stat(path, &st) == 0 && S_ISREG(st.st_mode) && access(path, X_OK) == 0;
}

/* The mmaplab-bench that ARG names (gate_ab.h, 1.) into *OUT (a new
 * string): 0, or 2 after the line. */
static int find_bench(const char *opt, const char *arg, char **out) {
  static const char *const inside[] = {"bench/mmaplab-bench",
                                       "libexec/mmaplab/mmaplab-bench"};
  struct stat st;
  if (stat(arg, &st) != 0)
    return fail("--ab %s '%s': %s", opt, arg, strerror(errno));
  if (!S_ISDIR(st.st_mode)) {
    if (!is_program(arg))
      return fail("--ab %s '%s': not an executable program", opt, arg);
    *out = ut_xstrdup(arg);
    return 0;
  }
  for (size_t i = 0; i < 2; i++) {
    char *p = ut_xasprintf("%s/%s", arg, inside[i]);
    if (is_program(p)) {
      *out = p;
      return 0;
    }
    free(p);
  }
  return fail("--ab %s '%s': a directory without %s or %s", opt, arg, inside[0],
              inside[1]);
}

/* Pins this process (and so its children) to one CPU: O->cpu, or the last
 * one allowed now; none with --cpu none. Not allowed (a cpuset, a
 * container): a note, and the runs go on unpinned. */
static void pin(ab_run *r) {
  cpu_set_t set;
  long cpu = r->o->cpu;
  r->cpu = -1;
  if (cpu == -2)
    return;
  if (cpu == -1) {
    if (sched_getaffinity(0, sizeof set, &set) != 0)
      return;
    for (int i = CPU_SETSIZE - 1; i >= 0 && cpu == -1; i--)
      if (CPU_ISSET(i, &set))
        cpu = i;
    if (cpu == -1)
      return;
  }
  CPU_ZERO(&set);
  CPU_SET((int)cpu, &set);
  if (sched_setaffinity(0, sizeof set, &set) != 0) {
    fprintf(stderr,
            "mmaplab gate: note: cannot pin to CPU %ld (%s); the runs "
            "are not pinned\n",
            cpu, strerror(errno));
    return;
  }
  r->cpu = cpu;
}

/* 1 if DIR can be opened and holds nothing but "." and "..". */
static int dir_is_empty(const char *dir) {
  DIR *d = opendir(dir);
  struct dirent *e;
  int empty = d != NULL;
  while (empty && (e = readdir(d)) != NULL)
    empty = strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0;
  if (d != NULL)
    closedir(d);
  return empty;
}

/* The working directory: --keep DIR (made if missing, else it must be
 * empty), or a new temporary one. 0, or 2 after the line. */
static int make_dir(ab_run *r) {
  const char *keep = r->o->keep;
  if (keep != NULL) {
    char err[512];
    struct stat st;
    if (lstat(keep, &st) != 0) {
      if (ut_mkdirs_check(keep, err, sizeof err) != 0)
        return fail("--keep: %s", err);
      if (ut_mkdirs(keep) != 0)
        return fail("--keep: cannot create %s: %s", keep, strerror(errno));
    } else if (!S_ISDIR(st.st_mode)) {
      return fail("--keep '%s': not a directory", keep);
    } else if (!dir_is_empty(keep)) {
      return fail("--keep '%s': not an empty directory (the gate writes a "
                  "new set of files there)",
                  keep);
    }
    r->dir = ut_xstrdup(keep);
    return 0;
  }
  {
    const char *tmp = getenv("TMPDIR");
    r->dir = ut_xasprintf("%s/mmaplab-gate-XXXXXX",
                          tmp != NULL && tmp[0] != '\0' ? tmp : "/tmp");
  }
  if (mkdtemp(r->dir) == NULL)
    return fail("cannot make a temporary directory '%s': %s", r->dir,
                strerror(errno));
  r->temporary = 1;
  ut_cleanup_add(r->dir);
  return 0;
}

/* mmaplab-bench's argument vector, with room for the per-process ones. */
static void make_argv(ab_run *r) {
  const char *const *def =
      r->o->instructions ? gate_ab_default_instr_args : gate_ab_default_args;
  size_t n = 0, k = 0;
  if (r->o->bench_args != NULL)
    n = (size_t)r->o->nbench_args;
  else
    while (def[n] != NULL)
      n++;
  r->argv = ut_xmalloc((n + 8) * sizeof *r->argv);
  r->argv[k++] = NULL; /* the program, per side */
  if (r->o->instructions)
    r->argv[k++] = "--instructions";
  for (size_t i = 0; i < n; i++)
    r->argv[k++] =
        r->o->bench_args != NULL ? r->o->bench_args[i] : (char *)def[i];
  r->argv[k++] = "--benchmark_out_format=json";
  r->argv[k++] = "--quiet";
  r->argc0 = k;
}

/* Runs one process of side S as LABEL (a file name stem) and loads its
 * results into OUT. 0, or 2 after the line. */
static int run_one(ab_run *r, ab_side *s, const char *label, rs_result *out) {
  char *json = ut_xasprintf("%s/%s.json", r->dir, label);
  char *log = ut_xasprintf("%s/%s.log", r->dir, label);
  char *outarg = ut_xasprintf("--benchmark_out=%s", json);
  char err[1024];
  ut_spawn_opts so;
  int st;
  memset(&so, 0, sizeof so);
  r->argv[0] = s->bench;
  r->argv[r->argc0] = outarg;
  r->argv[r->argc0 + 1] = NULL;
  so.argv = r->argv;
  so.out_path = log;
  so.err_to_out = 1;
  st = ut_spawn(&so);
  if (st != 0 && st != 1) { /* 1: some benchmark reported an error */
    r->failed = 1;
    if (st < 0)
      st = fail("cannot run %s: %s", s->bench, strerror(errno));
    else
      st = fail("the %s build's mmaplab-bench failed (%s %d); its output is "
                "in %s",
                s->name, st > 128 ? "signal" : "exit status",
                st > 128 ? st - 128 : st, log);
  } else if (rs_result_load(json, out, err, sizeof err) != 0) {
    r->failed = 1;
    st = fail("%s (the %s build's output is in %s)", err, s->name, log);
  } else if (out->kind != RS_RESULT_GBENCH) {
    rs_result_free(out);
    r->failed = 1;
    st = fail("%s: not a Google Benchmark result", json);
  } else {
    st = 0;
  }
  free(json);
  free(log);
  free(outarg);
  return st;
}

/* Runs the next process of side S (round ROUND, its I-th of 2). */
static int run_next(ab_run *r, ab_side *s, size_t round, int i) {
  char label[64];
  int rc;
  if (ut_grow(&s->runs, &s->cap, s->nruns + 1, sizeof *s->runs, 64) != 0)
    return fail("out of memory");
  snprintf(label, sizeof label, "%s-%03zu-%d", s->name, round + 1, i);
  rc = run_one(r, s, label, &s->runs[s->nruns]);
  if (rc == 0)
    s->nruns++;
  return rc;
}

/* One round: ABBA or BAAB at random. */
static int run_round(ab_run *r, size_t round) {
  const int first = (int)(next_random(&r->rng) & 1);
  ab_side *x = &r->side[first], *y = &r->side[!first];
  int rc;
  if ((rc = run_next(r, x, round, 1)) != 0 ||
      (rc = run_next(r, y, round, 1)) != 0 ||
      (rc = run_next(r, y, round, 2)) != 0 ||
      (rc = run_next(r, x, round, 2)) != 0)
    return rc;
  return 0;
}

/* Refuses (2) when A and B differ in a key fingerprint field or lack one,
 * unless --force; 0 to go on. DIFF gets the differences when wanted. */
static int check_fp(const ab_run *r, const rs_result *a, const rs_result *b,
                    json_t **diff) {
  char line[2048];
  json_t *d = gate_fp_diff(a, b);
  if (d == NULL)
    return fail("out of memory");
  if (!r->o->force) {
    for (int i = 0; i < 2; i++)
      if (gate_fp_lacks(i ? b : a, line, sizeof line)) {
        json_decref(d);
        return fail("%s has %s; --force judges anyway", i ? b->path : a->path,
                    line);
      }
    if (json_array_size(d) > 0) {
      gate_fp_line(d, line, sizeof line);
      json_decref(d);
      return fail("%s and %s differ (--force judges anyway): %s", a->path,
                  b->path, line);
    }
  }
  if (diff != NULL)
    *diff = d;
  else
    json_decref(d);
  return 0;
}

/* Pools copies of side S's N results into OUT (reloaded from their files:
 * merging moves samples, and the per-process results stay for pairing). */
static int pool(const ab_side *s, size_t n, rs_result *out) {
  char err[1024];
  rs_result_free(out);
  for (size_t i = 0; i < n; i++) {
    rs_result one;
    if (rs_result_load(s->runs[i].path, i ? &one : out, err, sizeof err) != 0)
      return fail("%s", err);
    if (i > 0) {
      int rc = rs_result_merge(out, &one);
      rs_result_free(&one);
      if (rc != 0)
        return fail("out of memory");
    }
  }
  return 0;
}

/* The number of time rows the gate will judge, from the warm-up. */
static size_t time_rows(ab_run *r) {
  gate_params p = *r->p;
  gate_report rep;
  size_t m;
  p.paired = NULL;
  if (gate_compare(&r->side[0].warm, &r->side[1].warm, &p, &rep) != 0)
    return 1;
  m = rep.ntests;
  gate_report_free(&rep);
  return m ? m : 1;
}

/* Judges the rounds so far; the number of inconclusive rows, or -1 after
 * a line (2 is then the exit status). */
static long look(ab_run *r, size_t rounds, double level, int looks,
                 rs_result *base, rs_result *cur, gate_report *report) {
  const rs_result **olds = ut_xmalloc(2 * rounds * sizeof *olds);
  const rs_result **news = ut_xmalloc(2 * rounds * sizeof *news);
  gate_paired pp;
  long open = 0;
  int rc;
  for (size_t i = 0; i < 2 * rounds; i++) {
    olds[i] = &r->side[0].runs[i];
    news[i] = &r->side[1].runs[i];
  }
  pp.old_runs = olds;
  pp.new_runs = news;
  pp.rounds = rounds;
  pp.level = level;
  r->p->paired = &pp;
  gate_report_free(report);
  if (pool(&r->side[0], 2 * rounds, base) != 0 ||
      pool(&r->side[1], 2 * rounds, cur) != 0) {
    free(olds);
    free(news);
    return -1;
  }
  rc = gate_compare(base, cur, r->p, report);
  r->p->paired = NULL; /* PP lives here only */
  free(olds);
  free(news);
  if (rc == -2) {
    fail("--reference %s: no benchmark of that impl ran on both sides",
         r->p->reference);
    return -1;
  }
  if (rc != 0) {
    fail("out of memory");
    return -1;
  }
  report->level = level;
  report->looks = looks;
  for (size_t i = 0; i < report->nrows; i++)
    open += report->rows[i].inconclusive;
  return open;
}

/* The rounds of the first look: enough that a row can reach LEVEL. */
static size_t first_look(const gate_opts *o, double level) {
  size_t n = 1;
  while (n < 1000 && !(gate_sr_min_p(n) < level))
    n++;
  n += 2; /* so that a row need not have every round on one side */
  return o->min_rounds > n ? o->min_rounds : n;
}

/* The interleaved rounds and looks. */
static int run_rounds(ab_run *r, rs_result *base, rs_result *cur,
                      gate_report *report, double t0) {
  const gate_opts *o = r->o;
  const size_t m = time_rows(r);
  const int looks = o->rounds ? 1 : GATE_AB_LOOKS;
  const double level = r->p->alpha / (double)m / looks;
  size_t target = o->rounds ? o->rounds : first_look(o, level), done = 0;
  size_t max_rounds = target;
  int k = 0;
  for (;;) {
    long open;
    int last;
    while (done < target) {
      int rc = run_round(r, done);
      if (rc != 0)
        return rc;
      done++;
    }
    k++;
    if (k == 1 && !o->rounds) { /* the pace so far sets the last look */
      const double per = (ut_now() - t0) / (double)(done + 0.5);
      const double left = o->budget - (ut_now() - t0);
      size_t more = left > 0 ? (size_t)(left / per) : 0;
      max_rounds = done + more;
      if (max_rounds > 1000)
        max_rounds = 1000;
    }
    last = k >= looks || done >= max_rounds;
    open = look(r, done, level, looks, base, cur, report);
    if (open < 0)
      return 2;
    fprintf(stderr,
            "mmaplab gate: look %d: %zu rounds in %.0f s, %ld row(s) "
            "inconclusive%s\n",
            k, done, ut_now() - t0, open,
            open > 0 && !last ? ", running more" : "");
    if (open == 0 || last)
      break;
    target = done + (max_rounds - done + (size_t)(looks - k) - 1) /
                        (size_t)(looks - k + 1);
    if (target <= done)
      target = done + 1;
  }
  report->rounds = done;
  return 0;
}

/* --instructions: each build once (the warm-up runs, which move to BASE
 * and CUR), the counts judged. */
static int run_instructions(ab_run *r, rs_result *base, rs_result *cur,
                            gate_report *report) {
  rs_result_free(base);
  rs_result_free(cur);
  *base = r->side[0].warm;
  *cur = r->side[1].warm;
  memset(&r->side[0].warm, 0, sizeof r->side[0].warm);
  memset(&r->side[1].warm, 0, sizeof r->side[1].warm);
  if (gate_compare(base, cur, r->p, report) != 0)
    return fail("out of memory");
  report->rounds = 1;
  return 0;
}

static void side_free(ab_side *s) {
  for (size_t i = 0; i < s->nruns; i++)
    rs_result_free(&s->runs[i]);
  free(s->runs);
  rs_result_free(&s->warm);
  free(s->bench);
}

int gate_ab_run(const gate_opts *o, gate_params *p, rs_result *base,
                rs_result *cur, json_t **fpdiff, gate_report *report) {
  ab_run r;
  int rc;
  double t0;
  memset(&r, 0, sizeof r);
  memset(report, 0, sizeof *report);
  r.o = o;
  r.p = p;
  r.side[0].name = "old";
  r.side[1].name = "new";
  r.rng =
      o->have_seed ? o->seed : (uint64_t)getpid() ^ (uint64_t)(ut_now() * 1e6);
  if ((rc = find_bench("OLD", o->ab_old, &r.side[0].bench)) != 0 ||
      (rc = find_bench("NEW", o->ab_new, &r.side[1].bench)) != 0 ||
      (rc = make_dir(&r)) != 0)
    goto out;
  make_argv(&r);
  pin(&r);
  t0 = ut_now();
  /* the warm-up round, discarded (with --instructions: the one run) */
  if ((rc = run_one(&r, &r.side[0], "old-warmup", &r.side[0].warm)) != 0 ||
      (rc = run_one(&r, &r.side[1], "new-warmup", &r.side[1].warm)) != 0 ||
      (rc = check_fp(&r, &r.side[0].warm, &r.side[1].warm, fpdiff)) != 0)
    goto out;
  rc = o->instructions ? run_instructions(&r, base, cur, report)
                       : run_rounds(&r, base, cur, report, t0);
  report->seconds = ut_now() - t0;
out:
  if (r.dir != NULL && r.temporary) {
    if (r.failed) {
      fprintf(stderr, "mmaplab gate: the runs' files are kept in %s\n", r.dir);
    } else {
      ut_remove_tree(r.dir);
    }
    ut_cleanup_forget(r.dir);
  }
  free(r.dir);
  free(r.argv);
  side_free(&r.side[0]);
  side_free(&r.side[1]);
  return rc;
}

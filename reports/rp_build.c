/* rp_build.c - arguments, inputs and the atomic output directory of report
 * and compare (rp_build.h). */
#define _GNU_SOURCE /* renameat2 */
#include "rp_build.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "report.h"
#include "ut_cleanup.h"
#include "ut_layout.h"
#include "ut_opt.h"
#include "ut_output.h"
#include "ut_str.h"
#include "ut_path.h"
#include "ut_version.h"

enum { OPT_FORCE = 256, OPT_OUT, OPT_TITLE, OPT_VERSION };

static const struct option long_options[] = {
    {"help", no_argument, NULL, 'h'},
    {"force", no_argument, NULL, OPT_FORCE},
    {"out", required_argument, NULL, OPT_OUT},
    {"title", required_argument, NULL, OPT_TITLE},
    {"version", no_argument, NULL, OPT_VERSION},
    {NULL, 0, NULL, 0}};

int rp_opts_parse(int argc, char **argv, rp_opts *o, char *err, size_t len) {
  int c, at;
  memset(o, 0, sizeof *o);
  if ((o->inputs = calloc((size_t)argc + 1, sizeof *o->inputs)) == NULL) {
    snprintf(err, len, "out of memory");
    return -1;
  }
  ut_opt_start();
  /* '-': operands come back in their place (1), among the options */
  while ((c = ut_opt_next(argc, argv, "-:h", long_options, &at)) != -1) {
    if (c == 1)
      o->inputs[o->ninputs++] = argv[at];
    else if (c == 'h')
      o->help = 1;
    else if (c == OPT_FORCE)
      o->force = 1;
    else if (c == OPT_VERSION)
      o->version = 1;
    else if (c == ':') {
      snprintf(err, len, "%s needs a value", argv[at]);
      return -1;
    } else if (c == '?') {
      snprintf(err, len, "unknown option '%s' (see --help)", argv[at]);
      return -1;
    } else if (optarg[0] == '\0') {
      snprintf(err, len, "%.*s needs a non-empty value",
               (int)strcspn(argv[at], "="), argv[at]);
      return -1;
    } else if (c == OPT_OUT)
      o->out = optarg;
    else
      o->title = optarg;
  }
  while (optind < argc) /* after "--": files only */
    o->inputs[o->ninputs++] = argv[optind++];
  return 0;
}

static int is_json_name(const char *n) {
  const size_t l = strlen(n);
  return n[0] != '.' && l > 5 && strcmp(n + l - 5, ".json") == 0;
}

static int cmp_str(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

/* 1 if NAME in the directory DIR (DFD) is a regular file (following a
 * symbolic link); else a note on stderr says why it is skipped. A FIFO
 * found there is never opened: reading it could wait forever. */
static int regular_entry(const rp_build *b, int dfd, const char *dir,
                         const char *name) {
  struct stat st;
  const char *why = "not a regular file";
  if (fstatat(dfd, name, &st, 0) != 0)
    why = strerror(errno); /* a dangling link, a file removed meanwhile */
  else if (S_ISREG(st.st_mode))
    return 1;
  fprintf(stderr, "mmaplab %s: note: %s/%s skipped: %s\n", b->cmd, dir, name,
          why);
  return 0;
}

/* Appends PATH's *.json regular files (or PATH itself) to FILES. */
static int expand(rp_build *b, const char *path, rp_strs *files) {
  struct stat st;
  DIR *d;
  struct dirent *e;
  rp_strs names = {0};
  int rc = 0;
  if (stat(path, &st) != 0) {
    snprintf(b->err, sizeof b->err, "%s: %s", path, strerror(errno));
    return -1;
  }
  if (!S_ISDIR(st.st_mode)) /* named by the user: ut_read_input decides */
    return rp_strs_add(files, path) < 0 ? -1 : 0;
  if ((d = opendir(path)) == NULL) {
    snprintf(b->err, sizeof b->err, "%s: %s", path, strerror(errno));
    return -1;
  }
  while ((e = readdir(d)) != NULL)
    if (is_json_name(e->d_name) &&
        regular_entry(b, dirfd(d), path, e->d_name) &&
        rp_strs_add(&names, e->d_name) < 0)
      rc = -1;
  closedir(d);
  if (rc == 0 && names.n == 0) {
    snprintf(b->err, sizeof b->err, "%s: no *.json result files", path);
    rc = -1;
  }
  if (names.n > 1) /* byte order; names is only walked (its index unused) */
    qsort(names.v, names.n, sizeof *names.v, cmp_str);
  for (size_t i = 0; rc == 0 && i < names.n; i++) {
    char *p = ut_xasprintf("%s/%s", path, names.v[i]);
    if (rp_strs_add(files, p) < 0)
      rc = -1;
    free(p);
  }
  rp_strs_free(&names);
  return rc;
}

int rp_build_load(rp_build *b, const rp_opts *o) {
  rp_strs files = {0};
  int rc = 0;
  if (o->ninputs == 0) {
    snprintf(b->err, sizeof b->err, "no result files given (see --help)");
    return -1;
  }
  for (size_t i = 0; rc == 0 && i < o->ninputs; i++)
    rc = expand(b, o->inputs[i], &files);
  if (rc == 0 && (b->res = calloc(files.n, sizeof *b->res)) == NULL)
    rc = -1;
  for (size_t i = 0; rc == 0 && i < files.n; i++) {
    if (rs_result_load(files.v[i], &b->res[i], b->err, sizeof b->err) != 0)
      rc = -1;
    else
      b->nres++;
  }
  if (rc != 0 && b->err[0] == '\0')
    snprintf(b->err, sizeof b->err, "out of memory");
  rp_strs_free(&files);
  return rc;
}

/* Copies every input into data/ as NN-basename (cut to fit NAME_MAX):
 * the bytes that were read and parsed (a pipe cannot be read again), not
 * the file once more. Their paths relative to DIR go to B->data: the
 * report names its inputs by them, as the paths given may be temporary
 * (mmaplab run removes its work directory). */
static int copy_inputs(rp_build *b) {
  for (size_t i = 0; i < b->nres; i++) {
    const char *base = strrchr(b->res[i].path, '/');
    char prefix[32];
    const int np = snprintf(prefix, sizeof prefix, "%02zu-", i + 1);
    char *rel = ut_xasprintf("data/%s%.*s", prefix, NAME_MAX - np,
                             base ? base + 1 : b->res[i].path);
    char *to = ut_xasprintf("%s/%s", b->tmp_dir, rel);
    const int rc = ut_write_file(to, b->res[i].data, b->res[i].size, b->err,
                                 sizeof b->err);
    free(to);
    if (rc != 0 || rp_strs_take(&b->data, rel) < 0)
      return -1;
  }
  return 0;
}

/* The file that marks a directory as a report made by mmaplab report or
 * compare: --force replaces such a directory and nothing else. */
#define RP_MARKER ".mmaplab-report"

/* 1 if DIR is a directory (not a symbolic link to one) holding the marker
 * as a regular file. */
static int is_report_dir(const char *dir) {
  struct stat st;
  char *marker;
  int yes;
  if (lstat(dir, &st) != 0 || !S_ISDIR(st.st_mode))
    return 0;
  marker = ut_xasprintf("%s/%s", dir, RP_MARKER);
  yes = lstat(marker, &st) == 0 && S_ISREG(st.st_mode);
  free(marker);
  return yes;
}

/* Writes the marker into the temporary directory. */
static int write_marker(rp_build *b) {
  char *p = ut_xasprintf("%s/%s", b->tmp_dir, RP_MARKER);
  char *text = ut_xasprintf("A report directory made by mmaplab %s: mmaplab "
                            "report or compare --force may replace it.\n",
                            b->cmd);
  const int rc = ut_write_file(p, text, strlen(text), b->err, sizeof b->err);
  free(p);
  free(text);
  return rc != 0 ? -1 : 0;
}

/* The longest path a build writes below its temporary directory: "/data/"
 * and a name of NAME_MAX bytes (the names in charts/ are shorter). */
#define RP_INNER_MAX (6 + NAME_MAX)

/* Checks before any work that DIR can be written (FORCE: replaced if it
 * is a report directory): its names fit, it does not exist or may be
 * replaced, its parents exist or can be created, and the files below its
 * temporary sibling fit PATH_MAX. 0, or -1 with one line in ERR. */
static int out_check(const char *dir, int force, char *err, size_t len) {
  struct stat st;
  char *tmp, *parent;
  int rc = ut_path_fits(dir);
  if (rc != 0) {
    snprintf(err, len, "cannot create %s: %s", dir, strerror(rc));
    return -1;
  }
  if (lstat(dir, &st) == 0) {
    if (!force)
      snprintf(err, len,
               "%s already exists (--force replaces a report directory made "
               "by mmaplab)",
               dir);
    else if (!is_report_dir(dir))
      snprintf(err, len,
               "%s exists and is not a report directory made by mmaplab (no "
               "%s in it); --force replaces only those",
               dir, RP_MARKER);
    else if ((parent = ut_dirname(dir)) == NULL)
      snprintf(err, len, "out of memory");
    else {
      rc = access(parent, W_OK | X_OK) != 0 ? errno : 0;
      if (rc != 0)
        snprintf(err, len, "cannot replace %s: %s: %s", dir, parent,
                 strerror(rc));
      free(parent);
      if (rc == 0)
        goto fits;
    }
    return -1;
  }
  if (ut_mkdirs_check(dir, err, len) != 0)
    return -1;
fits:
  if ((tmp = ut_tmp_sibling(dir, "tmp")) == NULL) {
    snprintf(err, len, "out of memory");
    return -1;
  }
  rc = strlen(tmp) + RP_INNER_MAX >= PATH_MAX;
  free(tmp);
  if (rc)
    snprintf(err, len,
             "cannot create %s: too long: the report's files below it would "
             "exceed PATH_MAX (%d bytes)",
             dir, PATH_MAX);
  return rc ? -1 : 0;
}

int rp_report_check_out(const char *dir, char *err, size_t len) {
  return out_check(dir, 0, err, len);
}

/* Picks DIR and checks it: O->out, or DEFAULT_PREFIX<date-time> (relative
 * to the current directory) from a build tree, and ./mmaplab-CMD-<date-time>
 * when installed (ut_layout.h), where a reports/ directory in the user's
 * current directory would mean nothing. */
static int pick_out(rp_build *b, const rp_opts *o, const char *cmd,
                    const char *default_prefix) {
  char stamp[32];
  const time_t now = time(NULL);
  struct tm tm;
  strftime(stamp, sizeof stamp, "%Y%m%d-%H%M%S", gmtime_r(&now, &tm));
  if (o->out != NULL)
    b->final_dir = ut_xstrdup(o->out);
  else if (ut_layout_installed())
    b->final_dir = ut_xasprintf("mmaplab-%s-%s", cmd, stamp);
  else
    b->final_dir = ut_xasprintf("%s%s", default_prefix, stamp);
  while (strlen(b->final_dir) > 1 &&
         b->final_dir[strlen(b->final_dir) - 1] == '/')
    b->final_dir[strlen(b->final_dir) - 1] = '\0';
  return out_check(b->final_dir, o->force, b->err, sizeof b->err);
}

/* The permission bits mkdir(2) with mode 0777 gives (mkdtemp gives 0700). */
static mode_t dir_mode(void) {
  const mode_t mask = umask(022); /* umask is read by setting it */
  umask(mask);
  return 0777 & ~mask;
}

/* Creates DIR's parents and the temporary sibling B->tmp_dir, registered
 * for removal by a fatal signal. 0 or -1 with B->err. */
static int make_tmp(rp_build *b) {
  char *parent = ut_dirname(b->final_dir), *tmp;
  int rc = parent != NULL ? ut_mkdirs(parent) : ENOMEM;
  if (rc != 0) {
    snprintf(b->err, sizeof b->err, "cannot create %s: %s",
             parent ? parent : b->final_dir, strerror(rc));
    free(parent);
    return -1;
  }
  free(parent);
  if ((tmp = ut_tmp_sibling(b->final_dir, "tmp")) == NULL)
    return -1;
  if (mkdtemp(tmp) == NULL) {
    snprintf(b->err, sizeof b->err, "cannot create %s: %s", tmp,
             strerror(errno));
    free(tmp);
    return -1;
  }
  b->tmp_dir = tmp; /* ours now: removed on every failure */
  if ((rc = ut_cleanup_add(tmp)) != 0 || chmod(tmp, dir_mode()) != 0) {
    snprintf(b->err, sizeof b->err, "%s: %s", tmp, strerror(rc ? rc : errno));
    return -1;
  }
  return 0;
}

int rp_build_begin(rp_build *b, const char *title) {
  if (make_tmp(b) != 0)
    return -1;
  for (int i = 0; i < 2; i++) {
    char *p = ut_xasprintf("%s/%s", b->tmp_dir, i ? "data" : "charts");
    const int bad = mkdir(p, 0777) != 0;
    free(p);
    if (bad) {
      snprintf(b->err, sizeof b->err, "%s: cannot create charts/ or data/",
               b->tmp_dir);
      return -1;
    }
  }
  if (write_marker(b) != 0 || copy_inputs(b) != 0)
    return -1;
  return rp_doc_open(&b->doc, b->tmp_dir, title, b->err, sizeof b->err);
}

/* The temporary directory is gone or renamed: nothing to remove. */
static void tmp_done(rp_build *b) {
  ut_cleanup_forget(b->tmp_dir);
  free(b->tmp_dir);
  b->tmp_dir = NULL;
}

/* --force: DIR, a report directory, is replaced. The two are exchanged in
 * one step, so that DIR is never missing; the old report, now at the
 * temporary name, is removed from there. */
static int replace_old(rp_build *b) {
  /* What DIR is was checked before the work; it is checked again now. */
  if (!is_report_dir(b->final_dir)) {
    snprintf(b->err, sizeof b->err,
             "%s is no longer a report directory made by mmaplab; not "
             "replaced",
             b->final_dir);
    return -1;
  }
  if (renameat2(AT_FDCWD, b->tmp_dir, AT_FDCWD, b->final_dir,
                RENAME_EXCHANGE) != 0) {
    snprintf(b->err, sizeof b->err, "cannot replace %s: %s", b->final_dir,
             strerror(errno));
    return -1;
  }
  if (ut_remove_tree(b->tmp_dir) != 0)
    fprintf(stderr, "mmaplab %s: note: could not remove the old report %s\n",
            b->cmd, b->tmp_dir);
  tmp_done(b);
  return 0;
}

int rp_build_commit(rp_build *b) {
  struct stat st;
  if (rp_doc_close(&b->doc, b->err, sizeof b->err) != 0)
    return -1;
  if (lstat(b->final_dir, &st) == 0)
    return replace_old(b);
  /* Another process may have created DIR meanwhile: never merge into it. */
  if (renameat2(AT_FDCWD, b->tmp_dir, AT_FDCWD, b->final_dir,
                RENAME_NOREPLACE) != 0) {
    snprintf(b->err, sizeof b->err, "%s: %s", b->final_dir, strerror(errno));
    return -1;
  }
  tmp_done(b);
  return 0;
}

void rp_build_free(rp_build *b) {
  char e[8];
  rp_doc_close(&b->doc, e, sizeof e);
  if (b->tmp_dir != NULL) {
    ut_remove_tree(b->tmp_dir);
    tmp_done(b);
  }
  free(b->final_dir);
  for (size_t i = 0; i < b->nres; i++)
    rs_result_free(&b->res[i]);
  free(b->res);
  rp_strs_free(&b->skipped);
  rp_strs_free(&b->data);
  rp_strs_free(&b->linked);
  memset(b, 0, sizeof *b);
}

void rp_build_row(rp_build *b, const char *id, const char *const *cells,
                  const char *const *hrefs) {
  rp_doc_row_ex(&b->doc, id, id != NULL && rp_strs_find(&b->linked, id) >= 0,
                cells, hrefs);
}

void rp_build_skip(rp_build *b, const char *name, const char *why) {
  char *s = ut_xasprintf("%s: %s", name, why);
  rp_strs_add(&b->skipped, s);
  free(s);
}

void rp_build_skipped_section(rp_build *b) {
  if (b->skipped.n == 0)
    return;
  rp_doc_heading(&b->doc, 2, "Charts not drawn");
  for (size_t i = 0; i < b->skipped.n; i++)
    rp_doc_para(&b->doc, b->skipped.v[i]);
}

int rp_build_status(rp_build *b, int rc) {
  if (rc == 0)
    return 0;
  fprintf(stderr, "mmaplab %s: %s\n", b->cmd,
          b->err[0] ? b->err : "out of memory");
  return 2;
}

int rp_build_start(rp_build *b, rp_opts *o, const char *cmd, const char *usage,
                   const char *default_prefix, int argc, char **argv) {
  memset(b, 0, sizeof *b);
  b->cmd = cmd;
  if (rp_opts_parse(argc, argv, o, b->err, sizeof b->err) != 0)
    return -1;
  if (o->help) {
    fputs(usage, stdout);
    free(o->inputs);
    return 1;
  }
  if (o->version) {
    char *prog = ut_xasprintf("mmaplab %s", cmd);
    b->done_status = ut_print_version(prog);
    free(prog);
    free(o->inputs);
    return 1;
  }
  if (pick_out(b, o, cmd, default_prefix) != 0)
    return -1;
  return rp_build_load(b, o);
}

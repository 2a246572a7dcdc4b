/* conform_opts.c - option parsing shared by the subcommands. */
#include "conform_cli.h"

#include "conform_util.h"
#include "ut_layout.h"
#include "ut_num.h"
#include "ut_opt.h"
#include "ut_version.h"
#include "ut_progress.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

char *cf_source_path(const char *rel) { return ut_layout_data(rel); }

char *cf_output_path(const char *rel_in_tree, const char *name) {
  return ut_layout_output(rel_in_tree, name);
}

char *cf_option_path(const char *given, const char *rel) {
  return given != NULL ? ut_xstrdup(given) : cf_source_path(rel);
}

static const struct option long_opts[] = {
    {"host", required_argument, NULL, 'h'},
    {"golden", required_argument, NULL, 'g'},
    {"expect", required_argument, NULL, 'e'},
    {"cases", required_argument, NULL, 'c'},
    {"filter", required_argument, NULL, 'f'},
    {"out", required_argument, NULL, 'o'},
    {"out-root", required_argument, NULL, 'O'},
    {"golden-root", required_argument, NULL, 'G'},
    {"timeout", required_argument, NULL, 't'},
    {"quiet", no_argument, NULL, 'q'},
    {"progress-fd", required_argument, NULL, 'p'},
    {"emulator", required_argument, NULL, 'E'},
    {"host-env", required_argument, NULL, 'H'},
    {"pagesize", required_argument, NULL, 'P'},
    {"help", no_argument, NULL, '?' + 256},
    {"version", no_argument, NULL, 'V'},
    {NULL, 0, NULL, 0}};

static const char *option_name(int c) {
  for (const struct option *o = long_opts; o->name; o++)
    if (o->val == c)
      return o->name;
  return NULL;
}

/* Whether the space-separated LIST contains WORD. */
static int allowed_word(const char *list, const char *word) {
  size_t n = strlen(word);
  for (const char *p = list; (p = strstr(p, word)) != NULL; p += n)
    if ((p == list || p[-1] == ' ') && (p[n] == ' ' || p[n] == '\0'))
      return 1;
  return 0;
}

int cf_parse_timeout(const char *text, double *out) {
  double t;
  if (ut_parse_double(text, 0, CF_TIMEOUT_MAX, &t) != 0 || !(t > 0))
    return -1;
  *out = t;
  return 0;
}

static int store(cf_opts *o, int c, const char *arg) {
  switch (c) {
  case 'h':
    o->host = arg;
    break;
  case 'g':
    o->golden = arg;
    break;
  case 'e':
    o->expect = arg;
    break;
  case 'c':
    o->cases = arg;
    break;
  case 'o':
    o->out = arg;
    break;
  case 'O':
    o->out_root = arg;
    break;
  case 'G':
    o->golden_root = arg;
    break;
  case 'q':
    o->quiet = 1;
    break;
  case 'p':
    return ut_progress_fd(arg, &o->progress_fd) == 0 ? 0 : -1;
  case 't':
    return cf_parse_timeout(arg, &o->timeout);
  case 'f':
    o->filters = ut_xrealloc(o->filters, (o->nfilters + 1) * sizeof(char *));
    o->filters[o->nfilters++] = (char *)arg;
    break;
  case 'E':
    o->emulator = arg;
    break;
  case 'P': {
    /* A power of two from 4 KiB to 1 GiB: the page sizes kernels use. */
    int64_t n;
    if (ut_parse_i64(arg, 4096, (int64_t)1 << 30, &n) != 0 || (n & (n - 1)))
      return -1;
    o->pagesize = n;
    break;
  }
  case 'H':
    /* NAME=VALUE with a name; the session repeats the check for its
     * callers that do not come through here. */
    if (strchr(arg, '=') == NULL || arg[0] == '=')
      return -1;
    o->host_env = ut_xrealloc(o->host_env, (o->nhost_env + 1) * sizeof(char *));
    o->host_env[o->nhost_env++] = (char *)arg;
    break;
  }
  return 0;
}

static int parse(int argc, char **argv, const char *allowed, const char *usage,
                 cf_opts *o) {
  const char *cmd = argv[0];
  int c, at;
  ut_opt_start(); /* our own one-line messages; whole option names only */
  while ((c = ut_opt_next(argc, argv, "+:", long_opts, &at)) != -1) {
    const char *name = option_name(c);
    if (c == '?' + 256) {
      fputs(usage, stdout);
      return 1;
    }
    if (c == 'V') { /* "mmaplab-conform run 0.1.0" */
      char *prog = ut_xasprintf("mmaplab-conform %s", cmd);
      const int rc = ut_print_version(prog);
      free(prog);
      return rc == 0 ? 1 : 2;
    }
    if (c == ':' || c == '?' || name == NULL || !allowed_word(allowed, name)) {
      if (c == ':')
        cf_error("%s: option %s needs a value", cmd, argv[at]);
      else if (name != NULL)
        cf_error("%s: option --%s does not apply (see mmaplab-conform %s "
                 "--help)",
                 cmd, name, cmd);
      else
        cf_error("%s: unknown option %s (see mmaplab-conform %s --help)", cmd,
                 argv[at], cmd);
      return 2;
    }
    if (store(o, c, optarg) != 0) {
      if (c == 'H')
        cf_error("%s: --host-env wants NAME=VALUE, not '%s'", cmd, optarg);
      else if (c == 'P')
        cf_error("%s: --pagesize wants a power of two from 4096 to "
                 "1073741824, not '%s'",
                 cmd, optarg);
      else if (c == 'p')
        cf_error("%s: --progress-fd wants a descriptor open for writing, "
                 "not '%s'",
                 cmd, optarg);
      else
        cf_error("%s: --timeout wants a number of seconds > 0 and <= %d, "
                 "not '%s'",
                 cmd, CF_TIMEOUT_MAX, optarg);
      return 2;
    }
  }
  if (at < argc) {
    cf_error("%s: unexpected argument %s (see mmaplab-conform %s --help)", cmd,
             argv[at], cmd);
    return 2;
  }
  return 0;
}

int cf_parse_opts(int argc, char **argv, const char *allowed, const char *usage,
                  cf_opts *o) {
  int rc;
  memset(o, 0, sizeof *o);
  o->timeout = 10;
  o->progress_fd = -1;
  if ((rc = parse(argc, argv, allowed, usage, o)) != 0) {
    free(o->filters);
    o->filters = NULL;
    o->nfilters = 0;
    free(o->host_env);
    o->host_env = NULL;
    o->nhost_env = 0;
  }
  return rc;
}

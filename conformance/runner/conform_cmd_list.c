/* conform_cmd_list.c - mmaplab-conform list: ids and titles, counts per
 * area. */
#include "conform_cli.h"
#include "conform_corpus.h"
#include "conform_util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char usage[] =
    "usage: mmaplab-conform list [--cases DIR] [--filter GLOB]...\n"
    "\n"
    "Prints every selected case as 'ID  TITLE', then the number of cases per\n"
    "area. The corpus is validated on the way (malformed files: exit 2).\n"
    "\n"
    "  --cases DIR    corpus directory (default: conformance/cases of the\n"
    "                 data directory: the source tree, or\n"
    "                 PREFIX/share/mmaplab); every *.json under it, "
    "recursively\n"
    "  --filter GLOB  select ids matching GLOB ('*' also matches '/'), or\n"
    "                 'tag:GLOB' for cases with a matching tag; repeatable,\n"
    "                 a case is selected if any filter matches\n"
    "  --help         this text\n"
    "  --version      print \"mmaplab-conform list VERSION\" and exit\n";

static int compare_strings(const void *a, const void *b) {
  return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static void print_areas(const cf_corpus *c, char **filters, size_t nf) {
  const char **areas = ut_xmalloc((c->n + 1) * sizeof *areas);
  size_t n = 0, total = 0;
  for (size_t i = 0; i < c->n; i++)
    if (cf_case_selected(&c->cases[i], filters, nf))
      areas[n++] = c->cases[i].area;
  if (n > 1)
    qsort(areas, n, sizeof *areas, compare_strings);
  printf("\n");
  for (size_t i = 0; i < n;) {
    size_t j = i;
    while (j < n && strcmp(areas[i], areas[j]) == 0)
      j++;
    printf("%-20s %zu\n", areas[i], j - i);
    total += j - i;
    i = j;
  }
  printf("%zu cases in %zu files\n", total, c->npaths);
  free((void *)areas);
}

int cf_cmd_list(int argc, char **argv) {
  cf_opts o;
  cf_corpus c;
  char *cases;
  int rc = cf_parse_opts(argc, argv, "cases filter", usage, &o);
  if (rc != 0)
    return rc == 1 ? 0 : 2;
  cases = cf_option_path(o.cases, "conformance/cases");
  if (cf_corpus_load(cases, &c) != 0) {
    free(cases);
    free(o.filters);
    return 2;
  }
  for (size_t i = 0; i < c.n; i++)
    if (cf_case_selected(&c.cases[i], o.filters, o.nfilters))
      printf("%s  %s\n", c.cases[i].id, c.cases[i].title);
  print_areas(&c, o.filters, o.nfilters);
  cf_corpus_free(&c);
  free(cases);
  free(o.filters);
  return 0;
}

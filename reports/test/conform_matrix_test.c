/* conform_matrix_test.c - the port matrix and port pages
 * (rp_conform_matrix.h, rp_conform_port.h) on the frozen reports of
 * DATA/conform-matrix: cpython-3.9 and cpython-3.13 (plain CPython
 * hosts), core-windows (classes of every kind, notes, a failure, skip,
 * needs-golden and reference-crash) and pyodide (notes, counts.notes).
 *
 *   mmaplab_conform_matrix_test NAME DATA   one test (ctest runs each)
 */
#define _POSIX_C_SOURCE 200809L /* mkdtemp */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "results.h"
#include "rp_conform_matrix.h"
#include "rp_conform_port.h"
#include "test.h"
#include "ut_input.h"
#include "ut_str.h"

static const char *const files[] = {"pyodide.json", "core-windows.json",
                                    "cpython-3.13.json", "cpython-3.9.json"};
#define NFILES (sizeof files / sizeof files[0])

static rs_result res[NFILES];
static rp_cmatrix m;

/* Loads the four reports (in an order the matrix must not keep) and
 * builds the matrix. */
static void load(const char *data) {
  char err[512];
  for (size_t i = 0; i < NFILES; i++) {
    char *p = ut_xasprintf("%s/conform-matrix/%s", data, files[i]);
    if (rs_result_load(p, &res[i], err, sizeof err) != 0)
      TEST_FAIL_("%s", err);
    ASSERT_EQ(res[i].kind, RS_RESULT_CONFORMANCE);
    free(p);
  }
  ASSERT_EQ(rp_cmatrix_build(&m, res, NFILES), 0);
}

static const rp_cm_host *host(const char *slug) {
  for (size_t i = 0; i < m.nhosts; i++)
    if (strcmp(m.hosts[i].slug, slug) == 0)
      return &m.hosts[i];
  TEST_FAIL_("no host %s", slug);
}

static const rp_cm_counts *cell(const char *slug, const char *area) {
  const long a = rp_strs_find(&m.areas, area);
  ASSERT_GE(a, 0);
  return &host(slug)->cells[a];
}

static char *text(const rp_cm_counts *c) {
  static char buf[128];
  rp_cm_cell_text(buf, sizeof buf, c);
  return buf;
}

/* CPython hosts by version (3.9 before 3.13), then the others by name;
 * labels with the implementation's version and Pyodide's. */
static void test_order(void) {
  ASSERT_EQ(m.nhosts, 4);
  ASSERT_STR_EQ(m.hosts[0].label, "cpython-3.9 (cpython 3.9.18)");
  ASSERT_STR_EQ(m.hosts[1].label, "cpython-3.13 (cpython 3.13.0)");
  ASSERT_STR_EQ(m.hosts[2].label, "core-windows (mmaplab 0.1.0)");
  ASSERT_STR_EQ(m.hosts[3].label, "pyodide (cpython 3.14.2, pyodide 314.0.7)");
  ASSERT_STR_EQ(m.hosts[3].slug, "pyodide");
  ASSERT_EQ(m.areas.n, 4);
  ASSERT_STR_EQ(m.areas.v[0], "access");
  ASSERT_STR_EQ(m.areas.v[2], "flush");
}

static void test_counts(void) {
  const rp_cm_counts *t = &host("core-windows")->total;
  ASSERT_STR_EQ(text(cell("cpython-3.9", "access")), "1 / 1 / 0");
  ASSERT_STR_EQ(text(cell("cpython-3.9", "find")), "0 / 0 / 1");
  ASSERT_STR_EQ(text(cell("cpython-3.13", "flush")), "-");
  ASSERT_STR_EQ(text(cell("core-windows", "access")), "1 / 2 / 0");
  ASSERT_STR_EQ(text(cell("core-windows", "flush")),
                "0 / 1 / 0 (errno-name 1)");
  ASSERT_STR_EQ(text(cell("pyodide", "resize")), "0 / 0 / 1 (errno-name 1)");
  ASSERT_STR_EQ(text(&host("pyodide")->total),
                "3 / 0 / 1 (errno-name 1, pagesize 2)");
  ASSERT_STR_EQ(text(t), "2 / 3 / 1 (errno-name 1)");
  ASSERT_EQ(t->skip, 1);
  ASSERT_EQ(t->needs_golden, 1);
  ASSERT_EQ(t->ref_crash, 1);
  ASSERT_EQ(host("cpython-3.13")->total.skip, 1);
}

/* The older reports of DATA/conform (no note, no class_kind, no
 * counts.notes) make a matrix all the same. */
static void test_absent(const char *data) {
  char err[512];
  rs_result r[2];
  rp_cmatrix old;
  const char *names[] = {"conform-core.json", "conform-pypy.json"};
  for (size_t i = 0; i < 2; i++) {
    char *p = ut_xasprintf("%s/conform/%s", data, names[i]);
    if (rs_result_load(p, &r[i], err, sizeof err) != 0)
      TEST_FAIL_("%s", err);
    free(p);
  }
  ASSERT_EQ(rp_cmatrix_build(&old, r, 2), 0);
  ASSERT_EQ(old.nhosts, 2);
  for (size_t i = 0; i < 2; i++) {
    ASSERT_EQ(old.hosts[i].total.errno_name, 0);
    ASSERT_EQ(old.hosts[i].total.pagesize, 0);
  }
  rp_cmatrix_free(&old);
  rs_result_free(&r[0]);
  rs_result_free(&r[1]);
}

/* DIR/ports/SLUG.md, read whole. */
static char *page(const char *dir, const char *name) {
  char err[512], *p = ut_xasprintf("%s/ports/%s", dir, name), *data;
  size_t len;
  if (ut_read_input(p, UT_INPUT_MAX, &data, &len, err, sizeof err) != 0)
    TEST_FAIL_("%s", err);
  free(p);
  return data;
}

/* Differences by class (name, kind, reason, cases with levels), then the
 * unexpected failures, then the notes, in that order. */
static void test_port_page(void) {
  char tmpl[] = "/tmp/mmaplab-matrix-XXXXXX", err[512];
  char *md, *html, *cmd;
  ASSERT_NOT_NULL(mkdtemp(tmpl));
  ASSERT_EQ(rp_conform_ports_write(&m, tmpl, "../matrix.md", "../matrix.html",
                                   err, sizeof err),
            0);
  md = page(tmpl, "core-windows.md");
  ASSERT_STR_HAS(md, "# Port: core-windows (mmaplab 0.1.0)");
  ASSERT_STR_HAS(md, "[port matrix](../matrix.md)");
  ASSERT_STR_HAS(md, "### class tagname (kind windows)\n\nCPython's "
                     "new_mmap_object on Windows takes tagname");
  ASSERT_STR_HAS(md, "| access/validate/access.2p31 | expected | type |");
  ASSERT_STR_HAS(md, "| access/flags/anon.map.shared | expected | outcome |");
  ASSERT_STR_HAS(md, "### class wine-flush (kind wine)");
  ASSERT_STR_HAS(md, "### class no-golden (kind needs-golden)");
  ASSERT_STR_HAS(md, "### class derived-find (kind derived)");
  ASSERT_STR_HAS(md, "| resize/anon/grow | outcome | host raised, golden "
                     "returned None |");
  ASSERT_STR_HAS(md, "| errno-name | 1 |");
  ASSERT_STR_HAS(md, "| flush/file/all | expected | errno-name |");
  ASSERT_LT(strstr(md, "## Differences by class") - md,
            strstr(md, "## Unexpected failures") - md);
  ASSERT_LT(strstr(md, "## Unexpected failures") - md,
            strstr(md, "## Notes") - md);
  html = page(tmpl, "core-windows.html");
  ASSERT_STR_HAS(html, "<a href=\"../matrix.html\">port matrix</a>");
  ASSERT_STR_HAS(html, "<h3>class tagname (kind windows)</h3>");
  free(md);
  free(html);
  /* counts.notes of the report where it has them (pyodide: 2 pagesize) */
  md = page(tmpl, "pyodide.md");
  ASSERT_STR_HAS(md, "| pagesize | 2 |");
  ASSERT_STR_HAS(md, "No known differences");
  free(md);
  md = page(tmpl, "cpython-3.9.md");
  ASSERT_STR_HAS(md, "### without a class");
  ASSERT_STR_HAS(md, "| access/validate/access.2p31 | expected | message | "
                     "3.9 words the OverflowError differently |");
  free(md);
  cmd = ut_xasprintf("rm -rf '%s'", tmpl);
  ASSERT_EQ(system(cmd), 0);
  free(cmd);
}

int main(int argc, char **argv) {
  if (argc != 3) {
    fprintf(stderr, "usage: %s NAME DATA\n", argv[0]);
    return 2;
  }
  load(argv[2]);
  if (strcmp(argv[1], "order") == 0)
    test_order();
  else if (strcmp(argv[1], "counts") == 0)
    test_counts();
  else if (strcmp(argv[1], "absent") == 0)
    test_absent(argv[2]);
  else if (strcmp(argv[1], "port_page") == 0)
    test_port_page();
  else {
    fprintf(stderr, "no test %s\n", argv[1]);
    return 2;
  }
  rp_cmatrix_free(&m);
  for (size_t i = 0; i < NFILES; i++)
    rs_result_free(&res[i]);
  printf("%s: ok\n", argv[1]);
  return 0;
}

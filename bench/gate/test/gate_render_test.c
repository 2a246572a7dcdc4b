/* gate_render_test.c - the renderers (gate_render.c, gate_junit.c) on
 * reports built in memory: the interleaved mode's rounds and confidence
 * intervals in Markdown, JSON and JUnit, the stored mode without them, and
 * the escaping of hostile benchmark names and error messages in JUnit.
 *
 *   mmaplab_gate_render_test [DIR]
 *
 * With DIR, the JUnit documents are also written there (interleaved.xml,
 * stored.xml, hostile.xml) for test_gate_render.sh to check with xmllint
 * and an XML parser. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "gate_junit.h"
#include "gate_render.h"
#include "test.h"

/* A row with the fields the renderers read. */
static gate_row row(const char *bench, const char *metric, int is_time,
                    double base, double cur, double p, double lo, double hi,
                    gate_verdict verdict, const char *note) {
  gate_row r;
  memset(&r, 0, sizeof r);
  r.bench = bench;
  r.metric = metric;
  r.is_time = is_time;
  r.base = base;
  r.cur = cur;
  r.change = isnan(base) || isnan(cur) ? NAN : cur / base - 1;
  r.p = p;
  r.lo = lo;
  r.hi = hi;
  r.nbase = isnan(base) ? 0 : 12;
  r.ncur = isnan(cur) ? 0 : 12;
  r.verdict = verdict;
  r.note = note;
  r.tested = is_time;
  return r;
}

/* The rows of both modes' reports: every verdict a JUnit element differs
 * by. Four fail (regression, changed, error, missing), two are skipped
 * (new, error in both). */
#define NROWS 9
static void rows(gate_row *r, int interleaved) {
  const double lo = interleaved ? 0.031 : NAN, hi = interleaved ? 0.07 : NAN;
  r[0] = row("find/core/random/miss", "real_time", 1, 1000, 1050, 0.001, lo, hi,
             GATE_SLOWER, NULL);
  r[1] = row("move/core/forward", "real_time", 1, 2e6, 1.5e6, 0.0002,
             interleaved ? -0.27 : NAN, interleaved ? -0.23 : NAN, GATE_FASTER,
             NULL);
  r[2] =
      row("open/core/file", "real_time", 1, 3e9, 3.03e9, 0.4,
          interleaved ? -0.01 : NAN, interleaved ? 0.03 : NAN, GATE_SAME, NULL);
  r[3] = row("fault/anon/write", "faults_per_page", 0, 1, 0.5, NAN, NAN, NAN,
             GATE_CHANGED, NULL);
  r[4] = row("granularity/core/scan", "-", 0, NAN, NAN, NAN, NAN, NAN,
             GATE_MISSING, NULL);
  r[5] = row("open/raw/file", "-", 0, NAN, NAN, NAN, NAN, NAN, GATE_NEW, NULL);
  r[6] = row("find/core/huge", "-", 0, NAN, NAN, NAN, NAN, NAN, GATE_BOTH_ERROR,
             "page mode 2m not obtained");
  r[7] = row("find/core/thp", "-", 0, NAN, NAN, NAN, NAN, NAN, GATE_ERROR,
             "page mode thp not obtained: 12% of the range backed");
  r[8] = row("rfind/core/x", "-", 0, NAN, NAN, NAN, NAN, NAN, GATE_FIXED,
             "it failed before");
}

static rs_result file(const char *path) {
  rs_result r;
  memset(&r, 0, sizeof r);
  r.path = (char *)path;
  r.kind = RS_RESULT_GBENCH;
  return r;
}

static gate_params params(void) {
  gate_params p;
  memset(&p, 0, sizeof p);
  p.alpha = 0.05;
  p.min_effect = 0.05;
  p.count_tol = 0.02;
  p.count_floor = 0.001;
  p.reference = "glibc";
  return p;
}

static gate_report report(gate_row *r, size_t n, size_t rounds) {
  gate_report rep;
  memset(&rep, 0, sizeof rep);
  rep.rows = r;
  rep.nrows = n;
  for (size_t i = 0; i < n; i++)
    rep.failures += (size_t)gate_verdict_fails(r[i].verdict);
  rep.benchmarks = n;
  rep.ntests = 3;
  rep.scale = 0.987;
  rep.nreference = 1;
  rep.rounds = rounds;
  rep.seconds = rounds > 0 ? 183.5 : 0;
  rep.looks = rounds > 0 ? 4 : 0;
  rep.level = rounds > 0 ? 0.05 / 3 / 4 : 0;
  return rep;
}

/* Writes TEXT to DIR/NAME when DIR is given. */
static void save(const char *dir, const char *name, const char *text) {
  char path[4096];
  FILE *f;
  if (dir == NULL)
    return;
  snprintf(path, sizeof path, "%s/%s", dir, name);
  f = fopen(path, "w");
  ASSERT_NOT_NULL(f);
  ASSERT_EQ(fputs(text, f) >= 0, 1);
  ASSERT_EQ(fclose(f), 0);
}

/* The JSON number at KEY of O, NAN for null. */
static double jnum(const json_t *o, const char *key) {
  const json_t *x = json_object_get(o, key);
  ASSERT_NOT_NULL(x);
  return json_is_null(x) ? NAN : json_number_value(x);
}

static void test_interleaved(const char *dir) {
  gate_row r[NROWS];
  rs_result base = file("old/mmaplab-bench"), cur = file("new/mmaplab-bench");
  const gate_params p = params();
  gate_report rep;
  gate_view v;
  char *md, *xml;
  json_t *js, *c, *fpdiff = json_array();
  rows(r, 1);
  rep = report(r, NROWS, 12);
  v = (gate_view){&base, &cur, &p, NULL, 0, fpdiff, 0, &rep};
  md = gate_markdown(&v);
  ASSERT_NOT_NULL(md);
  ASSERT_STR_HAS(md, "\n\nInterleaved: 12 ABBA rounds in 183.5 s. Baseline "
                     "`old/mmaplab-bench`");
  ASSERT_STR_HAS(md, "Wilcoxon signed-rank");
  ASSERT_STR_HAS(md, "| benchmark | metric | baseline median | current median "
                     "| change | CI of change | p | verdict |\n"
                     "|---|---|---:|---:|---:|---:|---:|---|\n");
  ASSERT_STR_HAS(md, "| `find/core/random/miss` | real_time | 1 us | 1.05 us | "
                     "+5.0% | [+3.1%, +7.0%] | 0.001 | regression |\n");
  ASSERT_STR_HAS(md, "| `move/core/forward` | real_time | 2 ms | 1.5 ms | "
                     "-25.0% | [-27.0%, -23.0%] | 0.0002 | improvement |\n");
  ASSERT_STR_HAS(md,
                 "| `fault/anon/write` | faults_per_page | 1 | 0.5 | -50.0% "
                 "| - | - | changed |\n");
  ASSERT_STR_HAS(md, "| `find/core/huge` | - | - | - | - | - | - | error in "
                     "both: page mode 2m not obtained |\n");
  free(md);

  js = gate_json(&v);
  ASSERT_NOT_NULL(js);
  ASSERT_STR_EQ(json_string_value(json_object_get(js, "mode")), "interleaved");
  ASSERT_EQ(json_integer_value(json_object_get(js, "rounds")), 12);
  ASSERT_DBL(jnum(js, "seconds"), ==, 183.5);
  ASSERT_STR_HAS(json_string_value(json_object_get(
                     json_object_get(js, "parameters"), "test")),
                 "Wilcoxon");
  c = json_array_get(json_object_get(js, "comparisons"), 0);
  ASSERT_DBL(jnum(c, "ci_low"), ==, 0.031);
  ASSERT_DBL(jnum(c, "ci_high"), ==, 0.07);
  c = json_array_get(json_object_get(js, "comparisons"), 3);
  ASSERT_EQ(isnan(jnum(c, "ci_low")) && isnan(jnum(c, "ci_high")), 1);
  json_decref(js);

  xml = gate_junit(&v);
  ASSERT_NOT_NULL(xml);
  save(dir, "interleaved.xml", xml);
  ASSERT_STR_HAS(xml, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                      "<testsuites name=\"mmaplab gate\" tests=\"9\" "
                      "failures=\"4\" errors=\"0\" skipped=\"2\" "
                      "time=\"183.500\">\n"
                      "  <testsuite name=\"mmaplab gate\" tests=\"9\" "
                      "failures=\"4\" errors=\"0\" skipped=\"2\" "
                      "time=\"183.500\">\n");
  ASSERT_STR_HAS(xml, "<property name=\"mode\" value=\"interleaved\"/>");
  ASSERT_STR_HAS(xml, "<property name=\"rounds\" value=\"12\"/>");
  ASSERT_STR_HAS(xml, "<property name=\"seconds\" value=\"183.5\"/>");
  ASSERT_STR_HAS(xml, "<property name=\"reference_scale\" value=\"0.9870\"/>");
  ASSERT_STR_HAS(xml, "<property name=\"verdict\" value=\"REGRESSION: 4 "
                      "regressions, 2 improvements, 1 unchanged, 1 new (9 "
                      "benchmarks, real_time)\"/>");
  ASSERT_STR_HAS(
      xml, "<testcase classname=\"mmaplab.gate.find\" "
           "name=\"find/core/random/miss real_time\">\n"
           "      <failure type=\"regression\" message=\"real_time 1 us -&gt; "
           "1.05 us (+5.0%, CI [+3.1%, +7.0%], p = 0.001)\">metric: real_time\n"
           "baseline median: 1 us (12 samples)\n"
           "current median: 1.05 us (12 samples)\nchange: +5.0%\n"
           "confidence interval of the change: [+3.1%, +7.0%]\n"
           "p: 0.001 (one-sided Wilcoxon signed-rank; each row at p &lt; "
           "0.00417, alpha 0.05 by Bonferroni over 3 time rows and 4 looks)\n"
           "minimum effect: 5%\n</failure>\n"
           "    </testcase>\n");
  ASSERT_STR_HAS(xml, "<testcase classname=\"mmaplab.gate.move\" "
                      "name=\"move/core/forward real_time\">\n"
                      "      <system-out>improvement\nmetric: real_time\n");
  ASSERT_STR_HAS(xml, "<testcase classname=\"mmaplab.gate.open\" "
                      "name=\"open/core/file real_time\"/>\n");
  ASSERT_STR_HAS(xml, "<failure type=\"changed\" message=\"faults_per_page 1 "
                      "-&gt; 0.5 (-50.0%, tolerance 0.02)\">");
  ASSERT_STR_HAS(xml, "tolerance: 0.02 (the larger of 2% of the baseline and "
                      "0.001)\n");
  ASSERT_STR_HAS(xml, "<testcase classname=\"mmaplab.gate.granularity\" "
                      "name=\"granularity/core/scan\">\n"
                      "      <failure type=\"missing\" message=\"missing: in "
                      "the baseline, not in the current run\">");
  ASSERT_STR_HAS(xml, "<skipped message=\"new: in the current run only\"/>");
  ASSERT_STR_HAS(xml, "<skipped message=\"error in both: errors in both runs: "
                      "page mode 2m not obtained\"/>");
  ASSERT_STR_HAS(xml, "<failure type=\"error\" message=\"error: errors in the "
                      "current run: page mode thp not obtained: 12% of the "
                      "range backed\">");
  ASSERT_STR_HAS(xml, "<testcase classname=\"mmaplab.gate.rfind\" "
                      "name=\"rfind/core/x\">\n      <system-out>fixed\n");
  ASSERT_STR_HAS(xml, "  </testsuite>\n</testsuites>\n");
  free(xml);
  json_decref(fpdiff);
}

/* The stored-baseline mode: no rounds, no CI column, the table as before
 * the interleaved mode existed. */
static void test_stored(const char *dir) {
  gate_row r[NROWS];
  rs_result base = file("base.json"), cur = file("cur.json");
  const gate_params p = params();
  gate_report rep;
  gate_view v;
  char *md, *xml;
  json_t *js, *c, *fpdiff = json_array();
  rows(r, 0);
  rep = report(r, NROWS, 0);
  v = (gate_view){&base, &cur, &p, NULL, 0, fpdiff, 0, &rep};
  md = gate_markdown(&v);
  ASSERT_NOT_NULL(md);
  ASSERT_STR_LACKS(md, "Interleaved");
  ASSERT_STR_LACKS(md, "CI of change");
  ASSERT_STR_HAS(md, "**\n\nBaseline `base.json` (base.json); current "
                     "`cur.json` (cur.json).\nTime (real_time): one-sided "
                     "Mann-Whitney U");
  ASSERT_STR_HAS(md, "| benchmark | metric | baseline median | current median "
                     "| change | p | verdict |\n"
                     "|---|---|---:|---:|---:|---:|---|\n");
  ASSERT_STR_HAS(md, "| `find/core/random/miss` | real_time | 1 us | 1.05 us | "
                     "+5.0% | 0.001 | regression |\n");
  free(md);

  js = gate_json(&v);
  ASSERT_NOT_NULL(js);
  ASSERT_STR_EQ(json_string_value(json_object_get(js, "mode")),
                "stored baseline");
  ASSERT_EQ(json_integer_value(json_object_get(js, "rounds")), 0);
  ASSERT_EQ(isnan(jnum(js, "seconds")), 1);
  c = json_array_get(json_object_get(js, "comparisons"), 0);
  ASSERT_EQ(isnan(jnum(c, "ci_low")) && isnan(jnum(c, "ci_high")), 1);
  json_decref(js);

  xml = gate_junit(&v);
  ASSERT_NOT_NULL(xml);
  save(dir, "stored.xml", xml);
  ASSERT_STR_HAS(xml, "failures=\"4\" errors=\"0\" skipped=\"2\" "
                      "time=\"0.000\">\n");
  ASSERT_STR_HAS(xml, "<property name=\"mode\" value=\"stored baseline\"/>");
  ASSERT_STR_HAS(xml, "message=\"real_time 1 us -&gt; 1.05 us (+5.0%, p = "
                      "0.001)\"");
  ASSERT_STR_LACKS(xml, "confidence interval");
  free(xml);
  json_decref(fpdiff);
}

/* Hostile names and messages: markup, quotes, control characters, C1
 * controls, U+FFFE, bytes that are not UTF-8 (a stray continuation, an
 * overlong '/', a surrogate, a truncated sequence), tab, newline, CR. */
#define HOSTILE                                                                \
  "<a&b>\"q'\x01\x1b\x7f\xc2\x85\xef\xbf\xbe\xff\xc0\xaf\xed\xa0\x80"          \
  "\xc3\xa9\t\n\r]]>end\xe2\x82"
#define FFFD "\xef\xbf\xbd"
#define FFFD11 FFFD FFFD FFFD FFFD FFFD FFFD FFFD FFFD FFFD FFFD FFFD

static void test_hostile(const char *dir) {
  gate_row r[4];
  rs_result base = file("base\x01.json"), cur = file("cur<&>.json");
  const gate_params p = params();
  gate_report rep;
  gate_view v;
  char *xml;
  json_t *fpdiff = json_array();
  r[0] = row("find/" HOSTILE, "real_time", 1, 1000, 1200, 0.001, NAN, NAN,
             GATE_SLOWER, NULL);
  r[1] = row(HOSTILE "/x", "-", 0, NAN, NAN, NAN, NAN, NAN, GATE_ERROR,
             "message " HOSTILE);
  r[2] = row("", "-", 0, NAN, NAN, NAN, NAN, NAN, GATE_NEW, NULL);
  r[3] =
      row("noslash", "-", 0, NAN, NAN, NAN, NAN, NAN, GATE_BOTH_ERROR, HOSTILE);
  rep = report(r, 4, 0);
  v = (gate_view){&base, &cur, &p, "^(find|" HOSTILE ")", 0, fpdiff, 0, &rep};
  xml = gate_junit(&v);
  ASSERT_NOT_NULL(xml);
  save(dir, "hostile.xml", xml);
  /* In attributes: entities, every unfit character or byte one U+FFFD,
   * tab, newline and CR as spaces. */
#define HOSTILE_ATTR                                                           \
  "&lt;a&amp;b&gt;&quot;q&apos;" FFFD11 "\xc3\xa9   ]]&gt;end" FFFD FFFD
  ASSERT_STR_HAS(
      xml, "<testcase classname=\"mmaplab.gate.find\" name=\"find/" HOSTILE_ATTR
           " real_time\">");
  ASSERT_STR_HAS(xml, "<testcase classname=\"mmaplab.gate." HOSTILE_ATTR
                      "\" name=\"" HOSTILE_ATTR "/x\">");
  ASSERT_STR_HAS(xml, "message=\"error: errors in the current run: "
                      "message " HOSTILE_ATTR "\">");
  /* In element content: only & < > escaped; tab and newline kept, CR as a
   * character reference. */
  ASSERT_STR_HAS(xml, "note: message &lt;a&amp;b&gt;\"q'" FFFD11
                      "\xc3\xa9\t\n&#13;]]&gt;end" FFFD FFFD "\n</failure>");
  ASSERT_STR_HAS(xml, "<testcase classname=\"mmaplab.gate\" name=\"\">\n"
                      "      <skipped message=\"new: in the current run "
                      "only\"/>");
  ASSERT_STR_HAS(xml, "<testcase classname=\"mmaplab.gate.noslash\" "
                      "name=\"noslash\">");
  ASSERT_STR_HAS(xml,
                 "<property name=\"baseline\" value=\"base" FFFD ".json\"/>");
  ASSERT_STR_HAS(xml, "<property name=\"current\" value=\"cur&lt;&amp;&gt;"
                      ".json\"/>");
  ASSERT_STR_HAS(xml, "<property name=\"filter\" value=\"^(find|&lt;a&amp;b");
  /* Nothing unescaped got through: no raw control byte at all. */
  for (const char *s = xml; *s; s++)
    if ((unsigned char)*s < 0x20 && *s != '\n' && *s != '\t')
      TEST_FAIL_("raw control byte 0x%02x at offset %zu", (unsigned char)*s,
                 (size_t)(s - xml));
  free(xml);
  json_decref(fpdiff);
}

int main(int argc, char **argv) {
  const char *dir = argc > 1 ? argv[1] : NULL;
  test_interleaved(dir);
  test_stored(dir);
  test_hostile(dir);
  printf("gate.render: ok\n");
  return 0;
}

/* gate_junit.c - the gate's verdict as JUnit XML (gate_junit.h). */
#define _POSIX_C_SOURCE 200809L /* open_memstream */
#include "gate_junit.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gate_fmt.h"

/* Where escaped text goes: an attribute value (kept on one line) or the
 * content of an element. */
typedef enum xml_ctx { XML_ATTR, XML_TEXT } xml_ctx;

/* The document being written; FAILED once anything ran out of memory. */
typedef struct jw {
  FILE *f;
  int failed;
} jw;

static const char replacement[] = "\xEF\xBF\xBD"; /* U+FFFD */

/* The length (1 to 4) of the well-formed UTF-8 sequence at S, which has
 * LEFT bytes before its end, or 0 when none starts there: overlong forms,
 * surrogates and code points above U+10FFFF are not UTF-8. */
static size_t utf8_len(const unsigned char *s, size_t left) {
  const unsigned char c = s[0];
  unsigned char lo = 0x80, hi = 0xBF;
  size_t n;
  if (c < 0x80)
    return 1;
  if (c >= 0xC2 && c <= 0xDF) {
    n = 2;
  } else if (c >= 0xE0 && c <= 0xEF) {
    n = 3;
    lo = c == 0xE0 ? 0xA0 : lo; /* below: overlong */
    hi = c == 0xED ? 0x9F : hi; /* above: a surrogate */
  } else if (c >= 0xF0 && c <= 0xF4) {
    n = 4;
    lo = c == 0xF0 ? 0x90 : lo; /* below: overlong */
    hi = c == 0xF4 ? 0x8F : hi; /* above: beyond U+10FFFF */
  } else {
    return 0;
  }
  if (left < n || s[1] < lo || s[1] > hi)
    return 0;
  for (size_t i = 2; i < n; i++)
    if (s[i] < 0x80 || s[i] > 0xBF)
      return 0;
  return n;
}

/* 1 if the UTF-8 sequence S of N bytes is a character XML 1.0 cannot hold
 * or that readers choke on: a C1 control (U+0080-U+009F), U+FFFE, U+FFFF. */
static int xml_unfit(const unsigned char *s, size_t n) {
  return (n == 2 && s[0] == 0xC2 && s[1] < 0xA0) ||
         (n == 3 && s[0] == 0xEF && s[1] == 0xBF && s[2] >= 0xBE);
}

/* Writes the N bytes at S to W escaped for CTX. */
static void xml_putn(jw *w, const char *s, size_t n, xml_ctx ctx) {
  const unsigned char *p = (const unsigned char *)s, *end = p + n;
  while (p < end) {
    const unsigned char c = *p;
    const size_t k = utf8_len(p, (size_t)(end - p));
    if (k == 0 || xml_unfit(p, k)) {
      fputs(replacement, w->f);
      p += k == 0 ? 1 : k;
      continue;
    }
    if (k > 1) {
      fwrite(p, 1, k, w->f);
      p += k;
      continue;
    }
    if (c == '&')
      fputs("&amp;", w->f);
    else if (c == '<')
      fputs("&lt;", w->f);
    else if (c == '>')
      fputs("&gt;", w->f);
    else if (c == '"' && ctx == XML_ATTR)
      fputs("&quot;", w->f);
    else if (c == '\'' && ctx == XML_ATTR)
      fputs("&apos;", w->f);
    else if ((c == '\t' || c == '\n' || c == '\r') && ctx == XML_ATTR)
      fputc(' ', w->f);
    else if (c == '\r') /* a parser would turn a literal CR into LF */
      fputs("&#13;", w->f);
    else if ((c < 0x20 && c != '\t' && c != '\n') || c == 0x7F)
      fputs(replacement, w->f); /* not allowed in XML 1.0 (DEL: unwise) */
    else
      fputc(c, w->f);
    p++;
  }
}

static void xml_put(jw *w, const char *s, xml_ctx ctx) {
  xml_putn(w, s, strlen(s), ctx);
}

/* Writes the printf-style text to W escaped for CTX. */
__attribute__((format(printf, 3, 4))) static void
xml_printf(jw *w, xml_ctx ctx, const char *fmt, ...) {
  char small[256], *buf = small;
  va_list ap;
  int n;
  va_start(ap, fmt);
  n = vsnprintf(small, sizeof small, fmt, ap);
  va_end(ap);
  if (n < 0) {
    w->failed = 1;
    return;
  }
  if ((size_t)n >= sizeof small) {
    if ((buf = malloc((size_t)n + 1)) == NULL) {
      w->failed = 1;
      return;
    }
    va_start(ap, fmt);
    vsnprintf(buf, (size_t)n + 1, fmt, ap);
    va_end(ap);
  }
  xml_put(w, buf, ctx);
  if (buf != small)
    free(buf);
}

/* <property name="NAME" value="VALUE"/> */
static void property(jw *w, const char *name, const char *value) {
  fprintf(w->f, "      <property name=\"%s\" value=\"", name);
  xml_put(w, value, XML_ATTR);
  fputs("\"/>\n", w->f);
}

static void properties(jw *w, const gate_view *v) {
  const gate_params *p = v->params;
  const gate_report *r = v->report;
  char line[512], num[64];
  gate_verdict_line(v, line, sizeof line);
  fputs("    <properties>\n", w->f);
  property(w, "verdict", line);
  property(w, "mode", r->rounds > 0 ? "interleaved" : "stored baseline");
  snprintf(num, sizeof num, "%zu", r->rounds);
  property(w, "rounds", num);
  snprintf(num, sizeof num, "%.1f", r->rounds > 0 ? r->seconds : 0.0);
  property(w, "seconds", num);
  property(w, "metric", p->metric_cpu ? "cpu_time" : "real_time");
  snprintf(num, sizeof num, "%g", p->alpha);
  property(w, "alpha", num);
  snprintf(num, sizeof num, "%g", p->min_effect);
  property(w, "min_effect", num);
  snprintf(num, sizeof num, "%g", p->count_tol);
  property(w, "count_tolerance", num);
  snprintf(num, sizeof num, "%g", p->count_floor);
  property(w, "count_floor", num);
  property(w, "reference", p->reference != NULL ? p->reference : "none");
  snprintf(num, sizeof num, "%.4f", r->scale);
  property(w, "reference_scale", num);
  if (v->filter != NULL)
    property(w, "filter", v->filter);
  property(w, "baseline", v->base->path);
  property(w, "current", v->cur->path);
  fputs("    </properties>\n", w->f);
}

static int is_presence(const gate_row *r) {
  return strcmp(r->metric, "-") == 0;
}

/* The absolute tolerance a count row was judged with. */
static double count_tolerance(const gate_view *v, const gate_row *r) {
  const double rel = v->params->count_tol * fabs(r->base);
  return rel > v->params->count_floor ? rel : v->params->count_floor;
}

/* What a presence row means, without its note. */
static const char *presence_text(gate_verdict verdict) {
  switch (verdict) {
  case GATE_MISSING:
    return "in the baseline, not in the current run";
  case GATE_NEW:
    return "in the current run only";
  case GATE_ERROR:
    return "errors in the current run";
  case GATE_FIXED:
    return "errors in the baseline, none in the current run";
  default: /* GATE_BOTH_ERROR */
    return "errors in both runs";
  }
}

/* The one-line message of row R, as an attribute value: "real_time
 * 2.102 us -> 2.461 us (+17.1%, CI [+3.1%, +7.0%], p = 0.00397)". */
static void row_message(jw *w, const gate_view *v, const gate_row *r) {
  char b[64], c[64], ch[32], iv[64], p[32], tol[64];
  if (is_presence(r)) {
    xml_printf(w, XML_ATTR, "%s: %s", gate_verdict_name(r->verdict),
               presence_text(r->verdict));
  } else {
    xml_printf(w, XML_ATTR, "%s %s -> %s (%s", r->metric,
               gate_fmt_value(r, r->base, b, sizeof b),
               gate_fmt_value(r, r->cur, c, sizeof c),
               gate_fmt_change(r->change, ch, sizeof ch));
    if (isfinite(r->lo) && isfinite(r->hi))
      xml_printf(w, XML_ATTR, ", CI %s", gate_fmt_ci(r, iv, sizeof iv));
    if (!isnan(r->p))
      xml_printf(w, XML_ATTR, ", p = %s", gate_fmt_p(r->p, p, sizeof p));
    if (!r->is_time)
      xml_printf(w, XML_ATTR, ", tolerance %s",
                 gate_fmt_value(r, count_tolerance(v, r), tol, sizeof tol));
    xml_put(w, ")", XML_ATTR);
  }
  if (r->note != NULL) {
    xml_put(w, ": ", XML_ATTR);
    xml_put(w, r->note, XML_ATTR);
  }
}

/* The numbers of row R, one a line, as element content. */
static void row_body(jw *w, const gate_view *v, const gate_row *r) {
  char b[64], c[64], ch[32], iv[64], p[32], tol[64];
  if (is_presence(r)) {
    xml_printf(w, XML_TEXT, "%s\nbaseline: %zu samples\ncurrent: %zu samples\n",
               presence_text(r->verdict), r->nbase, r->ncur);
  } else {
    xml_printf(w, XML_TEXT,
               "metric: %s\nbaseline median: %s (%zu samples)\n"
               "current median: %s (%zu samples)\nchange: %s\n",
               r->metric, gate_fmt_value(r, r->base, b, sizeof b), r->nbase,
               gate_fmt_value(r, r->cur, c, sizeof c), r->ncur,
               gate_fmt_change(r->change, ch, sizeof ch));
    if (isfinite(r->lo) && isfinite(r->hi))
      xml_printf(w, XML_TEXT, "confidence interval of the change: %s\n",
                 gate_fmt_ci(r, iv, sizeof iv));
    if (!isnan(r->p) && v->report->rounds > 0)
      xml_printf(w, XML_TEXT,
                 "p: %s (one-sided Wilcoxon signed-rank; each row at p < "
                 "%.3g, alpha %g by Bonferroni over %zu time rows and %d "
                 "looks)\n",
                 gate_fmt_p(r->p, p, sizeof p), v->report->level,
                 v->params->alpha, v->report->ntests, v->report->looks);
    else if (!isnan(r->p))
      xml_printf(w, XML_TEXT,
                 "p: %s (one-sided; Holm's step-down over %zu time "
                 "comparisons to a family-wise p < %g)\n",
                 gate_fmt_p(r->p, p, sizeof p), v->report->ntests,
                 v->params->alpha);
    if (r->is_time)
      xml_printf(w, XML_TEXT, "minimum effect: %g%%\n",
                 v->params->min_effect * 100);
    else
      xml_printf(w, XML_TEXT,
                 "tolerance: %s (the larger of %g%% of the baseline and %g)\n",
                 gate_fmt_value(r, count_tolerance(v, r), tol, sizeof tol),
                 v->params->count_tol * 100, v->params->count_floor);
  }
  if (r->note != NULL) {
    xml_put(w, "note: ", XML_TEXT);
    xml_put(w, r->note, XML_TEXT);
    xml_put(w, "\n", XML_TEXT);
  }
}

static void testcase(jw *w, const gate_view *v, const gate_row *r) {
  const char *slash = strchr(r->bench, '/');
  const size_t nfamily =
      slash != NULL ? (size_t)(slash - r->bench) : strlen(r->bench);
  const gate_verdict verdict = r->verdict;
  fputs("    <testcase classname=\"mmaplab.gate", w->f);
  if (nfamily > 0) {
    fputc('.', w->f);
    xml_putn(w, r->bench, nfamily, XML_ATTR);
  }
  fputs("\" name=\"", w->f);
  xml_put(w, r->bench, XML_ATTR);
  if (!is_presence(r)) {
    fputc(' ', w->f);
    xml_put(w, r->metric, XML_ATTR);
  }
  if (gate_verdict_fails(verdict)) {
    fprintf(w->f, "\">\n      <failure type=\"%s\" message=\"",
            gate_verdict_name(verdict));
    row_message(w, v, r);
    fputs("\">", w->f);
    row_body(w, v, r);
    fputs("</failure>\n    </testcase>\n", w->f);
  } else if (verdict == GATE_NEW || verdict == GATE_BOTH_ERROR) {
    fputs("\">\n      <skipped message=\"", w->f);
    row_message(w, v, r);
    fputs("\"/>\n    </testcase>\n", w->f);
  } else if (verdict == GATE_FASTER || verdict == GATE_FIXED) {
    fputs("\">\n      <system-out>", w->f);
    xml_printf(w, XML_TEXT, "%s\n", gate_verdict_name(verdict));
    row_body(w, v, r);
    fputs("</system-out>\n    </testcase>\n", w->f);
  } else {
    fputs("\"/>\n", w->f);
  }
}

char *gate_junit(const gate_view *v) {
  const gate_report *r = v->report;
  char *out = NULL;
  size_t n = 0, failures = 0, skipped = 0;
  const double seconds =
      r->rounds > 0 && isfinite(r->seconds) ? r->seconds : 0.0;
  jw w = {NULL, 0};
  for (size_t i = 0; i < r->nrows; i++)
    if (gate_verdict_fails(r->rows[i].verdict))
      failures++;
    else if (r->rows[i].verdict == GATE_NEW ||
             r->rows[i].verdict == GATE_BOTH_ERROR)
      skipped++;
  if ((w.f = open_memstream(&out, &n)) == NULL)
    return NULL;
  fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n", w.f);
  for (int level = 0; level < 2; level++)
    fprintf(w.f,
            "%s<%s name=\"mmaplab gate\" tests=\"%zu\" failures=\"%zu\" "
            "errors=\"0\" skipped=\"%zu\" time=\"%.3f\">\n",
            level ? "  " : "", level ? "testsuite" : "testsuites", r->nrows,
            failures, skipped, seconds);
  properties(&w, v);
  for (size_t i = 0; i < r->nrows; i++)
    testcase(&w, v, &r->rows[i]);
  fputs("  </testsuite>\n</testsuites>\n", w.f);
  if (fclose(w.f) != 0 || w.failed) {
    free(out);
    return NULL;
  }
  return out;
}

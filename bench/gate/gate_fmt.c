/* gate_fmt.c - the numbers of one gate_row as text (gate_fmt.h). */
#include "gate_fmt.h"

#include <math.h>
#include <stdio.h>

const char *gate_fmt_value(const gate_row *r, double x, char *buf, size_t len) {
  static const struct {
    double ns;
    const char *unit;
  } units[] = {{1e9, "s"}, {1e6, "ms"}, {1e3, "us"}, {1, "ns"}};
  const size_t nunits = sizeof units / sizeof units[0];
  if (isnan(x))
    return "-";
  if (!r->is_time) {
    snprintf(buf, len, "%.6g", x);
    return buf;
  }
  for (size_t i = 0; i < nunits; i++)
    if (fabs(x) >= units[i].ns || i + 1 == nunits) {
      snprintf(buf, len, "%.4g %s", x / units[i].ns, units[i].unit);
      break;
    }
  return buf;
}

const char *gate_fmt_change(double change, char *buf, size_t len) {
  if (isnan(change))
    return "-";
  snprintf(buf, len, "%+.1f%%", change * 100);
  return buf;
}

const char *gate_fmt_p(double p, char *buf, size_t len) {
  if (isnan(p))
    return "-";
  snprintf(buf, len, "%.3g", p);
  return buf;
}

const char *gate_fmt_ci(const gate_row *r, char *buf, size_t len) {
  if (!isfinite(r->lo) || !isfinite(r->hi))
    return "-";
  snprintf(buf, len, "[%+.1f%%, %+.1f%%]", r->lo * 100, r->hi * 100);
  return buf;
}

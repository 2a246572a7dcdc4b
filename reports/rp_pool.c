/* rp_pool.c - pooled benchmarks and their metrics (rp_pool.h). */
#include "rp_pool.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ut_str.h"

int rp_pool_add(rp_pool *p, const rs_result *r) {
  if (p->index == NULL && (p->index = json_object()) == NULL)
    return -1;
  for (size_t i = 0; i < r->nbenches; i++) {
    json_t *pos;
    if (r->benches[i].nsamples == 0 ||
        rp_pool_get(p, r->benches[i].name) != NULL)
      continue;
    if (ut_grow(&p->e, &p->cap, p->n + 1, sizeof *p->e, 64) != 0)
      return -1;
    /* nocheck: names are C strings, not necessarily UTF-8 */
    if ((pos = json_integer((json_int_t)p->n)) == NULL ||
        json_object_set_new_nocheck(p->index, r->benches[i].name, pos) != 0)
      return -1;
    p->e[p->n].b = &r->benches[i];
    p->e[p->n].r = r;
    p->n++;
  }
  return 0;
}

const rp_entry *rp_pool_get(const rp_pool *p, const char *name) {
  const json_t *pos = p->index ? json_object_get(p->index, name) : NULL;
  return pos != NULL ? &p->e[json_integer_value(pos)] : NULL;
}

void rp_pool_free(rp_pool *p) {
  free(p->e);
  json_decref(p->index);
  p->e = NULL;
  p->n = p->cap = 0;
  p->index = NULL;
}

int rp_pool_parts(const rp_pool *p, const char *family, size_t i,
                  rp_strs *out) {
  char part[256];
  for (size_t k = 0; k < p->n; k++)
    if (strcmp(p->e[k].b->family, family) == 0 &&
        rs_name_part(p->e[k].b->name, i, part, sizeof part) &&
        rp_strs_intern(out, part) < 0)
      return -1;
  rp_strs_sort(out);
  return 0;
}

void rp_pool_machine(const rp_pool *p, const char *family, char *buf,
                     size_t len) {
  const rs_result *first = NULL;
  for (size_t k = 0; k < p->n; k++)
    if (family == NULL || strcmp(p->e[k].b->family, family) == 0) {
      if (first == NULL)
        first = p->e[k].r;
      if (p->e[k].r->fingerprint != NULL) {
        rs_result_machine(p->e[k].r, buf, len);
        return;
      }
    }
  if (first != NULL)
    rs_result_machine(first, buf, len);
  else
    snprintf(buf, len, "unknown machine");
}

double rp_gbps(const rs_bench *b) {
  return rs_median(b->bytes_per_second, b->nsamples) / 1e9;
}

double rp_time_ns(const rs_bench *b) {
  return rs_median(b->real_ns, b->nsamples);
}

double rp_counter(const rs_bench *b, const char *name) {
  const rs_counter *c = rs_bench_counter(b, name);
  return c != NULL ? rs_median(c->values, b->nsamples) : NAN;
}

double rp_ns_per_gib(const rs_bench *b) {
  const double v = rp_counter(b, "ns_per_gib");
  int64_t file;
  if (!isnan(v))
    return v;
  if (rs_name_param_int(b->name, "file", &file) && file > 0)
    return rp_time_ns(b) / ((double)file / 1073741824.0);
  return NAN;
}

void rp_name_drop(const char *name, size_t i, char *buf, size_t len) {
  char part[256];
  size_t used = 0;
  if (len == 0)
    return;
  buf[0] = '\0';
  for (size_t k = 0; rs_name_part(name, k, part, sizeof part); k++) {
    if (k == i)
      continue;
    used += (size_t)snprintf(buf + used, used < len ? len - used : 0, "%s%s",
                             used ? "/" : "", part);
    if (used >= len)
      return;
  }
}

void rp_name_short(const char *name, char *buf, size_t len) {
  size_t n = 0;
  buf[0] = '\0';
  for (const char *p = name; *p != '\0';) {
    const size_t l = strcspn(p, "/");
    const int drop = strncmp(p, "iterations:", 11) == 0 ||
                     (l == 11 && strncmp(p, "manual_time", l) == 0) ||
                     (l == 9 && strncmp(p, "real_time", l) == 0);
    if (!drop && n + l + 2 < len) {
      n +=
          (size_t)snprintf(buf + n, len - n, "%s%.*s", n ? "/" : "", (int)l, p);
    }
    p += l + (p[l] == '/');
  }
}

int rp_name_replace(const char *name, size_t i, const char *with, char *buf,
                    size_t len) {
  const char *s = name, *e;
  for (size_t k = 0; k < i; k++)
    if ((s = strchr(s, '/')) == NULL)
      return 0;
    else
      s++;
  e = s + strcspn(s, "/");
  return snprintf(buf, len, "%.*s%s%s", (int)(s - name), name, with, e) <
         (int)len;
}

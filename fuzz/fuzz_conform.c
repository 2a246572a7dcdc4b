/* fuzz_conform.c - what the conformance targets share (fuzz_conform.h). */
#include "fuzz_conform.h"

#include "conform_resolve.h"
#include "fuzz_input.h"

#include <stdlib.h>
#include <string.h>

/* The hello of the goldens in conformance/golden/cpython-3.13.0. */
static const char reference_hello[] =
    "{\"allocationgranularity\":4096,\"constants\":{\"ACCESS_COPY\":3,"
    "\"ACCESS_DEFAULT\":0,\"ACCESS_READ\":1,\"ACCESS_WRITE\":2,"
    "\"ALLOCATIONGRANULARITY\":4096,\"MADV_DODUMP\":17,\"MADV_DOFORK\":11,"
    "\"MADV_DONTDUMP\":16,\"MADV_DONTFORK\":10,\"MADV_DONTNEED\":4,"
    "\"MADV_FREE\":8,\"MADV_HUGEPAGE\":14,\"MADV_HWPOISON\":100,"
    "\"MADV_MERGEABLE\":12,\"MADV_NOHUGEPAGE\":15,\"MADV_NORMAL\":0,"
    "\"MADV_RANDOM\":1,\"MADV_REMOVE\":9,\"MADV_SEQUENTIAL\":2,"
    "\"MADV_UNMERGEABLE\":13,\"MADV_WILLNEED\":3,\"MAP_32BIT\":64,"
    "\"MAP_ANON\":32,\"MAP_ANONYMOUS\":32,\"MAP_DENYWRITE\":2048,"
    "\"MAP_EXECUTABLE\":4096,\"MAP_NORESERVE\":16384,\"MAP_POPULATE\":32768,"
    "\"MAP_PRIVATE\":2,\"MAP_SHARED\":1,\"MAP_STACK\":131072,"
    "\"PAGESIZE\":4096,\"PROT_EXEC\":4,\"PROT_READ\":1,\"PROT_WRITE\":2},"
    "\"features\":[\"python-args\",\"bigint\",\"python-object\",\"sequence\","
    "\"memoryview\",\"view-ops\",\"repr\",\"fd-kinds\"],\"host\":\"python\","
    "\"implementation\":\"cpython\",\"machine\":\"x86_64\","
    "\"maxsize\":\"9223372036854775807\",\"pagesize\":4096,"
    "\"platform\":\"linux\",\"protocol\":1,\"type\":\"hello\","
    "\"version\":\"3.13.0\"}";

void fz_reference_hello(cf_hello *h) {
  json_t *msg = json_loads(reference_hello, 0, NULL);
  char why[300];
  if (msg == NULL || cf_hello_parse(msg, h, why, sizeof why) != 0)
    fz_fail("the reference hello does not parse");
  json_decref(msg);
}

/* The value of expression EXPR for H, or 0 if it does not evaluate. */
static long long eval(const json_t *expr, const cf_hello *h) {
  const char *text = json_string_value(expr);
  __int128 v;
  char *why = NULL;
  if (text == NULL || cf_resolve_expr(text, h, &v, &why) != 0) {
    free(why);
    return 0;
  }
  return v < 0                     ? 0
         : v > ((__int128)1 << 40) ? (long long)1 << 40
                                   : (long long)v;
}

long long fz_case_expansion(const json_t *v, const cf_hello *h) {
  long long total = 0;
  const char *key;
  json_t *m;
  size_t i;
  if (json_is_array(v))
    json_array_foreach(v, i, m) total += fz_case_expansion(m, h);
  if (!json_is_object(v))
    return total;
  json_object_foreach((json_t *)v, key, m) {
    if (!strcmp(key, "pattern"))
      total += eval(m, h);
    else if (!strcmp(key, "repeat"))
      total +=
          eval(json_object_get(m, "count"), h) *
          (long long)(json_string_length(json_object_get(m, "bytes")) / 2 + 1);
    else
      total += fz_case_expansion(m, h);
    if (total > ((long long)1 << 40))
      return total; /* enough to say no, and no overflow */
  }
  return total;
}

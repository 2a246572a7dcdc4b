/* core_host_hello.c - the hello message (INTERPRETING.md 5.2). */
#include "core_host.h"
#include "core_host_os.h"

#include <stdlib.h>
#include <string.h>

uint32_t ch_python_version = MML_PY_DEFAULT; /* main's --python sets it */

/* What a C API can express (5.3): no python-args, bigint, python-object,
 * view-ops, module (dir() of a Python module) or audit (sys.addaudithook). */
static const char *const features[] = {"sequence", "memoryview", "repr",
                                       "fd-kinds"};

static int by_name(const void *a, const void *b) {
  return strcmp(((const mml_constant *)a)->name,
                ((const mml_constant *)b)->name);
}

/* The constants sorted by name, as dir(mmap) lists them. */
static json_t *constants(void) {
  size_t n;
  const mml_constant *c = mml_constants(&n);
  mml_constant *sorted = ut_xrealloc(NULL, n * sizeof *sorted);
  json_t *o = json_object();
  memcpy(sorted, c, n * sizeof *sorted);
  qsort(sorted, n, sizeof *sorted, by_name);
  for (size_t i = 0; i < n; i++)
    json_object_set_new(o, sorted[i].name, json_integer(sorted[i].value));
  free(sorted);
  return o;
}

json_t *ch_hello(void) {
  char version[32], maxsize[32];
  json_t *feats = json_array();
  uint32_t v = ch_python_version;
  /* The Python version the core follows (MML_PY encoding). */
  snprintf(version, sizeof version, "%u.%u.%u", (unsigned)(v >> 24),
           (unsigned)(v >> 16 & 0xff), (unsigned)(v >> 8 & 0xff));
  snprintf(maxsize, sizeof maxsize, "%lld", (long long)INT64_MAX);
  for (size_t i = 0; i < sizeof features / sizeof *features; i++)
    json_array_append_new(feats, json_string(features[i]));
  json_t *hello = json_pack(
      "{s:s,s:i,s:s,s:s,s:s,s:s,s:s,s:I,s:I,s:s,s:o,s:o,s:o}", "type", "hello",
      "protocol", 1, "host", "core", "implementation", "mmaplab", "version",
      version, "platform", ch_os_platform(), "machine", ch_os_machine(),
      "pagesize", (json_int_t)mml_pagesize(), "allocationgranularity",
      (json_int_t)mml_allocation_granularity(), "maxsize", maxsize, "constants",
      constants(), "errnos", ch_errnos(), "features", feats);
  ch_os_hello_extra(hello);
  return hello;
}

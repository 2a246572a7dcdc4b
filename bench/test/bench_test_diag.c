/* bench_test_diag.c - the benchmarks' own failure messages name the
 * failing call's error: a map the kernel refuses (1 PiB, beyond any
 * address space: ENOMEM) is reported with strerror's text, not a guess. */
#include <errno.h>
#include <string.h>

#include "bench_data.h"
#include "bench_test_util.h"

int main(void) {
  static const bd_page_mode modes[] = {PM_4K, PM_HUGE2M};
  for (size_t i = 0; i < sizeof modes / sizeof modes[0]; i++) {
    const char *why = "";
    mml_map *m = NULL;
    const int rc = bd_open_anon(&m, modes[i], (int64_t)1 << 50, 0, 0, &why);
    ASSERT_EQ(rc, -1);
    ASSERT_NULL(m);
    ASSERT_STR_HAS(why, strerror(ENOMEM));
  }
  return 0;
}

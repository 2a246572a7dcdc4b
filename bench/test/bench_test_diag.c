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
    BT_CHECK(rc == -1 && m == NULL);
    if (strstr(why, strerror(ENOMEM)) == NULL) {
      fprintf(stderr, "%s: the message does not say ENOMEM: %s\n",
              pm_mode_name(modes[i]), why);
      bt_failures++;
    }
  }
  return bt_finish("bench.diag_open_error");
}

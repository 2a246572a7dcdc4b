/* pagemode_names.c - the page modes' names (pagemode.h): the part of the
 * page modes that every OS's bench uses, for its benchmark names. */
#include "pagemode.h"

#include <errno.h>
#include <string.h>

static const char *const mode_names[PM_MODE_COUNT] = {
    "4k",      "thp",      "huge2m",   "huge1g",   "mthp16k",   "mthp32k",
    "mthp64k", "mthp128k", "mthp256k", "mthp512k", "mthp1024k", "default"};

int pm_mode_is_mthp(pm_mode mode) {
  return mode >= PM_MTHP16K && mode <= PM_MTHP1024K;
}

const char *pm_mode_name(pm_mode mode) {
  return (unsigned)mode < PM_MODE_COUNT ? mode_names[mode] : "?";
}

int pm_mode_parse(const char *name, pm_mode *out) {
  for (int i = 0; i < PM_MODE_COUNT; i++) {
    if (name && strcmp(name, mode_names[i]) == 0) {
      *out = (pm_mode)i;
      return 0;
    }
  }
  return -EINVAL;
}

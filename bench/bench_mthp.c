/* bench_mthp.c - a fault run's multi-size THP settings and counters
 * (bench_mthp.h). */
#include "bench_mthp.h"

#include <errno.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bench_sysfs.h"
#include "pagemode.h"

#define THP_DIR "/sys/kernel/mm/transparent_hugepage"
#define MAX_SIZES 32

int mthp_read_counts(size_t kb, int shmem, mthp_counts *c) {
  char path[192];
  int rc;
  snprintf(path, sizeof path, "%s/stats/%s", pm_mthp_dir(kb),
           shmem ? "shmem_alloc" : "anon_fault_alloc");
  if ((rc = pm_sys_read_long(path, &c->alloc)) != 0)
    return rc;
  snprintf(path, sizeof path, "%s/stats/%s", pm_mthp_dir(kb),
           shmem ? "shmem_fallback" : "anon_fault_fallback");
  return pm_sys_read_long(path, &c->fallback);
}

/* The knobs mthp_enter changed, to put back. */
static char changed[MAX_SIZES][160];
static int nchanged;

/* The per-size setting file of SHMEM's kind. */
static const char *setting_file(int shmem) {
  return shmem ? "shmem_enabled" : "enabled";
}

/* 1 if this process can write the settings of size KB. */
static int can_write(size_t kb, int shmem) {
  char path[160];
  snprintf(path, sizeof path, "%s/%s", pm_mthp_dir(kb), setting_file(shmem));
  return access(path, W_OK) == 0;
}

int mthp_runnable(size_t kb, int shmem, char *why, size_t len) {
  char path[160];
  snprintf(path, sizeof path, "%s/%s", pm_mthp_dir(kb), setting_file(shmem));
  if (access(path, F_OK) != 0) {
    snprintf(why, len, "no %s: the kernel has no such setting", path);
    return 0;
  }
  if (can_write(kb, shmem)) {
    snprintf(why, len, "root: the run sets it up");
    return 1;
  }
  return pm_mthp_settings_give(kb, shmem, why, len) == 1;
}

int mthp_enter(size_t kb, int shmem, char *why, size_t len) {
  size_t kbs[MAX_SIZES];
  const int n = pm_thp_sizes(kbs, MAX_SIZES);
  int rc;
  nchanged = 0;
  if (n < 0) {
    snprintf(why, len, "cannot list %s: %s", THP_DIR, strerror(-n));
    return n;
  }
  if (!can_write(kb, shmem)) { /* not root: as the machine is set */
    rc = pm_mthp_settings_give(kb, shmem, why, len);
    return rc == 1 ? 0 : rc < 0 ? rc : -EPERM;
  }
  /* ascending sizes, the same order in every process: two runs waiting
   * for each other's locks cannot each hold one the other needs */
  for (int i = 0; i < n; i++) {
    char path[160];
    const char *value = kbs[i] != kb ? "never" : shmem ? "advise" : "madvise";
    snprintf(path, sizeof path, "%s/%s", pm_mthp_dir(kbs[i]),
             setting_file(shmem));
    if (access(path, F_OK) != 0) /* 8 kB has no anonymous setting */
      continue;
    rc = bench_sysfs_set(path, value, why, len);
    if (bench_sysfs_previous(path) != NULL)
      snprintf(changed[nchanged++], sizeof changed[0], "%s", path);
    if (rc != 0)
      return rc;
  }
  return 0;
}

void mthp_leave(void) {
  while (nchanged > 0)
    (void)bench_sysfs_restore(changed[--nchanged]);
}

int mthp_obtained(size_t kb, int shmem, int64_t pages,
                  const mthp_counts *before, const mthp_counts *after,
                  char *why, size_t len) {
  const int64_t per_folio = (int64_t)kb / 4;
  const int64_t need = (pages + per_folio - 1) / per_folio;
  const long alloc = after->alloc - before->alloc;
  const long fallback = after->fallback - before->fallback;
  if (alloc >= need && fallback == 0)
    return 1;
  snprintf(why, len,
           "hugepages-%zukB/stats: %s +%ld of the %lld folios %lld pages "
           "need, %s +%ld",
           kb, shmem ? "shmem_alloc" : "anon_fault_alloc", alloc,
           (long long)need, (long long)pages,
           shmem ? "shmem_fallback" : "anon_fault_fallback", fallback);
  return 0;
}

/* ---- the context -------------------------------------------------------- */

static json_t *found;
static int root_can;

/* The choice in FILE of DIR as a JSON string, null when absent. */
static json_t *choice_of(const char *dir, const char *file) {
  char path[192], choice[32];
  snprintf(path, sizeof path, "%s/%s", dir, file);
  return pm_sys_read_choice(path, choice, sizeof choice) == 0
             ? json_string(choice)
             : json_null();
}

void mthp_note_start(void) {
  size_t kbs[MAX_SIZES];
  const int n = pm_thp_sizes(kbs, MAX_SIZES);
  json_decref(found);
  found = json_object();
  json_object_set_new(found, "top",
                      json_pack("{s:o, s:o}", "enabled",
                                choice_of(THP_DIR, "enabled"), "shmem_enabled",
                                choice_of(THP_DIR, "shmem_enabled")));
  for (int i = 0; i < n; i++) {
    char key[32];
    snprintf(key, sizeof key, "%zukB", kbs[i]);
    json_object_set_new(
        found, key,
        json_pack("{s:o, s:o}", "enabled",
                  choice_of(pm_mthp_dir(kbs[i]), "enabled"), "shmem_enabled",
                  choice_of(pm_mthp_dir(kbs[i]), "shmem_enabled")));
  }
  root_can = n > 0 && can_write(kbs[n - 1], 0);
}

/* What a run of size KB (SHMEM) sets, or why it cannot run. */
static json_t *plan_of(size_t kb, int shmem) {
  char why[256], path[160];
  snprintf(path, sizeof path, "%s/%s", pm_mthp_dir(kb), setting_file(shmem));
  if (access(path, F_OK) != 0)
    return json_sprintf("no %s: the kernel has no such setting", path);
  if (root_can)
    return json_sprintf(
        "for each run: hugepages-%zukB/%s=%s, every other size's %s=never, "
        "MADV_HUGEPAGE on the map; verified by hugepages-%zukB/stats/%s and "
        "%s",
        kb, setting_file(shmem), shmem ? "advise" : "madvise",
        setting_file(shmem), kb, shmem ? "shmem_alloc" : "anon_fault_alloc",
        shmem ? "shmem_fallback" : "anon_fault_fallback");
  if (pm_mthp_settings_give(kb, shmem, why, sizeof why) == 1)
    return json_sprintf("not root: nothing set; %s", why);
  return json_sprintf("not root, not run: %s", why);
}

char *mthp_context_json(void) {
  json_t *o, *modes = json_object();
  char *text;
  for (int m = PM_MTHP16K; m <= PM_MTHP1024K; m++) {
    const size_t kb = pm_mode_size((pm_mode)m) / 1024;
    json_object_set_new(modes, pm_mode_name((pm_mode)m),
                        json_pack("{s:o, s:o}", "anon", plan_of(kb, 0), "shmem",
                                  plan_of(kb, 1)));
  }
  o = json_pack("{s:O?, s:b, s:o}", "found", found, "root", root_can, "modes",
                modes);
  text = o ? json_dumps(o, JSON_COMPACT) : NULL;
  json_decref(o);
  return text;
}

/* fuzz_host_protocol.c - fuzz target host_protocol: the conformance host
 * protocol (INTERPRETING.md 5), both directions, on every input.
 *
 * The runner's side: the input is what a host wrote on its stdout (a hello,
 * then its replies). The runner reads it through a session attached to it
 * (cf_session_attach; no process) and runs the cases of
 * host_protocol_cases.json on it as `mmaplab-conform run` would: the
 * hello's values resolve the cases, every reply is checked and recorded,
 * a broken reply is recorded as the crash it is. What must hold: every
 * record the runner makes is one a golden may hold (cf_record_valid) and
 * passes when graded against itself.
 *
 * The host's side (fuzz_host_serve.c): the input is what a runner wrote
 * to the core host, served in process.
 *
 * Neither side may leave a descriptor open. MMAPLAB_FUZZ_TRACE=1 in the
 * environment prints the runner's records.
 */
#define _GNU_SOURCE /* memfd_create */
#include "conform_corpus.h"
#include "conform_golden.h"
#include "conform_grade.h"
#include "conform_session.h"
#include "conform_util.h"
#include "fuzz_host_protocol.h"
#include "fuzz_input.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

static cf_corpus cases; /* host_protocol_cases.json */

int LLVMFuzzerInitialize(int *argc, char ***argv) {
  json_t *root = cf_load_json(FZ_HOST_CASES);
  (void)argc;
  (void)argv;
  if (root == NULL || cf_corpus_add_doc(&cases, root, FZ_HOST_CASES) != 0)
    fz_fail("cannot load the cases %s", FZ_HOST_CASES);
  fz_host_sandbox_init();
  return 0;
}

static void check_record(const cf_case *c, const json_t *record) {
  char why[200];
  cf_grade g;
  if (getenv("MMAPLAB_FUZZ_TRACE") != NULL) {
    char *text = json_dumps(record, JSON_COMPACT);
    fprintf(stderr, "case %s: %.300s\n", c->id, text ? text : "?");
    free(text);
  }
  if (cf_record_valid(record, why, sizeof why) != 0)
    fz_fail("case %s: the runner made a record no golden may hold: %s", c->id,
            why);
  cf_grade_records(record, record, c->json, &g);
  if (g.kind != CF_GRADE_PASS && g.kind != CF_GRADE_SKIP)
    fz_fail("case %s: a record graded against itself: %s", c->id,
            g.detail ? g.detail : "(no detail)");
  cf_grade_clear(&g);
}

static void runner_side(const uint8_t *data, size_t size) {
  int from = memfd_create("mmaplab-fuzz-host-stdout", MFD_CLOEXEC);
  int to = open("/dev/null", O_WRONLY | O_CLOEXEC);
  cf_session s;
  if (from < 0 || to < 0 || write(from, data, size) != (ssize_t)size ||
      lseek(from, 0, SEEK_SET) != 0)
    fz_fail("cannot set up the host's streams");
  if (cf_session_attach(&s, to, from, 10.0) == 0) {
    for (size_t i = 0; i < cases.n; i++) {
      cf_case_run run;
      if (cf_run_case(&s, &cases.cases[i], &run) != 0)
        fz_fail("an attached session failed to run case %s", cases.cases[i].id);
      if (run.record != NULL)
        check_record(&cases.cases[i], run.record);
      cf_case_run_free(&run);
    }
  }
  cf_session_close(&s);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  uint64_t before[2], after[2];
  fz_open_fds(before);
  runner_side(data, size);
  fz_host_side(data, size);
  fz_open_fds(after);
  if (memcmp(before, after, sizeof before) != 0)
    fz_fail("a descriptor was left open (or closed)");
  return 0;
}

/* fuzz_conform_case.c - fuzz target conform_case: the conformance case
 * parser and validator (conformance/runner: conform_corpus.c,
 * conform_validate*.c, conform_expr.c) and the resolution of a valid case
 * for a host (conform_resolve.c, conform_requires.c).
 *
 * The input is a corpus file (INTERPRETING.md 3), parsed as the runner
 * parses one (duplicate keys rejected). What must hold for every case a
 * valid file holds: its id is well-formed, its canonical JSON is valid
 * again and canonical (a fixed point), the case is selected by its own id
 * as a filter, and resolving it for CPython 3.13's hello either works or
 * says why not. Cases that would expand to more than 1 MiB of bytes are
 * not resolved (the runner allows 256 MiB; that is slow, not wrong).
 */
#include "conform_corpus.h"
#include "conform_hello.h"
#include "conform_requires.h"
#include "conform_resolve.h"
#include "conform_validate.h"
#include "fuzz_conform.h"
#include "fuzz_input.h"

#include <stdlib.h>
#include <string.h>

static cf_hello hello;

int LLVMFuzzerInitialize(int *argc, char ***argv) {
  (void)argc;
  (void)argv;
  fz_reference_hello(&hello);
  return 0;
}

static void check_canonical(const cf_case *k) {
  char *canon = cf_case_canonical(k->json), *again, why[512];
  json_error_t e;
  json_t *re;
  if (canon == NULL)
    fz_fail("case %s has no canonical JSON", k->id);
  if ((re = json_loads(canon, JSON_REJECT_DUPLICATES, &e)) == NULL)
    fz_fail("case %s: its canonical JSON does not parse: %s", k->id, e.text);
  if (cf_validate_case(re, why, sizeof why) != 0)
    fz_fail("case %s: its canonical JSON is not valid: %s", k->id, why);
  again = cf_case_canonical(re);
  if (strcmp(again, canon) != 0)
    fz_fail("case %s: canonical JSON is not a fixed point", k->id);
  free(again);
  free(canon);
  json_decref(re);
}

static void check_case(const cf_case *k) {
  char *filter = (char *)k->id, *why = NULL;
  cf_resolved res;
  if (!cf_id_valid(k->id))
    fz_fail("case id \"%s\" passed validation", k->id);
  check_canonical(k);
  if (!cf_case_selected(k, &filter, 1))
    fz_fail("case %s is not selected by its own id", k->id);
  if (fz_case_expansion(k->json, &hello) > ((long long)1 << 20))
    return;
  if (cf_resolve_case(k->json, &hello, &res, &why) != 0) {
    if (why == NULL || why[0] == '\0')
      fz_fail("case %s: unresolvable without a reason", k->id);
    free(why);
    return;
  }
  free(cf_requires_unmet(k->json, &hello, res.implied));
  cf_resolved_free(&res);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  cf_corpus c;
  json_error_t e;
  json_t *root;
  root = json_loadb((const char *)data, size, JSON_REJECT_DUPLICATES, &e);
  if (root == NULL)
    return 0;
  memset(&c, 0, sizeof c);
  if (cf_corpus_add_doc(&c, root, "fuzz/case.json") == 0 &&
      cf_corpus_check_ids(&c) == 0)
    for (size_t i = 0; i < c.n; i++)
      check_case(&c.cases[i]);
  cf_corpus_free(&c);
  return 0;
}

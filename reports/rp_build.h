/* rp_build.h - one report or comparison being built: its temporary
 * directory (renamed into place only when everything was written), its
 * document, the charts made and skipped, and the inputs it read. */
#ifndef MMAPLAB_REPORTS_RP_BUILD_H
#define MMAPLAB_REPORTS_RP_BUILD_H

#include "results.h"
#include "rp_doc.h"
#include "rp_util.h"

typedef struct rp_build {
  const char *cmd; /* "report" or "compare": prefix of the error line */
  char *final_dir; /* DIR as given or defaulted */
  char *tmp_dir;   /* .DIR.tmp-XXXXXX beside DIR while building */
  rp_doc doc;      /* summary.md and index.html in tmp_dir */
  rp_strs skipped; /* "chart: why it was not drawn" */
  size_t ncharts;  /* charts rendered */
  rs_result *res;  /* the loaded inputs, in argument order */
  size_t nres;
  int done_status; /* the exit status when rp_build_start returned 1 */
  rp_strs data;    /* per input, its copy's path relative to DIR:
                      "data/01-vm-c.json" (set by rp_build_begin) */
  rp_strs linked;  /* the row anchors the findings link to: those rows
                      carry their anchor in summary.md too */
  char err[5120];  /* the error, one line, when a step returns -1: room
                      for a path of PATH_MAX (4096 on Linux) and the text */
} rp_build;

/* Options shared by report and compare. */
typedef struct rp_opts {
  const char *out;   /* --out DIR, or NULL for the default */
  const char *title; /* --title TEXT, or NULL */
  int force;         /* --force: replace an existing report DIR */
  int help;          /* --help */
  int version;       /* --version */
  char **inputs;     /* the RESULT arguments (borrowed from argv) */
  size_t ninputs;
} rp_opts;

/* Parses ARGV (argv[0] is the subcommand) into O. Returns 0, or -1 with
 * one line in ERR (LEN bytes). */
int rp_opts_parse(int argc, char **argv, rp_opts *o, char *err, size_t len);

/* Loads every input of O into B->res: a file, or every *.json file of a
 * directory in name order. Returns 0 or -1 with B->err. */
int rp_build_load(rp_build *b, const rp_opts *o);

/* The start shared by report and compare: zeroes B for subcommand CMD,
 * parses ARGV into O, picks DIR (O->out, or DEFAULT_PREFIX<date-time>) and
 * checks it before any work: its names fit, it does not exist unless
 * --force is given and it is a report directory made by mmaplab (a real
 * directory holding the marker file .mmaplab-report, which every report
 * gets), its parents exist or can be created, the files below it fit
 * PATH_MAX. Then loads the inputs. Returns 1 after printing USAGE for
 * --help or the version line for --version (nothing to free; the exit
 * status in B->done_status, 2 if stdout could not be written), 0 when
 * loaded, or -1 with B->err (free O->inputs and B as on any other
 * failure). */
int rp_build_start(rp_build *b, rp_opts *o, const char *cmd, const char *usage,
                   const char *default_prefix, int argc, char **argv);

/* Sets up B: creates DIR's parents and its temporary sibling
 * .DIR.tmp-XXXXXX (removed if a fatal signal ends the process, see
 * util/ut_cleanup.h) with charts/, data/ and the marker, copies the
 * inputs into data/ and opens the document with TITLE. Returns 0 or -1
 * with B->err. */
int rp_build_begin(rp_build *b, const char *title);

/* Closes the document and renames the temporary directory to DIR (under
 * --force exchanged with the old report DIR, which is then removed). Returns 0
 * or -1 with B->err (the temporary directory is then removed). */
int rp_build_commit(rp_build *b);

/* Frees B; removes the temporary directory if it still exists. */
void rp_build_free(rp_build *b);

/* A row of the current table of B's document with the anchor ID
 * (rp_doc_row_ex), anchored in summary.md too if a finding links to it
 * (B->linked); HREFS as there. */
void rp_build_row(rp_build *b, const char *id, const char *const *cells,
                  const char *const *hrefs);

/* Records that chart NAME was not drawn and WHY (listed in the document's
 * "Charts not drawn" section). */
void rp_build_skip(rp_build *b, const char *name, const char *why);

/* Writes the "Charts not drawn" section (or nothing if none were
 * skipped). */
void rp_build_skipped_section(rp_build *b);

/* The exit status of a subcommand whose steps returned RC: 0 if RC is 0;
 * else prints B->err as the one line "mmaplab CMD: ERR" on stderr and
 * returns 2. */
int rp_build_status(rp_build *b, int rc);

#endif /* MMAPLAB_REPORTS_RP_BUILD_H */

/* conform_test_proc.c - starting a host (posix_spawnp): its descriptors,
 * process group and signals; a host that cannot be run. */
#define _POSIX_C_SOURCE 200809L
#include "conform_test.h"

#include "conform_proc.h"

#include <signal.h>
#include <stdlib.h>

/* A host in sh: reads one line, answers with its pid, its process group,
 * its ignored-signal mask and the line, writes a line on stderr. The
 * shell keeps a signal ignored that it was started with ignored. */
static const char script[] =
    "read -r line; read -r _ _ _ _ pgrp _ </proc/$$/stat; "
    "ign=$(sed -n 's/^SigIgn:[[:space:]]*//p' /proc/$$/status); "
    "echo \"{\\\"pid\\\": $$, \\\"pgrp\\\": $pgrp, \\\"ign\\\": \\\"$ign\\\", "
    "\\\"echo\\\": $line}\"; echo 'to stderr' >&2";

void cf_test_proc(const char *data) {
  char *argv[] = {"sh", "-c", (char *)script, NULL};
  char *missing[] = {"/nonexistent/mmaplab-host", NULL};
  json_t *ping = json_pack("{s:i}", "n", 7), *msg = NULL;
  char why[200], *err;
  cf_proc p;
  (void)data;
  signal(SIGPIPE, SIG_IGN); /* as mmaplab-conform runs */
  cf_proc_init(&p);
  ASSERT_EQ(cf_proc_start(&p, argv), 0);
  ASSERT_GT(p.pid, 0);
  ASSERT_EQ(cf_proc_current_group, p.pid);
  ASSERT_EQ(cf_proc_send(&p, ping, ut_now() + 10), CF_IO_OK);
  ASSERT_EQ(cf_proc_recv(&p, &msg, ut_now() + 10, why, sizeof why), CF_IO_OK);
  ASSERT_EQ(json_integer_value(json_object_get(msg, "pid")), p.pid);
  /* a group of its own */
  ASSERT_EQ(json_integer_value(json_object_get(msg, "pgrp")), p.pid);
  /* SIGPIPE (bit 13 - 1) back at its default */
  ASSERT_EQ(strtoull(json_string_value(json_object_get(msg, "ign")), NULL, 16) &
                (1ull << (SIGPIPE - 1)),
            0);
  ASSERT_EQ(
      json_integer_value(json_object_get(json_object_get(msg, "echo"), "n")),
      7);
  cf_proc_stop(&p);
  err = cf_proc_take_stderr(&p, 100);
  ASSERT_STR_EQ(err, "to stderr\n");
  free(err);
  cf_proc_release(&p);
  /* A program that cannot be run is an error of the start itself. */
  ASSERT_EQ(cf_proc_start(&p, missing), -1);
  ASSERT_EQ(p.pid, 0);
  cf_proc_release(&p);
  json_decref(ping);
  json_decref(msg);
}

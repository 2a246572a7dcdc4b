/* bench_peers_context_main.c - mmaplab-peers-context: prints this build's
 * mmaplab_search_peers context text (peers.h) on one line; the test of a
 * build without the peers reads it. Exit 1 if out of memory. */
#include <stdio.h>
#include <stdlib.h>

#include "peers.h"

int main(void) {
  char *text = bench_peers_context();
  if (text == NULL) {
    fputs("mmaplab-peers-context: out of memory\n", stderr);
    return 1;
  }
  puts(text);
  free(text);
  return 0;
}

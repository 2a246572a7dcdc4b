/* bench_peers_context_main.c - peers_context, a test helper built when
 * bench/peers is configured alone: prints that build's mmaplab_search_peers
 * context text (peers.h) on one line, for the skip test. Exit 1 if out of
 * memory. */
#include <stdio.h>
#include <stdlib.h>

#include "peers.h"

int main(void) {
  char *text = bench_peers_context();
  if (text == NULL) {
    fputs("peers_context: out of memory\n", stderr);
    return 1;
  }
  puts(text);
  free(text);
  return 0;
}

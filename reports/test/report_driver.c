/* report_driver.c - runs "report", "compare" or "pages" (argv[1]) as the
 * mmaplab CLI would, for the tests: report_driver report --out DIR FILE... */
#include <stdio.h>
#include <string.h>

#include "report.h"

int main(int argc, char **argv) {
  if (argc >= 2 && strcmp(argv[1], "report") == 0)
    return rp_cmd_report(argc - 1, argv + 1);
  if (argc >= 2 && strcmp(argv[1], "compare") == 0)
    return rp_cmd_compare(argc - 1, argv + 1);
  if (argc >= 2 && strcmp(argv[1], "pages") == 0)
    return rp_cmd_pages(argc - 1, argv + 1);
  fprintf(stderr, "usage: report_driver report|compare|pages ARGS...\n");
  return 2;
}

/* ut_test_opt.c - getopt_long with whole names only (ut_opt.h). */
#include <stddef.h>

#include "test.h"
#include "ut_opt.h"
#include "ut_tests.h"

static const struct option opts[] = {
    {"baseline", required_argument, NULL, 'b'},
    {"base", no_argument, NULL, 'B'},
    {"threshold", required_argument, NULL, 't'},
    {"help", no_argument, NULL, 'h'},
    {NULL, 0, NULL, 0}};

TEST_IMPL(opt_whole_names) {
  char *v1[] = {"x",        "--baseline", "f", "--base", "--threshold=3",
                "--thresh", "4",          NULL};
  char *v2[] = {"x", "--threshold", NULL};
  char *v3[] = {"x", "--thresh", NULL};
  int at;
  ut_opt_start();
  ASSERT_EQ(ut_opt_next(7, v1, "+:h", opts, &at), 'b');
  ASSERT_EQ(at, 1);
  ASSERT_STR_EQ(optarg, "f");
  ASSERT_EQ(ut_opt_next(7, v1, "+:h", opts, &at), 'B'); /* exact, a prefix */
  ASSERT_EQ(at, 3);
  ASSERT_EQ(ut_opt_next(7, v1, "+:h", opts, &at), 't');
  ASSERT_EQ(at, 4);
  ASSERT_STR_EQ(optarg, "3");
  ASSERT_EQ(ut_opt_next(7, v1, "+:h", opts, &at), '?'); /* abbreviated */
  ASSERT_EQ(at, 5);
  /* a new vector: the state is reset */
  ut_opt_start();
  ASSERT_EQ(ut_opt_next(2, v2, "+:h", opts, &at), ':');
  ASSERT_EQ(at, 1);
  ut_opt_start();
  ASSERT_EQ(ut_opt_next(2, v3, "+:h", opts, &at), '?'); /* also valueless */
  ASSERT_EQ(at, 1);
}

TEST_IMPL(opt_short_and_operands) {
  char *v1[] = {"x", "-h", "-hx", NULL};
  char *v2[] = {"x", "-h", "op", "-h", NULL};
  char *v3[] = {"x", "--", "-h", NULL};
  char *v4[] = {"x", "op", "-h", "--", "--help", NULL};
  int at;
  ut_opt_start();
  ASSERT_EQ(ut_opt_next(3, v1, "+:h", opts, &at), 'h');
  ASSERT_EQ(ut_opt_next(3, v1, "+:h", opts, &at), '?'); /* a cluster */
  ASSERT_EQ(at, 2);
  ut_opt_start(); /* '+': the first operand ends the options */
  ASSERT_EQ(ut_opt_next(4, v2, "+:h", opts, &at), 'h');
  ASSERT_EQ(ut_opt_next(4, v2, "+:h", opts, &at), -1);
  ASSERT_EQ(at, 2);
  ut_opt_start(); /* "--" is named by AT */
  ASSERT_EQ(ut_opt_next(3, v3, "+:h", opts, &at), -1);
  ASSERT_EQ(at, 1);
  ASSERT_EQ(optind, 2);
  ut_opt_start(); /* '-': operands in their place, then "--" */
  ASSERT_EQ(ut_opt_next(5, v4, "-:h", opts, &at), 1);
  ASSERT_EQ(at, 1);
  ASSERT_EQ(ut_opt_next(5, v4, "-:h", opts, &at), 'h');
  ASSERT_EQ(at, 2);
  ASSERT_EQ(ut_opt_next(5, v4, "-:h", opts, &at), -1);
  ASSERT_EQ(at, 3);
  ASSERT_EQ(optind, 4);
  ut_opt_start(); /* all parsed: AT is ARGC */
  ASSERT_EQ(ut_opt_next(2, v1, "+:h", opts, &at), 'h');
  ASSERT_EQ(ut_opt_next(2, v1, "+:h", opts, &at), -1);
  ASSERT_EQ(at, 2);
}

/* list_open.h - tests in test_open.c. */
#define TEST_LIST_OPEN(XX)

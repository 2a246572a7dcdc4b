/* list_search.h - tests in test_search.c. */
#define TEST_LIST_SEARCH(XX)

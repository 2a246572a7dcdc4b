/* list_search_wide.h - tests in test_search_wide.c. */
#define TEST_LIST_SEARCH_WIDE(XX) XX(search_wide_ranges)

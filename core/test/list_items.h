/* list_items.h - tests in test_items.c. */
#define TEST_LIST_ITEMS(XX)

/* list_resize.h - tests in test_resize.c. */
#define TEST_LIST_RESIZE(XX)

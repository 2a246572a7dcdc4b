/* list_io.h - tests in test_io.c. */
#define TEST_LIST_IO(XX)

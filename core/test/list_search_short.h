/* list_search_short.h - tests in test_search_short.c. */
#define TEST_LIST_SEARCH_SHORT(XX)                                             \
  XX(search_short_every_offset)                                                \
  XX(search_short_every_length)                                                \
  XX(search_short_hands_over)

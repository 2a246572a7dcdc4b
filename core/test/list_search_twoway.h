/* list_search_twoway.h - tests in test_search_twoway.c. */
#define TEST_LIST_SEARCH_TWOWAY(XX)                                            \
  XX(twoway_differential_random)                                               \
  XX(twoway_differential_large)                                                \
  XX(twoway_short_haystacks)                                                   \
  XX(twoway_adversarial_runs)                                                  \
  XX(twoway_adversarial_periodic)                                              \
  XX(twoway_adversarial_words)                                                 \
  XX(twoway_guard_pages)

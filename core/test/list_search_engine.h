/* list_search_engine.h - tests in test_search_engine.c. */
#define TEST_LIST_SEARCH_ENGINE(XX)                                            \
  XX(search_isa_selection)                                                     \
  XX(search_isa_environment)                                                   \
  XX(search_isa_environment_unknown)                                           \
  XX(search_isa_environment_every_set)                                         \
  XX(search_kernels_contract)                                                  \
  XX(search_engine_alignments)                                                 \
  XX(search_engine_adversarial)                                                \
  XX(search_engine_work_bounded)                                               \
  XX(search_pair_small_alphabet)                                               \
  XX(search_engine_small_alphabet_work)                                        \
  XX(search_engine_small_alphabet_long_range)

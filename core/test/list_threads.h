/* list_threads.h - tests in test_threads.c. */
#define TEST_LIST_THREADS(XX)                                                  \
  XX(threads_constants)                                                        \
  XX(threads_error_strings)                                                    \
  XX(threads_search_first_use)                                                 \
  XX(threads_separate_maps)                                                    \
  XX(threads_one_map_with_lock)

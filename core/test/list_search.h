/* list_search.h - tests in test_search.c. */
#define TEST_LIST_SEARCH(XX)                                                   \
  XX(search_default_start_is_position)                                         \
  XX(search_default_pos_beyond_len)                                            \
  XX(search_start_normalisation)                                               \
  XX(search_end_normalisation)                                                 \
  XX(search_extreme_bounds)                                                    \
  XX(search_end_before_start)                                                  \
  XX(search_empty_needle)                                                      \
  XX(search_range_limits)                                                      \
  XX(search_rfind_overlapping)                                                 \
  XX(search_binary_and_self)                                                   \
  XX(search_file_map_with_offset)                                              \
  XX(search_closed_and_misuse)                                                 \
  XX(search_profile_3_11_2)                                                    \
  XX(search_profile_3_11_7_and_3_8_18)                                         \
  XX(search_profile_3_15_empty_past_end)                                       \
  XX(search_guard_pages)                                                       \
  XX(search_differential_random_ab_avx512)                                     \
  XX(search_differential_random_bytes_avx512)                                  \
  XX(search_differential_periodic_avx512)                                      \
  XX(search_differential_large_needles_avx512)                                 \
  XX(search_differential_random_ab_avx2)                                       \
  XX(search_differential_random_bytes_avx2)                                    \
  XX(search_differential_periodic_avx2)                                        \
  XX(search_differential_large_needles_avx2)                                   \
  XX(search_differential_random_ab_sse2)                                       \
  XX(search_differential_random_bytes_sse2)                                    \
  XX(search_differential_periodic_sse2)                                        \
  XX(search_differential_large_needles_sse2)                                   \
  XX(search_differential_random_ab_portable)                                   \
  XX(search_differential_random_bytes_portable)                                \
  XX(search_differential_periodic_portable)                                    \
  XX(search_differential_large_needles_portable)                               \
  XX(search_differential_random_ab_avx512_emulated)                            \
  XX(search_differential_random_bytes_avx512_emulated)                         \
  XX(search_differential_periodic_avx512_emulated)                             \
  XX(search_differential_large_needles_avx512_emulated)

/* list_windows.h - tests in test_windows*.c (Windows only; skipped with
 * their reason elsewhere, by skip_windows_only.c). */
#define TEST_LIST_WINDOWS(XX)                                                  \
  XX(windows_open_file_whole)                                                  \
  XX(windows_open_anonymous)                                                   \
  XX(windows_open_anonymous_length_zero)                                       \
  XX(windows_open_extends_file)                                                \
  XX(windows_open_granularity)                                                 \
  XX(windows_open_validation_order)                                            \
  XX(windows_open_bad_fileno)                                                  \
  XX(windows_open_unknown_keywords)                                            \
  XX(windows_tagname_two_objects)                                              \
  XX(windows_constants)                                                        \
  XX(windows_madvise_absent)                                                   \
  XX(windows_error_codes)

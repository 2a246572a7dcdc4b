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
  XX(windows_error_codes)                                                      \
  XX(windows_error_text)                                                       \
  XX(windows_resize_file)                                                      \
  XX(windows_resize_file_offset)                                               \
  XX(windows_resize_anonymous)                                                 \
  XX(windows_resize_anonymous_before_311)                                      \
  XX(windows_resize_zero)                                                      \
  XX(windows_resize_checks)                                                    \
  XX(windows_resize_file_held_elsewhere)                                       \
  XX(windows_resize_tagname_held_elsewhere)                                    \
  XX(windows_size_follows_file)                                                \
  XX(windows_flush)                                                            \
  XX(windows_close)                                                            \
  XX(windows_fault_access_violation)                                           \
  XX(windows_fault_before_313)                                                 \
  XX(windows_fault_outside_view)                                               \
  XX(windows_tagname_two_processes)                                            \
  XX(windows_tagname_versions)                                                 \
  XX(windows_injected_failures)

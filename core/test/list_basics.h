/* list_basics.h - tests in test_basics.c. */
#define TEST_LIST_BASICS(XX)                                                   \
  XX(error_table_messages)                                                     \
  XX(error_codes_distinct_from_errno)                                          \
  XX(os_error_code)                                                            \
  XX(constants_linux)                                                          \
  XX(version_string)                                                           \
  XX(repr_open_and_closed)                                                     \
  XX(close_idempotent)                                                         \
  XX(closed_map_every_method)                                                  \
  XX(buffer_export_blocks_close_and_resize)                                    \
  XX(buffer_export_readonly_flag)                                              \
  XX(buffer_release_without_export)                                            \
  XX(null_map_is_misuse)                                                       \
  XX(exception_names)                                                          \
  XX(memory_error_paths)

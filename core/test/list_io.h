/* list_io.h - tests in test_io.c. */
#define TEST_LIST_IO(XX)                                                       \
  XX(io_read_counts_all_access)                                                \
  XX(io_read_to_end)                                                           \
  XX(io_read_byte_positions)                                                   \
  XX(io_readline_lines)                                                        \
  XX(io_readline_exact_rest)                                                   \
  XX(io_write_return_and_range)                                                \
  XX(io_write_readonly)                                                        \
  XX(io_write_copy_leaves_file)                                                \
  XX(io_write_shared_reaches_file)                                             \
  XX(io_write_from_self)                                                       \
  XX(io_c_api_misuse)                                                          \
  XX(io_write_byte_values)                                                     \
  XX(io_write_byte_readonly)                                                   \
  XX(io_write_byte_file_access)                                                \
  XX(io_seek_whence)                                                           \
  XX(io_seek_whence_invalid)                                                   \
  XX(io_seek_whence_clinic_314)                                                \
  XX(io_seek_extremes)                                                         \
  XX(io_pos_beyond_len_anon)                                                   \
  XX(io_pos_beyond_len_file)                                                   \
  XX(io_len_values)                                                            \
  XX(io_size_is_file_size)                                                     \
  XX(io_size_follows_file)                                                     \
  XX(io_size_ebadf_before_315)                                                 \
  XX(io_size_py315)                                                            \
  XX(io_size_py315_anon_no_trackfd)                                            \
  XX(io_size_fstat_failure)

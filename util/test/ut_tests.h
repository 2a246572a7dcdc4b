/* ut_tests.h - every unit test of mmaplab_util; CMake reads this list to
 * register each as its own ctest test. */
#ifndef MMAPLAB_UT_TESTS_H
#define MMAPLAB_UT_TESTS_H

#define UT_TEST_LIST(XX)                                                       \
  XX(output_new_file)                                                          \
  XX(output_replaces_keeping_mode)                                             \
  XX(output_follows_symlink)                                                   \
  XX(output_dev_null_in_place)                                                 \
  XX(output_stdout_appends)                                                    \
  XX(output_fifo_in_place)                                                     \
  XX(output_fifo_without_reader)                                               \
  XX(output_refusals)                                                          \
  XX(output_longest_name)                                                      \
  XX(output_abort_keeps_target)                                                \
  XX(output_cleanup_on_sigterm)                                                \
  XX(output_cleanup_on_sigxfsz)                                                \
  XX(cleanup_remove_tree)                                                      \
  XX(cleanup_hook_runs)                                                        \
  XX(input_regular)                                                            \
  XX(input_pipe_read_once)                                                     \
  XX(input_fifo_without_writer)                                                \
  XX(input_refusals)                                                           \
  XX(input_limit)                                                              \
  XX(num_i64)                                                                  \
  XX(num_u64)                                                                  \
  XX(num_double)                                                               \
  XX(opt_whole_names)                                                          \
  XX(opt_short_and_operands)                                                   \
  XX(layout_installed)                                                         \
  XX(layout_build_tree)                                                        \
  XX(layout_self)                                                              \
  XX(path_fits)                                                                \
  XX(path_tmp_sibling)                                                         \
  XX(path_same_file)                                                           \
  XX(path_mkdirs)                                                              \
  XX(path_mkdirs_check)                                                        \
  XX(spawn_exit_status)                                                        \
  XX(spawn_not_found)                                                          \
  XX(spawn_redirects)                                                          \
  XX(spawn_own_group)                                                          \
  XX(spawn_signal_reaches_child)                                               \
  XX(spawn_line_channel)                                                       \
  XX(progress_lines)                                                           \
  XX(meter_log_lines)                                                          \
  XX(meter_tty_line)                                                           \
  XX(meter_silent_helper)                                                      \
  XX(meter_durations)                                                          \
  XX(str_grows)                                                                \
  XX(grow_array)                                                               \
  XX(time_monotonic)

#define XX(name) void test_##name(void);
UT_TEST_LIST(XX)
#undef XX

/* A fresh directory for the test (its TMPDIR), and PATH joined to it. */
const char *ut_test_dir(void);
char *ut_test_path(const char *name);

/* Writes DATA to PATH (a plain helper, not the code under test). */
void ut_test_put(const char *path, const char *data);

/* Reads PATH (at most 4095 bytes) into a static buffer. */
const char *ut_test_get(const char *path);

/* The number of entries in the test directory (leftover temporaries). */
int ut_test_entries(void);

#endif /* MMAPLAB_UT_TESTS_H */

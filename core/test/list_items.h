/* list_items.h - tests in test_items.c. */
#define TEST_LIST_ITEMS(XX)                                                    \
  XX(items_getitem_bounds)                                                     \
  XX(items_getitem_readonly_and_file_offset)                                   \
  XX(items_setitem_values)                                                     \
  XX(items_setitem_index_before_value)                                         \
  XX(items_delitem)                                                            \
  XX(items_readonly_checked_first)                                             \
  XX(items_readonly_from_prot)                                                 \
  XX(items_access_copy_leaves_file)                                            \
  XX(items_access_write_reaches_file)                                          \
  XX(items_map_private_file_unchanged)                                         \
  XX(items_file_offset_writes)                                                 \
  XX(items_slice_table_anon)                                                   \
  XX(items_slice_table_file_offset)                                            \
  XX(items_slice_table_readonly_get)                                           \
  XX(items_slice_indices_step_int64_min)                                       \
  XX(items_getslice_named_cases)                                               \
  XX(items_slice_step_zero)                                                    \
  XX(items_setslice_exact_and_extended)                                        \
  XX(items_setslice_source_aliases_map)                                        \
  XX(items_delslice)                                                           \
  XX(items_move_table_anon)                                                    \
  XX(items_move_table_file_offset)                                             \
  XX(items_move_overlap_large)                                                 \
  XX(items_after_grow_and_shrink_anon)                                         \
  XX(items_after_grow_and_shrink_file)                                         \
  XX(items_buffer_export_interplay)                                            \
  XX(items_closed_map_extreme_args)

/* list_fault.h - tests in test_fault.c. */
#define TEST_LIST_FAULT(XX)                                                    \
  XX(fault_safe_read)                                                          \
  XX(fault_safe_read_to_end)                                                   \
  XX(fault_safe_read_byte)                                                     \
  XX(fault_safe_readline)                                                      \
  XX(fault_safe_write)                                                         \
  XX(fault_safe_write_from_own_map)                                            \
  XX(fault_safe_write_byte)                                                    \
  XX(fault_safe_find)                                                          \
  XX(fault_safe_find_one_byte)                                                 \
  XX(fault_safe_rfind)                                                         \
  XX(fault_safe_rfind_one_byte)                                                \
  XX(fault_safe_move_from)                                                     \
  XX(fault_safe_move_to)                                                       \
  XX(fault_safe_getitem)                                                       \
  XX(fault_safe_getitem_negative)                                              \
  XX(fault_safe_setitem)                                                       \
  XX(fault_safe_getslice)                                                      \
  XX(fault_safe_getslice_step)                                                 \
  XX(fault_safe_getslice_reversed)                                             \
  XX(fault_safe_setslice)                                                      \
  XX(fault_safe_setslice_step)                                                 \
  XX(fault_safe_flush)                                                         \
  XX(fault_safe_prot_none_segv)                                                \
  XX(fault_safe_switch)                                                        \
  XX(fault_safe_same_results)

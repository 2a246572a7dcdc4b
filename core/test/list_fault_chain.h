/* list_fault_chain.h - tests in test_fault_chain.c. */
#define TEST_LIST_FAULT_CHAIN(XX)                                              \
  XX(fault_chain_to_handlers)                                                  \
  XX(fault_chain_export_not_guarded)                                           \
  XX(fault_chain_resethand)                                                    \
  XX(fault_chain_default_kills)                                                \
  XX(fault_chain_ignored)                                                      \
  XX(fault_chain_guard_is_per_thread)                                          \
  XX(fault_safe_errno_by_cause)                                                \
  XX(fault_safe_threads)

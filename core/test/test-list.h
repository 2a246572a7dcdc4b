/* test-list.h - every unit test of the core, one list per area.
 * Each list_*.h defines TEST_LIST_<AREA>(XX) with XX(name) per test;
 * CMake reads the same files to register each test with ctest. */
#ifndef MML_TEST_LIST_H
#define MML_TEST_LIST_H

#include "list_basics.h"
#include "list_open.h"
#include "list_io.h"
#include "list_search.h"
#include "list_search_engine.h"
#include "list_search_short.h"
#include "list_search_wide.h"
#include "list_search_twoway.h"
#include "list_items.h"
#include "list_resize.h"
#include "list_fault.h"
#include "list_fault_chain.h"
#include "list_threads.h"
#include "list_windows.h"

#define TEST_LIST(XX)                                                          \
  TEST_LIST_BASICS(XX)                                                         \
  TEST_LIST_OPEN(XX)                                                           \
  TEST_LIST_IO(XX)                                                             \
  TEST_LIST_SEARCH(XX)                                                         \
  TEST_LIST_SEARCH_ENGINE(XX)                                                  \
  TEST_LIST_SEARCH_SHORT(XX)                                                   \
  TEST_LIST_SEARCH_WIDE(XX)                                                    \
  TEST_LIST_SEARCH_TWOWAY(XX)                                                  \
  TEST_LIST_ITEMS(XX)                                                          \
  TEST_LIST_RESIZE(XX)                                                         \
  TEST_LIST_FAULT(XX)                                                          \
  TEST_LIST_FAULT_CHAIN(XX)                                                    \
  TEST_LIST_THREADS(XX)                                                        \
  TEST_LIST_WINDOWS(XX)

#endif /* MML_TEST_LIST_H */

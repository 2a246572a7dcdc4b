/* skip_unix_only.c - on Windows, the tests of the Unix-only test files:
 * each is registered (from its list) and skips, saying why. Compiled in
 * place of those files (core/test/CMakeLists.txt). */
#include "test-list.h"
#include "test.h"

#define UNIX_ONLY(name, why)                                                   \
  TEST_IMPL(name) { SKIP("Unix only: " why); }

#define BASICS(name)                                                           \
  UNIX_ONLY(name, "the Unix constants (MAP_*, PROT_*, MADV_*), madvise and "   \
                  "descriptors; Windows: windows_* tests")
#define OPEN(name)                                                             \
  UNIX_ONLY(name, "the Unix constructor (flags, prot, fstat, dup); Windows: "  \
                  "windows_open_* tests")
#define IO(name) UNIX_ONLY(name, "maps built with MAP_PRIVATE and ftruncate")
#define SEARCH(name) UNIX_ONLY(name, "guard pages made with mmap/mprotect")
#define ITEMS(name) UNIX_ONLY(name, "maps built with MAP_PRIVATE and PROT_*")
#define RESIZE(name)                                                           \
  UNIX_ONLY(name, "mremap and ftruncate semantics; Windows: "                  \
                  "windows_resize_* tests")
#define FAULT(name)                                                            \
  UNIX_ONLY(name, "SIGBUS/SIGSEGV and fork; Windows: windows_fault_* tests")
#define THREADS(name) UNIX_ONLY(name, "MAP_SHARED maps and madvise")

TEST_LIST_BASICS(BASICS)
TEST_LIST_OPEN(OPEN)
TEST_LIST_IO(IO)
TEST_LIST_SEARCH(SEARCH)
TEST_LIST_SEARCH_SHORT(SEARCH)
TEST_LIST_SEARCH_TWOWAY(SEARCH)
TEST_LIST_ITEMS(ITEMS)
TEST_LIST_RESIZE(RESIZE)
TEST_LIST_FAULT(FAULT)
TEST_LIST_FAULT_CHAIN(FAULT)
TEST_LIST_THREADS(THREADS)

/* skip_unix_only.c - on Windows, the tests of the Unix-only test files:
 * each is registered (from its list) and skips, saying why. Compiled in
 * place of those files (core/test/CMakeLists.txt). */
#include "test-list.h"
#include "test.h"

#define UNIX_ONLY(name, why)                                                   \
  TEST_IMPL(name) { SKIP("Unix only: " why); }

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

/* test_basics_unix.c */
UNIX_ONLY(os_error_code, "the C library's errno texts and names (glibc); "
                         "Windows: windows_error_codes")
UNIX_ONLY(constants_linux, "the Linux constants; Windows: windows_constants")
UNIX_ONLY(memory_error_paths, "address-space limits (setrlimit)")
TEST_LIST_OPEN(OPEN)
TEST_LIST_RESIZE(RESIZE)
TEST_LIST_FAULT(FAULT)
TEST_LIST_FAULT_CHAIN(FAULT)
TEST_LIST_THREADS(THREADS)

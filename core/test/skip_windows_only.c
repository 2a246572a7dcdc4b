/* skip_windows_only.c - on Unix, the tests of the Windows-only test files:
 * each is registered (from its list) and skips, saying why. Compiled in
 * place of those files (core/test/CMakeLists.txt). */
#include "test-list.h"
#include "test.h"

#define WINDOWS_ONLY(name)                                                     \
  TEST_IMPL(name) {                                                            \
    SKIP("Windows only: CreateFileMapping/MapViewOfFile semantics "            \
         "(cmake --preset mingw runs it under Wine)");                         \
  }

TEST_LIST_WINDOWS(WINDOWS_ONLY)

/* tsan_options.c - ThreadSanitizer's defaults for the test runner, linked
 * in by the MMAPLAB_TSAN build only. TSAN_OPTIONS, when set, is read after
 * these and wins.
 *
 * allocator_may_return_null=1: a malloc that cannot be served returns NULL,
 *   as glibc's does, so memory_error_paths tests the MemoryError path
 *   instead of TSan ending the process.
 * strict_memcmp=0: memcmp counts as reading the bytes up to the first
 *   difference, as it does, not all N; otherwise the naive reference search
 *   of the search tests takes minutes.
 */
const char *__tsan_default_options(void);

const char *__tsan_default_options(void) {
  return "allocator_may_return_null=1:strict_memcmp=0";
}

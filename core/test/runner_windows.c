/* runner_windows.c - runs the unit tests on Windows, each in a child
 * process (this program again, with --child NAME) with a timeout; the
 * Unix runner (runner.c) forks instead.
 *
 *   mmaplab_core_tests            run every test
 *   mmaplab_core_tests NAME...    run the named tests
 *   mmaplab_core_tests --list     print the names
 *   mmaplab_core_tests --peer P   run peer P (peers_windows.h), a test's
 *                                 second process, in this process
 *
 * Exit status: 0 all passed (or skipped), 1 a test failed, 2 misuse; a
 * single named test that skipped exits 77 so ctest shows it as skipped.
 * Each child gets a fresh temporary directory (TMPDIR, TMP and TEMP),
 * removed with everything in it when the child has ended.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <windows.h>

#include "peers_windows.h"
#include "test-list.h"
#include "test.h"

#define XX(name) void test_##name(void);
TEST_LIST(XX)
#undef XX
#define PP(name) void peer_##name(void);
TEST_PEERS_WINDOWS(PP)
#undef PP

static const test_entry peers[] = {
#define PP(name) {#name, peer_##name},
    TEST_PEERS_WINDOWS(PP)
#undef PP
};
static const size_t npeers = sizeof peers / sizeof peers[0];

static const test_entry tests[] = {
#define XX(name) TEST_ENTRY(name)
    TEST_LIST(XX)
#undef XX
};
static const size_t ntests = sizeof tests / sizeof tests[0];

enum { PASS, FAIL, SKIPPED };

/* Seconds a test may run before it counts as hung. */
static DWORD timeout_seconds(void) {
  const char *s = getenv("MML_TEST_TIMEOUT");
  return s && atoi(s) > 0 ? (DWORD)atoi(s) : 60;
}

/* A crash ends the child with the exception's code, saying which, instead
 * of a debugger or an error dialog (Wine starts winedbg). */
static LONG WINAPI on_crash(EXCEPTION_POINTERS *ep) {
  fprintf(stderr, "unhandled exception 0x%08lx at %p\n",
          (unsigned long)ep->ExceptionRecord->ExceptionCode,
          ep->ExceptionRecord->ExceptionAddress);
  fflush(stderr);
  ExitProcess((UINT)ep->ExceptionRecord->ExceptionCode);
}

static int run_child(const test_entry *t) {
  if (t == NULL)
    return 2;
  SetErrorMode(SEM_FAILCRITICALERRORS | SEM_NOGPFAULTERRORBOX);
  SetUnhandledExceptionFilter(on_crash);
  t->fn();
  exit(0); /* exit, not _exit: atexit handlers run */
}

/* Removes DIR and everything in it (no links to follow on Windows). */
static void remove_tree(const char *dir) {
  WIN32_FIND_DATAA fd;
  size_t n = strlen(dir);
  char *pattern = malloc(n + 3);
  HANDLE h;
  if (pattern == NULL)
    return;
  memcpy(pattern, dir, n);
  memcpy(pattern + n, "\\*", 3);
  h = FindFirstFileA(pattern, &fd);
  free(pattern);
  if (h != INVALID_HANDLE_VALUE) {
    do {
      size_t m = strlen(fd.cFileName);
      char *path;
      if (strcmp(fd.cFileName, ".") == 0 || strcmp(fd.cFileName, "..") == 0)
        continue;
      path = malloc(n + m + 2);
      if (path == NULL)
        continue;
      memcpy(path, dir, n);
      path[n] = '\\';
      memcpy(path + n + 1, fd.cFileName, m + 1);
      if (fd.dwFileAttributes & FILE_ATTRIBUTE_DIRECTORY)
        remove_tree(path);
      else
        DeleteFileA(path);
      free(path);
    } while (FindNextFileA(h, &fd));
    FindClose(h);
  }
  RemoveDirectoryA(dir);
}

/* A fresh directory under the system's temporary directory, malloc'd. */
static char *make_temp_dir(void) {
  static unsigned serial;
  DWORD n = GetTempPathA(0, NULL);
  char *dir;
  if (n == 0)
    return NULL;
  dir = malloc(n + 40);
  if (dir == NULL || GetTempPathA(n, dir) == 0) {
    free(dir);
    return NULL;
  }
  for (int tries = 0; tries < 100; tries++) {
    size_t len = strlen(dir);
    snprintf(dir + len, 40, "mml-%lu-%u", (unsigned long)GetCurrentProcessId(),
             serial++);
    if (CreateDirectoryA(dir, NULL))
      return dir;
    dir[len] = '\0';
  }
  free(dir);
  return NULL;
}

/* This program's path, malloc'd (NULL on failure). */
static char *self_path(void) {
  for (DWORD cap = 260; cap <= 65536; cap *= 2) {
    char *p = malloc(cap);
    DWORD n;
    if (p == NULL)
      return NULL;
    n = GetModuleFileNameA(NULL, p, cap);
    if (n > 0 && n < cap)
      return p;
    free(p);
    if (n == 0)
      return NULL;
  }
  return NULL;
}

/* CreateProcess of CMD, tried up to 5 times. Under Wine it now and then
 * fails with ERROR_INTERNAL_ERROR (1359) while two tests start processes
 * at once (seen in CI, 2026-12-08); the child has not run then, so trying
 * again cannot change a test's result. Each retry is reported. */
static BOOL start_child(const char *name, char *cmd, STARTUPINFOA *si,
                        PROCESS_INFORMATION *pi) {
  for (int attempt = 1;; attempt++) {
    if (CreateProcessA(NULL, cmd, NULL, NULL, FALSE, 0, NULL, NULL, si, pi))
      return TRUE;
    if (attempt == 5)
      return FALSE;
    fprintf(stderr, "%s: CreateProcess failed (Windows error %lu), retrying\n",
            name, (unsigned long)GetLastError());
    Sleep(100u * (unsigned)attempt);
  }
}

/* Runs T as `this-program --child NAME` in its own temporary directory. */
static int run_one(const test_entry *t) {
  char *self = self_path();
  char *cmd, *dir = make_temp_dir();
  size_t cmdlen;
  STARTUPINFOA si;
  PROCESS_INFORMATION pi;
  DWORD code = 1, wait;
  int result = FAIL;
  if (dir == NULL || self == NULL) {
    fprintf(stderr, "%s: no temporary directory or program path\n", t->name);
    if (dir != NULL)
      remove_tree(dir);
    free(dir);
    free(self);
    return FAIL;
  }
  cmdlen = strlen(self) + strlen(t->name) + 16;
  cmd = malloc(cmdlen);
  if (cmd == NULL) {
    remove_tree(dir);
    free(dir);
    free(self);
    return FAIL;
  }
  snprintf(cmd, cmdlen, "\"%s\" --child %s", self, t->name);
  SetEnvironmentVariableA("TMPDIR", dir);
  SetEnvironmentVariableA("TMP", dir);
  SetEnvironmentVariableA("TEMP", dir);
  memset(&si, 0, sizeof si);
  si.cb = sizeof si;
  fflush(NULL);
  if (!start_child(t->name, cmd, &si, &pi)) {
    fprintf(stderr, "%s: CreateProcess failed: Windows error %lu\n", t->name,
            (unsigned long)GetLastError());
  } else {
    wait = WaitForSingleObject(pi.hProcess, timeout_seconds() * 1000);
    if (wait == WAIT_TIMEOUT) {
      TerminateProcess(pi.hProcess, 1);
      WaitForSingleObject(pi.hProcess, INFINITE);
      fprintf(stderr, "%s: timed out\n", t->name);
    } else if (GetExitCodeProcess(pi.hProcess, &code) && code == 0) {
      result = PASS;
    } else if (code == TEST_SKIP_CODE) {
      result = SKIPPED;
    } else {
      fprintf(stderr, "%s: exit status %lu (0x%08lx)\n", t->name,
              (unsigned long)code, (unsigned long)code);
    }
    CloseHandle(pi.hThread);
    CloseHandle(pi.hProcess);
  }
  free(cmd);
  free(self);
  remove_tree(dir);
  free(dir);
  return result;
}

int main(int argc, char **argv) {
  int counts[3] = {0, 0, 0}, last = PASS;
  if (argc == 2 && strcmp(argv[1], "--list") == 0) {
    for (size_t i = 0; i < ntests; i++)
      puts(tests[i].name);
    return 0;
  }
  if (argc == 3 && strcmp(argv[1], "--child") == 0)
    return run_child(test_find(tests, ntests, argv[2]));
  if (argc == 3 && strcmp(argv[1], "--peer") == 0)
    return run_child(test_find(peers, npeers, argv[2]));
  for (int i = 1; i < argc; i++) {
    if (test_find(tests, ntests, argv[i]) == NULL) {
      fprintf(stderr, "mmaplab_core_tests: no test named '%s'\n", argv[i]);
      return 2;
    }
  }
  for (size_t i = 0; i < (argc > 1 ? (size_t)argc - 1 : ntests); i++) {
    const test_entry *t =
        argc > 1 ? test_find(tests, ntests, argv[i + 1]) : &tests[i];
    last = run_one(t);
    counts[last]++;
    if (last == FAIL)
      fprintf(stderr, "FAIL %s\n", t->name);
  }
  if (argc == 2)
    return last == FAIL ? 1 : last == SKIPPED ? TEST_SKIP_CODE : 0;
  printf("%d passed, %d failed, %d skipped\n", counts[PASS], counts[FAIL],
         counts[SKIPPED]);
  return counts[FAIL] ? 1 : 0;
}

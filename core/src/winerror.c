/* winerror.c - Windows error codes: the errno CPython derives from one and
 * the symbolic names of those the core meets. Plain data, built on every
 * OS so that every host reads Windows error codes the same way; the
 * message text needs the OS (mml__os_winerror_text). */
#include <stddef.h>

#include "winerror_map.h"

/* errno values as the Windows C runtime numbers them (errno.h of MSVC and
 * mingw-w64): where they differ from Linux (ENOTEMPTY, EILSEQ, ETIMEDOUT)
 * a Windows CPython reports these. */
enum {
  W_ENOENT = 2,
  W_E2BIG = 7,
  W_ENOEXEC = 8,
  W_EBADF = 9,
  W_ECHILD = 10,
  W_EAGAIN = 11,
  W_ENOMEM = 12,
  W_EACCES = 13,
  W_EEXIST = 17,
  W_EXDEV = 18,
  W_ENOTDIR = 20,
  W_EINVAL = 22,
  W_EMFILE = 24,
  W_ENOSPC = 28,
  W_EPIPE = 32,
  W_ENOTEMPTY = 41,
  W_EILSEQ = 42,
  W_ETIMEDOUT = 138
};

/* Windows error codes [lo, hi] and the errno CPython gives them (the
 * classes of _dosmaperr, which CPython's winerror_to_errno reproduces);
 * every other code is EINVAL. Sorted by lo. */
static const struct {
  int lo, hi, err;
} ranges[] = {
    {2, 3, W_ENOENT},        /* FILE_NOT_FOUND, PATH_NOT_FOUND */
    {4, 4, W_EMFILE},        /* TOO_MANY_OPEN_FILES */
    {5, 5, W_EACCES},        /* ACCESS_DENIED */
    {6, 6, W_EBADF},         /* INVALID_HANDLE */
    {7, 9, W_ENOMEM},        /* ARENA_TRASHED .. INVALID_BLOCK */
    {10, 10, W_E2BIG},       /* BAD_ENVIRONMENT */
    {11, 11, W_ENOEXEC},     /* BAD_FORMAT */
    {15, 15, W_ENOENT},      /* INVALID_DRIVE */
    {16, 16, W_EACCES},      /* CURRENT_DIRECTORY */
    {17, 17, W_EXDEV},       /* NOT_SAME_DEVICE */
    {18, 18, W_ENOENT},      /* NO_MORE_FILES */
    {19, 36, W_EACCES},      /* WRITE_PROTECT .. SHARING_BUFFER_EXCEEDED */
    {53, 53, W_ENOENT},      /* BAD_NETPATH */
    {65, 65, W_EACCES},      /* NETWORK_ACCESS_DENIED */
    {67, 67, W_ENOENT},      /* BAD_NET_NAME */
    {80, 80, W_EEXIST},      /* FILE_EXISTS */
    {82, 83, W_EACCES},      /* CANNOT_MAKE, FAIL_I24 */
    {89, 89, W_EAGAIN},      /* NO_PROC_SLOTS */
    {108, 108, W_EACCES},    /* DRIVE_LOCKED */
    {109, 109, W_EPIPE},     /* BROKEN_PIPE */
    {112, 112, W_ENOSPC},    /* DISK_FULL */
    {114, 114, W_EBADF},     /* INVALID_TARGET_HANDLE */
    {128, 129, W_ECHILD},    /* WAIT_NO_CHILDREN, CHILD_NOT_COMPLETE */
    {130, 130, W_EBADF},     /* DIRECT_ACCESS_HANDLE */
    {132, 132, W_EACCES},    /* SEEK_ON_DEVICE */
    {145, 145, W_ENOTEMPTY}, /* DIR_NOT_EMPTY */
    {158, 158, W_EACCES},    /* NOT_LOCKED */
    {161, 161, W_ENOENT},    /* BAD_PATHNAME */
    {164, 164, W_EAGAIN},    /* MAX_THRDS_REACHED */
    {167, 167, W_EACCES},    /* LOCK_FAILED */
    {183, 183, W_EEXIST},    /* ALREADY_EXISTS */
    {188, 202, W_ENOEXEC},   /* INVALID_STARTING_CODESEG .. INFLOOP_... */
    {206, 206, W_ENOENT},    /* FILENAME_EXCED_RANGE */
    {215, 215, W_EAGAIN},    /* NESTING_NOT_ALLOWED */
    {232, 232, W_EPIPE},     /* NO_DATA */
    {258, 258, W_ETIMEDOUT}, /* WAIT_TIMEOUT */
    {267, 267, W_ENOTDIR},   /* DIRECTORY */
    {1113, 1113, W_EILSEQ},  /* NO_UNICODE_TRANSLATION */
    {1816, 1816, W_ENOMEM},  /* NOT_ENOUGH_QUOTA */
};

int mml__winerror_errno(int winerr) {
  /* Winsock codes (10000-11999) are errno values already; the six that
   * repeat C errnos are those errnos plus 10000. */
  if (winerr >= 10000 && winerr < 12000) {
    switch (winerr - 10000) {
    case 4:  /* EINTR */
    case 9:  /* EBADF */
    case 13: /* EACCES */
    case 14: /* EFAULT */
    case 22: /* EINVAL */
    case 24: /* EMFILE */
      return winerr - 10000;
    default:
      return winerr;
    }
  }
  for (size_t i = 0; i < sizeof ranges / sizeof ranges[0]; i++)
    if (winerr >= ranges[i].lo && winerr <= ranges[i].hi)
      return ranges[i].err;
  return W_EINVAL;
}

/* The codes the core itself can produce, and a few common neighbours. */
static const struct {
  int code;
  const char *name;
} names[] = {
    {2, "ERROR_FILE_NOT_FOUND"},      {5, "ERROR_ACCESS_DENIED"},
    {6, "ERROR_INVALID_HANDLE"},      {8, "ERROR_NOT_ENOUGH_MEMORY"},
    {87, "ERROR_INVALID_PARAMETER"},  {112, "ERROR_DISK_FULL"},
    {183, "ERROR_ALREADY_EXISTS"},    {998, "ERROR_NOACCESS"},
    {1006, "ERROR_FILE_INVALID"},     {1132, "ERROR_MAPPED_ALIGNMENT"},
    {1224, "ERROR_USER_MAPPED_FILE"}, {1455, "ERROR_COMMITMENT_LIMIT"},
};

const char *mml__winerror_name(int winerr) {
  for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
    if (names[i].code == winerr)
      return names[i].name;
  return NULL;
}

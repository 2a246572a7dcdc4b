/* windows/core_host_os.c - the core host's OS part on Windows
 * (core_host_os.h): C runtime descriptors as CPython's os.open and os.pipe
 * make them on Windows (non-inheritable, _O_NOINHERIT), sockets as its
 * socket module does (the "descriptor" is the SOCKET, as sock.fileno()
 * is), and Wine recognised by the export ntdll has only under Wine. */
#include "core_host_os.h"

/* winsock2.h before windows.h, which would pull in the old winsock.h. */
#include <winsock2.h>
#include <windows.h>

#include <errno.h>
#include <fcntl.h>
#include <io.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "core_host.h" /* ch_oserror_class */
#include "mmaplab.h"
#include "typed.h"
#include "ut_str.h"

/* CPython 3.13's Windows signature: mmap(fileno, length, tagname=None,
 * access=ACCESS_DEFAULT, offset=0). flags and prot are not parameters
 * there: the core refuses them with CPython's unknown-keyword TypeError
 * (trackfd, a parameter only from 3.15, is left to the host's
 * unsupported answer). */
static const ch_param params[] = {
    {"fileno", CH_PARAM_CINT, offsetof(mml_open_args, fileno)},
    {"length", CH_PARAM_INT, offsetof(mml_open_args, length)},
    {"tagname", CH_PARAM_TEXT, offsetof(mml_open_args, tagname)},
    {"access", CH_PARAM_CINT, offsetof(mml_open_args, access)},
    {"offset", CH_PARAM_INT, offsetof(mml_open_args, offset)},
    {"flags", CH_PARAM_CINT, offsetof(mml_open_args, flags)},
    {"prot", CH_PARAM_CINT, offsetof(mml_open_args, prot)},
};

const ch_param *ch_os_mmap_params(size_t *n, size_t *npos) {
  *n = sizeof params / sizeof params[0];
  *npos = 5;
  return params;
}

int ch_os_init(FILE *in, FILE *out) {
  WSADATA wsa;
  /* No error dialog boxes: a crash or a missing drive ends the process
   * (the runner records it) instead of waiting for a click. */
  SetErrorMode(SEM_FAILCRITICALERRORS | SEM_NOGPFAULTERRORBOX);
  /* JSON Lines end in "\n": the C runtime's text mode would write
   * "\r\n" and eat "\r" on input. */
  if (_setmode(_fileno(in), _O_BINARY) < 0 ||
      _setmode(_fileno(out), _O_BINARY) < 0) {
    fprintf(stderr, "mmaplab-core-host: cannot put stdin/stdout in binary "
                    "mode\n");
    return -1;
  }
  /* CPython's socket module starts Winsock 2.2 when it is imported. */
  if (WSAStartup(MAKEWORD(2, 2), &wsa) != 0) {
    fprintf(stderr, "mmaplab-core-host: WSAStartup failed\n");
    return -1;
  }
  return 0;
}

const char *ch_os_platform(void) { return "win32"; }

/* platform.machine() on Windows: PROCESSOR_ARCHITECTURE's spelling. */
const char *ch_os_machine(void) {
  SYSTEM_INFO si;
  GetNativeSystemInfo(&si);
  switch (si.wProcessorArchitecture) {
  case PROCESSOR_ARCHITECTURE_AMD64:
    return "AMD64";
  case PROCESSOR_ARCHITECTURE_ARM64:
    return "ARM64";
  case PROCESSOR_ARCHITECTURE_INTEL:
    return "x86";
  default:
    return "unknown";
  }
}

json_t *ch_os_raise_error(int code) {
  char msg[600];
  const int winerror = mml_err_winerror(code), err = mml_err_errno(code);
  if (winerror == 0)
    return NULL; /* an errno of the C runtime (EBADF of _get_osfhandle) */
  snprintf(msg, sizeof msg, "[WinError %d] %s", winerror, mml_strerror(code));
  return tv_result_raise(ch_oserror_class(err), msg, err);
}

typedef const char *wine_version_fn(void);

void ch_os_hello_extra(json_t *hello) {
  /* Wine's ntdll exports wine_get_version; Windows' ntdll does not. The
   * runner and the reports use it to tell a Wine run from a Windows one. */
  HMODULE ntdll = GetModuleHandleA("ntdll.dll");
  FARPROC f = ntdll != NULL ? GetProcAddress(ntdll, "wine_get_version") : NULL;
  wine_version_fn *version;
  /* A function pointer through memcpy: ISO C has no cast between object
   * and function pointers, and FARPROC's type is not this one. */
  memcpy(&version, &f, sizeof version);
  json_object_set_new(hello, "wine",
                      version != NULL ? json_string(version()) : json_null());
}

static const struct {
  const char *mode;
  int flags;
} modes[] = {
    {"r", _O_RDONLY},
    {"w", _O_WRONLY},
    {"r+", _O_RDWR},
    {"a+", _O_RDWR | _O_APPEND},
};

int ch_os_open_file(const char *path, const char *mode) {
  for (size_t i = 0; i < sizeof modes / sizeof modes[0]; i++)
    if (!strcmp(modes[i].mode, mode))
      return _open(path, modes[i].flags | _O_NOINHERIT);
  errno = EINVAL;
  return -1;
}

const char *ch_os_special_missing(const char *kind) {
  if (!strcmp(kind, "unix_socket"))
    return "CPython's socket module has no AF_UNIX on Windows";
  return NULL;
}

/* The sockets of the current case, closed when it ends. */
static SOCKET *sockets;
static size_t nsockets, capsockets;

int ch_os_open_special(const char *kind, const char *path, int *other) {
  int p[2];
  *other = -1;
  /* os.open("/dev/zero") on Windows opens \dev\zero of the current drive
   * (under Wine, the Unix file when that drive is Z:). */
  if (!strcmp(kind, "devzero"))
    return _open("/dev/zero", _O_RDWR | _O_NOINHERIT);
  if (!strcmp(kind, "dir"))
    return _open(path, _O_RDONLY | _O_NOINHERIT);
  if (!strcmp(kind, "socket")) {
    SOCKET s = WSASocketW(AF_INET, SOCK_STREAM, 0, NULL, 0,
                          WSA_FLAG_OVERLAPPED | WSA_FLAG_NO_HANDLE_INHERIT);
    if (s == INVALID_SOCKET) {
      errno = EMFILE;
      return -1;
    }
    if (nsockets == capsockets) {
      capsockets = capsockets ? 2 * capsockets : 4;
      sockets = ut_xrealloc(sockets, capsockets * sizeof *sockets);
    }
    sockets[nsockets++] = s;
    /* sock.fileno() is the SOCKET; CPython passes it to mmap as is. */
    return (int)s;
  }
  if (_pipe(p, 0, _O_BINARY | _O_NOINHERIT) != 0)
    return -1;
  *other = !strcmp(kind, "pipe_r") ? p[1] : p[0];
  return !strcmp(kind, "pipe_r") ? p[0] : p[1];
}

int ch_os_truncate(int fd, int64_t size) {
  /* CPython's os.ftruncate on Windows: _chsize_s, errno set from the
   * Windows error (EACCES for ERROR_USER_MAPPED_FILE, a mapped file). */
  errno_t e = _chsize_s(fd, size);
  if (e == 0)
    return 0;
  errno = e;
  return -1;
}

/* os.close() of a socket's fileno() is a C runtime close of a number that
 * is no descriptor (EBADF); the socket stays open until the case ends. */
int ch_os_close(int fd) { return _close(fd); }

void ch_os_end_case(void) {
  for (size_t i = 0; i < nsockets; i++)
    closesocket(sockets[i]);
  nsockets = 0;
}

long ch_os_getline(char **line, size_t *cap, FILE *in) {
  size_t len = 0;
  if (*cap < 256) {
    *cap = 256;
    *line = ut_xrealloc(*line, *cap);
  }
  for (;;) {
    if (fgets(*line + len, (int)(*cap - len), in) == NULL)
      return len > 0 ? (long)len : -1;
    len += strlen(*line + len);
    if (len > 0 && (*line)[len - 1] == '\n')
      return (long)len;
    if (len + 1 >= *cap) {
      *cap *= 2;
      *line = ut_xrealloc(*line, *cap);
    }
  }
}

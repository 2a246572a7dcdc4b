/* core_host_errors.c - results: core error codes as CPython exceptions,
 * OSError subclasses by errno, NameError and unsupported. */
#include "core_host.h"
#include "core_host_os.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

/* CPython's errno -> OSError subclass table (Objects/exceptions.c, the
 * errnomap built at startup); errnos not listed stay plain OSError. */
static const struct {
  int err;
  const char *cls;
} errno_classes[] = {
    {EAGAIN, "BlockingIOError"},
    {EALREADY, "BlockingIOError"},
    {EINPROGRESS, "BlockingIOError"},
    {EWOULDBLOCK, "BlockingIOError"},
    {EPIPE, "BrokenPipeError"},
#ifdef ESHUTDOWN
    {ESHUTDOWN, "BrokenPipeError"},
#endif
    {ECHILD, "ChildProcessError"},
    {ECONNABORTED, "ConnectionAbortedError"},
    {ECONNREFUSED, "ConnectionRefusedError"},
    {ECONNRESET, "ConnectionResetError"},
    {EEXIST, "FileExistsError"},
    {ENOENT, "FileNotFoundError"},
    {EISDIR, "IsADirectoryError"},
    {ENOTDIR, "NotADirectoryError"},
    {EINTR, "InterruptedError"},
    {EACCES, "PermissionError"},
    {EPERM, "PermissionError"},
#ifdef ENOTCAPABLE
    {ENOTCAPABLE, "PermissionError"},
#endif
    {ESRCH, "ProcessLookupError"},
    {ETIMEDOUT, "TimeoutError"},
};

const char *ch_oserror_class(int err) {
  for (size_t i = 0; i < sizeof errno_classes / sizeof errno_classes[0]; i++)
    if (errno_classes[i].err == err)
      return errno_classes[i].cls;
  return "OSError";
}

json_t *ch_raise(const char *type, const char *message) {
  return tv_result_raise(type, message, -1);
}

json_t *ch_raise_errno(int err) {
  /* mml_strerror gives the text CPython puts in OSError.strerror. */
  return tv_result_raise(ch_oserror_class(err), mml_strerror(-err), err);
}

json_t *ch_raise_code(int code) {
  mml_exc_kind kind = mml_err_kind(code);
  json_t *os = kind == MML_EXC_OS ? ch_os_raise_error(code) : NULL;
  if (os != NULL)
    return os;
  if (kind == MML_EXC_OS)
    return ch_raise_errno(mml_err_errno(code));
  return ch_raise(mml_exc_name(kind), mml_strerror(code));
}

/* Appends C to BUF (of capacity CAP, position *n) if there is room. */
static void put(char *buf, size_t cap, size_t *n, char c) {
  if (*n + 1 < cap)
    buf[(*n)++] = c;
}

/* Python's repr() of a str as it prints an ASCII-ish name: single quotes
 * unless the text holds a single quote and no double quote; backslashes,
 * the quote and control characters escaped. Bytes >= 0x80 are copied
 * (UTF-8 text that Python would print unchanged). */
static void py_repr(const char *s, char *buf, size_t cap) {
  char q = strchr(s, '\'') != NULL && strchr(s, '"') == NULL ? '"' : '\'';
  size_t n = 0;
  put(buf, cap, &n, q);
  for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
    const char *esc = *p == '\n'   ? "\\n"
                      : *p == '\r' ? "\\r"
                      : *p == '\t' ? "\\t"
                                   : NULL;
    char hex[8];
    if (esc == NULL && (*p < 0x20 || *p == 0x7f)) {
      snprintf(hex, sizeof hex, "\\x%02x", *p);
      esc = hex;
    }
    if (esc == NULL && (*p == '\\' || *p == (unsigned char)q)) {
      put(buf, cap, &n, '\\');
      put(buf, cap, &n, (char)*p);
      continue;
    }
    if (esc == NULL)
      put(buf, cap, &n, (char)*p);
    else
      for (; *esc; esc++)
        put(buf, cap, &n, *esc);
  }
  put(buf, cap, &n, q);
  buf[n] = '\0';
}

json_t *ch_name_error(const char *name) {
  char quoted[512], msg[600];
  py_repr(name, quoted, sizeof quoted);
  snprintf(msg, sizeof msg, "name %s is not defined", quoted);
  return ch_raise("NameError", msg);
}

json_t *ch_unsupported(const char *fmt, ...) {
  char why[512];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(why, sizeof why, fmt, ap);
  va_end(ap);
  return tv_result_unsupported(why);
}

json_t *ch_value(json_t *v) { return tv_result_value(v); }
json_t *ch_none(void) { return tv_result_value(json_null()); }

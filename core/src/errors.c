/* errors.c - the error table: codes, exception kinds and messages. */
#include "mmaplab.h"
#include "platform.h"
#include "winerror_map.h"

typedef struct err_entry {
  const char *name;
  mml_exc_kind kind;
  const char *message;
} err_entry;

static const err_entry table[MML_ERR_COUNT] = {
#define XX(name, kind, msg) {"MML_E" #name, MML_EXC_##kind, msg},
    MML_ERROR_MAP(XX)
#undef XX
};

/* The table entry of CODE, or NULL if CODE is not a table code. */
static const err_entry *entry_of(int code) {
  if (code > -MML_ERR_BASE || code <= -(MML_ERR_BASE + MML_ERR_COUNT))
    return NULL;
  return &table[-code - MML_ERR_BASE];
}

static int is_os_code(int code) { return code < 0 && code > -4096; }

/* The Windows error code of CODE, or -1 if it is none. */
static int winerror_of(int code) {
  if (code > -MML_WINERR_BASE || code <= -(MML_WINERR_BASE + 65536))
    return -1;
  return -code - MML_WINERR_BASE;
}

mml_exc_kind mml_err_kind(int code) {
  const err_entry *e = entry_of(code);
  if (e != NULL)
    return e->kind;
  if (is_os_code(code) || winerror_of(code) >= 0)
    return MML_EXC_OS;
  return code < 0 ? MML_EXC_SYSTEM : MML_EXC_NONE;
}

const char *mml_exc_name(mml_exc_kind kind) {
  switch (kind) {
  case MML_EXC_NONE:
    return "";
  case MML_EXC_VALUE:
    return "ValueError";
  case MML_EXC_TYPE:
    return "TypeError";
  case MML_EXC_INDEX:
    return "IndexError";
  case MML_EXC_OVERFLOW:
    return "OverflowError";
  case MML_EXC_BUFFER:
    return "BufferError";
  case MML_EXC_MEMORY:
    return "MemoryError";
  case MML_EXC_SYSTEM:
    return "SystemError";
  case MML_EXC_OS:
    return "OSError";
  case MML_EXC_ATTRIBUTE:
    return "AttributeError";
  }
  return "SystemError";
}

const char *mml_strerror(int code) {
  const err_entry *e = entry_of(code);
  if (e != NULL)
    return e->message;
  if (is_os_code(code))
    return mml__os_strerror(-code);
  if (winerror_of(code) >= 0)
    return mml__os_winerror_text(winerror_of(code));
  return code < 0 ? "unknown mmaplab error code" : "";
}

const char *mml_err_name(int code) {
  const err_entry *e = entry_of(code);
  if (e != NULL)
    return e->name;
  if (is_os_code(code)) {
    const char *n = mml__os_errno_name(-code);
    return n != NULL ? n : "UNKNOWN";
  }
  if (winerror_of(code) >= 0) {
    const char *n = mml__winerror_name(winerror_of(code));
    return n != NULL ? n : "UNKNOWN";
  }
  return code == 0 ? "OK" : "UNKNOWN";
}

int mml_err_errno(int code) {
  if (is_os_code(code))
    return -code;
  return winerror_of(code) >= 0 ? mml__winerror_errno(winerror_of(code)) : 0;
}

int mml_err_winerror(int code) {
  return winerror_of(code) > 0 ? winerror_of(code) : 0;
}

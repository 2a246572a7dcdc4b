/* errors.c - the error table: codes, exception kinds and messages. */
#include "mmaplab.h"
#include "platform.h"

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

mml_exc_kind mml_err_kind(int code) {
  const err_entry *e = entry_of(code);
  if (e != NULL)
    return e->kind;
  if (is_os_code(code))
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
  }
  return "SystemError";
}

const char *mml_strerror(int code) {
  const err_entry *e = entry_of(code);
  if (e != NULL)
    return e->message;
  if (is_os_code(code))
    return mml__os_strerror(-code);
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
  return code == 0 ? "OK" : "UNKNOWN";
}

int mml_err_errno(int code) { return is_os_code(code) ? -code : 0; }

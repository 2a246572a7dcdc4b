/* fuzz_core_model.c - the model's memory, construction and the whole-map
 * calls: close, size, flush, madvise, resize, export, repr
 * (fuzz_core_model.h). */
#define _GNU_SOURCE /* MAP_ANONYMOUS */
#include "fuzz_core_model.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

/* Lengths above this cannot be mapped on any 64-bit Linux (the largest
 * user address space is 2**57 bytes with 5-level page tables). */
#define CM_UNMAPPABLE ((int64_t)1 << 57)

static void *xcalloc(size_t n, size_t size) {
  void *p = calloc(n ? n : 1, size);
  if (p == NULL)
    abort();
  return p;
}

static uint8_t file_byte(const cm_file *f, int64_t at) {
  return at < f->size ? f->bytes[at] : 0; /* a page's tail past EOF is 0 */
}

uint8_t cm_byte(const cm_map *m, int64_t i) {
  const uint8_t *page = m->pages[i / m->pagesize];
  if (page != NULL)
    return page[i % m->pagesize];
  return file_byte(m->file, m->offset + i);
}

void cm_set_byte(cm_map *m, int64_t i, uint8_t v) {
  uint8_t **page = &m->pages[i / m->pagesize];
  if (!m->anonymous && m->shared) {
    m->file->bytes[m->offset + i] = v; /* the map is the file's memory */
    return;
  }
  if (*page == NULL) { /* a private file page is copied on first write */
    const int64_t base = i - i % m->pagesize;
    *page = xcalloc(1, (size_t)m->pagesize);
    for (int64_t k = 0; k < m->pagesize; k++)
      (*page)[k] = file_byte(m->file, m->offset + base + k);
  }
  (*page)[i % m->pagesize] = v;
}

void cm_copy(const cm_map *m, int64_t at, int64_t n, uint8_t *dst) {
  while (n > 0) {
    const int64_t page = at / m->pagesize, in = at % m->pagesize;
    const int64_t k = n < m->pagesize - in ? n : m->pagesize - in;
    if (m->pages[page] != NULL) {
      memcpy(dst, m->pages[page] + in, (size_t)k);
    } else { /* the file's bytes, and zeros past its end */
      const int64_t f = m->offset + at;
      const int64_t have = f >= m->file->size      ? 0
                           : m->file->size - f < k ? m->file->size - f
                                                   : k;
      memcpy(dst, m->file->bytes + f, (size_t)have);
      memset(dst + have, 0, (size_t)(k - have));
    }
    dst += k, at += k, n -= k;
  }
}

void cm_flatten(const cm_map *m, uint8_t *buf) { cm_copy(m, 0, m->size, buf); }

/* C-int conversion with CPython's OverflowError. */
static int to_int(int64_t v, int *out) {
  if (v > INT_MAX)
    return MML_EINT_TOO_BIG;
  if (v < INT_MIN)
    return MML_EINT_TOO_SMALL;
  *out = (int)v;
  return 0;
}

/* Steps 2-6 of the constructor (spec 2.2, 2.3). */
static int check_args(const mml_open_args *a, int *flags, int *prot,
                      int *access) {
  int fileno, rc;
  if ((rc = to_int(a->fileno, &fileno)) < 0 ||
      (rc = to_int(a->flags, flags)) < 0 || (rc = to_int(a->prot, prot)) < 0 ||
      (rc = to_int(a->access, access)) < 0)
    return rc;
  if (a->length < 0)
    return MML_ELENGTH_NEGATIVE;
  if (a->offset < 0)
    return MML_EOFFSET_NEGATIVE;
  if (*access != MML_ACCESS_DEFAULT &&
      (*flags != MAP_SHARED || *prot != (PROT_READ | PROT_WRITE)))
    return MML_EACCESS_AND_FLAGS;
  switch (*access) {
  case MML_ACCESS_READ:
    *flags = MAP_SHARED, *prot = PROT_READ;
    return 0;
  case MML_ACCESS_WRITE:
    *flags = MAP_SHARED, *prot = PROT_READ | PROT_WRITE;
    return 0;
  case MML_ACCESS_COPY:
    *flags = MAP_PRIVATE, *prot = PROT_READ | PROT_WRITE;
    return 0;
  case MML_ACCESS_DEFAULT:
    if (!(*prot & PROT_READ) || !(*prot & PROT_WRITE))
      *access = (*prot & PROT_WRITE) ? MML_ACCESS_WRITE : MML_ACCESS_READ;
    return 0;
  default:
    return MML_EACCESS_INVALID;
  }
}

/* Step 9: a regular file's size decides LENGTH 0 and bounds the rest. */
static int check_file(const cm_file *f, int64_t *length, int64_t offset) {
  if (*length == 0) {
    if (f->size == 0)
      return MML_EEMPTY_FILE;
    if (offset >= f->size)
      return MML_EOFFSET_BEYOND_FILE;
    *length = f->size - offset;
  } else if (offset > f->size || f->size - offset < *length) {
    return MML_ELENGTH_BEYOND_FILE;
  }
  return 0;
}

/* What mmap(2) says: 0, one errno, or CM_OS_ANY when several of its
 * conditions hold (their order is the kernel's business). */
static int kernel_verdict(const mml_open_args *a, const cm_fdinfo *fd,
                          int64_t length, int flags, int prot, int ps) {
  int errs[6], n = 0, type = flags & MAP_TYPE;
  if (a->offset % ps != 0)
    errs[n++] = EINVAL;
  if (a->fileno != -1 && fd->file == NULL)
    errs[n++] = EBADF; /* trackfd=False: the bad descriptor reaches mmap */
  if (length == 0)
    errs[n++] = EINVAL;
  if (length > CM_UNMAPPABLE)
    errs[n++] = ENOMEM;
  if (type != MAP_SHARED && type != MAP_PRIVATE &&
      (a->fileno == -1 || type != MAP_SHARED_VALIDATE))
    errs[n++] = EINVAL;
  if (fd->file != NULL && fd->readonly && type != MAP_PRIVATE &&
      (prot & PROT_WRITE))
    errs[n++] = EACCES;
  for (int i = 1; i < n; i++)
    if (errs[i] != errs[0])
      return CM_OS_ANY;
  return n > 0 ? -errs[0] : 0;
}

int cm_open(cm_map **out, const mml_open_args *a, const cm_fdinfo *fd,
            int64_t pagesize) {
  int flags, prot, access, rc;
  int64_t length = a->length;
  cm_map *m;
  *out = NULL;
  if ((rc = check_args(a, &flags, &prot, &access)) < 0)
    return rc;
  if (a->fileno != -1 && fd->file != NULL &&
      (rc = check_file(fd->file, &length, a->offset)) < 0)
    return rc;
  if (a->fileno != -1 && a->trackfd && fd->file == NULL)
    return -EBADF; /* dup() of a descriptor that is not open */
  if ((rc = kernel_verdict(a, fd, length, flags, prot, (int)pagesize)) != 0)
    return rc;
  m = xcalloc(1, sizeof *m);
  m->size = length;
  m->offset = a->offset;
  m->access = access;
  m->anonymous = a->fileno == -1;
  m->shared = (flags & MAP_TYPE) != MAP_PRIVATE;
  m->trackfd = a->trackfd != 0;
  m->readonly_fd = fd->readonly;
  m->pyver = a->python_version ? a->python_version : MML_PY_DEFAULT;
  m->file = m->anonymous ? NULL : fd->file;
  m->pagesize = pagesize;
  m->npages = (size_t)((length + pagesize - 1) / pagesize);
  m->pages = xcalloc(m->npages, sizeof *m->pages);
  m->vmflags = xcalloc(m->npages, 1);
  for (size_t i = 0; m->anonymous && i < m->npages; i++)
    m->pages[i] = xcalloc(1, (size_t)pagesize); /* anonymous memory is 0 */
  *out = m;
  return 0;
}

static void drop_pages(cm_map *m, size_t from) {
  for (size_t i = from; i < m->npages; i++) {
    free(m->pages[i]);
    m->pages[i] = NULL;
  }
}

void cm_free(cm_map *m) {
  if (m == NULL)
    return;
  drop_pages(m, 0);
  free(m->pages);
  free(m->vmflags);
  free(m);
}

int cm_close(cm_map *m) {
  if (m->exports > 0)
    return MML_ECLOSE_EXPORTED;
  drop_pages(m, 0);
  m->closed = 1;
  return 0;
}

int cm_size(const cm_map *m, int64_t *size) {
  if (m->closed)
    return MML_ECLOSED;
  if (m->pyver >= MML_PY(3, 15, 0)) {
    if (!m->trackfd)
      return MML_ESIZE_TRACKFD;
    if (m->anonymous) {
      *size = m->size;
      return 0;
    }
  }
  if (m->anonymous || !m->trackfd)
    return -EBADF; /* fstat(-1) */
  *size = m->file->size;
  return 0;
}

int cm_flush(cm_map *m, const int64_t *offsetp, const int64_t *sizep) {
  const int64_t offset = offsetp ? *offsetp : 0;
  int64_t size;
  if (m->closed)
    return MML_ECLOSED;
  if (m->pyver >= MML_PY(3, 15, 0)) { /* size -1 (the default): the rest */
    size = sizep ? *sizep : -1;
    if (size == -1 && offset >= 0)
      size = m->size - offset;
  } else {
    size = sizep ? *sizep : m->size;
  }
  if (size < 0 || offset < 0 || m->size - offset < size)
    return MML_EFLUSH_RANGE;
  if (m->access == MML_ACCESS_READ || m->access == MML_ACCESS_COPY)
    return 0;                                     /* no msync at all */
  return offset % m->pagesize != 0 ? -EINVAL : 0; /* msync wants alignment */
}

/* Whether the kernel knows madvise ADVICE: the harness only sends these
 * and values no kernel defines. */
static int advice_known(int advice) {
  return (advice >= MADV_NORMAL && advice <= MADV_DONTNEED) ||
         advice == MADV_DONTDUMP || advice == MADV_DODUMP ||
         advice == MADV_DONTFORK || advice == MADV_DOFORK;
}

/* The flags of the kernel's memory areas that ADVICE sets on pages FIRST
 * to LAST: pages whose flags differ are areas of their own (the kernel
 * splits the area), which decides whether a resize can grow the map. */
enum { CM_VM_RAND = 1, CM_VM_SEQ = 2, CM_VM_DONTCOPY = 4, CM_VM_DONTDUMP = 8 };
static void set_vmflags(cm_map *m, int advice, size_t first, size_t last) {
  for (size_t p = first; p <= last; p++) {
    uint8_t *f = &m->vmflags[p];
    if (advice == MADV_NORMAL || advice == MADV_RANDOM ||
        advice == MADV_SEQUENTIAL)
      *f &= (uint8_t) ~(CM_VM_RAND | CM_VM_SEQ);
    if (advice == MADV_RANDOM)
      *f |= CM_VM_RAND;
    if (advice == MADV_SEQUENTIAL)
      *f |= CM_VM_SEQ;
    if (advice == MADV_DONTFORK || advice == MADV_DOFORK)
      *f = (uint8_t)((*f & ~CM_VM_DONTCOPY) |
                     (advice == MADV_DONTFORK ? CM_VM_DONTCOPY : 0));
    if (advice == MADV_DONTDUMP || advice == MADV_DODUMP)
      *f = (uint8_t)((*f & ~CM_VM_DONTDUMP) |
                     (advice == MADV_DONTDUMP ? CM_VM_DONTDUMP : 0));
  }
}

/* 1 if the map's pages are all one memory area of the kernel's. */
static int one_area(const cm_map *m) {
  for (size_t p = 1; p < m->npages; p++)
    if (m->vmflags[p] != m->vmflags[0])
      return 0;
  return 1;
}

int cm_madvise(cm_map *m, int64_t option, int64_t start,
               const int64_t *lengthp) {
  int advice, rc;
  int64_t length;
  /* 3.14.1+ (Argument Clinic): converted before the closed check. */
  if (m->pyver >= MML_PY(3, 14, 1) && (option > INT_MAX || option < INT_MIN))
    return MML_EINT_OVERFLOW_314;
  if (m->closed)
    return MML_ECLOSED;
  if ((rc = to_int(option, &advice)) < 0)
    return rc;
  length = lengthp ? *lengthp : m->size;
  if (start < 0 || start >= m->size)
    return MML_EMADV_START;
  if (length < 0)
    return MML_EMADV_LENGTH;
  if (INT64_MAX - start < length)
    return MML_EMADV_TOO_LARGE;
  if (length > m->size - start)
    length = m->size - start;
  if (!advice_known(advice) || start % m->pagesize != 0)
    return -EINVAL;
  if (length > 0)
    set_vmflags(m, advice, (size_t)(start / m->pagesize),
                (size_t)((start + length - 1) / m->pagesize));
  if (advice == MADV_DONTNEED && length > 0) {
    /* Whole pages go: private anonymous ones read as zeros again, private
     * file pages as the file; shared pages keep their data. */
    size_t last = (size_t)((start + length - 1) / m->pagesize);
    for (size_t p = (size_t)(start / m->pagesize); p <= last; p++) {
      if (m->anonymous && !m->shared)
        memset(m->pages[p], 0, (size_t)m->pagesize);
      else if (!m->anonymous && !m->shared) {
        free(m->pages[p]);
        m->pages[p] = NULL;
      }
    }
  }
  return 0;
}

/* The successful resize of the model to NEWSIZE bytes. */
static void resize_memory(cm_map *m, int64_t newsize) {
  const size_t npages = (size_t)((newsize + m->pagesize - 1) / m->pagesize);
  if (!m->anonymous) { /* the file becomes offset + newsize bytes */
    cm_file *f = m->file;
    const int64_t target = m->offset + newsize;
    uint8_t *b = realloc(f->bytes, (size_t)(target ? target : 1));
    if (b == NULL)
      abort();
    if (target > f->size)
      memset(b + f->size, 0, (size_t)(target - f->size));
    f->bytes = b;
    f->size = target;
  }
  if (npages < m->npages)
    drop_pages(m, npages); /* the kept last page keeps its tail bytes */
  m->pages = realloc(m->pages, (npages ? npages : 1) * sizeof *m->pages);
  m->vmflags = realloc(m->vmflags, npages ? npages : 1);
  if (m->pages == NULL || m->vmflags == NULL)
    abort();
  for (size_t i = m->npages; i < npages; i++) {
    m->pages[i] = m->anonymous ? xcalloc(1, (size_t)m->pagesize) : NULL;
    m->vmflags[i] = m->vmflags[0]; /* the grown area's flags */
  }
  m->npages = npages;
  m->size = newsize;
}

/* What ftruncate and mremap say to a resize to NEWSIZE: 0, one errno, or
 * CM_OS_ANY when several of their conditions hold (which comes first is
 * the order of the two calls, the implementation's business) or the size
 * is beyond any address space. A failed resize changes nothing. */
static int os_verdict(const cm_map *m, int64_t newsize) {
  int err = 0;
  if (newsize > CM_UNMAPPABLE)
    return CM_OS_ANY; /* EFBIG, ENOMEM... */
  if (!m->anonymous && m->readonly_fd)
    err = EINVAL; /* ftruncate of a descriptor not open for writing */
  /* mremap grows only a range that is one memory area; madvise with
   * advice that sets area flags on part of the map splits it. */
  if ((newsize + m->pagesize - 1) / m->pagesize > (int64_t)m->npages &&
      !one_area(m))
    err = err ? CM_OS_ANY : EFAULT;
  return err == CM_OS_ANY ? CM_OS_ANY : -err;
}

int cm_resize(cm_map *m, int64_t newsize) {
  int rc;
  if (m->closed)
    return MML_ECLOSED;
  if (m->exports > 0)
    return MML_ERESIZE_EXPORTED;
  if (!m->trackfd)
    return MML_ERESIZE_TRACKFD;
  if (m->access == MML_ACCESS_READ || m->access == MML_ACCESS_COPY)
    return MML_ERESIZE_READONLY;
  if (newsize < 0 || INT64_MAX - newsize < m->offset)
    return MML_ERESIZE_RANGE;
  if (m->anonymous && m->shared && newsize > m->size &&
      m->pyver >= MML_PY(3, 13, 8))
    return MML_ERESIZE_SHARED_ANON;
  if (newsize == 0)
    return -EINVAL; /* the core's choice: the file is left alone */
  if ((rc = os_verdict(m, newsize)) != 0)
    return rc;
  resize_memory(m, newsize);
  return 0;
}

int cm_export(cm_map *m, int64_t *len, int *readonly) {
  if (m->closed)
    return MML_ECLOSED;
  m->exports++;
  *len = m->size;
  *readonly = m->access == MML_ACCESS_READ;
  return 0;
}

int cm_release(cm_map *m) {
  if (m->exports <= 0)
    return MML_EMISUSE;
  m->exports--;
  return 0;
}

void cm_repr(const cm_map *m, char *buf, size_t cap) {
  static const char *const names[] = {"ACCESS_DEFAULT", "ACCESS_READ",
                                      "ACCESS_WRITE", "ACCESS_COPY"};
  if (m->closed)
    snprintf(buf, cap, "<mmap.mmap closed=True>");
  else
    snprintf(buf, cap,
             "<mmap.mmap closed=False, access=%s, length=%lld, pos=%lld, "
             "offset=%lld>",
             names[m->access], (long long)m->size, (long long)m->pos,
             (long long)m->offset);
}

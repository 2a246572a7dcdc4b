/* mmaplab.h - a C reference implementation of CPython's mmap.mmap object.
 *
 * One object type, mml_map, with one function per method of CPython's
 * mmap.mmap. Every call returns 0 on success or a negative error code; the
 * code tells the CPython exception kind (mml_err_kind) and CPython's exact
 * message (mml_strerror), so a caller can raise the same Python exception.
 *
 * Error codes: -1 .. -4095 are OS errors, the negated errno (OSError with
 * that errno); the MML_E* codes (-5000 and below) are the mmap-specific
 * errors, all generated from one table (MML_ERROR_MAP); on Windows, OS
 * calls fail with -(MML_WINERR_BASE + the Windows error code), an OSError
 * whose winerror is that code (see mml_err_winerror).
 *
 * Every size, position and index is int64_t, as Py_ssize_t/off_t are on a
 * 64-bit CPython. Integer parameters that CPython converts to a C int or an
 * unsigned char (fileno, flags, prot, access, whence, madvise option,
 * write_byte value) are taken as int64_t too, and range-checked with
 * CPython's own OverflowError messages, so any int64_t is a valid input.
 *
 * Semantics follow CPython 3.13 unless mml_open_args.python_version selects
 * another version (see the MML_PY_* notes below).
 *
 * Thread safety: a map may be used by one thread at a time (CPython's GIL
 * gives the same guarantee); distinct maps are independent. The process-wide
 * settings (mml_search_set_isa, mml_set_fault_safe) say when they may be
 * changed.
 */
#ifndef MMAPLAB_H
#define MMAPLAB_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(MMAPLAB_BUILDING) && defined(__GNUC__)
#define MML_EXTERN __attribute__((visibility("default")))
#else
#define MML_EXTERN
#endif

/* ---- Version ------------------------------------------------------------ */

/* MML_VERSION_MAJOR, _MINOR, _PATCH and MML_VERSION_STRING, configured
 * from the project's version by CMake. */
#include "mmaplab_version.h"

/* Returns the library version, MML_VERSION_STRING: "MAJOR.MINOR.PATCH"
 * (static storage). */
MML_EXTERN const char *mml_version_string(void);

/* ---- Errors ------------------------------------------------------------- */

/* The CPython exception class an error code stands for. */
typedef enum mml_exc_kind {
  MML_EXC_NONE = 0, /* not an error (code >= 0) */
  MML_EXC_VALUE,    /* ValueError */
  MML_EXC_TYPE,     /* TypeError */
  MML_EXC_INDEX,    /* IndexError */
  MML_EXC_OVERFLOW, /* OverflowError */
  MML_EXC_BUFFER,   /* BufferError */
  MML_EXC_MEMORY,   /* MemoryError */
  MML_EXC_SYSTEM,   /* SystemError: misuse of this C API (NULL arguments) */
  MML_EXC_OS,       /* OSError (or its errno subclass); see mml_err_errno */
  MML_EXC_ATTRIBUTE /* AttributeError: a method this platform lacks */
} mml_exc_kind;

/* The one error table: XX(NAME, KIND, MESSAGE). MESSAGE is CPython's exact
 * text. The generic ones (integer conversion, slice step) are CPython-wide
 * messages that a Python binding would get from argument parsing. */
#define MML_ERROR_MAP(XX)                                                      \
  XX(CLOSED, VALUE, "mmap closed or invalid")                                  \
  XX(READ_BYTE_RANGE, VALUE, "read byte out of range")                         \
  XX(WRITE_BYTE_RANGE, VALUE, "write byte out of range")                       \
  XX(DATA_RANGE, VALUE, "data out of range")                                   \
  XX(SEEK_RANGE, VALUE, "seek out of range")                                   \
  XX(SEEK_TYPE, VALUE, "unknown seek type")                                    \
  XX(MOVE_RANGE, VALUE, "source, destination, or count out of range")          \
  XX(FLUSH_RANGE, VALUE, "flush values out of range")                          \
  XX(MADV_START, VALUE, "madvise start out of bounds")                         \
  XX(MADV_LENGTH, VALUE, "madvise length invalid")                             \
  XX(MADV_TOO_LARGE, OVERFLOW, "madvise length too large")                     \
  XX(RESIZE_RANGE, VALUE, "new size out of range")                             \
  XX(RESIZE_TRACKFD, VALUE, "mmap can't resize with trackfd=False.")           \
  XX(RESIZE_SHARED_ANON, VALUE,                                                \
     "mmap: can't expand a shared anonymous mapping on Linux")                 \
  XX(SIZE_TRACKFD, VALUE, "can't get size with trackfd=False")                 \
  XX(ACCESS_AND_FLAGS, VALUE,                                                  \
     "mmap can't specify both access and flags, prot.")                        \
  XX(ACCESS_INVALID, VALUE, "mmap invalid access parameter.")                  \
  XX(EMPTY_FILE, VALUE, "cannot mmap an empty file")                           \
  XX(OFFSET_BEYOND_FILE, VALUE, "mmap offset is greater than file size")       \
  XX(LENGTH_BEYOND_FILE, VALUE, "mmap length is greater than file size")       \
  XX(LENGTH_TOO_LARGE, VALUE, "mmap length is too large")                      \
  XX(ITEM_VALUE_RANGE, VALUE, "mmap item value must be in range(0, 256)")      \
  XX(SLICE_STEP_ZERO, VALUE, "slice step cannot be zero")                      \
  XX(LENGTH_NEGATIVE, OVERFLOW, "memory mapped length must be positive")       \
  XX(OFFSET_NEGATIVE, OVERFLOW, "memory mapped offset must be positive")       \
  XX(INT_TOO_BIG, OVERFLOW, "signed integer is greater than maximum")          \
  XX(INT_TOO_SMALL, OVERFLOW, "signed integer is less than minimum")           \
  XX(BYTE_TOO_BIG, OVERFLOW, "unsigned byte integer is greater than maximum")  \
  XX(BYTE_TOO_SMALL, OVERFLOW, "unsigned byte integer is less than minimum")   \
  XX(READONLY, TYPE, "mmap can't modify a readonly memory map.")               \
  XX(RESIZE_READONLY, TYPE,                                                    \
     "mmap can't resize a readonly or copy-on-write memory map.")              \
  XX(ITEM_DELETE, TYPE, "mmap doesn't support item deletion")                  \
  XX(SLICE_DELETE, TYPE, "mmap object doesn't support slice deletion")         \
  XX(INDEX_RANGE, INDEX, "mmap index out of range")                            \
  XX(SLICE_SIZE, INDEX, "mmap slice assignment is wrong size")                 \
  XX(CLOSE_EXPORTED, BUFFER, "cannot close exported pointers exist")           \
  XX(RESIZE_EXPORTED, BUFFER,                                                  \
     "mmap can't resize with extant buffers exported.")                        \
  XX(NOMEM, MEMORY, "")                                                        \
  XX(MISUSE, SYSTEM, "bad argument to mmaplab function")                       \
  XX(NO_MADVISE, ATTRIBUTE, "'mmap.mmap' object has no attribute 'madvise'")   \
  XX(KWARG_TAGNAME, TYPE,                                                      \
     "'tagname' is an invalid keyword argument for this function")             \
  XX(KWARG_TAGNAME_313, TYPE,                                                  \
     "this function got an unexpected keyword argument 'tagname'")             \
  XX(KWARG_FLAGS, TYPE,                                                        \
     "'flags' is an invalid keyword argument for this function")               \
  XX(KWARG_FLAGS_313, TYPE,                                                    \
     "this function got an unexpected keyword argument 'flags'")               \
  XX(KWARG_PROT, TYPE,                                                         \
     "'prot' is an invalid keyword argument for this function")                \
  XX(KWARG_PROT_313, TYPE,                                                     \
     "this function got an unexpected keyword argument 'prot'")                \
  XX(INT_OVERFLOW_314, OVERFLOW, "Python int too large to convert to C int")

/* Error codes: MML_ECLOSED = -5000, MML_EREAD_BYTE_RANGE = -5001, ... in
 * table order, all below the errno range. Use the names, not the numbers. */
#define MML_ERR_BASE 5000
typedef enum mml_err_index_ {
#define MML_XX_INDEX_(name, kind, msg) MML_ERR_INDEX_##name,
  MML_ERROR_MAP(MML_XX_INDEX_)
#undef MML_XX_INDEX_
      MML_ERR_COUNT
} mml_err_index_;
typedef enum mml_errcode {
#define MML_XX_ENUM_(name, kind, msg)                                          \
  MML_E##name = -(MML_ERR_BASE + MML_ERR_INDEX_##name),
  MML_ERROR_MAP(MML_XX_ENUM_)
#undef MML_XX_ENUM_
} mml_errcode;

/* Windows OS errors: -(MML_WINERR_BASE + winerror), for winerror 0..65535
 * (below every MML_E* code). */
#define MML_WINERR_BASE 100000

/* The CPython exception kind of CODE; MML_EXC_NONE for CODE >= 0. */
MML_EXTERN mml_exc_kind mml_err_kind(int code);

/* The Python name of that kind ("ValueError", ..., "OSError"), or "" for
 * MML_EXC_NONE. For OSError the subclass is the caller's to derive from the
 * errno, as CPython does. Static storage. */
MML_EXTERN const char *mml_exc_name(mml_exc_kind kind);

/* CPython's message for CODE: the table text, or strerror(errno) for an OS
 * error (the "[Errno N]" prefix is the exception's formatting, not part of
 * the message). For a Windows error it is CPython's text, FormatMessage's
 * with trailing whitespace and dots stripped (on Windows; other systems
 * cannot look it up and give a generic text): a host prints it as
 * "[WinError N] text", as CPython's str(OSError) does. Static or
 * thread-local storage; never NULL. */
MML_EXTERN const char *mml_strerror(int code);

/* The symbolic name of CODE ("MML_ECLOSED", "EINVAL", ...). Static storage;
 * "UNKNOWN" for codes that are neither table codes nor known errnos. */
MML_EXTERN const char *mml_err_name(int code);

/* The errno of an OS error code (-code), 0 for any other code. For a
 * Windows error code it is the errno CPython derives from the winerror
 * (its winerror_to_errno: EINVAL where Windows has no better one), in the
 * Windows C runtime's numbering. */
MML_EXTERN int mml_err_errno(int code);

/* The Windows error code of CODE (a -(MML_WINERR_BASE + winerror) code),
 * 0 for any other code. */
MML_EXTERN int mml_err_winerror(int code);

/* ---- Constants ---------------------------------------------------------- */

/* ACCESS_* values, the same on every platform. */
enum {
  MML_ACCESS_DEFAULT = 0,
  MML_ACCESS_READ = 1,
  MML_ACCESS_WRITE = 2,
  MML_ACCESS_COPY = 3
};

/* mmap.PAGESIZE: the OS page size in bytes. */
MML_EXTERN int64_t mml_pagesize(void);

/* mmap.ALLOCATIONGRANULARITY: the alignment a file offset needs (the page
 * size on POSIX systems, 65536 on Windows). */
MML_EXTERN int64_t mml_allocation_granularity(void);

/* One module constant as CPython exposes it on this platform. */
typedef struct mml_constant {
  const char *name; /* "MAP_SHARED", "PROT_READ", "MADV_DONTNEED", ... */
  int64_t value;    /* the OS value */
} mml_constant;

/* The module's integer constants present on this platform (ACCESS_*,
 * PAGESIZE, ALLOCATIONGRANULARITY, MAP_*, PROT_*, MADV_*), exactly those
 * CPython 3.13 defines here. Sets *count; the array is static storage. */
MML_EXTERN const mml_constant *mml_constants(size_t *count);

/* Looks up one constant by NAME; returns 1 and sets *value if present on
 * this platform, 0 if not. */
MML_EXTERN int mml_constant_value(const char *name, int64_t *value);

/* ---- Construction ------------------------------------------------------- */

/* Python versions, encoded like PY_VERSION_HEX without the release level. */
#define MML_PY(major, minor, micro)                                            \
  ((uint32_t)(((major) << 24) | ((minor) << 16) | ((micro) << 8)))
/* The default behaviour profile: the 3.13 line as fixed in 3.13.8, which
 * refuses to grow a shared anonymous map (3.13.0-3.13.7 let it grow, and
 * touching the new pages raised SIGBUS). */
#define MML_PY_DEFAULT MML_PY(3, 13, 8)

/* The constructor's parameters; initialise with mml_open_args_init, which
 * gives CPython's defaults, then set what the call passes. */
typedef struct mml_open_args {
  int64_t fileno; /* -1: anonymous map; otherwise a descriptor (C int).
                   * Windows: a C runtime descriptor (_open), and 0 is
                   * anonymous too, as in CPython */
  int64_t length; /* bytes; 0 means "to the end of the file" (Windows: a
                   * length beyond the file extends the file) */
  int64_t flags;  /* MAP_* (C int); default MAP_SHARED. Windows has no
                   * flags parameter: leave MML_ARG_ABSENT */
  int64_t prot;   /* PROT_* (C int); default PROT_READ | PROT_WRITE.
                   * Windows: leave MML_ARG_ABSENT */
  int64_t access; /* MML_ACCESS_* (C int); default MML_ACCESS_DEFAULT */
  int64_t offset; /* file offset, a multiple of the granularity */
  int trackfd;    /* nonzero (default): keep a dup of fileno (Windows:
                   * of its handle; CPython has trackfd there from 3.15) */
  /* Windows only: the name of a shared mapping (UTF-8; NULL, the default,
   * is None). Every object and process that maps the same name shares
   * the same memory. On other systems a non-NULL tagname is refused with
   * the TypeError CPython gives an unknown keyword there
   * (MML_EKWARG_TAGNAME, from 3.13 MML_EKWARG_TAGNAME_313). */
  const char *tagname;
  /* Which CPython's behaviour to follow where versions differ (defaults to
   * MML_PY_DEFAULT; 0 also means the default). Affected: find/rfind of an empty
   * needle past the end (3.15: -1) or with end < start (3.11.0-3.11.4:
   * start/end), resize growing a shared anonymous map (refused from 3.13.8
   * on), size() of anonymous and trackfd=False maps (3.15), flush's default
   * size (3.15). Everything else is the same in 3.8-3.15 at this C level. */
  uint32_t python_version;
} mml_open_args;

/* The value of a parameter this platform's constructor does not have
 * (flags and prot on Windows). Setting such a parameter to anything else
 * gives CPython's unknown-keyword TypeError (MML_EKWARG_FLAGS / _PROT, from
 * 3.13 their _313 forms). */
#define MML_ARG_ABSENT INT64_MIN

/* Fills *args with CPython's defaults: fileno -1, length 0, flags
 * MAP_SHARED, prot PROT_READ|PROT_WRITE (both MML_ARG_ABSENT on Windows),
 * access ACCESS_DEFAULT, offset 0, trackfd 1, tagname NULL,
 * python_version MML_PY_DEFAULT. */
MML_EXTERN void mml_open_args_init(mml_open_args *args);

/* The opaque map object. */
typedef struct mml_map mml_map;

/* mmap.mmap(fileno, length, flags, prot, access, offset, trackfd=...).
 * Validates in CPython's order, duplicates the descriptor (close-on-exec)
 * unless trackfd is 0, and maps it. On success sets *out to a new map and
 * returns 0; on failure *out is NULL and nothing is leaked. Destroy the map
 * with mml_destroy.
 * Windows: mmap.mmap(fileno, length, tagname, access, offset) as CPython's
 * MS_WINDOWS branch: access is checked first, the caller's descriptor is
 * seeked to 0, its handle duplicated, a file-mapping object created
 * (CreateFileMapping, of maximum size offset + length: a longer length
 * extends the file; named by tagname) and viewed (MapViewOfFile: the
 * offset must be a multiple of ALLOCATIONGRANULARITY, 65536, else
 * WinError 1132). From the 3.13 profile on, faults inside the view are
 * OSError (see the fault-safe mode). */
MML_EXTERN int mml_open(mml_map **out, const mml_open_args *args);

/* The checks mmap.mmap() makes before CPython raises its "mmap.__new__"
 * audit event, for a binding that raises the event in the same place: on
 * Unix the conversions, a negative length or offset, an invalid access and
 * access given with flags or prot; on Windows only the argument parser's
 * (the event follows it). Returns 0 and sets *access to the access the
 * event reports (Unix: derived from prot when access is ACCESS_DEFAULT;
 * Windows: as given), or the error mml_open would return for those checks.
 * mml_open makes them again. */
MML_EXTERN int mml_open_precheck(const mml_open_args *args, int *access);

/* Releases the map: unmaps it (without msync, like CPython's deallocation)
 * and closes its descriptor. Buffers still exported become invalid. A NULL
 * map is ignored. */
MML_EXTERN void mml_destroy(mml_map *m);

/* ---- Lifecycle ---------------------------------------------------------- */

/* close(): unmaps and closes the duplicated descriptor. Idempotent.
 * MML_ECLOSE_EXPORTED while a buffer is exported (the map stays open). */
MML_EXTERN int mml_close(mml_map *m);

/* The `closed` attribute: 1 if closed, 0 if open. */
MML_EXTERN int mml_closed(const mml_map *m);

/* seekable(): always 1 (also when closed), as in 3.13. */
MML_EXTERN int mml_seekable(const mml_map *m);

/* The derived access (ACCESS_* after CPython's derivation from prot), the
 * mapping's file offset and the python_version it follows. Valid on closed
 * maps too (they report what the map had). */
MML_EXTERN int mml_access(const mml_map *m);
MML_EXTERN int64_t mml_offset(const mml_map *m);
MML_EXTERN uint32_t mml_python_version(const mml_map *m);

/* repr(m): writes CPython 3.9+'s repr with TYPE_NAME as the prefix (NULL
 * means "mmap.mmap"), e.g. "<mmap.mmap closed=False, access=ACCESS_DEFAULT,
 * length=5, pos=2, offset=0>", NUL-terminated and truncated to CAP bytes.
 * Returns the length the full text needs (excluding the NUL), as snprintf. */
MML_EXTERN int mml_repr(const mml_map *m, const char *type_name, char *buf,
                        size_t cap);

/* ---- File-position API -------------------------------------------------- */

/* len(m): the mapping's length in *len. */
MML_EXTERN int mml_len(const mml_map *m, int64_t *len);

/* tell(): the position in *pos (it may exceed len after a shrinking
 * resize). */
MML_EXTERN int mml_tell(const mml_map *m, int64_t *pos);

/* seek(dist, whence): whence 0 absolute, 1 relative, 2 from the end
 * (whence is a C int in CPython). Sets *newpos (may be NULL) to the new
 * position, which is 3.13's return value (3.8-3.12 return None). */
MML_EXTERN int mml_seek(mml_map *m, int64_t dist, int64_t whence,
                        int64_t *newpos);

/* size(): the size of the underlying file (fstat), not of the mapping.
 * Anonymous and trackfd=0 maps give -EBADF before 3.15 (3.15: the length for
 * anonymous maps, MML_ESIZE_TRACKFD for trackfd=0). Windows: the file's
 * size (GetFileSize), and an anonymous map's length in every version. */
MML_EXTERN int mml_size(const mml_map *m, int64_t *size);

/* read(n): copies up to N bytes from the position (N < 0: all that
 * remains) and advances. On success *out is a malloc'd buffer of *outlen
 * bytes (never NULL, even for 0 bytes) that the caller frees with
 * mml_free. */
MML_EXTERN int mml_read(mml_map *m, int64_t n, uint8_t **out, int64_t *outlen);

/* read_byte(): the byte at the position, advancing by one. */
MML_EXTERN int mml_read_byte(mml_map *m, uint8_t *byte);

/* readline(): the bytes from the position through the next '\n' (or to the
 * end), advancing. Output as mml_read. */
MML_EXTERN int mml_readline(mml_map *m, uint8_t **out, int64_t *outlen);

/* write(data): writes LEN bytes at the position, all or nothing, advancing.
 * DATA may point into the map itself. *written (may be NULL) gets LEN. */
MML_EXTERN int mml_write(mml_map *m, const void *data, int64_t len,
                         int64_t *written);

/* write_byte(value): VALUE must be 0..255 (C unsigned char). */
MML_EXTERN int mml_write_byte(mml_map *m, int64_t value);

/* Frees a buffer returned by mml_read, mml_readline or mml_getslice. */
MML_EXTERN void mml_free(void *p);

/* ---- Search ------------------------------------------------------------- */

/* find(sub[, start[, end]]): lowest index of NEEDLE (NLEN bytes) wholly
 * inside [start, end), or -1, in *index. START defaults (NULL) to the
 * current position and END (NULL) to len; negative values count from the
 * end, then both are clamped to [0, len], like slice indices. */
MML_EXTERN int mml_find(const mml_map *m, const void *needle, int64_t nlen,
                        const int64_t *start, const int64_t *end,
                        int64_t *index);

/* rfind(sub[, start[, end]]): as mml_find, the highest such index. */
MML_EXTERN int mml_rfind(const mml_map *m, const void *needle, int64_t nlen,
                         const int64_t *start, const int64_t *end,
                         int64_t *index);

/* How find and rfind search. Every path gives the same results and is
 * linear in the worst case; they differ in speed only. Needles of one byte
 * use libc's memchr/memrchr. Longer ones scan for candidate positions that
 * hold two well-chosen needle bytes, with vector instructions where the CPU
 * has them, verify each, re-choose the two bytes when candidates come too
 * often, and finish with the Two-Way algorithm when verifying stops paying.
 * Instruction sets, best first: "avx512" (AVX-512BW), "avx2", "sse2"
 * (x86-64 only) and "portable" (memchr-based, every machine). The best one
 * the CPU and OS support is chosen on the first search, unless the
 * environment variable MMAPLAB_SEARCH_ISA names another one this machine
 * can run (an unknown or unavailable name is ignored). */

/* The instruction set in use. Static storage. */
MML_EXTERN const char *mml_search_isa(void);

/* Makes find and rfind use instruction set NAME ("auto": the best there
 * is) in the whole process. Returns 0, or MML_EMISUSE if NAME is unknown or
 * this machine cannot run it (the choice is unchanged). Call it while no
 * other thread is searching. */
MML_EXTERN int mml_search_set_isa(const char *name);

/* 1 if this build and machine can run instruction set NAME, else 0. */
MML_EXTERN int mml_search_isa_available(const char *name);

/* The name of this build's instruction set I (0 = the best), whether or not
 * the machine can run it; NULL past the last one ("portable"). */
MML_EXTERN const char *mml_search_isa_name(size_t i);

/* ---- Whole-map operations ----------------------------------------------- */

/* flush([offset[, size]]): msync(MS_SYNC) of [offset, offset + size).
 * NULL arguments take CPython's defaults (offset 0, size len; 3.15: size to
 * the end). READ and COPY maps only range-check. The kernel wants OFFSET
 * page-aligned (-EINVAL otherwise). Windows: FlushViewOfFile, which has no
 * alignment rule (and flushes to the end of the view for size 0). */
MML_EXTERN int mml_flush(mml_map *m, const int64_t *offset,
                         const int64_t *size);

/* madvise(option[, start[, length]]): START defaults to 0, LENGTH (NULL) to
 * len; a length past the end is clipped. OPTION is a C int. Windows has no
 * madvise method: MML_ENO_MADVISE (CPython's AttributeError) for any
 * non-NULL map, open or closed. */
MML_EXTERN int mml_madvise(mml_map *m, int64_t option, int64_t start,
                           const int64_t *length);

/* move(dest, src, count): memmove within the map; the position is kept. */
MML_EXTERN int mml_move(mml_map *m, int64_t dest, int64_t src, int64_t count);

/* resize(newsize): resizes the mapping and, for a file map, the file to
 * offset + newsize. The map's data may move: pointers from an earlier
 * export are invalid afterwards (resize refuses while one is live). The
 * position is kept, even past the new end. The file keeps every byte that
 * the new size keeps, also when the call fails.
 * Windows follows CPython's code, data loss included: the view and the
 * mapping object are dropped, the file resized (SetEndOfFile), and a new
 * mapping and view made. 3.11+ (gh-85092): a tag still open elsewhere is
 * WinError 1224 with the map unchanged; a file that cannot be resized
 * (another view of it) is mapped again at the old size, then the error;
 * an anonymous map is copied into a new paging-file mapping. Before 3.11
 * an anonymous map cannot be resized (WinError 87). A failure after the
 * view was dropped leaves the map closed, as CPython's. */
MML_EXTERN int mml_resize(mml_map *m, int64_t newsize);

/* ---- Items and slices --------------------------------------------------- */

/* m[index] (an int): negative indices count from the end. */
MML_EXTERN int mml_getitem(const mml_map *m, int64_t index, uint8_t *value);

/* m[index] = value: VALUE must be 0..255. */
MML_EXTERN int mml_setitem(mml_map *m, int64_t index, int64_t value);

/* del m[index]: always refused (after CPython's earlier checks). */
MML_EXTERN int mml_delitem(mml_map *m, int64_t index);

/* A slice start:stop:step. A has_* flag of 0 stands for a missing (None)
 * member; a Python int beyond int64_t is passed clamped to INT64_MIN or
 * INT64_MAX, which is what CPython itself does with it. */
typedef struct mml_slice {
  int64_t start, stop, step;
  int has_start, has_stop, has_step;
} mml_slice;

/* Resolves SL against the map's length as CPython's slice.indices() does:
 * *start, *step and the element count *count. */
MML_EXTERN int mml_slice_indices(const mml_map *m, const mml_slice *sl,
                                 int64_t *start, int64_t *step, int64_t *count);

/* m[start:stop:step] (bytes). Output as mml_read. */
MML_EXTERN int mml_getslice(const mml_map *m, const mml_slice *sl,
                            uint8_t **out, int64_t *outlen);

/* m[start:stop:step] = data: LEN must equal the slice's length. DATA may
 * point into the map itself. */
MML_EXTERN int mml_setslice(mml_map *m, const mml_slice *sl, const void *data,
                            int64_t len);

/* del m[start:stop:step]: always refused (after CPython's earlier checks). */
MML_EXTERN int mml_delslice(mml_map *m, const mml_slice *sl);

/* ---- Buffer export ------------------------------------------------------ */

/* Exports the whole mapping as a buffer (memoryview(m)): *data and *len
 * describe it, *readonly is 1 only for ACCESS_READ maps. Each successful
 * export must be matched by one mml_buffer_release; until then close and
 * resize refuse, so *data stays valid. */
MML_EXTERN int mml_buffer_export(mml_map *m, uint8_t **data, int64_t *len,
                                 int *readonly);

/* Releases one export. MML_EMISUSE if none is outstanding. */
MML_EXTERN int mml_buffer_release(mml_map *m);

/* The number of live exports. */
MML_EXTERN int64_t mml_exports(const mml_map *m);

/* ---- Fault-safe mode ---------------------------------------------------- */

/* Touching a page of a file map that lies wholly beyond the file's current
 * end (another process truncated the file) raises SIGBUS, and a PROT_NONE
 * map raises SIGSEGV: both kill CPython on every Unix (gh-84897). With the
 * fault-safe mode on, every function above that reads or writes the mapped
 * bytes (read, read_byte, readline, write, write_byte, find, rfind, move,
 * getitem, setitem, getslice, setslice, flush) returns an OS error instead
 * when such a fault hits the map it was given:
 *   -EFAULT  the page is not accessible: beyond the end of the file
 *            (BUS_ADRERR), or protection (SIGSEGV). It is what the kernel's
 *            own read(2)/write(2) return for a buffer on the same pages.
 *   -EIO     a hardware memory error on the page (BUS_MCEERR_AR).
 * State after such an error: nothing is returned or allocated and the
 * position does not move; write, setslice and move may have stored the
 * bytes that lie on still-backed pages before the fault, the others not;
 * flush writes back what the file still holds, then reports the range's
 * missing tail. Buffers from mml_buffer_export are raw memory: accesses
 * through them, and faults at addresses outside the map passed to the call
 * (say write's data lying in another map), are not caught.
 *
 * The mode is off by default, which keeps CPython's behaviour exactly. It
 * is process-wide rather than per map: the signal handlers it needs are
 * process-wide anyway, and a Python module exposes it as one switch. It
 * works on every thread; each thread's guarded access sees only its own
 * faults. Turning it on the first time installs SIGBUS and SIGSEGV
 * handlers (with SA_ONSTACK) that stay for the life of the process: a
 * fault that is not a guarded access's own goes to the handler that was
 * installed before (called with its own flags and mask), or to SIG_DFL /
 * SIG_IGN as if ours had never been there. A handler installed after the
 * first call runs first: for the mode to keep working it must hand the
 * fault itself back (call ours with the same siginfo, or reinstate ours and
 * return so that the access faults again). Python's faulthandler re-raises
 * the signal instead, which loses the fault: enable it before the mode.
 * Cost: one load and branch per call while off; while on, a sigsetjmp that
 * saves no signal mask (no system call) per call, a few nanoseconds (the
 * docs/library.md has figures).
 * Windows: a vectored exception handler (installed on first use) catches
 * an access violation inside the map as WinError 998 (ERROR_NOACCESS) and
 * an in-page error (an I/O error behind the view) as its NTSTATUS
 * translated to a Windows error, as CPython 3.13 does with SEH
 * (gh-118209). Maps of the 3.13+ profiles are guarded so whatever the
 * mode; the mode guards the older profiles' maps too. */

/* Turns the mode on (ON nonzero) or off for the whole process. Returns the
 * previous setting (0 or 1), or -errno if the handlers could not be
 * installed (the mode then stays as it was). Safe to call from any thread,
 * also while others access maps: an access already under way keeps the
 * setting it started with. */
MML_EXTERN int mml_set_fault_safe(int on);

/* 1 while the fault-safe mode is on, 0 while off. */
MML_EXTERN int mml_fault_safe(void);

#ifdef __cplusplus
}
#endif

#endif /* MMAPLAB_H */

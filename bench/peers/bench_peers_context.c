/* bench_peers_context.c - the run's context text about the comparator
 * engines (see peers.h), and the needle hook. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "peers.h"

#if MMAPLAB_HAVE_STRINGZILLA
#include <stringzilla/stringzilla.h>
#endif

#if MMAPLAB_HAVE_RUST_MEMCHR
const char *mmaplab_rmemchr_vector_set(void); /* rust_memchr/src/lib.rs */
#endif

static unsigned long forget_count;

void bench_peer_forget_needle(void) {
  forget_count++;
#if MMAPLAB_HAVE_RUST_MEMCHR
  bench_peer_rmemchr_drop();
#endif
}

unsigned long bench_peer_forget_count(void) { return forget_count; }

/* A growing text. */
typedef struct text {
  char *s;
  size_t len, cap;
  int oom;
} text;

static void put(text *t, const char *s, size_t n) {
  if (t->oom)
    return;
  if (t->len + n + 1 > t->cap) {
    size_t cap = (t->len + n + 1) * 2;
    char *s2 = realloc(t->s, cap);
    if (s2 == NULL) {
      t->oom = 1;
      return;
    }
    t->s = s2, t->cap = cap;
  }
  memcpy(t->s + t->len, s, n);
  t->len += n;
  t->s[t->len] = '\0';
}

/* The NUL-terminated S. */
static void put_s(text *t, const char *s) { put(t, s, strlen(s)); }

/* S as a JSON string, quotes included. */
static void put_str(text *t, const char *s) {
  put_s(t, "\"");
  for (; *s; s++) {
    char esc[8];
    const unsigned char c = (unsigned char)*s;
    if (c == '"' || c == '\\') {
      esc[0] = '\\', esc[1] = (char)c;
      put(t, esc, 2);
    } else if (c < 0x20) {
      snprintf(esc, sizeof esc, "\\u%04x", c);
      put(t, esc, 6);
    } else {
      put(t, s, 1);
    }
  }
  put_s(t, "\"");
}

/* ,"KEY":"VALUE" (the comma unless FIRST). */
static void put_field(text *t, int first, const char *key, const char *value) {
  if (!first)
    put_s(t, ",");
  put_str(t, key);
  put_s(t, ":");
  put_str(t, value);
}

#if !MMAPLAB_HAVE_STRINGZILLA || !MMAPLAB_HAVE_RUST_MEMCHR
/* The members of a peer that is not built: "built":false,"reason":WHY. */
static void put_not_built(text *t, const char *why) {
  put_s(t, "\"built\":false,");
  put_field(t, 1, "reason", why);
}
#endif

char *bench_peers_context(void) {
  text t = {NULL, 0, 0, 0};
  put_s(&t, "{\"stringzilla\":{");
#if MMAPLAB_HAVE_STRINGZILLA
  {
    char version[64];
    snprintf(version, sizeof version, "%d.%d.%d", sz_version_major(),
             sz_version_minor(), sz_version_patch());
    put_s(&t, "\"built\":true,");
    put_field(&t, 1, "version", version);
    put_field(&t, 0, "package_version", MMAPLAB_STRINGZILLA_PACKAGE_VERSION);
    put_field(&t, 0, "dispatch",
              sz_dynamic_dispatch() ? "dynamic (chosen at run time)"
                                    : "static");
    put_field(&t, 0, "capabilities",
              sz_capabilities_to_string(sz_capabilities()));
    put_field(&t, 0, "backend", bench_peer_sz_backend());
    put_field(&t, 0, "functions", "sz_find, sz_rfind");
    put_field(&t, 0, "source", MMAPLAB_STRINGZILLA_DIR);
    put_field(&t, 0, "cflags", MMAPLAB_PEERS_CFLAGS);
  }
#else
  put_not_built(&t, MMAPLAB_STRINGZILLA_SKIP);
#endif
  put_s(&t, "},\"rust-memchr\":{");
#if MMAPLAB_HAVE_RUST_MEMCHR
  put_s(&t, "\"built\":true,");
  put_field(&t, 1, "version", MMAPLAB_RUST_MEMCHR_VERSION);
  put_field(&t, 0, "rustc", MMAPLAB_RUST_MEMCHR_RUSTC);
  put_field(&t, 0, "vector_set", mmaplab_rmemchr_vector_set());
  put_field(&t, 0, "functions",
            "memmem::Finder::find, memmem::FinderRev::rfind; one finder "
            "per needle, built at its first call and reused by every "
            "later iteration");
#else
  put_not_built(&t, MMAPLAB_RUST_MEMCHR_SKIP);
#endif
  put_s(&t, "},\"ceiling\":{\"built\":true,");
  put_field(&t, 1, "functions",
            "glibc memchr (find), memrchr (rfind) of byte 0x00, which no "
            "body of bench/python/DATA.md holds; needle-absent rows only");
  put_s(&t, "}}");
  if (t.oom) {
    free(t.s);
    return NULL;
  }
  return t.s;
}

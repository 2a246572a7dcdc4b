/* bench_data.c - the deterministic benchmark data and needles (the
 * definitions are in bench_data.h). */
#include "bench_data.h"

#include <string.h>

static const char *const data_names[] = {"random", "text", "periodic",
                                         "pattern"};

const char *bd_data_name(bd_data kind) { return data_names[kind]; }

/* SplitMix64 (Steele, Lea, Flood 2014): one 64-bit output per step. */
static uint64_t splitmix64(uint64_t *x) {
  uint64_t z = (*x += 0x9E3779B97F4A7C15u);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9u;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBu;
  return z ^ (z >> 31);
}

static void fill_random(uint8_t *p, int64_t len, uint64_t seed) {
  for (int64_t i = 0; i < len;) {
    uint64_t r = splitmix64(&seed);
    for (int b = 0; b < 8 && i < len; b++, i++, r >>= 8)
      p[i] = (uint8_t)(((r & 0xFF) * 255) >> 8);
  }
}

static const char *const words[64] = {
    "the",    "of",     "and",    "to",     "in",     "is",     "that",
    "for",    "it",     "as",     "was",    "with",   "be",     "by",
    "on",     "not",    "he",     "this",   "are",    "or",     "his",
    "from",   "at",     "which",  "but",    "have",   "an",     "they",
    "you",    "were",   "her",    "she",    "there",  "been",   "one",
    "all",    "we",     "their",  "has",    "would",  "when",   "if",
    "so",     "no",     "will",   "more",   "memory", "map",    "page",
    "file",   "kernel", "search", "buffer", "byte",   "offset", "length",
    "python", "system", "data",   "find",   "move",   "read",   "write",
    "range"};

/* Appends S to P[*i, len), cut at LEN. */
static void put(uint8_t *p, int64_t len, int64_t *i, const char *s) {
  size_t n = strlen(s);
  if ((int64_t)n > len - *i)
    n = (size_t)(len - *i);
  memcpy(p + *i, s, n);
  *i += (int64_t)n;
}

static void fill_text(uint8_t *p, int64_t len, uint64_t seed) {
  for (int64_t i = 0; i < len;) {
    uint64_t r = splitmix64(&seed);
    uint64_t sep = (r >> 8) % 16;
    put(p, len, &i, words[r & 63]);
    put(p, len, &i, sep == 0 ? ".\n" : sep == 1 ? ", " : " ");
  }
}

static void fill_kind(uint8_t *p, int64_t len, bd_data kind, uint64_t seed) {
  switch (kind) {
  case BD_DATA_RANDOM:
    fill_random(p, len, seed);
    break;
  case BD_DATA_TEXT:
    fill_text(p, len, seed);
    break;
  case BD_DATA_PERIODIC:
    memset(p, 'a', (size_t)len);
    break;
  case BD_DATA_PATTERN:
    for (int64_t i = 0; i < len; i++)
      p[i] = bd_pattern_byte(i);
    break;
  }
}

void bd_fill(uint8_t *p, int64_t len, bd_data kind) {
  fill_kind(p, len, kind, 1);
}

uint8_t bd_marker(bd_data kind) {
  switch (kind) {
  case BD_DATA_TEXT:
    return 'Q';
  case BD_DATA_PERIODIC:
    return 'b';
  default:
    return 0xFF;
  }
}

void bd_needle(uint8_t *out, int64_t nlen, bd_data kind) {
  fill_kind(out, nlen - 1, kind, 2);
  out[nlen - 1] = bd_marker(kind);
}

/* bench_data.c - the benchmark data of bench/python/DATA.md: bodies,
 * sentinels, needles and expected results (declared in bench_data.h). */
#include "bench_data.h"

#include <stdlib.h>
#include <string.h>

static const char *const data_names[] = {"random",      "text", "periodic",
                                         "periodic-ab", "dna",  "binary"};

const char *bd_data_name(bd_data kind) { return data_names[kind]; }

/* ---- random, dna, binary: xorshift64* (DATA.md) ------------------------ */

#define XS_SEED 0x9E3779B97F4A7C15u
#define XS_MULT 0x2545F4914F6CDD1Du

static uint64_t xs_next(uint64_t *x) {
  *x ^= *x >> 12;
  *x ^= *x << 25;
  *x ^= *x >> 27;
  return *x * XS_MULT;
}

/* How a body is cut from the stream's words: BITS bits per byte, low bits
 * first, each BITS-bit value V written as SYMBOL[V]; without SYMBOL (8
 * bits) V itself, 0x00 as 0x01. */
typedef struct xs_alphabet {
  int bits;
  const char *symbol;
} xs_alphabet;

/* random: a byte per 8 bits; dna: "ACGT" per 2 bits; binary: "ab" per bit. */
static const xs_alphabet *xs_alphabet_of(bd_data kind) {
  static const xs_alphabet bytes = {8, NULL}, dna = {2, "ACGT"},
                           binary = {1, "ab"};
  return kind == BD_DATA_DNA ? &dna : kind == BD_DATA_BINARY ? &binary : &bytes;
}

static uint8_t xs_symbol(const xs_alphabet *a, uint64_t v) {
  if (a->symbol == NULL)
    return (uint8_t)v != 0 ? (uint8_t)v : 1;
  return (uint8_t)a->symbol[v];
}

/* A position in a stream body: the generator, the alphabet and the values
 * of the current word not yet used (LEFT of them, lowest first in WORD). */
typedef struct xs_stream {
  uint64_t x, word;
  int left;
  const xs_alphabet *a;
} xs_stream;

/* Positions S at byte OFF of KIND's body: O(OFF / bytes per word) steps. */
static void xs_seek(xs_stream *s, int64_t off, bd_data kind) {
  const int per = 64 / xs_alphabet_of(kind)->bits; /* bytes per word */
  s->a = xs_alphabet_of(kind);
  s->x = XS_SEED;
  for (int64_t w = off / per; w > 0; w--)
    (void)xs_next(&s->x);
  s->left = 0;
  if (off % per != 0) {
    s->word = xs_next(&s->x) >> (s->a->bits * (off % per));
    s->left = per - (int)(off % per);
  }
}

/* The next LEN bytes: each word low bits first, whatever the host's byte
 * order. */
static void xs_read(xs_stream *s, uint8_t *out, int64_t len) {
  const int bits = s->a->bits, per = 64 / bits;
  const uint64_t mask = ((uint64_t)1 << bits) - 1;
  int64_t i = 0;
  while (s->left > 0 && i < len) { /* the rest of the current word */
    out[i++] = xs_symbol(s->a, s->word & mask);
    s->word >>= bits;
    s->left--;
  }
  for (; len - i >= per; i += per) { /* whole words */
    uint64_t w = xs_next(&s->x);
    for (int b = 0; b < per; b++, w >>= bits)
      out[i + b] = xs_symbol(s->a, w & mask);
  }
  if (i < len) {
    s->word = xs_next(&s->x);
    s->left = per;
  }
  for (; i < len; i++) {
    out[i] = xs_symbol(s->a, s->word & mask);
    s->word >>= bits;
    s->left--;
  }
}

static int from_stream(bd_data kind) {
  return kind == BD_DATA_RANDOM || kind == BD_DATA_DNA ||
         kind == BD_DATA_BINARY;
}

/* ---- text: the 173-byte pattern ----------------------------------------- */

static const char text_pattern[] =
    "The quick brown fox jumps over the lazy dog; pack my box with five "
    "dozen liquor jugs. Sphinx of black quartz, judge my vow! How vexingly "
    "quick daft zebras jump, 1234567890.\n";
#define TEXT_LEN ((int64_t)sizeof text_pattern - 1) /* 173, no NUL */

static void text_range(uint8_t *out, int64_t off, int64_t len) {
  int64_t at = off % TEXT_LEN;
  for (int64_t i = 0; i < len;) {
    int64_t n = TEXT_LEN - at < len - i ? TEXT_LEN - at : len - i;
    memcpy(out + i, text_pattern + at, (size_t)n);
    i += n;
    at = 0;
  }
}

/* ---- bodies ------------------------------------------------------------- */

void bd_body_range(uint8_t *out, int64_t off, int64_t len, bd_data kind) {
  switch (kind) {
  case BD_DATA_RANDOM:
  case BD_DATA_DNA:
  case BD_DATA_BINARY: {
    xs_stream s;
    xs_seek(&s, off, kind);
    xs_read(&s, out, len);
    break;
  }
  case BD_DATA_TEXT:
    text_range(out, off, len);
    break;
  case BD_DATA_PERIODIC:
    memset(out, 'a', (size_t)len);
    break;
  case BD_DATA_PERIODIC_AB:
    for (int64_t i = 0; i < len; i++)
      out[i] = (uint8_t)((off + i) % 2 == 0 ? 'a' : 'b');
    break;
  case BD_DATA_COUNT:
    break;
  }
}

void bd_fill(uint8_t *p, int64_t len, bd_data kind) {
  bd_body_range(p, 0, len, kind);
}

static uint8_t *pristine[BD_DATA_COUNT];
static int64_t pristine_len[BD_DATA_COUNT];

const uint8_t *bd_pristine(bd_data kind, int64_t len) {
  if (len > pristine_len[kind]) {
    uint8_t *p = malloc((size_t)len);
    if (p == NULL)
      return NULL;
    bd_body_range(p, 0, len, kind);
    free(pristine[kind]);
    pristine[kind] = p;
    pristine_len[kind] = len;
  }
  return pristine[kind];
}

void bd_pristine_free(void) {
  for (int k = 0; k < BD_DATA_COUNT; k++) {
    free(pristine[k]);
    pristine[k] = NULL;
    pristine_len[k] = 0;
  }
}

/* Bytes compared per step, generated into a stack buffer. */
#define CHUNK ((int64_t)1 << 16)

int64_t bd_body_mismatch(const uint8_t *p, int64_t off, int64_t len,
                         bd_data kind) {
  uint8_t want[CHUNK];
  xs_stream s;
  if (from_stream(kind))
    xs_seek(&s, off, kind); /* one stream for all chunks, not a seek each */
  for (int64_t i = 0; i < len; i += CHUNK) {
    int64_t n = len - i < CHUNK ? len - i : CHUNK;
    if (from_stream(kind))
      xs_read(&s, want, n);
    else
      bd_body_range(want, off + i, n, kind);
    if (memcmp(p + i, want, (size_t)n) != 0)
      for (int64_t k = 0;; k++)
        if (p[i + k] != want[k])
          return i + k;
  }
  return -1;
}

/* ---- needles ------------------------------------------------------------ */

uint8_t bd_marker(bd_data kind) { return kind == BD_DATA_PERIODIC ? 'b' : 0; }

void bd_needle(uint8_t *out, const uint8_t *body, int64_t hay, int64_t nlen,
               int reverse, bd_data kind) {
  if (kind == BD_DATA_PERIODIC_AB) {
    memcpy(out, body + (reverse ? 0 : hay - nlen), (size_t)nlen);
    out[bd_defect_index(nlen, reverse)] ^= 'a' ^ 'b';
    return;
  }
  if (reverse) {
    out[0] = bd_marker(kind);
    memcpy(out + 1, body + 1, (size_t)(nlen - 1));
  } else {
    memcpy(out, body + hay - nlen, (size_t)(nlen - 1));
    out[nlen - 1] = bd_marker(kind);
  }
}

int64_t bd_expected(int64_t hay, int64_t nlen, int reverse, int miss) {
  if (miss)
    return -1;
  return reverse ? 0 : hay - nlen;
}

int64_t bd_far_end(int64_t hay, int reverse) { return reverse ? 0 : hay - 1; }

int64_t bd_defect_index(int64_t nlen, int reverse) {
  return reverse ? nlen - 1 - nlen / 2 : nlen / 2;
}

int64_t bd_end_edit(bd_data kind, int64_t hay, int64_t nlen, int reverse,
                    uint8_t *byte) {
  int64_t at;
  if (kind != BD_DATA_PERIODIC_AB) {
    *byte = bd_marker(kind);
    return bd_far_end(hay, reverse);
  }
  at = bd_defect_index(nlen, reverse) + (reverse ? 0 : hay - nlen);
  *byte = (uint8_t)(at % 2 == 0 ? 'b' : 'a'); /* the body byte, flipped */
  return at;
}

/* ---- move layouts ------------------------------------------------------- */

#define LAYOUT_PAGE 4096 /* DATA.md's unit, whatever the host's page size */

void bd_move_layout(int kind, int64_t size, int64_t *len, int64_t *src,
                    int64_t *dst) {
  const int64_t p = LAYOUT_PAGE, r = (size + p - 1) / p * p;
  *len = 2 * r + 3 * p;
  switch (kind) {
  case 0: /* fwd-overlap */
    *src = 0, *dst = size / 2;
    break;
  case 1: /* bwd-overlap */
    *src = size / 2, *dst = 0;
    break;
  case 2: /* disjoint */
    *src = 0, *dst = r + p;
    break;
  case 3: /* misaligned */
    *src = 1, *dst = r + p + 3;
    break;
  default: /* page-cross */
    *src = p - 32, *dst = r + 2 * p - 32;
    break;
  }
}

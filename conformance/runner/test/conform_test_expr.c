/* conform_test_expr.c - the expression evaluator and SHA-256. */
#include "conform_test.h"

#include "conform_expr.h"
#include "conform_hello.h"
#include "conform_sha256.h"

#include <stdlib.h>

/* Evaluates EXPR with the test hello; returns the code, the value in BUF
 * (decimal) or the message. */
static int eval(const char *expr, char *buf, size_t len) {
  cf_hello h;
  __int128 v;
  int rc;
  cf_test_hello(&h);
  rc = cx_eval(expr, cf_hello_lookup, &h, &v, buf, len);
  if (rc == CX_OK)
    cx_format(v, buf);
  cf_hello_clear(&h);
  return rc;
}

static void value_is(const char *expr, const char *want) {
  char buf[200];
  int rc = eval(expr, buf, sizeof buf);
  if (rc != CX_OK || strcmp(buf, want) != 0)
    fprintf(stderr, "  %s: %s\n", expr, buf);
  ASSERT_EQ(rc, CX_OK);
  ASSERT_STR_EQ(buf, want);
}

static void fails(const char *expr, int want_rc, const char *want_msg) {
  char buf[200];
  int rc = eval(expr, buf, sizeof buf);
  if (rc != want_rc)
    fprintf(stderr, "  \"%s\" gave %d (%s), want %d\n", expr, rc, buf, want_rc);
  ASSERT_EQ(rc, want_rc);
  if (want_msg != NULL)
    ASSERT_STR_EQ(buf, want_msg);
}

static void precedence(void) {
  value_is("1+2*3", "7");
  value_is("2*3**2", "18");
  value_is("-2**2", "-4");
  value_is("(1+2)*3", "9");
  value_is("1|2+4", "7"); /* '|' binds loosest */
  value_is("6-2-1", "3"); /* left to right */
  value_is("-5+3", "-2");
  value_is("-(-5)", "5");
  value_is(" 1 +\t2 ", "3");
  value_is("0|0", "0");
  value_is("-1|2", "-1"); /* two's complement, as Python */
  value_is("007", "7");
}

static void names(void) {
  value_is("PAGESIZE*2+1", "8193");
  value_is("ALLOCATIONGRANULARITY", "4096");
  value_is("PROT_READ|PROT_WRITE", "3");
  value_is("MAXSIZE", "9223372036854775807");
  value_is("-MAXSIZE-1", "-9223372036854775808");
  value_is("MAXSIZE+1", "9223372036854775808");
  value_is("BIG", "18446744073709551616"); /* a typed constant */
  fails("MAP_POPULATE", CX_UNSUPPORTED, "missing constant MAP_POPULATE");
  fails("PAGESIZE+MAP_POPULATE*2", CX_UNSUPPORTED,
        "missing constant MAP_POPULATE");
}

static void limits(void) {
  value_is("2**64", "18446744073709551616");
  value_is("2**126", "85070591730234615865843651857942052864");
  value_is("-(2**126)", "-85070591730234615865843651857942052864");
  value_is("-2**126", "-85070591730234615865843651857942052864");
  value_is("2**0", "1");
  value_is("0**0", "1");
  value_is("(0-1)**3", "-1");
  value_is("1**1000000000000", "1");
  fails("2**127", CX_UNSUPPORTED, NULL);
  fails("2**126+1", CX_UNSUPPORTED, NULL);
  fails("-(2**126)-1", CX_UNSUPPORTED, NULL);
  fails("2**100*2**100", CX_UNSUPPORTED, NULL);
  fails("3**1000", CX_UNSUPPORTED, NULL);
  fails("170141183460469231731687303715884105727", CX_UNSUPPORTED, NULL);
  fails("2**(0-1)", CX_UNSUPPORTED, "negative exponent");
}

static void syntax(void) {
  const char *bad[] = {"",     "1+",      "2*-1", "(1",  "1 2", "--1",
                       "1+*2", "2**3**2", "1)",   "a.b", "1/2", "+1",
                       "1||2", "()",      "*",    "1-",  " "};
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
    fails(bad[i], CX_SYNTAX, NULL);
  fails("(1", CX_SYNTAX, "expected ')' at offset 2");
  /* Syntax-only mode: names are placeholders, ranges are not checked. */
  __int128 v;
  char msg[100];
  ASSERT_EQ(cx_eval("UNKNOWN*2**200+MAXSIZE", NULL, NULL, &v, msg, sizeof msg),
            CX_OK);
  ASSERT_EQ(cx_eval("UNKNOWN*", NULL, NULL, &v, msg, sizeof msg), CX_SYNTAX);
}

static void formatting(void) {
  char buf[CX_DECIMAL_MAX];
  __int128 v;
  cx_format(0, buf);
  ASSERT_STR_EQ(buf, "0");
  cx_format(-1, buf);
  ASSERT_STR_EQ(buf, "-1");
  cx_format((__int128)((unsigned __int128)1 << 127), buf); /* the minimum */
  ASSERT_STR_EQ(buf, "-170141183460469231731687303715884105728");
  ASSERT_EQ(cx_parse_decimal("-9223372036854775808", &v), 0);
  cx_format(v, buf);
  ASSERT_STR_EQ(buf, "-9223372036854775808");
  ASSERT_NE(cx_parse_decimal("12a", &v), 0);
  ASSERT_NE(cx_parse_decimal("", &v), 0);
  ASSERT_NE(cx_parse_decimal("-", &v), 0);
}

void cf_test_expr(const char *data) {
  (void)data;
  precedence();
  names();
  limits();
  syntax();
  formatting();
}

static void sha_of(const char *text, size_t n, const char *want) {
  char hex[65];
  cf_sha256_hex(text, n, hex);
  ASSERT_STR_EQ(hex, want);
}

void cf_test_sha256(const char *data) {
  /* FIPS 180-4 examples, then padding boundaries (values from hashlib). */
  static const struct {
    size_t n;
    const char *hex;
  } as[] = {
      {55, "9f4390f8d30c2dd92ec9f095b65e2b9ae9b0a925a5258e241c9f1e910f734318"},
      {56, "b35439a4ac6f0948b6d6f9e3c6af0f5f590ce20f1bde7090ef7970686ec6738a"},
      {63, "7d3e74a05d7db15bce4ad9ec0658ea98e3f06eeecf16b4c6fff2da457ddc2f34"},
      {64, "ffe054fe7ae0cb6dc65c3af9b61d5209f439851db43d0ba5997337df154668eb"},
      {65, "635361c48bb9eab14198e76ea8ab7f1a41685d6ad62aa9146d301d4f17eb0ae0"},
      {119, "31eba51c313a5c08226adf18d4a359cfdfd8d2e816b13f4af952f7ea6584dcfb"},
      {120,
       "2f3d335432c70b580af0e8e1b3674a7c020d683aa5f73aaaedfdc55af904c21c"}};
  char *a = malloc(1000000), hex[65];
  cf_sha256 s;
  uint8_t d[32];
  (void)data;
  sha_of("", 0,
         "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  sha_of("abc", 3,
         "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  sha_of("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", 56,
         "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
  memset(a, 'a', 1000000);
  for (size_t i = 0; i < sizeof as / sizeof as[0]; i++)
    sha_of(a, as[i].n, as[i].hex);
  sha_of(a, 1000000,
         "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
  /* The same million bytes fed in uneven pieces. */
  cf_sha256_init(&s);
  for (size_t off = 0, step = 1; off < 1000000;
       off += step, step = step * 7 % 1000 + 1)
    cf_sha256_update(&s, a + off, off + step > 1000000 ? 1000000 - off : step);
  cf_sha256_final(&s, d);
  for (int i = 0; i < 32; i++)
    snprintf(hex + 2 * i, 3, "%02x", d[i]);
  ASSERT_STR_EQ(
      hex, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
  free(a);
}

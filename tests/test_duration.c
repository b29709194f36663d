/* test_duration.c: every accepted and rejected duration form, with exact
 * microseconds and exact error text, and both formatters. */
#include "testutil.h"

#include "chatsim/duration.h"

#include <stdio.h>
#include <string.h>

#define ACCEPTED                                                                         \
  "accepted: a number with an optional unit us, ms, s, m or h (a bare number is "        \
  "seconds), e.g. 90, 1.5s, 250ms, 10m"

#define S(x) ((SimTime)(x)*SIM_US_PER_S)

/* Parses `text` and checks the result against `want`. */
static void
expect_ok(const char *text, SimTime want)
{
  SimTime got = -12345;
  GError *error = NULL;
  gboolean ok = sim_duration_parse(text, &got, &error);
  if (!ok || got != want)
    printf("\n  '%s': got %s %" G_GINT64_FORMAT ", want %" G_GINT64_FORMAT "\n", text,
           ok ? "ok" : error->message, got, want);
  CU_ASSERT_TRUE(ok);
  CU_ASSERT_PTR_NULL(error);
  CU_ASSERT_EQUAL(got, want);
  g_clear_error(&error);
}

/* Parses `text`, expecting the error `code` with the message `message`
 * (NULL: the standard syntax message built from `text`), and checks that
 * the output is left alone. */
static void
expect_error(const char *text, int code, const char *message)
{
  SimTime got = -12345;
  GError *error = NULL;
  gboolean ok = sim_duration_parse(text, &got, &error);
  char *want = message ? g_strdup(message)
                       : g_strdup_printf("'%s' is not a duration; " ACCEPTED, text);
  CU_ASSERT_FALSE(ok);
  CU_ASSERT_EQUAL(got, -12345);
  CU_ASSERT_PTR_NOT_NULL_FATAL(error);
  CU_ASSERT_TRUE(error->domain == SIM_DURATION_ERROR);
  CU_ASSERT_EQUAL(error->code, code);
  if (strcmp(error->message, want) != 0)
    printf("\n  '%s': got \"%s\", want \"%s\"\n", text, error->message, want);
  CU_ASSERT_STRING_EQUAL(error->message, want);
  g_error_free(error);
  g_free(want);
}

static void
test_accepted_forms(void)
{
  expect_ok("90", S(90));
  expect_ok("90s", S(90));
  expect_ok("1.5s", 1500000);
  expect_ok("250ms", 250000);
  expect_ok("10m", S(600));
  expect_ok("1h", S(3600));
  expect_ok("20us", 20);
  expect_ok(" 3 s ", S(3));
  expect_ok("0.000001s", 1);
  expect_ok("0", 0);
}

static void
test_accepted_more(void)
{
  expect_ok("1.5", 1500000); /* a bare decimal is seconds */
  expect_ok("0.1s", 100000); /* exact, never 99999 */
  expect_ok("0.3", 300000);
  expect_ok("1.5m", S(90));
  expect_ok("0.25h", S(900));
  expect_ok("0.001ms", 1);
  expect_ok("0.5ms", 500);
  expect_ok("600.04s", 600040000);
  expect_ok("0s", 0);
  expect_ok("0us", 0);
  expect_ok("0.0h", 0);
  expect_ok("00", 0);
  expect_ok("007s", S(7));
  expect_ok("1us", 1);
  expect_ok("90 s", S(90)); /* a space before the unit */
  expect_ok("\t5ms\n", 5000);
  expect_ok("1.500000s", 1500000);          /* trailing zeros in the decimals */
  expect_ok("1.000000000000000000s", S(1)); /* 18 decimals, all zero */
  expect_ok("0.5000000000000s", 500000);    /* 13 decimals */
}

static void
test_upper_limit(void)
{
  /* The longest duration is G_MAXINT64 / 4 microseconds: room for sums of three. */
  const SimTime max = SIM_DURATION_MAX;
  expect_ok("2305843009213s", S(G_GINT64_CONSTANT(2305843009213)));
  expect_ok("2305843009213.693951s", max);
  expect_ok("2305843009213693951us", max);
  expect_ok("640511947h", (SimTime)640511947 * 3600 * SIM_US_PER_S);
  const char *range = "is too long; the longest duration is 2305843009213s";
  static const char *const too_long[] = {
      "2305843009214s",        "2305843009213.693952s",
      "2305843009213693952us", "640511948h",
      "99999999999999999999s", "18446744073709551616us",
      "9223372036854775807us", "99999999999999999999999999h"};
  for (guint i = 0; i < G_N_ELEMENTS(too_long); i++) {
    char *msg = g_strdup_printf("'%s' %s", too_long[i], range);
    expect_error(too_long[i], SIM_DURATION_ERROR_RANGE, msg);
    g_free(msg);
  }
}

static void
test_rejected_forms(void)
{
  expect_error("-5s", SIM_DURATION_ERROR_RANGE,
               "'-5s' is negative; durations are 0 or more");
  expect_error(" -1", SIM_DURATION_ERROR_RANGE,
               "' -1' is negative; durations are 0 or more");
  expect_error("-0", SIM_DURATION_ERROR_RANGE,
               "'-0' is negative; durations are 0 or more");
  expect_error("abc", SIM_DURATION_ERROR_SYNTAX, NULL);
  expect_error("1.5.2s", SIM_DURATION_ERROR_SYNTAX, NULL);
  expect_error("10x", SIM_DURATION_ERROR_SYNTAX, NULL);
  /* No digit before the point: rejected like any non-number. */
  expect_error(".5s", SIM_DURATION_ERROR_SYNTAX, NULL);
  expect_error("1.", SIM_DURATION_ERROR_SYNTAX,
               "'1.' is not a duration (no digit after the decimal point); " ACCEPTED);
  expect_error("1.s", SIM_DURATION_ERROR_SYNTAX,
               "'1.s' is not a duration (no digit after the decimal point); " ACCEPTED);
  expect_error("", SIM_DURATION_ERROR_SYNTAX, NULL);
  expect_error("   ", SIM_DURATION_ERROR_SYNTAX, NULL);
  expect_error("s", SIM_DURATION_ERROR_SYNTAX, NULL);
  expect_error("+5s", SIM_DURATION_ERROR_SYNTAX, NULL);
  expect_error("10S", SIM_DURATION_ERROR_SYNTAX, NULL); /* units are lower case */
  expect_error("10 sec", SIM_DURATION_ERROR_SYNTAX, NULL);
  expect_error("5 s s", SIM_DURATION_ERROR_SYNTAX, NULL);
  expect_error("1e3", SIM_DURATION_ERROR_SYNTAX, NULL);
  expect_error("1,5s", SIM_DURATION_ERROR_SYNTAX, NULL);
  expect_error("1 .5", SIM_DURATION_ERROR_SYNTAX, NULL);
  expect_error("10ms5", SIM_DURATION_ERROR_SYNTAX, NULL);
  expect_error("0x10", SIM_DURATION_ERROR_SYNTAX, NULL);
}

static void
test_sub_microsecond(void)
{
  const char *tail = "is not a whole number of microseconds (the finest unit)";
  static const char *const inputs[] = {"1.5us", "0.0000001s", "0.0005ms", "1.0000001",
                                       "0.1us"};
  for (guint i = 0; i < G_N_ELEMENTS(inputs); i++) {
    char *msg = g_strdup_printf("'%s' %s", inputs[i], tail);
    expect_error(inputs[i], SIM_DURATION_ERROR_SYNTAX, msg);
    g_free(msg);
  }
  /* More than 18 decimals cannot be held, whatever their value. */
  expect_error("0.1000000000000000000s", SIM_DURATION_ERROR_SYNTAX,
               "'0.1000000000000000000s' has more decimals than microseconds can hold");
}

/* Long decimal tails whose value is exact. */
static void
test_long_decimals(void)
{
  /* Trailing zeros in the decimals do not overflow the intermediate
   * product: these are exactly half a second and half an hour. */
  expect_ok("0.50000000000000s", 500000);
  expect_ok("0.50000000000h", 1800000000);
  expect_ok("0.5000000000h", 1800000000); /* 10 decimals still fit */
}

/* A NULL error is allowed. */
static void
test_null_error(void)
{
  SimTime got = 7;
  CU_ASSERT_FALSE(sim_duration_parse("abc", &got, NULL));
  CU_ASSERT_FALSE(sim_duration_parse("-1", &got, NULL));
  CU_ASSERT_FALSE(sim_duration_parse("99999999999999999999", &got, NULL));
  CU_ASSERT_EQUAL(got, 7);
  CU_ASSERT_TRUE(sim_duration_parse("8", &got, NULL));
  CU_ASSERT_EQUAL(got, S(8));
}

static void
test_error_domain(void)
{
  CU_ASSERT_NOT_EQUAL(SIM_DURATION_ERROR, 0);
  CU_ASSERT_EQUAL(SIM_DURATION_ERROR, sim_duration_error_quark());
  /* G_DEFINE_QUARK stringifies its argument: a formatter that spaces a
   * hyphenated name ("sim - duration - error - quark") renames the domain. */
  const char *name = g_quark_to_string(SIM_DURATION_ERROR);
  CU_ASSERT_PTR_NOT_NULL_FATAL(name);
  CU_ASSERT_PTR_NULL(strchr(name, ' '));
  CU_ASSERT_STRING_EQUAL(name, "chatsim_duration_error");
}

static void
expect_format_s(SimTime us, int decimals, const char *want)
{
  char *got = sim_duration_format_s(us, decimals);
  if (got == NULL || strcmp(got, want) != 0)
    printf("\n  format_s(%" G_GINT64_FORMAT ", %d) = %s, want %s\n", us, decimals,
           got ? got : "NULL", want);
  CU_ASSERT_PTR_NOT_NULL_FATAL(got);
  CU_ASSERT_STRING_EQUAL(got, want);
  g_free(got);
}

static void
test_format_s(void)
{
  expect_format_s(600040000, 6, "600.040000");
  expect_format_s(600040000, 3, "600.040");
  expect_format_s(0, 6, "0.000000");
  expect_format_s(0, 3, "0.000");
  expect_format_s(1, 6, "0.000001");
  expect_format_s(S(90), 6, "90.000000");
  expect_format_s(S(90), 3, "90.000");
  expect_format_s(1500000, 6, "1.500000");
  /* Rounded half up to the millisecond. */
  expect_format_s(500, 3, "0.001");
  expect_format_s(499, 3, "0.000");
  expect_format_s(1499, 3, "0.001");
  expect_format_s(1500, 3, "0.002");
  expect_format_s(999499, 3, "0.999");
  expect_format_s(999500, 3, "1.000");
  expect_format_s(S(600) + 40499, 3, "600.040");
  expect_format_s(S(600) + 40500, 3, "600.041");
  expect_format_s(G_MAXINT64, 6, "9223372036854.775807");
  expect_format_s(G_MAXINT64, 3, "9223372036854.776");
  expect_format_s(-1500000, 6, "-1.500000");
  expect_format_s(-1, 6, "-0.000001");
  expect_format_s(G_MININT64, 6, "-9223372036854.775808");
}

/* The printf-free integer matches printf, at both ends of the range. */
static void
test_append_int(void)
{
  const gint64 values[] = {0,          1,          -1,         9,       10,
                           99,         100,        1234567890, -987654, G_MAXINT64,
                           G_MININT64, G_MAXINT32, G_MININT32};
  GString *got = g_string_new("x");
  for (gsize i = 0; i < G_N_ELEMENTS(values); i++) {
    g_string_assign(got, "x");
    sim_duration_append_int(got, values[i]);
    char *want = g_strdup_printf("x%" G_GINT64_FORMAT, values[i]);
    CU_ASSERT_STRING_EQUAL(got->str, want);
    g_free(want);
  }
  g_string_free(got, TRUE);
}

static void
test_format_s_bad_decimals(void)
{
  test_criticals_begin();
  char *two = sim_duration_format_s(1000, 2);
  char *zero = sim_duration_format_s(1000, 0);
  guint criticals = test_criticals_end();
  CU_ASSERT_PTR_NULL(two);
  CU_ASSERT_PTR_NULL(zero);
  CU_ASSERT_EQUAL(criticals, 2);
}

static void
expect_format_unit(SimTime us, const char *want)
{
  char *got = sim_duration_format_unit(us);
  if (strcmp(got, want) != 0)
    printf("\n  format_unit(%" G_GINT64_FORMAT ") = %s, want %s\n", us, got, want);
  CU_ASSERT_STRING_EQUAL(got, want);
  g_free(got);
}

static void
test_format_unit(void)
{
  expect_format_unit(S(90), "90s");
  expect_format_unit(S(600), "10m");
  expect_format_unit(S(3600), "1h");
  expect_format_unit(250000, "250ms");
  expect_format_unit(1500000, "1500ms");
  expect_format_unit(20, "20us");
  expect_format_unit(0, "0s");
  expect_format_unit(1, "1us");
  expect_format_unit(1001, "1001us");
  expect_format_unit(1000, "1ms");
  expect_format_unit(S(1), "1s");
  expect_format_unit(S(61), "61s");
  expect_format_unit(S(60), "1m");
  expect_format_unit(S(5400), "90m");
  expect_format_unit(S(90000), "25h");
  expect_format_unit(S(600) + 40000, "600040ms");
  expect_format_unit(G_MAXINT64, "9223372036854775807us");
}

/* format_unit's text parses back to the same value. */
static void
test_format_unit_round_trip(void)
{
  static const SimTime units[] = {1, 1000, 1000000, 60000000, 3600000000};
  guint32 x = 12345;
  guint bad = 0;
  for (int i = 0; i < 20000; i++) {
    x = x * 1664525u + 1013904223u; /* a fixed LCG is enough here */
    SimTime v = (SimTime)(x >> 8) * units[i % G_N_ELEMENTS(units)];
    char *text = sim_duration_format_unit(v);
    SimTime back = -1;
    if (!sim_duration_parse(text, &back, NULL) || back != v) {
      if (bad++ == 0)
        printf("\n  %" G_GINT64_FORMAT " -> %s -> %" G_GINT64_FORMAT "\n", v, text, back);
    }
    g_free(text);
  }
  CU_ASSERT_EQUAL(bad, 0);
  /* And the format_s form (6 decimals, seconds) too. */
  char *text = sim_duration_format_s(600040001, 6);
  SimTime back = -1;
  CU_ASSERT_TRUE(sim_duration_parse(text, &back, NULL));
  CU_ASSERT_EQUAL(back, 600040001);
  g_free(text);
}

int
main(void)
{
  static const TestCase tests[] = {
      {"the documented forms, exact", test_accepted_forms},
      {"more accepted forms", test_accepted_more},
      {"the upper limit is G_MAXINT64 / 2", test_upper_limit},
      {"rejected forms with their exact error", test_rejected_forms},
      {"sub-microsecond values are rejected", test_sub_microsecond},
      {"long exact decimal tails", test_long_decimals},
      {"a NULL error is allowed", test_null_error},
      {"error domain", test_error_domain},
      {"format_s with 6 and 3 decimals", test_format_s},
      {"format_s refuses other decimals", test_format_s_bad_decimals},
      {"append_int is printf's %" G_GINT64_FORMAT, test_append_int},
      {"format_unit picks the largest exact unit", test_format_unit},
      {"format_unit parses back", test_format_unit_round_trip},
      {NULL, NULL},
  };
  return test_run_suite("duration", tests);
}

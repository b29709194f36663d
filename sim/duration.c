/* duration.c: durations are parsed with integer arithmetic only, so "0.1s"
 * is exactly 100000 us and never 99999. */
#include "chatsim/duration.h"

#include <string.h>

G_DEFINE_QUARK(chatsim_duration_error, sim_duration_error)

static const struct {
  const char *suffix;
  guint64 us;
} units[] = {
    {"us", 1}, {"ms", 1000}, {"s", 1000000}, {"m", 60000000}, {"h", 3600000000ULL},
};

static const char accepted[] =
    "accepted: a number with an optional unit us, ms, s, m or h (a bare number is "
    "seconds), e.g. 90, 1.5s, 250ms, 10m";

gboolean
sim_duration_parse(const char *text, SimTime *out, GError **error)
{
  const char *p = text;
  while (g_ascii_isspace(*p))
    p++;
  if (*p == '-') {
    g_set_error(error, SIM_DURATION_ERROR, SIM_DURATION_ERROR_RANGE,
                "'%s' is negative; durations are 0 or more", text);
    return FALSE;
  }
  if (!g_ascii_isdigit(*p)) {
    g_set_error(error, SIM_DURATION_ERROR, SIM_DURATION_ERROR_SYNTAX,
                "'%s' is not a duration; %s", text, accepted);
    return FALSE;
  }
  guint64 whole = 0;
  gboolean overflow = FALSE;
  for (; g_ascii_isdigit(*p); p++)
    overflow |= !g_uint64_checked_mul(&whole, whole, 10) ||
                !g_uint64_checked_add(&whole, whole, (guint64)(*p - '0'));
  guint64 frac = 0, frac_scale = 1;
  if (*p == '.') {
    p++;
    if (!g_ascii_isdigit(*p)) {
      g_set_error(error, SIM_DURATION_ERROR, SIM_DURATION_ERROR_SYNTAX,
                  "'%s' is not a duration (no digit after the decimal point); %s", text,
                  accepted);
      return FALSE;
    }
    for (; g_ascii_isdigit(*p); p++) {
      if (frac_scale >= G_GUINT64_CONSTANT(1000000000000000000)) {
        g_set_error(error, SIM_DURATION_ERROR, SIM_DURATION_ERROR_SYNTAX,
                    "'%s' has more decimals than microseconds can hold", text);
        return FALSE;
      }
      frac = frac * 10 + (guint64)(*p - '0');
      frac_scale *= 10;
    }
  }
  /* "0.50000000000000s" is 0.5 s: trailing zeros must not overflow. */
  while (frac_scale > 1 && frac % 10 == 0) {
    frac /= 10;
    frac_scale /= 10;
  }
  while (g_ascii_isspace(*p))
    p++;
  const char *suffix = p;
  while (g_ascii_isalpha(*p))
    p++;
  gsize suffix_len = (gsize)(p - suffix);
  while (g_ascii_isspace(*p))
    p++;
  guint64 unit = 0;
  if (suffix_len == 0)
    unit = SIM_US_PER_S;
  for (gsize i = 0; i < G_N_ELEMENTS(units) && unit == 0; i++)
    if (strlen(units[i].suffix) == suffix_len &&
        strncmp(units[i].suffix, suffix, suffix_len) == 0)
      unit = units[i].us;
  if (unit == 0 || *p != '\0') {
    g_set_error(error, SIM_DURATION_ERROR, SIM_DURATION_ERROR_SYNTAX,
                "'%s' is not a duration; %s", text, accepted);
    return FALSE;
  }
  guint64 frac_us = 0, value = 0;
  if (!g_uint64_checked_mul(&frac_us, frac, unit))
    overflow = TRUE;
  else if (frac_us % frac_scale != 0) {
    g_set_error(error, SIM_DURATION_ERROR, SIM_DURATION_ERROR_SYNTAX,
                "'%s' is not a whole number of microseconds (the finest unit)", text);
    return FALSE;
  }
  overflow |= !g_uint64_checked_mul(&value, whole, unit) ||
              !g_uint64_checked_add(&value, value, frac_us / frac_scale) ||
              value > (guint64)SIM_DURATION_MAX;
  if (overflow) {
    g_set_error(error, SIM_DURATION_ERROR, SIM_DURATION_ERROR_RANGE,
                "'%s' is too long; the longest duration is %" G_GINT64_FORMAT "s", text,
                SIM_DURATION_MAX / SIM_US_PER_S);
    return FALSE;
  }
  *out = (SimTime)value;
  return TRUE;
}

/* The magnitude as unsigned, so that G_MININT64 has one too. */
static guint64
magnitude(SimTime us)
{
  return us < 0 ? (guint64)(-(us + 1)) + 1 : (guint64)us;
}

/* Decimal digits of v, at least `width` of them (zero-padded). */
static void
append_digits(GString *out, guint64 v, int width)
{
  char buf[24];
  int i = sizeof buf;
  do {
    buf[--i] = (char)('0' + v % 10);
    v /= 10;
    width--;
  } while (v != 0 || width > 0);
  sim_duration_append_len(out, buf + i, sizeof buf - (gsize)i);
}

void
sim_duration_append_int(GString *out, gint64 value)
{
  if (value < 0)
    g_string_append_c(out, '-');
  append_digits(out, magnitude(value), 1);
}

void
sim_duration_append_s(GString *out, SimTime us)
{
  guint64 v = magnitude(us);
  if (us < 0)
    g_string_append_c(out, '-');
  append_digits(out, v / 1000000, 1);
  g_string_append_c(out, '.');
  append_digits(out, v % 1000000, 6);
}

void
sim_duration_append_ms(GString *out, SimTime us)
{
  guint64 v = (magnitude(us) + 500) / 1000; /* nearest millisecond, halves up */
  if (us < 0)
    g_string_append_c(out, '-');
  append_digits(out, v / 1000, 1);
  g_string_append_c(out, '.');
  append_digits(out, v % 1000, 3);
}

char *
sim_duration_format_s(SimTime us, int decimals)
{
  g_return_val_if_fail(decimals == 3 || decimals == 6, NULL);
  GString *out = g_string_new(NULL);
  if (decimals == 6)
    sim_duration_append_s(out, us);
  else
    sim_duration_append_ms(out, us);
  return g_string_free(out, FALSE);
}

void
sim_duration_append_unit(GString *out, SimTime us)
{
  /* The largest unit that divides exactly: 600000000 -> "10m", 1500000 -> "1500ms". */
  for (gsize i = G_N_ELEMENTS(units); i-- > 1;)
    if (us != 0 && us % (SimTime)units[i].us == 0) {
      sim_duration_append_int(out, us / (SimTime)units[i].us);
      g_string_append(out, units[i].suffix);
      return;
    }
  sim_duration_append_int(out, us);
  g_string_append(out, us == 0 ? "s" : "us");
}

char *
sim_duration_format_unit(SimTime us)
{
  GString *out = g_string_new(NULL);
  sim_duration_append_unit(out, us);
  return g_string_free(out, FALSE);
}

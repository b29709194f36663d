/* duration.h: exact parsing and formatting of durations in microseconds. */
#ifndef CHATSIM_DURATION_H
#define CHATSIM_DURATION_H

#include "chatsim/engine.h"

#include <string.h>

G_BEGIN_DECLS

#define SIM_DURATION_ERROR (sim_duration_error_quark())
GQuark sim_duration_error_quark(void);

typedef enum {
  SIM_DURATION_ERROR_SYNTAX,
  SIM_DURATION_ERROR_RANGE,
} SimDurationError;

#define SIM_US_PER_S G_GINT64_CONSTANT(1000000)
/* A quarter of the range: the model adds up to three durations (a time,
 * a latency and a jitter draw), and their sum must not overflow. */
#define SIM_DURATION_MAX (G_MAXINT64 / 4)

/* Accepts "90", "90s", "1.5s", "250ms", "10m", "1h", "20us" (space allowed
 * before the unit; a bare number is seconds). The value must be a whole
 * number of microseconds, not negative, and fit in 63 bits. */
gboolean sim_duration_parse(const char *text, SimTime *out, GError **error);

/* Appends `n` bytes of `text` (no NUL among them). GLib's append is a
 * call into a general insert that checks for overlap; the tables append a
 * million rows of a few bytes at a time, so the common case is inline. */
static inline void
sim_duration_append_len(GString *out, const char *text, gsize n)
{
  if (G_LIKELY(out->len + n < out->allocated_len)) {
    memcpy(out->str + out->len, text, n);
    out->len += n;
    out->str[out->len] = '\0';
  } else
    g_string_append_len(out, text, (gssize)n);
}

static inline void
sim_duration_append_str(GString *out, const char *text)
{
  sim_duration_append_len(out, text, strlen(text));
}

/* Appends "600.040000": seconds with 6 decimals, without allocating. */
void sim_duration_append_s(GString *out, SimTime us);
/* Appends "600.040" (3 decimals, rounded half up), without allocating. */
void sim_duration_append_ms(GString *out, SimTime us);
/* "600.040000": seconds with 6 decimals, or 3 (rounded half up). */
char *sim_duration_format_s(SimTime us, int decimals);

/* Exact, with the largest unit that divides it: "90s", "250ms", "10m". */
char *sim_duration_format_unit(SimTime us);
void sim_duration_append_unit(GString *out, SimTime us);

/* Appends an integer in decimal, as "%" G_GINT64_FORMAT would, without
 * printf: the tables that hold durations hold counts too, a million rows
 * at a time. */
void sim_duration_append_int(GString *out, gint64 value);

G_END_DECLS

#endif

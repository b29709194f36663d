/* value.h: the value syntaxes of a scenario file that are more than a
 * duration or a number: join lists, talk schedules, keepalive and
 * expectations. An error message says what was wrong and what is accepted;
 * scenario.c puts the file, line, group and key in front of it. */
#ifndef CHATSIM_VALUE_H
#define CHATSIM_VALUE_H

#include "chatsim/model.h"

G_BEGIN_DECLS

#define SIM_VALUE_ERROR (sim_value_error_quark())
GQuark sim_value_error_quark(void);

typedef enum {
  SIM_VALUE_ERROR_INVALID,
} SimValueError;

/* One line of an [expect] or [expect VERSION] group. */
typedef struct {
  char *profile; /* the VERSION of [expect VERSION]; NULL for [expect] */
  char *client;  /* a client, a count group, or one member ("chatter.3") */
  SimOutcome outcome;
  gboolean has_at;
  SimTime at;
  SimTime tolerance;
  SimReason reason; /* SIM_REASON_NONE: any */
  char *text;       /* the value as written */
  guint line;
} SimExpectation;

/* "#a, #b" or "#room{1..100}" into spec->channels (and spec->spread). */
gboolean sim_value_join(const char *value, SimClientSpec *spec, GError **error);
/* "never", "every D", "poisson MEAN" or "at T1, T2, ..." into spec. */
gboolean sim_value_talk(const char *value, SimClientSpec *spec, GError **error);
/* A duration longer than 0, or "off" (0). */
gboolean sim_value_keepalive(const char *value, SimTime *out, GError **error);
/* "connected", "quit" or "disconnected [at T[+-TOL]] [by REASON]" into the
 * outcome, time and reason of `e`. */
gboolean sim_value_expectation(const char *value, SimExpectation *e, GError **error);

G_END_DECLS

#endif

/* scenario_group.h: one group of a scenario file being read, key by key:
 * each value is parsed, and what is wrong with it recorded in the load's
 * SimDiag at the key's place ("[group] key: ..."), so that scenario.c
 * goes on to the next key. */
#ifndef CHATSIM_SCENARIO_GROUP_H
#define CHATSIM_SCENARIO_GROUP_H

#include "chatsim/diag.h"
#include "chatsim/ini.h"
#include "chatsim/scenario.h"

G_BEGIN_DECLS

typedef struct {
  SimDiag *diag; /* where errors are recorded */
  const SimIniGroup *group;
} SimScenarioGroup;

/* Records `code` at `key` (its group's header if the key is not written);
 * a long value is cut, and a value error says how comments are written
 * when the value holds a comment mark. */
void sim_scenario_group_fail(const SimScenarioGroup *g, SimScenarioError code,
                             const char *key, const char *format, ...)
    G_GNUC_PRINTF(4, 5);

/* A copy of the value of `key`; NULL (and *present FALSE) if absent. */
char *sim_scenario_group_copy(const SimScenarioGroup *g, const char *key,
                              gboolean *present);

/* A value parser: fills `out` or says what is wrong. */
typedef gboolean (*SimScenarioParse)(const char *value, gpointer out, GError **error);

/* Parses `key` into `out` if it is written (*present says; `present` may
 * be NULL); FALSE, with the error recorded, if the value is wrong. */
gboolean sim_scenario_group_get(const SimScenarioGroup *g, const char *key,
                                SimScenarioParse parse, gpointer out, gboolean *present);

/* Parsers for sim_scenario_group_get. `out`: SimTime * for a duration and
 * a keepalive ("off" or longer than 0), gboolean * for yes/no, and
 * SimClientSpec * for join and talk (sim_value_join, sim_value_talk). */
gboolean sim_scenario_group_duration(const char *value, gpointer out, GError **error);
gboolean sim_scenario_group_keepalive(const char *value, gpointer out, GError **error);
gboolean sim_scenario_group_yes_no(const char *value, gpointer out, GError **error);
gboolean sim_scenario_group_join(const char *value, gpointer out, GError **error);
gboolean sim_scenario_group_talk(const char *value, gpointer out, GError **error);

/* A duration longer than 0. */
gboolean sim_scenario_group_positive_duration(const SimScenarioGroup *g, const char *key,
                                              SimTime *out, gboolean *present);
/* A whole number from `min` to `max`. */
gboolean sim_scenario_group_uint(const SimScenarioGroup *g, const char *key, guint64 min,
                                 guint64 max, guint64 *out, gboolean *present);

/* Checks between the keys of one [client NAME] group: each error names the
 * key that is out of place and quotes what it clashes with. */
gboolean sim_scenario_group_check_client(const SimScenarioGroup *g,
                                         const SimClientSpec *spec, gboolean has_start,
                                         gboolean has_pong_delay);

G_END_DECLS

#endif

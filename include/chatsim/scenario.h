/* scenario.h: scenario files (.ini, read by ini.c) into model configs. */
#ifndef CHATSIM_SCENARIO_H
#define CHATSIM_SCENARIO_H

#include "chatsim/model.h"
#include "chatsim/value.h"

G_BEGIN_DECLS

#define SIM_SCENARIO_ERROR (sim_scenario_error_quark())
GQuark sim_scenario_error_quark(void);

typedef enum {
  SIM_SCENARIO_ERROR_READ,
  SIM_SCENARIO_ERROR_SYNTAX,
  SIM_SCENARIO_ERROR_GROUP,
  SIM_SCENARIO_ERROR_KEY,
  SIM_SCENARIO_ERROR_VALUE,
  SIM_SCENARIO_ERROR_MISSING,
} SimScenarioError;

typedef struct _SimScenario SimScenario;

/* A file with errors gives one GError listing every independent error,
 * one a line, in file order (at most SIM_DIAG_MAX, then a count): each
 * starts "FILE:LINE: " (or "FILE: " when no line is to blame) and names
 * the group and key, what was wrong and what is accepted. */
SimScenario *sim_scenario_load(const char *path, GError **error);
SimScenario *sim_scenario_load_data(const char *path, const char *data, gsize length,
                                    GError **error);
/* As if the file said it: each of `sets` (NULL-terminated, or NULL) is
 * "GROUP.KEY=VALUE" and replaces or adds that key, creating the group if
 * the file has none; checked like the file, its errors start "--set
 * 'ARG': ". GROUP is the longest part before a '.' that names a group the
 * file has or may have, so "expect 5.5.2577.0.chatter.3=quit" sets key
 * chatter.3 of [expect 5.5.2577.0]. `data` NULL: read `path`. */
SimScenario *sim_scenario_load_with_sets(const char *path, const char *data, gsize length,
                                         const char *const *sets, GError **error);
void sim_scenario_free(SimScenario *scenario);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(SimScenario, sim_scenario_free)

const char *sim_scenario_path(const SimScenario *scenario);
const char *sim_scenario_name(const SimScenario *scenario);
const char *sim_scenario_description(const SimScenario *scenario);
/* The [scenario] profile, or NULL when the file names none. */
const char *sim_scenario_profile(const SimScenario *scenario);

/* Overrides the file's choices where not NULL; [server] overrides apply on
 * top of whichever profile is used. */
typedef struct {
  const char *profile;
  const guint64 *seed;
  const SimTime *duration;
} SimScenarioOverrides;

/* FALSE, with the error set at the [client] group that passes the limit,
 * if `runs` runs with up to `jobs` at once (0: one per processor) would
 * not fit in memory: each run in flight holds a model of its own. Load
 * has already checked one. */
gboolean sim_scenario_check_memory(const SimScenario *scenario, guint jobs, guint runs,
                                   GError **error);

SimModelConfig *sim_scenario_configure(const SimScenario *scenario,
                                       const SimScenarioOverrides *overrides,
                                       GError **error);

const GPtrArray *sim_scenario_expectations(const SimScenario *scenario);
/* The versions `check` runs the scenario under (as written), in order. */
const GPtrArray *sim_scenario_check_profiles(const SimScenario *scenario);
/* The golden timeline directory (resolved against the file's), or NULL. */
const char *sim_scenario_golden(const SimScenario *scenario);
/* The clients a name stands for, as model indices `first` .. `first + n - 1`. */
gboolean sim_scenario_members(const SimScenario *scenario, const char *name, guint *first,
                              guint *n);

G_END_DECLS

#endif

/* study.h: parameter study files: a scenario whose values hold iteration
 * variables (`${pd = 30s..300s step 30s}`, `${mean = 30s, 60s}`, `${pd}`:
 * study_vars.h) and a [study] group (repeat, profiles, seed_rule),
 * expanded into a grid of points and a fixed map from run number to
 * (point, profile, repetition, seed). See docs/studies.md. */
#ifndef CHATSIM_STUDY_H
#define CHATSIM_STUDY_H

#include "chatsim/scenario.h"

G_BEGIN_DECLS

#define SIM_STUDY_ERROR (sim_study_error_quark())
GQuark sim_study_error_quark(void);

typedef enum {
  SIM_STUDY_ERROR_READ,
  SIM_STUDY_ERROR_SYNTAX, /* the [study] group is malformed */
  SIM_STUDY_ERROR_SET,    /* a --set option is malformed */
  SIM_STUDY_ERROR_RUNS,   /* a --runs list is malformed */
  SIM_STUDY_ERROR_LIMIT,  /* too many runs */
} SimStudyError;

/* At most this many runs per study (and SIM_STUDY_VARS_MAX_VALUES values
 * per variable). */
#define SIM_STUDY_MAX_RUNS G_GUINT64_CONSTANT(100000000)

typedef struct _SimStudy SimStudy;

/* Reads `path` (or `data` when not NULL), expands it and loads the
 * scenario of point 0 and of each variable's values with the others at
 * their first value (the sum of the numbers of values, not the grid), so
 * that any bad value fails here, before a run.
 * `sets` (NULL-terminated "GROUP.KEY=VALUE", may be NULL) override values:
 * "study.KEY" the [study] group, anything else the scenario. Errors start
 * "FILE:LINE: [GROUP] KEY: " and say what is accepted; they are in
 * SIM_STUDY_ERROR, SIM_STUDY_VARS_ERROR (a variable) or the scenario's
 * domains (a point's values). */
SimStudy *sim_study_load(const char *path, const char *data, gsize length,
                         const char *const *sets, GError **error);
void sim_study_free(SimStudy *study);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(SimStudy, sim_study_free)

const char *sim_study_path(const SimStudy *study);
/* SHA-256 of the file's bytes, in hex. */
const char *sim_study_sha256(const SimStudy *study);
/* The scenario's name ([scenario] name of the first point). */
const char *sim_study_name(const SimStudy *study);
/* The client groups the rows name, in the scenario's order (a group
 * header may not hold a variable, so every point has the same). */
const char *const *sim_study_groups(const SimStudy *study);

/* Variables, in the order the file defines them. */
guint sim_study_n_vars(const SimStudy *study);
const char *sim_study_var_name(const SimStudy *study, guint var);
guint sim_study_var_n_values(const SimStudy *study, guint var);
/* A value as the TSV files write it: durations in seconds ("90", "1.5"),
 * anything else as written. */
const char *sim_study_var_column(const SimStudy *study, guint var, guint value);
/* Whether every value of the variable is a number (seconds). */
gboolean sim_study_var_numeric(const SimStudy *study, guint var);

guint sim_study_n_points(const SimStudy *study);
guint sim_study_n_profiles(const SimStudy *study);
guint sim_study_repeat(const SimStudy *study);
guint64 sim_study_n_runs(const SimStudy *study);

/* The run map. Runs are numbered from 0 with the repetition varying
 * fastest, then the profile, then the variables, the last defined fastest:
 *   run = (point * n_profiles + profile) * repeat + repetition
 *   point = sum of value index of var v * (product of n_values of later vars)
 * Repetition r has the same seed at every point and profile. */
typedef struct {
  guint64 run;
  guint point;
  guint profile;
  guint repetition;
  guint64 seed;
} SimStudyRun;

void sim_study_run_info(const SimStudy *study, guint64 run, SimStudyRun *info);
/* Index of variable `var`'s value at `point`. */
guint sim_study_point_value(const SimStudy *study, guint point, guint var);
/* Builds the point's scenario, its values substituted; the caller frees
 * it. The study keeps no point's scenario: a run builds its own. */
SimScenario *sim_study_point_load(const SimStudy *study, guint point, GError **error);
/* How many point scenarios this process has built (tests pin it). */
guint sim_study_n_loads(void);
/* The profile as the outputs name it and the override a run uses (NULL:
 * the scenario's own profile). */
const char *sim_study_profile_name(const SimStudy *study, guint point, guint profile);
const char *sim_study_profile_override(const SimStudy *study, guint profile);

/* The provenance line the outputs start with, without its newline:
 * "# chatsim VERSION; study sha256 HEX; N runs; command: chatsim study
 * FILE [--set G.K=V]...": only what decides the results, so that every
 * way of running a study writes the same bytes. */
char *sim_study_provenance(const SimStudy *study);

G_END_DECLS

#endif

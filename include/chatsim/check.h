/* check.h: expectations, golden timelines and determinism over scenario files. */
#ifndef CHATSIM_CHECK_H
#define CHATSIM_CHECK_H

#include "chatsim/run.h"

G_BEGIN_DECLS

#define SIM_CHECK_ERROR (sim_check_error_quark())
GQuark sim_check_error_quark(void);

typedef enum {
  SIM_CHECK_ERROR_PATH,
} SimCheckError;

typedef struct {
  gboolean twice;         /* run each profile twice and compare fingerprints */
  gboolean update_golden; /* rewrite golden timelines instead of comparing */
  guint threads;          /* 0 = one per processor */
  /* Versions to check under instead of each file's check_profiles; NULL
   * for the files' own. */
  const char *const *profiles;
  /* A seed instead of each file's; NULL for the files' own. Golden
   * timelines hold the file's seed, so they are not compared then. */
  const guint64 *seed;
} SimCheckOptions;

/* One verdict: an expectation, a golden comparison or a determinism run
 * under one profile. `message` says what happened instead when it failed. */
typedef struct {
  char *scenario;
  char *profile;
  gboolean passed;
  char *message;
} SimCheckItem;

typedef struct {
  GPtrArray *items;     /* SimCheckItem *, in file, profile, expectation order */
  GPtrArray *updated;   /* char *: golden files rewritten */
  GPtrArray *unchanged; /* char *: golden files already up to date */
  GPtrArray *skipped;   /* char *: scenario files with nothing to check */
  GPtrArray *errors;    /* char *: what could not be checked, and why */
  guint passed;
  guint failed;
} SimCheckReport;

/* Checks every scenario file under `paths` (files, or directories searched
 * recursively for *.ini, in name order). Bad input (a path that does not
 * exist, a scenario with errors, an unwritable golden file) goes into
 * `errors` and the other files are still checked. */
SimCheckReport *sim_check_paths(const char *const *paths, const SimCheckOptions *options);
void sim_check_report_free(SimCheckReport *report);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(SimCheckReport, sim_check_report_free)

/* Does `result` meet `expectation`? */
gboolean sim_check_expectation(const SimExpectation *expectation,
                               const SimResult *result);

G_END_DECLS

#endif

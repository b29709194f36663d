/* run.h: one scenario run under one profile, with its timeline fingerprint. */
#ifndef CHATSIM_RUN_H
#define CHATSIM_RUN_H

#include "chatsim/output.h"
#include "chatsim/scenario.h"

G_BEGIN_DECLS

#define SIM_RUN_ERROR (sim_run_error_quark())
GQuark sim_run_error_quark(void);

typedef enum {
  SIM_RUN_ERROR_TRACE,
} SimRunError;

typedef struct {
  const char *trace;      /* "all" (NULL), "none", or names separated by commas */
  SimOutput *timeline;    /* also written there when not NULL; the caller commits */
  gboolean keep_timeline; /* keep the timeline text in SimRun.timeline */
} SimRunOptions;

typedef struct {
  SimModelConfig *config;
  SimModel *model; /* after the run: results and statistics */
  char *sha256;    /* of the timeline */
  GString *timeline;
  gint64 wall_us;
} SimRun;

/* Configures, runs and fingerprints; safe to call from several threads on
 * one scenario at once. */
SimRun *sim_run_scenario(const SimScenario *scenario,
                         const SimScenarioOverrides *overrides,
                         const SimRunOptions *options, GError **error);
void sim_run_free(SimRun *run);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(SimRun, sim_run_free)

/* Calls func(job, user_data) for every job, on up to `threads` threads
 * (0 = one per processor), and returns when all are done. Each job writes
 * only its own results, so their order never depends on the scheduling. */
void sim_run_each(GPtrArray *jobs, GFunc func, gpointer user_data, guint threads);

G_END_DECLS

#endif

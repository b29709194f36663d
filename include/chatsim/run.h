/* run.h: one scenario run under one profile, with its timeline fingerprint. */
#ifndef CHATSIM_RUN_H
#define CHATSIM_RUN_H

#include "chatsim/output.h"
#include "chatsim/scenario.h"

#include <signal.h>

G_BEGIN_DECLS

#define SIM_RUN_ERROR (sim_run_error_quark())
GQuark sim_run_error_quark(void);

typedef enum {
  SIM_RUN_ERROR_TRACE,
  SIM_RUN_ERROR_TOO_BIG,     /* the estimate is above the limit: nothing ran */
  SIM_RUN_ERROR_LIMIT,       /* the run reached the limit and was stopped */
  SIM_RUN_ERROR_INTERRUPTED, /* *stop was set during the run */
} SimRunError;

/* The work limit when SimRunOptions.max_events is 0: about two minutes of
 * an untraced run. A run's work is its events plus its messages, as
 * `chatsim run --stats` counts them. */
#define SIM_RUN_DEFAULT_MAX_EVENTS G_GUINT64_CONSTANT(1000000000)

/* The limit of a run whose options say 0; the CLI sets it from
 * --max-events, for every run of the command. */
extern guint64 sim_run_max_events;

typedef struct {
  SimTime now, duration;
  guint64 events;
  guint64 work;   /* events + messages so far */
  gint64 wall_us; /* since the run started */
} SimRunProgress;

/* Set to a signal's number by the CLI's handler: every run in progress
 * then stops soon after (SIM_RUN_ERROR_INTERRUPTED). */
extern volatile sig_atomic_t sim_run_interrupt;

typedef void (*SimRunProgressFunc)(const SimRunProgress *progress, gpointer user_data);

typedef struct {
  const char *trace;      /* "all" (NULL), "none", or names separated by commas */
  SimOutput *timeline;    /* also written there when not NULL; the caller commits */
  gboolean keep_timeline; /* keep the timeline text in SimRun.timeline */
  guint64 max_events;     /* work limit; 0 = sim_run_max_events */
  /* The run stops (SIM_RUN_ERROR_INTERRUPTED) soon after *stop turns
   * non-zero; NULL = &sim_run_interrupt. */
  const volatile sig_atomic_t *stop;
  SimRunProgressFunc progress; /* may be NULL */
  gpointer progress_data;
  gint64 progress_us; /* at most this often, in wall time; 0 = 200 ms */
} SimRunOptions;

typedef struct {
  SimModelConfig *config;
  SimModel *model; /* after the run: results and statistics */
  char *sha256;    /* the fingerprint: see docs/formats.md */
  GString *timeline;
  gint64 wall_us;
} SimRun;

/* The expected work (events + messages) of a run of `config`, from its
 * clients, talk rates, channel sizes and duration; the server's own
 * keepalive traffic is left out, as it depends on the traffic. */
guint64 sim_run_estimate(const SimModelConfig *config);

/* Configures, checks the estimate against the limit, runs and
 * fingerprints; safe to call from several threads on
 * one scenario at once. */
SimRun *sim_run_scenario(const SimScenario *scenario,
                         const SimScenarioOverrides *overrides,
                         const SimRunOptions *options, GError **error);
void sim_run_free(SimRun *run);

/* For a caller that builds and observes its own model (plot): runs it
 * under sim_run_max_events and sim_run_interrupt, as
 * sim_run_scenario would; FALSE with the error (starting "WHERE: ", the
 * scenario file) if refused or stopped. */
gboolean sim_run_model(const char *where, SimModel *model, SimRecordFunc observer,
                       gpointer user_data, GError **error);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(SimRun, sim_run_free)

/* Calls func(job, user_data) for every job, on up to `threads` threads
 * (0 = one per processor), and returns when all are done. Each job writes
 * only its own results, so their order never depends on the scheduling. */
void sim_run_each(GPtrArray *jobs, GFunc func, gpointer user_data, guint threads);

G_END_DECLS

#endif

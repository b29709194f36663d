/* study_results.h: running a study's runs and what they give: one row per
 * (run, client group), written as runs.tsv, read back from it (to merge
 * the slices of a batch or MPI job), and aggregated into points.tsv. The
 * points are computed from the rows alone, so a merged set of slices gives
 * the bytes of one whole run. See docs/studies.md for the columns. */
#ifndef CHATSIM_STUDY_RESULTS_H
#define CHATSIM_STUDY_RESULTS_H

#include "chatsim/study.h"

G_BEGIN_DECLS

#define SIM_STUDY_RESULTS_ERROR (sim_study_results_error_quark())
GQuark sim_study_results_error_quark(void);

typedef enum {
  SIM_STUDY_RESULTS_ERROR_RUN,      /* a run failed */
  SIM_STUDY_RESULTS_ERROR_PARSE,    /* a runs.tsv is malformed */
  SIM_STUDY_RESULTS_ERROR_MISMATCH, /* slices of different studies, or disagreeing */
  SIM_STUDY_RESULTS_ERROR_MISSING,  /* a merge lacks runs */
  SIM_STUDY_RESULTS_ERROR_WRITE,
} SimStudyResultsError;

/* Time-to-drop quantiles of a row. */
enum { SIM_TTD_MIN, SIM_TTD_MEDIAN, SIM_TTD_P90, SIM_TTD_MAX, SIM_TTD_N };

typedef struct {
  guint64 run;
  guint index; /* the group's place among its run's rows */
  char *profile;
  char **values; /* one column text per variable */
  guint repetition;
  guint64 seed;
  char *group;
  guint64 clients, connected, disconnected, recv_idle, ping_timeout, quit;
  SimTime ttd[SIM_TTD_N]; /* seconds from connect to drop; -1 when none */
  guint64 messages, events;
} SimStudyRow;

typedef struct _SimStudyResults SimStudyResults;

/* Called after each run, from the thread that ran it, one call at a time. */
typedef void (*SimStudyProgress)(guint64 done, guint64 total, gpointer user_data);

/* Runs `runs` (run numbers, sorted; NULL = all) on up to `threads`
 * threads (0 = one per processor). */
SimStudyResults *sim_study_results_run(const SimStudy *study, const GArray *runs,
                                       guint threads, SimStudyProgress progress,
                                       gpointer user_data, GError **error);
/* Reads runs.tsv text; `path` names it in errors. */
SimStudyResults *sim_study_results_parse(const char *path, const char *text, gsize length,
                                         GError **error);
SimStudyResults *sim_study_results_load(const char *path, GError **error);
void sim_study_results_free(SimStudyResults *results);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(SimStudyResults, sim_study_results_free)

/* Adds `from`'s rows to `into` (taking them); both must come from the same
 * study and agree on every run they share. */
gboolean sim_study_results_merge(SimStudyResults *into, SimStudyResults *from,
                                 GError **error);
/* FALSE, naming the first runs missing, unless every run of the study is there. */
gboolean sim_study_results_complete(const SimStudyResults *results, GError **error);

guint64 sim_study_results_n_rows(const SimStudyResults *results);
const SimStudyRow *sim_study_results_row(const SimStudyResults *results, guint64 i);
/* The variables, as the columns name them. */
const char *const *sim_study_results_vars(const SimStudyResults *results);

/* One row of points.tsv: a (point, profile, group) over its repetitions. */
typedef struct {
  const char *profile;
  const char *const *values; /* one column text per variable */
  const char *group;
  guint64 runs, clients, drops;
  double p_drop, ci_low, ci_high;
  /* Over the runs with a drop: the mean and quantiles of their median time
   * to drop; -1 (mean: < 0) when no run had one. */
  double ttd_mean_s;
  SimTime ttd_median, ttd_p90;
} SimStudyPoint;

/* The points, in run order; they point into `results`. */
GArray *sim_study_results_points(const SimStudyResults *results);
/* The provenance line (without its newline). */
const char *sim_study_results_provenance(const SimStudyResults *results);

void sim_study_results_append_runs(const SimStudyResults *results, GString *out);
void sim_study_results_append_points(const SimStudyResults *results, GString *out);
/* The Wilson score interval of k successes in n trials, at z = 1.96 (95%). */
void sim_study_wilson(guint64 k, guint64 n, double *low, double *high);

G_END_DECLS

#endif

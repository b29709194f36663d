/* compare.h: one scenario under several profiles, client by client. */
#ifndef CHATSIM_COMPARE_H
#define CHATSIM_COMPARE_H

#include "chatsim/run.h"

G_BEGIN_DECLS

typedef struct {
  GPtrArray *profiles; /* char *: the versions as given */
  GPtrArray *runs;     /* SimRun *, one per profile, in the same order */
} SimCompare;

/* Runs `scenario` under each of `profiles`, `jobs` at a time (0: one per
 * processor), once the memory for that many models is known to be there;
 * NULL profiles means all built-in ones in build order. The seed and
 * duration of `overrides` apply (its profile does not). Timelines are not
 * traced. */
SimCompare *sim_compare_run(const SimScenario *scenario, const char *const *profiles,
                            const SimScenarioOverrides *overrides, guint jobs,
                            GError **error);
void sim_compare_free(SimCompare *compare);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(SimCompare, sim_compare_free)

/* The matrix, streamed: a column per profile, a row per client alone in
 * its group and, per count group, a row per class of members with the same
 * outcome and reason under each profile ("lurker: 12 of 1000", its cells
 * giving the first and median times). Rows the same under every profile
 * fold into one line per value. `all_rows`: a row per client, no folding. */
void sim_compare_text(const SimCompare *compare, gboolean all_rows, SimOutput *out);
/* One summary row per (profile, client), with the summary header. */
void sim_compare_tsv(const SimCompare *compare, SimOutput *out);
/* A cell: "ok", "drop 600.04s recv-idle" or "quit 101.04s". */
char *sim_compare_cell(const SimResult *result);

G_END_DECLS

#endif

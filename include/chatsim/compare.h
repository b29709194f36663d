/* compare.h: one scenario under several profiles, client by client. */
#ifndef CHATSIM_COMPARE_H
#define CHATSIM_COMPARE_H

#include "chatsim/run.h"

G_BEGIN_DECLS

typedef struct {
  GPtrArray *profiles; /* char *: the versions as given */
  GPtrArray *runs;     /* SimRun *, one per profile, in the same order */
} SimCompare;

/* Runs `scenario` under each of `profiles` (in parallel); NULL profiles
 * means all built-in ones in build order. Timelines are not traced. */
SimCompare *sim_compare_run(const SimScenario *scenario, const char *const *profiles,
                            const guint64 *seed, GError **error);
void sim_compare_free(SimCompare *compare);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(SimCompare, sim_compare_free)

/* The matrix: a row per client, a column per profile. Clients whose cell
 * is the same under every profile are folded into one line per cell value
 * unless `all_rows`. */
void sim_compare_text(const SimCompare *compare, gboolean all_rows, GString *out);
/* One summary row per (profile, client), with the summary header. */
void sim_compare_tsv(const SimCompare *compare, GString *out);
/* A cell: "ok", "drop 600.04s recv-idle" or "quit 101.04s". */
char *sim_compare_cell(const SimResult *result);

G_END_DECLS

#endif

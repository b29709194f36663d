/* study_map.h: the run map of a study (see study.h for how run numbers
 * are made) as `--query runs` prints it, and `--runs` lists that select
 * a slice of it. */
#ifndef CHATSIM_STUDY_MAP_H
#define CHATSIM_STUDY_MAP_H

#include "chatsim/study.h"

G_BEGIN_DECLS

/* "0..99,150": run numbers and inclusive ranges separated by commas, each
 * below the number of runs. NULL = every run. Sorted, without repeats. */
GArray *sim_study_map_parse_runs(const SimStudy *study, const char *spec, GError **error);

/* The map as TSV (run, profile, each variable, repetition, seed), a header
 * first; `runs` NULL = every run. */
void sim_study_map_append(const SimStudy *study, const GArray *runs, GString *out);

G_END_DECLS

#endif

/* study_mpi.h: a study's runs split over MPI ranks by run number, for
 * `mpirun -np N chatsim study FILE`. Built with -DCHATSIM_MPI=ON; without
 * it (or when not started by mpirun) there is one rank, and running is
 * sim_study_results_run. */
#ifndef CHATSIM_STUDY_MPI_H
#define CHATSIM_STUDY_MPI_H

#include "chatsim/study_results.h"

G_BEGIN_DECLS

typedef struct _SimStudyMpi SimStudyMpi;

/* Joins the MPI job when the process was started by mpirun. */
SimStudyMpi *sim_study_mpi_init(void);
void sim_study_mpi_free(SimStudyMpi *mpi);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(SimStudyMpi, sim_study_mpi_free)

/* Whether this process is rank 0, the one that prints and writes. */
gboolean sim_study_mpi_root(const SimStudyMpi *mpi);
guint sim_study_mpi_size(const SimStudyMpi *mpi);

/* Every rank runs the runs whose run number is its rank modulo the number
 * of ranks; rank 0 gathers the rows (as runs.tsv text) and returns all of
 * them, the others an empty set. Every rank must call it. */
SimStudyResults *sim_study_mpi_run(SimStudyMpi *mpi, const SimStudy *study,
                                   const GArray *runs, guint threads,
                                   SimStudyProgress progress, gpointer user_data,
                                   GError **error);

/* Lays `n` ranks' byte counts end to end into `offsets`; FALSE if the
 * total passes INT_MAX, which MPI's int counts cannot gather. */
gboolean sim_study_mpi_offsets(const int *counts, guint n, int *offsets, GError **error);

G_END_DECLS

#endif

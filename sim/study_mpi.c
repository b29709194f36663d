/* study_mpi.c: the ranks send their rows to rank 0 as runs.tsv text, which
 * it reads back with the merge of `chatsim study --merge`: one path for
 * every way of splitting the runs, so every one writes the same bytes. */
#include "chatsim/study_mpi.h"

#include <limits.h>
#include <string.h>

#ifdef CHATSIM_MPI
#include <mpi.h>
#endif

struct _SimStudyMpi {
  int rank;
  int size;
  gboolean initialized;
};

SimStudyMpi *
sim_study_mpi_init(void)
{
  SimStudyMpi *mpi = g_new0(SimStudyMpi, 1);
  mpi->size = 1;
#ifdef CHATSIM_MPI
  /* Only under mpirun: a plain run must not need an MPI runtime. */
  if (g_getenv("OMPI_COMM_WORLD_SIZE") != NULL || g_getenv("PMI_SIZE") != NULL ||
      g_getenv("PMIX_RANK") != NULL) {
    int provided;
    MPI_Init_thread(NULL, NULL, MPI_THREAD_FUNNELED, &provided);
    MPI_Comm_rank(MPI_COMM_WORLD, &mpi->rank);
    MPI_Comm_size(MPI_COMM_WORLD, &mpi->size);
    mpi->initialized = TRUE;
  }
#endif
  return mpi;
}

void
sim_study_mpi_free(SimStudyMpi *mpi)
{
  if (mpi == NULL)
    return;
#ifdef CHATSIM_MPI
  if (mpi->initialized)
    MPI_Finalize();
#endif
  g_free(mpi);
}

gboolean
sim_study_mpi_root(const SimStudyMpi *mpi)
{
  return mpi->rank == 0;
}

guint
sim_study_mpi_size(const SimStudyMpi *mpi)
{
  return (guint)mpi->size;
}

gboolean
sim_study_mpi_offsets(const int *counts, guint n, int *offsets, GError **error)
{
  gsize total = 0;
  for (guint r = 0; r < n; r++) {
    offsets[r] = (int)MIN(total, (gsize)INT_MAX);
    total += (gsize)counts[r];
  }
  if (total <= (gsize)INT_MAX)
    return TRUE;
  g_set_error(error, SIM_STUDY_RESULTS_ERROR, SIM_STUDY_RESULTS_ERROR_RUN,
              "the %u MPI ranks' rows come to %" G_GSIZE_FORMAT
              " bytes, more than MPI gathers at once (%d); run the study in slices "
              "(--runs) and merge them with chatsim study --merge",
              n, total, INT_MAX);
  return FALSE;
}

#ifdef CHATSIM_MPI
/* Rank 0 reads every rank's text; a negative length carries an error. */
static SimStudyResults *
gather(const SimStudyMpi *mpi, const GString *text, gboolean ok, GError **error)
{
  int length = ok ? (int)text->len : -(int)text->len - 1;
  int *lengths = mpi->rank == 0 ? g_new0(int, mpi->size) : NULL;
  MPI_Gather(&length, 1, MPI_INT, lengths, 1, MPI_INT, 0, MPI_COMM_WORLD);
  int *offsets = NULL;
  char *all = NULL;
  int *counts = NULL;
  /* MPI counts are ints: rank 0 says whether the whole fits, every rank
   * hears it, and none gathers if it does not. */
  int fits = 1;
  if (mpi->rank == 0) {
    offsets = g_new0(int, mpi->size);
    counts = g_new0(int, mpi->size);
    for (int r = 0; r < mpi->size; r++)
      counts[r] = lengths[r] >= 0 ? lengths[r] : -lengths[r] - 1;
    fits = sim_study_mpi_offsets(counts, (guint)mpi->size, offsets, error);
    if (fits)
      all = g_malloc((gsize)offsets[mpi->size - 1] + (gsize)counts[mpi->size - 1] + 1);
  }
  MPI_Bcast(&fits, 1, MPI_INT, 0, MPI_COMM_WORLD);
  if (fits)
    MPI_Gatherv(text->str, (int)text->len, MPI_CHAR, all, counts, offsets, MPI_CHAR, 0,
                MPI_COMM_WORLD);
  SimStudyResults *results = NULL;
  if (mpi->rank == 0 && fits) {
    for (int r = 0; r < mpi->size; r++)
      if (lengths[r] < 0) {
        g_set_error(error, SIM_STUDY_RESULTS_ERROR, SIM_STUDY_RESULTS_ERROR_RUN,
                    "MPI rank %d: %.*s", r, counts[r], all + offsets[r]);
        break;
      }
    for (int r = 0; (error == NULL || *error == NULL) && r < mpi->size; r++) {
      char *name = g_strdup_printf("MPI rank %d", r);
      SimStudyResults *part =
          sim_study_results_parse(name, all + offsets[r], (gsize)counts[r], error);
      g_free(name);
      if (part == NULL) {
        g_clear_pointer(&results, sim_study_results_free);
        break;
      }
      if (results == NULL)
        results = part;
      else {
        gboolean merged = sim_study_results_merge(results, part, error);
        sim_study_results_free(part);
        if (!merged) {
          g_clear_pointer(&results, sim_study_results_free);
          break;
        }
      }
    }
  }
  g_free(lengths);
  g_free(offsets);
  g_free(counts);
  g_free(all);
  return results;
}
#endif

SimStudyResults *
sim_study_mpi_run(SimStudyMpi *mpi, const SimStudy *study, const GArray *runs,
                  guint threads, SimStudyProgress progress, gpointer user_data,
                  GError **error)
{
  if (mpi->size <= 1)
    return sim_study_results_run(study, runs, threads, progress, user_data, error);
#ifdef CHATSIM_MPI
  g_autoptr(GArray) mine = g_array_new(FALSE, FALSE, sizeof(guint64));
  for (guint i = 0; i < runs->len; i++) {
    guint64 run = g_array_index(runs, guint64, i);
    if (run % (guint64)mpi->size == (guint64)mpi->rank)
      g_array_append_val(mine, run);
  }
  GError *local = NULL;
  g_autoptr(SimStudyResults) part =
      sim_study_results_run(study, mine, threads, progress, user_data, &local);
  g_autoptr(GString) text = g_string_new(NULL);
  if (part != NULL)
    sim_study_results_append_runs(part, text);
  else
    g_string_assign(text, local->message);
  g_clear_error(&local);
  if (text->len > G_MAXINT / 2) {
    g_string_assign(text, "the rows of this rank exceed 1 GiB; use more ranks");
    part = (sim_study_results_free(part), NULL);
  }
  SimStudyResults *results = gather(mpi, text, part != NULL, error);
  if (mpi->rank != 0) {
    /* An empty set: rank 0 reports and writes. */
    g_autoptr(GArray) none = g_array_new(FALSE, FALSE, sizeof(guint64));
    return sim_study_results_run(study, none, 1, NULL, NULL, error);
  }
  return results;
#else
  g_assert_not_reached();
#endif
}

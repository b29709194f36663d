/* test_study_mpi.c: outside mpirun there is one rank, and it runs every
 * run itself (the MPI split is checked by tools/check with mpirun). */
#include "testutil.h"

#include "chatsim/study_mpi.h"

#include <string.h>

static void
test_one_rank(void)
{
  const char file[] = "[scenario]\nduration = 15m\nprofile = 5.5.2577.0\n"
                      "[client lurker]\njoin = #a\n"
                      "[client talker]\njoin = #a\ntalk = every ${D = 60s, 120s}\n";
  GError *error = NULL;
  SimStudy *s = sim_study_load("m.study", file, strlen(file), NULL, &error);
  CU_ASSERT_PTR_NOT_NULL_FATAL(s);
  SimStudyMpi *mpi = sim_study_mpi_init();
  CU_ASSERT_TRUE(sim_study_mpi_root(mpi));
  CU_ASSERT_EQUAL(sim_study_mpi_size(mpi), 1);
  GArray *runs = g_array_new(FALSE, FALSE, sizeof(guint64));
  for (guint64 r = 0; r < 2; r++)
    g_array_append_val(runs, r);
  SimStudyResults *results = sim_study_mpi_run(mpi, s, runs, 1, NULL, NULL, &error);
  CU_ASSERT_PTR_NOT_NULL_FATAL(results);
  CU_ASSERT_EQUAL(sim_study_results_n_rows(results), 4);
  CU_ASSERT_EQUAL(sim_study_results_row(results, 0)->disconnected, 1);
  CU_ASSERT_EQUAL(sim_study_results_row(results, 2)->disconnected, 0);
  sim_study_results_free(results);
  g_array_unref(runs);
  sim_study_mpi_free(mpi);
  sim_study_free(s);
}

/* Rank 0 gathers every rank's bytes with int counts and offsets: a total
 * past INT_MAX is refused, not wrapped into a negative offset. */
static void
test_offsets(void)
{
  const int small[] = {3, 0, 5, 2};
  int offsets[4];
  GError *error = NULL;
  CU_ASSERT_TRUE(sim_study_mpi_offsets(small, 4, offsets, &error));
  CU_ASSERT_EQUAL(offsets[0], 0);
  CU_ASSERT_EQUAL(offsets[1], 3);
  CU_ASSERT_EQUAL(offsets[2], 3);
  CU_ASSERT_EQUAL(offsets[3], 8);
  const int fits[] = {G_MAXINT - 1, 1};
  CU_ASSERT_TRUE(sim_study_mpi_offsets(fits, 2, offsets, NULL));
  CU_ASSERT_EQUAL(offsets[1], G_MAXINT - 1);
  const int big[] = {G_MAXINT / 2, G_MAXINT / 2, G_MAXINT / 2};
  CU_ASSERT_FALSE(sim_study_mpi_offsets(big, 3, offsets, &error));
  CU_ASSERT_PTR_NOT_NULL_FATAL(error);
  CU_ASSERT_STRING_EQUAL(error->message,
                         "the 3 MPI ranks' rows come to 3221225469 bytes, more than MPI "
                         "gathers at once (2147483647); run the study in slices (--runs) "
                         "and merge them with chatsim study --merge");
  g_clear_error(&error);
}

int
main(void)
{
  static const TestCase tests[] = {
      {"one rank runs everything", test_one_rank},
      {"gathered bytes past INT_MAX are refused", test_offsets},
      {NULL, NULL},
  };
  return test_run_suite("study_mpi", tests);
}

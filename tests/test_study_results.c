/* test_study_results.c: rows of runs, runs.tsv read back without loss,
 * merging slices, points and their Wilson intervals. */
#include "testutil.h"

#include "chatsim/study_map.h"
#include "chatsim/study_results.h"

#include <math.h>
#include <string.h>

/* Two lurkers per channel, one talker every D; by docs/model.md both
 * lurkers are dropped at 600 s under 5.5.2577.0 when D < ping_delay (90 s). */
static const char file[] = "[scenario]\nduration = 15m\nseed = 3\nprofile = 5.5.2577.0\n"
                           "[client lurker]\ncount = 2\njoin = #a\n"
                           "[client talker]\njoin = #a\ntalk = every ${D = 60s, 120s}\n"
                           "[study]\nrepeat = 3\n";

static SimStudy *
study(void)
{
  GError *error = NULL;
  SimStudy *s = sim_study_load("r.study", file, strlen(file), NULL, &error);
  CU_ASSERT_PTR_NOT_NULL_FATAL(s);
  return s;
}

static char *
text_of(const SimStudyResults *r, gboolean points)
{
  GString *out = g_string_new(NULL);
  if (points)
    sim_study_results_append_points(r, out);
  else
    sim_study_results_append_runs(r, out);
  return g_string_free(out, FALSE);
}

static void
test_rows(void)
{
  SimStudy *s = study();
  GError *error = NULL;
  SimStudyResults *r = sim_study_results_run(s, NULL, 2, NULL, NULL, &error);
  CU_ASSERT_PTR_NOT_NULL_FATAL(r);
  CU_ASSERT_EQUAL(sim_study_results_n_rows(r), 6 * 2);
  const SimStudyRow *row = sim_study_results_row(r, 0);
  CU_ASSERT_EQUAL(row->run, 0);
  CU_ASSERT_STRING_EQUAL(row->group, "lurker");
  CU_ASSERT_STRING_EQUAL(row->values[0], "60");
  CU_ASSERT_EQUAL(row->clients, 2);
  CU_ASSERT_EQUAL(row->disconnected, 2);
  CU_ASSERT_EQUAL(row->recv_idle, 2);
  CU_ASSERT_EQUAL(row->ttd[SIM_TTD_MIN], 600 * G_USEC_PER_SEC);
  CU_ASSERT_EQUAL(row->ttd[SIM_TTD_MAX], 600 * G_USEC_PER_SEC);
  row = sim_study_results_row(r, 6 + 0); /* run 3: D = 120s */
  CU_ASSERT_EQUAL(row->run, 3);
  CU_ASSERT_EQUAL(row->seed, 3);
  CU_ASSERT_EQUAL(row->disconnected, 0);
  CU_ASSERT_EQUAL(row->connected, 2);
  CU_ASSERT_EQUAL(row->ttd[SIM_TTD_MEDIAN], -1);
  char *points = text_of(r, TRUE);
  const char *body = strchr(points, '\n') + 1;
  CU_ASSERT_STRING_EQUAL(
      body, "profile\tD\tgroup\truns\tclients\tdrops\tp_drop\tci_low\tci_high\t"
            "ttd_mean\tttd_median\tttd_p90\n"
            "5.5.2577.0\t60\tlurker\t3\t6\t6\t1.000000\t0.609666\t1.000000\t"
            "600.000000\t600.000000\t600.000000\n"
            "5.5.2577.0\t60\ttalker\t3\t3\t0\t0.000000\t0.000000\t0.561497\t"
            "NA\tNA\tNA\n"
            "5.5.2577.0\t120\tlurker\t3\t6\t0\t0.000000\t0.000000\t0.390334\t"
            "NA\tNA\tNA\n"
            "5.5.2577.0\t120\ttalker\t3\t3\t0\t0.000000\t0.000000\t0.561497\t"
            "NA\tNA\tNA\n");

  /* runs.tsv read back writes the same bytes. */
  char *runs = text_of(r, FALSE);
  SimStudyResults *back = sim_study_results_parse("x", runs, strlen(runs), &error);
  CU_ASSERT_PTR_NOT_NULL_FATAL(back);
  char *again = text_of(back, FALSE);
  CU_ASSERT_STRING_EQUAL(runs, again);
  CU_ASSERT_TRUE(sim_study_results_complete(back, NULL));
  g_free(again);

  /* Two overlapping slices, merged in either order: the same bytes. */
  GArray *a = sim_study_map_parse_runs(s, "3..5,0", NULL);
  GArray *b = sim_study_map_parse_runs(s, "0..2", NULL);
  SimStudyResults *ra = sim_study_results_run(s, a, 1, NULL, NULL, &error);
  SimStudyResults *rb = sim_study_results_run(s, b, 1, NULL, NULL, &error);
  CU_ASSERT_FALSE(sim_study_results_complete(ra, &error));
  CU_ASSERT_STRING_EQUAL(error->message,
                         "runs 1..2 of 6 are missing; merge the slices of every run, or "
                         "run them with --runs 1..2");
  g_clear_error(&error);
  CU_ASSERT_TRUE(sim_study_results_merge(ra, rb, &error));
  char *merged = text_of(ra, FALSE);
  char *merged_points = text_of(ra, TRUE);
  CU_ASSERT_STRING_EQUAL(merged, runs);
  CU_ASSERT_STRING_EQUAL(merged_points, points);
  g_free(merged);
  g_free(merged_points);

  /* A run given twice with different results is refused. */
  GString *bent = g_string_new(runs);
  g_string_replace(bent, "\t3\tlurker\t2\t2\t0", "\t3\tlurker\t2\t1\t1", 1);
  SimStudyResults *bad = sim_study_results_parse("y", bent->str, bent->len, &error);
  CU_ASSERT_PTR_NOT_NULL_FATAL(bad);
  CU_ASSERT_FALSE(sim_study_results_merge(back, bad, &error));
  CU_ASSERT_STRING_EQUAL(error->message, "run 3 is given twice with different results");
  g_clear_error(&error);
  g_string_free(bent, TRUE);

  /* Another study's rows are refused. */
  GString *other = g_string_new(runs);
  g_string_replace(other, "; 6 runs;", "; 7 runs;", 1);
  SimStudyResults *foreign = sim_study_results_parse("z", other->str, other->len, &error);
  CU_ASSERT_PTR_NOT_NULL_FATAL(foreign);
  CU_ASSERT_FALSE(sim_study_results_merge(rb, foreign, &error));
  CU_ASSERT_TRUE(g_str_has_prefix(error->message, "not the same study: "));
  g_clear_error(&error);
  g_string_free(other, TRUE);

  sim_study_results_free(foreign);
  sim_study_results_free(bad);
  sim_study_results_free(ra);
  sim_study_results_free(rb);
  g_array_unref(a);
  g_array_unref(b);
  sim_study_results_free(back);
  g_free(runs);
  g_free(points);
  sim_study_results_free(r);
  sim_study_free(s);
}

static void
expect_parse_error(const char *text, const char *message)
{
  GError *error = NULL;
  CU_ASSERT_PTR_NULL(sim_study_results_parse("in.tsv", text, strlen(text), &error));
  CU_ASSERT_PTR_NOT_NULL_FATAL(error);
  CU_ASSERT_STRING_EQUAL(error->message, message);
  g_error_free(error);
}

#define PROV "# chatsim 0.1.0; study sha256 ab; 2 runs; command: chatsim study x\n"
#define COLS                                                                             \
  "run\tprofile\trepetition\tseed\tgroup\tclients\tconnected\tdisconnected\trecv_idle\t" \
  "ping_timeout\tquit\tttd_min\tttd_median\tttd_p90\tttd_max\tmessages\tevents\n"

static void
test_parse_errors(void)
{
  expect_parse_error("run\n", "in.tsv:1: not a chatsim study runs.tsv: it starts with "
                              "no '# chatsim ...; N runs; command: ...' line");
  expect_parse_error(PROV "run\tprofile\n", "in.tsv:2: not the header of a runs.tsv");
  expect_parse_error(PROV COLS "0\tsp2\t0\t1\ta\t1\n",
                     "in.tsv:3: a row of 6 cells, the header has 17");
  expect_parse_error(PROV COLS
                     "2\tsp2\t0\t1\ta\t1\t1\t0\t0\t0\t0\tNA\tNA\tNA\tNA\t5\t6\n",
                     "in.tsv:3: column 'run': 2 is out of range; the study has 2 runs, "
                     "numbered from 0");
  expect_parse_error(PROV COLS
                     "0\tsp2\t0\tx\ta\t1\t1\t0\t0\t0\t0\tNA\tNA\tNA\tNA\t5\t6\n",
                     "in.tsv:3: column 'seed': 'x' is not a whole number");
  expect_parse_error(PROV COLS
                     "0\tsp2\t0\t1\ta\t1\t1\t0\t0\t0\t0\tNA\tNA\tNA\tNA\t5\t-6\n",
                     "in.tsv:3: column 'events': '-6' is not a whole number");
  expect_parse_error(PROV COLS "0\tsp2\t0\t1\ta\t1\t0\t1\t1\t0\t0\tx\tNA\tNA\tNA\t5\t6\n",
                     "in.tsv:3: column 'ttd_min': 'x' is not a time in seconds or NA");
  expect_parse_error(PROV COLS
                     "1\tsp2\t0\t1\ta\t1\t1\t0\t0\t0\t0\tNA\tNA\tNA\tNA\t5\t6\n"
                     "0\tsp2\t0\t1\ta\t1\t1\t0\t0\t0\t0\tNA\tNA\tNA\tNA\t5\t6\n",
                     "in.tsv:4: run 0 comes after run 1; rows are in run order");
}

/* Closed forms: for k = 0 the upper bound is z^2 / (n + z^2); for k = n
 * the lower bound is n / (n + z^2). */
static void
test_wilson(void)
{
  const double z2 = 1.959963984540054 * 1.959963984540054;
  for (guint64 n = 1; n <= 1000; n *= 10) {
    double low, high;
    sim_study_wilson(0, n, &low, &high);
    CU_ASSERT_DOUBLE_EQUAL(low, 0, 1e-12);
    CU_ASSERT_DOUBLE_EQUAL(high, z2 / ((double)n + z2), 1e-12);
    sim_study_wilson(n, n, &low, &high);
    CU_ASSERT_DOUBLE_EQUAL(low, (double)n / ((double)n + z2), 1e-12);
    CU_ASSERT_DOUBLE_EQUAL(high, 1, 1e-12);
  }
  /* Symmetric about 1/2 for k = n/2. */
  double low, high;
  sim_study_wilson(50, 100, &low, &high);
  CU_ASSERT_DOUBLE_EQUAL(low + high, 1, 1e-12);
  CU_ASSERT_DOUBLE_EQUAL(high - low, 2 * 0.0962, 1e-3);
}

int
main(void)
{
  static const TestCase tests[] = {
      {"rows, points, read back and merged", test_rows},
      {"malformed runs.tsv", test_parse_errors},
      {"Wilson intervals", test_wilson},
      {NULL, NULL},
  };
  return test_run_suite("study_results", tests);
}

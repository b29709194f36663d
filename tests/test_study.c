/* test_study.c: study files: the [study] group, --set, the grid, the run
 * map, and that a point's errors keep the file's line numbers (the
 * variables themselves: test_study_vars.c). */
#include "testutil.h"

#include "chatsim/study.h"
#include "chatsim/study_map.h"
#include "chatsim/study_results.h"

#include <string.h>

static const char grid[] = "[scenario]\n"                             /* 1 */
                           "duration = 20m\n"                         /* 2 */
                           "seed = 5\n"                               /* 3 */
                           "profile = sp2\n"                          /* 4 */
                           "[server]\n"                               /* 5 */
                           "ping_delay = ${pd = 30s..90s step 30s}\n" /* 6 */
                           "[client lurker]\n"                        /* 7 */
                           "join = #a\n"                              /* 8 */
                           "keepalive = ${pd}\n"                      /* 9 */
                           "[study]\n"                                /* 10 */
                           "repeat = 2\n"                             /* 11 */
                           "profiles = sp2, 5.5.2577.0\n"             /* 12 */
                           "[client talker]\n"                        /* 13 */
                           "join = #a\n"                              /* 14 */
                           "talk = ${how = every 20s, poisson 1m, never} # not ${x}\n"
    /* 15: a ${ in a comment is no reference */;

static SimStudy *
load(const char *text, const char *const *sets, GError **error)
{
  return sim_study_load("g.study", text, strlen(text), sets, error);
}

static void
test_grid(void)
{
  GError *error = NULL;
  SimStudy *s = load(grid, NULL, &error);
  CU_ASSERT_PTR_NOT_NULL_FATAL(s);
  CU_ASSERT_EQUAL(sim_study_n_vars(s), 2);
  CU_ASSERT_STRING_EQUAL(sim_study_var_name(s, 0), "pd");
  CU_ASSERT_STRING_EQUAL(sim_study_var_name(s, 1), "how");
  CU_ASSERT_EQUAL(sim_study_var_n_values(s, 0), 3);
  CU_ASSERT_STRING_EQUAL(sim_study_var_column(s, 0, 2), "90");
  CU_ASSERT_TRUE(sim_study_var_numeric(s, 0));
  CU_ASSERT_FALSE(sim_study_var_numeric(s, 1));
  CU_ASSERT_STRING_EQUAL(sim_study_var_column(s, 1, 1), "poisson 1m");
  CU_ASSERT_EQUAL(sim_study_n_points(s), 9);
  CU_ASSERT_EQUAL(sim_study_n_profiles(s), 2);
  CU_ASSERT_EQUAL(sim_study_repeat(s), 2);
  CU_ASSERT_EQUAL(sim_study_n_runs(s), 36);
  /* run = (point * 2 + profile) * 2 + repetition; point = pd * 3 + how. */
  for (guint64 run = 0; run < 36; run++) {
    SimStudyRun info;
    sim_study_run_info(s, run, &info);
    CU_ASSERT_EQUAL(info.repetition, run % 2);
    CU_ASSERT_EQUAL(info.profile, run / 2 % 2);
    CU_ASSERT_EQUAL(info.point, run / 4);
    CU_ASSERT_EQUAL(info.seed, 5 + run % 2); /* common random numbers */
    CU_ASSERT_EQUAL(sim_study_point_value(s, info.point, 0), run / 4 / 3);
    CU_ASSERT_EQUAL(sim_study_point_value(s, info.point, 1), run / 4 % 3);
  }
  CU_ASSERT_STRING_EQUAL(sim_study_profile_name(s, 0, 1), "5.5.2577.0");
  CU_ASSERT_STRING_EQUAL(sim_study_profile_override(s, 0), "sp2");
  char *line = sim_study_provenance(s);
  CU_ASSERT_TRUE(g_str_has_prefix(line, "# chatsim "));
  CU_ASSERT_PTR_NOT_NULL(strstr(line, "; 36 runs; command: chatsim study g.study"));
  CU_ASSERT_PTR_NOT_NULL(strstr(line, sim_study_sha256(s)));
  g_free(line);
  sim_study_free(s);
}

/* A value that fails at one point is reported on the file's own line,
 * though [study] (lines 10-12) was blanked out before it. */
static void
test_lines_kept(void)
{
  GError *error = NULL;
  GString *text = g_string_new(grid);
  g_string_replace(text, "never}", "sometimes}", 1);
  SimStudy *s = load(text->str, NULL, &error);
  CU_ASSERT_PTR_NULL(s);
  CU_ASSERT_TRUE(g_str_has_prefix(error->message, "g.study:15: [client talker] talk: "));
  CU_ASSERT_TRUE(
      g_str_has_suffix(error->message, " (study point pd = 30s, how = sometimes)"));
  g_clear_error(&error);
  g_string_free(text, TRUE);
}

/* seed_rule = hash: every point shares repetition r's seed, each repetition
 * its own; no variables makes a one-point study. */
static void
test_seed_hash_and_one_point(void)
{
  const char *sets[] = {"study.seed_rule=hash", "study.repeat=3", NULL};
  GError *error = NULL;
  SimStudy *s = load(grid, sets, &error);
  CU_ASSERT_PTR_NOT_NULL_FATAL(s);
  SimStudyRun a, b, c;
  sim_study_run_info(s, 0, &a);
  sim_study_run_info(s, 1, &b);
  sim_study_run_info(s, 3 * 2 * 4, &c); /* point 4, repetition 0 */
  CU_ASSERT_NOT_EQUAL(a.seed, b.seed);
  CU_ASSERT_NOT_EQUAL(a.seed, 5);
  CU_ASSERT_EQUAL(a.seed, c.seed);
  CU_ASSERT_EQUAL(c.point, 4);
  sim_study_free(s);

  const char one[] = "[scenario]\nduration = 1m\nprofile = sp2\n[client a]\n";
  s = load(one, NULL, &error);
  CU_ASSERT_PTR_NOT_NULL_FATAL(s);
  CU_ASSERT_EQUAL(sim_study_n_vars(s), 0);
  CU_ASSERT_EQUAL(sim_study_n_runs(s), 1);
  CU_ASSERT_STRING_EQUAL(sim_study_profile_name(s, 0, 0), "sp2");
  CU_ASSERT_PTR_NULL(sim_study_profile_override(s, 0));
  sim_study_free(s);
}

/* A 2 x 300 x 100 grid: loading builds the scenario of point 0 and of each
 * variable's other values (1 + 1 + 299 + 99), not of its 60000 points; the
 * run map builds none; a run builds its own point. The profile is a
 * variable too, read per point from its one line. */
static void
test_points_built_per_run(void)
{
  static const char big[] = "[scenario]\n"
                            "duration = 1m\n"
                            "seed = 1\n"
                            "profile = ${p = sp2, 5.5.2577.0} # not ${q}\n"
                            "[server]\n"
                            "ping_delay = ${a = 1s..300s step 1s}\n"
                            "[client lurker]\n"
                            "join = #a\n"
                            "keepalive = ${b = 1..100}\n";
  GError *error = NULL;
  guint before = sim_study_n_loads();
  SimStudy *s = load(big, NULL, &error);
  CU_ASSERT_PTR_NOT_NULL_FATAL(s);
  CU_ASSERT_EQUAL(sim_study_n_points(s), 60000);
  CU_ASSERT_EQUAL(sim_study_n_loads() - before, 400);
  before = sim_study_n_loads();
  GArray *runs = sim_study_map_parse_runs(s, "0,30000,59999", &error);
  CU_ASSERT_PTR_NOT_NULL_FATAL(runs);
  GString *map = g_string_new(NULL);
  sim_study_map_append(s, runs, map);
  CU_ASSERT_STRING_EQUAL(map->str, "run\tprofile\tp\ta\tb\trepetition\tseed\n"
                                   "0\tsp2\tsp2\t1\t1\t0\t1\n"
                                   "30000\t5.5.2577.0\t5.5.2577.0\t1\t1\t0\t1\n"
                                   "59999\t5.5.2577.0\t5.5.2577.0\t300\t100\t0\t1\n");
  CU_ASSERT_EQUAL(sim_study_n_loads() - before, 0);
  SimStudyResults *r = sim_study_results_run(s, runs, 2, NULL, NULL, &error);
  CU_ASSERT_PTR_NOT_NULL_FATAL(r);
  CU_ASSERT_EQUAL(sim_study_n_loads() - before, 3);
  CU_ASSERT_STRING_EQUAL(sim_study_results_row(r, 2)->profile, "5.5.2577.0");
  sim_study_results_free(r);
  g_string_free(map, TRUE);
  g_array_unref(runs);
  sim_study_free(s);
}

static void
expect_error(const char *text, const char *const *sets, const char *message)
{
  GError *error = NULL;
  SimStudy *s = load(text, sets, &error);
  CU_ASSERT_PTR_NULL(s);
  test_assert_error(error, message);
  g_error_free(error);
}

static void
test_errors(void)
{
  /* A variable's errors, as the load passes them on (test_study_vars.c has
   * the rest). */
  expect_error("[scenario]\nseed = ${s = 1, 2}\n", NULL,
               "g.study:2: [scenario] seed: the seed may not hold a variable: each "
               "repetition has its own seed (see [study] repeat and seed_rule)");
  expect_error("[study]\nseed_rule = random\n", NULL,
               "g.study:2: [study] seed_rule: 'random' is not a seed rule; accepted: "
               "offset, hash");
  expect_error("[study]\nprofiles = sp2, sp2\n", NULL,
               "g.study:2: [study] profiles: 'sp2' is listed twice; list each version "
               "once");
  expect_error("[study]\nprofiles =\n", NULL,
               "g.study:2: [study] profiles: '' names no version; accepted: all, or "
               "versions separated by commas, e.g. sp2, 5.5.2577.0");
  const char *sets[] = {"server.ping_delay=5s", NULL};
  expect_error(
      grid, sets,
      "--set 'server.ping_delay=5s': g.study:6: [server] ping_delay holds a study "
      "variable; change the variable's values in the file instead");
  /* 2^26 points times 2^16 is 2^42 points, times 8 profiles and 2^19
   * repetitions 2^64 runs: no wrap to 0 lets that through. */
  static const char *const runs_limit =
      "g.study: the study has more than 100000000 runs; accepted: at most that many "
      "(fewer values, profiles or repetitions)";
  expect_error("[a]\nb = ${x = 1..10001}\nc = ${y = 1..10000}\n", NULL, runs_limit);
  expect_error("[server]\nping_delay = ${a = 1..65536}\n"
               "[client a]\ncount = ${b = 1..1024}\nkeepalive = ${c = 1..65536}\n"
               "[study]\nprofiles = rtm, sp1, sp2, 5.5.2577.0, 5.5.2621.0, sp3, sp4, "
               "ngircd\nrepeat = 524288\n",
               NULL, runs_limit);
  expect_error(
      "[scenario]\nduration = 1m\n[client a]\ntalk = ${x = never}\n", NULL,
      "g.study: no profile: set [scenario] profile = VERSION, or give one to the "
      "command (run and plot: --profile VERSION; study: profiles in [study])");
}

int
main(void)
{
  static const TestCase tests[] = {
      {"a grid of two variables, two profiles, two repetitions", test_grid},
      {"errors keep the study file's line numbers", test_lines_kept},
      {"seed_rule = hash, and a file without variables", test_seed_hash_and_one_point},
      {"bad study files and --set options", test_errors},
      {"points are built by their runs, not at load", test_points_built_per_run},
      {NULL, NULL},
  };
  return test_run_suite("study", tests);
}

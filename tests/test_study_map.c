/* test_study_map.c: --runs lists and the map --query runs prints. */
#include "testutil.h"

#include "chatsim/study_map.h"

#include <string.h>

static const char file[] = "[scenario]\nduration = 1m\nseed = 10\nprofile = sp2\n"
                           "[client a]\njoin = #a\ntalk = every ${D = 1s, 2s, 3s}\n"
                           "[study]\nrepeat = 4\n";

static GArray *
runs(const SimStudy *s, const char *spec, GError **error)
{
  return sim_study_map_parse_runs(s, spec, error);
}

static void
test_runs(void)
{
  GError *error = NULL;
  SimStudy *s = sim_study_load("m.study", file, strlen(file), NULL, &error);
  CU_ASSERT_PTR_NOT_NULL_FATAL(s);
  GArray *all = runs(s, NULL, &error);
  CU_ASSERT_EQUAL(all->len, 12);
  g_array_unref(all);
  /* Sorted, each once. */
  GArray *some = runs(s, "9..11, 0,10,2..3", &error);
  CU_ASSERT_PTR_NOT_NULL_FATAL(some);
  static const guint64 expect[] = {0, 2, 3, 9, 10, 11};
  CU_ASSERT_EQUAL(some->len, G_N_ELEMENTS(expect));
  for (guint i = 0; i < some->len && i < G_N_ELEMENTS(expect); i++)
    CU_ASSERT_EQUAL(g_array_index(some, guint64, i), expect[i]);
  GString *map = g_string_new(NULL);
  sim_study_map_append(s, some, map);
  CU_ASSERT_STRING_EQUAL(map->str, "run\tprofile\tD\trepetition\tseed\n"
                                   "0\tsp2\t1\t0\t10\n"
                                   "2\tsp2\t1\t2\t12\n"
                                   "3\tsp2\t1\t3\t13\n"
                                   "9\tsp2\t3\t1\t11\n"
                                   "10\tsp2\t3\t2\t12\n"
                                   "11\tsp2\t3\t3\t13\n");
  g_string_free(map, TRUE);
  g_array_unref(some);
  static const char *const bad[] = {"", "12", "3..1", "a", "1,,2", "-1", "1..", NULL};
  static const char *const why[] = {
      "--runs : '' is not a run number",      "--runs 12: '12' is not a run number",
      "--runs 3..1: the range 3..1 is empty", "--runs a: 'a' is not a run number",
      "--runs 1,,2: '' is not a run number",  "--runs -1: '-1' is not a run number",
      "--runs 1..: '' is not a run number",
  };
  for (guint i = 0; bad[i]; i++) {
    CU_ASSERT_PTR_NULL(runs(s, bad[i], &error));
    CU_ASSERT_PTR_NOT_NULL_FATAL(error);
    CU_ASSERT_TRUE(g_str_has_prefix(error->message, why[i]));
    if (!g_str_has_prefix(error->message, why[i]))
      g_printerr("got: %s\n", error->message);
    g_clear_error(&error);
  }
  sim_study_free(s);
}

int
main(void)
{
  static const TestCase tests[] = {
      {"--runs lists and the map", test_runs},
      {NULL, NULL},
  };
  return test_run_suite("study_map", tests);
}

/* test_compare.c: the version matrix. */
#include "testutil.h"

#include "chatsim/compare.h"

#include <string.h>

static void
test_cells(void)
{
  SimResult ok = {.outcome = SIM_OUTCOME_CONNECTED, .time = 3600000000};
  SimResult drop = {.outcome = SIM_OUTCOME_DISCONNECTED,
                    .reason = SIM_REASON_RECV_IDLE,
                    .time = 600040000};
  SimResult whole = {.outcome = SIM_OUTCOME_DISCONNECTED,
                     .reason = SIM_REASON_PING_TIMEOUT,
                     .time = 300000000};
  SimResult quit = {
      .outcome = SIM_OUTCOME_QUIT, .reason = SIM_REASON_QUIT, .time = 101040500};
  char *c;
  CU_ASSERT_STRING_EQUAL(c = sim_compare_cell(&ok), "ok");
  g_free(c);
  CU_ASSERT_STRING_EQUAL(c = sim_compare_cell(&drop), "drop 600.04s recv-idle");
  g_free(c);
  CU_ASSERT_STRING_EQUAL(c = sim_compare_cell(&whole), "drop 300s ping-timeout");
  g_free(c);
  CU_ASSERT_STRING_EQUAL(c = sim_compare_cell(&quit), "quit 101.041s");
  g_free(c);
}

static const char text[] =
    "[scenario]\nduration = 20m\nprofile = sp2\n[network]\nlatency = 40ms\n"
    "[client lurker]\njoin = #x\n[client hung]\njoin = #q\npong = no\n"
    "[client talker]\ncount = 6\njoin = #x\ntalk = every 20s\n";

typedef enum { TEXT, TEXT_ALL, TSV } Form;

/* What sim_compare_text or _tsv streams, read back from a file. */
static char *
render(const SimCompare *cmp, Form form)
{
  char *dir = test_tmpdir();
  char *path = g_build_filename(dir, "out.txt", NULL);
  SimOutput *out = sim_output_open(path, NULL);
  if (form == TSV)
    sim_compare_tsv(cmp, out);
  else
    sim_compare_text(cmp, form == TEXT_ALL, out);
  CU_ASSERT_TRUE(sim_output_commit(out, NULL, NULL));
  char *result = test_slurp(path);
  g_free(path);
  test_tmpdir_free(dir);
  return result;
}

/* Rows that differ are listed; the rest fold into one line per value,
 * naming four clients and counting the others. */
static void
test_matrix(void)
{
  GError *error = NULL;
  g_autoptr(SimScenario) s = sim_scenario_load_data("c.ini", text, strlen(text), &error);
  CU_ASSERT_PTR_NULL_FATAL(error);
  const char *const profiles[] = {"sp2", "5.5.2577.0", NULL};
  g_autoptr(SimCompare) cmp = sim_compare_run(s, profiles, NULL, 0, &error);
  CU_ASSERT_PTR_NULL_FATAL(error);
  char *out = render(cmp, TEXT);
  CU_ASSERT_STRING_EQUAL(out,
                         "client  sp2  5.5.2577.0\n"
                         "lurker  ok   drop 600.04s recv-idle\n"
                         "1 client the same under every profile: drop 270.04s "
                         "ping-timeout (hung)\n"
                         "6 clients the same under every profile: ok (talker: all 6)\n");
  g_free(out);
  out = render(cmp, TEXT_ALL);
  CU_ASSERT_TRUE(g_str_has_prefix(
      out, "client    sp2                        5.5.2577.0\n"
           "lurker    ok                         drop 600.04s recv-idle\n"
           "hung      drop 270.04s ping-timeout  drop 270.04s "
           "ping-timeout\n"
           "talker.1  ok                         ok\n"));
  CU_ASSERT_TRUE(g_str_has_suffix(out, "talker.6  ok                         ok\n"));
  g_free(out);
  out = render(cmp, TSV);
  char **lines = g_strsplit(out, "\n", -1);
  CU_ASSERT_EQUAL(g_strv_length(lines), 1 + 2 * 8 + 1);
  CU_ASSERT_TRUE(g_str_has_prefix(lines[1], "5.5.2448.8\tlurker\tconnected\t"));
  CU_ASSERT_TRUE(
      g_str_has_prefix(lines[9], "5.5.2577.0\tlurker\tdisconnected\t600040000\t"));
  g_strfreev(lines);
  g_free(out);
}

/* A count group whose members' results differ by profile: one row per
 * class of members, with the first and median times where they differ, a
 * class of one as that client's own row. */
static const char crowd[] =
    "[scenario]\nduration = 20m\n[network]\nlatency = 40ms\njitter = 10s\n"
    "[client lurker]\ncount = 5\njoin = #x{1..2}\n"
    "[client talker]\ncount = 2\njoin = #x1\ntalk = every 20s\n"
    "[client hung]\ncount = 3\njoin = #q\npong = no\n";

static void
test_classes(void)
{
  GError *error = NULL;
  g_autoptr(SimScenario) s =
      sim_scenario_load_data("crowd.ini", crowd, strlen(crowd), &error);
  CU_ASSERT_PTR_NULL_FATAL(error);
  const char *const profiles[] = {"sp2", "5.5.2577.0", NULL};
  g_autoptr(SimCompare) cmp = sim_compare_run(s, profiles, NULL, 0, &error);
  CU_ASSERT_PTR_NULL_FATAL(error);
  char *out = render(cmp, TEXT);
  CU_ASSERT_STRING_EQUAL(
      out, "client          sp2  5.5.2577.0\n"
           "lurker: 3 of 5  ok   drop recv-idle, first 601.963s, median 605.001s\n"
           "4 clients the same under every profile: ok (lurker: 2 of 5, talker: all 2)\n"
           "3 clients the same under every profile: drop ping-timeout, first 273.178s, "
           "median 273.642s (hung: all 3)\n");
  g_free(out);
  out = render(cmp, TEXT_ALL);
  CU_ASSERT_PTR_NOT_NULL(strstr(out,
                                "\nlurker.5  ok                          drop 601.963s "
                                "recv-idle\n"));
  g_free(out);
}

/* An unknown profile fails the whole comparison. */
static void
test_bad_profile(void)
{
  GError *error = NULL;
  g_autoptr(SimScenario) s = sim_scenario_load_data("c.ini", text, strlen(text), &error);
  const char *const profiles[] = {"sp2", "sp9", NULL};
  CU_ASSERT_PTR_NULL(sim_compare_run(s, profiles, NULL, 0, &error));
  CU_ASSERT_TRUE(g_str_has_prefix(error->message, "unknown version 'sp9'"));
  g_clear_error(&error);
}

int
main(void)
{
  static const TestCase tests[] = {
      {"cells", test_cells},
      {"matrix, folding and tsv", test_matrix},
      {"count groups fold into classes", test_classes},
      {"an unknown profile", test_bad_profile},
      {NULL, NULL},
  };
  return test_run_suite("compare", tests);
}

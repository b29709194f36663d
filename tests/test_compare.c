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

/* Rows that differ are listed; the rest fold into one line per value,
 * naming four clients and counting the others. */
static void
test_matrix(void)
{
  GError *error = NULL;
  g_autoptr(SimScenario) s = sim_scenario_load_data("c.ini", text, strlen(text), &error);
  CU_ASSERT_PTR_NULL_FATAL(error);
  const char *const profiles[] = {"sp2", "5.5.2577.0", NULL};
  g_autoptr(SimCompare) cmp = sim_compare_run(s, profiles, NULL, &error);
  CU_ASSERT_PTR_NULL_FATAL(error);
  GString *out = g_string_new(NULL);
  sim_compare_text(cmp, FALSE, out);
  CU_ASSERT_STRING_EQUAL(
      out->str, "client  sp2  5.5.2577.0\n"
                "lurker  ok   drop 600.04s recv-idle\n"
                "1 client the same under every profile: drop 270.04s ping-timeout "
                "(hung)\n"
                "6 clients the same under every profile: ok (talker.1, talker.2, "
                "talker.3, talker.4, ... (2 more))\n");
  g_string_truncate(out, 0);
  sim_compare_text(cmp, TRUE, out);
  CU_ASSERT_TRUE(g_str_has_prefix(
      out->str, "client    sp2                        5.5.2577.0\n"
                "lurker    ok                         drop 600.04s recv-idle\n"
                "hung      drop 270.04s ping-timeout  drop 270.04s "
                "ping-timeout\n"));
  g_string_truncate(out, 0);
  sim_compare_tsv(cmp, out);
  char **lines = g_strsplit(out->str, "\n", -1);
  CU_ASSERT_EQUAL(g_strv_length(lines), 1 + 2 * 8 + 1);
  CU_ASSERT_TRUE(g_str_has_prefix(lines[1], "5.5.2448.8\tlurker\tconnected\t"));
  CU_ASSERT_TRUE(
      g_str_has_prefix(lines[9], "5.5.2577.0\tlurker\tdisconnected\t600040000\t"));
  g_strfreev(lines);
  g_string_free(out, TRUE);
}

/* An unknown profile fails the whole comparison. */
static void
test_bad_profile(void)
{
  GError *error = NULL;
  g_autoptr(SimScenario) s = sim_scenario_load_data("c.ini", text, strlen(text), &error);
  const char *const profiles[] = {"sp2", "sp9", NULL};
  CU_ASSERT_PTR_NULL(sim_compare_run(s, profiles, NULL, &error));
  CU_ASSERT_TRUE(g_str_has_prefix(error->message, "unknown version 'sp9'"));
  g_clear_error(&error);
}

int
main(void)
{
  static const TestCase tests[] = {
      {"cells", test_cells},
      {"matrix, folding and tsv", test_matrix},
      {"an unknown profile", test_bad_profile},
      {NULL, NULL},
  };
  return test_run_suite("compare", tests);
}

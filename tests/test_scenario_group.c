/* test_scenario_group.c: keys read one by one, each error recorded at the
 * key's line (or the group's header) with its group and key in front. */
#include "testutil.h"

#include "chatsim/scenario_group.h"

#include <string.h>

#define S(x) ((SimTime)(x)*1000000)

static const char text[] = "[client a]\n"
                           "connect = 90\n"
                           "pong = maybe\n"
                           "count = 0\n"
                           "quit = 0\n"
                           "talk = every 1h;hourly\n";

/* The diag's report of what the reads recorded, or "" if nothing. */
static char *
report(SimDiag *diag)
{
  GError *error = NULL;
  if (sim_diag_report(diag, SIM_SCENARIO_ERROR, &error))
    return g_strdup("");
  char *message = g_strdup(error->message);
  g_error_free(error);
  return message;
}

static void
test_get(void)
{
  g_autoptr(SimIni) ini = sim_ini_parse(text, strlen(text), "[client NAME]");
  g_autoptr(SimDiag) diag = sim_diag_new("t.ini");
  SimScenarioGroup g = {diag, sim_ini_group(ini, "client a")};
  CU_ASSERT_PTR_NOT_NULL_FATAL(g.group);
  SimTime t = -1;
  gboolean present = FALSE, yes = TRUE;
  CU_ASSERT_TRUE(
      sim_scenario_group_get(&g, "connect", sim_scenario_group_duration, &t, &present));
  CU_ASSERT_TRUE(present);
  CU_ASSERT_EQUAL(t, S(90));
  /* Absent: TRUE, nothing written, nothing recorded. */
  t = -1;
  CU_ASSERT_TRUE(
      sim_scenario_group_get(&g, "start", sim_scenario_group_duration, &t, &present));
  CU_ASSERT_FALSE(present);
  CU_ASSERT_EQUAL(t, -1);
  CU_ASSERT_EQUAL(sim_diag_count(diag), 0);
  CU_ASSERT_FALSE(
      sim_scenario_group_get(&g, "pong", sim_scenario_group_yes_no, &yes, NULL));
  guint64 count = 7;
  CU_ASSERT_FALSE(sim_scenario_group_uint(&g, "count", 1, 10, &count, &present));
  CU_ASSERT_FALSE(sim_scenario_group_positive_duration(&g, "quit", &t, &present));
  SimClientSpec *spec = sim_client_spec_new("a");
  CU_ASSERT_FALSE(
      sim_scenario_group_get(&g, "talk", sim_scenario_group_talk, spec, NULL));
  sim_client_spec_free(spec);
  g_autofree char *message = report(diag);
  CU_ASSERT_STRING_EQUAL(
      message,
      "t.ini:3: [client a] pong: 'maybe' is not yes or no; accepted: yes, no, true, "
      "false\n"
      "t.ini:4: [client a] count: '0' is not a whole number from 1 to 10\n"
      "t.ini:5: [client a] quit: must be longer than 0\n"
      "t.ini:6: [client a] talk: every: '1h;hourly' is not a duration; accepted: a "
      "number with an optional unit us, ms, s, m or h (a bare number is seconds), e.g. "
      "90, 1.5s, 250ms, 10m (a comment after a value starts with # or ; with a blank on "
      "both sides: 'key = value  # comment')");
}

int
main(void)
{
  static const TestCase tests[] = {
      {"values read key by key, errors at their lines", test_get},
      {NULL, NULL},
  };
  return test_run_suite("scenario_group", tests);
}

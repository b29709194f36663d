/* test_value.c: join lists, talk schedules, keepalive and expectations,
 * accepted and refused with the message a user sees after "[group] key: ". */
#include "testutil.h"

#include "chatsim/value.h"

#include <string.h>

#define S(x) ((SimTime)(x)*1000000)
#define MS(x) ((SimTime)(x)*1000)

static void
test_join(void)
{
  SimClientSpec *spec = sim_client_spec_new("a");
  GError *error = NULL;
  CU_ASSERT_TRUE(sim_value_join("#a, #B", spec, &error));
  CU_ASSERT_STRING_EQUAL(spec->channels[1], "#B");
  CU_ASSERT_FALSE(sim_value_join("#a, #A", spec, &error));
  CU_ASSERT_STRING_EQUAL(error->message, "#A is listed twice");
  g_clear_error(&error);
  /* Past 16 names the check goes through a table: the same answers. */
  GString *many = g_string_new("#c0");
  for (int i = 1; i < 40; i++)
    g_string_append_printf(many, ", #c%d", i);
  CU_ASSERT_TRUE(sim_value_join(many->str, spec, &error));
  CU_ASSERT_STRING_EQUAL(spec->channels[39], "#c39");
  g_string_append(many, ", #C7");
  CU_ASSERT_FALSE(sim_value_join(many->str, spec, &error));
  CU_ASSERT_STRING_EQUAL(error->message, "#C7 is listed twice");
  g_clear_error(&error);
  g_string_free(many, TRUE);
  spec->count = 100; /* more members than channels: the whole range */
  CU_ASSERT_TRUE(sim_value_join("#r{1..3}", spec, &error));
  CU_ASSERT_TRUE(spec->spread);
  CU_ASSERT_STRING_EQUAL(spec->channels[2], "#r3");
  /* A range wider than the group makes one channel per member, and still
   * checks the range's last name. */
  spec->count = 2;
  CU_ASSERT_TRUE(sim_value_join("#r{1..999999}", spec, &error));
  CU_ASSERT_EQUAL(g_strv_length(spec->channels), 2);
  CU_ASSERT_STRING_EQUAL(spec->channels[1], "#r2");
  char *long_range =
      g_strdup_printf("#%s{1..999999}", "0123456789012345678901234567890123456789abcd");
  CU_ASSERT_FALSE(sim_value_join(long_range, spec, &error));
  CU_ASSERT_PTR_NOT_NULL(
      error != NULL ? strstr(error->message, "abcd999999', which is not a channel name")
                    : NULL);
  g_clear_error(&error);
  g_free(long_range);
  spec->count = 1;
  CU_ASSERT_FALSE(sim_value_join("lobby", spec, &error));
  CU_ASSERT_STRING_EQUAL(error->message,
                         "'lobby' is not a channel name; accepted: '#' and 1 to 49 "
                         "characters without spaces, commas or '#', e.g. #lobby");
  g_clear_error(&error);
  sim_client_spec_free(spec);
}

static void
test_talk(void)
{
  SimClientSpec *spec = sim_client_spec_new("a");
  GError *error = NULL;
  CU_ASSERT_TRUE(sim_value_talk("every 20s", spec, &error));
  CU_ASSERT_EQUAL(spec->talk, SIM_TALK_EVERY);
  CU_ASSERT_EQUAL(spec->talk_period, S(20));
  CU_ASSERT_TRUE(sim_value_talk("at 1s, 2.5s", spec, &error));
  CU_ASSERT_EQUAL(spec->talk, SIM_TALK_AT);
  CU_ASSERT_EQUAL(g_array_index(spec->talk_at, SimTime, 1), MS(2500));
  CU_ASSERT_FALSE(sim_value_talk("poisson 0", spec, &error));
  CU_ASSERT_STRING_EQUAL(error->message, "'poisson 0': the mean must be longer than 0");
  g_clear_error(&error);
  sim_client_spec_free(spec);
}

static void
test_keepalive(void)
{
  SimTime t = -1;
  GError *error = NULL;
  CU_ASSERT_TRUE(sim_value_keepalive("off", &t, &error));
  CU_ASSERT_EQUAL(t, 0);
  CU_ASSERT_TRUE(sim_value_keepalive("5m", &t, &error));
  CU_ASSERT_EQUAL(t, S(300));
  CU_ASSERT_FALSE(sim_value_keepalive("0", &t, &error));
  CU_ASSERT_STRING_EQUAL(error->message,
                         "must be longer than 0; to turn it off, say off");
  g_clear_error(&error);
}

static void
test_expectation(void)
{
  SimExpectation e = {0};
  GError *error = NULL;
  CU_ASSERT_TRUE(
      sim_value_expectation("disconnected at 600s+-50ms by recv-idle", &e, &error));
  CU_ASSERT_EQUAL(e.outcome, SIM_OUTCOME_DISCONNECTED);
  CU_ASSERT_TRUE(e.has_at);
  CU_ASSERT_EQUAL(e.at, S(600));
  CU_ASSERT_EQUAL(e.tolerance, MS(50));
  CU_ASSERT_EQUAL(e.reason, SIM_REASON_RECV_IDLE);
  SimExpectation q = {0};
  CU_ASSERT_TRUE(sim_value_expectation("Quit", &q, &error));
  CU_ASSERT_EQUAL(q.outcome, SIM_OUTCOME_QUIT);
  CU_ASSERT_FALSE(sim_value_expectation("dropped", &q, &error));
  CU_ASSERT_STRING_EQUAL(error->message,
                         "'dropped' is not an expectation; accepted: connected, quit, or "
                         "disconnected [at TIME[+-TOL]] [by recv-idle|ping-timeout]");
  g_clear_error(&error);
}

int
main(void)
{
  static const TestCase tests[] = {
      {"join lists and ranges", test_join},
      {"talk schedules", test_talk},
      {"keepalive", test_keepalive},
      {"expectations", test_expectation},
      {NULL, NULL},
  };
  return test_run_suite("value", tests);
}

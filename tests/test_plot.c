/* test_plot.c: the plot module: which clients become lanes (names,
 * members, --dropped, the cap) and what every run keeps. */
#include "testutil.h"

#include "chatsim/plot.h"

#include <string.h>

/* By default every group, count groups cut to 3 members, and the note says so. */
static void
test_select(void)
{
  SimScenario *scenario = test_load_scenario("scenarios/kb233512.ini");
  static const char *const affected[] = {"5.5.2577.0", NULL};
  SimPlot *plot = test_plot_runs(scenario, NULL, affected);
  CU_ASSERT_EQUAL(sim_plot_n_lanes(plot), 4);
  CU_ASSERT_STRING_EQUAL(sim_plot_note(plot), "4 of 5 clients drawn (chatter: 3 of 4)");
  sim_plot_free(plot);

  SimPlotSelect all = {.members = 0};
  plot = test_plot_runs(scenario, &all, affected);
  CU_ASSERT_EQUAL(sim_plot_n_lanes(plot), 5);
  CU_ASSERT_STRING_EQUAL(sim_plot_note(plot), "");
  sim_plot_free(plot);

  static const char *const some[] = {"chatter.4", "lurker", NULL};
  SimPlotSelect pick = {.clients = some, .members = 3};
  plot = test_plot_runs(scenario, &pick, affected);
  CU_ASSERT_EQUAL(sim_plot_n_lanes(plot), 2);
  CU_ASSERT_STRING_EQUAL(sim_plot_note(plot), "2 of 5 clients drawn (chatter: 1 of 4)");
  sim_plot_free(plot);

  static const char *const two[] = {"chatter", NULL};
  SimPlotSelect group = {.clients = two, .members = 2};
  plot = test_plot_runs(scenario, &group, affected);
  CU_ASSERT_EQUAL(sim_plot_n_lanes(plot), 2);
  CU_ASSERT_STRING_EQUAL(sim_plot_note(plot), "2 of 5 clients drawn (chatter: 2 of 4)");
  sim_plot_free(plot);

  static const char *const nobody[] = {"nobody", NULL};
  SimPlotSelect bad = {.clients = nobody, .members = 3};
  plot = sim_plot_new(scenario, &bad);
  GError *error = NULL;
  CU_ASSERT_FALSE(sim_plot_add_run(plot, scenario, NULL, &error));
  CU_ASSERT_TRUE(g_error_matches(error, SIM_PLOT_ERROR, SIM_PLOT_ERROR_INVALID));
  CU_ASSERT_STRING_EQUAL(error->message,
                         "no client or group named 'nobody' in kb233512; accepted: "
                         "lurker, chatter, chatter.1 to chatter.4");
  g_clear_error(&error);
  CU_ASSERT_EQUAL(sim_plot_n_runs(plot), 0);
  sim_plot_free(plot);
  sim_scenario_free(scenario);
}

/* The lane cap: the first lanes in scenario order, and the note says so. */
static void
test_lane_cap(void)
{
  SimScenario *scenario = test_load_scenario("scenarios/poisson-traffic.ini");
  SimPlotSelect select = {.members = 0, .max_lanes = 10};
  static const char *const affected[] = {"5.5.2577.0", NULL};
  SimPlot *plot = test_plot_runs(scenario, &select, affected);
  CU_ASSERT_EQUAL(sim_plot_n_lanes(plot), 10);
  CU_ASSERT_EQUAL(sim_plot_n_selected(plot), 23);
  CU_ASSERT_STRING_EQUAL(sim_plot_note(plot),
                         "10 of 23 clients drawn: the first 10 of 23 chosen");
  const SimPlotLane *last = g_ptr_array_index(sim_plot_run(plot, 0)->lanes, 9);
  CU_ASSERT_STRING_EQUAL(last->name, "talk-c.1");
  sim_plot_free(plot);
  sim_scenario_free(scenario);
}

/* --dropped before any drop: no lane; then the lanes of the run that
 * dropped, traced in the earlier run too. */
static void
test_dropped_lanes(void)
{
  SimScenario *scenario = test_load_scenario("scenarios/poisson-traffic.ini");
  SimPlotSelect select = {.members = 1, .dropped = TRUE};
  static const char *const sp2[] = {"sp2", NULL};
  SimPlot *plot = test_plot_runs(scenario, &select, sp2);
  CU_ASSERT_EQUAL(sim_plot_n_lanes(plot), 0);
  SimScenarioOverrides affected = {.profile = "5.5.2577.0"};
  CU_ASSERT_TRUE_FATAL(sim_plot_add_run(plot, scenario, &affected, NULL));
  static const char *const want[] = {"lurk-b", "lurk-c", "lurk-d", "talk-d.1", "lurk-e"};
  for (guint r = 0; r < 2; r++) {
    const SimPlotRun *run = sim_plot_run(plot, r);
    CU_ASSERT_EQUAL_FATAL(run->lanes->len, G_N_ELEMENTS(want));
    for (guint k = 0; k < run->lanes->len; k++) {
      const SimPlotLane *lane = g_ptr_array_index(run->lanes, k);
      CU_ASSERT_STRING_EQUAL(lane->name, want[k]);
      CU_ASSERT_TRUE(lane->events->len > 0);
      CU_ASSERT_EQUAL(run->outcomes[lane->client].outcome,
                      r == 0 ? SIM_OUTCOME_CONNECTED : SIM_OUTCOME_DISCONNECTED);
    }
  }
  /* Every client's outcome is kept, drawn or not. */
  const SimPlotClients *clients = sim_plot_clients(plot);
  CU_ASSERT_EQUAL(clients->n_clients, 23);
  CU_ASSERT_EQUAL(clients->n_groups, 12);
  CU_ASSERT_STRING_EQUAL(clients->names[22], "talk-f.2");
  CU_ASSERT_EQUAL(sim_plot_run(plot, 1)->outcomes[0].outcome, SIM_OUTCOME_CONNECTED);
  sim_plot_free(plot);
  sim_scenario_free(scenario);
}

int
main(void)
{
  static const TestCase tests[] = {
      {"client selection and the partly-drawn note", test_select},
      {"the lane cap keeps the first lanes", test_lane_cap},
      {"--dropped: lanes the same in every run", test_dropped_lanes},
      {NULL, NULL},
  };
  return test_run_suite("plot", tests);
}

/* test_keepalive.c: the rules' due times on exact and ticking clocks,
 * against the definition scanned instant by instant, and the event
 * loop's and the sweeps' grids. */
#include "testutil.h"

#include "chatsim/duration.h"
#include "chatsim/keepalive.h"

#define S(x) ((SimTime)(x)*SIM_US_PER_S)

static void
test_clock(void)
{
  SimKeepalive ka = {0};
  CU_ASSERT_EQUAL(sim_keepalive_clock(&ka, S(61) + 5), S(61) + 5);
  ka.clock_resolution = S(1);
  CU_ASSERT_EQUAL(sim_keepalive_clock(&ka, S(61) + 5), S(61));
  CU_ASSERT_EQUAL(sim_keepalive_clock(&ka, S(61)), S(61));
  CU_ASSERT_EQUAL(sim_keepalive_clock(&ka, S(1) - 1), 0);
}

/* The definition: the first instant t after `since` at which
 * clock(t) - clock(since) reaches (inclusive) or exceeds (strict) span. */
static SimTime
scan_due(const SimKeepalive *ka, SimTime since, SimTime span, guint compare)
{
  for (SimTime t = since + 1;; t++) {
    SimTime d = sim_keepalive_clock(ka, t) - sim_keepalive_clock(ka, since);
    if (compare == SIM_COMPARE_STRICT ? d > span : d >= span)
      return t;
  }
}

static void
test_rule_due_matches_definition(void)
{
  SimKeepalive ka = {0};
  guint checked = 0, bad = 0;
  for (SimTime res = 0; res <= 7; res++)
    for (SimTime since = 0; since <= 30; since++)
      for (SimTime span = 1; span <= 20; span++)
        for (guint compare = SIM_COMPARE_INCLUSIVE; compare <= SIM_COMPARE_STRICT;
             compare++) {
          ka.clock_resolution = res;
          SimTime got = sim_keepalive_rule_due(&ka, since, span, compare);
          SimTime want = scan_due(&ka, since, span, compare);
          checked++;
          if (got != want && bad++ < 5)
            fprintf(stderr,
                    "res %" G_GINT64_FORMAT " since %" G_GINT64_FORMAT
                    " span %" G_GINT64_FORMAT " compare %u: %" G_GINT64_FORMAT
                    ", want %" G_GINT64_FORMAT "\n",
                    res, since, span, compare, got, want);
        }
  CU_ASSERT_EQUAL(checked, 8 * 31 * 20 * 2);
  CU_ASSERT_EQUAL(bad, 0);
}

static void
test_rule_due_examples(void)
{
  SimKeepalive ka = {0};
  CU_ASSERT_EQUAL(sim_keepalive_rule_due(&ka, S(10), S(60), SIM_COMPARE_INCLUSIVE),
                  S(70));
  CU_ASSERT_EQUAL(sim_keepalive_rule_due(&ka, S(10), S(60), SIM_COMPARE_STRICT),
                  S(70) + 1);
  /* A one-second clock: a stamp at 10.5 s is tick 10, so the minute is
   * reached at 70 s, not 70.5 s, and exceeded at 71 s. */
  ka.clock_resolution = S(1);
  SimTime since = S(10) + S(1) / 2;
  CU_ASSERT_EQUAL(sim_keepalive_rule_due(&ka, since, S(60), SIM_COMPARE_INCLUSIVE),
                  S(70));
  CU_ASSERT_EQUAL(sim_keepalive_rule_due(&ka, since, S(60), SIM_COMPARE_STRICT), S(71));
}

static void
test_rules_read_their_parameters(void)
{
  SimKeepalive ka = {
      .ping_delay = S(90),
      .reply_window = S(30),
      .recv_idle_limit = S(600),
      .ping_compare = SIM_COMPARE_STRICT,
      .reply_compare = SIM_COMPARE_INCLUSIVE,
  };
  CU_ASSERT_EQUAL(sim_keepalive_ping_due(&ka, S(5)), S(95) + 1);
  /* The window runs from the later of the last PING and the last activity. */
  CU_ASSERT_EQUAL(sim_keepalive_reply_due(&ka, S(100), S(40)), S(130));
  CU_ASSERT_EQUAL(sim_keepalive_reply_due(&ka, S(100), S(110)), S(140));
  /* recv-idle is always inclusive. */
  CU_ASSERT_EQUAL(sim_keepalive_idle_due(&ka, S(7)), S(607));
}

static void
test_loop_grid(void)
{
  SimKeepalive ka = {.loop_wakeup = 10};
  CU_ASSERT_TRUE(sim_keepalive_loop_awake(&ka, 3, 3));
  CU_ASSERT_TRUE(sim_keepalive_loop_awake(&ka, 3, 23));
  CU_ASSERT_FALSE(sim_keepalive_loop_awake(&ka, 3, 24));
  CU_ASSERT_EQUAL(sim_keepalive_loop_next(&ka, 3, 3), 3);
  CU_ASSERT_EQUAL(sim_keepalive_loop_next(&ka, 3, 4), 13);
  CU_ASSERT_EQUAL(sim_keepalive_loop_next(&ka, 3, 13), 13);
  CU_ASSERT_EQUAL(sim_keepalive_loop_next(&ka, 3, 14), 23);
}

static void
test_first_sweep(void)
{
  SimKeepalive ka = {.check_interval = S(60)};
  CU_ASSERT_EQUAL(sim_keepalive_first_sweep(&ka), S(60));
  ka.check_phase = S(15);
  CU_ASSERT_EQUAL(sim_keepalive_first_sweep(&ka), S(15));
  ka.check_phase = S(75);
  CU_ASSERT_EQUAL(sim_keepalive_first_sweep(&ka), S(15));
  ka.check_phase = S(120);
  CU_ASSERT_EQUAL(sim_keepalive_first_sweep(&ka), S(60));
  /* Without sweeps there is no grid: a programming error, not a time. */
  ka.check_interval = 0;
  test_criticals_begin();
  SimTime none = sim_keepalive_first_sweep(&ka);
  CU_ASSERT_EQUAL(test_criticals_end(), 1);
  CU_ASSERT_EQUAL(none, SIM_TIME_NEVER);
}

int
main(void)
{
  static const TestCase tests[] = {
      {"the server's clock keeps its ticks", test_clock},
      {"rule_due is the definition, scanned instant by instant",
       test_rule_due_matches_definition},
      {"rule_due on exact and one-second clocks", test_rule_due_examples},
      {"each rule reads its own parameters", test_rules_read_their_parameters},
      {"the event loop's wake-up grid", test_loop_grid},
      {"the first sweep falls on check_phase mod check_interval", test_first_sweep},
      {NULL, NULL},
  };
  return test_run_suite("keepalive", tests);
}

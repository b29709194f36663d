/* test_why.c: the why sentence from a connection's state, in the Chat
 * Service's words and in each IRC server's. */
#include "testutil.h"

#include "chatsim/duration.h"
#include "chatsim/why.h"

#include <string.h>

#define S(x) ((SimTime)(x)*SIM_US_PER_S)
#define MS(x) ((SimTime)(x)*1000)

static char *
why_of(const char *version, const SimKeepalive *ka, const SimWhy *w)
{
  const SimProfile *p = sim_profile_resolve(version, NULL);
  g_assert(p != NULL);
  SimKeepalive k = ka != NULL ? *ka : p->keepalive;
  sim_profile_keepalive_resolve(&k);
  GString *s = g_string_new(NULL);
  sim_why_append(p, &k, w, s);
  return g_string_free(s, FALSE);
}

static void
assert_why(char *got, const char *want)
{
  if (strcmp(got, want) != 0)
    printf("\n  got  %s\n  want %s\n", got, want);
  CU_ASSERT_STRING_EQUAL(got, want);
  g_free(got);
}

/* A hung client under sp2: two PINGs, then the reply window. */
static void
test_exchange_ping_timeout(void)
{
  SimWhy w = {
      .now = S(270) + MS(40),
      .last_recv = MS(40),
      .last_kind = "register",
      .last_activity = MS(40),
      .first_ping = S(90) + MS(40),
      .last_ping = S(180) + MS(40),
      .pings = 2,
      .unanswered = 2,
      .reply_due = S(270) + MS(40),
  };
  assert_why(why_of("sp2", NULL, &w),
             "nothing received since 0.040000 s (register); 2 PINGs (the first at "
             "90.040000 s, the last at 180.040000 s) went unanswered (ping_attempts 2); "
             "the reply window of 90s after the last ran out at 270.040000 s");
  /* Under sweeps, the sweep that acted. */
  SimKeepalive ka = sim_profile_resolve("sp2", NULL)->keepalive;
  ka.check_interval = S(30);
  w.now = S(300);
  char *got = why_of("sp2", &ka, &w);
  CU_ASSERT_PTR_NOT_NULL(strstr(got,
                                "ran out at 270.040000 s (noticed on the 30s sweep at "
                                "300.000000 s)"));
  g_free(got);
}

/* KB233512: no PING because server sends kept restarting the process. */
static void
test_exchange_recv_idle(void)
{
  SimWhy w = {
      .recv_idle = TRUE,
      .now = S(600) + MS(40),
      .last_recv = MS(40),
      .last_kind = "register",
      .last_activity = S(585),
      .restarts = 30,
      .last_restart = S(585),
      .idle_due = S(600) + MS(40),
      .ping_due = S(675),
  };
  assert_why(
      why_of("5.5.2577.0", NULL, &w),
      "nothing received since 0.040000 s (register); the receive-idle limit of 10m "
      "ran out at 600.040000 s; no PING went out: server sends restarted the ping "
      "process 30 times since then (the last at 585.000000 s), so 90s of inactivity "
      "(ping_delay) never passed");
}

/* Each server's ERROR text: ngIRCd says its PongTimeout; InspIRCd the
 * seconds since nextping was set ("1 second" in the singular); hybrid the
 * seconds since its back-dated last_ping. */
static void
test_server_errors(void)
{
  SimWhy w = {
      .now = S(13) + MS(250),
      .last_recv = S(1) + MS(250),
      .last_kind = "join",
      .last_activity = S(1) + MS(250),
      .first_ping = S(7) + MS(250),
      .last_ping = S(7) + MS(250),
      .pings = 1,
      .unanswered = 1,
      .reply_due = S(13),
  };
  SimKeepalive ka = sim_profile_resolve("ngircd", NULL)->keepalive;
  ka.ping_delay = ka.reply_window = S(5);
  assert_why(
      why_of("ngircd", &ka, &w),
      "Ping timeout: 5 seconds (ngIRCd's ERROR); nothing received since 1.250000 s "
      "(join); 1 PING (at 7.250000 s) went unanswered (ping_attempts 1); the reply "
      "window of 5s (PongTimeout) after the last ran out at 13.000000 s (acted on at "
      "the event loop's next wake-up, 13.250000 s)");
  ka = sim_profile_resolve("inspircd", NULL)->keepalive;
  ka.ping_delay = S(5);
  w.now = S(12) + MS(250);
  w.reply_due = S(12);
  char *got = why_of("inspircd", &ka, &w);
  CU_ASSERT_TRUE(g_str_has_prefix(got, "Ping timeout: 5 seconds (InspIRCd's ERROR); "));
  CU_ASSERT_PTR_NOT_NULL(strstr(got, "(noticed on the 1s sweep at 12.250000 s)"));
  g_free(got);
  /* Data after the PING restarted the window without answering it. */
  w.last_activity = w.last_recv = S(11) + MS(500);
  w.last_kind = "privmsg";
  got = why_of("inspircd", &ka, &w);
  CU_ASSERT_TRUE(g_str_has_prefix(got, "Ping timeout: 1 second (InspIRCd's ERROR); "));
  CU_ASSERT_PTR_NOT_NULL(strstr(got,
                                "the reply window of 5s (pingfreq) after the last data "
                                "(not a PONG, so the PING stayed outstanding) ran out"));
  g_free(got);
  ka = sim_profile_resolve("hybrid", NULL)->keepalive;
  ka.ping_delay = S(5);
  w.last_activity = w.last_recv = MS(250);
  w.last_kind = "join";
  w.last_ping = w.first_ping = S(8) + MS(250);
  w.now = S(13) + MS(250);
  w.reply_due = S(13);
  got = why_of("hybrid", &ka, &w);
  CU_ASSERT_TRUE(
      g_str_has_prefix(got, "Ping timeout: 10 seconds (ircd-hybrid's ERROR); "));
  CU_ASSERT_PTR_NOT_NULL(strstr(got, "(ping_time)"));
  CU_ASSERT_PTR_NOT_NULL(strstr(got, "(noticed on the 5s sweep at 13.250000 s)"));
  g_free(got);
}

int
main(void)
{
  static const TestCase tests[] = {
      {"Exchange ping-timeout, exact and under sweeps", test_exchange_ping_timeout},
      {"Exchange recv-idle after server sends", test_exchange_recv_idle},
      {"the servers' ERROR texts and settings", test_server_errors},
      {NULL, NULL},
  };
  return test_run_suite("why", tests);
}

/* test_profile.c: the seven Chatsvc.exe profiles (research.md's build
 * table), version resolution, and the keepalive parameters' text forms. */
#include "testutil.h"

#include "chatsim/duration.h"
#include "chatsim/profile.h"

#include <stdio.h>
#include <string.h>

#define S(x) ((SimTime)(x)*SIM_US_PER_S)

#define KNOWN                                                                            \
  "known: 5.5.1960.5 (rtm), 5.5.2232.18 (sp1), 5.5.2448.8 (sp2), 5.5.2577.0, "           \
  "5.5.2621.0, 5.5.2650.24 (sp3), 5.5.2653.23 (sp4); or any build 5.5.N[.M] from "       \
  "5.5.1960 on; or an IRC server: ngircd, inspircd, hybrid"

#define PARAMS                                                                           \
  "ping_delay, ping_attempts, reply_window, restart_on_send, ping_counts_as_send, "      \
  "recv_idle_limit, check_interval, check_phase, clock_resolution, ping_compare, "       \
  "reply_compare, loop_wakeup, ping_answer, login_penalty, welcome"

static const struct {
  const char *version, *alias, *label;
  guint build;
  gboolean restart_on_send;
} expected[] = {
    {"5.5.1960.5", "rtm", "Exchange 5.5 RTM", 1960, FALSE},
    {"5.5.2232.18", "sp1", "Exchange 5.5 SP1", 2232, FALSE},
    {"5.5.2448.8", "sp2", "Exchange 5.5 SP2", 2448, FALSE},
    {"5.5.2577.0", NULL, "post-SP2 Chatsvc hotfix (KB233512 bug)", 2577, TRUE},
    {"5.5.2621.0", NULL, "KB233512 fix", 2621, FALSE},
    {"5.5.2650.24", "sp3", "Exchange 5.5 SP3", 2650, FALSE},
    {"5.5.2653.23", "sp4", "Exchange 5.5 SP4", 2653, FALSE},
};

/* The profile with this version in the built-in table. */
static const SimProfile *
by_version(const char *version)
{
  gsize n = 0;
  const SimProfile *all = sim_profile_all(&n);
  for (gsize i = 0; i < n; i++)
    if (strcmp(all[i].version, version) == 0)
      return &all[i];
  return NULL;
}

static void
test_table(void)
{
  gsize n = 0;
  const SimProfile *all = sim_profile_all(&n);
  CU_ASSERT_PTR_NOT_NULL_FATAL(all);
  CU_ASSERT_EQUAL_FATAL(n, G_N_ELEMENTS(expected));
  for (gsize i = 0; i < n; i++) {
    const SimProfile *p = &all[i];
    CU_ASSERT_STRING_EQUAL(p->version, expected[i].version);
    if (expected[i].alias) {
      CU_ASSERT_STRING_EQUAL(p->alias ? p->alias : "(null)", expected[i].alias);
    } else {
      CU_ASSERT_PTR_NULL(p->alias);
    }
    CU_ASSERT_STRING_EQUAL(p->label, expected[i].label);
    CU_ASSERT_EQUAL(p->build, expected[i].build);
    /* The build is the third field of the version. */
    char *prefix = g_strdup_printf("5.5.%u.", p->build);
    CU_ASSERT_TRUE(g_str_has_prefix(p->version, prefix));
    g_free(prefix);
    if (i > 0) {
      CU_ASSERT_TRUE(p->build > all[i - 1].build); /* build order */
    }
  }
}

static void
test_defaults(void)
{
  gsize n = 0;
  const SimProfile *all = sim_profile_all(&n);
  guint restarting = 0;
  for (gsize i = 0; i < n; i++) {
    const SimKeepalive *k = &all[i].keepalive;
    CU_ASSERT_EQUAL(k->ping_delay, S(90));
    CU_ASSERT_EQUAL(k->ping_attempts, 2);
    CU_ASSERT_EQUAL(k->reply_window, 0); /* = ping_delay */
    CU_ASSERT_EQUAL(k->recv_idle_limit, S(600));
    CU_ASSERT_EQUAL(k->check_interval, 0);
    CU_ASSERT_FALSE(k->ping_counts_as_send);
    /* Only the affected hotfix restarts the ping process on a send. */
    CU_ASSERT_EQUAL(k->restart_on_send, expected[i].restart_on_send);
    restarting += k->restart_on_send != FALSE;
  }
  CU_ASSERT_EQUAL(restarting, 1);
  const SimProfile *bug = by_version("5.5.2577.0");
  CU_ASSERT_PTR_NOT_NULL_FATAL(bug);
  CU_ASSERT_TRUE(bug->keepalive.restart_on_send);
}

static void
expect_resolve(const char *text, const char *version)
{
  GError *error = NULL;
  const SimProfile *p = sim_profile_resolve(text, &error);
  if (p == NULL || strcmp(p->version, version) != 0)
    printf("\n  resolve('%s') = %s, want %s\n", text,
           p       ? p->version
           : error ? error->message
                   : "NULL",
           version);
  CU_ASSERT_PTR_NOT_NULL_FATAL(p);
  CU_ASSERT_PTR_NULL(error);
  /* The very entry of the table, not a copy. */
  CU_ASSERT_PTR_EQUAL(p, by_version(version));
  g_clear_error(&error);
}

static void
test_resolve_aliases(void)
{
  expect_resolve("rtm", "5.5.1960.5");
  expect_resolve("sp1", "5.5.2232.18");
  expect_resolve("sp2", "5.5.2448.8");
  expect_resolve("sp3", "5.5.2650.24");
  expect_resolve("sp4", "5.5.2653.23");
  expect_resolve("RTM", "5.5.1960.5");
  expect_resolve("Sp1", "5.5.2232.18");
  expect_resolve("SP2", "5.5.2448.8");
  expect_resolve("sP3", "5.5.2650.24");
  expect_resolve("SP4", "5.5.2653.23");
}

static void
test_resolve_exact(void)
{
  for (gsize i = 0; i < G_N_ELEMENTS(expected); i++)
    expect_resolve(expected[i].version, expected[i].version);
}

static void
test_resolve_builds(void)
{
  expect_resolve("5.5.1960", "5.5.1960.5");
  expect_resolve("5.5.2231", "5.5.1960.5");
  expect_resolve("5.5.2232", "5.5.2232.18");
  expect_resolve("5.5.2448", "5.5.2448.8");
  expect_resolve("5.5.2576", "5.5.2448.8"); /* just before the bug: SP2 */
  expect_resolve("5.5.2577", "5.5.2577.0");
  expect_resolve("5.5.2577.7", "5.5.2577.0");
  expect_resolve("5.5.2600", "5.5.2577.0"); /* research.md: behaves as 2577 */
  expect_resolve("5.5.2620", "5.5.2577.0");
  expect_resolve("5.5.2621", "5.5.2621.0");
  expect_resolve("5.5.2646", "5.5.2621.0"); /* research.md: behaves as 2621 */
  expect_resolve("5.5.2646.0", "5.5.2621.0");
  expect_resolve("5.5.2649", "5.5.2621.0");
  expect_resolve("5.5.2650", "5.5.2650.24");
  expect_resolve("5.5.2650.1", "5.5.2650.24");
  expect_resolve("5.5.2652", "5.5.2650.24");
  expect_resolve("5.5.2653", "5.5.2653.23");
  expect_resolve("5.5.9999", "5.5.2653.23");
  expect_resolve("5.5.9999.9999", "5.5.2653.23");
  /* The affected range as the model sees it. */
  GError *error = NULL;
  CU_ASSERT_FALSE(sim_profile_resolve("5.5.2576", &error)->keepalive.restart_on_send);
  CU_ASSERT_TRUE(sim_profile_resolve("5.5.2577", &error)->keepalive.restart_on_send);
  CU_ASSERT_TRUE(sim_profile_resolve("5.5.2620.99", &error)->keepalive.restart_on_send);
  CU_ASSERT_FALSE(sim_profile_resolve("5.5.2621", &error)->keepalive.restart_on_send);
  CU_ASSERT_PTR_NULL(error);
}

static void
expect_unknown(const char *text, const char *message)
{
  GError *error = NULL;
  const SimProfile *p = sim_profile_resolve(text, &error);
  CU_ASSERT_PTR_NULL(p);
  CU_ASSERT_PTR_NOT_NULL_FATAL(error);
  CU_ASSERT_TRUE(error->domain == SIM_PROFILE_ERROR);
  CU_ASSERT_EQUAL(error->code, SIM_PROFILE_ERROR_UNKNOWN);
  if (strcmp(error->message, message) != 0)
    printf("\n  resolve('%s'): got \"%s\"\n  want \"%s\"\n", text, error->message,
           message);
  CU_ASSERT_STRING_EQUAL(error->message, message);
  g_error_free(error);
  /* A NULL error is allowed. */
  CU_ASSERT_PTR_NULL(sim_profile_resolve(text, NULL));
}

static void
test_resolve_errors(void)
{
  static const char *const garbled[] = {"6.0",
                                        "5.5.x",
                                        "5.5.",
                                        "",
                                        "5.5",
                                        "5.5.2577.",
                                        "sp",
                                        "sp5",
                                        " sp2",
                                        "sp2 ",
                                        "5.5.2577x",
                                        "5.5.2577.0.1",
                                        "5.4.2577",
                                        "5.5.-1",
                                        "5.5.+2577",
                                        "5.5.2577.0 ",
                                        "5.5.99999999999999999999",
                                        "5.5.2577.x"};
  for (guint i = 0; i < G_N_ELEMENTS(garbled); i++) {
    char *msg = g_strdup_printf("unknown version '%s'; " KNOWN, garbled[i]);
    expect_unknown(garbled[i], msg);
    g_free(msg);
  }
  static const char *const old[] = {"5.5.1959", "5.5.0", "5.5.1959.99"};
  for (guint i = 0; i < G_N_ELEMENTS(old); i++) {
    char *msg = g_strdup_printf(
        "version '%s' is older than Exchange 5.5 RTM (5.5.1960); " KNOWN, old[i]);
    expect_unknown(old[i], msg);
    g_free(msg);
  }
}

/* reply_window's default is "= ping_delay": it follows ping_delay after
 * an override, and an explicit reply_window stays put. */
static void
test_follows(void)
{
  SimKeepalive k = by_version("5.5.2448.8")->keepalive;
  char *text = sim_profile_param_format(&k, "reply_window");
  CU_ASSERT_STRING_EQUAL(text, "= ping_delay");
  g_free(text);
  SimKeepalive r = k;
  sim_profile_keepalive_resolve(&r);
  CU_ASSERT_EQUAL(r.reply_window, S(90));
  CU_ASSERT_TRUE(sim_profile_param_set(&k, "ping_delay", "60s", NULL));
  r = k;
  sim_profile_keepalive_resolve(&r);
  CU_ASSERT_EQUAL(r.ping_delay, S(60));
  CU_ASSERT_EQUAL(r.reply_window, S(60));
  CU_ASSERT_TRUE(sim_profile_param_set(&k, "reply_window", "45s", NULL));
  CU_ASSERT_TRUE(sim_profile_param_set(&k, "ping_delay", "2m", NULL));
  r = k;
  sim_profile_keepalive_resolve(&r);
  CU_ASSERT_EQUAL(r.reply_window, S(45));
  /* Only the parameter it follows is accepted after '='. */
  GError *error = NULL;
  CU_ASSERT_FALSE(sim_profile_param_set(&k, "reply_window", "= ping_attempts", &error));
  CU_ASSERT_PTR_NOT_NULL_FATAL(error);
  CU_ASSERT_PTR_NOT_NULL(
      strstr(error->message, "or '= ping_delay' to follow ping_delay"));
  g_clear_error(&error);
  CU_ASSERT_FALSE(sim_profile_param_set(&k, "ping_delay", "= reply_window", &error));
  CU_ASSERT_PTR_NOT_NULL_FATAL(error);
  CU_ASSERT_PTR_NULL(strstr(error->message, "to follow"));
  g_clear_error(&error);
}

static void
test_param_names(void)
{
  static const char *const want[] = {
      "ping_delay",          "ping_attempts",   "reply_window",   "restart_on_send",
      "ping_counts_as_send", "recv_idle_limit", "check_interval", "check_phase",
      "clock_resolution",    "ping_compare",    "reply_compare",  "loop_wakeup",
      "ping_answer",         "login_penalty",   "welcome"};
  const char *const *names = sim_profile_param_names();
  CU_ASSERT_PTR_NOT_NULL_FATAL(names);
  guint n = 0;
  while (names[n] != NULL && n < 100)
    n++;
  CU_ASSERT_EQUAL_FATAL(n, G_N_ELEMENTS(want));
  for (guint i = 0; i < n; i++)
    CU_ASSERT_STRING_EQUAL(names[i], want[i]);
}

/* Sets one parameter on a copy of the SP4 defaults; checks that only the
 * named field changed and that format gives `formatted` back. */
static SimKeepalive
set_ok(const char *name, const char *value, const char *formatted)
{
  SimKeepalive k = by_version("5.5.2653.23")->keepalive;
  GError *error = NULL;
  gboolean ok = sim_profile_param_set(&k, name, value, &error);
  if (!ok)
    printf("\n  set %s = '%s': %s\n", name, value, error->message);
  CU_ASSERT_TRUE(ok);
  CU_ASSERT_PTR_NULL(error);
  g_clear_error(&error);
  char *text = sim_profile_param_format(&k, name);
  CU_ASSERT_PTR_NOT_NULL(text);
  if (text && strcmp(text, formatted) != 0)
    printf("\n  set %s = '%s' formats as %s, want %s\n", name, value, text, formatted);
  CU_ASSERT_STRING_EQUAL(text ? text : "(null)", formatted);
  g_free(text);
  return k;
}

/* The fields other than `name` equal the SP4 defaults. */
static void
assert_others_default(const SimKeepalive *k, const char *name)
{
  const SimKeepalive *d = &by_version("5.5.2653.23")->keepalive;
  if (strcmp(name, "ping_delay") != 0)
    CU_ASSERT_EQUAL(k->ping_delay, d->ping_delay);
  if (strcmp(name, "ping_attempts") != 0)
    CU_ASSERT_EQUAL(k->ping_attempts, d->ping_attempts);
  if (strcmp(name, "reply_window") != 0)
    CU_ASSERT_EQUAL(k->reply_window, d->reply_window);
  if (strcmp(name, "restart_on_send") != 0)
    CU_ASSERT_EQUAL(k->restart_on_send, d->restart_on_send);
  if (strcmp(name, "ping_counts_as_send") != 0)
    CU_ASSERT_EQUAL(k->ping_counts_as_send, d->ping_counts_as_send);
  if (strcmp(name, "recv_idle_limit") != 0)
    CU_ASSERT_EQUAL(k->recv_idle_limit, d->recv_idle_limit);
  if (strcmp(name, "check_interval") != 0)
    CU_ASSERT_EQUAL(k->check_interval, d->check_interval);
}

static void
test_param_set_each(void)
{
  SimKeepalive k;
  k = set_ok("ping_delay", "30s", "30s");
  CU_ASSERT_EQUAL(k.ping_delay, S(30));
  assert_others_default(&k, "ping_delay");
  k = set_ok("ping_delay", "1.5m", "90s");
  CU_ASSERT_EQUAL(k.ping_delay, S(90));
  k = set_ok("ping_delay", "1us", "1us");
  CU_ASSERT_EQUAL(k.ping_delay, 1);
  k = set_ok("ping_delay", "3600", "1h");
  CU_ASSERT_EQUAL(k.ping_delay, S(3600));

  k = set_ok("ping_attempts", "1", "1");
  CU_ASSERT_EQUAL(k.ping_attempts, 1);
  assert_others_default(&k, "ping_attempts");
  k = set_ok("ping_attempts", "16", "16");
  CU_ASSERT_EQUAL(k.ping_attempts, SIM_PROFILE_MAX_ATTEMPTS);
  k = set_ok("ping_attempts", "03", "3");
  CU_ASSERT_EQUAL(k.ping_attempts, 3);

  k = set_ok("reply_window", "45s", "45s");
  CU_ASSERT_EQUAL(k.reply_window, S(45));
  assert_others_default(&k, "reply_window");
  k = set_ok("reply_window", "250ms", "250ms");
  CU_ASSERT_EQUAL(k.reply_window, 250000);
  k = set_ok("reply_window", "=ping_delay", "= ping_delay");
  CU_ASSERT_EQUAL(k.reply_window, 0);
  k = set_ok("reply_window", "ping_delay", "= ping_delay");
  CU_ASSERT_EQUAL(k.reply_window, 0);

  k = set_ok("restart_on_send", "yes", "yes");
  CU_ASSERT_TRUE(k.restart_on_send);
  assert_others_default(&k, "restart_on_send");
  k = set_ok("restart_on_send", "TRUE", "yes");
  CU_ASSERT_TRUE(k.restart_on_send);
  k = set_ok("restart_on_send", "No", "no");
  CU_ASSERT_FALSE(k.restart_on_send);

  k = set_ok("ping_counts_as_send", "true", "yes");
  CU_ASSERT_TRUE(k.ping_counts_as_send);
  assert_others_default(&k, "ping_counts_as_send");
  k = set_ok("ping_counts_as_send", "false", "no");
  CU_ASSERT_FALSE(k.ping_counts_as_send);
  k = set_ok("ping_counts_as_send", "YES", "yes");
  CU_ASSERT_TRUE(k.ping_counts_as_send);

  k = set_ok("recv_idle_limit", "0", "0s"); /* 0 = off, allowed */
  CU_ASSERT_EQUAL(k.recv_idle_limit, 0);
  assert_others_default(&k, "recv_idle_limit");
  k = set_ok("recv_idle_limit", "20m", "20m");
  CU_ASSERT_EQUAL(k.recv_idle_limit, S(1200));

  k = set_ok("check_interval", "1s", "1s");
  CU_ASSERT_EQUAL(k.check_interval, S(1));
  assert_others_default(&k, "check_interval");
  k = set_ok("check_interval", "0", "0s");
  CU_ASSERT_EQUAL(k.check_interval, 0);
  k = set_ok("check_interval", "500ms", "500ms");
  CU_ASSERT_EQUAL(k.check_interval, 500000);
}

/* Tries to set `name` = `value`, expecting `code` and `message`, and that
 * nothing changed. */
static void
set_fails(const char *name, const char *value, int code, const char *message)
{
  const SimKeepalive *d = &by_version("5.5.2577.0")->keepalive;
  SimKeepalive k = *d;
  GError *error = NULL;
  CU_ASSERT_FALSE(sim_profile_param_set(&k, name, value, &error));
  CU_ASSERT_EQUAL(memcmp(&k, d, sizeof k), 0);
  CU_ASSERT_PTR_NOT_NULL_FATAL(error);
  CU_ASSERT_TRUE(error->domain == SIM_PROFILE_ERROR);
  CU_ASSERT_EQUAL(error->code, code);
  if (strcmp(error->message, message) != 0)
    printf("\n  set %s = '%s': got \"%s\"\n  want \"%s\"\n", name, value, error->message,
           message);
  CU_ASSERT_STRING_EQUAL(error->message, message);
  g_error_free(error);
  CU_ASSERT_FALSE(sim_profile_param_set(&k, name, value, NULL));
}

static void
test_param_set_errors(void)
{
  static const char *const unknown[] = {"ping", "PING_DELAY", "", "ping_delay ",
                                        "pingdelay"};
  for (guint i = 0; i < G_N_ELEMENTS(unknown); i++) {
    char *msg = g_strdup_printf("unknown parameter '%s'; accepted: " PARAMS, unknown[i]);
    set_fails(unknown[i], "90s", SIM_PROFILE_ERROR_PARAM, msg);
    g_free(msg);
  }
  set_fails("ping_delay", "0", SIM_PROFILE_ERROR_VALUE,
            "'0' is zero; ping_delay must be longer than 0");
  set_fails("ping_delay", "0ms", SIM_PROFILE_ERROR_VALUE,
            "'0ms' is zero; ping_delay must be longer than 0");
  set_fails("reply_window", "0", SIM_PROFILE_ERROR_VALUE,
            "'0' is zero; reply_window must be longer than 0");
  /* Duration errors are passed on in the profile domain. */
  set_fails(
      "ping_delay", "abc", SIM_PROFILE_ERROR_VALUE,
      "'abc' is not a duration; accepted: a number with an optional unit us, ms, s, "
      "m or h (a bare number is seconds), e.g. 90, 1.5s, 250ms, 10m");
  set_fails("recv_idle_limit", "-1s", SIM_PROFILE_ERROR_VALUE,
            "'-1s' is negative; durations are 0 or more");
  set_fails("check_interval", "1.5us", SIM_PROFILE_ERROR_VALUE,
            "'1.5us' is not a whole number of microseconds (the finest unit)");
  static const char *const counts[] = {
      "0", "17", "", "2x", "-1", "+2", " 2", "2 ", "1.0", "99999999999999999999999"};
  for (guint i = 0; i < G_N_ELEMENTS(counts); i++) {
    char *msg = g_strdup_printf("'%s' is not a whole number from 1 to 16", counts[i]);
    set_fails("ping_attempts", counts[i], SIM_PROFILE_ERROR_VALUE, msg);
    g_free(msg);
  }
  static const char *const bools[] = {"maybe", "", "1", "0", "y", "yess", " yes"};
  for (guint i = 0; i < G_N_ELEMENTS(bools); i++) {
    char *msg = g_strdup_printf("'%s' is not yes or no; accepted: yes, no, true, false",
                                bools[i]);
    set_fails("restart_on_send", bools[i], SIM_PROFILE_ERROR_VALUE, msg);
    set_fails("ping_counts_as_send", bools[i], SIM_PROFILE_ERROR_VALUE, msg);
    g_free(msg);
  }
}

static void
test_param_format_defaults(void)
{
  static const char *const want[][2] = {
      {"ping_delay", "90s"},
      {"ping_attempts", "2"},
      {"reply_window", "= ping_delay"},
      {"restart_on_send", "no"},
      {"ping_counts_as_send", "no"},
      {"recv_idle_limit", "10m"},
      {"check_interval", "0s"},
  };
  const SimKeepalive *sp4 = &by_version("5.5.2653.23")->keepalive;
  const SimKeepalive *bug = &by_version("5.5.2577.0")->keepalive;
  for (guint i = 0; i < G_N_ELEMENTS(want); i++) {
    char *text = sim_profile_param_format(sp4, want[i][0]);
    CU_ASSERT_STRING_EQUAL(text, want[i][1]);
    g_free(text);
  }
  char *text = sim_profile_param_format(bug, "restart_on_send");
  CU_ASSERT_STRING_EQUAL(text, "yes");
  g_free(text);
}

/* format then set gives back every field, for every profile and for
 * modified values. */
static void
test_param_round_trip(void)
{
  gsize n = 0;
  const SimProfile *all = sim_profile_all(&n);
  const char *const *names = sim_profile_param_names();
  SimKeepalive odd = {
      .ping_delay = 1234567,
      .ping_attempts = 16,
      .reply_window = S(7200),
      .restart_on_send = TRUE,
      .ping_counts_as_send = TRUE,
      .recv_idle_limit = 1,
      .check_interval = 250000,
      .check_phase = 1000,
      .clock_resolution = 3,
      .ping_compare = SIM_COMPARE_STRICT,
      .reply_compare = SIM_COMPARE_STRICT,
      .loop_wakeup = 7,
      .ping_answer = SIM_ANSWER_PONG,
      .login_penalty = S(2),
      .welcome = SIM_WELCOME_ON_CHECK,
  };
  gsize n_servers = 0;
  const SimProfile *servers = sim_profile_servers(&n_servers);
  for (gsize p = 0; p <= n + n_servers; p++) {
    const SimKeepalive *src = p < n               ? &all[p].keepalive
                              : p < n + n_servers ? &servers[p - n].keepalive
                                                  : &odd;
    SimKeepalive dst;
    memset(&dst, 0, sizeof dst);
    dst.ping_attempts = 5;
    for (const char *const *name = names; *name; name++) {
      char *text = sim_profile_param_format(src, *name);
      CU_ASSERT_TRUE(sim_profile_param_set(&dst, *name, text, NULL));
      g_free(text);
    }
    CU_ASSERT_EQUAL(dst.ping_delay, src->ping_delay);
    CU_ASSERT_EQUAL(dst.ping_attempts, src->ping_attempts);
    CU_ASSERT_EQUAL(dst.reply_window, src->reply_window);
    CU_ASSERT_EQUAL(dst.restart_on_send, src->restart_on_send);
    CU_ASSERT_EQUAL(dst.ping_counts_as_send, src->ping_counts_as_send);
    CU_ASSERT_EQUAL(dst.recv_idle_limit, src->recv_idle_limit);
    CU_ASSERT_EQUAL(dst.check_interval, src->check_interval);
    CU_ASSERT_EQUAL(dst.check_phase, src->check_phase);
    CU_ASSERT_EQUAL(dst.clock_resolution, src->clock_resolution);
    CU_ASSERT_EQUAL(dst.ping_compare, src->ping_compare);
    CU_ASSERT_EQUAL(dst.reply_compare, src->reply_compare);
    CU_ASSERT_EQUAL(dst.loop_wakeup, src->loop_wakeup);
    CU_ASSERT_EQUAL(dst.ping_answer, src->ping_answer);
    CU_ASSERT_EQUAL(dst.login_penalty, src->login_penalty);
    CU_ASSERT_EQUAL(dst.welcome, src->welcome);
  }
}

/* The IRC servers resolve by name in any case, never by build number,
 * and are not among the Exchange builds. */
static void
test_servers(void)
{
  gsize n = 0;
  const SimProfile *servers = sim_profile_servers(&n);
  CU_ASSERT_EQUAL_FATAL(n, 3);
  static const char *const names[] = {"ngircd", "inspircd", "hybrid"};
  for (gsize i = 0; i < n; i++) {
    CU_ASSERT_STRING_EQUAL(servers[i].version, names[i]);
    CU_ASSERT_EQUAL(servers[i].build, 0);
    CU_ASSERT_PTR_EQUAL(sim_profile_resolve(names[i], NULL), &servers[i]);
    char *upper = g_ascii_strup(names[i], -1);
    CU_ASSERT_PTR_EQUAL(sim_profile_resolve(upper, NULL), &servers[i]);
    g_free(upper);
    CU_ASSERT_EQUAL(servers[i].keepalive.clock_resolution, S(1));
    CU_ASSERT_EQUAL(servers[i].keepalive.ping_attempts, 1);
    CU_ASSERT_EQUAL(servers[i].keepalive.recv_idle_limit, 0);
    CU_ASSERT_PTR_NOT_NULL(servers[i].ping_delay_name);
  }
  CU_ASSERT_STRING_EQUAL(sim_profile_resolve("5.5.0", NULL) ? "found" : "none", "none");
  CU_ASSERT_EQUAL(sim_profile_resolve("5.5.99999", NULL)->build, 2653);
  /* ngircd: PingTimeout 120, PongTimeout 20, both strict; 1 s penalty. */
  const SimKeepalive *ng = &servers[0].keepalive;
  CU_ASSERT_EQUAL(ng->ping_delay, S(120));
  CU_ASSERT_EQUAL(ng->reply_window, S(20));
  CU_ASSERT_EQUAL(ng->login_penalty, S(1));
  CU_ASSERT_EQUAL(ng->ping_compare, SIM_COMPARE_STRICT);
  CU_ASSERT_EQUAL(ng->reply_compare, SIM_COMPARE_STRICT);
  /* InspIRCd: pingfreq 120 for both rules, only PONG answers. */
  const SimKeepalive *in = &servers[1].keepalive;
  CU_ASSERT_EQUAL(in->ping_delay, S(120));
  CU_ASSERT_EQUAL(in->reply_window, 0);
  CU_ASSERT_EQUAL(in->ping_answer, SIM_ANSWER_PONG);
  CU_ASSERT_EQUAL(in->welcome, SIM_WELCOME_ON_CHECK);
  /* hybrid: ping_time 90 (Debian's ircd.conf), a 5 s sweep, 500 ms loop. */
  const SimKeepalive *hy = &servers[2].keepalive;
  CU_ASSERT_EQUAL(hy->ping_delay, S(90));
  CU_ASSERT_EQUAL(hy->check_interval, S(5));
  CU_ASSERT_EQUAL(hy->loop_wakeup, 500000);
  CU_ASSERT_EQUAL(hy->ping_compare, SIM_COMPARE_STRICT);
  CU_ASSERT_EQUAL(hy->reply_compare, SIM_COMPARE_INCLUSIVE);
}

static void
test_param_choices(void)
{
  SimKeepalive k = by_version("5.5.2448.8")->keepalive;
  GError *error = NULL;
  CU_ASSERT_TRUE(sim_profile_param_set(&k, "ping_compare", "strict", NULL));
  CU_ASSERT_EQUAL(k.ping_compare, SIM_COMPARE_STRICT);
  CU_ASSERT_FALSE(sim_profile_param_set(&k, "ping_compare", "Strict", &error));
  CU_ASSERT_STRING_EQUAL(error->message,
                         "'Strict' is not a choice; accepted: inclusive, strict");
  g_clear_error(&error);
  CU_ASSERT_FALSE(sim_profile_param_set(&k, "welcome", "later", &error));
  CU_ASSERT_STRING_EQUAL(error->message,
                         "'later' is not a choice; accepted: none, at_once, on_check");
  g_clear_error(&error);
  CU_ASSERT_FALSE(sim_profile_param_set(&k, "ping_answer", "", &error));
  CU_ASSERT_STRING_EQUAL(error->message, "'' is not a choice; accepted: any, pong");
  g_clear_error(&error);
  CU_ASSERT_EQUAL(k.welcome, SIM_WELCOME_NONE);
}

static void
test_param_format_unknown(void)
{
  test_criticals_begin();
  char *text = sim_profile_param_format(&by_version("5.5.2653.23")->keepalive, "nope");
  guint criticals = test_criticals_end();
  CU_ASSERT_PTR_NULL(text);
  CU_ASSERT_EQUAL(criticals, 1);
}

static void
test_error_domain(void)
{
  CU_ASSERT_NOT_EQUAL(SIM_PROFILE_ERROR, 0);
  CU_ASSERT_EQUAL(SIM_PROFILE_ERROR, sim_profile_error_quark());
  /* G_DEFINE_QUARK stringifies its argument: a formatter that spaces a
   * hyphenated name ("sim - profile - error - quark") renames the domain. */
  const char *name = g_quark_to_string(SIM_PROFILE_ERROR);
  CU_ASSERT_PTR_NOT_NULL_FATAL(name);
  CU_ASSERT_PTR_NULL(strchr(name, ' '));
  CU_ASSERT_STRING_EQUAL(name, "chatsim_profile_error");
}

int
main(void)
{
  static const TestCase tests[] = {
      {"seven profiles in build order", test_table},
      {"Exchange 5.5 defaults; restart_on_send only on 2577", test_defaults},
      {"aliases, case-insensitive", test_resolve_aliases},
      {"exact versions", test_resolve_exact},
      {"builds map to the newest profile not newer", test_resolve_builds},
      {"unknown and too old versions, exact errors", test_resolve_errors},
      {"parameter names in table order", test_param_names},
      {"param_set for every parameter", test_param_set_each},
      {"reply_window follows ping_delay", test_follows},
      {"the IRC server profiles", test_servers},
      {"choice parameters", test_param_choices},
      {"param_set errors leave the profile alone", test_param_set_errors},
      {"param_format of the defaults", test_param_format_defaults},
      {"param_format then param_set round-trips", test_param_round_trip},
      {"param_format of an unknown name", test_param_format_unknown},
      {"error domain", test_error_domain},
      {NULL, NULL},
  };
  return test_run_suite("profile", tests);
}

/* test_scenario.c: scenario files into model configs. The malformed-file
 * cases run through the binary in test_e2e_errors.c. */
#include "testutil.h"

#include "chatsim/scenario.h"

#include <string.h>

#define S(x) ((SimTime)(x)*1000000)
#define MS(x) ((SimTime)(x)*1000)

static SimScenario *
load(const char *text, GError **error)
{
  return sim_scenario_load_data("t.ini", text, strlen(text), error);
}

static const SimClientSpec *
client(const SimModelConfig *config, guint i)
{
  return g_ptr_array_index(config->clients, i);
}

/* The design's example scenario loads with every key as written. */
static void
test_example(void)
{
  char *path = g_build_filename(g_getenv("CHATSIM_SOURCE_DIR"), "..", "shared", "design",
                                "example-scenario.ini", NULL);
  const char *text =
      "[scenario]\nname = example\ndescription = One silent client\nduration = 45m\n"
      "seed = 3\nprofile = 5.5.2577.0\n\n[network]\nlatency = 35ms\njitter = 0ms\n\n"
      "[server]\nping_delay = 90s\nrecv_idle_limit = 10m\n\n"
      "[client silent]\njoin = #lobby\ntalk = never\npong = yes\n\n"
      "[client chatter]\ncount = 4\njoin = #lobby, #help\ntalk = every 25s\nstart = "
      "3s\n\n"
      "[client bursty]\nconnect = 2m\njoin = #lobby\ntalk = at 150s, 151.5s, 400s\n"
      "quit = 30m\n\n"
      "[client random]\njoin = #help\ntalk = poisson 60s\npong_delay = 250ms\n"
      "keepalive = 5m\n\n[client frozen]\njoin = #quiet\npong = no\n";
  GError *error = NULL;
  g_autoptr(SimScenario) s = load(text, &error);
  CU_ASSERT_PTR_NULL_FATAL(error);
  CU_ASSERT_STRING_EQUAL(sim_scenario_name(s), "example");
  CU_ASSERT_STRING_EQUAL(sim_scenario_description(s), "One silent client");
  CU_ASSERT_STRING_EQUAL(sim_scenario_profile(s), "5.5.2577.0");
  g_autoptr(SimModelConfig) c = sim_scenario_configure(s, NULL, &error);
  CU_ASSERT_PTR_NULL_FATAL(error);
  CU_ASSERT_EQUAL(c->duration, S(45 * 60));
  CU_ASSERT_EQUAL(c->seed, 3);
  CU_ASSERT_EQUAL(c->latency, MS(35));
  CU_ASSERT_EQUAL(c->jitter, 0);
  CU_ASSERT_STRING_EQUAL(c->profile->version, "5.5.2577.0");
  CU_ASSERT_TRUE(c->keepalive.restart_on_send);
  CU_ASSERT_EQUAL(c->clients->len, 5);
  CU_ASSERT_STRING_EQUAL(client(c, 0)->name, "silent");
  CU_ASSERT_EQUAL(client(c, 0)->talk, SIM_TALK_NEVER);
  CU_ASSERT_EQUAL(client(c, 1)->count, 4);
  CU_ASSERT_STRING_EQUAL(client(c, 1)->channels[1], "#help");
  CU_ASSERT_EQUAL(client(c, 1)->talk, SIM_TALK_EVERY);
  CU_ASSERT_EQUAL(client(c, 1)->talk_period, S(25));
  CU_ASSERT_EQUAL(client(c, 1)->talk_start, S(3));
  CU_ASSERT_EQUAL(client(c, 2)->connect, S(120));
  CU_ASSERT_EQUAL(client(c, 2)->talk_at->len, 3);
  CU_ASSERT_EQUAL(g_array_index(client(c, 2)->talk_at, SimTime, 1), MS(151500));
  CU_ASSERT_EQUAL(client(c, 2)->quit, S(1800));
  CU_ASSERT_EQUAL(client(c, 3)->talk, SIM_TALK_POISSON);
  CU_ASSERT_EQUAL(client(c, 3)->pong_delay, MS(250));
  CU_ASSERT_EQUAL(client(c, 3)->keepalive, S(300));
  CU_ASSERT_FALSE(client(c, 4)->pong);
  CU_ASSERT_EQUAL(client(c, 4)->quit, -1);
  /* The shipped copy, if present beside the repo, loads too. */
  if (g_file_test(path, G_FILE_TEST_EXISTS)) {
    g_autoptr(SimScenario) shipped = sim_scenario_load(path, &error);
    CU_ASSERT_PTR_NULL(error);
    CU_ASSERT_PTR_NOT_NULL(shipped);
  }
  g_free(path);
}

/* [server] overrides apply on top of whichever profile is chosen; --seed
 * and --duration override the file. */
static void
test_overrides(void)
{
  const char *text = "[scenario]\nduration = 1h\nseed = 5\nprofile = sp2\n"
                     "[server]\nping_delay = 30s\nrestart_on_send = yes\n"
                     "[client a]\njoin = #x\n";
  GError *error = NULL;
  g_autoptr(SimScenario) s = load(text, &error);
  CU_ASSERT_PTR_NULL_FATAL(error);
  guint64 seed = 9;
  SimTime duration = S(60);
  SimScenarioOverrides o = {.profile = "sp4", .seed = &seed, .duration = &duration};
  g_autoptr(SimModelConfig) c = sim_scenario_configure(s, &o, &error);
  CU_ASSERT_PTR_NULL_FATAL(error);
  CU_ASSERT_STRING_EQUAL(c->profile->version, "5.5.2653.23");
  CU_ASSERT_EQUAL(c->keepalive.ping_delay, S(30));
  CU_ASSERT_TRUE(c->keepalive.restart_on_send);
  CU_ASSERT_EQUAL(c->keepalive.reply_window, 0); /* = ping_delay, not overridden */
  CU_ASSERT_EQUAL(c->seed, 9);
  CU_ASSERT_EQUAL(c->duration, S(60));
  g_autoptr(SimModelConfig) plain = sim_scenario_configure(s, NULL, &error);
  CU_ASSERT_STRING_EQUAL(plain->profile->version, "5.5.2448.8");
  CU_ASSERT_EQUAL(plain->seed, 5);
}

static void
test_configure_errors(void)
{
  const char *text =
      "[scenario]\nduration = 1h\n\n[client late]\nconnect = 50m\njoin = #x\n";
  GError *error = NULL;
  g_autoptr(SimScenario) s = load(text, &error);
  CU_ASSERT_PTR_NULL_FATAL(error);
  CU_ASSERT_PTR_NULL(sim_scenario_profile(s));
  CU_ASSERT_PTR_NULL(sim_scenario_configure(s, NULL, &error));
  CU_ASSERT_STRING_EQUAL(error->message,
                         "t.ini: no profile: set [scenario] profile = VERSION, or give "
                         "one to the command (run and plot: --profile VERSION; study: "
                         "profiles in [study])");
  g_clear_error(&error);
  SimTime duration = S(40 * 60);
  SimScenarioOverrides o = {.profile = "sp3", .duration = &duration};
  CU_ASSERT_PTR_NULL(sim_scenario_configure(s, &o, &error));
  CU_ASSERT_STRING_EQUAL(
      error->message,
      "t.ini:5: [client late] connect: 50m is not before the end of the run "
      "(duration 40m, from --duration)");
  g_clear_error(&error);
  o.profile = "5.5.abc";
  CU_ASSERT_PTR_NULL(sim_scenario_configure(s, &o, &error));
  CU_ASSERT_TRUE(g_str_has_prefix(error->message, "unknown version '5.5.abc'; known: "));
  g_clear_error(&error);
}

/* Values the format allows in several spellings. */
static void
test_value_forms(void)
{
  const char *text =
      "# leading comment\n[scenario]\nduration=90\n"
      "  [client a]  \njoin =\ntalk = never\npong = false\nkeepalive = off\n"
      "[client b]\njoin=#x,#y\ncount = 1\ntalk=poisson 1.5s\nstart = 10s\n";
  GError *error = NULL;
  g_autoptr(SimScenario) s = load(text, &error);
  if (error)
    printf("\n  %s\n", error->message);
  CU_ASSERT_PTR_NULL_FATAL(error);
  SimScenarioOverrides o = {.profile = "rtm"};
  g_autoptr(SimModelConfig) c = sim_scenario_configure(s, &o, &error);
  CU_ASSERT_EQUAL(c->duration, S(90));
  CU_ASSERT_PTR_NULL(client(c, 0)->channels[0]);
  CU_ASSERT_FALSE(client(c, 0)->pong);
  CU_ASSERT_EQUAL(client(c, 0)->keepalive, 0);
  CU_ASSERT_STRING_EQUAL(client(c, 1)->channels[0], "#x");
  CU_ASSERT_STRING_EQUAL(client(c, 1)->channels[1], "#y");
  CU_ASSERT_EQUAL(client(c, 1)->talk_period, MS(1500));
  CU_ASSERT_EQUAL(client(c, 1)->talk_start, S(10));
  CU_ASSERT_STRING_EQUAL(sim_scenario_name(s), "t.ini"); /* no name: the file's */
}

/* A [server] value is checked at load, with its line. */
static void
test_server_value_error(void)
{
  const char *text =
      "[scenario]\nduration = 1h\n[server]\nping_attempts = 0\n[client a]\n";
  GError *error = NULL;
  CU_ASSERT_PTR_NULL(load(text, &error));
  CU_ASSERT_STRING_EQUAL(
      error->message, "t.ini:4: [server] ping_attempts: '0' is not a whole number from 1 "
                      "to 16");
  g_clear_error(&error);
}

/* Every independent error, in file order; none that only repeats another
 * (an expectation about a client whose group is wrong, a "missing" key
 * next to an unknown one). */
static void
test_every_error(void)
{
  const char *text = "[scenario]\n"
                     "duraton = 1h\n"
                     "seed = -1\n"
                     "[server]\n"
                     "ping_delay = soon\n"
                     "[client a]\n"
                     "join = a\n"
                     "[client b]\n"
                     "join = #x\n"
                     "talk = every 1h # hourly\n"
                     "[expect]\n"
                     "a = connected\n"
                     "c = connected\n"
                     "b = connectd\n";
  GError *error = NULL;
  CU_ASSERT_PTR_NULL(load(text, &error));
  CU_ASSERT_PTR_NOT_NULL_FATAL(error);
  CU_ASSERT_STRING_EQUAL(
      error->message,
      "t.ini:2: [scenario] duraton: unknown key (did you mean duration?); accepted: "
      "name, description, duration, seed, profile, check_profiles, golden\n"
      "t.ini:3: [scenario] seed: '-1' is not a whole number from 0 to "
      "18446744073709551615\n"
      "t.ini:5: [server] ping_delay: 'soon' is not a duration; accepted: a number with "
      "an optional unit us, ms, s, m or h (a bare number is seconds), e.g. 90, 1.5s, "
      "250ms, 10m\n"
      "t.ini:7: [client a] join: 'a' is not a channel name; accepted: '#' and 1 to 49 "
      "characters without spaces, commas or '#', e.g. #lobby\n"
      "t.ini:13: [expect] c: no client or group of that name; accepted: b\n"
      "t.ini:14: [expect] b: 'connectd' is not an expectation; accepted: connected, "
      "quit, or disconnected [at TIME[+-TOL]] [by recv-idle|ping-timeout]");
  g_clear_error(&error);
}

/* Every ```ini block of README.md and docs/scenarios.md loads as it is. */
static void
test_docs_examples(void)
{
  const char *docs[] = {"README.md", "docs/scenarios.md"};
  guint blocks = 0;
  for (gsize d = 0; d < G_N_ELEMENTS(docs); d++) {
    char *path = test_source_path(docs[d]);
    char *text = test_slurp(path);
    for (char *p = strstr(text, "```ini\n"); p != NULL; p = strstr(p, "```ini\n")) {
      p += strlen("```ini\n");
      char *end = strstr(p, "```");
      CU_ASSERT_PTR_NOT_NULL_FATAL(end);
      GError *error = NULL;
      SimScenario *s = sim_scenario_load_data(docs[d], p, (gsize)(end - p), &error);
      CU_ASSERT_PTR_NOT_NULL(s);
      if (error != NULL)
        printf("\n  %s, block %u:\n%s\n", docs[d], blocks + 1, error->message);
      g_clear_error(&error);
      sim_scenario_free(s);
      blocks++;
      p = end + 3;
    }
    g_free(text);
    g_free(path);
  }
  CU_ASSERT_TRUE(blocks >= 4);
}

/* Seconds to load `text`, which must load. */
static double
load_seconds(const char *what, const char *text)
{
  gint64 start = g_get_monotonic_time();
  GError *error = NULL;
  SimScenario *s = load(text, &error);
  double seconds = (double)(g_get_monotonic_time() - start) / 1e6;
  CU_ASSERT_PTR_NOT_NULL(s);
  if (error != NULL)
    printf("\n  %s: %.200s\n", what, error->message);
  g_clear_error(&error);
  sim_scenario_free(s);
  return seconds;
}

#define HEADER "[scenario]\nduration = 1h\nprofile = 5.5.2577.0\n"

/* 100k channels in a join list, 100k [client] groups, 100k [expect] keys:
 * each loads in linear time. The bound is generous (a sanitizer build on a
 * busy machine); before the hash tables each took 37 to 86 s. tools/bench
 * is where the time is measured. */
static void
test_linear(void)
{
  enum { N = 100000 };
  GString *join = g_string_new(HEADER "[client a]\njoin = #c0");
  GString *groups = g_string_new(HEADER);
  GString *expect =
      g_string_new(HEADER "[client a]\ncount = 100000\njoin = #x\n[expect]\n");
  for (guint i = 1; i < N; i++)
    g_string_append_printf(join, ", #c%u", i);
  for (guint i = 0; i < N; i++) {
    g_string_append_printf(groups, "[client c%u]\njoin = #x\n", i);
    g_string_append_printf(expect, "a.%u = connected\n", i + 1);
  }
  g_string_append_c(join, '\n');
  CU_ASSERT_TRUE(load_seconds("100k channels", join->str) < 10);
  CU_ASSERT_TRUE(load_seconds("100k groups", groups->str) < 10);
  CU_ASSERT_TRUE(load_seconds("100k expectations", expect->str) < 10);
  g_string_free(join, TRUE);
  g_string_free(groups, TRUE);
  g_string_free(expect, TRUE);
}

/* 130M clients are refused at once, before anything is allocated for
 * them, against the memory the kernel says is available. */
static void
test_too_many_clients(void)
{
  GString *text = g_string_new(HEADER);
  for (guint i = 0; i < 13; i++)
    g_string_append_printf(text, "[client g%u]\ncount = 10000000\njoin = #x\n", i);
  char *saved = g_strdup(g_getenv("CHATSIM_MEMORY_AVAILABLE"));
  g_unsetenv("CHATSIM_MEMORY_AVAILABLE");
  gint64 start = g_get_monotonic_time();
  GError *error = NULL;
  CU_ASSERT_PTR_NULL(load(text->str, &error));
  CU_ASSERT_TRUE(g_get_monotonic_time() - start < 5 * G_USEC_PER_SEC);
  CU_ASSERT_PTR_NOT_NULL_FATAL(error);
  CU_ASSERT_TRUE(g_str_has_prefix(
      error->message,
      "t.ini:8: [client g1] count: brings the clients to 20000000, more "
      "than the 10000000 a scenario may have in all; the file's 130000000 "
      "clients would need "));
  if (g_file_test("/proc/meminfo", G_FILE_TEST_EXISTS))
    CU_ASSERT_TRUE(g_str_has_suffix(error->message, "(MemAvailable in /proc/meminfo)"));
  g_clear_error(&error);
  if (saved != NULL)
    g_setenv("CHATSIM_MEMORY_AVAILABLE", saved, TRUE);
  g_free(saved);
  g_string_free(text, TRUE);
}

/* A group, one member, and what is not a member. */
static void
test_members(void)
{
  const char *text = HEADER "[client lurker]\njoin = #x\n[client chatter]\ncount = 12\n";
  GError *error = NULL;
  g_autoptr(SimScenario) s = load(text, &error);
  CU_ASSERT_PTR_NOT_NULL_FATAL(s);
  guint first = 0, n = 0;
  CU_ASSERT_TRUE(sim_scenario_members(s, "chatter", &first, &n));
  CU_ASSERT_EQUAL(first, 1);
  CU_ASSERT_EQUAL(n, 12);
  CU_ASSERT_TRUE(sim_scenario_members(s, "chatter.12", &first, &n));
  CU_ASSERT_EQUAL(first, 12);
  CU_ASSERT_EQUAL(n, 1);
  CU_ASSERT_TRUE(sim_scenario_members(s, "lurker", &first, &n));
  CU_ASSERT_EQUAL(first, 0);
  const char *none[] = {"chatter.0", "chatter.13", "chatter.03",  "chatter.",
                        "lurker.1",  "chat",       "chatter.1.1", ""};
  for (gsize i = 0; i < G_N_ELEMENTS(none); i++)
    CU_ASSERT_FALSE(sim_scenario_members(s, none[i], &first, &n));
}

static SimScenario *
load_sets(const char *text, const char *const *sets, GError **error)
{
  return sim_scenario_load_with_sets("t.ini", text, strlen(text), sets, error);
}

/* --set replaces a key, adds one, or adds a group, as if the file said it;
 * groups with spaces and dots and keys with dots split as documented. */
static void
test_sets(void)
{
  const char *text = HEADER "[server]\nping_delay = 30s\n"
                            "[client lurker]\njoin = #x\n"
                            "[client chatter]\ncount = 3\njoin = #x\ntalk = every 20s\n"
                            "[expect 5.5.2577.0]\nlurker = connected\n";
  const char *const sets[] = {"server.ping_delay=45s",
                              "server.ping_attempts = 3",
                              "network.latency=40ms",
                              "client lurker.talk=every 1h",
                              "expect 5.5.2577.0.chatter.3=quit",
                              "expect 5.5.2577.0.lurker=disconnected",
                              "client late.connect=10m",
                              "client late.join=#y",
                              "scenario.duration=2h",
                              NULL};
  GError *error = NULL;
  g_autoptr(SimScenario) s = load_sets(text, sets, &error);
  CU_ASSERT_PTR_NULL_FATAL(error);
  g_autoptr(SimModelConfig) c = sim_scenario_configure(s, NULL, &error);
  CU_ASSERT_PTR_NULL_FATAL(error);
  CU_ASSERT_EQUAL(c->keepalive.ping_delay, S(45));
  CU_ASSERT_EQUAL(c->keepalive.ping_attempts, 3);
  CU_ASSERT_EQUAL(c->latency, MS(40));
  CU_ASSERT_EQUAL(c->duration, S(7200));
  CU_ASSERT_EQUAL_FATAL(c->clients->len, 3);
  CU_ASSERT_EQUAL(client(c, 0)->talk, SIM_TALK_EVERY);
  CU_ASSERT_EQUAL(client(c, 0)->talk_period, S(3600));
  CU_ASSERT_STRING_EQUAL(client(c, 2)->name, "late"); /* added after the file's */
  CU_ASSERT_EQUAL(client(c, 2)->connect, S(600));
  const GPtrArray *e = sim_scenario_expectations(s);
  CU_ASSERT_EQUAL_FATAL(e->len, 2);
  const SimExpectation *lurker = g_ptr_array_index(e, 0);
  const SimExpectation *member = g_ptr_array_index(e, 1);
  CU_ASSERT_STRING_EQUAL(lurker->client, "lurker");
  CU_ASSERT_EQUAL(lurker->outcome, SIM_OUTCOME_DISCONNECTED);
  CU_ASSERT_STRING_EQUAL(member->profile, "5.5.2577.0");
  CU_ASSERT_STRING_EQUAL(member->client, "chatter.3");
  CU_ASSERT_EQUAL(member->outcome, SIM_OUTCOME_QUIT);
  /* Without sets: the file as it is. */
  g_autoptr(SimScenario) plain = load_sets(text, NULL, &error);
  g_autoptr(SimModelConfig) p = sim_scenario_configure(plain, NULL, &error);
  CU_ASSERT_EQUAL(p->keepalive.ping_delay, S(30));
}

/* Each bad --set is named in its error, after the file's errors. */
static void
test_set_errors(void)
{
  const char *text = HEADER "[client lurker]\njoin = #x\ntalk = sometimes\n";
  const char *const sets[] = {"server.ping_delay=abc",
                              "serevr.ping_delay=1",
                              "nodot=1",
                              "server.=1",
                              "client lurker.tlak=never",
                              "novalue",
                              "client lurkr.count=2",
                              "client other.count=2",
                              NULL};
  GError *error = NULL;
  CU_ASSERT_PTR_NULL(load_sets(text, sets, &error));
  CU_ASSERT_PTR_NOT_NULL_FATAL(error);
  CU_ASSERT_STRING_EQUAL(
      error->message,
      "t.ini:6: [client lurker] talk: 'sometimes' is not a talk schedule; accepted: "
      "never, every D, poisson MEAN, at T1, T2, ... (D, MEAN and T are durations)\n"
      "--set 'server.ping_delay=abc': [server] ping_delay: 'abc' is not a duration; "
      "accepted: a number with an optional unit us, ms, s, m or h (a bare number is "
      "seconds), e.g. 90, 1.5s, 250ms, 10m\n"
      "--set 'serevr.ping_delay=1': [serevr]: unknown group (did you mean [server]?); "
      "accepted: [scenario], [network], [server], [client NAME], [expect], [expect "
      "VERSION]\n"
      "--set 'nodot=1': no GROUP.KEY before '='; accepted: GROUP.KEY=VALUE, e.g. --set "
      "server.ping_delay=90s or --set 'client lurker.talk=every 5m'\n"
      "--set 'server.=1': [server]: no key after '.'; accepted: GROUP.KEY=VALUE, e.g. "
      "--set server.ping_delay=90s or --set 'client lurker.talk=every 5m'\n"
      "--set 'client lurker.tlak=never': [client lurker] tlak: unknown key (did you mean "
      "talk?); accepted: connect, join, talk, start, pong, pong_delay, keepalive, quit, "
      "count\n"
      "--set 'novalue': no '=' before a value; accepted: GROUP.KEY=VALUE, e.g. --set "
      "server.ping_delay=90s or --set 'client lurker.talk=every 5m'\n"
      "--set 'client lurkr.count=2': [client lurkr]: no such group in the file (did you "
      "mean [client lurker]?); a --set adds a client only together with its join, e.g. "
      "--set 'client lurkr.join=#channel'\n"
      "--set 'client other.count=2': [client other]: no such group in the file; a --set "
      "adds a client only together with its join, e.g. --set 'client "
      "other.join=#channel'");
  g_clear_error(&error);
}

static void
test_missing_file(void)
{
  GError *error = NULL;
  CU_ASSERT_PTR_NULL(sim_scenario_load("/nonexistent/x.ini", &error));
  CU_ASSERT_TRUE(g_error_matches(error, SIM_SCENARIO_ERROR, SIM_SCENARIO_ERROR_READ));
  CU_ASSERT_TRUE(g_str_has_prefix(error->message, "/nonexistent/x.ini: cannot read: "));
  g_clear_error(&error);
}

int
main(void)
{
  static const TestCase tests[] = {
      {"the design's example scenario", test_example},
      {"profile, seed and duration overrides", test_overrides},
      {"errors found when configuring", test_configure_errors},
      {"accepted spellings", test_value_forms},
      {"[server] values checked at load", test_server_value_error},
      {"unreadable file", test_missing_file},
      {"--set replaces, adds keys and groups", test_sets},
      {"--set errors name the option", test_set_errors},
      {"100k channels, groups and expectations load in linear time", test_linear},
      {"130M clients refused at once", test_too_many_clients},
      {"group and member names", test_members},
      {"every independent error, in file order", test_every_error},
      {"the examples in README.md and docs/scenarios.md load", test_docs_examples},
      {NULL, NULL},
  };
  return test_run_suite("scenario", tests);
}

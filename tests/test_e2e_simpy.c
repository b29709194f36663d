/* test_e2e_simpy.c: chatsim and the SimPy reference model
 * (tests/bench/simpy_chatsim.py) must give the same outcome, time, reason,
 * PING count and last receipt for every client. */
#include "testutil.h"

#include <string.h>

/* The columns both print: client outcome time_us reason pings_sent
 * last_recv_us, one line per client. */
static char *
chatsim_rows(const char *scenario, const char *profile, const char *seed)
{
  TestRun run;
  test_chatsim(&run, NULL, "run", scenario, "--profile", profile, "--seed", seed,
               "--trace", "none", "--summary", "-", NULL);
  CU_ASSERT_EQUAL(run.status, 0);
  GString *rows = g_string_new(NULL);
  char **lines = g_strsplit(run.out, "\n", -1);
  for (char **l = lines + 1; *l && **l; l++) {
    char **f = g_strsplit(*l, "\t", -1);
    g_string_append_printf(rows, "%s\t%s\t%s\t%s\t%s\t%s\n", f[1], f[2], f[3], f[5], f[6],
                           f[7]);
    g_strfreev(f);
  }
  g_strfreev(lines);
  test_run_clear(&run);
  return g_string_free(rows, FALSE);
}

static char *
simpy_rows(const char *scenario, const char *profile, const char *seed)
{
  char *script = test_source_path("tests/bench/simpy_chatsim.py");
  char *path = test_source_path(scenario);
  const char *python = g_getenv("CHATSIM_PYTHON");
  const char *argv[] = {python ? python : "/usr/bin/python3",
                        script,
                        path,
                        "--profile",
                        profile,
                        "--seed",
                        seed,
                        NULL};
  char *out = NULL, *err = NULL;
  int status = 0;
  GError *error = NULL;
  gboolean ok = g_spawn_sync(NULL, (char **)argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out,
                             &err, &status, &error);
  if (!ok || status != 0)
    printf("\n  simpy failed: %s%s\n", error ? error->message : "", err ? err : "");
  CU_ASSERT_TRUE_FATAL(ok && status == 0);
  /* Drop the header line. */
  char *rows = g_strdup(strchr(out, '\n') + 1);
  g_free(out), g_free(err), g_free(script), g_free(path);
  return rows;
}

static void
compare(const char *scenario, const char *profile, const char *seed)
{
  char *c = chatsim_rows(scenario, profile, seed);
  char *p = simpy_rows(scenario, profile, seed);
  if (strcmp(c, p) != 0) {
    char **cl = g_strsplit(c, "\n", -1), **pl = g_strsplit(p, "\n", -1);
    for (guint i = 0; cl[i] && pl[i]; i++)
      if (strcmp(cl[i], pl[i]) != 0) {
        printf("\n  %s %s seed %s:\n    chatsim %s\n    simpy   %s\n", scenario, profile,
               seed, cl[i], pl[i]);
        break;
      }
    g_strfreev(cl), g_strfreev(pl);
  }
  CU_ASSERT_TRUE(strlen(c) > 0);
  CU_ASSERT_STRING_EQUAL(c, p);
  g_free(c), g_free(p);
}

static const char *const profiles[] = {"rtm",        "sp2", "5.5.2577.0",
                                       "5.5.2621.0", "sp4", NULL};

static void
test_crosscheck(void)
{
  for (const char *const *p = profiles; *p; p++)
    compare("tests/bench/crosscheck.ini", *p, "42");
}

static void
test_crosscheck_sweep(void)
{
  for (const char *const *p = profiles; *p; p++)
    compare("tests/bench/crosscheck-sweep.ini", *p, "42");
}

static void
test_crosscheck_seeds(void)
{
  static const char *const seeds[] = {"1", "2", "3", NULL};
  for (const char *const *s = seeds; *s; s++) {
    compare("tests/bench/crosscheck.ini", "sp2", *s);
    compare("tests/bench/crosscheck.ini", "5.5.2577.0", *s);
  }
}

static void
test_shipped_scenarios(void)
{
  compare("scenarios/poisson-traffic.ini", "5.5.2577.0", "7");
  compare("scenarios/hung-client.ini", "5.5.2577.0", "1");
  compare("scenarios/client-keepalive.ini", "5.5.2577.0", "1");
}

int
main(void)
{
  static const TestCase tests[] = {
      {"crosscheck.ini under five profiles", test_crosscheck},
      {"crosscheck-sweep.ini under five profiles", test_crosscheck_sweep},
      {"crosscheck.ini under other seeds", test_crosscheck_seeds},
      {"shipped scenarios", test_shipped_scenarios},
      {NULL, NULL},
  };
  return test_run_suite("e2e_simpy", tests);
}

/* test_cli.c: the command line, through the real binary. */
#include "testutil.h"

#include <string.h>

static void
test_version_and_help(void)
{
  TestRun run;
  test_chatsim(&run, NULL, "--version", NULL);
  CU_ASSERT_EQUAL(run.status, 0);
  CU_ASSERT_TRUE(g_str_has_prefix(run.out, "chatsim "));
  test_run_clear(&run);
  test_chatsim(&run, NULL, "--help", NULL);
  CU_ASSERT_EQUAL(run.status, 0);
  CU_ASSERT_PTR_NOT_NULL(strstr(run.out, "run SCENARIO"));
  CU_ASSERT_PTR_NOT_NULL(strstr(run.out, "profiles"));
  test_run_clear(&run);
  test_chatsim(&run, NULL, "run", "--help", NULL);
  CU_ASSERT_EQUAL(run.status, 0);
  CU_ASSERT_PTR_NOT_NULL(strstr(run.out, "--timeline=FILE"));
  CU_ASSERT_PTR_NOT_NULL(strstr(run.out, "--trace=WHO"));
  test_run_clear(&run);
  test_chatsim(&run, NULL, NULL);
  CU_ASSERT_EQUAL(run.status, 2);
  CU_ASSERT_PTR_NOT_NULL(strstr(run.err, "Usage: chatsim COMMAND"));
  test_run_clear(&run);
}

/* Every profile with every parameter, in build order. */
static void
test_profiles(void)
{
  TestRun run;
  test_chatsim(&run, NULL, "profiles", "--format", "tsv", NULL);
  CU_ASSERT_EQUAL(run.status, 0);
  char **lines = g_strsplit(run.out, "\n", -1);
  CU_ASSERT_EQUAL_FATAL(g_strv_length(lines), 9); /* header, 7 rows, "" */
  CU_ASSERT_STRING_EQUAL(lines[0], "version\talias\tbuild\tping_delay\tping_attempts\t"
                                   "reply_window\trestart_on_send\tping_counts_as_send\t"
                                   "recv_idle_limit\tcheck_interval\tlabel");
  CU_ASSERT_STRING_EQUAL(lines[1], "5.5.1960.5\trtm\t1960\t90s\t2\t90s\tno\tno\t10m\t0s\t"
                                   "Exchange 5.5 RTM");
  CU_ASSERT_STRING_EQUAL(lines[4], "5.5.2577.0\t-\t2577\t90s\t2\t90s\tyes\tno\t10m\t0s\t"
                                   "post-SP2 Chatsvc hotfix (KB233512 bug)");
  CU_ASSERT_TRUE(g_str_has_prefix(lines[7], "5.5.2653.23\tsp4\t2653\t"));
  g_strfreev(lines);
  test_run_clear(&run);
  test_chatsim(&run, NULL, "profiles", NULL);
  CU_ASSERT_EQUAL(run.status, 0);
  CU_ASSERT_PTR_NOT_NULL(strstr(run.out, "5.5.2621.0"));
  CU_ASSERT_PTR_NOT_NULL(strstr(run.out, "KB233512 fix"));
  test_run_clear(&run);
}

/* --format tsv: stdout is the summary alone; statistics go to stderr. */
static void
test_run_tsv(void)
{
  TestRun run;
  test_chatsim(&run, NULL, "run", "scenarios/kb233512.ini", "--format", "tsv", NULL);
  CU_ASSERT_EQUAL(run.status, 0);
  CU_ASSERT_TRUE(g_str_has_prefix(run.out, "profile\tclient\toutcome\t"));
  CU_ASSERT_PTR_NOT_NULL(
      strstr(run.out, "\n5.5.2577.0\tlurker\tdisconnected\t600040000\t"));
  CU_ASSERT_PTR_NULL(strstr(run.out, "run:"));
  CU_ASSERT_PTR_NOT_NULL(strstr(run.err, "run: 5 clients, "));
  CU_ASSERT_PTR_NOT_NULL(strstr(run.err, "fingerprint sha256: "));
  test_run_clear(&run);
}

/* A version given as a build resolves to the newest profile not newer. */
static void
test_run_build_numbers(void)
{
  static const struct {
    const char *version;
    const char *outcome;
  } cases[] = {
      {"5.5.2576", "connected"},    {"5.5.2577", "disconnected"},
      {"5.5.2600", "disconnected"}, {"5.5.2620", "disconnected"},
      {"5.5.2621", "connected"},    {"5.5.2646.0", "connected"},
  };
  for (gsize i = 0; i < G_N_ELEMENTS(cases); i++) {
    TestRun run;
    test_chatsim(&run, NULL, "run", "scenarios/kb233512.ini", "--profile",
                 cases[i].version, "--summary", "-", NULL);
    CU_ASSERT_EQUAL(run.status, 0);
    char *want = g_strdup_printf("\tlurker\t%s\t", cases[i].outcome);
    if (strstr(run.out, want) == NULL)
      printf("\n  %s: no '%s'\n", cases[i].version, cases[i].outcome);
    CU_ASSERT_PTR_NOT_NULL(strstr(run.out, want));
    g_free(want);
    test_run_clear(&run);
  }
}

/* A run that fails to write leaves no file, and an older file untouched. */
static void
test_outputs_atomic(void)
{
  char *dir = test_tmpdir();
  char *timeline = g_build_filename(dir, "t.tsv", NULL);
  char *summary = g_build_filename(dir, "missing", "s.tsv", NULL);
  CU_ASSERT_TRUE(g_file_set_contents(timeline, "old\n", -1, NULL));
  TestRun run;
  test_chatsim(&run, NULL, "run", "scenarios/kb233512.ini", "--timeline", timeline,
               "--summary", summary, NULL);
  CU_ASSERT_EQUAL(run.status, 2);
  CU_ASSERT_STRING_EQUAL(run.out, "");
  char *want =
      g_strdup_printf("chatsim: %s: cannot write: No such file or directory\n", summary);
  CU_ASSERT_STRING_EQUAL(run.err, want);
  g_free(want);
  test_run_clear(&run);
  char *data = NULL;
  CU_ASSERT_TRUE(g_file_get_contents(timeline, &data, NULL, NULL));
  /* Both outputs are opened before the run: the old timeline is untouched. */
  CU_ASSERT_STRING_EQUAL(data, "old\n");
  g_free(data);
  GDir *d = g_dir_open(dir, 0, NULL);
  guint n = 0;
  while (g_dir_read_name(d))
    n++;
  g_dir_close(d);
  CU_ASSERT_EQUAL(n, 1); /* no temporary file left behind */
  g_free(timeline);
  g_free(summary);
  test_tmpdir_free(dir);
}

static void
test_stdout_conflict(void)
{
  TestRun run;
  test_chatsim(&run, NULL, "run", "scenarios/kb233512.ini", "--timeline", "-",
               "--summary", "-", NULL);
  CU_ASSERT_EQUAL(run.status, 2);
  CU_ASSERT_STRING_EQUAL(
      run.err, "chatsim run: --timeline and --summary cannot both go to standard "
               "output\nTry 'chatsim run --help'.\n");
  test_run_clear(&run);
}

int
main(void)
{
  static const TestCase tests[] = {
      {"--version and --help", test_version_and_help},
      {"profiles lists every parameter", test_profiles},
      {"run --format tsv", test_run_tsv},
      {"build numbers resolve at the boundaries", test_run_build_numbers},
      {"outputs are written whole or not at all", test_outputs_atomic},
      {"timeline and summary cannot share stdout", test_stdout_conflict},
      {NULL, NULL},
  };
  return test_run_suite("cli", tests);
}

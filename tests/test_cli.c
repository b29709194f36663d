/* test_cli.c: the command line, through the real binary. */
#include "testutil.h"

#include <string.h>
#include <sys/wait.h>

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

/* `chatsim help COMMAND` is the command's own help. */
static void
test_help_command(void)
{
  TestRun help, own;
  test_chatsim(&help, NULL, "help", "run", NULL);
  test_chatsim(&own, NULL, "run", "--help", NULL);
  CU_ASSERT_EQUAL(help.status, 0);
  CU_ASSERT_PTR_NOT_NULL(strstr(help.out, "--trace=WHO"));
  CU_ASSERT_STRING_EQUAL(help.out, own.out);
  test_run_clear(&help);
  test_run_clear(&own);
  test_chatsim(&help, NULL, "help", "check", NULL);
  CU_ASSERT_EQUAL(help.status, 0);
  CU_ASSERT_PTR_NOT_NULL(strstr(help.out, "--update-golden"));
  test_run_clear(&help);
  test_chatsim(&help, NULL, "help", "study", NULL);
  CU_ASSERT_EQUAL(help.status, 0);
  CU_ASSERT_PTR_NOT_NULL(strstr(help.out, "--merge"));
  test_run_clear(&help);
  test_chatsim(&help, NULL, "help", "frobnicate", NULL);
  CU_ASSERT_EQUAL(help.status, 2);
  CU_ASSERT_STRING_EQUAL(help.err,
                         "chatsim help: 'frobnicate' is not a command; "
                         "accepted: run, compare, check, plot, study, profiles\n");
  test_run_clear(&help);
}

/* Runs `chatsim ARGS... < input` through the shell. */
static void
chatsim_stdin(TestRun *run, const char *input, const char *args)
{
  char *script =
      g_strdup_printf("exec \"$0\" %s < '%s'", args, input); /* paths without quotes */
  const char *const argv[] = {"/bin/sh", "-c", script, test_chatsim_bin(), NULL};
  char *source = test_source_path(".");
  GError *error = NULL;
  int status = 0;
  gboolean ok = g_spawn_sync(source, (char **)argv, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                             &run->out, &run->err, &status, &error);
  CU_ASSERT_TRUE_FATAL(ok);
  run->status = WEXITSTATUS(status);
  g_free(source);
  g_free(script);
}

/* `run -` reads the scenario from standard input: the same result as the
 * file; errors name <stdin>. */
static void
test_run_stdin(void)
{
  TestRun file, piped;
  test_chatsim(&file, NULL, "run", "scenarios/kb233512.ini", "--format", "tsv", NULL);
  char *kb = test_source_path("scenarios/kb233512.ini");
  chatsim_stdin(&piped, kb, "run - --format tsv");
  CU_ASSERT_EQUAL(piped.status, 0);
  CU_ASSERT_STRING_EQUAL(piped.out, file.out);
  test_run_clear(&file);
  test_run_clear(&piped);
  chatsim_stdin(&piped, kb, "compare - --profiles sp2");
  CU_ASSERT_EQUAL(piped.status, 0);
  CU_ASSERT_TRUE(g_str_has_prefix(piped.out, "kb233512 (<stdin>): 1h, seed 1\n"));
  test_run_clear(&piped);
  char *dir = test_tmpdir();
  char *bad = g_build_filename(dir, "bad.ini", NULL);
  CU_ASSERT_TRUE(g_file_set_contents(bad, "[scenario]\nduration = soon\n", -1, NULL));
  chatsim_stdin(&piped, bad, "run -");
  CU_ASSERT_EQUAL(piped.status, 2);
  CU_ASSERT_TRUE(
      g_str_has_prefix(piped.err, "chatsim: <stdin>:2: [scenario] duration: "));
  test_run_clear(&piped);
  g_free(bad);
  test_tmpdir_free(dir);
  g_free(kb);
}

/* An unknown --trace name lists the names there are. */
static void
test_trace_names(void)
{
  TestRun run;
  test_chatsim(&run, NULL, "run", "scenarios/kb233512.ini", "--trace", "chatter.9", NULL);
  CU_ASSERT_EQUAL(run.status, 2);
  CU_ASSERT_STRING_EQUAL(run.err,
                         "chatsim run: --trace: no client or group named 'chatter.9'; "
                         "accepted: all, none, lurker, chatter, chatter.1 to chatter.4 "
                         "(several separated by commas)\n"
                         "Try 'chatsim run --help'.\n");
  test_run_clear(&run);
}

/* A count group folds into a line per kind of result; --all-rows lists
 * every member. */
static void
test_run_folds(void)
{
  TestRun run;
  test_chatsim(&run, NULL, "run", "scenarios/kb233512.ini", "--profile", "5.5.2577.0",
               NULL);
  CU_ASSERT_EQUAL(run.status, 0);
  CU_ASSERT_TRUE(g_str_has_prefix(
      run.out, "kb233512 (scenarios/kb233512.ini): 1h under 5.5.2577.0 (post-SP2 Chatsvc "
               "hotfix (KB233512 bug)), seed 1\n"
               "client  outcome             at (s)  reason\n"
               "lurker  disconnected       600.040  recv-idle\n"
               "        why: nothing received since 0.040000 s"));
  CU_ASSERT_PTR_NOT_NULL(strstr(run.out, "\nchatter: all 4 connected to the end\nrun: "));
  CU_ASSERT_PTR_NULL(strstr(run.out, "chatter.1"));
  test_run_clear(&run);
  test_chatsim(&run, NULL, "run", "scenarios/kb233512.ini", "--all-rows", NULL);
  CU_ASSERT_EQUAL(run.status, 0);
  CU_ASSERT_PTR_NOT_NULL(strstr(run.out, "\nchatter.4  connected         3600.000\n"));
  CU_ASSERT_PTR_NULL(strstr(run.out, "chatter: all"));
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
  /* header, 7 builds, 3 servers, "" */
  CU_ASSERT_EQUAL_FATAL(g_strv_length(lines), 12);
  CU_ASSERT_STRING_EQUAL(lines[0],
                         "version\talias\tbuild\tping_delay\tping_attempts\t"
                         "reply_window\trestart_on_send\tping_counts_as_send\t"
                         "recv_idle_limit\tcheck_interval\tcheck_phase\t"
                         "clock_resolution\tping_compare\treply_compare\t"
                         "loop_wakeup\tping_answer\tlogin_penalty\twelcome\tlabel");
#define EXCHANGE_TAIL "0s\t0s\tinclusive\tinclusive\t0s\tany\t0s\tnone\t"
  CU_ASSERT_STRING_EQUAL(
      lines[1],
      "5.5.1960.5\trtm\t1960\t90s\t2\t= ping_delay\tno\tno\t10m\t0s\t" EXCHANGE_TAIL
      "Exchange 5.5 RTM");
  CU_ASSERT_STRING_EQUAL(
      lines[4],
      "5.5.2577.0\t-\t2577\t90s\t2\t= ping_delay\tyes\tno\t10m\t0s\t" EXCHANGE_TAIL
      "post-SP2 Chatsvc hotfix (KB233512 bug)");
  CU_ASSERT_TRUE(g_str_has_prefix(lines[7], "5.5.2653.23\tsp4\t2653\t"));
  /* The servers' shipped timers and semantics (docs/model.md). */
  CU_ASSERT_STRING_EQUAL(lines[8], "ngircd\t-\t-\t2m\t1\t20s\tno\tno\t0s\t0s\t0s\t1s\t"
                                   "strict\tstrict\t1s\tany\t1s\tat_once\tngIRCd 26.1");
  CU_ASSERT_STRING_EQUAL(lines[9],
                         "inspircd\t-\t-\t2m\t1\t= ping_delay\tno\tno\t0s\t1s\t0s\t"
                         "1s\tinclusive\tinclusive\t1s\tpong\t0s\ton_check\t"
                         "InspIRCd 3.15");
  CU_ASSERT_STRING_EQUAL(lines[10],
                         "hybrid\t-\t-\t90s\t1\t= ping_delay\tno\tno\t0s\t5s\t0s\t"
                         "1s\tstrict\tinclusive\t500ms\tany\t0s\tat_once\t"
                         "ircd-hybrid 8.2.43");
#undef EXCHANGE_TAIL
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
      {"help COMMAND", test_help_command},
      {"run - reads standard input", test_run_stdin},
      {"--trace lists the valid names", test_trace_names},
      {"count groups fold; --all-rows lists them", test_run_folds},
      {NULL, NULL},
  };
  return test_run_suite("cli", tests);
}

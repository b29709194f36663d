/* test_check.c: expectations matched against results, and whole files. */
#include "testutil.h"

#include "chatsim/check.h"

#include <glib/gstdio.h>

#include <string.h>

static void
test_expectation_match(void)
{
  SimExpectation e = {.outcome = SIM_OUTCOME_DISCONNECTED,
                      .has_at = TRUE,
                      .at = 600000000,
                      .tolerance = 50000,
                      .reason = SIM_REASON_RECV_IDLE};
  SimResult r = {.outcome = SIM_OUTCOME_DISCONNECTED,
                 .reason = SIM_REASON_RECV_IDLE,
                 .time = 600040000};
  CU_ASSERT_TRUE(sim_check_expectation(&e, &r));
  r.time = 600050000; /* the edge of the tolerance counts */
  CU_ASSERT_TRUE(sim_check_expectation(&e, &r));
  r.time = 600050001;
  CU_ASSERT_FALSE(sim_check_expectation(&e, &r));
  r.time = 599950000;
  CU_ASSERT_TRUE(sim_check_expectation(&e, &r));
  r.time = 600000000;
  r.reason = SIM_REASON_PING_TIMEOUT;
  CU_ASSERT_FALSE(sim_check_expectation(&e, &r));
  e.reason = SIM_REASON_NONE; /* any reason */
  CU_ASSERT_TRUE(sim_check_expectation(&e, &r));
  e.has_at = FALSE;
  r.time = 1;
  CU_ASSERT_TRUE(sim_check_expectation(&e, &r));
  r.outcome = SIM_OUTCOME_QUIT;
  CU_ASSERT_FALSE(sim_check_expectation(&e, &r));
  SimExpectation connected = {.outcome = SIM_OUTCOME_CONNECTED};
  SimResult stays = {.outcome = SIM_OUTCOME_CONNECTED, .time = 3600000000};
  CU_ASSERT_TRUE(sim_check_expectation(&connected, &stays));
}

static char *
write_file(const char *dir, const char *name, const char *text)
{
  char *path = g_build_filename(dir, name, NULL);
  g_assert(g_file_set_contents(path, text, -1, NULL));
  return path;
}

/* Files found in directories in name order; [expect VERSION] overrides
 * [expect]; a group expectation covers every member; files without
 * expectations are skipped, not run. */
static void
test_paths(void)
{
  char *dir = test_tmpdir();
  char *sub = g_build_filename(dir, "sub", NULL);
  g_mkdir(sub, 0755);
  g_free(
      write_file(dir, "b.ini",
                 "[scenario]\nduration = 15m\nprofile = sp2\n[network]\nlatency = 40ms\n"
                 "[client lurker]\njoin = #x\n[client talker]\ncount = 3\njoin = #x\n"
                 "talk = every 20s\n[expect]\nlurker = connected\ntalker = connected\n"
                 "[expect 5.5.2577.0]\nlurker = disconnected at 600.04s by recv-idle\n"));
  g_free(write_file(sub, "a.ini",
                    "[scenario]\nduration = 15m\ncheck_profiles = sp2\n[client x]\n"
                    "[expect]\nx = quit\n"));
  g_free(write_file(dir, "none.ini", "[scenario]\nduration = 1m\n[client x]\n"));
  g_free(write_file(dir, "notes.txt", "not a scenario\n"));
  const char *paths[] = {dir, NULL};
  SimCheckOptions options = {.twice = TRUE, .threads = 2};
  g_autoptr(SimCheckReport) report = sim_check_paths(paths, &options);
  CU_ASSERT_EQUAL(report->errors->len, 0);
  /* b.ini is checked under the version its [expect 5.5.2577.0] names
   * only: 2 expectations + 1 twice; sub/a.ini: 1 + 1 twice. */
  CU_ASSERT_EQUAL(report->passed, 4);
  CU_ASSERT_EQUAL(report->failed, 1);
  CU_ASSERT_EQUAL(report->items->len, 5);
  CU_ASSERT_EQUAL(report->skipped->len, 1);
  CU_ASSERT_TRUE(g_str_has_suffix(g_ptr_array_index(report->skipped, 0), "none.ini"));
  const SimCheckItem *first = g_ptr_array_index(report->items, 0);
  CU_ASSERT_TRUE(g_str_has_suffix(first->scenario, "b.ini")); /* b.ini before sub/ */
  gboolean found = FALSE;
  for (guint i = 0; i < report->items->len; i++) {
    const SimCheckItem *item = g_ptr_array_index(report->items, i);
    if (!item->passed) {
      found = TRUE;
      CU_ASSERT_STRING_EQUAL(item->profile, "sp2");
      CU_ASSERT_PTR_NOT_NULL(strstr(item->message,
                                    ":6: [expect] x = quit: under sp2, x was "
                                    "connected at the end (900.000000 s)"));
    }
  }
  CU_ASSERT_TRUE(found);
  g_free(sub);
  test_tmpdir_free(dir);
}

/* A missing path and a bad file are reported; the good file is still
 * checked. */
static void
test_bad_paths(void)
{
  char *dir = test_tmpdir();
  char *bad = write_file(dir, "bad.ini", "[scenario]\nduration = soon\n[client x]\n");
  char *good = write_file(dir, "good.ini",
                          "[scenario]\nduration = 1m\ncheck_profiles = sp2\n[client x]\n"
                          "[expect]\nx = connected\n");
  const char *paths[] = {"/nonexistent/dir", bad, good, NULL};
  SimCheckOptions options = {0};
  g_autoptr(SimCheckReport) report = sim_check_paths(paths, &options);
  CU_ASSERT_EQUAL_FATAL(report->errors->len, 2);
  CU_ASSERT_STRING_EQUAL(g_ptr_array_index(report->errors, 0),
                         "/nonexistent/dir: no such file or directory");
  CU_ASSERT_TRUE(g_str_has_prefix(g_ptr_array_index(report->errors, 1), bad));
  CU_ASSERT_PTR_NOT_NULL(strstr(g_ptr_array_index(report->errors, 1), "soon"));
  CU_ASSERT_EQUAL(report->passed, 1);
  CU_ASSERT_EQUAL(report->failed, 0);
  g_free(bad);
  g_free(good);
  test_tmpdir_free(dir);
}

/* --profiles replaces the file's check_profiles; --seed replaces its seed
 * and leaves golden timelines alone. */
static void
test_profiles_and_seed(void)
{
  char *dir = test_tmpdir();
  char *path = write_file(dir, "p.ini",
                          "[scenario]\nduration = 15m\ncheck_profiles = sp2\n"
                          "golden = gold\n[network]\nlatency = 40ms\n"
                          "[client lurker]\njoin = #x\n[client talker]\njoin = #x\n"
                          "talk = every 20s\n[expect]\nlurker = connected\n");
  const char *paths[] = {path, NULL};
  const char *const versions[] = {"sp2", "5.5.2577.0", NULL};
  SimCheckOptions options = {.profiles = versions, .update_golden = TRUE};
  g_autoptr(SimCheckReport) written = sim_check_paths(paths, &options);
  CU_ASSERT_EQUAL(written->errors->len, 0);
  CU_ASSERT_EQUAL(written->updated->len, 2);
  /* Under 5.5.2577.0 the lurker is dropped: the expectation fails there. */
  CU_ASSERT_EQUAL(written->passed, 1);
  CU_ASSERT_EQUAL(written->failed, 1);
  char *gold = g_build_filename(dir, "gold", "p.5.5.2577.0.tsv", NULL);
  CU_ASSERT_TRUE(g_file_test(gold, G_FILE_TEST_EXISTS));
  guint64 seed = 7;
  SimCheckOptions seeded = {.profiles = versions, .seed = &seed};
  g_autoptr(SimCheckReport) report = sim_check_paths(paths, &seeded);
  CU_ASSERT_EQUAL(report->errors->len, 0);
  CU_ASSERT_EQUAL(report->passed, 1); /* no golden verdicts, only expectations */
  CU_ASSERT_EQUAL(report->failed, 1);
  g_free(gold);
  g_free(path);
  test_tmpdir_free(dir);
}

int
main(void)
{
  static const TestCase tests[] = {
      {"expectations against results", test_expectation_match},
      {"directories, overrides, groups, skips", test_paths},
      {"a missing path and a bad file", test_bad_paths},
      {"--profiles and --seed", test_profiles_and_seed},
      {NULL, NULL},
  };
  return test_run_suite("check", tests);
}

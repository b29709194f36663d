/* test_e2e_check.c: `chatsim check` and `chatsim compare` on real files. */
#include "testutil.h"

#include <glib/gstdio.h>
#include <string.h>

/* A wrong expectation: exit 1, the actual outcome and its why, the
 * closing line alone. */
static void
test_wrong_expectation(void)
{
  TestRun run;
  test_chatsim(&run, NULL, "check", "tests/data/wrong-expect.ini", NULL);
  CU_ASSERT_EQUAL(run.status, 1);
  CU_ASSERT_STRING_EQUAL(
      run.out,
      "FAIL tests/data/wrong-expect.ini:23: [expect 5.5.2577.0] lurker = connected: "
      "lurker "
      "was disconnected at 600.040000 s (recv-idle): nothing received since 0.040000 s "
      "(register); the receive-idle limit of 10m ran out at 600.040000 s; no PING went "
      "out: "
      "server sends restarted the ping process 30 times since then (the last at "
      "600.040000 s), so 90s of inactivity (ping_delay) never passed\n"
      "FAIL tests/data/wrong-expect.ini:27: [expect sp2] lurker = disconnected at "
      "600s±1s "
      "by recv-idle: lurker was connected at the end (900.000000 s)\n"
      "2 passed, 2 failed\n");
  test_run_clear(&run);
}

static char *
copy_file(const char *from, const char *dir, const char *name)
{
  char *src = test_source_path(from);
  char *dst = g_build_filename(dir, name, NULL);
  char *data = NULL;
  gsize len = 0;
  CU_ASSERT_TRUE_FATAL(g_file_get_contents(src, &data, &len, NULL));
  CU_ASSERT_TRUE_FATAL(g_file_set_contents(dst, data, (gssize)len, NULL));
  g_free(data);
  g_free(src);
  return dst;
}

/* Golden timelines: missing, written by --update-golden, matching, then
 * broken by a changed model parameter (first differing line shown) and
 * fixed again by --update-golden. */
static void
test_golden_cycle(void)
{
  char *dir = test_tmpdir();
  char *ini = copy_file("scenarios/hung-client.ini", dir, "hung.ini");
  TestRun run;
  test_chatsim(&run, dir, "check", "hung.ini", NULL);
  CU_ASSERT_EQUAL(run.status, 1);
  CU_ASSERT_PTR_NOT_NULL(strstr(run.out,
                                "FAIL hung.ini: no golden timeline "
                                "golden/hung-client.sp2.tsv; write it with chatsim "
                                "check --update-golden\n"));
  test_run_clear(&run);

  test_chatsim(&run, dir, "check", "--update-golden", "hung.ini", NULL);
  CU_ASSERT_EQUAL(run.status, 0);
  CU_ASSERT_PTR_NOT_NULL(strstr(run.out, "updated golden/hung-client.5.5.2577.0.tsv\n"));
  CU_ASSERT_PTR_NOT_NULL(strstr(run.out, "11 golden timelines updated, 0 unchanged\n"));
  test_run_clear(&run);

  test_chatsim(&run, dir, "check", "hung.ini", NULL);
  CU_ASSERT_EQUAL(run.status, 0);
  CU_ASSERT_TRUE(g_str_has_suffix(run.out, " passed, 0 failed\n"));
  test_run_clear(&run);

  /* A longer ping_delay moves every PING: the golden comparison fails. */
  char *data = NULL;
  CU_ASSERT_TRUE_FATAL(g_file_get_contents(ini, &data, NULL, NULL));
  char *changed = g_strconcat(data, "\n[server]\nping_delay = 100s\n", NULL);
  CU_ASSERT_TRUE(g_file_set_contents(ini, changed, -1, NULL));
  test_chatsim(&run, dir, "check", "hung.ini", NULL);
  CU_ASSERT_EQUAL(run.status, 1);
  CU_ASSERT_PTR_NOT_NULL(
      strstr(run.out, "FAIL hung.ini [sp2]: golden timeline golden/hung-client.sp2.tsv "
                      "differs: "));
  CU_ASSERT_PTR_NOT_NULL(strstr(
      run.out, "226 lines differ; the first is line 28 (t=90.040000 s):\n"
               "    expected: 90040000\t90.040000\tfrozen\tsend\tping 1/2\n"
               "    actual:   100040000\t100.040000\tchatter.1\trecv\tprivmsg #lobby\n"));
  test_run_clear(&run);

  test_chatsim(&run, dir, "check", "--update-golden", "hung.ini", NULL);
  CU_ASSERT_EQUAL(run.status, 1); /* the expectations at 270.04 s now fail */
  CU_ASSERT_PTR_NOT_NULL(strstr(run.out, "11 golden timelines updated, 0 unchanged\n"));
  test_run_clear(&run);
  char *golden = g_build_filename(dir, "golden", "hung-client.sp2.tsv", NULL);
  char *text = NULL;
  CU_ASSERT_TRUE(g_file_get_contents(golden, &text, NULL, NULL));
  CU_ASSERT_PTR_NOT_NULL(
      strstr(text, "\n100040000\t100.040000\tfrozen\tsend\tping 1/2\n"));
  g_free(text);
  g_free(golden);
  g_free(changed);
  g_free(data);
  g_free(ini);
  test_tmpdir_free(dir);
}

/* A file with something to check but no version to check it under fails
 * rather than passing on nothing. */
static void
test_nothing_to_run(void)
{
  char *dir = test_tmpdir();
  char *ini = g_build_filename(dir, "g.ini", NULL);
  CU_ASSERT_TRUE(g_file_set_contents(ini,
                                     "[scenario]\nduration = 10m\ngolden = g\n"
                                     "[client a]\n",
                                     -1, NULL));
  TestRun run;
  test_chatsim(&run, dir, "check", "g.ini", NULL);
  CU_ASSERT_EQUAL(run.status, 1);
  CU_ASSERT_STRING_EQUAL(run.out,
                         "FAIL g.ini: golden = is set but there is no version to "
                         "run: give [scenario] profile or check_profiles\n"
                         "0 passed, 1 failed\n");
  test_run_clear(&run);
  g_free(ini);
  test_tmpdir_free(dir);
}

static void
test_check_bad_input(void)
{
  TestRun run;
  test_chatsim(&run, NULL, "check", "tests/data/nonexistent", NULL);
  CU_ASSERT_EQUAL(run.status, 2);
  CU_ASSERT_STRING_EQUAL(run.err,
                         "chatsim: tests/data/nonexistent: no such file or directory\n");
  test_run_clear(&run);
  test_chatsim(&run, NULL, "check", "tests/bad/bad-expectation.ini", NULL);
  CU_ASSERT_EQUAL(run.status, 2);
  CU_ASSERT_TRUE(
      g_str_has_prefix(run.err, "chatsim: tests/bad/bad-expectation.ini:10: "));
  CU_ASSERT_STRING_EQUAL(run.out, "");
  test_run_clear(&run);
}

/* compare: the lurker is dropped only by the affected build; the others
 * fold into one line. */
static void
test_compare_kb(void)
{
  TestRun run;
  test_chatsim(&run, NULL, "compare", "scenarios/kb233512.ini", NULL);
  CU_ASSERT_EQUAL(run.status, 0);
  CU_ASSERT_STRING_EQUAL(
      run.out,
      "kb233512 (scenarios/kb233512.ini): 1h, seed 1\n"
      "client  rtm  sp1  sp2  5.5.2577.0              5.5.2621.0  sp3  sp4\n"
      "lurker  ok   ok   ok   drop 600.04s recv-idle  ok          ok   ok\n"
      "4 clients the same under every profile: ok (chatter.1, chatter.2, chatter.3, "
      "chatter.4)\n");
  test_run_clear(&run);
  test_chatsim(&run, NULL, "compare", "scenarios/kb233512.ini", "--profiles",
               "5.5.2576,5.5.2577", "--all-rows", NULL);
  CU_ASSERT_EQUAL(run.status, 0);
  CU_ASSERT_PTR_NOT_NULL(strstr(run.out, "chatter.4  ok        ok\n"));
  CU_ASSERT_PTR_NOT_NULL(
      strstr(run.out, "lurker     ok        drop 600.04s recv-idle\n"));
  test_run_clear(&run);
  test_chatsim(&run, NULL, "compare", "scenarios/kb233512.ini", "--format", "tsv", NULL);
  CU_ASSERT_EQUAL(run.status, 0);
  char **lines = g_strsplit(run.out, "\n", -1);
  CU_ASSERT_EQUAL(g_strv_length(lines), 1 + 7 * 5 + 1);
  CU_ASSERT_TRUE(
      g_str_has_prefix(lines[16], "5.5.2577.0\tlurker\tdisconnected\t600040000\t"));
  g_strfreev(lines);
  test_run_clear(&run);
  test_chatsim(&run, NULL, "compare", "scenarios/kb233512.ini", "--profiles", "sp9",
               NULL);
  CU_ASSERT_EQUAL(run.status, 2);
  CU_ASSERT_TRUE(g_str_has_prefix(run.err, "chatsim compare: --profiles: unknown version "
                                           "'sp9'; known: "));
  test_run_clear(&run);
}

int
main(void)
{
  static const TestCase tests[] = {
      {"a wrong expectation fails with what happened", test_wrong_expectation},
      {"golden timelines: write, match, differ, update", test_golden_cycle},
      {"check: bad paths and files exit 2", test_check_bad_input},
      {"check: nothing to run is a failure", test_nothing_to_run},
      {"compare: the KB233512 matrix", test_compare_kb},
      {NULL, NULL},
  };
  return test_run_suite("e2e_check", tests);
}

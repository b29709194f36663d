/* test_e2e_check.c: `chatsim check` and `chatsim compare` on real files. */
#include "testutil.h"

#include <glib/gstdio.h>
#include <stdio.h>
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
  CU_ASSERT_STRING_EQUAL(run.out, "1 path could not be checked (errors above)\n"
                                  "0 passed, 0 failed\n");
  test_run_clear(&run);
}

/* Several paths: a missing one and a bad file are reported, every other
 * file is still checked, and the exit code is 2 at the end. */
static void
test_check_goes_on(void)
{
  TestRun run;
  test_chatsim(&run, NULL, "check", "tests/data/nonexistent",
               "tests/bad/bad-expectation.ini", "scenarios/kb233512.ini", NULL);
  CU_ASSERT_EQUAL(run.status, 2);
  CU_ASSERT_TRUE(g_str_has_prefix(
      run.err, "chatsim: tests/data/nonexistent: no such file or directory\n"
               "chatsim: tests/bad/bad-expectation.ini:10: "));
  CU_ASSERT_TRUE(g_str_has_suffix(run.out, "2 paths could not be checked (errors above)\n"
                                           "22 passed, 0 failed\n"));
  test_run_clear(&run);
  /* A failed check among them does not hide the bad input: still 2. */
  test_chatsim(&run, NULL, "check", "tests/data/wrong-expect.ini",
               "tests/bad/bad-expectation.ini", NULL);
  CU_ASSERT_EQUAL(run.status, 2);
  CU_ASSERT_TRUE(g_str_has_suffix(run.out, "2 passed, 2 failed\n"));
  test_run_clear(&run);
}

/* check --profiles runs the files under the versions given; --seed under
 * another seed, without the golden timelines (they hold the file's seed). */
static void
test_check_profiles_seed(void)
{
  TestRun run;
  /* kb233512.ini pins the lurker's drop under 5.5.2577.0 only. */
  test_chatsim(&run, NULL, "check", "--profiles", "5.5.2577.0", "scenarios/kb233512.ini",
               NULL);
  CU_ASSERT_EQUAL(run.status, 0);
  CU_ASSERT_STRING_EQUAL(run.out, "2 passed, 0 failed\n");
  test_run_clear(&run);
  test_chatsim(&run, NULL, "check", "--profiles", "sp9", "scenarios/kb233512.ini", NULL);
  CU_ASSERT_EQUAL(run.status, 2);
  CU_ASSERT_TRUE(g_str_has_prefix(run.err, "chatsim check: --profiles: unknown version "
                                           "'sp9'"));
  test_run_clear(&run);
  /* hung-client has golden timelines: with --seed only expectations run. */
  TestRun plain, seeded;
  test_chatsim(&plain, NULL, "check", "scenarios/hung-client.ini", NULL);
  test_chatsim(&seeded, NULL, "check", "--seed", "99", "scenarios/hung-client.ini", NULL);
  CU_ASSERT_EQUAL(plain.status, 0);
  CU_ASSERT_EQUAL(seeded.status, 0);
  guint n_plain = 0, n_seeded = 0;
  CU_ASSERT_EQUAL(sscanf(plain.out, "%u passed", &n_plain), 1);
  CU_ASSERT_EQUAL(sscanf(seeded.out, "%u passed", &n_seeded), 1);
  CU_ASSERT_EQUAL(n_plain - n_seeded, 11); /* the 11 golden timelines */
  test_run_clear(&plain);
  test_run_clear(&seeded);
  test_chatsim(&run, NULL, "check", "--seed", "1", "--update-golden",
               "scenarios/hung-client.ini", NULL);
  CU_ASSERT_EQUAL(run.status, 2);
  CU_ASSERT_PTR_NOT_NULL(strstr(run.err, "drop --seed"));
  test_run_clear(&run);
}

/* A scenario without a name has golden files named after its file. */
static void
test_golden_basename(void)
{
  char *dir = test_tmpdir();
  char *ini = g_build_filename(dir, "unnamed.ini", NULL);
  CU_ASSERT_TRUE(g_file_set_contents(ini,
                                     "[scenario]\nduration = 5m\nprofile = sp2\n"
                                     "golden = golden\n[client x]\njoin = #a\n",
                                     -1, NULL));
  TestRun run;
  test_chatsim(&run, dir, "check", "--update-golden", "unnamed.ini", NULL);
  CU_ASSERT_EQUAL(run.status, 0);
  CU_ASSERT_PTR_NOT_NULL(strstr(run.out, "updated golden/unnamed.sp2.tsv\n"));
  char *gold = g_build_filename(dir, "golden", "unnamed.sp2.tsv", NULL);
  CU_ASSERT_TRUE(g_file_test(gold, G_FILE_TEST_EXISTS));
  test_run_clear(&run);
  g_free(gold);
  g_free(ini);
  test_tmpdir_free(dir);
}

/* compare --duration shortens every run; --quiet prints nothing; - reads
 * the scenario from standard input. */
static void
test_compare_options(void)
{
  TestRun run;
  test_chatsim(&run, NULL, "compare", "scenarios/kb233512.ini", "--duration", "5m", NULL);
  CU_ASSERT_EQUAL(run.status, 0);
  /* The drop at 600 s is past the end: every client is ok everywhere. */
  CU_ASSERT_STRING_EQUAL(run.out,
                         "kb233512 (scenarios/kb233512.ini): 5m, seed 1\n"
                         "client  rtm  sp1  sp2  5.5.2577.0  5.5.2621.0  sp3  sp4\n"
                         "5 clients the same under every profile: ok (lurker, chatter: "
                         "all 4)\n");
  test_run_clear(&run);
  test_chatsim(&run, NULL, "compare", "scenarios/kb233512.ini", "--quiet", NULL);
  CU_ASSERT_EQUAL(run.status, 0);
  CU_ASSERT_STRING_EQUAL(run.out, "");
  CU_ASSERT_STRING_EQUAL(run.err, "");
  test_run_clear(&run);
  test_chatsim(&run, NULL, "compare", "scenarios/kb233512.ini", "--quiet", "--duration",
               "0s", NULL);
  CU_ASSERT_EQUAL(run.status, 2);
  CU_ASSERT_PTR_NOT_NULL(strstr(run.err, "--duration"));
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
      run.out, "kb233512 (scenarios/kb233512.ini): 1h, seed 1\n"
               "client  rtm  sp1  sp2  5.5.2577.0              5.5.2621.0  sp3  sp4\n"
               "lurker  ok   ok   ok   drop 600.04s recv-idle  ok          ok   ok\n"
               "4 clients the same under every profile: ok (chatter: all 4)\n");
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
      {"check: several paths, bad ones reported, the rest checked", test_check_goes_on},
      {"check --profiles and --seed", test_check_profiles_seed},
      {"golden files named after an unnamed scenario's file", test_golden_basename},
      {"compare --duration and --quiet", test_compare_options},
      {"compare: the KB233512 matrix", test_compare_kb},
      {NULL, NULL},
  };
  return test_run_suite("e2e_check", tests);
}

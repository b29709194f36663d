/* test_e2e_set.c: `--set GROUP.KEY=VALUE` on run, compare and plot changes
 * the scenario as if the file said it. The errors are in test_e2e_errors.c. */
#include "testutil.h"

#include <string.h>

/* The KB case drops the lurker at its first receipt + recv_idle_limit:
 * 600.04 s as written, 1200.04 s with the limit set to 20 minutes. */
static void
test_run(void)
{
  TestRun run;
  test_chatsim(&run, NULL, "run", "scenarios/kb233512.ini", NULL);
  CU_ASSERT_EQUAL(run.status, 0);
  CU_ASSERT_PTR_NOT_NULL(
      strstr(run.out, "lurker  disconnected       600.040  recv-idle"));
  test_run_clear(&run);
  test_chatsim(&run, NULL, "run", "scenarios/kb233512.ini", "--set",
               "server.recv_idle_limit=20m", "--set", "scenario.duration=30m", NULL);
  CU_ASSERT_EQUAL(run.status, 0);
  CU_ASSERT_PTR_NOT_NULL(strstr(run.out, "): 30m under 5.5.2577.0"));
  CU_ASSERT_PTR_NOT_NULL(
      strstr(run.out, "lurker  disconnected      1200.040  recv-idle"));
  CU_ASSERT_PTR_NOT_NULL(strstr(run.out, "the receive-idle limit of 20m ran out"));
  CU_ASSERT_STRING_EQUAL(run.err, "");
  test_run_clear(&run);
}

/* restart_on_send = no everywhere: 5.5.2577.0 keeps the lurker too, so
 * every profile agrees on every client. */
static void
test_compare(void)
{
  TestRun run;
  test_chatsim(&run, NULL, "compare", "scenarios/kb233512.ini", "--set",
               "server.restart_on_send=no", NULL);
  CU_ASSERT_EQUAL(run.status, 0);
  CU_ASSERT_PTR_NOT_NULL(strstr(run.out, "5 clients the same under every profile: ok"));
  test_run_clear(&run);
  test_chatsim(&run, NULL, "compare", "scenarios/kb233512.ini", NULL);
  CU_ASSERT_EQUAL(run.status, 0);
  CU_ASSERT_PTR_NULL(strstr(run.out, "5 clients the same under every profile"));
  test_run_clear(&run);
}

/* The figure tells the new drop time. */
static void
test_plot(void)
{
  char *dir = test_tmpdir();
  char *ini = test_source_path("scenarios/kb233512.ini");
  TestRun run;
  test_chatsim(&run, dir, "plot", ini, "--set", "server.recv_idle_limit=20m", "-T",
               "dumb", "-o", "-", NULL);
  CU_ASSERT_EQUAL(run.status, 0);
  CU_ASSERT_PTR_NOT_NULL(strstr(run.out, "recv-idle 1200.04 s"));
  test_run_clear(&run);
  g_free(ini);
  test_tmpdir_free(dir);
}

int
main(void)
{
  static const TestCase tests[] = {
      {"run --set", test_run},
      {"compare --set", test_compare},
      {"plot --set", test_plot},
      {NULL, NULL},
  };
  return test_run_suite("e2e_set", tests);
}

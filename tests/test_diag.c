/* test_diag.c: errors with their places, listed together in file order. */
#include "testutil.h"

#include "chatsim/diag.h"

#include <string.h>

#define DOMAIN g_quark_from_static_string("test")

/* File order whatever the order found: by line, whole-file errors after
 * the lines, --set errors last in the order given; codes from the first. */
static void
test_order(void)
{
  g_autoptr(SimDiag) d = sim_diag_new("f.ini");
  GError *error = NULL;
  CU_ASSERT_TRUE(sim_diag_report(d, DOMAIN, &error));
  guint set = sim_diag_add_set(d, "server.x=1");
  CU_ASSERT_EQUAL(set, 1);
  sim_diag_fail(d, 3, (SimDiagPlace){0, set}, "[server] x", "bad");
  sim_diag_fail(d, 4, SIM_DIAG_NOWHERE, NULL, "no clients");
  sim_diag_fail(d, 5, (SimDiagPlace){9, 0}, NULL, "line nine");
  sim_diag_fail(d, 6, (SimDiagPlace){2, 0}, "[a] b", "line two");
  sim_diag_fail(d, 7, (SimDiagPlace){9, 0}, NULL, "line nine again");
  CU_ASSERT_EQUAL(sim_diag_count(d), 5);
  CU_ASSERT_FALSE(sim_diag_report(d, DOMAIN, &error));
  CU_ASSERT_TRUE(g_error_matches(error, DOMAIN, 6));
  CU_ASSERT_STRING_EQUAL(error->message, "f.ini:2: [a] b: line two\n"
                                         "f.ini:9: line nine\n"
                                         "f.ini:9: line nine again\n"
                                         "f.ini: no clients\n"
                                         "--set 'server.x=1': [server] x: bad");
  g_clear_error(&error);
}

/* Quoted input is cut; past SIM_DIAG_MAX errors the rest are counted. */
static void
test_limits(void)
{
  g_autoptr(SimDiag) d = sim_diag_new("f.ini");
  char *big = g_strnfill(1000, 'x');
  sim_diag_fail(d, 1, (SimDiagPlace){1, 0}, NULL, "'%s' is wrong", big);
  for (guint i = 0; i < SIM_DIAG_MAX + 5; i++)
    sim_diag_fail(d, 1, (SimDiagPlace){2 + i, 0}, NULL, "e");
  GError *error = NULL;
  CU_ASSERT_FALSE(sim_diag_report(d, DOMAIN, &error));
  char **lines = g_strsplit(error->message, "\n", -1);
  CU_ASSERT_EQUAL(g_strv_length(lines), SIM_DIAG_MAX + 1);
  char *cut = g_strdup_printf("f.ini:1: '%.80s...' is wrong", big);
  CU_ASSERT_STRING_EQUAL(lines[0], cut);
  CU_ASSERT_STRING_EQUAL(lines[SIM_DIAG_MAX], "f.ini: 6 more errors not listed");
  g_strfreev(lines);
  g_free(cut);
  g_free(big);
  g_clear_error(&error);
}

int
main(void)
{
  static const TestCase tests[] = {
      {"file order", test_order},
      {"cut quotes and a cap on the list", test_limits},
      {NULL, NULL},
  };
  return test_run_suite("diag", tests);
}

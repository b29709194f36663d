/* test_study_vars.c: a study file's variables: their values, where they
 * stand, a point's text line for line, and what is wrong with them. */
#include "testutil.h"

#include "chatsim/study_vars.h"

#include <string.h>

static const char file[] = "[scenario]\n"                              /* 1 */
                           "profile = sp2\n"                           /* 2 */
                           "[server]\n"                                /* 3 */
                           "ping_delay = ${pd = 30s..90s step 30s}\n"  /* 4 */
                           "[study]\n"                                 /* 5 */
                           "repeat = 2\n"                              /* 6 */
                           "[client lurker]\n"                         /* 7 */
                           "keepalive = ${pd} # ${pd} is not put in\n" /* 8 */
                           "talk = poisson ${mean = 1m, 90s, 2, x}\n"  /* 9 */
                           "count = ${n = 1..3}\n";                    /* 10 */

/* Records each [study] key as "LINE:NAME=VALUE"; refuses "bad". */
static gboolean
record_key(const SimIniKey *key, gpointer data, GError **error)
{
  if (strcmp(key->name, "bad") == 0) {
    g_set_error(error, G_FILE_ERROR, G_FILE_ERROR_INVAL, "bad key at %u", key->line);
    return FALSE;
  }
  g_ptr_array_add(data, g_strdup_printf("%u:%s=%s", key->line, key->name, key->value));
  return TRUE;
}

static SimStudyVars *
parse(const char *text, GPtrArray *keys, GError **error)
{
  return sim_study_vars_parse("v.study", text, strlen(text), record_key, keys, error);
}

/* `file`, parsed, or the test stops. */
static SimStudyVars *
parse_file(void)
{
  g_autoptr(GPtrArray) keys = g_ptr_array_new_with_free_func(g_free);
  GError *error = NULL;
  SimStudyVars *v = parse(file, keys, &error);
  if (v == NULL)
    g_printerr("%s\n", error->message);
  g_clear_error(&error);
  return v;
}

static void
test_values(void)
{
  g_autoptr(GPtrArray) keys = g_ptr_array_new_with_free_func(g_free);
  GError *error = NULL;
  SimStudyVars *v = parse(file, keys, &error);
  CU_ASSERT_PTR_NOT_NULL_FATAL(v);
  CU_ASSERT_EQUAL(keys->len, 1);
  CU_ASSERT_STRING_EQUAL(g_ptr_array_index(keys, 0), "6:repeat=2");
  CU_ASSERT_EQUAL_FATAL(sim_study_vars_count(v), 3);
  CU_ASSERT_STRING_EQUAL(sim_study_vars_name(v, 0), "pd");
  CU_ASSERT_STRING_EQUAL(sim_study_vars_name(v, 1), "mean");
  CU_ASSERT_STRING_EQUAL(sim_study_vars_name(v, 2), "n");
  /* A range of durations is put in as durations and written in seconds. */
  CU_ASSERT_EQUAL(sim_study_vars_n_values(v, 0), 3);
  CU_ASSERT_STRING_EQUAL(sim_study_vars_text(v, 0, 2), "90s");
  CU_ASSERT_STRING_EQUAL(sim_study_vars_column(v, 0, 2), "90");
  CU_ASSERT_TRUE(sim_study_vars_numeric(v, 0));
  /* A list with one value that is no duration is written as written. */
  CU_ASSERT_EQUAL(sim_study_vars_n_values(v, 1), 4);
  CU_ASSERT_FALSE(sim_study_vars_numeric(v, 1));
  CU_ASSERT_STRING_EQUAL(sim_study_vars_text(v, 1, 1), "90s");
  CU_ASSERT_STRING_EQUAL(sim_study_vars_column(v, 1, 1), "90s");
  /* A range of bare numbers stays bare. */
  CU_ASSERT_TRUE(sim_study_vars_numeric(v, 2));
  CU_ASSERT_STRING_EQUAL(sim_study_vars_text(v, 2, 0), "1");
  CU_ASSERT_STRING_EQUAL(sim_study_vars_column(v, 2, 2), "3");
  sim_study_vars_free(v);
}

/* Every line is kept, [study] blanked, each reference replaced; a ${ in a
 * comment is left as it is. */
static void
test_point_text(void)
{
  SimStudyVars *v = parse_file();
  CU_ASSERT_PTR_NOT_NULL_FATAL(v);
  static const guint values[] = {1, 3, 2};
  GString *text = sim_study_vars_point_text(v, values);
  CU_ASSERT_STRING_EQUAL(text->str, "[scenario]\n"
                                    "profile = sp2\n"
                                    "[server]\n"
                                    "ping_delay = 60s\n"
                                    "\n"
                                    "\n"
                                    "[client lurker]\n"
                                    "keepalive = 60s # ${pd} is not put in\n"
                                    "talk = poisson x\n"
                                    "count = 3\n");
  g_string_free(text, TRUE);
  GString *line = g_string_new("<");
  sim_study_vars_append_line(v, 9, values, line);
  sim_study_vars_append_line(v, 2, values, line);
  CU_ASSERT_STRING_EQUAL(line->str, "<talk = poisson xprofile = sp2");
  g_string_assign(line, "(");
  sim_study_vars_append_values(v, values, line);
  CU_ASSERT_STRING_EQUAL(line->str, "(pd = 60s, mean = x, n = 3");
  g_string_free(line, TRUE);
  sim_study_vars_free(v);
}

/* A --set names a line that holds a variable, however it is spaced, and
 * only that key of that group. */
static void
test_set_line(void)
{
  SimStudyVars *v = parse_file();
  CU_ASSERT_PTR_NOT_NULL_FATAL(v);
  const char *where = NULL;
  CU_ASSERT_EQUAL(sim_study_vars_set_line(v, "server.ping_delay=5s", &where), 4);
  CU_ASSERT_STRING_EQUAL(where, "[server] ping_delay");
  CU_ASSERT_EQUAL(sim_study_vars_set_line(v, "client lurker.count \t= 2", &where), 10);
  CU_ASSERT_STRING_EQUAL(where, "[client lurker] count");
  CU_ASSERT_EQUAL(sim_study_vars_set_line(v, "client lurker.keepalive=1m", NULL), 8);
  CU_ASSERT_EQUAL(sim_study_vars_set_line(v, "scenario.profile=sp2", NULL), 0);
  CU_ASSERT_EQUAL(sim_study_vars_set_line(v, "client lurker.counts=2", NULL), 0);
  CU_ASSERT_EQUAL(sim_study_vars_set_line(v, "server.ping_delay", NULL), 0);
  sim_study_vars_free(v);
}

/* The [study] keys are taken in file order with the other lines: an error
 * in one stops the parse before a later line's. */
static void
test_key_order(void)
{
  g_autoptr(GPtrArray) keys = g_ptr_array_new_with_free_func(g_free);
  GError *error = NULL;
  SimStudyVars *v =
      parse("[study]\nrepeat = 1\nbad = 1\n[a]\nb = ${x = 1, 1}\n", keys, &error);
  CU_ASSERT_PTR_NULL(v);
  CU_ASSERT_TRUE(g_error_matches(error, G_FILE_ERROR, G_FILE_ERROR_INVAL));
  CU_ASSERT_STRING_EQUAL(error->message, "bad key at 3");
  CU_ASSERT_EQUAL(keys->len, 1);
  g_clear_error(&error);
  v = parse("[a]\nb = ${x = 1, 1}\n[study]\nbad = 1\n", keys, &error);
  CU_ASSERT_PTR_NULL(v);
  CU_ASSERT_TRUE(
      g_error_matches(error, SIM_STUDY_VARS_ERROR, SIM_STUDY_VARS_ERROR_SYNTAX));
  g_clear_error(&error);
}

static void
expect_error(const char *text, SimStudyVarsError code, const char *message)
{
  g_autoptr(GPtrArray) keys = g_ptr_array_new_with_free_func(g_free);
  GError *error = NULL;
  SimStudyVars *v = parse(text, keys, &error);
  CU_ASSERT_PTR_NULL(v);
  test_assert_error(error, message);
  CU_ASSERT_TRUE(g_error_matches(error, SIM_STUDY_VARS_ERROR, code));
  g_error_free(error);
}

static void
test_errors(void)
{
  const SimStudyVarsError syntax = SIM_STUDY_VARS_ERROR_SYNTAX;
  expect_error("[scenario]\nseed = ${s = 1, 2}\n", syntax,
               "v.study:2: [scenario] seed: the seed may not hold a variable: each "
               "repetition has its own seed (see [study] repeat and seed_rule)");
  expect_error("[client ${x = a}]\n", syntax,
               "v.study:1: '[client ${x = a}]': a group header may not hold a variable; "
               "accepted: ${NAME = V1, V2, ...}, ${NAME = A..B step S} or ${NAME}");
  expect_error("[a]\n${x = 1} = 2\n", syntax,
               "v.study:2: a variable may stand only in a value, after 'key ='; "
               "accepted: ${NAME = V1, V2, ...}, ${NAME = A..B step S} or ${NAME}");
  expect_error("[study]\nrepeat = ${r = 1}\n", syntax,
               "v.study:2: [study] repeat: the [study] group may not hold variables");
  expect_error("[study]\nrepeat = 2\nrepeat = 3\n", syntax,
               "v.study:3: [study] repeat: duplicate key (first at line 2); each key may "
               "appear once in a group");
  expect_error("[study]\n[scenario]\n[study]\n", syntax,
               "v.study:3: duplicate group [study] (first at line 1); each group may "
               "appear once");
  expect_error(
      "[a]\nb = ${x = 1, 1}\n", syntax,
      "v.study:2: [a] b: ${x = 1, 1}: '1' is listed twice; list each value once");
  /* Duplicates are the same value, however spelt. */
  expect_error("[a]\nb = ${n = 1, 01}\n", syntax,
               "v.study:2: [a] b: ${n = 1, 01}: '1' and '01' are the same value (1 s in "
               "the outputs); list each value once");
  expect_error("[server]\nping_delay = ${pd = 30s, 60s, 1m}\n", syntax,
               "v.study:2: [server] ping_delay: ${pd = 30s, 60s, 1m}: '60s' and '1m' are "
               "the same value (60 s in the outputs); list each value once");
  expect_error(
      "[a]\nb = ${x = a\tb, c}\n", syntax,
      "v.study:2: [a] b: ${x = a\tb, c}: a value holds a tab; values may not, the "
      "outputs are TSV");
  expect_error("[a]\nb = ${x =  }\n", syntax,
               "v.study:2: [a] b: '${x =  }' lists no values; accepted: ${NAME = V1, V2, "
               "...}, ${NAME = A..B step S} or ${NAME}");
  expect_error("[a]\nb = ${x = 0..200000}\n", SIM_STUDY_VARS_ERROR_LIMIT,
               "v.study:2: [a] b: ${x = 0..200000}: more than 100000 values; accepted: "
               "at most 100000 values per variable");
}

int
main(void)
{
  static const TestCase tests[] = {
      {"values as put in and as written", test_values},
      {"a point's text keeps every line", test_point_text},
      {"the line a --set names", test_set_line},
      {"[study] keys in file order", test_key_order},
      {"bad variables and where they stand", test_errors},
      {NULL, NULL},
  };
  return test_run_suite("study_vars", tests);
}

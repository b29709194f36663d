/* testutil.c: CUnit glue and a runner for the real binary. */
#include "testutil.h"

#include <CUnit/Basic.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

int
test_run_suite(const char *suite, const TestCase *tests)
{
  if (CU_initialize_registry() != CUE_SUCCESS)
    return 2;
  CU_pSuite s = CU_add_suite(suite, NULL, NULL);
  for (const TestCase *t = tests; t->name != NULL; t++)
    CU_add_test(s, t->name, t->func);
  CU_basic_set_mode(CU_BRM_VERBOSE);
  CU_basic_run_tests();
  unsigned failed = CU_get_number_of_failures() + CU_get_number_of_tests_failed();
  unsigned ran = CU_get_number_of_tests_run();
  CU_cleanup_registry();
  return failed == 0 && ran > 0 ? 0 : 1;
}

char *
test_source_path(const char *relative)
{
  const char *root = g_getenv("CHATSIM_SOURCE_DIR");
  return g_build_filename(root ? root : ".", relative, NULL);
}

const char *
test_chatsim_bin(void)
{
  const char *bin = g_getenv("CHATSIM_BIN");
  return bin ? bin : "chatsim";
}

void
test_chatsim_argv(TestRun *run, const char *cwd, const char *const *args)
{
  GPtrArray *argv = g_ptr_array_new();
  g_ptr_array_add(argv, (gpointer)test_chatsim_bin());
  for (const char *const *a = args; *a; a++)
    g_ptr_array_add(argv, (gpointer)*a);
  g_ptr_array_add(argv, NULL);
  char *root = test_source_path(".");
  GError *error = NULL;
  int wait_status = 0;
  run->out = run->err = NULL;
  gboolean ok =
      g_spawn_sync(cwd ? cwd : root, (char **)argv->pdata, NULL, G_SPAWN_DEFAULT, NULL,
                   NULL, &run->out, &run->err, &wait_status, &error);
  if (!ok) {
    g_printerr("cannot run %s: %s\n", test_chatsim_bin(), error->message);
    abort();
  }
  run->status = WIFEXITED(wait_status) ? WEXITSTATUS(wait_status) : 128;
  g_ptr_array_unref(argv);
  g_free(root);
}

void
test_chatsim(TestRun *run, const char *cwd, ...)
{
  GPtrArray *args = g_ptr_array_new();
  va_list ap;
  va_start(ap, cwd);
  for (const char *a = va_arg(ap, const char *); a != NULL; a = va_arg(ap, const char *))
    g_ptr_array_add(args, (gpointer)a);
  va_end(ap);
  g_ptr_array_add(args, NULL);
  test_chatsim_argv(run, cwd, (const char *const *)args->pdata);
  g_ptr_array_unref(args);
}

void
test_run_clear(TestRun *run)
{
  g_free(run->out);
  g_free(run->err);
  run->out = run->err = NULL;
}

char *
test_tmpdir(void)
{
  return g_dir_make_tmp("chatsim-test-XXXXXX", NULL);
}

void
test_tmpdir_free(char *dir)
{
  GDir *d = g_dir_open(dir, 0, NULL);
  const char *name;
  while (d && (name = g_dir_read_name(d)) != NULL) {
    char *path = g_build_filename(dir, name, NULL);
    if (g_file_test(path, G_FILE_TEST_IS_DIR))
      test_tmpdir_free(g_strdup(path));
    else
      g_unlink(path);
    g_free(path);
  }
  if (d)
    g_dir_close(d);
  g_rmdir(dir);
  g_free(dir);
}

void
test_chatsim_env(TestRun *run, const char *cwd, const char *const *env,
                 const char *const *args)
{
  GPtrArray *argv = g_ptr_array_new();
  g_ptr_array_add(argv, (gpointer)test_chatsim_bin());
  for (const char *const *a = args; *a; a++)
    g_ptr_array_add(argv, (gpointer)*a);
  g_ptr_array_add(argv, NULL);
  char **envp = g_get_environ();
  for (const char *const *e = env; *e; e++) {
    char **kv = g_strsplit(*e, "=", 2);
    envp = g_environ_setenv(envp, kv[0], kv[1] ? kv[1] : "", TRUE);
    g_strfreev(kv);
  }
  char *root = test_source_path(".");
  GError *error = NULL;
  int wait_status = 0;
  run->out = run->err = NULL;
  gboolean ok =
      g_spawn_sync(cwd ? cwd : root, (char **)argv->pdata, envp, G_SPAWN_DEFAULT, NULL,
                   NULL, &run->out, &run->err, &wait_status, &error);
  if (!ok) {
    g_printerr("cannot run %s: %s\n", test_chatsim_bin(), error->message);
    abort();
  }
  run->status = WIFEXITED(wait_status) ? WEXITSTATUS(wait_status) : 128;
  g_strfreev(envp);
  g_ptr_array_unref(argv);
  g_free(root);
}

/* TRUE if `path` starts with the PNG signature and an IHDR chunk; its
 * width and height come from there. */
gboolean
test_png_size(const char *path, guint *width, guint *height)
{
  static const guchar signature[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
  gchar *data = NULL;
  gsize length = 0;
  if (!g_file_get_contents(path, &data, &length, NULL))
    return FALSE;
  const guchar *b = (const guchar *)data;
  gboolean ok =
      length >= 24 && memcmp(b, signature, 8) == 0 && memcmp(b + 12, "IHDR", 4) == 0;
  if (ok) {
    *width = (guint)b[16] << 24 | (guint)b[17] << 16 | (guint)b[18] << 8 | b[19];
    *height = (guint)b[20] << 24 | (guint)b[21] << 16 | (guint)b[22] << 8 | b[23];
  }
  g_free(data);
  return ok;
}

static guint criticals;
static GLogFunc saved_handler;

/* Collects criticals (g_return_val_if_fail) instead of printing them. */
static void
count_criticals(const char *domain, GLogLevelFlags level, const char *message,
                gpointer data)
{
  (void)domain, (void)message, (void)data;
  if (level & G_LOG_LEVEL_CRITICAL)
    criticals++;
}

void
test_criticals_begin(void)
{
  criticals = 0;
  saved_handler = g_log_set_default_handler(count_criticals, NULL);
}

guint
test_criticals_end(void)
{
  g_log_set_default_handler(saved_handler, NULL);
  return criticals;
}

char *
test_slurp(const char *path)
{
  char *text = NULL;
  if (!g_file_get_contents(path, &text, NULL, NULL))
    return g_strdup("");
  return text;
}

static gint
cmp_names(gconstpointer a, gconstpointer b)
{
  return strcmp(*(const char *const *)a, *(const char *const *)b);
}

char *
test_listing(const char *dir)
{
  GPtrArray *names = g_ptr_array_new_with_free_func(g_free);
  GDir *d = g_dir_open(dir, 0, NULL);
  const char *name;
  while (d && (name = g_dir_read_name(d)) != NULL)
    g_ptr_array_add(names, g_strdup(name));
  if (d)
    g_dir_close(d);
  g_ptr_array_sort(names, cmp_names);
  g_ptr_array_add(names, NULL);
  char *joined = g_strjoinv("|", (char **)names->pdata);
  g_ptr_array_unref(names);
  return joined;
}

void
test_assert_listing(const char *dir, const char *want)
{
  char *got = test_listing(dir);
  if (strcmp(got, want) != 0)
    printf("\n  %s holds \"%s\", want \"%s\"\n", dir, got, want);
  CU_ASSERT_STRING_EQUAL(got, want);
  g_free(got);
}

void
test_assert_error(const GError *error, const char *want)
{
  CU_ASSERT_PTR_NOT_NULL_FATAL(error);
  if (strcmp(error->message, want) != 0)
    printf("\n  got: %s\n  want: %s\n", error->message, want);
  CU_ASSERT_STRING_EQUAL(error->message, want);
}

SimScenario *
test_load_scenario(const char *relative)
{
  char *path = test_source_path(relative);
  GError *error = NULL;
  SimScenario *scenario = sim_scenario_load(path, &error);
  if (scenario == NULL)
    printf("\n  %s\n", error->message);
  CU_ASSERT_PTR_NOT_NULL_FATAL(scenario);
  g_free(path);
  return scenario;
}

SimPlot *
test_plot_runs(const SimScenario *scenario, const SimPlotSelect *select,
               const char *const *profiles)
{
  SimPlot *plot = sim_plot_new(scenario, select);
  for (const char *const *p = profiles; *p; p++) {
    SimScenarioOverrides overrides = {.profile = *p};
    GError *error = NULL;
    gboolean ok = sim_plot_add_run(plot, scenario, &overrides, &error);
    if (!ok)
      printf("\n  %s\n", error->message);
    CU_ASSERT_TRUE_FATAL(ok);
  }
  return plot;
}

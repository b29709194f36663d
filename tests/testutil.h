/* testutil.h: shared helpers for the CUnit suites. */
#ifndef CHATSIM_TESTUTIL_H
#define CHATSIM_TESTUTIL_H

#include "chatsim/plot.h"

#include <CUnit/CUnit.h>
#include <glib.h>

typedef struct {
  const char *name;
  CU_TestFunc func;
} TestCase;

/* Registers one suite, runs it verbosely (CUnit prints its summary) and
 * returns the process exit code: 0 if every assertion passed. */
int test_run_suite(const char *suite, const TestCase *tests);

/* A path under the source tree (from CHATSIM_SOURCE_DIR). */
char *test_source_path(const char *relative);
/* The chatsim binary under test (from CHATSIM_BIN). */
const char *test_chatsim_bin(void);

typedef struct {
  int status; /* exit code */
  char *out;
  char *err;
} TestRun;

/* Runs chatsim with the arguments (NULL-terminated) from `cwd` (NULL = the
 * source tree). */
void test_chatsim(TestRun *run, const char *cwd, ...) G_GNUC_NULL_TERMINATED;
void test_chatsim_argv(TestRun *run, const char *cwd, const char *const *args);
void test_run_clear(TestRun *run);

/* A fresh temporary directory, removed with its files by test_tmpdir_free. */
char *test_tmpdir(void);
void test_tmpdir_free(char *dir);

/* Like test_chatsim_argv, with "NAME=VALUE" strings (NULL-terminated) set
 * on top of this process's environment, e.g. {"PATH=/empty", NULL}. */
void test_chatsim_env(TestRun *run, const char *cwd, const char *const *env,
                      const char *const *args);

/* TRUE if `path` is a PNG (signature, then IHDR); fills its size. */
gboolean test_png_size(const char *path, guint *width, guint *height);
/* A scenario under the source tree, loaded or the test stops. */
SimScenario *test_load_scenario(const char *relative);
/* A SimPlot of `scenario` run under each profile (NULL-terminated), or the
 * test stops. */
SimPlot *test_plot_runs(const SimScenario *scenario, const SimPlotSelect *select,
                        const char *const *profiles);

/* Between begin and end, GLib criticals are counted, not printed. */
void test_criticals_begin(void);
guint test_criticals_end(void);

/* The file's text, or "" if it cannot be read (free with g_free). */
char *test_slurp(const char *path);

/* The names in `dir`, sorted, as one string "a|b|c" ("" when empty). */
char *test_listing(const char *dir);
/* Asserts test_listing(dir) is `want`, printing both when not. */
void test_assert_listing(const char *dir, const char *want);
/* Asserts `error` is set and its message is `want`, printing it when not. */
void test_assert_error(const GError *error, const char *want);

#endif

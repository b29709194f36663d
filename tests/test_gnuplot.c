/* test_gnuplot.c: the gnuplot module: terminals and their extensions,
 * where the templates are found, filling placeholders, gnuplot missing. */
#include "testutil.h"

#include "chatsim/gnuplot.h"

#include <string.h>

static void
test_terminals(void)
{
  SimGnuplotTerminal terminal;
  GError *error = NULL;
  CU_ASSERT_TRUE(sim_gnuplot_terminal_from_name("svg", &terminal, NULL));
  CU_ASSERT_EQUAL(terminal, SIM_GNUPLOT_TERMINAL_SVG);
  CU_ASSERT_FALSE(sim_gnuplot_terminal_from_name("x11", &terminal, &error));
  CU_ASSERT_STRING_EQUAL(error->message,
                         "'x11' is not a terminal; accepted: png, svg, pdf, dumb");
  g_clear_error(&error);
  CU_ASSERT_TRUE(sim_gnuplot_terminal_from_path("out/a.b/fig.PDF", &terminal, NULL));
  CU_ASSERT_EQUAL(terminal, SIM_GNUPLOT_TERMINAL_PDF);
  CU_ASSERT_TRUE(sim_gnuplot_terminal_from_path("fig.txt", &terminal, NULL));
  CU_ASSERT_EQUAL(terminal, SIM_GNUPLOT_TERMINAL_DUMB);
  CU_ASSERT_FALSE(sim_gnuplot_terminal_from_path("a.png/fig", &terminal, &error));
  CU_ASSERT_PTR_NOT_NULL(strstr(error->message, ".png, .svg, .pdf or .txt"));
  g_clear_error(&error);
  CU_ASSERT_FALSE(sim_gnuplot_terminal_from_path("fig.gif", &terminal, NULL));

  /* A file's extension must say what it holds. */
  CU_ASSERT_TRUE(
      sim_gnuplot_terminal_check_path(SIM_GNUPLOT_TERMINAL_SVG, "a/x.SVG", NULL));
  CU_ASSERT_TRUE(
      sim_gnuplot_terminal_check_path(SIM_GNUPLOT_TERMINAL_DUMB, "x.txt", NULL));
  static const struct {
    SimGnuplotTerminal terminal;
    const char *path;
  } bad[] = {{SIM_GNUPLOT_TERMINAL_SVG, "x.png"},
             {SIM_GNUPLOT_TERMINAL_PNG, "x"},
             {SIM_GNUPLOT_TERMINAL_PDF, "x.pdf/y"},
             {SIM_GNUPLOT_TERMINAL_DUMB, "x.png"}};
  for (gsize i = 0; i < G_N_ELEMENTS(bad); i++) {
    CU_ASSERT_FALSE(
        sim_gnuplot_terminal_check_path(bad[i].terminal, bad[i].path, &error));
    CU_ASSERT_TRUE(g_error_matches(error, SIM_GNUPLOT_ERROR, SIM_GNUPLOT_ERROR_INVALID));
    g_clear_error(&error);
  }
  CU_ASSERT_FALSE(
      sim_gnuplot_terminal_check_path(SIM_GNUPLOT_TERMINAL_SVG, "x.png", &error));
  CU_ASSERT_TRUE(g_str_has_prefix(
      error->message, "'x.png' does not end in .svg, but the terminal is svg"));
  g_clear_error(&error);

  guint w = 0, h = 0;
  CU_ASSERT_TRUE(sim_gnuplot_size_parse("640x480", &w, &h, NULL));
  CU_ASSERT_EQUAL(w, 640);
  CU_ASSERT_EQUAL(h, 480);
  static const char *const sizes[] = {"640",      "0x480", "640x", "x480", "640x480x2",
                                      "20001x10", "-5x5",  "axb",  ""};
  for (gsize i = 0; i < G_N_ELEMENTS(sizes); i++) {
    CU_ASSERT_FALSE(sim_gnuplot_size_parse(sizes[i], &w, &h, &error));
    CU_ASSERT_TRUE(g_error_matches(error, SIM_GNUPLOT_ERROR, SIM_GNUPLOT_ERROR_INVALID));
    g_clear_error(&error);
  }
}

/* $CHATSIM_PLOTS_DIR, then EXE_DIR/../share/chatsim/plots if it holds
 * common.gp, then the build's record of the source tree. */
static void
test_templates_order(void)
{
  char *prefix = test_tmpdir();
  char *bin = g_build_filename(prefix, "bin", NULL);
  char *exe = g_build_filename(bin, "chatsim", NULL);
  char *share = g_build_filename(prefix, "share", "chatsim", "plots", NULL);
  char *common = g_build_filename(share, "common.gp", NULL);
  CU_ASSERT_EQUAL(g_mkdir_with_parents(bin, 0755), 0);
  CU_ASSERT_EQUAL(g_mkdir_with_parents(share, 0755), 0);

  char *dir = sim_gnuplot_find_templates("/env/plots", exe, "/src/plots");
  CU_ASSERT_STRING_EQUAL(dir, "/env/plots");
  g_free(dir);
  dir = sim_gnuplot_find_templates("", exe, "/src/plots"); /* empty: not set */
  CU_ASSERT_STRING_EQUAL(dir, "/src/plots");               /* no common.gp yet */
  g_free(dir);
  CU_ASSERT_TRUE(g_file_set_contents(common, "# common\n", -1, NULL));
  dir = sim_gnuplot_find_templates(NULL, exe, "/src/plots");
  char *want = g_canonicalize_filename(share, NULL);
  CU_ASSERT_STRING_EQUAL(dir, want);
  g_free(want);
  g_free(dir);
  dir = sim_gnuplot_find_templates(NULL, NULL, "/src/plots");
  CU_ASSERT_STRING_EQUAL(dir, "/src/plots");
  g_free(dir);

  /* This process: the build tree has no share/, so the source tree's plots/. */
  char *keep = g_strdup(g_getenv("CHATSIM_PLOTS_DIR"));
  g_unsetenv("CHATSIM_PLOTS_DIR");
  char *plots = test_source_path("plots");
  dir = sim_gnuplot_templates_dir();
  char *a = g_canonicalize_filename(dir, NULL);
  char *b = g_canonicalize_filename(plots, NULL);
  CU_ASSERT_STRING_EQUAL(a, b);
  g_free(dir);
  g_setenv("CHATSIM_PLOTS_DIR", "/somewhere/else", TRUE);
  dir = sim_gnuplot_templates_dir();
  CU_ASSERT_STRING_EQUAL(dir, "/somewhere/else");
  g_free(dir);
  if (keep)
    g_setenv("CHATSIM_PLOTS_DIR", keep, TRUE);
  else
    g_unsetenv("CHATSIM_PLOTS_DIR");
  g_free(keep), g_free(a), g_free(b), g_free(plots);
  g_free(common), g_free(share), g_free(exe), g_free(bin);
  test_tmpdir_free(prefix);
}

static void
test_fill(void)
{
  GHashTable *values = g_hash_table_new(g_str_hash, g_str_equal);
  g_hash_table_insert(values, (gpointer) "NAME", (gpointer) "'it''s'");
  GString *out = g_string_new(NULL);
  GError *error = NULL;
  CU_ASSERT_TRUE(sim_gnuplot_fill("t.gp", "a = @NAME@ # mail@example.org @x@\n", values,
                                  out, &error));
  CU_ASSERT_STRING_EQUAL(out->str, "a = 'it''s' # mail@example.org @x@\n");
  g_string_truncate(out, 0);
  CU_ASSERT_FALSE(sim_gnuplot_fill("t.gp", "a\nb = @NOPE@\n", values, out, &error));
  CU_ASSERT_TRUE(g_error_matches(error, SIM_GNUPLOT_ERROR, SIM_GNUPLOT_ERROR_TEMPLATE));
  CU_ASSERT_STRING_EQUAL(error->message, "t.gp:2: unknown placeholder @NOPE@");
  g_clear_error(&error);
  g_string_truncate(out, 0);
  sim_gnuplot_append_quoted(out, "a 'b'\tc");
  CU_ASSERT_STRING_EQUAL(out->str, "'a ''b'' c'");
  g_string_free(out, TRUE);
  g_hash_table_unref(values);
}

/* Without gnuplot on PATH: an error naming the package. */
static void
test_not_found(void)
{
  char *empty = test_tmpdir();
  char *saved = g_strdup(g_getenv("PATH"));
  g_setenv("PATH", empty, TRUE);
  GError *error = NULL;
  char *gnuplot = sim_gnuplot_find(&error);
  if (saved)
    g_setenv("PATH", saved, TRUE);
  else
    g_unsetenv("PATH");
  CU_ASSERT_PTR_NULL(gnuplot);
  CU_ASSERT_TRUE(g_error_matches(error, SIM_GNUPLOT_ERROR, SIM_GNUPLOT_ERROR_NOT_FOUND));
  CU_ASSERT_PTR_NOT_NULL(error ? strstr(error->message, "gnuplot-nox") : NULL);
  g_clear_error(&error);
  g_free(gnuplot);
  g_free(saved);
  test_tmpdir_free(empty);
}

int
main(void)
{
  static const TestCase tests[] = {
      {"terminals, extensions and sizes", test_terminals},
      {"templates: environment, installed, source tree", test_templates_order},
      {"placeholders filled, unknown ones named", test_fill},
      {"no gnuplot on PATH names gnuplot-nox", test_not_found},
      {NULL, NULL},
  };
  return test_run_suite("gnuplot", tests);
}

/* test_e2e_plot.c: `chatsim plot` through the real binary: images, the
 * files beside them, defaults, errors, and what happens without gnuplot. */
#include "testutil.h"

#include <fcntl.h>
#include <glib/gstdio.h>
#include <signal.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

static gboolean
exists(const char *dir, const char *name)
{
  char *path = g_build_filename(dir, name, NULL);
  gboolean ok = g_file_test(path, G_FILE_TEST_IS_REGULAR);
  if (!ok)
    printf("\n  missing %s\n", path);
  g_free(path);
  return ok;
}

/* Entries in a directory: a plot leaves nothing it was not asked for. */
static guint
n_files(const char *dir)
{
  GDir *d = g_dir_open(dir, 0, NULL);
  guint n = 0;
  while (d != NULL && g_dir_read_name(d) != NULL)
    n++;
  if (d != NULL)
    g_dir_close(d);
  return n;
}

static void
show_failure(const TestRun *run, int want)
{
  if (run->status != want)
    printf("\n  exit %d, want %d; stderr: %s\n", run->status, want, run->err);
}

/* The default: swimlanes of the scenario's profile, SCENARIO-FIGURE.png in
 * the current directory at 1280x720, with its script and data beside it. */
static void
test_png_defaults(void)
{
  char *dir = test_tmpdir();
  char *scenario = test_source_path("scenarios/kb233512.ini");
  TestRun run;
  test_chatsim(&run, dir, "plot", scenario, NULL);
  show_failure(&run, 0);
  CU_ASSERT_EQUAL(run.status, 0);
  CU_ASSERT_TRUE(g_str_has_prefix(run.out, "wrote kb233512-swimlanes.png\n"));
  CU_ASSERT_PTR_NOT_NULL(strstr(run.out, "script kb233512-swimlanes.png.gp"));
  CU_ASSERT_STRING_EQUAL(run.err, "");
  test_run_clear(&run);
  char *png = g_build_filename(dir, "kb233512-swimlanes.png", NULL);
  guint w = 0, h = 0;
  CU_ASSERT_TRUE(test_png_size(png, &w, &h));
  CU_ASSERT_EQUAL(w, 1280);
  CU_ASSERT_EQUAL(h, 720);
  CU_ASSERT_TRUE(exists(dir, "kb233512-swimlanes.png.gp"));
  CU_ASSERT_TRUE(exists(dir, "kb233512-swimlanes.png.events.tsv"));
  CU_ASSERT_TRUE(exists(dir, "kb233512-swimlanes.png.idle.tsv"));
  CU_ASSERT_TRUE(exists(dir, "kb233512-swimlanes.png.lanes.tsv"));

  /* Several profiles: the compare figure by default. --size sets the PNG's. */
  test_chatsim(&run, dir, "plot", scenario, "--profiles",
               "5.5.2448.8,5.5.2577.0,5.5.2621.0", "--size", "1000x900", "--quiet", NULL);
  show_failure(&run, 0);
  CU_ASSERT_EQUAL(run.status, 0);
  CU_ASSERT_STRING_EQUAL(run.out, "");
  test_run_clear(&run);
  char *compare = g_build_filename(dir, "kb233512-compare.png", NULL);
  CU_ASSERT_TRUE(test_png_size(compare, &w, &h));
  CU_ASSERT_EQUAL(w, 1000);
  CU_ASSERT_EQUAL(h, 900);
  char *events = g_build_filename(dir, "kb233512-compare.png.events.tsv", NULL);
  char *text = test_slurp(events);
  CU_ASSERT_PTR_NOT_NULL(strstr(text, "\n5.5.2577.0\t1\tlurker\t600040000\t600.040000\t"
                                      "disconnect\t600.000000\trecv-idle 600.04 s\n"));
  CU_ASSERT_PTR_NOT_NULL(strstr(text, "\n5.5.2448.8\t1\tlurker\t90040000\t90.040000\t"
                                      "ping\t90.000000\tPING 1/2\n"));
  CU_ASSERT_PTR_NOT_NULL(strstr(text, "\n5.5.2621.0\t1\tlurker\t90040000\t90.040000\t"
                                      "ping\t90.000000\tPING 1/2\n"));
  CU_ASSERT_PTR_NULL(strstr(text, "5.5.2448.8\t1\tlurker\t600040000"));
  g_free(text);
  g_free(events);
  g_free(compare);
  g_free(png);
  g_free(scenario);
  test_tmpdir_free(dir);
}

/* SVG: the series titles, the profile and the disconnect label. */
static void
test_svg(void)
{
  char *dir = test_tmpdir();
  char *svg = g_build_filename(dir, "hung.svg", NULL);
  TestRun run;
  test_chatsim(&run, NULL, "plot", "scenarios/hung-client.ini", "-o", svg, NULL);
  show_failure(&run, 0);
  CU_ASSERT_EQUAL(run.status, 0);
  test_run_clear(&run);
  char *text = test_slurp(svg);
  CU_ASSERT_TRUE(g_str_has_prefix(text, "<?xml"));
  CU_ASSERT_PTR_NOT_NULL(strstr(text, "ping-timeout 270.04 s"));
  CU_ASSERT_PTR_NOT_NULL(strstr(text, "PING (sent)"));
  CU_ASSERT_PTR_NOT_NULL(strstr(text, "relay to the client (sent)"));
  CU_ASSERT_PTR_NOT_NULL(strstr(text, "disconnected by the server"));
  CU_ASSERT_PTR_NOT_NULL(strstr(text, "Chatsvc 5.5.2448.8, Exchange 5.5 SP2"));
  CU_ASSERT_PTR_NOT_NULL(strstr(text, ">frozen<"));
  CU_ASSERT_PTR_NOT_NULL(strstr(text, ">stuck<"));
  g_free(text);
  test_tmpdir_free(dir);
  g_free(svg);

  /* The idle figure: the thresholds and the ramp's end. */
  dir = test_tmpdir();
  svg = g_build_filename(dir, "idle.svg", NULL);
  test_chatsim(&run, NULL, "plot", "scenarios/kb233512.ini", "--figure", "idle", "-o",
               svg, NULL);
  show_failure(&run, 0);
  CU_ASSERT_EQUAL(run.status, 0);
  test_run_clear(&run);
  text = test_slurp(svg);
  CU_ASSERT_PTR_NOT_NULL(strstr(text, "ping_delay 90 s"));
  CU_ASSERT_PTR_NOT_NULL(strstr(text, "recv_idle_limit 600 s"));
  CU_ASSERT_PTR_NOT_NULL(strstr(text, "lurker recv-idle 600.04 s"));
  g_free(text);
  g_free(svg);
  test_tmpdir_free(dir);
}

/* --terminal dumb draws on standard output; its data and script live in a
 * temporary directory, gone afterwards: nothing lands in the current one. */
static void
test_dumb(void)
{
  char *dir = test_tmpdir();
  char *scenario = test_source_path("scenarios/kb233512.ini");
  TestRun run;
  test_chatsim(&run, dir, "plot", scenario, "--terminal", "dumb", NULL);
  show_failure(&run, 0);
  CU_ASSERT_EQUAL(run.status, 0);
  CU_ASSERT_PTR_NOT_NULL(strstr(run.out, "recv-idle 600.04 s"));
  CU_ASSERT_PTR_NOT_NULL(strstr(run.out, "chatter.3"));
  CU_ASSERT_PTR_NOT_NULL(strstr(run.out, "time since the run started (s)"));
  CU_ASSERT_PTR_NULL(strstr(run.out, "wrote"));
  test_run_clear(&run);
  CU_ASSERT_EQUAL(n_files(dir), 0); /* its data and script went to a removed tmpdir */
  test_chatsim(&run, dir, "plot", scenario, "-o", "-", "-F", "idle", NULL);
  show_failure(&run, 0);
  CU_ASSERT_EQUAL(run.status, 0);
  CU_ASSERT_PTR_NOT_NULL(strstr(run.out, "lurker recv-idle 600.04 s"));
  test_run_clear(&run);
  CU_ASSERT_EQUAL(n_files(dir), 0);

  /* A .txt output is the dumb terminal into that file. */
  test_chatsim(&run, dir, "plot", scenario, "-P", "sp2,5.5.2577.0", "-o", "cmp.txt", "-q",
               NULL);
  show_failure(&run, 0);
  CU_ASSERT_EQUAL(run.status, 0);
  CU_ASSERT_STRING_EQUAL(run.out, "");
  test_run_clear(&run);
  char *txt = g_build_filename(dir, "cmp.txt", NULL);
  char *text = test_slurp(txt);
  CU_ASSERT_PTR_NOT_NULL(strstr(text, "lurker recv-idle 600.04 s"));
  CU_ASSERT_PTR_NOT_NULL(strstr(text, "5.5.2448.8"));
  CU_ASSERT_PTR_NOT_NULL(strstr(text, "recv_idle_limit 600"));
  g_free(text);
  g_free(txt);
  g_free(scenario);
  test_tmpdir_free(dir);
}

/* `gnuplot FILE.gp` re-renders the same image, from anywhere. */
static void
test_rerender(void)
{
  char *gnuplot = g_find_program_in_path("gnuplot");
  CU_ASSERT_PTR_NOT_NULL_FATAL(gnuplot);
  char *dir = test_tmpdir();
  char *png = g_build_filename(dir, "p.png", NULL);
  TestRun run;
  test_chatsim(&run, NULL, "plot", "scenarios/poisson-traffic.ini", "-o", png, "-q",
               NULL);
  show_failure(&run, 0);
  CU_ASSERT_EQUAL(run.status, 0);
  test_run_clear(&run);
  gchar *first = NULL, *second = NULL;
  gsize n1 = 0, n2 = 0;
  CU_ASSERT_TRUE(g_file_get_contents(png, &first, &n1, NULL));
  CU_ASSERT_EQUAL(g_remove(png), 0);
  char *script = g_build_filename(dir, "p.png.gp", NULL);
  char *argv[] = {gnuplot, script, NULL};
  int status = -1;
  char *err = NULL;
  CU_ASSERT_TRUE(g_spawn_sync("/", argv, NULL, G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL,
                              NULL, &err, &status, NULL));
  CU_ASSERT_EQUAL(status, 0);
  CU_ASSERT_STRING_EQUAL(err ? err : "", "");
  CU_ASSERT_TRUE(g_file_get_contents(png, &second, &n2, NULL));
  CU_ASSERT_TRUE(n1 > 0 && n1 == n2 && memcmp(first, second, n1) == 0);
  g_free(err);
  g_free(first);
  g_free(second);
  g_free(script);
  g_free(png);
  g_free(gnuplot);
  test_tmpdir_free(dir);
}

/* Without gnuplot on PATH: exit 2 naming gnuplot-nox, data and script kept. */
static void
test_no_gnuplot(void)
{
  char *empty = test_tmpdir();
  char *dir = test_tmpdir();
  char *path = g_strconcat("PATH=", empty, NULL);
  const char *const env[] = {path, NULL};
  char *scenario = test_source_path("scenarios/kb233512.ini");
  const char *const args[] = {"plot", scenario, "-o", "x.png", NULL};
  TestRun run;
  test_chatsim_env(&run, dir, env, args);
  CU_ASSERT_EQUAL(run.status, 2);
  CU_ASSERT_STRING_EQUAL(run.out, "");
  CU_ASSERT_TRUE(g_str_has_prefix(run.err, "chatsim: gnuplot is not on PATH; "));
  CU_ASSERT_PTR_NOT_NULL(strstr(run.err, "apt-get install gnuplot-nox"));
  CU_ASSERT_PTR_NOT_NULL(strstr(run.err, "gnuplot x.png.gp"));
  test_run_clear(&run);
  CU_ASSERT_TRUE(exists(dir, "x.png.gp"));
  CU_ASSERT_TRUE(exists(dir, "x.png.events.tsv"));
  CU_ASSERT_TRUE(exists(dir, "x.png.idle.tsv"));
  CU_ASSERT_TRUE(exists(dir, "x.png.lanes.tsv"));
  char *png = g_build_filename(dir, "x.png", NULL);
  CU_ASSERT_FALSE(g_file_test(png, G_FILE_TEST_EXISTS));
  char *events = g_build_filename(dir, "x.png.events.tsv", NULL);
  char *text = test_slurp(events);
  CU_ASSERT_PTR_NOT_NULL(strstr(text, "\tdisconnect\t600.000000\trecv-idle 600.04 s\n"));
  g_free(text);
  g_free(events);
  g_free(png);
  g_free(scenario);
  g_free(path);
  test_tmpdir_free(dir);
  test_tmpdir_free(empty);
}

/* CHATSIM_PLOTS_DIR chooses the templates. */
/* A failed render leaves the previous image as it was, and no temporary
 * file beside it. */
static void
test_failed_render_keeps_image(void)
{
  char *templates = test_tmpdir();
  char *dir = test_tmpdir();
  char *env_dir = g_strconcat("CHATSIM_PLOTS_DIR=", templates, NULL);
  char *scenario = test_source_path("scenarios/kb233512.ini");
  char *common = g_build_filename(templates, "common.gp", NULL);
  char *swim = g_build_filename(templates, "swimlanes.gp", NULL);
  char *image = g_build_filename(dir, "t.png", NULL);
  CU_ASSERT_TRUE(g_file_set_contents(common,
                                     "set terminal pngcairo\n"
                                     "set output CHATSIM_OUTPUT\n",
                                     -1, NULL));
  CU_ASSERT_TRUE(
      g_file_set_contents(swim, "@COMMON@\nplot no_such_function(x)\n", -1, NULL));
  CU_ASSERT_TRUE(g_file_set_contents(image, "old image", -1, NULL));
  const char *const env[] = {env_dir, NULL};
  const char *const args[] = {"plot", scenario, "-o", "t.png", NULL};
  TestRun run;
  test_chatsim_env(&run, dir, env, args);
  CU_ASSERT_EQUAL(run.status, 2);
  CU_ASSERT_PTR_NOT_NULL(strstr(run.err, "gnuplot failed"));
  test_run_clear(&run);
  char *text = test_slurp(image);
  CU_ASSERT_STRING_EQUAL(text, "old image");
  g_free(text);
  GDir *d = g_dir_open(dir, 0, NULL);
  const char *name;
  while ((name = g_dir_read_name(d)) != NULL)
    CU_ASSERT_PTR_NULL(strstr(name, ".tmp-"));
  g_dir_close(d);
  g_free(image), g_free(common), g_free(swim), g_free(scenario), g_free(env_dir);
  test_tmpdir_free(dir);
  test_tmpdir_free(templates);
}

static void
test_plots_dir(void)
{
  char *templates = test_tmpdir();
  char *dir = test_tmpdir();
  char *env_dir = g_strconcat("CHATSIM_PLOTS_DIR=", templates, NULL);
  char *scenario = test_source_path("scenarios/kb233512.ini");
  const char *const env[] = {env_dir, NULL};
  const char *const args[] = {"plot", scenario, "-o", "t.txt", NULL};
  TestRun run;
  test_chatsim_env(&run, dir, env, args);
  CU_ASSERT_EQUAL(run.status, 2);
  CU_ASSERT_PTR_NOT_NULL(strstr(run.err, "cannot read the plot template"));
  CU_ASSERT_PTR_NOT_NULL(strstr(run.err, templates));
  test_run_clear(&run);

  char *common = g_build_filename(templates, "common.gp", NULL);
  char *swim = g_build_filename(templates, "swimlanes.gp", NULL);
  CU_ASSERT_TRUE(g_file_set_contents(common,
                                     "set terminal dumb size 40,10\n"
                                     "set output (exists('CHATSIM_OUTPUT') ? "
                                     "CHATSIM_OUTPUT : @OUTPUT@)\n",
                                     -1, NULL));
  CU_ASSERT_TRUE(
      g_file_set_contents(swim, "@COMMON@\nset title @SCENARIO@\nplot x\n", -1, NULL));
  test_chatsim_env(&run, dir, env, args);
  show_failure(&run, 0);
  CU_ASSERT_EQUAL(run.status, 0);
  test_run_clear(&run);
  char *txt = g_build_filename(dir, "t.txt", NULL);
  char *text = test_slurp(txt);
  CU_ASSERT_PTR_NOT_NULL(strstr(text, "kb233512"));
  g_free(text);
  g_free(txt);
  g_free(common);
  g_free(swim);
  g_free(scenario);
  g_free(env_dir);
  test_tmpdir_free(dir);
  test_tmpdir_free(templates);
}

/* Bad options and impossible combinations exit 2 with what is accepted. */
static void
test_usage_errors(void)
{
  static const struct {
    const char *args[10];
    const char *message;
  } cases[] = {
      {{"plot", NULL}, "chatsim plot: no scenario file given\n"},
      {{"plot", "scenarios/kb233512.ini", "--figure", "pie", NULL},
       "chatsim plot: --figure: 'pie' is not a figure; accepted: swimlanes, idle, "
       "compare, connected\n"},
      {{"plot", "scenarios/kb233512.ini", "--terminal", "x11", NULL},
       "chatsim plot: --terminal: 'x11' is not a terminal; accepted: png, svg, pdf, "
       "dumb\n"},
      {{"plot", "scenarios/kb233512.ini", "-o", "/nonexistent/a.gif", NULL},
       "chatsim plot: --output: cannot tell the terminal from the name "
       "'/nonexistent/a.gif'"},
      {{"plot", "scenarios/kb233512.ini", "--size", "big", NULL},
       "chatsim plot: --size: 'big' is not a size; accepted: WIDTHxHEIGHT"},
      {{"plot", "scenarios/kb233512.ini", "-p", "sp2", "-P", "all", NULL},
       "chatsim plot: --profile and --profiles: give one or the other\n"},
      {{"plot", "scenarios/kb233512.ini", "-P", "sp2,5.5.9999x", NULL},
       "chatsim plot: --profiles: "},
      {{"plot", "scenarios/kb233512.ini", "-o", "-", "-T", "png", NULL},
       "chatsim plot: --output -: only the dumb terminal draws on standard output"},
      {{"plot", "scenarios/kb233512.ini", "--members", "-1", NULL},
       "chatsim plot: --members: -1 is not 0 or more\n"},
      {{"plot", "scenarios/kb233512.ini", "-P", "sp2,sp3", "-F", "swimlanes", "-o",
        "/nonexistent/x.png", NULL},
       "chatsim: the swimlanes figure draws one profile, not 2; the compare and "
       "connected "
       "figures draw several\n"},
      {{"plot", "scenarios/kb233512.ini", "--clients", "lurker,nobody", "-o",
        "/nonexistent/x.png", NULL},
       "chatsim: no client or group named 'nobody' in kb233512; accepted: lurker, "
       "chatter, chatter.1 to chatter.4\n"},
      {{"plot", "scenarios/kb233512.ini", "-o", "/nonexistent/x.png", NULL},
       "chatsim: /nonexistent/x.png.events.tsv: cannot write: No such file or "
       "directory\n"},
      /* The terminal and the output's extension must agree; nothing is run. */
      {{"plot", "scenarios/kb233512.ini", "-T", "svg", "-o", "/nonexistent/x.png", NULL},
       "chatsim plot: --output: '/nonexistent/x.png' does not end in .svg, but the "
       "terminal is svg"},
      {{"plot", "scenarios/kb233512.ini", "-T", "dumb", "-o", "/nonexistent/x", NULL},
       "chatsim plot: --output: '/nonexistent/x' does not end in .txt, but the terminal "
       "is dumb"},
      {{"plot", "scenarios/kb233512.ini", "-p", "sp2", "--dropped", "-o",
        "/nonexistent/x.png", NULL},
       "chatsim: no client chosen was dropped: nothing to draw in the swimlanes figure"},
  };
  for (gsize i = 0; i < G_N_ELEMENTS(cases); i++) {
    TestRun run;
    test_chatsim_argv(&run, NULL, cases[i].args);
    gboolean ok = run.status == 2 && g_str_has_prefix(run.err, cases[i].message);
    if (!ok)
      printf("\n  case %zu: exit %d, stderr '%s'\n", i, run.status, run.err);
    CU_ASSERT_TRUE(ok);
    CU_ASSERT_STRING_EQUAL(run.out, "");
    test_run_clear(&run);
  }
  TestRun run;
  test_chatsim(&run, NULL, "plot", "--help", NULL);
  CU_ASSERT_EQUAL(run.status, 0);
  CU_ASSERT_PTR_NOT_NULL(strstr(run.out, "--figure=FIGURE"));
  CU_ASSERT_PTR_NOT_NULL(strstr(run.out, "--clients=NAME,..."));
  test_run_clear(&run);
  test_chatsim(&run, NULL, "--help", NULL);
  CU_ASSERT_PTR_NOT_NULL(strstr(run.out, "plot SCENARIO"));
  test_run_clear(&run);
}

/* --clients and --members choose the lanes; the title says what is left out. */
static void
test_clients(void)
{
  char *dir = test_tmpdir();
  char *svg = g_build_filename(dir, "c.svg", NULL);
  TestRun run;
  test_chatsim(&run, NULL, "plot", "scenarios/kb233512.ini", "--clients", "chatter",
               "--members", "2", "-o", svg, NULL);
  show_failure(&run, 0);
  CU_ASSERT_EQUAL(run.status, 0);
  test_run_clear(&run);
  char *text = test_slurp(svg);
  CU_ASSERT_PTR_NOT_NULL(strstr(text, "2 of 5 clients drawn (chatter: 2 of 4)"));
  CU_ASSERT_PTR_NOT_NULL(strstr(text, ">chatter.2<"));
  CU_ASSERT_PTR_NULL(strstr(text, ">chatter.3<"));
  CU_ASSERT_PTR_NULL(strstr(text, ">lurker<"));
  g_free(text);
  char *lanes = g_build_filename(dir, "c.svg.lanes.tsv", NULL);
  text = test_slurp(lanes);
  CU_ASSERT_STRING_EQUAL(
      text, "# profile\tlane\tclient\tconnect_s\tend_s\toutcome\treason\tpings_sent\t"
            "restarts\n"
            "5.5.2577.0\t1\tchatter.1\t0.000000\t3600.000000\tconnected\t-\t0\t0\n"
            "5.5.2577.0\t2\tchatter.2\t0.000000\t3600.000000\tconnected\t-\t0\t180\n");
  g_free(text);
  g_free(lanes);
  g_free(svg);
  test_tmpdir_free(dir);
}

/* Two images of one scenario keep their own scripts and data: kb.svg.gp
 * and kb.pdf.gp, each next to its image. */
static void
test_files_per_output(void)
{
  char *dir = test_tmpdir();
  char *scenario = test_source_path("scenarios/kb233512.ini");
  TestRun run;
  test_chatsim(&run, dir, "plot", scenario, "-o", "kb.svg", "-q", NULL);
  show_failure(&run, 0);
  CU_ASSERT_EQUAL(run.status, 0);
  test_run_clear(&run);
  test_chatsim(&run, dir, "plot", scenario, "-o", "kb.pdf", "-F", "idle", NULL);
  show_failure(&run, 0);
  CU_ASSERT_EQUAL(run.status, 0);
  CU_ASSERT_STRING_EQUAL(run.out, "wrote kb.pdf\nscript kb.pdf.gp (re-render: gnuplot "
                                  "kb.pdf.gp)\ndata kb.pdf.events.tsv, kb.pdf.idle.tsv, "
                                  "kb.pdf.lanes.tsv\n");
  test_run_clear(&run);
  char *svg_gp = g_build_filename(dir, "kb.svg.gp", NULL);
  char *pdf_gp = g_build_filename(dir, "kb.pdf.gp", NULL);
  char *text = test_slurp(svg_gp);
  CU_ASSERT_PTR_NOT_NULL(strstr(text, "TERMINAL = 'svg'"));
  CU_ASSERT_PTR_NOT_NULL(strstr(text, "EVENTS = 'kb.svg.events.tsv'"));
  g_free(text);
  text = test_slurp(pdf_gp);
  CU_ASSERT_PTR_NOT_NULL(strstr(text, "TERMINAL = 'pdf'"));
  CU_ASSERT_PTR_NOT_NULL(strstr(text, "from plots/idle.gp"));
  g_free(text);
  CU_ASSERT_EQUAL(n_files(dir), 10); /* two images, two scripts, six data files */
  /* A terminal that disagrees with the name: exit 2, nothing written. */
  test_chatsim(&run, dir, "plot", scenario, "-T", "svg", "-o", "x.png", NULL);
  CU_ASSERT_EQUAL(run.status, 2);
  CU_ASSERT_PTR_NOT_NULL(strstr(run.err, "'x.png' does not end in .svg"));
  test_run_clear(&run);
  CU_ASSERT_EQUAL(n_files(dir), 10);
  g_free(svg_gp);
  g_free(pdf_gp);
  g_free(scenario);
  test_tmpdir_free(dir);
}

/* --dropped draws the clients dropped under any profile given. */
static void
test_dropped(void)
{
  char *dir = test_tmpdir();
  char *scenario = test_source_path("scenarios/poisson-traffic.ini");
  TestRun run;
  test_chatsim(&run, dir, "plot", scenario, "--dropped", "-P", "sp2,5.5.2577.0", "-o",
               "d.svg", "-q", NULL);
  show_failure(&run, 0);
  CU_ASSERT_EQUAL(run.status, 0);
  test_run_clear(&run);
  char *lanes = g_build_filename(dir, "d.svg.lanes.tsv", NULL);
  char *text = test_slurp(lanes);
  gchar **rows = g_strsplit(text, "\n", -1);
  GString *clients = g_string_new(NULL);
  for (gchar **r = rows; *r; r++) {
    gchar **f = g_strsplit(*r, "\t", -1);
    if (g_strv_length(f) > 5 && strcmp(f[0], "5.5.2577.0") == 0)
      g_string_append_printf(clients, "%s=%s ", f[2], f[5]);
    g_strfreev(f);
  }
  CU_ASSERT_STRING_EQUAL(clients->str, "lurk-b=disconnected lurk-c=disconnected "
                                       "lurk-d=disconnected talk-d.1=disconnected "
                                       "lurk-e=disconnected ");
  g_string_free(clients, TRUE);
  g_strfreev(rows);
  g_free(text);
  char *svg = g_build_filename(dir, "d.svg", NULL);
  text = test_slurp(svg);
  CU_ASSERT_PTR_NOT_NULL(strstr(text, "5 of 23 clients drawn: the dropped ones"));
  CU_ASSERT_PTR_NOT_NULL(strstr(text, "dropped 5 of 23: lurk-b (recv-idle 600.055 s)"));
  CU_ASSERT_PTR_NOT_NULL(strstr(text, "none of 23 dropped"));
  g_free(text);
  g_free(svg);
  g_free(lanes);
  g_free(scenario);
  test_tmpdir_free(dir);
}

/* 10,000 clients: the swimlanes figure draws the first 40 and says so on
 * stderr and in its title; the connected figure counts every client. */
static void
test_large_run(void)
{
  char *dir = test_tmpdir();
  char *scenario = test_source_path("scenarios/bench/10k.ini");
  TestRun run;
  test_chatsim(&run, dir, "plot", scenario, "-m", "0", "-o", "s.svg", NULL);
  show_failure(&run, 0);
  CU_ASSERT_EQUAL(run.status, 0);
  CU_ASSERT_STRING_EQUAL(
      run.err, "chatsim: plot: 10000 clients chosen, but the swimlanes figure "
               "draws at most 40 readably at this size: drawing the first 40 "
               "(--clients or --dropped chooses others; --figure connected shows "
               "every client)\n");
  test_run_clear(&run);
  char *svg = g_build_filename(dir, "s.svg", NULL);
  char *text = test_slurp(svg);
  CU_ASSERT_PTR_NOT_NULL(strstr(text, "40 of 10000 clients drawn: the first 40 of 10000 "
                                      "chosen"));
  CU_ASSERT_PTR_NOT_NULL(strstr(text, ">talker.40<"));
  CU_ASSERT_PTR_NULL(strstr(text, ">talker.41<"));
  g_free(text);
  g_free(svg);

  test_chatsim(&run, dir, "plot", scenario, "-F", "connected", "-o", "c.png", "-q", NULL);
  show_failure(&run, 0);
  CU_ASSERT_EQUAL(run.status, 0);
  CU_ASSERT_STRING_EQUAL(run.err, "");
  test_run_clear(&run);
  guint w = 0, h = 0;
  char *png = g_build_filename(dir, "c.png", NULL);
  CU_ASSERT_TRUE(test_png_size(png, &w, &h));
  CU_ASSERT_EQUAL(h, 720);
  /* The lurkers' curve ends at the share still connected. */
  char *data = g_build_filename(dir, "c.png.connected.tsv", NULL);
  text = test_slurp(data);
  CU_ASSERT_TRUE(g_str_has_prefix(text,
                                  "# profile\tgroup\tclients\ttime_s\tconnected\t"
                                  "fraction\n5.5.2577.0\ttalker\t1000\t0.000000\t0\t"
                                  "0.000000\n"));
  CU_ASSERT_PTR_NOT_NULL(strstr(text, "\n5.5.2577.0\tlurker\t9000\t3600.000000\t"));
  g_free(text);
  g_free(data);
  g_free(png);
  g_free(scenario);
  test_tmpdir_free(dir);
}

/* An image written to a FIFO: the PNG goes through it, and the data and
 * script go to a temporary directory, not beside a file that is none. */
static void
test_fifo_output(void)
{
  char *dir = test_tmpdir();
  char *fifo = g_build_filename(dir, "f.png", NULL);
  CU_ASSERT_EQUAL_FATAL(mkfifo(fifo, 0600), 0);
  const char *reader[] = {"/bin/sh", "-c", "cat f.png > out.png", NULL};
  GPid pid = 0;
  CU_ASSERT_TRUE_FATAL(g_spawn_async(dir, (char **)reader, NULL,
                                     G_SPAWN_DO_NOT_REAP_CHILD, NULL, NULL, &pid, NULL));
  char *scenario = test_source_path("scenarios/kb233512.ini");
  TestRun run;
  test_chatsim(&run, dir, "plot", scenario, "-o", "f.png", NULL);
  CU_ASSERT_EQUAL(run.status, 0);
  CU_ASSERT_STRING_EQUAL(run.out, "wrote f.png\n");
  int status = 0;
  CU_ASSERT_EQUAL(waitpid(pid, &status, 0), pid);
  g_spawn_close_pid(pid);
  test_assert_listing(dir, "f.png|out.png");
  char *out = g_build_filename(dir, "out.png", NULL);
  guint w = 0, h = 0;
  CU_ASSERT_TRUE(test_png_size(out, &w, &h) && w == 1280 && h == 720);
  test_run_clear(&run);
  g_free(out);
  g_free(scenario);
  g_free(fifo);
  test_tmpdir_free(dir);
}

/* Child setup: SIGHUP ignored, as under nohup. */
static void
ignore_hup(gpointer data)
{
  (void)data;
  signal(SIGHUP, SIG_IGN);
}

/* `plot -o -` of a run that would never end, with TMPDIR at `tmp`; returns
 * once its temporary directory exists there. */
static GPid
spawn_endless_plot(const char *dir, const char *tmp, gboolean nohup)
{
  static const char endless[] = "[scenario]\nduration = 1000h\nprofile = sp2\n"
                                "[client t]\njoin = #a\ntalk = every 1us\n";
  char *ini = g_build_filename(dir, "big.ini", NULL);
  g_assert(g_file_set_contents(ini, endless, -1, NULL));
  const char *argv[] = {test_chatsim_bin(), "plot", "big.ini", "--max-events",
                        "1000000000000000", "-o",   "-",       NULL};
  char **env = g_environ_setenv(g_get_environ(), "TMPDIR", tmp, TRUE);
  int null_fd = open("/dev/null", O_WRONLY);
  GPid pid = 0;
  GError *error = NULL;
  gboolean ok = g_spawn_async_with_fds(dir, (char **)argv, env, G_SPAWN_DO_NOT_REAP_CHILD,
                                       nohup ? ignore_hup : NULL, NULL, &pid, -1, null_fd,
                                       null_fd, &error);
  g_assert_no_error(error);
  g_assert(ok);
  close(null_fd);
  char *names = NULL;
  for (int i = 0; i < 1000; i++) { /* at most 10 s */
    g_free(names);
    names = test_listing(tmp);
    if (*names != '\0')
      break;
    g_usleep(10000);
  }
  CU_ASSERT_PTR_NOT_NULL(strstr(names, "chatsim-plot-"));
  g_free(names);
  g_strfreev(env);
  g_free(ini);
  return pid;
}

/* A signal while `plot -o -` runs: the temporary directory of its data and
 * script goes, and chatsim dies of the signal. Under nohup, SIGHUP stays
 * ignored: only the SIGTERM after it ends the plot. */
static void
test_signals(void)
{
  static const int signals[] = {SIGINT, SIGTERM, SIGHUP, 0};
  for (guint i = 0; i < G_N_ELEMENTS(signals); i++) {
    gboolean nohup = signals[i] == 0;
    char *dir = test_tmpdir();
    char *tmp = g_build_filename(dir, "tmp", NULL);
    g_mkdir(tmp, 0700);
    GPid pid = spawn_endless_plot(dir, tmp, nohup);
    if (nohup) {
      kill(pid, SIGHUP);
      g_usleep(200000);
      CU_ASSERT_EQUAL(waitpid(pid, NULL, WNOHANG), 0); /* still running */
    }
    kill(pid, nohup ? SIGTERM : signals[i]);
    int status = 0;
    CU_ASSERT_EQUAL(waitpid(pid, &status, 0), pid);
    g_spawn_close_pid(pid);
    CU_ASSERT_TRUE(WIFSIGNALED(status) &&
                   WTERMSIG(status) == (nohup ? SIGTERM : signals[i]));
    test_assert_listing(tmp, "");
    test_assert_listing(dir, "big.ini|tmp");
    g_free(tmp);
    test_tmpdir_free(dir);
  }
}

int
main(void)
{
  static const TestCase tests[] = {
      {"png by default, compare for several profiles", test_png_defaults},
      {"svg holds titles and the disconnect label", test_svg},
      {"--terminal dumb draws on stdout", test_dumb},
      {"gnuplot FILE.gp re-renders the same image", test_rerender},
      {"no gnuplot: exit 2, gnuplot-nox, files kept", test_no_gnuplot},
      {"a failed render keeps the old image", test_failed_render_keeps_image},
      {"CHATSIM_PLOTS_DIR chooses the templates", test_plots_dir},
      {"usage errors", test_usage_errors},
      {"--clients and --members", test_clients},
      {"data and script named after each output", test_files_per_output},
      {"--dropped draws the dropped clients", test_dropped},
      {"10,000 clients: lane cap, connected figure", test_large_run},
      {"a signal leaves no temporary directory; nohup keeps SIGHUP ignored",
       test_signals},
      {"an image into a FIFO: data and script in a temporary directory",
       test_fifo_output},
      {NULL, NULL},
  };
  return test_run_suite("e2e-plot", tests);
}

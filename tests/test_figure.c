/* test_figure.c: the figure module in-process: names, the data files
 * (exact rows), the scripts, templates, and rendering through gnuplot. */
#include "testutil.h"

#include "chatsim/figure.h"

#include <glib/gstdio.h>
#include <string.h>

/* ---- helpers ------------------------------------------------------------ */

/* The rows of a TSV whose first column starts with `profile` and whose
 * third is `client` (NULL: any), in file order. */
static GPtrArray *
rows(const char *path, const char *profile, const char *client)
{
  GPtrArray *out = g_ptr_array_new_with_free_func(g_free);
  char *text = test_slurp(path);
  char **lines = g_strsplit(text, "\n", -1);
  for (char **l = lines; *l; l++) {
    char **f = g_strsplit(*l, "\t", -1);
    if (g_strv_length(f) >= 3 && strcmp(f[0], profile) == 0 &&
        (client == NULL || strcmp(f[2], client) == 0))
      g_ptr_array_add(out, g_strdup(*l));
    g_strfreev(f);
  }
  g_strfreev(lines);
  g_free(text);
  return out;
}

static gboolean
has_row(GPtrArray *rows_, const char *row)
{
  for (guint i = 0; i < rows_->len; i++)
    if (strcmp(g_ptr_array_index(rows_, i), row) == 0)
      return TRUE;
  printf("\n  no row '%s'\n", row);
  return FALSE;
}

/* The first row whose sixth column (mark) is `mark`. */
static const char *
first_mark(GPtrArray *rows_, const char *mark)
{
  for (guint i = 0; i < rows_->len; i++) {
    const char *row = g_ptr_array_index(rows_, i);
    char **f = g_strsplit(row, "\t", -1);
    gboolean match = g_strv_length(f) >= 6 && strcmp(f[5], mark) == 0;
    g_strfreev(f);
    if (match)
      return row;
  }
  return "";
}

static char *
gnuplot_or_fail(void)
{
  GError *error = NULL;
  char *gnuplot = sim_gnuplot_find(&error);
  if (gnuplot == NULL) {
    printf("\n  %s\n", error->message);
    g_error_free(error);
  }
  CU_ASSERT_PTR_NOT_NULL(gnuplot);
  return gnuplot;
}

/* ---- tests -------------------------------------------------------------- */

static void
test_names(void)
{
  SimFigure figure;
  GError *error = NULL;
  CU_ASSERT_TRUE(sim_figure_from_name("compare", &figure, NULL));
  CU_ASSERT_EQUAL(figure, SIM_FIGURE_COMPARE);
  CU_ASSERT_TRUE(sim_figure_from_name("idle", &figure, NULL));
  CU_ASSERT_EQUAL(figure, SIM_FIGURE_IDLE);
  CU_ASSERT_FALSE(sim_figure_from_name("pie", &figure, &error));
  CU_ASSERT_STRING_EQUAL(
      error->message,
      "'pie' is not a figure; accepted: swimlanes, idle, compare, connected");
  g_clear_error(&error);
  SimScenario *scenario = test_load_scenario("scenarios/kb233512.ini");
  char *name =
      sim_figure_default_output(scenario, SIM_FIGURE_COMPARE, SIM_GNUPLOT_TERMINAL_PNG);
  CU_ASSERT_STRING_EQUAL(name, "kb233512-compare.png");
  g_free(name);
  name = sim_figure_default_output(scenario, SIM_FIGURE_IDLE, SIM_GNUPLOT_TERMINAL_DUMB);
  CU_ASSERT_STRING_EQUAL(name, "kb233512-idle.txt");
  g_free(name);
  sim_scenario_free(scenario);
}

/* The data files hold exact rows: the KB case under the affected build and
 * under SP2, side by side as the compare figure draws them. */
static void
test_data_rows(void)
{
  SimScenario *scenario = test_load_scenario("scenarios/kb233512.ini");
  static const char *const profiles[] = {"sp2", "5.5.2577.0", NULL};
  SimPlot *plot = test_plot_runs(scenario, NULL, profiles);
  char *dir = test_tmpdir();
  char *base = g_build_filename(dir, "kb", NULL);
  SimFigureSpec spec = {
      .figure = SIM_FIGURE_COMPARE, .terminal = SIM_GNUPLOT_TERMINAL_PNG, .base = base};
  char *image = g_build_filename(dir, "kb.png", NULL);
  spec.output = image;
  SimFigureFiles files = {0};
  GError *error = NULL;
  gboolean ok = sim_figure_write(plot, &spec, &files, &error);
  if (!ok)
    printf("\n  %s\n", error->message);
  CU_ASSERT_TRUE_FATAL(ok);
  char *want = g_strconcat(base, ".events.tsv", NULL);
  CU_ASSERT_STRING_EQUAL(files.events, want);
  g_free(want);

  /* The affected build: never PINGed, dropped 600 s after registering. */
  GPtrArray *ev = rows(files.events, "5.5.2577.0", "lurker");
  CU_ASSERT_TRUE(has_row(ev, "5.5.2577.0\t1\tlurker\t40000\t0.040000\tregister\tNaN\t"));
  CU_ASSERT_TRUE(has_row(ev, "5.5.2577.0\t1\tlurker\t5040000\t5.040000\trelay\t5.000000\t"
                             "from chatter.1"));
  CU_ASSERT_TRUE(has_row(ev, "5.5.2577.0\t1\tlurker\t600040000\t600.040000\tdisconnect\t"
                             "600.000000\trecv-idle 600.04 s"));
  CU_ASSERT_STRING_EQUAL(first_mark(ev, "ping"), "");
  g_ptr_array_unref(ev);
  /* SP2: the first PING at 90.040000 s, the PONG back 80 ms later. */
  ev = rows(files.events, "5.5.2448.8", "lurker");
  CU_ASSERT_STRING_EQUAL(first_mark(ev, "ping"), "5.5.2448.8\t1\tlurker\t90040000\t"
                                                 "90.040000\tping\t90.000000\tPING 1/2");
  CU_ASSERT_STRING_EQUAL(first_mark(ev, "pong"), "5.5.2448.8\t1\tlurker\t90120000\t"
                                                 "90.120000\tpong\t90.080000\t");
  CU_ASSERT_STRING_EQUAL(first_mark(ev, "disconnect"), "");
  CU_ASSERT_STRING_EQUAL(first_mark(ev, "end"), "5.5.2448.8\t1\tlurker\t3600000000\t"
                                                "3600.000000\tend\t86.840000\tconnected");
  g_ptr_array_unref(ev);

  /* The idle curve: a ramp from the registration to the drop ... */
  GPtrArray *idle = rows(files.idle, "5.5.2577.0", "lurker");
  CU_ASSERT_EQUAL(idle->len, 2);
  CU_ASSERT_TRUE(has_row(idle, "5.5.2577.0\t1\tlurker\t0.040000\t0.000000"));
  CU_ASSERT_TRUE(has_row(idle, "5.5.2577.0\t1\tlurker\t600.040000\t600.000000"));
  g_ptr_array_unref(idle);
  /* ... and a sawtooth: the value reached, then 0, at each PONG. */
  idle = rows(files.idle, "5.5.2448.8", "lurker");
  CU_ASSERT_TRUE_FATAL(idle->len >= 3);
  CU_ASSERT_STRING_EQUAL(g_ptr_array_index(idle, 1),
                         "5.5.2448.8\t1\tlurker\t90.120000\t90.080000");
  CU_ASSERT_STRING_EQUAL(g_ptr_array_index(idle, 2),
                         "5.5.2448.8\t1\tlurker\t90.120000\t0.000000");
  g_ptr_array_unref(idle);

  GPtrArray *lanes = rows(files.lanes, "5.5.2577.0", NULL);
  CU_ASSERT_EQUAL(lanes->len, 4);
  CU_ASSERT_TRUE(has_row(lanes, "5.5.2577.0\t1\tlurker\t0.000000\t600.040000\t"
                                "disconnected\trecv-idle\t0\t30"));
  g_ptr_array_unref(lanes);
  lanes = rows(files.lanes, "5.5.2448.8", "lurker");
  CU_ASSERT_TRUE(has_row(lanes, "5.5.2448.8\t1\tlurker\t0.000000\t3600.000000\t"
                                "connected\t-\t39\t0"));
  g_ptr_array_unref(lanes);

  /* Blocks: one per run in events and lanes, one per run and lane in idle. */
  char *text = test_slurp(files.events);
  CU_ASSERT_TRUE(g_str_has_prefix(
      text, "# profile\tlane\tclient\ttime_us\ttime_s\tmark\tidle_s\tlabel\n"));
  CU_ASSERT_PTR_NOT_NULL(strstr(text, "\n\n\n5.5.2577.0\t1\tlurker\t0\t"));
  g_free(text);

  /* The script: values filled in, paths relative to its directory. */
  text = test_slurp(files.script);
  CU_ASSERT_PTR_NULL(strstr(text, "@COMMON@"));
  CU_ASSERT_PTR_NOT_NULL(strstr(text, "OUTPUT = 'kb.png'"));
  CU_ASSERT_PTR_NOT_NULL(strstr(text, "EVENTS = 'kb.events.tsv'"));
  CU_ASSERT_PTR_NOT_NULL(strstr(text, "N_PANELS = 2\n"));
  CU_ASSERT_PTR_NOT_NULL(
      strstr(text, "array PANEL_VERSION[N_PANELS] = ['5.5.2448.8', '5.5.2577.0']"));
  CU_ASSERT_PTR_NOT_NULL(
      strstr(text, "'dropped 1 of 5: lurker (recv-idle 600.04 s); PINGs sent: 0'"));
  CU_ASSERT_PTR_NOT_NULL(strstr(text, "NOTE = '4 of 5 clients drawn (chatter: 3 of 4)'"));
  g_free(text);

  /* Swimlanes and idle draw one run. */
  spec.figure = SIM_FIGURE_SWIMLANES;
  CU_ASSERT_FALSE(sim_figure_write(plot, &spec, NULL, &error));
  CU_ASSERT_TRUE(g_error_matches(error, SIM_FIGURE_ERROR, SIM_FIGURE_ERROR_INVALID));
  CU_ASSERT_PTR_NOT_NULL(strstr(error->message, "draws one profile, not 2"));
  g_clear_error(&error);
  /* chatter.1 to .3 talk alike in both runs: one curve, one legend entry. */
  text = test_slurp(files.script);
  CU_ASSERT_PTR_NOT_NULL(strstr(text, "array LANE_SAME[N_LANES > 0 ? N_LANES : 1] = "
                                      "[1, 2, 2, 2]"));
  CU_ASSERT_PTR_NOT_NULL(strstr(text, "'lurker', 'chatter.1 = .2 = .3', 'chatter.2', "
                                      "'chatter.3'"));
  g_free(text);
  g_clear_error(&error);

  sim_figure_files_clear(&files);
  g_free(image);
  g_free(base);
  test_tmpdir_free(dir);
  sim_plot_free(plot);
  sim_scenario_free(scenario);
}

/* A quoted scenario description survives gnuplot's quoting. */
static void
test_quoting(void)
{
  static const char ini[] = "[scenario]\nname = it's\ndescription = a 'quoted' one\n"
                            "duration = 10m\nprofile = sp2\n[client solo]\n";
  GError *error = NULL;
  SimScenario *scenario = sim_scenario_load_data("q.ini", ini, sizeof ini - 1, &error);
  CU_ASSERT_PTR_NOT_NULL_FATAL(scenario);
  static const char *const profiles[] = {"sp2", NULL};
  SimPlot *plot = test_plot_runs(scenario, NULL, profiles);
  char *name =
      sim_figure_default_output(scenario, SIM_FIGURE_SWIMLANES, SIM_GNUPLOT_TERMINAL_SVG);
  CU_ASSERT_STRING_EQUAL(name, "it-s-swimlanes.svg");
  char *dir = test_tmpdir();
  char *image = g_build_filename(dir, name, NULL);
  SimFigureSpec spec = {.figure = SIM_FIGURE_SWIMLANES,
                        .terminal = SIM_GNUPLOT_TERMINAL_SVG,
                        .output = image};
  SimFigureFiles files = {0};
  CU_ASSERT_TRUE_FATAL(sim_figure_write(plot, &spec, &files, &error));
  char *text = test_slurp(files.script);
  CU_ASSERT_PTR_NOT_NULL(strstr(text, "SCENARIO = 'it''s'"));
  CU_ASSERT_PTR_NOT_NULL(strstr(text, "DESCRIPTION = 'a ''quoted'' one'"));
  g_free(text);
  char *gnuplot = gnuplot_or_fail();
  if (gnuplot != NULL) {
    gboolean ok = sim_gnuplot_render(gnuplot, files.script, NULL, NULL, NULL, &error);
    if (!ok)
      printf("\n  %s\n", error->message);
    CU_ASSERT_TRUE(ok);
    g_clear_error(&error);
    text = test_slurp(image);
    CU_ASSERT_TRUE(strstr(text, "it&apos;s: a &apos;quoted&apos; one") != NULL ||
                   strstr(text, "it's: a 'quoted' one") != NULL);
    g_free(text);
  }
  g_free(gnuplot);
  sim_figure_files_clear(&files);
  g_free(image);
  g_free(name);
  test_tmpdir_free(dir);
  sim_plot_free(plot);
  sim_scenario_free(scenario);
}

static void
write_template(const char *dir, const char *name, const char *text)
{
  char *path = g_build_filename(dir, name, NULL);
  CU_ASSERT_TRUE(g_file_set_contents(path, text, -1, NULL));
  g_free(path);
}

/* Unknown placeholders and missing templates are errors that name the
 * file; nothing is written then. A script gnuplot rejects is an error
 * carrying gnuplot's message. */
static void
test_template_errors(void)
{
  SimScenario *scenario = test_load_scenario("scenarios/hung-client.ini");
  static const char *const profiles[] = {"sp2", NULL};
  SimPlot *plot = test_plot_runs(scenario, NULL, profiles);
  char *templates = test_tmpdir();
  char *dir = test_tmpdir();
  char *image = g_build_filename(dir, "h.png", NULL);
  char *events = g_build_filename(dir, "h.events.tsv", NULL);
  SimFigureSpec spec = {.figure = SIM_FIGURE_IDLE,
                        .terminal = SIM_GNUPLOT_TERMINAL_PNG,
                        .output = image,
                        .templates = templates};
  GError *error = NULL;

  CU_ASSERT_FALSE(sim_figure_write(plot, &spec, NULL, &error));
  CU_ASSERT_TRUE(g_error_matches(error, SIM_GNUPLOT_ERROR, SIM_GNUPLOT_ERROR_TEMPLATE));
  CU_ASSERT_PTR_NOT_NULL(strstr(error->message, "cannot read the plot template"));
  CU_ASSERT_PTR_NOT_NULL(strstr(error->message, "common.gp"));
  CU_ASSERT_PTR_NOT_NULL(strstr(error->message, "CHATSIM_PLOTS_DIR"));
  g_clear_error(&error);

  write_template(templates, "common.gp", "# @SCENARIO@ and an e-mail@example.org\n");
  write_template(templates, "idle.gp", "@COMMON@\nset title 'x'\nplot @NOPE@\n");
  CU_ASSERT_FALSE(sim_figure_write(plot, &spec, NULL, &error));
  CU_ASSERT_TRUE(g_error_matches(error, SIM_GNUPLOT_ERROR, SIM_GNUPLOT_ERROR_TEMPLATE));
  char *want = g_strdup_printf("%s/idle.gp:3: unknown placeholder @NOPE@", templates);
  CU_ASSERT_STRING_EQUAL(error->message, want);
  g_free(want);
  g_clear_error(&error);
  CU_ASSERT_FALSE(g_file_test(events, G_FILE_TEST_EXISTS));

  write_template(templates, "idle.gp", "@COMMON@\nplot no_such_function(x)\n");
  SimFigureFiles files = {0};
  CU_ASSERT_TRUE_FATAL(sim_figure_write(plot, &spec, &files, &error));
  char *text = test_slurp(files.script);
  CU_ASSERT_STRING_EQUAL(text, "# 'hung-client' and an e-mail@example.org\n\n"
                               "plot no_such_function(x)\n");
  g_free(text);
  char *gnuplot = gnuplot_or_fail();
  if (gnuplot != NULL) {
    CU_ASSERT_FALSE(sim_gnuplot_render(gnuplot, files.script, NULL, NULL, NULL, &error));
    CU_ASSERT_TRUE(g_error_matches(error, SIM_GNUPLOT_ERROR, SIM_GNUPLOT_ERROR_FAILED));
    CU_ASSERT_PTR_NOT_NULL(error ? strstr(error->message, "gnuplot failed on ") : NULL);
    CU_ASSERT_PTR_NOT_NULL(error ? strstr(error->message, "undefined function") : NULL);
    g_clear_error(&error);
  }
  g_free(gnuplot);
  sim_figure_files_clear(&files);
  g_free(events);
  g_free(image);
  test_tmpdir_free(dir);
  test_tmpdir_free(templates);
  sim_plot_free(plot);
  sim_scenario_free(scenario);
}

/* PNG at the default and a given size; SVG with its series and label;
 * the dumb terminal's drawing handed back. */
static void
test_render(void)
{
  char *gnuplot = gnuplot_or_fail();
  if (gnuplot == NULL)
    return;
  SimScenario *scenario = test_load_scenario("scenarios/kb233512.ini");
  static const char *const affected[] = {"5.5.2577.0", NULL};
  SimPlot *plot = test_plot_runs(scenario, NULL, affected);
  char *dir = test_tmpdir();
  GError *error = NULL;
  static const struct {
    SimFigure figure;
    SimGnuplotTerminal terminal;
    guint width, height;
    const char *name;
  } cases[] = {
      {SIM_FIGURE_SWIMLANES, SIM_GNUPLOT_TERMINAL_PNG, 0, 0, "s.png"},
      {SIM_FIGURE_IDLE, SIM_GNUPLOT_TERMINAL_PNG, 800, 500, "i.png"},
      {SIM_FIGURE_COMPARE, SIM_GNUPLOT_TERMINAL_PNG, 640, 400, "c.png"},
      {SIM_FIGURE_SWIMLANES, SIM_GNUPLOT_TERMINAL_SVG, 0, 0, "s.svg"},
      {SIM_FIGURE_IDLE, SIM_GNUPLOT_TERMINAL_PDF, 0, 0, "i.pdf"},
  };
  for (gsize i = 0; i < G_N_ELEMENTS(cases); i++) {
    char *image = g_build_filename(dir, cases[i].name, NULL);
    SimFigureSpec spec = {.figure = cases[i].figure,
                          .terminal = cases[i].terminal,
                          .output = image,
                          .width = cases[i].width,
                          .height = cases[i].height};
    SimFigureFiles files = {0};
    char *log = NULL;
    gboolean ok = sim_figure_write(plot, &spec, &files, &error) &&
                  sim_gnuplot_render(gnuplot, files.script, NULL, NULL, &log, &error);
    if (!ok)
      printf("\n  %s: %s\n", cases[i].name, error->message);
    CU_ASSERT_TRUE(ok);
    g_clear_error(&error);
    if (log != NULL && *log != '\0')
      printf("\n  %s: gnuplot said: %s\n", cases[i].name, log);
    CU_ASSERT_STRING_EQUAL(log ? log : "", ""); /* no warnings */
    g_free(log);
    if (cases[i].terminal == SIM_GNUPLOT_TERMINAL_PNG) {
      guint w = 0, h = 0;
      CU_ASSERT_TRUE(test_png_size(image, &w, &h));
      CU_ASSERT_EQUAL(w, cases[i].width ? cases[i].width : 1280);
      CU_ASSERT_EQUAL(h, cases[i].height ? cases[i].height : 720);
    } else if (cases[i].terminal == SIM_GNUPLOT_TERMINAL_SVG) {
      char *svg = test_slurp(image);
      CU_ASSERT_TRUE(g_str_has_prefix(svg, "<?xml"));
      CU_ASSERT_PTR_NOT_NULL(strstr(svg, "width=\"1280\" height=\"720\""));
      CU_ASSERT_PTR_NOT_NULL(strstr(svg, "recv-idle 600.04 s"));
      CU_ASSERT_PTR_NOT_NULL(strstr(svg, "relay to the client (sent)"));
      CU_ASSERT_PTR_NOT_NULL(strstr(svg, "disconnected by the server"));
      CU_ASSERT_PTR_NOT_NULL(strstr(svg, "message (received)"));
      CU_ASSERT_PTR_NOT_NULL(strstr(svg, ">lurker<"));
      CU_ASSERT_PTR_NOT_NULL(strstr(svg, "4 of 5 clients drawn (chatter: 3 of 4)"));
      CU_ASSERT_PTR_NULL(strstr(svg, "PING (sent)")); /* no PING under 5.5.2577.0 */
      g_free(svg);
    } else {
      char *pdf = test_slurp(image);
      CU_ASSERT_TRUE(g_str_has_prefix(pdf, "%PDF-"));
      g_free(pdf);
    }
    sim_figure_files_clear(&files);
    g_free(image);
  }

  /* Dumb on standard output: the drawing comes back to the caller. */
  char *base = g_build_filename(dir, "d", NULL);
  SimFigureSpec spec = {.figure = SIM_FIGURE_SWIMLANES,
                        .terminal = SIM_GNUPLOT_TERMINAL_DUMB,
                        .base = base};
  SimFigureFiles files = {0};
  char *out = NULL;
  CU_ASSERT_TRUE_FATAL(sim_figure_write(plot, &spec, &files, &error));
  CU_ASSERT_TRUE(sim_gnuplot_render(gnuplot, files.script, NULL, &out, NULL, &error));
  CU_ASSERT_PTR_NOT_NULL(out ? strstr(out, "recv-idle 600.04 s") : NULL);
  CU_ASSERT_PTR_NOT_NULL(out ? strstr(out, "lurker") : NULL);
  g_free(out);
  sim_figure_files_clear(&files);
  g_free(base);

  test_tmpdir_free(dir);
  sim_plot_free(plot);
  sim_scenario_free(scenario);
  g_free(gnuplot);
}

/* Groups, spread members and timed keys whose outcomes are known: under
 * 5.5.2577.0 lurker.1 shares #c1 with a talker and is dropped at 600.04 s
 * (its receive-idle limit after registering at 0.04 s); lurker.2 and .3
 * sit in quiet channels, are PINGed and stay. */
static const char connected_ini[] =
    "[scenario]\nname = conn\nduration = 15m\nprofile = 5.5.2577.0\n"
    "[network]\nlatency = 40ms\n"
    "[client lurker]\ncount = 3\njoin = #c{1..3}\n"
    "[client talker]\njoin = #c1\ntalk = every 20s\nstart = 5s\n"
    "[client leaver]\ncount = 2\njoin = #c2\nquit = 100s\n"
    "[client late]\ncount = 4\njoin = #c3\nconnect = 60s\n";

/* The connected figure's data: per run and group, the clients connected
 * and their fraction, as the corners of a step curve. */
static void
test_connected(void)
{
  GError *error = NULL;
  SimScenario *scenario =
      sim_scenario_load_data("conn.ini", connected_ini, sizeof connected_ini - 1, &error);
  if (scenario == NULL)
    printf("\n  %s\n", error->message);
  CU_ASSERT_PTR_NOT_NULL_FATAL(scenario);
  static const char *const profiles[] = {"5.5.2577.0", "sp2", NULL};
  SimPlot *plot = test_plot_runs(scenario, NULL, profiles);
  CU_ASSERT_EQUAL(sim_plot_n_clients(plot), 10);
  char *dir = test_tmpdir();
  char *image = g_build_filename(dir, "c.png", NULL);
  SimFigureSpec spec = {.figure = SIM_FIGURE_CONNECTED,
                        .terminal = SIM_GNUPLOT_TERMINAL_PNG,
                        .output = image};
  SimFigureFiles files = {0};
  CU_ASSERT_TRUE_FATAL(sim_figure_write(plot, &spec, &files, &error));
  CU_ASSERT_PTR_NULL(files.events); /* only what the figure reads */
  char *text = test_slurp(files.connected);
  CU_ASSERT_STRING_EQUAL(
      text, "# profile\tgroup\tclients\ttime_s\tconnected\tfraction\n"
            /* 5.5.2577.0: one lurker in three dropped at 600.04 s */
            "5.5.2577.0\tlurker\t3\t0.000000\t0\t0.000000\n"
            "5.5.2577.0\tlurker\t3\t0.000000\t3\t1.000000\n"
            "5.5.2577.0\tlurker\t3\t600.040000\t3\t1.000000\n"
            "5.5.2577.0\tlurker\t3\t600.040000\t2\t0.666667\n"
            "5.5.2577.0\tlurker\t3\t900.000000\t2\t0.666667\n\n\n"
            "5.5.2577.0\ttalker\t1\t0.000000\t0\t0.000000\n"
            "5.5.2577.0\ttalker\t1\t0.000000\t1\t1.000000\n"
            "5.5.2577.0\ttalker\t1\t900.000000\t1\t1.000000\n\n\n"
            /* both leavers quit at 100 s: the server has their QUIT at 100.04 s */
            "5.5.2577.0\tleaver\t2\t0.000000\t0\t0.000000\n"
            "5.5.2577.0\tleaver\t2\t0.000000\t2\t1.000000\n"
            "5.5.2577.0\tleaver\t2\t100.040000\t2\t1.000000\n"
            "5.5.2577.0\tleaver\t2\t100.040000\t0\t0.000000\n"
            "5.5.2577.0\tleaver\t2\t900.000000\t0\t0.000000\n\n\n"
            /* the late ones connect at 60 s */
            "5.5.2577.0\tlate\t4\t0.000000\t0\t0.000000\n"
            "5.5.2577.0\tlate\t4\t60.000000\t0\t0.000000\n"
            "5.5.2577.0\tlate\t4\t60.000000\t4\t1.000000\n"
            "5.5.2577.0\tlate\t4\t900.000000\t4\t1.000000\n\n\n"
            /* SP2 PINGs lurker.1 too: every lurker stays */
            "5.5.2448.8\tlurker\t3\t0.000000\t0\t0.000000\n"
            "5.5.2448.8\tlurker\t3\t0.000000\t3\t1.000000\n"
            "5.5.2448.8\tlurker\t3\t900.000000\t3\t1.000000\n\n\n"
            "5.5.2448.8\ttalker\t1\t0.000000\t0\t0.000000\n"
            "5.5.2448.8\ttalker\t1\t0.000000\t1\t1.000000\n"
            "5.5.2448.8\ttalker\t1\t900.000000\t1\t1.000000\n\n\n"
            "5.5.2448.8\tleaver\t2\t0.000000\t0\t0.000000\n"
            "5.5.2448.8\tleaver\t2\t0.000000\t2\t1.000000\n"
            "5.5.2448.8\tleaver\t2\t100.040000\t2\t1.000000\n"
            "5.5.2448.8\tleaver\t2\t100.040000\t0\t0.000000\n"
            "5.5.2448.8\tleaver\t2\t900.000000\t0\t0.000000\n\n\n"
            "5.5.2448.8\tlate\t4\t0.000000\t0\t0.000000\n"
            "5.5.2448.8\tlate\t4\t60.000000\t0\t0.000000\n"
            "5.5.2448.8\tlate\t4\t60.000000\t4\t1.000000\n"
            "5.5.2448.8\tlate\t4\t900.000000\t4\t1.000000\n");
  g_free(text);
  /* Under SP2 lurker and talker are the same curve: one line, one entry;
   * the lowest fraction once connected is lurker's 2/3. */
  text = test_slurp(files.script);
  CU_ASSERT_PTR_NOT_NULL(strstr(text, "CONNECTED_MIN = 0.000000\n")); /* leaver */
  CU_ASSERT_PTR_NOT_NULL(
      strstr(text, "array GROUP_SAME[N_PANELS * N_GROUPS] = [1, 2, 3, 4, 1, 1, 3, 4]"));
  CU_ASSERT_PTR_NOT_NULL(strstr(text, "'lurker (3)', 'talker', 'leaver (2)', 'late (4)', "
                                      "'lurker (3), talker', 'talker', 'leaver (2)', "
                                      "'late (4)'"));
  CU_ASSERT_PTR_NOT_NULL(strstr(text, "'dropped 1 of 10: lurker.1 (recv-idle 600.04 s); "
                                      "2 quit; PINGs sent: "));
  g_free(text);
  char *gnuplot = gnuplot_or_fail();
  char *log = NULL;
  if (gnuplot != NULL) {
    CU_ASSERT_TRUE(sim_gnuplot_render(gnuplot, files.script, image, NULL, &log, &error));
    CU_ASSERT_STRING_EQUAL(log ? log : "", "");
    guint w = 0, h = 0;
    CU_ASSERT_TRUE(test_png_size(image, &w, &h));
    CU_ASSERT_EQUAL(w, 1280);
  }
  g_free(log);
  g_free(gnuplot);
  sim_figure_files_clear(&files);
  g_free(image);
  test_tmpdir_free(dir);
  sim_plot_free(plot);
  sim_scenario_free(scenario);
}

/* --dropped: the clients dropped in any run, the same lanes in every run,
 * even those run before a drop was seen. */
static void
test_dropped(void)
{
  SimScenario *scenario = test_load_scenario("scenarios/poisson-traffic.ini");
  SimPlotSelect select = {.members = 3, .dropped = TRUE};
  static const char *const sp2[] = {"sp2", NULL};
  SimPlot *plot = test_plot_runs(scenario, &select, sp2);
  CU_ASSERT_EQUAL(sim_plot_n_lanes(plot), 0); /* SP2 drops nobody */
  SimScenarioOverrides affected = {.profile = "5.5.2577.0"};
  CU_ASSERT_TRUE_FATAL(sim_plot_add_run(plot, scenario, &affected, NULL));
  CU_ASSERT_EQUAL(sim_plot_n_lanes(plot), 5);
  CU_ASSERT_EQUAL(sim_plot_n_clients(plot), 23);
  CU_ASSERT_STRING_EQUAL(sim_plot_note(plot), "5 of 23 clients drawn: the dropped ones");
  char *dir = test_tmpdir();
  char *base = g_build_filename(dir, "d", NULL);
  SimFigureSpec spec = {.figure = SIM_FIGURE_COMPARE,
                        .terminal = SIM_GNUPLOT_TERMINAL_PNG,
                        .base = base,
                        .output = base};
  SimFigureFiles files = {0};
  CU_ASSERT_TRUE_FATAL(sim_figure_write(plot, &spec, &files, NULL));
  GPtrArray *lanes = rows(files.lanes, "5.5.2577.0", NULL);
  CU_ASSERT_EQUAL(lanes->len, 5);
  CU_ASSERT_TRUE(has_row(lanes, "5.5.2577.0\t1\tlurk-b\t0.000000\t600.055324\t"
                                "disconnected\trecv-idle\t0\t20"));
  CU_ASSERT_TRUE(has_row(lanes, "5.5.2577.0\t4\ttalk-d.1\t0.000000\t2478.616233\t"
                                "disconnected\trecv-idle\t6\t41"));
  g_ptr_array_unref(lanes);
  /* The SP2 run was traced again for the new lanes. */
  lanes = rows(files.lanes, "5.5.2448.8", NULL);
  CU_ASSERT_EQUAL(lanes->len, 5);
  g_ptr_array_unref(lanes);
  GPtrArray *ev = rows(files.events, "5.5.2448.8", "lurk-e");
  CU_ASSERT_STRING_EQUAL(first_mark(ev, "end"), "5.5.2448.8\t5\tlurk-e\t3600000000\t"
                                                "3600.000000\tend\t86.044981\tconnected");
  g_ptr_array_unref(ev);
  sim_figure_files_clear(&files);
  g_free(base);
  test_tmpdir_free(dir);
  sim_plot_free(plot);
  sim_scenario_free(scenario);
}

/* How many lanes each figure draws readably. */
static void
test_max_lanes(void)
{
  static const struct {
    SimFigure figure;
    SimGnuplotTerminal terminal;
    guint width, height, lanes;
  } cases[] = {
      /* 720 px less 164 for title and axis, 2 legend rows of 3 columns, 13 px a lane */
      {SIM_FIGURE_SWIMLANES, SIM_GNUPLOT_TERMINAL_PNG, 0, 0, 40},
      {SIM_FIGURE_SWIMLANES, SIM_GNUPLOT_TERMINAL_PNG, 1280, 480, 21},
      {SIM_FIGURE_SWIMLANES, SIM_GNUPLOT_TERMINAL_PNG, 800, 450, 17}, /* 3 rows */
      {SIM_FIGURE_SWIMLANES, SIM_GNUPLOT_TERMINAL_PNG, 640, 360, 6},  /* 6 rows */
      {SIM_FIGURE_SWIMLANES, SIM_GNUPLOT_TERMINAL_PNG, 640, 100, 1}, /* never 0: no cap */
      {SIM_FIGURE_SWIMLANES, SIM_GNUPLOT_TERMINAL_DUMB, 0, 0, 40},   /* 50 rows less 10 */
      {SIM_FIGURE_COMPARE, SIM_GNUPLOT_TERMINAL_PNG, 0, 0, SIM_FIGURE_MAX_CURVES},
      {SIM_FIGURE_IDLE, SIM_GNUPLOT_TERMINAL_DUMB, 0, 0, SIM_FIGURE_MAX_CURVES},
      /* the legend's rows: 450 px less 150, 19 px each, less PING and disconnect */
      {SIM_FIGURE_IDLE, SIM_GNUPLOT_TERMINAL_PNG, 800, 450, 13},
      {SIM_FIGURE_COMPARE, SIM_GNUPLOT_TERMINAL_PNG, 640, 100, 1},
      {SIM_FIGURE_CONNECTED, SIM_GNUPLOT_TERMINAL_PNG, 0, 0, 0},
  };
  for (gsize i = 0; i < G_N_ELEMENTS(cases); i++) {
    guint got = sim_figure_max_lanes(cases[i].figure, cases[i].terminal, cases[i].width,
                                     cases[i].height);
    if (got != cases[i].lanes)
      printf("\n  case %zu: %u lanes, want %u\n", i, got, cases[i].lanes);
    CU_ASSERT_EQUAL(got, cases[i].lanes);
  }
}

int
main(void)
{
  static const TestCase tests[] = {
      {"figure names and default outputs", test_names},
      {"data files hold exact rows (kb233512)", test_data_rows},
      {"quotes in names survive the script", test_quoting},
      {"template and gnuplot errors", test_template_errors},
      {"png, svg, pdf and dumb render", test_render},
      {"connected: exact fractions per group and run", test_connected},
      {"--dropped: the same lanes in every run", test_dropped},
      {"how many lanes each figure draws", test_max_lanes},
      {NULL, NULL},
  };
  return test_run_suite("figure", tests);
}

/* cli_plot.c: the `chatsim plot` command. */
#include "chatsim/cli.h"

#include "chatsim/figure.h"

#include <glib/gstdio.h>
#include <stdio.h>
#include <string.h>

typedef struct {
  char *profile;
  char *profiles;
  char *output;
  char *terminal;
  char *figure;
  char *clients;
  char *size;
  char *seed;
  char *duration;
  char *study;
  int members;
  gboolean dropped;
  gboolean quiet;
  char **sets; /* --set */
} PlotOptions;

static void
plot_options_clear(PlotOptions *o)
{
  g_free(o->profile);
  g_free(o->profiles);
  g_free(o->output);
  g_free(o->terminal);
  g_free(o->figure);
  g_free(o->clients);
  g_free(o->size);
  g_free(o->seed);
  g_free(o->duration);
  g_strfreev(o->sets);
  g_free(o->study);
}

/* Runs gnuplot on the written script and says what was written (or the
 * drawing, on standard output). */
static int
render(const PlotOptions *o, const SimFigureSpec *spec, const SimFigureFiles *files,
       const char *tmpdir)
{
  gboolean temporary = tmpdir != NULL;
  GError *error = NULL;
  g_autofree char *gnuplot = sim_gnuplot_find(&error);
  g_autofree char *drawing = NULL;
  g_autofree char *log = NULL;
  if (gnuplot == NULL ||
      !sim_gnuplot_render(gnuplot, files->script, spec->output, &drawing, &log, &error)) {
    if (temporary)
      g_printerr("chatsim: %s\n", error->message);
    else
      g_printerr("chatsim: %s\nchatsim: the data and the script are written; 'gnuplot "
                 "%s' draws the figure\n",
                 error->message, files->script);
    g_error_free(error);
    return SIM_CLI_EXIT_INPUT;
  }
  if (log != NULL && *log != '\0')
    g_printerr("%s", log);
  if (temporary) {
    /* Gone before the drawing is printed: a closed pipe (SIGPIPE) or a
     * signal from here on leaves nothing behind. */
    sim_figure_files_remove(files);
    g_rmdir(tmpdir);
  }
  if (sim_run_interrupt)
    return SIM_CLI_EXIT_INPUT;
  if (spec->output == NULL) {
    fputs(drawing, stdout);
  } else if (temporary) {
    if (!o->quiet)
      printf("wrote %s\n", spec->output);
  } else if (!o->quiet) {
    g_autofree char *data = files->connected ? g_strdup(files->connected)
                                             : g_strjoin(", ", files->events, files->idle,
                                                         files->lanes, NULL);
    printf("wrote %s\nscript %s (re-render: gnuplot %s)\ndata %s\n", spec->output,
           files->script, files->script, data);
  }
  return SIM_CLI_EXIT_OK;
}

/* Runs each profile (NULL: the scenario's), writes the data and the script,
 * then renders them. */
static int
plot_scenario(const PlotOptions *o, const char *path, GPtrArray *versions,
              SimScenarioOverrides *overrides, SimFigureSpec *spec, gboolean figure_given)
{
  GError *error = NULL;
  g_autoptr(SimScenario) scenario =
      sim_cli_load_scenario(path, (const char *const *)o->sets, &error);
  if (scenario == NULL)
    return sim_cli_fail(error);
  if (!figure_given)
    spec->figure = versions->len > 1 ? SIM_FIGURE_COMPARE : SIM_FIGURE_SWIMLANES;
  /* Drawn on standard output, the data and script live in a temporary
   * directory, removed afterwards; else beside the image, named after it. */
  g_autofree char *output = NULL;
  g_autofree char *tmpdir = NULL;
  g_autofree char *base = NULL;
  if (o->output != NULL && strcmp(o->output, "-") != 0)
    output = g_strdup(o->output);
  else if (o->output == NULL && spec->terminal != SIM_GNUPLOT_TERMINAL_DUMB)
    output = sim_figure_default_output(scenario, spec->figure, spec->terminal);
  /* A device or FIFO image (/dev/null) has no directory to hold its data:
   * they go to the temporary directory too. */
  GStatBuf st;
  if (output == NULL ||
      (g_stat(output, &st) == 0 && (S_ISCHR(st.st_mode) || S_ISFIFO(st.st_mode)))) {
    tmpdir = g_dir_make_tmp("chatsim-plot-XXXXXX", &error);
    if (tmpdir == NULL)
      return sim_cli_fail(error);
    base = g_build_filename(tmpdir, "figure", NULL);
  }
  spec->output = output;
  spec->base = base;
  g_auto(GStrv) clients = o->clients ? g_strsplit(o->clients, ",", -1) : NULL;
  for (char **c = clients; c != NULL && *c != NULL; c++)
    g_strstrip(*c);
  SimPlotSelect select = {
      (const char *const *)clients, (guint)o->members, o->dropped,
      sim_figure_max_lanes(spec->figure, spec->terminal, spec->width, spec->height)};
  g_autoptr(SimPlot) plot = sim_plot_new(scenario, &select);
  SimFigureFiles files = {0};
  int code = SIM_CLI_EXIT_OK;
  for (guint i = 0; i < versions->len && code == SIM_CLI_EXIT_OK; i++) {
    overrides->profile = g_ptr_array_index(versions, i);
    if (!sim_plot_add_run(plot, scenario, overrides, &error))
      code = sim_cli_fail(error);
  }
  if (code == SIM_CLI_EXIT_OK && !o->quiet && sim_figure_has_lanes(spec->figure) &&
      sim_plot_n_selected(plot) > sim_plot_n_lanes(plot))
    g_printerr("chatsim: plot: %u clients chosen, but the %s figure draws at most %u "
               "readably at this size: drawing the first %u (--clients or --dropped "
               "chooses others; --figure connected shows every client)\n",
               sim_plot_n_selected(plot), sim_figure_name(spec->figure),
               sim_plot_n_lanes(plot), sim_plot_n_lanes(plot));
  if (code == SIM_CLI_EXIT_OK && sim_run_interrupt) /* a signal came: write nothing */
    code = SIM_CLI_EXIT_INPUT;
  if (code == SIM_CLI_EXIT_OK && !sim_figure_write(plot, spec, &files, &error))
    code = sim_cli_fail(error);
  /* A signal only sets sim_run_interrupt (cli.c); the temporary
   * directory is removed here, in plain code, whatever happened. */
  if (code == SIM_CLI_EXIT_OK && !sim_run_interrupt)
    code = render(o, spec, &files, tmpdir);
  if (tmpdir != NULL) {
    sim_figure_files_remove(&files);
    g_rmdir(tmpdir);
  }
  sim_figure_files_clear(&files);
  return code;
}

int
sim_cli_plot_main(int argc, char **argv)
{
  PlotOptions o = {.members = SIM_PLOT_DEFAULT_MEMBERS};
  const GOptionEntry entries[] = {
      {"profile", 'p', 0, G_OPTION_ARG_STRING, &o.profile,
       "Chatsvc.exe version or alias (overrides the scenario's)", "VERSION"},
      {"profiles", 'P', 0, G_OPTION_ARG_STRING, &o.profiles,
       "several profiles, a panel each: all (in build order) or VERSION,...", "LIST"},
      {"output", 'o', 0, G_OPTION_ARG_STRING, &o.output,
       "the image (its data and script go beside it as FILE.gp, FILE.*.tsv); default "
       "SCENARIO-FIGURE.png here; - = standard output (dumb)",
       "FILE"},
      {"terminal", 'T', 0, G_OPTION_ARG_STRING, &o.terminal,
       "png, svg, pdf or dumb; must agree with the output's extension (default: from "
       "it, else png)",
       "TERM"},
      {"figure", 'F', 0, G_OPTION_ARG_STRING, &o.figure,
       "swimlanes (default for one profile), idle, compare (default for several), or "
       "connected",
       "FIGURE"},
      {"clients", 'c', 0, G_OPTION_ARG_STRING, &o.clients,
       "groups and members to draw (default: every group)", "NAME,..."},
      {"dropped", 0, 0, G_OPTION_ARG_NONE, &o.dropped,
       "only the clients the server disconnected (in any profile)", NULL},
      {"members", 'm', 0, G_OPTION_ARG_INT, &o.members,
       "members drawn of a count group named as a whole (default 3; 0 = all)", "N"},
      {"size", 0, 0, G_OPTION_ARG_STRING, &o.size,
       "image size in pixels (default 1280x720), for dumb in characters (160x50)", "WxH"},
      {"seed", 's', 0, G_OPTION_ARG_STRING, &o.seed,
       "random seed (overrides the scenario's)", "N"},
      {"duration", 'd', 0, G_OPTION_ARG_STRING, &o.duration,
       "how long to run, e.g. 45m (overrides the scenario's)", "D"},
      {"quiet", 'q', 0, G_OPTION_ARG_NONE, &o.quiet, "print nothing but errors", NULL},
      SIM_CLI_SET_ENTRY(&o.sets),
      {"study", 0, 0, G_OPTION_ARG_FILENAME, &o.study,
       "draw a study's figure from DIR (chatsim study -o DIR) instead", "DIR"},
      {NULL, 0, 0, 0, NULL, NULL, NULL},
  };
  int code = SIM_CLI_EXIT_OK;
  GError *error = NULL;
  char **versions = NULL;
  SimCliOverrideValues values;
  SimScenarioOverrides overrides;
  SimFigureSpec spec = {0};
  if (!sim_cli_parse_options("plot", "SCENARIO",
                             "Draw a scenario's disconnect timelines with gnuplot.",
                             entries, &argc, &argv, &code)) {
    g_assert(code != SIM_CLI_EXIT_OK); /* the parser has reported it */
    plot_options_clear(&o);
    return code;
  }
  gboolean to_stdout = o.output != NULL && strcmp(o.output, "-") == 0;
  if (o.study != NULL) /* the study figures are chatsim study's */
    code = argc == 1 ? sim_cli_study_plot(o.study, o.output, o.quiet)
                     : sim_cli_usage_error("plot", "--study DIR takes no scenario file");
  else if (argc != 2)
    code = sim_cli_usage_error("plot", argc < 2 ? "no scenario file given"
                                                : "more than one scenario file given");
  else if (o.profile && o.profiles)
    code = sim_cli_usage_error("plot", "--profile and --profiles: give one or the other");
  else if (o.profiles && !sim_cli_parse_profiles("plot", o.profiles, &versions, &code))
    g_assert(code != SIM_CLI_EXIT_OK); /* parse_profiles has reported it */
  else if (!sim_cli_parse_overrides("plot", o.profile, o.seed, o.duration, &values,
                                    &overrides, &code))
    g_assert(code != SIM_CLI_EXIT_OK); /* parse_overrides has reported it */
  else if (o.figure && !sim_figure_from_name(o.figure, &spec.figure, &error))
    code = sim_cli_usage_error("plot", "--figure: %s", error->message);
  else if (o.terminal &&
           !sim_gnuplot_terminal_from_name(o.terminal, &spec.terminal, &error))
    code = sim_cli_usage_error("plot", "--terminal: %s", error->message);
  else if (!o.terminal && o.output && !to_stdout &&
           !sim_gnuplot_terminal_from_path(o.output, &spec.terminal, &error))
    code = sim_cli_usage_error("plot", "--output: %s, or say --terminal", error->message);
  else if (o.terminal && o.output && !to_stdout &&
           !sim_gnuplot_terminal_check_path(spec.terminal, o.output, &error))
    code = sim_cli_usage_error("plot", "--output: %s", error->message);
  else if (to_stdout && o.terminal && spec.terminal != SIM_GNUPLOT_TERMINAL_DUMB)
    code = sim_cli_usage_error("plot",
                               "--output -: only the dumb terminal draws on standard "
                               "output; give a file name");
  else if (o.size && !sim_gnuplot_size_parse(o.size, &spec.width, &spec.height, &error))
    code = sim_cli_usage_error("plot", "--size: %s", error->message);
  else if (o.members < 0)
    code = sim_cli_usage_error("plot", "--members: %d is not 0 or more", o.members);
  else {
    if (to_stdout)
      spec.terminal = SIM_GNUPLOT_TERMINAL_DUMB;
    g_autoptr(GPtrArray) list = g_ptr_array_new();
    gsize n_all = 0;
    const SimProfile *all = sim_profile_all(&n_all);
    if (o.profiles == NULL)
      g_ptr_array_add(list, o.profile); /* NULL: the scenario's */
    else if (versions == NULL)
      for (gsize i = 0; i < n_all; i++)
        g_ptr_array_add(list, (gpointer)all[i].version);
    else
      for (char **v = versions; *v; v++)
        g_ptr_array_add(list, *v);
    code = plot_scenario(&o, argv[1], list, &overrides, &spec, o.figure != NULL);
  }
  g_clear_error(&error);
  g_strfreev(versions);
  plot_options_clear(&o);
  return code;
}

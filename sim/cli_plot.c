/* cli_plot.c: the `chatsim plot` command. */
#include "chatsim/cli.h"

#include "chatsim/plot.h"

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
  int members;
  gboolean quiet;
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
}

/* Runs each profile (NULL: the scenario's), writes the data and the script,
 * then renders them. */
static int
plot_scenario(const PlotOptions *o, const char *path, GPtrArray *versions,
              SimScenarioOverrides *overrides, SimPlotSpec *spec, gboolean figure_given)
{
  GError *error = NULL;
  g_autoptr(SimScenario) scenario = sim_scenario_load(path, &error);
  if (scenario == NULL)
    return sim_cli_fail(error);
  if (!figure_given)
    spec->figure =
        versions->len > 1 ? SIM_PLOT_FIGURE_COMPARE : SIM_PLOT_FIGURE_SWIMLANES;
  g_autofree char *output = NULL;
  g_autofree char *base = NULL;
  if (o->output != NULL && strcmp(o->output, "-") != 0)
    output = g_strdup(o->output);
  else if (o->output == NULL && spec->terminal != SIM_PLOT_TERMINAL_DUMB)
    output = sim_plot_default_output(scenario, spec->figure, spec->terminal);
  else { /* drawn on standard output; the files go here as SCENARIO-FIGURE-dumb.* */
    g_autofree char *name =
        sim_plot_default_output(scenario, spec->figure, spec->terminal);
    *strrchr(name, '.') = '\0';
    base = g_strconcat(name, "-dumb", NULL);
  }
  spec->output = output;
  spec->base = base;
  g_auto(GStrv) clients = o->clients ? g_strsplit(o->clients, ",", -1) : NULL;
  for (char **c = clients; c != NULL && *c != NULL; c++)
    g_strstrip(*c);
  SimPlotSelect select = {(const char *const *)clients, (guint)o->members};
  g_autoptr(SimPlot) plot = sim_plot_new(scenario, &select);
  for (guint i = 0; i < versions->len; i++) {
    overrides->profile = g_ptr_array_index(versions, i);
    if (!sim_plot_add_run(plot, scenario, overrides, &error))
      return sim_cli_fail(error);
  }
  SimPlotFiles files = {0};
  if (sim_run_interrupt) /* a signal came: write nothing */
    return SIM_CLI_EXIT_INPUT;
  if (!sim_plot_write(plot, spec, &files, &error))
    return sim_cli_fail(error);
  g_autofree char *gnuplot = sim_plot_find_gnuplot(&error);
  g_autofree char *drawing = NULL;
  g_autofree char *log = NULL;
  int code = SIM_CLI_EXIT_OK;
  if (gnuplot == NULL ||
      !sim_plot_render(gnuplot, files.script, spec->output, &drawing, &log, &error)) {
    g_printerr("chatsim: %s\nchatsim: the data and the script are written; 'gnuplot %s' "
               "draws the figure\n",
               error->message, files.script);
    g_error_free(error);
    code = SIM_CLI_EXIT_INPUT;
  } else {
    if (log != NULL && *log != '\0')
      g_printerr("%s", log);
    if (output == NULL)
      fputs(drawing, stdout);
    else if (!o->quiet)
      printf("wrote %s\nscript %s (re-render: gnuplot %s)\n"
             "data %s, %s, %s\n",
             output, files.script, files.script, files.events, files.idle, files.lanes);
  }
  sim_plot_files_clear(&files);
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
       "the image; default SCENARIO-FIGURE.png here (dumb: - = standard output)", "FILE"},
      {"terminal", 'T', 0, G_OPTION_ARG_STRING, &o.terminal,
       "png, svg, pdf or dumb (default: from the output's extension, else png)", "TERM"},
      {"figure", 'F', 0, G_OPTION_ARG_STRING, &o.figure,
       "swimlanes (default for one profile), idle, or compare (default for several)",
       "FIGURE"},
      {"clients", 'c', 0, G_OPTION_ARG_STRING, &o.clients,
       "groups and members to draw (default: every group)", "NAME,..."},
      {"members", 'm', 0, G_OPTION_ARG_INT, &o.members,
       "members drawn of a count group named as a whole (default 3; 0 = all)", "N"},
      {"size", 0, 0, G_OPTION_ARG_STRING, &o.size,
       "image size in pixels (default 1280x720), for dumb in characters (160x50)", "WxH"},
      {"seed", 's', 0, G_OPTION_ARG_STRING, &o.seed,
       "random seed (overrides the scenario's)", "N"},
      {"duration", 'd', 0, G_OPTION_ARG_STRING, &o.duration,
       "how long to run, e.g. 45m (overrides the scenario's)", "D"},
      {"quiet", 'q', 0, G_OPTION_ARG_NONE, &o.quiet, "print nothing but errors", NULL},
      {NULL, 0, 0, 0, NULL, NULL, NULL},
  };
  int code = SIM_CLI_EXIT_OK;
  GError *error = NULL;
  char **versions = NULL;
  SimCliOverrideValues values;
  SimScenarioOverrides overrides;
  SimPlotSpec spec = {0};
  if (!sim_cli_parse_options("plot", "SCENARIO",
                             "Draw a scenario's disconnect timelines with gnuplot.",
                             entries, &argc, &argv, &code)) {
    g_assert(code != SIM_CLI_EXIT_OK); /* the parser has reported it */
    plot_options_clear(&o);
    return code;
  }
  gboolean to_stdout = o.output != NULL && strcmp(o.output, "-") == 0;
  if (argc != 2)
    code = sim_cli_usage_error("plot", argc < 2 ? "no scenario file given"
                                                : "more than one scenario file given");
  else if (o.profile && o.profiles)
    code = sim_cli_usage_error("plot", "--profile and --profiles: give one or the other");
  else if (o.profiles && !sim_cli_parse_profiles("plot", o.profiles, &versions, &code))
    g_assert(code != SIM_CLI_EXIT_OK); /* parse_profiles has reported it */
  else if (!sim_cli_parse_overrides("plot", o.profile, o.seed, o.duration, &values,
                                    &overrides, &code))
    g_assert(code != SIM_CLI_EXIT_OK); /* parse_overrides has reported it */
  else if (o.figure && !sim_plot_figure_from_name(o.figure, &spec.figure, &error))
    code = sim_cli_usage_error("plot", "--figure: %s", error->message);
  else if (o.terminal && !sim_plot_terminal_from_name(o.terminal, &spec.terminal, &error))
    code = sim_cli_usage_error("plot", "--terminal: %s", error->message);
  else if (!o.terminal && o.output && !to_stdout &&
           !sim_plot_terminal_from_path(o.output, &spec.terminal, &error))
    code = sim_cli_usage_error("plot", "--output: %s", error->message);
  else if (to_stdout && o.terminal && spec.terminal != SIM_PLOT_TERMINAL_DUMB)
    code = sim_cli_usage_error("plot",
                               "--output -: only the dumb terminal draws on standard "
                               "output; give a file name");
  else if (o.size && !sim_plot_size_parse(o.size, &spec.width, &spec.height, &error))
    code = sim_cli_usage_error("plot", "--size: %s", error->message);
  else if (o.members < 0)
    code = sim_cli_usage_error("plot", "--members: %d is not 0 or more", o.members);
  else {
    if (to_stdout)
      spec.terminal = SIM_PLOT_TERMINAL_DUMB;
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

/* cli.c: the only module that prints or picks an exit code. */
#include "chatsim/cli.h"

#include "chatsim/check.h"
#include "chatsim/compare.h"
#include "chatsim/duration.h"
#include "chatsim/output.h"
#include "chatsim/plot.h"
#include "chatsim/report.h"
#include "chatsim/run.h"

#include <stdio.h>
#include <string.h>

#ifndef CHATSIM_VERSION
#define CHATSIM_VERSION "0.0.0"
#endif

G_DEFINE_QUARK(chatsim_cli_error, sim_cli_error)

static const char commands_help[] =
    "Commands:\n"
    "  run SCENARIO       run a scenario; print each client's outcome and why\n"
    "  compare SCENARIO   run it under several profiles; a matrix of outcomes\n"
    "  check PATH...      check scenarios' expectations and golden timelines\n"
    "  plot SCENARIO      draw disconnect timelines with gnuplot (PNG, SVG, PDF, text)\n"
    "  profiles           list the Chatsvc.exe version profiles and their parameters\n"
    "\n"
    "Run 'chatsim COMMAND --help' for a command's options.\n";

static int
fail(GError *error)
{
  g_printerr("chatsim: %s\n", error->message);
  g_error_free(error);
  return SIM_CLI_EXIT_INPUT;
}

static int usage_error(const char *command, const char *format, ...) G_GNUC_PRINTF(2, 3);

static int
usage_error(const char *command, const char *format, ...)
{
  va_list args;
  va_start(args, format);
  char *message = g_strdup_vprintf(format, args);
  va_end(args);
  g_printerr("chatsim %s: %s\nTry 'chatsim %s --help'.\n", command, message, command);
  g_free(message);
  return SIM_CLI_EXIT_INPUT;
}

/* Parses options; on --help prints and sets *exit_code to 0. */
static gboolean
parse_options(const char *command, const char *params, const char *summary,
              const GOptionEntry *entries, int *argc, char ***argv, int *exit_code)
{
  g_autoptr(GOptionContext) context = g_option_context_new(params);
  g_option_context_set_summary(context, summary);
  g_option_context_add_main_entries(context, entries, NULL);
  g_option_context_set_help_enabled(context, TRUE);
  GError *error = NULL;
  if (!g_option_context_parse(context, argc, argv, &error)) {
    *exit_code = usage_error(command, "%s", error->message);
    g_error_free(error);
    return FALSE;
  }
  return TRUE;
}

static gboolean
parse_format(const char *command, const char *format, gboolean *tsv, int *exit_code)
{
  if (format == NULL || strcmp(format, "text") == 0)
    *tsv = FALSE;
  else if (strcmp(format, "tsv") == 0)
    *tsv = TRUE;
  else {
    *exit_code = usage_error(
        command, "--format: '%s' is not a format; accepted: text, tsv", format);
    return FALSE;
  }
  return TRUE;
}

/* --profile, --seed and --duration, shared by run, compare and plot:
 * each is checked here and, when given, points `overrides` at its value in
 * `store`. */
typedef struct {
  guint64 seed;
  SimTime duration;
} OverrideValues;

static gboolean
parse_overrides(const char *command, const char *profile, const char *seed,
                const char *duration, OverrideValues *store,
                SimScenarioOverrides *overrides, int *code)
{
  GError *error = NULL;
  *overrides = (SimScenarioOverrides){.profile = profile};
  if (profile && sim_profile_resolve(profile, &error) == NULL) {
    *code = usage_error(command, "--profile: %s", error->message);
  } else if (seed &&
             !g_ascii_string_to_unsigned(seed, 10, 0, G_MAXUINT64, &store->seed, NULL)) {
    *code = usage_error(command,
                        "--seed: '%s' is not a whole number from 0 to %" G_GUINT64_FORMAT,
                        seed, G_MAXUINT64);
  } else if (duration && (!sim_duration_parse(duration, &store->duration, &error) ||
                          store->duration == 0)) {
    *code = usage_error(command, "--duration: %s",
                        error ? error->message : "must be longer than 0");
  } else {
    overrides->seed = seed ? &store->seed : NULL;
    overrides->duration = duration ? &store->duration : NULL;
    return TRUE;
  }
  g_clear_error(&error);
  return FALSE;
}

/* ---- profiles ----------------------------------------------------------- */

static int
cmd_profiles(int argc, char **argv)
{
  char *format = NULL;
  const GOptionEntry entries[] = {
      {"format", 0, 0, G_OPTION_ARG_STRING, &format, "text (default) or tsv", "FORMAT"},
      {NULL},
  };
  int code = 0;
  gboolean tsv = FALSE;
  if (!parse_options("profiles", "", "List the Chatsvc.exe version profiles.", entries,
                     &argc, &argv, &code) ||
      !parse_format("profiles", format, &tsv, &code)) {
    g_free(format);
    return code;
  }
  g_free(format);
  if (argc > 1)
    return usage_error("profiles", "unexpected argument '%s'", argv[1]);
  gsize n = 0;
  const SimProfile *profiles = sim_profile_all(&n);
  const char *const *params = sim_profile_param_names();
  GString *out = g_string_new(NULL);
  const char *fmt = tsv ? "%s\t" : "%-12s ";
  g_string_append_printf(out, fmt, "version");
  g_string_append_printf(out, tsv ? "%s\t%s\t" : "%-5s %-5s ", "alias", "build");
  for (const char *const *p = params; *p; p++)
    g_string_append_printf(out, tsv ? "%s\t" : "%s  ", *p);
  g_string_append(out, "label\n");
  for (gsize i = 0; i < n; i++) {
    const SimProfile *p = &profiles[i];
    g_string_append_printf(out, fmt, p->version);
    g_string_append_printf(out, tsv ? "%s\t%u\t" : "%-5s %-5u ",
                           p->alias ? p->alias : "-", p->build);
    for (const char *const *name = params; *name; name++) {
      char *v = sim_profile_param_format(&p->keepalive, *name);
      if (tsv)
        g_string_append_printf(out, "%s\t", v);
      else
        g_string_append_printf(out, "%-*s  ", (int)strlen(*name), v);
      g_free(v);
    }
    g_string_append_printf(out, "%s\n", p->label);
  }
  fputs(out->str, stdout);
  g_string_free(out, TRUE);
  return SIM_CLI_EXIT_OK;
}

/* ---- run ---------------------------------------------------------------- */

typedef struct {
  char *profile;
  char *seed;
  char *duration;
  char *timeline;
  char *summary;
  char *format;
  char *trace;
  gboolean quiet;
  gboolean stats;
} RunOptions;

static void
run_options_clear(RunOptions *o)
{
  g_free(o->profile);
  g_free(o->seed);
  g_free(o->duration);
  g_free(o->timeline);
  g_free(o->summary);
  g_free(o->format);
  g_free(o->trace);
}

static gint64
peak_rss_kib(void)
{
  char *status = NULL;
  gint64 kib = -1;
  if (g_file_get_contents("/proc/self/status", &status, NULL, NULL)) {
    const char *p = strstr(status, "VmHWM:");
    if (p != NULL)
      kib = g_ascii_strtoll(p + 6, NULL, 10);
  }
  g_free(status);
  return kib;
}

static void
append_rate(GString *out, double per_s)
{
  if (per_s >= 1e6)
    g_string_append_printf(out, "%.2fM", per_s / 1e6);
  else if (per_s >= 1e3)
    g_string_append_printf(out, "%.1fk", per_s / 1e3);
  else
    g_string_append_printf(out, "%.0f", per_s);
}

static void
append_stats(GString *out, const SimModel *model, gint64 wall_us, const char *sha)
{
  SimStats stats;
  sim_model_stats(model, &stats);
  double wall_s = (double)MAX(wall_us, 1) / 1e6;
  char *sim = sim_duration_format_s(stats.end, 3);
  g_string_append_printf(
      out,
      "run: %u clients, %" G_GUINT64_FORMAT " events, %" G_GUINT64_FORMAT
      " messages, %s s simulated in %.3f s wall (",
      sim_model_n_clients(model), stats.events, stats.messages, sim, wall_s);
  append_rate(out, (double)stats.events / wall_s);
  g_string_append(out, " events/s, ");
  append_rate(out, (double)stats.messages / wall_s);
  g_string_append_printf(out, " messages/s), peak RSS %.1f MiB\n",
                         (double)peak_rss_kib() / 1024.0);
  g_string_append_printf(out, "timeline sha256: %s\n", sha);
  g_free(sim);
}

/* Opens `path` unless NULL; FALSE (with the error printed) on failure. */
static gboolean
open_output(const char *path, SimOutput **out, int *code)
{
  GError *error = NULL;
  *out = NULL;
  if (path == NULL)
    return TRUE;
  *out = sim_output_open(path, &error);
  if (*out == NULL)
    *code = fail(error);
  return *out != NULL;
}

/* The run itself, once the options are known to be well-formed. Both
 * outputs are opened first, so an unwritable path fails before anything
 * is written. */
static int
run_scenario(const RunOptions *o, const char *path, const SimScenarioOverrides *overrides,
             gboolean tsv)
{
  GError *error = NULL;
  g_autoptr(SimScenario) scenario = sim_scenario_load(path, &error);
  if (scenario == NULL)
    return fail(error);
  int code = SIM_CLI_EXIT_OK;
  SimOutput *timeline_out = NULL, *summary_out = NULL;
  if (!open_output(o->timeline, &timeline_out, &code) ||
      !open_output(o->summary, &summary_out, &code)) {
    sim_output_abort(timeline_out);
    return code;
  }
  SimRunOptions options = {.trace = o->trace, .timeline = timeline_out};
  g_autoptr(SimRun) run = sim_run_scenario(scenario, overrides, &options, &error);
  if (run == NULL) {
    sim_output_abort(timeline_out);
    sim_output_abort(summary_out);
    if (g_error_matches(error, SIM_RUN_ERROR, SIM_RUN_ERROR_TRACE)) {
      code = usage_error("run", "--trace: %s", error->message);
      g_error_free(error);
      return code;
    }
    return fail(error);
  }
  gboolean to_stdout = (o->timeline && strcmp(o->timeline, "-") == 0) ||
                       (o->summary && strcmp(o->summary, "-") == 0);
  gboolean print = !o->quiet && !to_stdout;
  /* Rows are streamed a line at a time, and only for someone to read. */
  if (summary_out != NULL) {
    sim_output_write(summary_out, SIM_REPORT_SUMMARY_HEADER,
                     sizeof SIM_REPORT_SUMMARY_HEADER - 1);
    sim_report_summary_write(run->model, summary_out);
  }
  gboolean ok = timeline_out == NULL || sim_output_commit(timeline_out, NULL, &error);
  if (!ok)
    sim_output_abort(summary_out);
  else if (summary_out != NULL)
    ok = sim_output_commit(summary_out, NULL, &error);
  if (!ok)
    return fail(error);

  if (!print)
    return SIM_CLI_EXIT_OK;
  g_autoptr(GString) text = g_string_new(NULL);
  if (o->stats) {
    /* Only the run line and the fingerprint, for benchmarks. */
  } else if (tsv) {
    SimOutput *out = sim_output_open("-", NULL);
    sim_output_write(out, SIM_REPORT_SUMMARY_HEADER,
                     sizeof SIM_REPORT_SUMMARY_HEADER - 1);
    sim_report_summary_write(run->model, out);
    if (!sim_output_commit(out, NULL, &error))
      return fail(error);
  } else {
    const SimProfile *p = run->config->profile;
    g_autofree char *end = sim_duration_format_unit(run->config->duration);
    g_string_append_printf(text,
                           "%s (%s): %s under %s (%s), seed %" G_GUINT64_FORMAT "\n",
                           sim_scenario_name(scenario), sim_scenario_path(scenario), end,
                           p->version, p->label, run->config->seed);
    sim_report_summary_text(run->model, text);
  }
  append_stats(text, run->model, run->wall_us, run->sha256);
  /* In tsv mode standard output is the table alone. */
  fputs(text->str, tsv ? stderr : stdout);
  return SIM_CLI_EXIT_OK;
}

static int
cmd_run(int argc, char **argv)
{
  RunOptions o = {0};
  const GOptionEntry entries[] = {
      {"profile", 'p', 0, G_OPTION_ARG_STRING, &o.profile,
       "Chatsvc.exe version or alias (overrides the scenario's)", "VERSION"},
      {"seed", 's', 0, G_OPTION_ARG_STRING, &o.seed,
       "random seed (overrides the scenario's)", "N"},
      {"duration", 'd', 0, G_OPTION_ARG_STRING, &o.duration,
       "how long to run, e.g. 45m (overrides the scenario's)", "D"},
      {"timeline", 't', 0, G_OPTION_ARG_STRING, &o.timeline,
       "write the timeline TSV (- = stdout)", "FILE"},
      {"summary", 'S', 0, G_OPTION_ARG_STRING, &o.summary,
       "write the summary TSV (- = stdout)", "FILE"},
      {"format", 'f', 0, G_OPTION_ARG_STRING, &o.format,
       "standard output as text (default) or the summary as tsv", "FORMAT"},
      {"trace", 0, 0, G_OPTION_ARG_STRING, &o.trace,
       "clients in the timeline: all (default), none, or NAME,...", "WHO"},
      {"quiet", 'q', 0, G_OPTION_ARG_NONE, &o.quiet, "print nothing but errors", NULL},
      {"stats", 0, 0, G_OPTION_ARG_NONE, &o.stats,
       "print only the run statistics and the fingerprint", NULL},
      {NULL},
  };
  int code = SIM_CLI_EXIT_OK;
  gboolean tsv = FALSE;
  OverrideValues values;
  SimScenarioOverrides overrides;
  gboolean parsed = parse_options("run", "SCENARIO", "Run a scenario file.", entries,
                                  &argc, &argv, &code) &&
                    parse_format("run", o.format, &tsv, &code);
  if (!parsed)
    g_assert(code != SIM_CLI_EXIT_OK); /* the parser has reported it */
  else if (argc != 2)
    code = usage_error("run", argc < 2 ? "no scenario file given"
                                       : "more than one scenario file given");
  else if (o.timeline && o.summary && strcmp(o.timeline, o.summary) == 0)
    code = usage_error("run",
                       strcmp(o.timeline, "-") == 0
                           ? "--timeline and --summary cannot both go to standard output"
                           : "--timeline and --summary name the same file");
  else if (!parse_overrides("run", o.profile, o.seed, o.duration, &values, &overrides,
                            &code))
    g_assert(code != SIM_CLI_EXIT_OK); /* parse_overrides has reported it */
  else
    code = run_scenario(&o, argv[1], &overrides, tsv);
  run_options_clear(&o);
  return code;
}

/* ---- compare ------------------------------------------------------------ */

/* "all" (or NULL) -> NULL; else the versions, each checked. */
static gboolean
parse_profiles(const char *command, const char *list, char ***out, int *code)
{
  *out = NULL;
  if (list == NULL || strcmp(list, "all") == 0)
    return TRUE;
  char **items = g_strsplit(list, ",", -1);
  for (char **it = items; *it || it == items; it++) {
    GError *error = NULL;
    if (*it == NULL || *g_strstrip(*it) == '\0') {
      *code = usage_error(command,
                          "--profiles: '%s' names no version; accepted: all, or versions "
                          "separated by commas, e.g. sp2,5.5.2577.0",
                          list);
      g_strfreev(items);
      return FALSE;
    }
    if (sim_profile_resolve(*it, &error) == NULL) {
      *code = usage_error(command, "--profiles: %s", error->message);
      g_error_free(error);
      g_strfreev(items);
      return FALSE;
    }
  }
  *out = items;
  return TRUE;
}

static int
cmd_compare(int argc, char **argv)
{
  char *profiles = NULL, *format = NULL, *seed_text = NULL;
  gboolean all_rows = FALSE;
  const GOptionEntry entries[] = {
      {"profiles", 'P', 0, G_OPTION_ARG_STRING, &profiles,
       "all (default, in build order) or VERSION,VERSION,...", "LIST"},
      {"format", 'f', 0, G_OPTION_ARG_STRING, &format,
       "text (a matrix, default) or tsv (a summary row per profile and client)",
       "FORMAT"},
      {"seed", 's', 0, G_OPTION_ARG_STRING, &seed_text,
       "random seed (overrides the scenario's)", "N"},
      {"all-rows", 'a', 0, G_OPTION_ARG_NONE, &all_rows,
       "list clients whose outcome is the same everywhere, too", NULL},
      {NULL},
  };
  int code = SIM_CLI_EXIT_OK;
  gboolean tsv = FALSE;
  OverrideValues values;
  SimScenarioOverrides overrides;
  char **versions = NULL;
  gboolean parsed =
      parse_options("compare", "SCENARIO",
                    "Run a scenario under several profiles, client by client.", entries,
                    &argc, &argv, &code) &&
      parse_format("compare", format, &tsv, &code) &&
      parse_profiles("compare", profiles, &versions, &code);
  if (!parsed)
    g_assert(code != SIM_CLI_EXIT_OK); /* the parser has reported it */
  else if (argc != 2)
    code = usage_error("compare", argc < 2 ? "no scenario file given"
                                           : "more than one scenario file given");
  else if (!parse_overrides("compare", NULL, seed_text, NULL, &values, &overrides, &code))
    g_assert(code != SIM_CLI_EXIT_OK); /* parse_overrides has reported it */
  else {
    GError *error = NULL;
    g_autoptr(SimScenario) scenario = sim_scenario_load(argv[1], &error);
    g_autoptr(SimCompare) cmp =
        scenario ? sim_compare_run(scenario, (const char *const *)versions,
                                   overrides.seed, &error)
                 : NULL;
    if (cmp == NULL)
      code = fail(error);
    else {
      g_autoptr(GString) out = g_string_new(NULL);
      if (tsv)
        sim_compare_tsv(cmp, out);
      else {
        const SimModelConfig *config =
            ((SimRun *)g_ptr_array_index(cmp->runs, 0))->config;
        g_autofree char *end = sim_duration_format_unit(config->duration);
        g_string_append_printf(out, "%s (%s): %s, seed %" G_GUINT64_FORMAT "\n",
                               sim_scenario_name(scenario), sim_scenario_path(scenario),
                               end, config->seed);
        sim_compare_text(cmp, all_rows, out);
      }
      fputs(out->str, stdout);
    }
  }
  g_strfreev(versions);
  g_free(profiles);
  g_free(format);
  g_free(seed_text);
  return code;
}

/* ---- check -------------------------------------------------------------- */

static int
cmd_check(int argc, char **argv)
{
  SimCheckOptions options = {0};
  int threads = 0;
  const GOptionEntry entries[] = {
      {"twice", 0, 0, G_OPTION_ARG_NONE, &options.twice,
       "run each scenario twice and fail on any fingerprint difference", NULL},
      {"update-golden", 0, 0, G_OPTION_ARG_NONE, &options.update_golden,
       "rewrite the golden timelines and say which changed", NULL},
      {"jobs", 'j', 0, G_OPTION_ARG_INT, &threads, "threads (default: one per processor)",
       "N"},
      {NULL},
  };
  int code = SIM_CLI_EXIT_OK;
  if (!parse_options("check", "PATH...",
                     "Check the expectations and golden timelines of scenario files "
                     "(directories are searched for *.ini).",
                     entries, &argc, &argv, &code))
    return code;
  if (argc < 2)
    return usage_error("check", "no scenario file or directory given");
  if (threads < 0)
    return usage_error("check", "--jobs: %d is not 0 or more", threads);
  options.threads = (guint)threads;
  GError *error = NULL;
  g_autoptr(SimCheckReport) report =
      sim_check_paths((const char *const *)argv + 1, &options, &error);
  if (report == NULL)
    return fail(error);
  for (guint i = 0; i < report->items->len; i++) {
    const SimCheckItem *item = g_ptr_array_index(report->items, i);
    if (!item->passed)
      printf("FAIL %s\n", item->message);
  }
  for (guint i = 0; i < report->skipped->len; i++)
    printf("skipped %s: no expectations\n",
           (char *)g_ptr_array_index(report->skipped, i));
  if (options.update_golden) {
    for (guint i = 0; i < report->updated->len; i++)
      printf("updated %s\n", (char *)g_ptr_array_index(report->updated, i));
    printf("%u golden timeline%s updated, %u unchanged\n", report->updated->len,
           report->updated->len == 1 ? "" : "s", report->unchanged->len);
  }
  printf("%u passed, %u failed\n", report->passed, report->failed);
  return report->failed > 0 ? SIM_CLI_EXIT_CHECK : SIM_CLI_EXIT_OK;
}

/* ---- plot --------------------------------------------------------------- */

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
    return fail(error);
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
      return fail(error);
  }
  SimPlotFiles files = {0};
  if (!sim_plot_write(plot, spec, &files, &error))
    return fail(error);
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

static int
cmd_plot(int argc, char **argv)
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
      {NULL},
  };
  int code = SIM_CLI_EXIT_OK;
  GError *error = NULL;
  char **versions = NULL;
  OverrideValues values;
  SimScenarioOverrides overrides;
  SimPlotSpec spec = {0};
  if (!parse_options("plot", "SCENARIO",
                     "Draw a scenario's disconnect timelines with gnuplot.", entries,
                     &argc, &argv, &code)) {
    g_assert(code != SIM_CLI_EXIT_OK); /* the parser has reported it */
    plot_options_clear(&o);
    return code;
  }
  gboolean to_stdout = o.output != NULL && strcmp(o.output, "-") == 0;
  if (argc != 2)
    code = usage_error("plot", argc < 2 ? "no scenario file given"
                                        : "more than one scenario file given");
  else if (o.profile && o.profiles)
    code = usage_error("plot", "--profile and --profiles: give one or the other");
  else if (o.profiles && !parse_profiles("plot", o.profiles, &versions, &code))
    g_assert(code != SIM_CLI_EXIT_OK); /* parse_profiles has reported it */
  else if (!parse_overrides("plot", o.profile, o.seed, o.duration, &values, &overrides,
                            &code))
    g_assert(code != SIM_CLI_EXIT_OK); /* parse_overrides has reported it */
  else if (o.figure && !sim_plot_figure_from_name(o.figure, &spec.figure, &error))
    code = usage_error("plot", "--figure: %s", error->message);
  else if (o.terminal && !sim_plot_terminal_from_name(o.terminal, &spec.terminal, &error))
    code = usage_error("plot", "--terminal: %s", error->message);
  else if (!o.terminal && o.output && !to_stdout &&
           !sim_plot_terminal_from_path(o.output, &spec.terminal, &error))
    code = usage_error("plot", "--output: %s", error->message);
  else if (to_stdout && o.terminal && spec.terminal != SIM_PLOT_TERMINAL_DUMB)
    code = usage_error("plot", "--output -: only the dumb terminal draws on standard "
                               "output; give a file name");
  else if (o.size && !sim_plot_size_parse(o.size, &spec.width, &spec.height, &error))
    code = usage_error("plot", "--size: %s", error->message);
  else if (o.members < 0)
    code = usage_error("plot", "--members: %d is not 0 or more", o.members);
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

/* ---- main --------------------------------------------------------------- */

int
sim_cli_main(int argc, char **argv)
{
  if (argc < 2) {
    g_printerr("Usage: chatsim COMMAND [OPTION...]\n\n%s", commands_help);
    return SIM_CLI_EXIT_INPUT;
  }
  const char *command = argv[1];
  if (strcmp(command, "--help") == 0 || strcmp(command, "-h") == 0 ||
      strcmp(command, "help") == 0) {
    printf("Usage: chatsim COMMAND [OPTION...]\n\n"
           "A deterministic simulator of the Exchange 5.5 Chat Service keepalive "
           "(KB233512).\n\n"
           "%s",
           commands_help);
    return SIM_CLI_EXIT_OK;
  }
  if (strcmp(command, "--version") == 0 || strcmp(command, "-V") == 0) {
    printf("chatsim %s\n", CHATSIM_VERSION);
    return SIM_CLI_EXIT_OK;
  }
  /* The command takes argv[0]'s place so GOptionContext sees its own. */
  char *prog = g_strdup_printf("chatsim %s", command);
  g_set_prgname(prog);
  char **args = g_new0(char *, argc);
  args[0] = prog;
  for (int i = 2; i < argc; i++)
    args[i - 1] = argv[i];
  int n = argc - 1;
  char **view = args;
  int code;
  if (strcmp(command, "run") == 0)
    code = cmd_run(n, view);
  else if (strcmp(command, "compare") == 0)
    code = cmd_compare(n, view);
  else if (strcmp(command, "check") == 0)
    code = cmd_check(n, view);
  else if (strcmp(command, "profiles") == 0)
    code = cmd_profiles(n, view);
  else if (strcmp(command, "plot") == 0)
    code = cmd_plot(n, view);
  else {
    g_printerr("chatsim: unknown command '%s'\n\n%s", command, commands_help);
    code = SIM_CLI_EXIT_INPUT;
  }
  g_free(args);
  g_free(prog);
  return code;
}

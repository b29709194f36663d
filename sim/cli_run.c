/* cli_run.c: the `chatsim run` command. */
#include "chatsim/cli.h"

#include "chatsim/duration.h"
#include "chatsim/report.h"
#include "chatsim/run.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

typedef struct {
  char *profile;
  char *seed;
  char *duration;
  char *timeline;
  char *summary;
  char *format;
  char *trace;
  char **sets; /* --set */
  gboolean quiet;
  gboolean stats;
  gboolean all_rows;
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
  g_strfreev(o->sets);
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
  g_string_append_printf(out, "fingerprint sha256: %s\n", sha);
  g_free(sim);
}

/* The run itself, once the options are known to be well-formed. Both
 * outputs are opened first, so an unwritable path fails before anything
 * is written. */
static int
run_scenario(const RunOptions *o, const char *path, const SimScenarioOverrides *overrides,
             gboolean tsv)
{
  GError *error = NULL;
  int code = SIM_CLI_EXIT_OK;
  /* Standard input ("-") is read whole before anything is written. */
  const SimOutputName inputs[] = {{"the scenario", strcmp(path, "-") ? path : NULL},
                                  {NULL, NULL}};
  SimOutputName outputs[3] = {{NULL, NULL}, {NULL, NULL}, {NULL, NULL}};
  guint n = 0;
  if (o->timeline != NULL)
    outputs[n++] = (SimOutputName){"--timeline", o->timeline};
  if (o->summary != NULL)
    outputs[n++] = (SimOutputName){"--summary", o->summary};
  if (!sim_cli_check_outputs("run", inputs, outputs, &code))
    return code;
  g_autoptr(SimScenario) scenario =
      sim_cli_load_scenario(path, (const char *const *)o->sets, &error);
  if (scenario == NULL)
    return sim_cli_fail(error);
  SimOutput *timeline_out = NULL, *summary_out = NULL;
  if (!sim_cli_open_output(o->timeline, &timeline_out, &code) ||
      !sim_cli_open_output(o->summary, &summary_out, &code)) {
    sim_output_abort(timeline_out);
    return code;
  }
  gboolean shown = FALSE;
  SimRunOptions options = {.trace = o->trace, .timeline = timeline_out};
  if (!o->quiet && isatty(STDERR_FILENO)) {
    options.progress = sim_cli_progress;
    options.progress_data = &shown;
  }
  g_autoptr(SimRun) run = sim_run_scenario(scenario, overrides, &options, &error);
  sim_cli_progress_end(shown);
  if (run == NULL || sim_run_interrupt) {
    sim_output_abort(timeline_out);
    sim_output_abort(summary_out);
    if (g_error_matches(error, SIM_RUN_ERROR, SIM_RUN_ERROR_TRACE)) {
      code = sim_cli_usage_error("run", "--trace: %s", error->message);
      g_error_free(error);
      return code;
    }
    return error ? sim_cli_fail(error) : SIM_CLI_EXIT_INPUT;
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
  /* A signal while the summary was written: replace nothing. */
  if (sim_run_interrupt) {
    sim_output_abort(timeline_out);
    sim_output_abort(summary_out);
    return SIM_CLI_EXIT_INPUT;
  }
  gboolean ok = timeline_out == NULL || sim_output_commit(timeline_out, NULL, &error);
  if (!ok)
    sim_output_abort(summary_out);
  else if (summary_out != NULL)
    ok = sim_output_commit(summary_out, NULL, &error);
  if (!ok)
    return sim_cli_fail(error);

  if (!print)
    return SIM_CLI_EXIT_OK;
  if (!o->stats) {
    /* Streamed a line at a time: a million clients make no big string. */
    SimOutput *out = sim_output_open("-", NULL);
    sim_output_skip_fingerprint(out);
    if (tsv) {
      sim_output_write(out, SIM_REPORT_SUMMARY_HEADER,
                       sizeof SIM_REPORT_SUMMARY_HEADER - 1);
      sim_report_summary_write(run->model, out);
    } else {
      const SimProfile *p = run->config->profile;
      g_autofree char *end = sim_duration_format_unit(run->config->duration);
      g_autofree char *title =
          g_strdup_printf("%s (%s): %s under %s (%s), seed %" G_GUINT64_FORMAT "\n",
                          sim_scenario_name(scenario), sim_scenario_path(scenario), end,
                          p->version, p->label, run->config->seed);
      sim_output_write(out, title, strlen(title));
      sim_report_summary_text(run->model, o->all_rows, out);
    }
    if (!sim_output_commit(out, NULL, &error))
      return sim_cli_fail(error);
  }
  g_autoptr(GString) text = g_string_new(NULL);
  append_stats(text, run->model, run->wall_us, run->sha256);
  /* In tsv mode standard output is the table alone. */
  fputs(text->str, tsv ? stderr : stdout);
  return SIM_CLI_EXIT_OK;
}

int
sim_cli_run_main(int argc, char **argv)
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
      SIM_CLI_SET_ENTRY(&o.sets),
      {"stats", 0, 0, G_OPTION_ARG_NONE, &o.stats,
       "print only the run statistics and the fingerprint", NULL},
      {"all-rows", 'a', 0, G_OPTION_ARG_NONE, &o.all_rows,
       "a row per client: no folding of a count group's members", NULL},
      {NULL, 0, 0, 0, NULL, NULL, NULL},
  };
  int code = SIM_CLI_EXIT_OK;
  gboolean tsv = FALSE;
  SimCliOverrideValues values;
  SimScenarioOverrides overrides;
  gboolean parsed = sim_cli_parse_options("run", "SCENARIO",
                                          "Run a scenario file (- reads standard input).",
                                          entries, &argc, &argv, &code) &&
                    sim_cli_parse_format("run", o.format, &tsv, &code);
  if (!parsed)
    g_assert(code != SIM_CLI_EXIT_OK); /* the parser has reported it */
  else if (argc != 2)
    code = sim_cli_usage_error("run", argc < 2 ? "no scenario file given"
                                               : "more than one scenario file given");
  else if (o.timeline && o.summary && strcmp(o.timeline, o.summary) == 0)
    code = sim_cli_usage_error(
        "run", strcmp(o.timeline, "-") == 0
                   ? "--timeline and --summary cannot both go to standard output"
                   : "--timeline and --summary name the same file");
  else if (!sim_cli_parse_overrides("run", o.profile, o.seed, o.duration, &values,
                                    &overrides, &code))
    g_assert(code != SIM_CLI_EXIT_OK); /* parse_overrides has reported it */
  else
    code = run_scenario(&o, argv[1], &overrides, tsv);
  run_options_clear(&o);
  return code;
}

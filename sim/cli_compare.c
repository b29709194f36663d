/* cli_compare.c: the `chatsim compare` command. */
#include "chatsim/cli.h"

#include "chatsim/compare.h"
#include "chatsim/duration.h"

#include <stdio.h>
#include <string.h>

/* The matrix (or the TSV) to standard output, a line at a time. */
static int
print_compare(const SimScenario *scenario, const SimCompare *cmp, gboolean tsv,
              gboolean all_rows)
{
  SimOutput *out = sim_output_open("-", NULL);
  sim_output_skip_fingerprint(out);
  if (tsv)
    sim_compare_tsv(cmp, out);
  else {
    const SimModelConfig *config = ((SimRun *)g_ptr_array_index(cmp->runs, 0))->config;
    g_autofree char *end = sim_duration_format_unit(config->duration);
    g_autofree char *title = g_strdup_printf(
        "%s (%s): %s, seed %" G_GUINT64_FORMAT "\n", sim_scenario_name(scenario),
        sim_scenario_path(scenario), end, config->seed);
    sim_output_write(out, title, strlen(title));
    sim_compare_text(cmp, all_rows, out);
  }
  GError *error = NULL;
  return sim_output_commit(out, NULL, &error) ? SIM_CLI_EXIT_OK : sim_cli_fail(error);
}

int
sim_cli_compare_main(int argc, char **argv)
{
  char *profiles = NULL, *format = NULL, *seed_text = NULL, *duration = NULL;
  gboolean all_rows = FALSE, quiet = FALSE;
  int jobs = 0;
  char **sets = NULL;
  const GOptionEntry entries[] = {
      {"profiles", 'P', 0, G_OPTION_ARG_STRING, &profiles,
       "all (default, in build order) or VERSION,VERSION,...", "LIST"},
      {"format", 'f', 0, G_OPTION_ARG_STRING, &format,
       "text (a matrix, default) or tsv (a summary row per profile and client)",
       "FORMAT"},
      {"seed", 's', 0, G_OPTION_ARG_STRING, &seed_text,
       "random seed (overrides the scenario's)", "N"},
      {"duration", 'd', 0, G_OPTION_ARG_STRING, &duration,
       "how long to run, e.g. 45m (overrides the scenario's)", "D"},
      {"jobs", 'j', 0, G_OPTION_ARG_INT, &jobs,
       "profiles run at once, each with a model in memory (default: one per processor)",
       "N"},
      {"all-rows", 'a', 0, G_OPTION_ARG_NONE, &all_rows,
       "a row per client: no folding of clients with the same result", NULL},
      {"quiet", 'q', 0, G_OPTION_ARG_NONE, &quiet,
       "print nothing but errors (the exit code says whether it ran)", NULL},
      SIM_CLI_SET_ENTRY(&sets),
      {NULL, 0, 0, 0, NULL, NULL, NULL},
  };
  int code = SIM_CLI_EXIT_OK;
  gboolean tsv = FALSE;
  SimCliOverrideValues values;
  SimScenarioOverrides overrides;
  char **versions = NULL;
  gboolean parsed =
      sim_cli_parse_options("compare", "SCENARIO",
                            "Run a scenario under several profiles, client by client "
                            "(- reads standard input).",
                            entries, &argc, &argv, &code) &&
      sim_cli_parse_format("compare", format, &tsv, &code) &&
      sim_cli_parse_profiles("compare", profiles, &versions, &code);
  if (!parsed)
    g_assert(code != SIM_CLI_EXIT_OK); /* the parser has reported it */
  else if (argc != 2)
    code = sim_cli_usage_error("compare", argc < 2 ? "no scenario file given"
                                                   : "more than one scenario file given");
  else if (jobs < 0)
    code = sim_cli_usage_error("compare", "--jobs: %d is not 0 or more", jobs);
  else if (!sim_cli_parse_overrides("compare", NULL, seed_text, duration, &values,
                                    &overrides, &code))
    g_assert(code != SIM_CLI_EXIT_OK); /* parse_overrides has reported it */
  else {
    GError *error = NULL;
    g_autoptr(SimScenario) scenario =
        sim_cli_load_scenario(argv[1], (const char *const *)sets, &error);
    g_autoptr(SimCompare) cmp =
        scenario ? sim_compare_run(scenario, (const char *const *)versions, &overrides,
                                   (guint)jobs, &error)
                 : NULL;
    if (cmp == NULL)
      code = sim_cli_fail(error);
    else if (!quiet)
      code = print_compare(scenario, cmp, tsv, all_rows);
  }
  g_strfreev(versions);
  g_strfreev(sets);
  g_free(profiles);
  g_free(format);
  g_free(seed_text);
  g_free(duration);
  return code;
}

/* cli_check.c: the `chatsim check` command. */
#include "chatsim/cli.h"

#include "chatsim/check.h"

#include <stdio.h>

static int
print_report(const SimCheckReport *report, const SimCheckOptions *options)
{
  for (guint i = 0; i < report->items->len; i++) {
    const SimCheckItem *item = g_ptr_array_index(report->items, i);
    if (!item->passed)
      printf("FAIL %s\n", item->message);
  }
  for (guint i = 0; i < report->skipped->len; i++)
    printf("skipped %s: no expectations\n",
           (char *)g_ptr_array_index(report->skipped, i));
  if (options->update_golden) {
    for (guint i = 0; i < report->updated->len; i++)
      printf("updated %s\n", (char *)g_ptr_array_index(report->updated, i));
    printf("%u golden timeline%s updated, %u unchanged\n", report->updated->len,
           report->updated->len == 1 ? "" : "s", report->unchanged->len);
  }
  /* Said on standard output too, so the closing line is never alone in
   * telling what happened. */
  if (report->errors->len > 0)
    printf("%u path%s could not be checked (errors above)\n", report->errors->len,
           report->errors->len == 1 ? "" : "s");
  printf("%u passed, %u failed\n", report->passed, report->failed);
  fflush(stdout);
  for (guint i = 0; i < report->errors->len; i++)
    sim_cli_print_error(g_ptr_array_index(report->errors, i));
  if (report->errors->len > 0)
    return SIM_CLI_EXIT_INPUT;
  return report->failed > 0 ? SIM_CLI_EXIT_CHECK : SIM_CLI_EXIT_OK;
}

int
sim_cli_check_main(int argc, char **argv)
{
  SimCheckOptions options = {0};
  int threads = 0;
  char *profiles = NULL, *seed = NULL;
  const GOptionEntry entries[] = {
      {"twice", 0, 0, G_OPTION_ARG_NONE, &options.twice,
       "run each scenario twice and fail on any fingerprint difference", NULL},
      {"update-golden", 0, 0, G_OPTION_ARG_NONE, &options.update_golden,
       "rewrite the golden timelines and say which changed", NULL},
      {"jobs", 'j', 0, G_OPTION_ARG_INT, &threads, "threads (default: one per processor)",
       "N"},
      {"profiles", 'P', 0, G_OPTION_ARG_STRING, &profiles,
       "check under these versions (or all) instead of each file's check_profiles",
       "LIST"},
      {"seed", 's', 0, G_OPTION_ARG_STRING, &seed,
       "random seed instead of each file's (golden timelines are then not compared)",
       "N"},
      {NULL, 0, 0, 0, NULL, NULL, NULL},
  };
  int code = SIM_CLI_EXIT_OK;
  char **versions = NULL;
  SimCliOverrideValues values;
  SimScenarioOverrides overrides;
  if (!sim_cli_parse_options(
          "check", "PATH...",
          "Check the expectations and golden timelines of scenario files "
          "(directories are searched for *.ini).",
          entries, &argc, &argv, &code))
    g_assert(code != SIM_CLI_EXIT_OK); /* the parser has reported it */
  else if (argc < 2)
    code = sim_cli_usage_error("check", "no scenario file or directory given");
  else if (threads < 0)
    code = sim_cli_usage_error("check", "--jobs: %d is not 0 or more", threads);
  else if (seed != NULL && options.update_golden)
    code = sim_cli_usage_error("check", "--update-golden writes golden timelines with "
                                        "each file's own seed: drop --seed");
  else if (sim_cli_parse_profiles("check", profiles, &versions, &code) &&
           sim_cli_parse_overrides("check", NULL, seed, NULL, &values, &overrides,
                                   &code)) {
    if (profiles != NULL && versions == NULL) {
      /* "all": every built-in profile, in build order. */
      gsize n;
      const SimProfile *all = sim_profile_all(&n);
      versions = g_new0(char *, n + 1);
      for (gsize i = 0; i < n; i++)
        versions[i] = g_strdup(all[i].version);
    }
    options.threads = (guint)threads;
    options.profiles = (const char *const *)versions;
    options.seed = overrides.seed;
    g_autoptr(SimCheckReport) report =
        sim_check_paths((const char *const *)argv + 1, &options);
    code = print_report(report, &options);
  }
  g_strfreev(versions);
  g_free(profiles);
  g_free(seed);
  return code;
}

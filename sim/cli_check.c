/* cli_check.c: the `chatsim check` command. */
#include "chatsim/cli.h"

#include "chatsim/check.h"

#include <stdio.h>

int
sim_cli_check_main(int argc, char **argv)
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
      {NULL, 0, 0, 0, NULL, NULL, NULL},
  };
  int code = SIM_CLI_EXIT_OK;
  if (!sim_cli_parse_options(
          "check", "PATH...",
          "Check the expectations and golden timelines of scenario files "
          "(directories are searched for *.ini).",
          entries, &argc, &argv, &code))
    return code;
  if (argc < 2)
    return sim_cli_usage_error("check", "no scenario file or directory given");
  if (threads < 0)
    return sim_cli_usage_error("check", "--jobs: %d is not 0 or more", threads);
  options.threads = (guint)threads;
  GError *error = NULL;
  g_autoptr(SimCheckReport) report =
      sim_check_paths((const char *const *)argv + 1, &options, &error);
  if (report == NULL)
    return sim_cli_fail(error);
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

/* fuzz_scenario.c: libFuzzer over what chatsim does with an untrusted
 * scenario file: load, configure, a short bounded run (every client
 * traced), the summary and the why text. Any input must end in a result
 * or a clear error: a crash, a hang, a leak or undefined behaviour is a bug.
 * Built by tools/fuzz (clang -fsanitize=fuzzer,address,undefined). */
#include "chatsim/report.h"
#include "chatsim/run.h"

#include <stdint.h>
#include <string.h>

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Small enough that one input runs in a millisecond or so: work and
 * simulated time are both cut short. */
#define FUZZ_MAX_EVENTS 20000
#define FUZZ_MAX_DURATION (10 * 60 * G_USEC_PER_SEC)

/* A scenario is refused past 64 MiB by its own size check (footprint.c),
 * so no input can set up millions of clients or channels: that would
 * take seconds under ASan on a busy machine (a timeout, not a bug) or
 * pass -rss_limit_mb, and the refusal path gets fuzzed too. */
int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
  (void)argc;
  (void)argv;
  g_setenv("CHATSIM_MEMORY_AVAILABLE", "67108864", TRUE);
  return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  GError *error = NULL;
  SimScenario *scenario =
      sim_scenario_load_data("fuzz.ini", (const char *)data, size, &error);
  if (scenario == NULL) {
    /* Every refusal says where: "FILE:LINE: " or "FILE: ". */
    if (error == NULL || !g_str_has_prefix(error->message, "fuzz.ini"))
      __builtin_trap();
    g_error_free(error);
    return 0;
  }
  SimModelConfig *config = sim_scenario_configure(scenario, NULL, &error);
  SimTime duration = config ? MIN(config->duration, FUZZ_MAX_DURATION) : 0;
  sim_model_config_free(config);
  g_clear_error(&error);
  SimScenarioOverrides shorter = {.duration = &duration};
  SimRunOptions options = {.keep_timeline = TRUE, .max_events = FUZZ_MAX_EVENTS};
  SimRun *run =
      sim_run_scenario(scenario, duration > 0 ? &shorter : NULL, &options, &error);
  if (run == NULL) {
    if (error == NULL || error->message[0] == '\0')
      __builtin_trap();
    g_error_free(error);
  } else {
    GString *text = g_string_new(SIM_REPORT_SUMMARY_HEADER);
    sim_report_summary_tsv(run->model, text);
    /* The text summary, folded and not: written nowhere, only formatted. */
    SimOutput *nowhere = sim_output_open(NULL, NULL);
    sim_report_summary_text(run->model, FALSE, nowhere);
    sim_report_summary_text(run->model, TRUE, nowhere);
    sim_output_abort(nowhere);
    if (strlen(run->sha256) != 64 || run->timeline == NULL)
      __builtin_trap();
    g_string_free(text, TRUE);
    sim_run_free(run);
  }
  sim_scenario_free(scenario);
  return 0;
}

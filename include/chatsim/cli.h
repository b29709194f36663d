/* cli.h: the chatsim command line. cli.c dispatches and holds the option
 * parsing the commands share; each command is in its own cli_COMMAND.c. */
#ifndef CHATSIM_CLI_H
#define CHATSIM_CLI_H

#include "chatsim/output.h"
#include "chatsim/run.h"
#include "chatsim/scenario.h"

#include <glib.h>

G_BEGIN_DECLS

#define SIM_CLI_ERROR (sim_cli_error_quark())
GQuark sim_cli_error_quark(void);

enum {
  SIM_CLI_EXIT_OK = 0,
  SIM_CLI_EXIT_CHECK = 1, /* a check failed */
  SIM_CLI_EXIT_INPUT = 2, /* bad usage or input */
};

int sim_cli_main(int argc, char **argv);

/* The commands: argv[0] is "chatsim COMMAND"; each returns the exit code. */
int sim_cli_run_main(int argc, char **argv);
int sim_cli_compare_main(int argc, char **argv);
int sim_cli_check_main(int argc, char **argv);
int sim_cli_plot_main(int argc, char **argv);
int sim_cli_profiles_main(int argc, char **argv);
int sim_cli_study_main(int argc, char **argv);
/* `chatsim plot --study DIR [-o FILE]`: the figure of a study's results. */
int sim_cli_study_plot(const char *dir, const char *output, gboolean quiet);

/* Shared by the commands. */

/* Prints "chatsim: MESSAGE", frees the error, returns SIM_CLI_EXIT_INPUT. */
int sim_cli_fail(GError *error);
/* Prints "chatsim: LINE" for each line of `message`. */
void sim_cli_print_error(const char *message);
/* Prints the message and a pointer to --help; returns SIM_CLI_EXIT_INPUT. */
int sim_cli_usage_error(const char *command, const char *format, ...) G_GNUC_PRINTF(2, 3);
/* Parses options; on --help prints and sets *exit_code to 0. Every
 * command but profiles also takes --max-events N, which sets
 * sim_run_max_events. */
gboolean sim_cli_parse_options(const char *command, const char *params,
                               const char *summary, const GOptionEntry *entries,
                               int *argc, char ***argv, int *exit_code);
gboolean sim_cli_parse_format(const char *command, const char *format, gboolean *tsv,
                              int *exit_code);

/* --profile, --seed and --duration, shared by run, compare and plot:
 * each is checked here and, when given, points `overrides` at its value in
 * `store`. */
typedef struct {
  guint64 seed;
  SimTime duration;
} SimCliOverrideValues;

gboolean sim_cli_parse_overrides(const char *command, const char *profile,
                                 const char *seed, const char *duration,
                                 SimCliOverrideValues *store,
                                 SimScenarioOverrides *overrides, int *code);
/* "all" (or NULL) -> NULL; else the versions, each checked. */
gboolean sim_cli_parse_profiles(const char *command, const char *list, char ***out,
                                int *code);
/* FALSE (with the error printed) if an output is an input or another
 * output (sim_output_check_distinct). */
gboolean sim_cli_check_outputs(const char *command, const SimOutputName *inputs,
                               const SimOutputName *outputs, int *code);
/* A SimRunProgressFunc for a terminal: a line on stderr, rewritten in
 * place once a run has taken two seconds; `data` is a gboolean set when
 * something was shown, for sim_cli_progress_end to erase. */
void sim_cli_progress(const SimRunProgress *progress, gpointer data);
void sim_cli_progress_end(gboolean shown);
/* Loads a scenario file, or standard input when `path` is "-" (named
 * "<stdin>" in errors), with the --set values `sets` (NULL-terminated, or NULL). */
SimScenario *sim_cli_load_scenario(const char *path, const char *const *sets,
                                   GError **error);
/* --set GROUP.KEY=VALUE (repeatable) for the commands that load a
 * scenario: this entry in their options collects the values into `store`
 * (char **, freed with g_strfreev), which they hand to
 * sim_scenario_load_with_sets. */
#define SIM_CLI_SET_ENTRY(store)                                                         \
  {                                                                                      \
    "set", 0, 0, G_OPTION_ARG_STRING_ARRAY, (store),                                     \
        "change a scenario value as if the file said it (repeatable), e.g. "             \
        "server.ping_delay=60s",                                                         \
        "GROUP.KEY=VALUE"                                                                \
  }

/* Opens `path` unless NULL; FALSE (with the error printed) on failure. */
gboolean sim_cli_open_output(const char *path, SimOutput **out, int *code);

G_END_DECLS

#endif

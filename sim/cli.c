/* cli.c: the only module that prints or picks an exit code: the command
 * dispatch and the option parsing every command shares. Each command lives
 * in its own cli_COMMAND.c. */
#include "chatsim/cli.h"

#include "chatsim/duration.h"
#include "chatsim/run.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

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
    "  study FILE         run a parameter study: P(drop) over a grid, TSV and figures\n"
    "  profiles           list the Chatsvc.exe version profiles and their parameters\n"
    "\n"
    "Run 'chatsim COMMAND --help' for a command's options.\n";

void
sim_cli_print_error(const char *message)
{
  /* A scenario's errors come one a line; each gets the prefix. */
  char **lines = g_strsplit(message, "\n", -1);
  for (char **line = lines; *line != NULL; line++)
    g_printerr("chatsim: %s\n", *line);
  g_strfreev(lines);
}

int
sim_cli_fail(GError *error)
{
  sim_cli_print_error(error->message);
  g_error_free(error);
  return SIM_CLI_EXIT_INPUT;
}

int
sim_cli_usage_error(const char *command, const char *format, ...)
{
  va_list args;
  va_start(args, format);
  char *message = g_strdup_vprintf(format, args);
  va_end(args);
  g_printerr("chatsim %s: %s\nTry 'chatsim %s --help'.\n", command, message, command);
  g_free(message);
  return SIM_CLI_EXIT_INPUT;
}

gboolean
sim_cli_parse_options(const char *command, const char *params, const char *summary,
                      const GOptionEntry *entries, int *argc, char ***argv,
                      int *exit_code)
{
  g_autoptr(GOptionContext) context = g_option_context_new(params);
  g_option_context_set_summary(context, summary);
  g_option_context_add_main_entries(context, entries, NULL);
  /* Every command that runs scenarios takes the work limit. */
  g_autofree char *max_events = NULL;
  const GOptionEntry limit[] = {
      {"max-events", 0, 0, G_OPTION_ARG_STRING, &max_events,
       "refuse or stop a run of more events and messages (default 1000000000)", "N"},
      {NULL, 0, 0, 0, NULL, NULL, NULL},
  };
  if (strcmp(command, "profiles") != 0)
    g_option_context_add_main_entries(context, limit, NULL);
  g_option_context_set_help_enabled(context, TRUE);
  GError *error = NULL;
  if (!g_option_context_parse(context, argc, argv, &error)) {
    *exit_code = sim_cli_usage_error(command, "%s", error->message);
    g_error_free(error);
    return FALSE;
  }
  guint64 value = 0;
  if (max_events != NULL) {
    if (!g_ascii_string_to_unsigned(max_events, 10, 1, G_MAXUINT64, &value, NULL)) {
      *exit_code = sim_cli_usage_error(command,
                                       "--max-events: '%s' is not a whole number from 1 "
                                       "to %" G_GUINT64_FORMAT,
                                       max_events, G_MAXUINT64);
      return FALSE;
    }
    sim_run_max_events = value;
  }
  return TRUE;
}

gboolean
sim_cli_parse_format(const char *command, const char *format, gboolean *tsv,
                     int *exit_code)
{
  if (format == NULL || strcmp(format, "text") == 0)
    *tsv = FALSE;
  else if (strcmp(format, "tsv") == 0)
    *tsv = TRUE;
  else {
    *exit_code = sim_cli_usage_error(
        command, "--format: '%s' is not a format; accepted: text, tsv", format);
    return FALSE;
  }
  return TRUE;
}

gboolean
sim_cli_parse_overrides(const char *command, const char *profile, const char *seed,
                        const char *duration, SimCliOverrideValues *store,
                        SimScenarioOverrides *overrides, int *code)
{
  GError *error = NULL;
  *overrides = (SimScenarioOverrides){.profile = profile};
  if (profile && sim_profile_resolve(profile, &error) == NULL) {
    *code = sim_cli_usage_error(command, "--profile: %s", error->message);
  } else if (seed &&
             !g_ascii_string_to_unsigned(seed, 10, 0, G_MAXUINT64, &store->seed, NULL)) {
    *code = sim_cli_usage_error(
        command, "--seed: '%s' is not a whole number from 0 to %" G_GUINT64_FORMAT, seed,
        G_MAXUINT64);
  } else if (duration && (!sim_duration_parse(duration, &store->duration, &error) ||
                          store->duration == 0)) {
    *code = sim_cli_usage_error(command, "--duration: %s",
                                error ? error->message : "must be longer than 0");
  } else {
    overrides->seed = seed ? &store->seed : NULL;
    overrides->duration = duration ? &store->duration : NULL;
    return TRUE;
  }
  g_clear_error(&error);
  return FALSE;
}

gboolean
sim_cli_parse_profiles(const char *command, const char *list, char ***out, int *code)
{
  *out = NULL;
  if (list == NULL || strcmp(list, "all") == 0)
    return TRUE;
  char **items = g_strsplit(list, ",", -1);
  for (char **it = items; *it || it == items; it++) {
    GError *error = NULL;
    if (*it == NULL || *g_strstrip(*it) == '\0') {
      *code = sim_cli_usage_error(
          command,
          "--profiles: '%s' names no version; accepted: all, or versions "
          "separated by commas, e.g. sp2,5.5.2577.0",
          list);
      g_strfreev(items);
      return FALSE;
    }
    if (sim_profile_resolve(*it, &error) == NULL) {
      *code = sim_cli_usage_error(command, "--profiles: %s", error->message);
      g_error_free(error);
      g_strfreev(items);
      return FALSE;
    }
  }
  *out = items;
  return TRUE;
}

SimScenario *
sim_cli_load_scenario(const char *path, const char *const *sets, GError **error)
{
  if (strcmp(path, "-") != 0)
    return sim_scenario_load_with_sets(path, NULL, 0, sets, error);
  /* Standard input, read to its end: GKeyFile wants the whole text. */
  GString *data = g_string_new(NULL);
  char buffer[65536];
  size_t n;
  while ((n = fread(buffer, 1, sizeof buffer, stdin)) > 0)
    g_string_append_len(data, buffer, (gssize)n);
  SimScenario *scenario = NULL;
  if (ferror(stdin))
    g_set_error(error, SIM_CLI_ERROR, 0, "<stdin>: cannot read the scenario: %s",
                g_strerror(errno));
  else
    scenario = sim_scenario_load_with_sets("<stdin>", data->str, data->len, sets, error);
  g_string_free(data, TRUE);
  return scenario;
}

gboolean
sim_cli_open_output(const char *path, SimOutput **out, int *code)
{
  GError *error = NULL;
  *out = NULL;
  if (path == NULL)
    return TRUE;
  *out = sim_output_open(path, &error);
  if (*out == NULL) {
    *code = sim_cli_fail(error);
    return FALSE;
  }
  /* The run's fingerprint is taken apart (sim/run.c); nobody asks for a
   * file's own digest. */
  sim_output_skip_fingerprint(*out);
  return TRUE;
}

gboolean
sim_cli_check_outputs(const char *command, const SimOutputName *inputs,
                      const SimOutputName *outputs, int *code)
{
  GError *error = NULL;
  if (sim_output_check_distinct(inputs, outputs, &error))
    return TRUE;
  *code = sim_cli_usage_error(command, "%s", error->message);
  g_error_free(error);
  return FALSE;
}

static void
append_eta(GString *out, double s)
{
  if (s >= 3600)
    g_string_append_printf(out, "%dh%02dm", (int)(s / 3600), (int)(s / 60) % 60);
  else
    g_string_append_printf(out, "%dm%02ds", (int)(s / 60), (int)s % 60);
}

/* Only after two seconds, so a short run prints nothing; \r and erase to
 * the end of the line keep it on one line of the terminal. */
void
sim_cli_progress(const SimRunProgress *p, gpointer data)
{
  gboolean *shown = data;
  if (p->wall_us < 2 * G_USEC_PER_SEC || p->duration <= 0)
    return;
  double wall = (double)p->wall_us / 1e6;
  double done = (double)p->now / (double)p->duration;
  g_autofree char *end = sim_duration_format_unit(p->duration);
  GString *line = g_string_new(NULL);
  g_string_append_printf(
      line, "\rchatsim: %.1f s of %s simulated (%.1f%%), %.2fM events/s, ETA ",
      (double)p->now / 1e6, end, 100 * done, (double)p->events / wall / 1e6);
  if (done > 0)
    append_eta(line, wall * (1 - done) / done);
  else
    g_string_append(line, "?");
  g_string_append(line, "\033[K");
  fputs(line->str, stderr);
  g_string_free(line, TRUE);
  *shown = TRUE;
}

void
sim_cli_progress_end(gboolean shown)
{
  if (shown)
    fputs("\r\033[K", stderr);
}

/* Only sets the flag the run loop looks at: nothing else is safe here. */
static void
on_signal(int sig)
{
  sim_run_interrupt = sig;
}

static const int caught_signals[] = {SIGINT, SIGTERM, SIGHUP};

static void
catch_signals(void)
{
  for (guint i = 0; i < G_N_ELEMENTS(caught_signals); i++) {
    struct sigaction old, sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    /* A signal ignored when we start (nohup) stays ignored. */
    if (sigaction(caught_signals[i], NULL, &old) == 0 && old.sa_handler == SIG_IGN)
      continue;
    sigaction(caught_signals[i], &sa, NULL);
  }
}

/* As GNU's close_stdout: output lost to a full disk or a closed pipe is
 * an error, even when every printf looked fine. A standard output closed
 * before we started is no error if nothing was written to it. */
static gboolean stdout_closed = FALSE;

static int
close_stdout(int code)
{
  stdout_closed = TRUE;
  errno = 0;
  gboolean failed = fflush(stdout) != 0;
  int err = errno;
  if (!failed && ferror(stdout)) {
    failed = TRUE;
    err = 0;
  }
  errno = 0;
  if (fclose(stdout) != 0 && !failed && errno != EBADF) {
    failed = TRUE;
    err = errno;
  }
  if (!failed)
    return code;
  g_printerr("chatsim: standard output: %s\n", err ? g_strerror(err) : "write error");
  return SIM_CLI_EXIT_INPUT;
}

/* GOptionContext's --help prints and calls exit(0) itself: check there
 * too, and turn the exit into a failure if the help was lost. */
static void
close_stdout_at_exit(void)
{
  if (!stdout_closed && close_stdout(SIM_CLI_EXIT_OK) != SIM_CLI_EXIT_OK)
    _exit(SIM_CLI_EXIT_INPUT);
}

typedef int (*CommandMain)(int argc, char **argv);

/* The one list of commands: dispatch and `help COMMAND` both read it. */
static const struct {
  const char *name;
  CommandMain main;
} commands[] = {
    {"run", sim_cli_run_main},     {"compare", sim_cli_compare_main},
    {"check", sim_cli_check_main}, {"plot", sim_cli_plot_main},
    {"study", sim_cli_study_main}, {"profiles", sim_cli_profiles_main},
};

static CommandMain
find_command(const char *name)
{
  for (gsize i = 0; i < G_N_ELEMENTS(commands); i++)
    if (strcmp(commands[i].name, name) == 0)
      return commands[i].main;
  return NULL;
}

static int
dispatch(int argc, char **argv)
{
  if (argc < 2) {
    g_printerr("Usage: chatsim COMMAND [OPTION...]\n\n%s", commands_help);
    return SIM_CLI_EXIT_INPUT;
  }
  const char *command = argv[1];
  /* `chatsim help COMMAND` is `chatsim COMMAND --help`. */
  if (strcmp(command, "help") == 0 && argc > 2) {
    if (argc == 3 && find_command(argv[2]) != NULL) {
      char *help[] = {argv[0], argv[2], "--help", NULL};
      return dispatch(3, help);
    }
    if (argc > 3) {
      g_printerr("chatsim help: give one command\n");
      return SIM_CLI_EXIT_INPUT;
    }
    GString *names = g_string_new(NULL);
    for (gsize i = 0; i < G_N_ELEMENTS(commands); i++)
      g_string_append_printf(names, "%s%s", i ? ", " : "", commands[i].name);
    g_printerr("chatsim help: '%s' is not a command; accepted: %s\n", argv[2],
               names->str);
    g_string_free(names, TRUE);
    return SIM_CLI_EXIT_INPUT;
  }
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
  CommandMain command_main = find_command(command);
  int code;
  if (command_main != NULL)
    code = command_main(argc - 1, args);
  else {
    g_printerr("chatsim: unknown command '%s'\n\n%s", command, commands_help);
    code = SIM_CLI_EXIT_INPUT;
  }
  g_free(args);
  g_free(prog);
  return code;
}

int
sim_cli_main(int argc, char **argv)
{
  catch_signals();
  atexit(close_stdout_at_exit);
  int code = dispatch(argc, argv);
  if (sim_run_interrupt != 0) {
    int sig = sim_run_interrupt;
    g_printerr("chatsim: interrupted by signal %d (%s); temporary files removed\n", sig,
               g_strsignal(sig));
    fflush(stdout);
    /* Die of the signal, so the shell sees it (status 128 + sig). */
    signal(sig, SIG_DFL);
    raise(sig);
    return 128 + sig;
  }
  return close_stdout(code);
}

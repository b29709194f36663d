/* cli_study.c: the `chatsim study` command: parameter studies, their run
 * map, merging slices, and their figures. */
#include "chatsim/cli.h"

#include "chatsim/gnuplot.h"
#include "chatsim/ini.h"

#include "chatsim/study_map.h"
#include "chatsim/study_mpi.h"
#include "chatsim/study_plot.h"
#include "chatsim/study_results.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

typedef struct {
  gint jobs;
  char *output;
  char *runs;
  char *query;
  char **sets;
  char *plot;
  char *group;
  gboolean merge;
  gboolean quiet;
} StudyOptions;

static void
study_options_clear(StudyOptions *o)
{
  g_free(o->output);
  g_free(o->runs);
  g_free(o->query);
  g_strfreev(o->sets);
  g_free(o->plot);
  g_free(o->group);
}

typedef struct {
  gint64 start;
  gint64 last;
} Progress;

static void
progress(guint64 done, guint64 total, gpointer user_data)
{
  Progress *p = user_data;
  gint64 now = g_get_monotonic_time();
  if (done < total && now - p->last < G_USEC_PER_SEC / 10)
    return;
  p->last = now;
  double elapsed = (double)(now - p->start) / 1e6;
  double eta = done ? elapsed * (double)(total - done) / (double)done : 0;
  g_printerr("\rstudy: %" G_GUINT64_FORMAT "/%" G_GUINT64_FORMAT
             " runs, %.1f s elapsed, ETA %.1f s   ",
             done, total, elapsed, eta);
  if (done == total)
    g_printerr("\n");
}

/* The default output directory: the file's name without its extension. */
static char *
default_output(const char *path)
{
  char *base = g_path_get_basename(path);
  char *dot = strrchr(base, '.');
  if (dot != NULL && dot != base)
    *dot = '\0';
  return base;
}

/* Fills an open output's temporary file in full (it is closed here, so a
 * full disk shows now, before any rename), or writes through it when it
 * has none (a device). */
static gboolean
fill(SimOutput *out, const char *path, const GString *text, GError **error)
{
  const char *tmp = sim_output_temp_path(out);
  if (tmp == NULL) {
    sim_output_puts(out, text);
    return TRUE;
  }
  GError *local = NULL;
  /* NONE: in place, into the temporary file this output made (and moded). */
  if (g_file_set_contents_full(tmp, text->str, (gssize)text->len,
                               G_FILE_SET_CONTENTS_NONE, 0666, &local))
    return TRUE;
  g_set_error(error, SIM_OUTPUT_ERROR, SIM_OUTPUT_ERROR_WRITE, "%s: cannot write: %s",
              path, local->message);
  g_error_free(local);
  return FALSE;
}

/* Writes `texts[i]` to `paths[i]`, both or neither: both temporary files
 * are written before either is renamed, so a failure before the renames
 * leaves both old files as they were. */
static gboolean
save_both(const char *const paths[2], const GString *const texts[2], GError **error)
{
  SimOutput *outs[2] = {NULL, NULL};
  gboolean ok = TRUE;
  for (int i = 0; ok && i < 2; i++) {
    outs[i] = sim_output_open(paths[i], error);
    ok = outs[i] != NULL;
  }
  for (int i = 0; ok && i < 2; i++)
    ok = fill(outs[i], paths[i], texts[i], error);
  /* A signal only sets sim_run_interrupt (cli.c): then neither file is
   * replaced, and both temporary files go here, in plain code. */
  if (ok && sim_run_interrupt) {
    g_set_error(error, SIM_CLI_ERROR, 0, "interrupted: %s and %s left as they were",
                paths[0], paths[1]);
    ok = FALSE;
  }
  for (int i = 0; i < 2; i++) {
    if (ok)
      ok = sim_output_commit(outs[i], NULL, error);
    else
      sim_output_abort(outs[i]);
    outs[i] = NULL;
  }
  return ok;
}

static int
write_results(const StudyOptions *o, const SimStudyResults *results, const char *dir)
{
  GError *error = NULL;
  if (g_mkdir_with_parents(dir, 0777) != 0) {
    int saved = errno;
    g_printerr("chatsim: %s: cannot make the directory: %s\n", dir, g_strerror(saved));
    return SIM_CLI_EXIT_INPUT;
  }
  g_autoptr(GString) runs = g_string_new(NULL);
  g_autoptr(GString) points = g_string_new(NULL);
  sim_study_results_append_runs(results, runs);
  sim_study_results_append_points(results, points);
  g_autofree char *runs_path = g_build_filename(dir, "runs.tsv", NULL);
  g_autofree char *points_path = g_build_filename(dir, "points.tsv", NULL);
  const char *const paths[2] = {runs_path, points_path};
  const GString *const texts[2] = {runs, points};
  if (!save_both(paths, texts, &error))
    return sim_cli_fail(error);
  if (o->plot != NULL && !sim_study_plot_draw(results, o->plot, o->group, NULL, &error))
    return sim_cli_fail(error);
  return SIM_CLI_EXIT_OK;
}

int
sim_cli_study_plot(const char *dir, const char *output, gboolean quiet)
{
  GError *error = NULL;
  g_autofree char *runs = g_build_filename(dir, "runs.tsv", NULL);
  g_autofree char *image =
      output ? g_strdup(output) : g_build_filename(dir, "study.png", NULL);
  SimGnuplotTerminal terminal;
  if (!sim_gnuplot_terminal_from_path(image, &terminal, &error)) {
    int code = sim_cli_usage_error("plot", "--output: %s", error->message);
    g_error_free(error);
    return code;
  }
  g_autoptr(SimStudyResults) results = sim_study_results_load(runs, &error);
  if (results == NULL)
    return sim_cli_fail(error);
  /* A slice's curves would look like the study's: draw only the whole. */
  if (!sim_study_results_complete(results, &error)) {
    g_prefix_error(&error, "%s: a study figure needs every run: ", runs);
    return sim_cli_fail(error);
  }
  if (!sim_study_plot_draw(results, image, NULL, NULL, &error))
    return sim_cli_fail(error);
  if (!quiet)
    printf("%s\n", image);
  return SIM_CLI_EXIT_OK;
}

static int
merge(const StudyOptions *o, int argc, char **argv)
{
  GError *error = NULL;
  g_autoptr(SimStudyResults) all = NULL;
  for (int i = 1; i < argc; i++) {
    g_autofree char *path = g_file_test(argv[i], G_FILE_TEST_IS_DIR)
                                ? g_build_filename(argv[i], "runs.tsv", NULL)
                                : g_strdup(argv[i]);
    SimStudyResults *part = sim_study_results_load(path, &error);
    if (part == NULL)
      return sim_cli_fail(error);
    if (all == NULL)
      all = part;
    else {
      gboolean ok = sim_study_results_merge(all, part, &error);
      sim_study_results_free(part);
      if (!ok)
        return sim_cli_fail(error);
    }
  }
  if (!sim_study_results_complete(all, &error))
    return sim_cli_fail(error);
  int code = write_results(o, all, o->output);
  if (code == SIM_CLI_EXIT_OK && !o->quiet)
    printf("merged %d slices: %" G_GUINT64_FORMAT " rows -> %s/runs.tsv, %s/points.tsv\n",
           argc - 1, sim_study_results_n_rows(all), o->output, o->output);
  return code;
}

static int
study(const StudyOptions *o, const char *path, SimStudyMpi *mpi)
{
  GError *error = NULL;
  g_autoptr(SimStudy) study =
      sim_study_load(path, NULL, 0, (const char *const *)o->sets, &error);
  if (study == NULL)
    return sim_study_mpi_root(mpi) ? sim_cli_fail(error) : (g_error_free(error), 2);
  g_autoptr(GArray) runs = sim_study_map_parse_runs(study, o->runs, &error);
  if (runs == NULL) {
    int code = sim_study_mpi_root(mpi)
                   ? sim_cli_usage_error("study", "%s", error->message)
                   : SIM_CLI_EXIT_INPUT;
    g_error_free(error);
    return code;
  }
  /* Checked before the runs, not by the figure after them. */
  const char *const *groups = sim_study_groups(study);
  if (o->group != NULL && !g_strv_contains(groups, o->group)) {
    if (!sim_study_mpi_root(mpi))
      return SIM_CLI_EXIT_INPUT;
    g_autofree char *accepted = g_strjoinv(", ", (char **)groups);
    const char *near = sim_ini_nearest(o->group, groups, g_strv_length((char **)groups));
    g_autofree char *hint = near ? g_strdup_printf(" (did you mean %s?)", near) : NULL;
    return sim_cli_usage_error(
        "study",
        "--group '%s': the study has no client group of that name%s; "
        "accepted: %s",
        o->group, hint ? hint : "", accepted);
  }
  guint n_vars = sim_study_n_vars(study);
  if (o->plot != NULL && (n_vars < 1 || n_vars > 2))
    return sim_cli_usage_error("study",
                               "--plot: a study figure draws one or two variables; %s "
                               "has %u",
                               path, n_vars);
  if (o->plot != NULL && o->query == NULL && runs->len != sim_study_n_runs(study))
    return sim_cli_usage_error("study",
                               "--plot: --runs %s is a slice (%u of %" G_GUINT64_FORMAT
                               " runs); a study figure needs every run: merge the "
                               "slices with --merge, then chatsim plot --study DIR",
                               o->runs, runs->len, sim_study_n_runs(study));
  if (o->query != NULL) {
    if (!sim_study_mpi_root(mpi))
      return SIM_CLI_EXIT_OK;
    if (strcmp(o->query, "count") == 0) {
      printf("%u\n", runs->len);
    } else {
      g_autoptr(GString) map = g_string_new(NULL);
      sim_study_map_append(study, runs, map);
      fputs(map->str, stdout);
    }
    return SIM_CLI_EXIT_OK;
  }
  g_autofree char *dir = o->output ? g_strdup(o->output) : default_output(path);
  Progress p = {.start = g_get_monotonic_time()};
  gboolean show = !o->quiet && isatty(STDERR_FILENO) && sim_study_mpi_root(mpi);
  g_autoptr(SimStudyResults) results = sim_study_mpi_run(
      mpi, study, runs, (guint)o->jobs, show ? progress : NULL, &p, &error);
  if (results == NULL) {
    if (!sim_study_mpi_root(mpi)) {
      g_clear_error(&error);
      return SIM_CLI_EXIT_INPUT;
    }
    return sim_cli_fail(error);
  }
  if (!sim_study_mpi_root(mpi))
    return SIM_CLI_EXIT_OK;
  int code = write_results(o, results, dir);
  double wall = (double)(g_get_monotonic_time() - p.start) / 1e6;
  if (code == SIM_CLI_EXIT_OK && !o->quiet)
    printf("%s: %u runs (%u points x %u profiles x %u repetitions%s) in %.2f s, %.1f "
           "runs/s -> %s/runs.tsv, %s/points.tsv%s%s\n",
           sim_study_name(study), runs->len, sim_study_n_points(study),
           sim_study_n_profiles(study), sim_study_repeat(study),
           (guint64)runs->len == sim_study_n_runs(study) ? "" : ", a slice", wall,
           (double)runs->len / MAX(wall, 1e-6), dir, dir, o->plot ? ", " : "",
           o->plot ? o->plot : "");
  return code;
}

int
sim_cli_study_main(int argc, char **argv)
{
  StudyOptions o = {0};
  const GOptionEntry entries[] = {
      {"jobs", 'j', 0, G_OPTION_ARG_INT, &o.jobs,
       "runs at once (default 0: one per processor); the outputs do not depend on it",
       "N"},
      {"output", 'o', 0, G_OPTION_ARG_FILENAME, &o.output,
       "directory for runs.tsv and points.tsv (default: the file's name without its "
       "extension)",
       "DIR"},
      {"runs", 'r', 0, G_OPTION_ARG_STRING, &o.runs,
       "run only these run numbers, e.g. 0..99,150", "SPEC"},
      {"query", 0, 0, G_OPTION_ARG_STRING, &o.query,
       "print the run map (runs) or the number of runs (count) and stop", "WHAT"},
      {"set", 0, 0, G_OPTION_ARG_STRING_ARRAY, &o.sets,
       "override one value, e.g. server.ping_delay=60s or study.repeat=10 (repeatable)",
       "GROUP.KEY=VALUE"},
      {"plot", 0, 0, G_OPTION_ARG_FILENAME, &o.plot,
       "also draw the study's figure: .png, .svg, .pdf or .txt (dumb)", "FILE"},
      {"group", 0, 0, G_OPTION_ARG_STRING, &o.group,
       "the client group the figure draws (default: the first one dropped)", "NAME"},
      {"merge", 0, 0, G_OPTION_ARG_NONE, &o.merge,
       "merge the runs.tsv of slices (DIR... or files) into -o DIR", NULL},
      {"quiet", 'q', 0, G_OPTION_ARG_NONE, &o.quiet, "print nothing but errors", NULL},
      {NULL, 0, 0, 0, NULL, NULL, NULL},
  };
  int code = SIM_CLI_EXIT_OK;
  GError *error = NULL;
  SimGnuplotTerminal terminal;
  g_autoptr(SimStudyMpi) mpi = sim_study_mpi_init();
  gboolean parsed =
      sim_cli_parse_options("study", "FILE | --merge DIR...",
                            "Run a parameter study: every run of a study file's grid of "
                            "variables, profiles and repetitions.",
                            entries, &argc, &argv, &code);
  if (!parsed)
    g_assert(code != SIM_CLI_EXIT_OK); /* the parser has reported it */
  else if (o.jobs < 0)
    code = sim_cli_usage_error("study",
                               "--jobs: %d is not a number of jobs; accepted: 0 "
                               "(one per processor) or more",
                               o.jobs);
  else if (o.query && strcmp(o.query, "runs") != 0 && strcmp(o.query, "count") != 0)
    code = sim_cli_usage_error(
        "study", "--query: '%s' is not a query; accepted: runs, count", o.query);
  else if (o.plot && !sim_gnuplot_terminal_from_path(o.plot, &terminal, &error))
    code = sim_cli_usage_error("study", "--plot: %s", error->message);
  else if (o.merge && argc < 2)
    code = sim_cli_usage_error("study", "--merge: no slice directories given");
  else if (o.merge && o.output == NULL)
    code = sim_cli_usage_error("study", "--merge needs -o DIR for the merged results");
  else if (o.merge && (o.runs || o.query || o.sets))
    code = sim_cli_usage_error("study", "--merge takes no --runs, --query or --set: the "
                                        "slices already hold them");
  else if (o.merge)
    code = merge(&o, argc, argv);
  else if (argc != 2)
    code = sim_cli_usage_error("study", argc < 2 ? "no study file given"
                                                 : "more than one study file given");
  else
    code = study(&o, argv[1], mpi);
  g_clear_error(&error);
  study_options_clear(&o);
  return code;
}

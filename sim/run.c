/* run.c: what `run`, `compare`, `check` and `plot` share. */
#include "chatsim/run.h"

#include "chatsim/report.h"

#include <string.h>

G_DEFINE_QUARK(chatsim_run_error, sim_run_error)

/* "all, none, lurker, chatter, chatter.1 to chatter.4": what --trace
 * accepts. */
static char *
trace_names(const SimModel *model)
{
  const GPtrArray *specs = sim_model_config(model)->clients;
  GString *s = g_string_new("all, none");
  for (guint i = 0; i < specs->len; i++) {
    const SimClientSpec *spec = g_ptr_array_index(specs, i);
    g_string_append_printf(s, ", %s", spec->name);
    if (spec->count > 1)
      g_string_append_printf(s, ", %s.1 to %s.%u", spec->name, spec->name, spec->count);
  }
  return g_string_free(s, FALSE);
}

static gboolean
apply_trace(SimModel *model, const char *trace, GError **error)
{
  if (trace == NULL || strcmp(trace, "all") == 0)
    return TRUE;
  sim_model_trace_all(model, FALSE);
  if (strcmp(trace, "none") == 0)
    return TRUE;
  gboolean ok = TRUE;
  char **names = g_strsplit(trace, ",", -1);
  for (char **n = names; ok && (*n || n == names); n++)
    if (*n == NULL || !sim_model_trace(model, g_strstrip(*n))) {
      g_autofree char *names_ok = trace_names(model);
      g_set_error(error, SIM_RUN_ERROR, SIM_RUN_ERROR_TRACE,
                  "no client or group named '%s'; accepted: %s (several separated by "
                  "commas)",
                  *n ? *n : "", names_ok);
      ok = FALSE;
    }
  g_strfreev(names);
  return ok;
}

/* Each timeline line is formatted once, then fanned out to the
 * fingerprint, the file and the kept copy. */
typedef struct {
  const SimModel *model;
  GString *line;
  SimOutput *sha;
  SimOutput *file;
  GString *keep;
} Sinks;

static void
sinks_write(Sinks *sinks, const GString *text)
{
  sim_output_puts(sinks->sha, text);
  if (sinks->file != NULL)
    sim_output_puts(sinks->file, text);
  if (sinks->keep != NULL)
    g_string_append_len(sinks->keep, text->str, (gssize)text->len);
}

static void
record(const SimRecord *r, gpointer data)
{
  Sinks *sinks = data;
  g_string_truncate(sinks->line, 0);
  sim_report_timeline_line(sinks->model, r, sinks->line);
  sinks_write(sinks, sinks->line);
}

SimRun *
sim_run_scenario(const SimScenario *scenario, const SimScenarioOverrides *overrides,
                 const SimRunOptions *options, GError **error)
{
  static const SimRunOptions defaults = {0};
  if (options == NULL)
    options = &defaults;
  g_autoptr(SimRun) run = g_new0(SimRun, 1);
  run->config = sim_scenario_configure(scenario, overrides, error);
  if (run->config == NULL)
    return NULL;
  run->model = sim_model_new(run->config, error);
  if (run->model == NULL || !apply_trace(run->model, options->trace, error))
    return NULL;
  Sinks sinks = {
      .model = run->model,
      .line = g_string_new(SIM_REPORT_TIMELINE_HEADER),
      .sha = sim_output_open(NULL, NULL),
      .file = options->timeline,
      .keep = options->keep_timeline ? g_string_new(NULL) : NULL,
  };
  sinks_write(&sinks, sinks.line);
  gint64 start = g_get_monotonic_time();
  sim_model_run(run->model, record, &sinks);
  run->wall_us = g_get_monotonic_time() - start;
  g_string_free(sinks.line, TRUE);
  gboolean ok = sim_output_commit(sinks.sha, &run->sha256, NULL);
  g_assert(ok); /* it writes nowhere, so it cannot fail */
  run->timeline = sinks.keep;
  return g_steal_pointer(&run);
}

void
sim_run_free(SimRun *run)
{
  if (run == NULL)
    return;
  sim_model_free(run->model);
  sim_model_config_free(run->config);
  g_free(run->sha256);
  if (run->timeline != NULL)
    g_string_free(run->timeline, TRUE);
  g_free(run);
}

void
sim_run_each(GPtrArray *jobs, GFunc func, gpointer user_data, guint threads)
{
  if (threads == 0)
    threads = g_get_num_processors();
  if (threads <= 1 || jobs->len <= 1) {
    for (guint i = 0; i < jobs->len; i++)
      func(g_ptr_array_index(jobs, i), user_data);
    return;
  }
  GThreadPool *pool =
      g_thread_pool_new(func, user_data, (gint)MIN(threads, jobs->len), TRUE, NULL);
  for (guint i = 0; i < jobs->len; i++)
    g_thread_pool_push(pool, g_ptr_array_index(jobs, i), NULL);
  /* Waits for every queued job before it returns. */
  g_thread_pool_free(pool, FALSE, TRUE);
}

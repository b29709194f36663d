/* run.c: what `run`, `compare`, `check` and `plot` share. */
#include "chatsim/run.h"

#include "chatsim/report.h"

#include <math.h>
#include <string.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif

G_DEFINE_QUARK(chatsim_run_error, sim_run_error)

volatile sig_atomic_t sim_run_interrupt = 0;
guint64 sim_run_max_events = SIM_RUN_DEFAULT_MAX_EVENTS;

/* How often (in events) a run looks at the stop flag, the limit and the
 * clock: often enough to stop within milliseconds, rarely enough to cost
 * nothing. */
#define WATCH_EVERY 4096
/* The queue's small arrays come and go on the heap, and glibc keeps freed
 * heap pages resident: a run whose queue has shrunk would hold its
 * high-water mark to the end. Every this many events a run gives them
 * back (malloc_trim: a millisecond or two on a million clients). */
#define TRIM_EVERY (G_GUINT64_CONSTANT(1) << 22)

/* Talks of a group's member over [from, to). */
static double
estimate_talks(const SimClientSpec *spec, SimTime from, SimTime to)
{
  if (spec->talk == SIM_TALK_AT) {
    guint n = 0;
    for (guint k = 0; k < spec->talk_at->len; k++) {
      SimTime t = g_array_index(spec->talk_at, SimTime, k);
      n += t >= from && t <= to;
    }
    return n;
  }
  if (spec->talk == SIM_TALK_NEVER || spec->talk_period <= 0)
    return 0;
  if (spec->talk_start >= 0)
    from = MAX(from, spec->talk_start);
  return to > from ? (double)(to - from) / (double)spec->talk_period + 1 : 0;
}

guint64
sim_run_estimate(const SimModelConfig *config)
{
  /* Channel name -> index + 1 in `members`; only looked up, never
   * iterated. One allocation per channel would dominate a 1M-channel
   * range. */
  g_autoptr(GHashTable) index = g_hash_table_new(g_str_hash, g_str_equal);
  g_autoptr(GArray) members = g_array_new(FALSE, TRUE, sizeof(double));
  for (guint g = 0; g < config->clients->len; g++) {
    const SimClientSpec *spec = g_ptr_array_index(config->clients, g);
    guint n = g_strv_length(spec->channels);
    for (guint k = 0; k < n; k++) {
      guint at = GPOINTER_TO_UINT(g_hash_table_lookup(index, spec->channels[k]));
      if (at == 0) {
        g_array_set_size(members, members->len + 1);
        at = members->len;
        g_hash_table_insert(index, spec->channels[k], GUINT_TO_POINTER(at));
      }
      g_array_index(members, double, at - 1) +=
          spec->spread ? (double)spec->count / n : spec->count;
    }
  }
  double work = 0;
  for (guint g = 0; g < config->clients->len; g++) {
    const SimClientSpec *spec = g_ptr_array_index(config->clients, g);
    SimTime from = spec->connect;
    SimTime to = spec->quit >= 0 ? MIN(spec->quit, config->duration) : config->duration;
    if (from > config->duration)
      continue;
    /* Per member: connect and quit are an event, a message and its delivery. */
    double one = 3 + (spec->quit >= 0 && spec->quit <= config->duration ? 3 : 0);
    /* A talk is the same three plus a relay to every other channel member
     * (the first channel, or a spread member's own). */
    double relays = 0;
    guint n = g_strv_length(spec->channels);
    for (guint k = 0; k < n && (spec->spread || k == 0); k++) {
      guint at = GPOINTER_TO_UINT(g_hash_table_lookup(index, spec->channels[k]));
      relays +=
          MAX(g_array_index(members, double, at - 1) - 1, 0) / (spec->spread ? n : 1);
    }
    one += estimate_talks(spec, from, to) * (3 + relays);
    /* The client's own PING: three, and the server's PONG. */
    if (spec->keepalive > 0 && to > from)
      one += (double)(to - from) / (double)spec->keepalive * 4;
    work += one * spec->count;
  }
  return work >= 1.8e19 ? G_MAXUINT64 : (guint64)ceil(work);
}

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

typedef struct {
  const SimRunOptions *options;
  const volatile sig_atomic_t *stop;
  guint64 limit;
  gint64 start, shown;
  guint64 trimmed; /* the event count at the last malloc_trim */
  SimRunError stopped_by;
} Watch;

static guint64
watch(const SimModel *model, SimTime now, guint64 events, gpointer data)
{
  Watch *w = data;
  SimStats stats;
  sim_model_stats(model, &stats);
  guint64 work = stats.events + stats.messages;
  if (*w->stop) {
    w->stopped_by = SIM_RUN_ERROR_INTERRUPTED;
    return 0;
  }
  if (work > w->limit) {
    w->stopped_by = SIM_RUN_ERROR_LIMIT;
    return 0;
  }
#ifdef __GLIBC__
  if (events - w->trimmed >= TRIM_EVERY) {
    w->trimmed = events;
    malloc_trim(0);
  }
#endif
  if (w->options->progress != NULL) {
    gint64 t = g_get_monotonic_time();
    if (t - w->shown >= (w->options->progress_us ? w->options->progress_us : 200000)) {
      w->shown = t;
      SimRunProgress p = {now, stats.end, stats.events, work, t - w->start};
      w->options->progress(&p, w->options->progress_data);
    }
  }
  return events + WATCH_EVERY;
}

static gboolean
check_estimate(const char *where, const SimModelConfig *config, guint64 limit,
               GError **error)
{
  guint64 estimate = sim_run_estimate(config);
  if (estimate <= limit)
    return TRUE;
  g_set_error(error, SIM_RUN_ERROR, SIM_RUN_ERROR_TOO_BIG,
              "%s: the run would take about %" G_GUINT64_FORMAT
              " events and messages, more than the limit of %" G_GUINT64_FORMAT
              "; shorten the duration or slow the talk, or raise the limit with "
              "--max-events N",
              where, estimate, limit);
  return FALSE;
}

/* The summary rows but their last column, why: a sentence made of the
 * other columns' facts, and three quarters of the bytes to hash. */
static void
fingerprint_summary(const SimModel *model, GString *line, SimOutput *sha)
{
  for (guint i = 0; i <= sim_model_n_clients(model); i++) {
    g_string_truncate(line, 0);
    if (i == 0) {
      g_string_append(line, SIM_REPORT_SUMMARY_HEADER);
      g_string_truncate(line, (gsize)(strrchr(line->str, '\t') - line->str));
    } else
      sim_report_summary_fields(model, i - 1, line);
    g_string_append_c(line, '\n');
    sim_output_puts(sha, line);
  }
}

/* Runs `model` under the options' limit, stop flag and progress; FALSE
 * with the error if it was stopped. */
static gboolean
run_watched(const char *where, SimModel *model, const SimRunOptions *options,
            SimRecordFunc observer, gpointer user_data, gint64 *wall_us, GError **error)
{
  Watch w = {
      .options = options,
      .stop = options->stop ? options->stop : &sim_run_interrupt,
      .limit = options->max_events ? options->max_events : sim_run_max_events,
      .start = g_get_monotonic_time(),
  };
  w.shown = w.start;
  sim_model_watch(model, 1, watch, &w);
  sim_model_run(model, observer, user_data);
  if (wall_us != NULL)
    *wall_us = g_get_monotonic_time() - w.start;
  if (!sim_model_stopped(model))
    return TRUE;
  if (w.stopped_by == SIM_RUN_ERROR_INTERRUPTED)
    g_set_error(error, SIM_RUN_ERROR, w.stopped_by, "%s: interrupted", where);
  else
    g_set_error(error, SIM_RUN_ERROR, w.stopped_by,
                "%s: stopped: the run went past the limit of %" G_GUINT64_FORMAT
                " events and messages (the estimate was %" G_GUINT64_FORMAT
                "), so it would take longer than planned; raise the limit with "
                "--max-events N",
                where, w.limit, sim_run_estimate(sim_model_config(model)));
  return FALSE;
}

gboolean
sim_run_model(const char *where, SimModel *model, SimRecordFunc observer,
              gpointer user_data, GError **error)
{
  static const SimRunOptions defaults = {0};
  return check_estimate(where, sim_model_config(model), sim_run_max_events, error) &&
         run_watched(where, model, &defaults, observer, user_data, NULL, error);
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
  /* Before the model is built: a huge one is refused without allocating. */
  if (!check_estimate(sim_scenario_path(scenario), run->config,
                      options->max_events ? options->max_events : sim_run_max_events,
                      error))
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
  if (!run_watched(sim_scenario_path(scenario), run->model, options, record, &sinks,
                   &run->wall_us, error)) {
    g_string_free(sinks.line, TRUE);
    sim_output_abort(sinks.sha);
    if (sinks.keep != NULL)
      g_string_free(sinks.keep, TRUE);
    return NULL;
  }
  /* The fingerprint goes on past the timeline: every client's summary row
   * and the work done, so it changes with any result, traced or not. */
  SimStats stats;
  sim_model_stats(run->model, &stats);
  fingerprint_summary(run->model, sinks.line, sinks.sha);
  g_string_printf(sinks.line,
                  "events\t%" G_GUINT64_FORMAT "\nmessages\t%" G_GUINT64_FORMAT "\n",
                  stats.events, stats.messages);
  sim_output_puts(sinks.sha, sinks.line);
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

/* study_results.c: every value a row holds is an integer or a whole number
 * of microseconds, which runs.tsv writes exactly; the points are computed
 * from rows only, in run order. So reading runs.tsv back loses nothing,
 * and any split of the runs merges into the bytes of one whole run. */
#include "chatsim/study_results.h"

#include "chatsim/study_map.h"

#include "chatsim/duration.h"
#include "chatsim/run.h"

#include <math.h>
#include <string.h>

G_DEFINE_QUARK(chatsim_study_results_error, sim_study_results_error)

struct _SimStudyResults {
  char *provenance; /* the "# chatsim ..." line, without its newline */
  guint64 n_runs;   /* of the whole study */
  GStrv vars;
  GPtrArray *rows; /* SimStudyRow *, by (run, index) */
};

static const char *const fixed_before[] = {"run", "profile", NULL};
static const char *const fixed_after[] = {
    "repetition", "seed",         "group",  "clients", "connected",  "disconnected",
    "recv_idle",  "ping_timeout", "quit",   "ttd_min", "ttd_median", "ttd_p90",
    "ttd_max",    "messages",     "events", NULL,
};

static void
row_free(SimStudyRow *row)
{
  g_free(row->profile);
  g_strfreev(row->values);
  g_free(row->group);
  g_free(row);
}

static SimStudyResults *
results_new(const char *provenance, guint64 n_runs, GStrv vars)
{
  SimStudyResults *r = g_new0(SimStudyResults, 1);
  r->provenance = g_strdup(provenance);
  r->n_runs = n_runs;
  r->vars = vars;
  r->rows = g_ptr_array_new_with_free_func((GDestroyNotify)row_free);
  return r;
}

void
sim_study_results_free(SimStudyResults *r)
{
  if (r == NULL)
    return;
  g_free(r->provenance);
  g_strfreev(r->vars);
  g_ptr_array_unref(r->rows);
  g_free(r);
}

guint64
sim_study_results_n_rows(const SimStudyResults *r)
{
  return r->rows->len;
}

const SimStudyRow *
sim_study_results_row(const SimStudyResults *r, guint64 i)
{
  return g_ptr_array_index(r->rows, (guint)i);
}

const char *const *
sim_study_results_vars(const SimStudyResults *r)
{
  return (const char *const *)r->vars;
}

/* ---- running ------------------------------------------------------------- */

typedef struct {
  guint64 run;
  GPtrArray *rows;
  GError *error;
} Job;

typedef struct {
  const SimStudy *study;
  GMutex lock;
  guint64 done, total;
  SimStudyProgress progress;
  gpointer user_data;
} Shared;

static gint
compare_times(gconstpointer a, gconstpointer b)
{
  SimTime x = *(const SimTime *)a, y = *(const SimTime *)b;
  return x < y ? -1 : x > y;
}

/* Nearest rank: the smallest value with at least q of the values at or
 * below it; integer arithmetic, so no rounding can differ. */
static SimTime
quantile(const GArray *sorted, guint num, guint den)
{
  guint64 n = sorted->len;
  guint64 rank = (n * num + den - 1) / den;
  return g_array_index(sorted, SimTime, rank > 0 ? rank - 1 : 0);
}

static void
run_job(gpointer data, gpointer user_data)
{
  Job *job = data;
  Shared *shared = user_data;
  const SimStudy *study = shared->study;
  SimStudyRun info;
  sim_study_run_info(study, job->run, &info);
  SimScenarioOverrides o = {
      .profile = sim_study_profile_override(study, info.profile),
      .seed = &info.seed,
  };
  SimRunOptions options = {.trace = "none"};
  /* Built here, not at load: a study holds one point's scenario per job. */
  g_autoptr(SimScenario) scenario = sim_study_point_load(study, info.point, &job->error);
  g_autoptr(SimRun) run =
      scenario ? sim_run_scenario(scenario, &o, &options, &job->error) : NULL;
  if (run != NULL) {
    const GPtrArray *specs = run->config->clients;
    SimStats stats;
    sim_model_stats(run->model, &stats);
    job->rows = g_ptr_array_new_with_free_func((GDestroyNotify)row_free);
    GArray **drops = g_new0(GArray *, specs->len);
    guint n_vars = sim_study_n_vars(study);
    for (guint g = 0; g < specs->len; g++) {
      const SimClientSpec *spec = g_ptr_array_index(specs, g);
      SimStudyRow *row = g_new0(SimStudyRow, 1);
      row->run = job->run;
      row->index = g;
      row->profile = g_strdup(sim_study_profile_name(study, info.point, info.profile));
      row->values = g_new0(char *, n_vars + 1);
      for (guint v = 0; v < n_vars; v++)
        row->values[v] = g_strdup(
            sim_study_var_column(study, v, sim_study_point_value(study, info.point, v)));
      row->repetition = info.repetition;
      row->seed = info.seed;
      row->group = g_strdup(spec->name);
      row->messages = stats.messages;
      row->events = stats.events;
      g_ptr_array_add(job->rows, row);
      drops[g] = g_array_new(FALSE, FALSE, sizeof(SimTime));
    }
    guint n = sim_model_n_clients(run->model);
    for (guint c = 0; c < n; c++) {
      guint member;
      guint g = sim_model_client_group(run->model, c, &member);
      SimStudyRow *row = g_ptr_array_index(job->rows, g);
      const SimClientSpec *spec = g_ptr_array_index(specs, g);
      SimResult result;
      sim_model_result(run->model, c, &result);
      row->clients++;
      if (result.outcome == SIM_OUTCOME_CONNECTED)
        row->connected++;
      else if (result.outcome == SIM_OUTCOME_QUIT)
        row->quit++;
      else {
        row->disconnected++;
        row->recv_idle += result.reason == SIM_REASON_RECV_IDLE;
        row->ping_timeout += result.reason == SIM_REASON_PING_TIMEOUT;
        SimTime ttd = result.time - spec->connect;
        g_array_append_val(drops[g], ttd);
      }
    }
    for (guint g = 0; g < specs->len; g++) {
      SimStudyRow *row = g_ptr_array_index(job->rows, g);
      g_array_sort(drops[g], compare_times);
      gboolean any = drops[g]->len > 0;
      row->ttd[SIM_TTD_MIN] = any ? quantile(drops[g], 0, 1) : -1;
      row->ttd[SIM_TTD_MEDIAN] = any ? quantile(drops[g], 1, 2) : -1;
      row->ttd[SIM_TTD_P90] = any ? quantile(drops[g], 9, 10) : -1;
      row->ttd[SIM_TTD_MAX] = any ? quantile(drops[g], 1, 1) : -1;
      g_array_unref(drops[g]);
    }
    g_free(drops);
  }
  g_mutex_lock(&shared->lock);
  shared->done++;
  if (shared->progress != NULL)
    shared->progress(shared->done, shared->total, shared->user_data);
  g_mutex_unlock(&shared->lock);
}

static void
job_free(Job *job)
{
  if (job->rows != NULL)
    g_ptr_array_unref(job->rows);
  g_clear_error(&job->error);
  g_free(job);
}

SimStudyResults *
sim_study_results_run(const SimStudy *study, const GArray *runs, guint threads,
                      SimStudyProgress progress, gpointer user_data, GError **error)
{
  g_autoptr(GArray) all = runs ? NULL : sim_study_map_parse_runs(study, NULL, NULL);
  if (runs == NULL)
    runs = all;
  g_autoptr(GPtrArray) jobs = g_ptr_array_new_with_free_func((GDestroyNotify)job_free);
  for (guint i = 0; i < runs->len; i++) {
    Job *job = g_new0(Job, 1);
    job->run = g_array_index(runs, guint64, i);
    g_ptr_array_add(jobs, job);
  }
  Shared shared = {
      .study = study,
      .total = runs->len,
      .progress = progress,
      .user_data = user_data,
  };
  g_mutex_init(&shared.lock);
  sim_run_each(jobs, run_job, &shared, threads);
  g_mutex_clear(&shared.lock);
  GStrv vars = g_new0(char *, sim_study_n_vars(study) + 1);
  for (guint v = 0; v < sim_study_n_vars(study); v++)
    vars[v] = g_strdup(sim_study_var_name(study, v));
  g_autofree char *provenance = sim_study_provenance(study);
  g_autoptr(SimStudyResults) r = results_new(provenance, sim_study_n_runs(study), vars);
  /* Jobs are in run order; the first failure (in that order) is reported. */
  for (guint i = 0; i < jobs->len; i++) {
    Job *job = g_ptr_array_index(jobs, i);
    if (job->error != NULL) {
      g_set_error(error, SIM_STUDY_RESULTS_ERROR, SIM_STUDY_RESULTS_ERROR_RUN,
                  "run %" G_GUINT64_FORMAT ": %s", job->run, job->error->message);
      return NULL;
    }
    g_ptr_array_extend_and_steal(r->rows, g_steal_pointer(&job->rows));
  }
  return g_steal_pointer(&r);
}

/* ---- runs.tsv ---------------------------------------------------------------- */

static void
append_ttd(GString *out, SimTime us)
{
  g_string_append_c(out, '\t');
  if (us < 0)
    g_string_append(out, "NA");
  else
    sim_duration_append_s(out, us);
}

static void
append_header(GString *out, const SimStudyResults *r, const char *const *before,
              const char *const *after)
{
  g_string_append_printf(out, "%s\n", r->provenance);
  for (const char *const *c = before; *c; c++)
    g_string_append_printf(out, "%s%s", c == before ? "" : "\t", *c);
  for (char **v = r->vars; *v; v++)
    g_string_append_printf(out, "\t%s", *v);
  for (const char *const *c = after; *c; c++)
    g_string_append_printf(out, "\t%s", *c);
  g_string_append_c(out, '\n');
}

static void
append_row(GString *out, const SimStudyRow *row)
{
  g_string_append_printf(out, "%" G_GUINT64_FORMAT "\t%s", row->run, row->profile);
  for (char **v = row->values; *v; v++)
    g_string_append_printf(out, "\t%s", *v);
  g_string_append_printf(
      out,
      "\t%u\t%" G_GUINT64_FORMAT "\t%s\t%" G_GUINT64_FORMAT "\t%" G_GUINT64_FORMAT
      "\t%" G_GUINT64_FORMAT "\t%" G_GUINT64_FORMAT "\t%" G_GUINT64_FORMAT
      "\t%" G_GUINT64_FORMAT,
      row->repetition, row->seed, row->group, row->clients, row->connected,
      row->disconnected, row->recv_idle, row->ping_timeout, row->quit);
  for (int q = 0; q < SIM_TTD_N; q++)
    append_ttd(out, row->ttd[q]);
  g_string_append_printf(out, "\t%" G_GUINT64_FORMAT "\t%" G_GUINT64_FORMAT "\n",
                         row->messages, row->events);
}

void
sim_study_results_append_runs(const SimStudyResults *r, GString *out)
{
  append_header(out, r, fixed_before, fixed_after);
  for (guint i = 0; i < r->rows->len; i++)
    append_row(out, g_ptr_array_index(r->rows, i));
}

static gboolean G_GNUC_PRINTF(4, 5)
    parse_fail(GError **error, const char *path, guint line, const char *format, ...)
{
  va_list args;
  va_start(args, format);
  char *message = g_strdup_vprintf(format, args);
  va_end(args);
  g_set_error(error, SIM_STUDY_RESULTS_ERROR, SIM_STUDY_RESULTS_ERROR_PARSE, "%s:%u: %s",
              path, line, message);
  g_free(message);
  return FALSE;
}

/* The run count in "# chatsim V; study sha256 H; N runs; command: ...". */
static gboolean
provenance_runs(const char *line, guint64 *n)
{
  if (!g_str_has_prefix(line, "# chatsim "))
    return FALSE;
  const char *p = strstr(line, "; study sha256 ");
  p = p ? strchr(p + 2, ';') : NULL;
  if (p == NULL || p[1] != ' ')
    return FALSE;
  char *end = NULL;
  *n = g_ascii_strtoull(p + 2, &end, 10);
  return end != p + 2 && g_str_has_prefix(end, " runs; command: ");
}

static gboolean
parse_uint(const char *text, guint64 *out)
{
  return g_ascii_string_to_unsigned(text, 10, 0, G_MAXUINT64, out, NULL);
}

static gboolean
parse_row(SimStudyResults *r, char **cells, const char *path, guint lineno,
          guint64 *last_run, guint *index, GError **error)
{
  guint n_vars = g_strv_length(r->vars);
  if (g_strv_length(cells) != 2 + n_vars + g_strv_length((char **)fixed_after))
    return parse_fail(error, path, lineno, "a row of %u cells, the header has %u",
                      g_strv_length(cells),
                      2 + n_vars + g_strv_length((char **)fixed_after));
  g_autoptr(GPtrArray) row_owner =
      g_ptr_array_new_with_free_func((GDestroyNotify)row_free);
  SimStudyRow *row = g_new0(SimStudyRow, 1);
  g_ptr_array_add(row_owner, row);
  row->profile = g_strdup(cells[1]);
  row->values = g_new0(char *, n_vars + 1);
  for (guint v = 0; v < n_vars; v++)
    row->values[v] = g_strdup(cells[2 + v]);
  char **c = cells + 2 + n_vars;
  row->group = g_strdup(c[2]);
  guint64 rep = 0;
  guint64 *numbers[] = {&row->run,       &rep,
                        &row->seed,      &row->clients,
                        &row->connected, &row->disconnected,
                        &row->recv_idle, &row->ping_timeout,
                        &row->quit,      &row->messages,
                        &row->events};
  const char *texts[] = {cells[0], c[0], c[1], c[3],  c[4], c[5],
                         c[6],     c[7], c[8], c[13], c[14]};
  for (guint i = 0; i < G_N_ELEMENTS(numbers); i++)
    if (!parse_uint(texts[i], numbers[i]))
      return parse_fail(error, path, lineno, "'%s' is not a whole number", texts[i]);
  if (rep > G_MAXUINT || row->run >= r->n_runs)
    return parse_fail(error, path, lineno, "run %s or repetition %s out of range",
                      cells[0], c[0]);
  row->repetition = (guint)rep;
  for (int q = 0; q < SIM_TTD_N; q++) {
    const char *t = c[9 + q];
    if (strcmp(t, "NA") == 0)
      row->ttd[q] = -1;
    else if (!sim_duration_parse(t, &row->ttd[q], NULL))
      return parse_fail(error, path, lineno, "'%s' is not a time in seconds or NA", t);
  }
  if (*last_run != G_MAXUINT64 && row->run < *last_run)
    return parse_fail(error, path, lineno,
                      "run %" G_GUINT64_FORMAT " comes after run %" G_GUINT64_FORMAT
                      "; rows are in run order",
                      row->run, *last_run);
  *index = *last_run == row->run ? *index + 1 : 0;
  row->index = *index;
  *last_run = row->run;
  g_ptr_array_add(r->rows, g_ptr_array_steal_index(row_owner, 0));
  return TRUE;
}

SimStudyResults *
sim_study_results_parse(const char *path, const char *text, gsize length, GError **error)
{
  g_autofree char *copy = g_strndup(text, length);
  g_auto(GStrv) lines = g_strsplit(copy, "\n", -1);
  guint64 n_runs = 0;
  if (lines[0] == NULL || !provenance_runs(lines[0], &n_runs)) {
    parse_fail(error, path, 1,
               "not a chatsim study runs.tsv: it starts with no '# chatsim ...; N runs; "
               "command: ...' line");
    return NULL;
  }
  g_auto(GStrv) header = lines[1] ? g_strsplit(lines[1], "\t", -1) : g_new0(char *, 1);
  guint n_cells = g_strv_length(header);
  guint n_after = g_strv_length((char **)fixed_after);
  gboolean ok = n_cells >= 2 + n_after && strcmp(header[0], "run") == 0 &&
                strcmp(header[1], "profile") == 0;
  for (guint i = 0; ok && i < n_after; i++)
    ok = strcmp(header[n_cells - n_after + i], fixed_after[i]) == 0;
  if (!ok) {
    parse_fail(error, path, 2, "not the header of a runs.tsv");
    return NULL;
  }
  GStrv vars = g_new0(char *, n_cells - n_after - 2 + 1);
  for (guint i = 2; i < n_cells - n_after; i++)
    vars[i - 2] = g_strdup(header[i]);
  g_autoptr(SimStudyResults) r = results_new(lines[0], n_runs, vars);
  guint64 last_run = G_MAXUINT64;
  guint index = 0;
  for (guint i = 2; lines[i] != NULL; i++) {
    if (lines[i][0] == '\0' && lines[i + 1] == NULL)
      break;
    g_auto(GStrv) cells = g_strsplit(lines[i], "\t", -1);
    if (!parse_row(r, cells, path, i + 1, &last_run, &index, error))
      return NULL;
  }
  return g_steal_pointer(&r);
}

SimStudyResults *
sim_study_results_load(const char *path, GError **error)
{
  g_autofree char *text = NULL;
  gsize length = 0;
  GError *local = NULL;
  if (!g_file_get_contents(path, &text, &length, &local)) {
    g_set_error(error, SIM_STUDY_RESULTS_ERROR, SIM_STUDY_RESULTS_ERROR_PARSE,
                "%s: cannot read: %s", path, local->message);
    g_error_free(local);
    return NULL;
  }
  return sim_study_results_parse(path, text, length, error);
}

/* ---- merging ------------------------------------------------------------------ */

static gint
compare_rows(gconstpointer a, gconstpointer b)
{
  const SimStudyRow *x = *(const SimStudyRow *const *)a;
  const SimStudyRow *y = *(const SimStudyRow *const *)b;
  if (x->run != y->run)
    return x->run < y->run ? -1 : 1;
  return x->index < y->index ? -1 : x->index > y->index;
}

static char *
row_text(const SimStudyRow *row)
{
  GString *s = g_string_new(NULL);
  append_row(s, row);
  return g_string_free(s, FALSE);
}

/* Sorts the rows and drops a run given twice, if both copies agree; on a
 * disagreement the rows stay, sorted. */
static gboolean
settle(SimStudyResults *r, GError **error)
{
  g_ptr_array_sort(r->rows, compare_rows);
  for (guint i = 1; i < r->rows->len; i++) {
    SimStudyRow *prev = g_ptr_array_index(r->rows, i - 1);
    SimStudyRow *row = g_ptr_array_index(r->rows, i);
    if (compare_rows(&prev, &row) != 0)
      continue;
    g_autofree char *a = row_text(prev);
    g_autofree char *b = row_text(row);
    if (strcmp(a, b) != 0) {
      g_set_error(error, SIM_STUDY_RESULTS_ERROR, SIM_STUDY_RESULTS_ERROR_MISMATCH,
                  "run %" G_GUINT64_FORMAT " is given twice with different results",
                  row->run);
      return FALSE;
    }
  }
  GPtrArray *kept = g_ptr_array_new_full(r->rows->len, (GDestroyNotify)row_free);
  for (guint i = 0; i < r->rows->len; i++) {
    SimStudyRow *row = g_ptr_array_index(r->rows, i);
    SimStudyRow *prev = kept->len ? g_ptr_array_index(kept, kept->len - 1) : NULL;
    if (prev != NULL && compare_rows(&prev, &row) == 0)
      row_free(row);
    else
      g_ptr_array_add(kept, row);
  }
  /* The rows moved to `kept` or were freed: drop the old array alone. */
  g_free(g_ptr_array_free(r->rows, FALSE));
  r->rows = kept;
  return TRUE;
}

gboolean
sim_study_results_merge(SimStudyResults *into, SimStudyResults *from, GError **error)
{
  if (strcmp(into->provenance, from->provenance) != 0 ||
      !g_strv_equal((const char *const *)into->vars, (const char *const *)from->vars)) {
    g_set_error(error, SIM_STUDY_RESULTS_ERROR, SIM_STUDY_RESULTS_ERROR_MISMATCH,
                "not the same study: '%s' and '%s' differ; merge only the slices of one "
                "study file, version and --set options",
                into->provenance, from->provenance);
    return FALSE;
  }
  GPtrArray *rows = from->rows;
  from->rows = g_ptr_array_new_with_free_func((GDestroyNotify)row_free);
  g_ptr_array_extend_and_steal(into->rows, rows);
  return settle(into, error);
}

gboolean
sim_study_results_complete(const SimStudyResults *r, GError **error)
{
  guint64 expect = 0;
  GString *missing = g_string_new(NULL);
  guint ranges = 0;
  for (guint i = 0; i <= r->rows->len; i++) {
    guint64 run = i < r->rows->len
                      ? ((const SimStudyRow *)g_ptr_array_index(r->rows, i))->run
                      : r->n_runs;
    if (run > expect && ranges++ < 5)
      g_string_append_printf(missing, "%s%" G_GUINT64_FORMAT, missing->len ? "," : "",
                             expect);
    if (run > expect + 1 && ranges <= 5)
      g_string_append_printf(missing, "..%" G_GUINT64_FORMAT, run - 1);
    expect = run + 1;
  }
  gboolean ok = ranges == 0;
  if (!ok)
    g_set_error(error, SIM_STUDY_RESULTS_ERROR, SIM_STUDY_RESULTS_ERROR_MISSING,
                "runs %s%s of %" G_GUINT64_FORMAT
                " are missing; merge the slices of every run, or run them with --runs "
                "%s",
                missing->str, ranges > 5 ? ",..." : "", r->n_runs, missing->str);
  g_string_free(missing, TRUE);
  return ok;
}

/* ---- points.tsv ---------------------------------------------------------------- */

static const char *const points_before[] = {"profile", NULL};
static const char *const points_after[] = {
    "group",   "runs",     "clients",    "drops",   "p_drop", "ci_low",
    "ci_high", "ttd_mean", "ttd_median", "ttd_p90", NULL,
};

void
sim_study_wilson(guint64 k, guint64 n, double *low, double *high)
{
  if (n == 0) {
    *low = 0;
    *high = 1;
    return;
  }
  const double z = 1.959963984540054;
  double p = (double)k / (double)n;
  double nn = (double)n;
  double denom = 1 + z * z / nn;
  double center = (p + z * z / (2 * nn)) / denom;
  double half = z * sqrt(p * (1 - p) / nn + z * z / (4 * nn * nn)) / denom;
  *low = MAX(0.0, center - half);
  *high = MIN(1.0, center + half);
}

typedef struct {
  const char *group;
  guint64 runs, clients, drops;
  GArray *medians; /* SimTime: each run's median time to drop, when any */
} Acc;

static void
flush_point(GArray *points, const SimStudyRow *first, GArray *accs)
{
  for (guint g = 0; g < accs->len; g++) {
    Acc *a = &g_array_index(accs, Acc, g);
    SimStudyPoint p = {
        .profile = first->profile,
        .values = (const char *const *)first->values,
        .group = a->group,
        .runs = a->runs,
        .clients = a->clients,
        .drops = a->drops,
        .p_drop = a->clients ? (double)a->drops / (double)a->clients : 0,
        .ttd_mean_s = -1,
        .ttd_median = -1,
        .ttd_p90 = -1,
    };
    sim_study_wilson(a->drops, a->clients, &p.ci_low, &p.ci_high);
    if (a->medians->len > 0) {
      double sum = 0;
      for (guint i = 0; i < a->medians->len; i++)
        sum += (double)g_array_index(a->medians, SimTime, i);
      p.ttd_mean_s = sum / a->medians->len / 1e6;
      g_array_sort(a->medians, compare_times);
      p.ttd_median = quantile(a->medians, 1, 2);
      p.ttd_p90 = quantile(a->medians, 9, 10);
    }
    g_array_append_val(points, p);
    g_array_unref(a->medians);
  }
  g_array_set_size(accs, 0);
}

static gboolean
same_point(const SimStudyRow *a, const SimStudyRow *b)
{
  return strcmp(a->profile, b->profile) == 0 &&
         g_strv_equal((const char *const *)a->values, (const char *const *)b->values);
}

GArray *
sim_study_results_points(const SimStudyResults *r)
{
  GArray *points = g_array_new(FALSE, FALSE, sizeof(SimStudyPoint));
  /* Rows of one (point, profile) are adjacent: the repetition varies fastest. */
  GArray *accs = g_array_new(FALSE, TRUE, sizeof(Acc));
  const SimStudyRow *first = NULL;
  for (guint i = 0; i < r->rows->len; i++) {
    const SimStudyRow *row = g_ptr_array_index(r->rows, i);
    if (first != NULL && !same_point(first, row)) {
      flush_point(points, first, accs);
      first = NULL;
    }
    if (first == NULL)
      first = row;
    if (row->index >= accs->len) {
      g_array_set_size(accs, row->index + 1);
      Acc *a = &g_array_index(accs, Acc, row->index);
      a->group = row->group;
      a->medians = g_array_new(FALSE, FALSE, sizeof(SimTime));
    }
    Acc *a = &g_array_index(accs, Acc, row->index);
    a->runs++;
    a->clients += row->clients;
    a->drops += row->disconnected;
    if (row->ttd[SIM_TTD_MEDIAN] >= 0)
      g_array_append_val(a->medians, row->ttd[SIM_TTD_MEDIAN]);
  }
  if (first != NULL)
    flush_point(points, first, accs);
  g_array_unref(accs);
  return points;
}

const char *
sim_study_results_provenance(const SimStudyResults *r)
{
  return r->provenance;
}

static void
append_fraction(GString *out, double x)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];
  g_string_append_printf(out, "\t%s", g_ascii_formatd(buf, sizeof buf, "%.6f", x));
}

void
sim_study_results_append_points(const SimStudyResults *r, GString *out)
{
  append_header(out, r, points_before, points_after);
  GArray *points = sim_study_results_points(r);
  for (guint i = 0; i < points->len; i++) {
    const SimStudyPoint *p = &g_array_index(points, SimStudyPoint, i);
    g_string_append(out, p->profile);
    for (const char *const *v = p->values; *v; v++)
      g_string_append_printf(out, "\t%s", *v);
    g_string_append_printf(
        out, "\t%s\t%" G_GUINT64_FORMAT "\t%" G_GUINT64_FORMAT "\t%" G_GUINT64_FORMAT,
        p->group, p->runs, p->clients, p->drops);
    append_fraction(out, p->p_drop);
    append_fraction(out, p->ci_low);
    append_fraction(out, p->ci_high);
    if (p->ttd_mean_s < 0)
      g_string_append(out, "\tNA");
    else
      append_fraction(out, p->ttd_mean_s);
    append_ttd(out, p->ttd_median);
    append_ttd(out, p->ttd_p90);
    g_string_append_c(out, '\n');
  }
  g_array_unref(points);
}

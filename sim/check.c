/* check.c: each (scenario, profile) pair is one job; jobs run in parallel
 * and each keeps its own verdicts, so the report's order is the files'. */
#include "chatsim/check.h"

#include "chatsim/duration.h"
#include "chatsim/output.h"

#include <string.h>

G_DEFINE_QUARK(chatsim_check_error, sim_check_error)

typedef struct {
  const SimScenario *scenario;
  const char *profile;
  const SimCheckOptions *options;
  GPtrArray *items; /* SimCheckItem * */
  char *golden_path;
  gboolean golden_updated;
  GError *error;
} Job;

static void
item_free(SimCheckItem *item)
{
  if (item == NULL)
    return;
  g_free(item->scenario);
  g_free(item->profile);
  g_free(item->message);
  g_free(item);
}

void
sim_check_report_free(SimCheckReport *report)
{
  if (report == NULL)
    return;
  g_ptr_array_unref(report->items);
  g_ptr_array_unref(report->updated);
  g_ptr_array_unref(report->unchanged);
  g_ptr_array_unref(report->skipped);
  g_ptr_array_unref(report->errors);
  g_free(report);
}

gboolean
sim_check_expectation(const SimExpectation *e, const SimResult *r)
{
  if (r->outcome != e->outcome)
    return FALSE;
  if (e->has_at && (r->time < e->at - e->tolerance || r->time > e->at + e->tolerance))
    return FALSE;
  return e->reason == SIM_REASON_NONE || e->reason == r->reason;
}

static void
add_item(Job *job, gboolean passed, char *message)
{
  SimCheckItem *item = g_new0(SimCheckItem, 1);
  item->scenario = g_strdup(sim_scenario_path(job->scenario));
  item->profile = g_strdup(job->profile);
  item->passed = passed;
  item->message = message;
  g_ptr_array_add(job->items, item);
}

static void
append_actual(GString *s, const SimModel *model, guint client, const SimResult *r)
{
  g_string_append(s, sim_outcome_name(r->outcome));
  char *t = sim_duration_format_s(r->time, 6);
  if (r->outcome == SIM_OUTCOME_CONNECTED)
    g_string_append_printf(s, " at the end (%s s)", t);
  else
    g_string_append_printf(s, " at %s s (%s)", t, sim_reason_name(r->reason));
  g_free(t);
  if (r->outcome == SIM_OUTCOME_DISCONNECTED) {
    g_string_append(s, ": ");
    sim_model_append_why(model, client, s);
  }
}

/* An [expect VERSION] line for the same client replaces the [expect] one. */
static gboolean
overridden(const GPtrArray *all, const char *client, const char *profile)
{
  for (guint i = 0; i < all->len; i++) {
    const SimExpectation *e = g_ptr_array_index(all, i);
    if (e->profile != NULL && strcmp(e->profile, profile) == 0 &&
        strcmp(e->client, client) == 0)
      return TRUE;
  }
  return FALSE;
}

static void
check_expectations(Job *job, const SimRun *run)
{
  const GPtrArray *all = sim_scenario_expectations(job->scenario);
  for (guint i = 0; i < all->len; i++) {
    const SimExpectation *e = g_ptr_array_index(all, i);
    if (e->profile != NULL ? strcmp(e->profile, job->profile) != 0
                           : overridden(all, e->client, job->profile))
      continue;
    guint first = 0, n = 0, bad = 0, first_bad = 0;
    gboolean found = sim_scenario_members(job->scenario, e->client, &first, &n);
    g_assert(found); /* checked at load */
    for (guint c = first; c < first + n; c++) {
      SimResult r;
      sim_model_result(run->model, c, &r);
      if (!sim_check_expectation(e, &r) && bad++ == 0)
        first_bad = c;
    }
    if (bad == 0) {
      add_item(job, TRUE, NULL);
      continue;
    }
    SimResult r;
    sim_model_result(run->model, first_bad, &r);
    GString *m = g_string_new(NULL);
    g_string_append_printf(m,
                           "%s:%u: [%s%s%s] %s = %s: ", sim_scenario_path(job->scenario),
                           e->line, "expect", e->profile ? " " : "",
                           e->profile ? e->profile : "", e->client, e->text);
    if (e->profile == NULL)
      g_string_append_printf(m, "under %s, ", job->profile);
    sim_model_append_name(run->model, first_bad, m);
    g_string_append(m, " was ");
    append_actual(m, run->model, first_bad, &r);
    if (n > 1)
      g_string_append_printf(m, " (%u of %u members differ)", bad, n);
    add_item(job, FALSE, g_string_free(m, FALSE));
  }
}

/* The time_us column of a timeline line, or -1 (the header, end of file). */
static gint64
line_time(const char *line)
{
  if (!g_ascii_isdigit(line[0]))
    return -1;
  return g_ascii_strtoll(line, NULL, 10);
}

/* The first differing line, when it happened, and how many lines differ. */
static char *
golden_diff(const char *path, const char *expected, const char *actual)
{
  char **want = g_strsplit(expected, "\n", -1);
  char **got = g_strsplit(actual, "\n", -1);
  guint nw = g_strv_length(want), ng = g_strv_length(got);
  guint differ = 0, first = G_MAXUINT;
  for (guint i = 0; i < MAX(nw, ng); i++)
    if (i >= nw || i >= ng || strcmp(want[i], got[i]) != 0) {
      differ++;
      if (first == G_MAXUINT)
        first = i;
    }
  const char *w = first < nw ? want[first] : "(end of file)";
  const char *g = first < ng ? got[first] : "(end of file)";
  /* Where behaviour first diverged: the earlier time of the two lines. */
  gint64 tw = line_time(w), tg = line_time(g);
  gint64 t = tw < 0 ? tg : tg < 0 ? tw : MIN(tw, tg);
  char *seconds = t >= 0 ? sim_duration_format_s(t, 6) : NULL;
  char *when = seconds ? g_strdup_printf(" (t=%s s)", seconds) : g_strdup("");
  g_free(seconds);
  char *m = g_strdup_printf("golden timeline %s differs: %u line%s differ; the first is "
                            "line %u%s:\n    expected: %s\n    actual:   %s",
                            path, differ, differ == 1 ? "" : "s", first + 1, when, w, g);
  g_free(when);
  g_strfreev(want);
  g_strfreev(got);
  return m;
}

/* The golden file's stem: the scenario's name, or its file's name without
 * ".ini" when it has none. */
static char *
golden_stem(const SimScenario *s)
{
  const char *name = sim_scenario_name(s);
  g_autofree char *base = g_path_get_basename(sim_scenario_path(s));
  if (strcmp(name, base) == 0 && g_str_has_suffix(base, ".ini"))
    return g_strndup(base, strlen(base) - strlen(".ini"));
  return g_strdup(name);
}

/* Golden timelines are compared unless the seed is not the file's. */
static const char *
golden_dir(const Job *job)
{
  return job->options->seed != NULL ? NULL : sim_scenario_golden(job->scenario);
}

static void
check_golden(Job *job, const SimRun *run)
{
  const char *dir = golden_dir(job);
  if (dir == NULL)
    return;
  g_autofree char *stem = golden_stem(job->scenario);
  char *base = g_strdup_printf("%s.%s.tsv", stem, job->profile);
  job->golden_path = g_build_filename(dir, base, NULL);
  g_free(base);
  char *expected = NULL;
  gsize length = 0;
  gboolean have = g_file_get_contents(job->golden_path, &expected, &length, NULL);
  gboolean same = have && length == run->timeline->len &&
                  memcmp(expected, run->timeline->str, length) == 0;
  if (job->options->update_golden) {
    if (!same) {
      g_mkdir_with_parents(dir, 0755);
      job->golden_updated = sim_output_save(job->golden_path, run->timeline->str,
                                            run->timeline->len, &job->error);
    }
  } else if (!have) {
    add_item(job, FALSE,
             g_strdup_printf("%s: no golden timeline %s; write it with chatsim check "
                             "--update-golden",
                             sim_scenario_path(job->scenario), job->golden_path));
  } else if (!same) {
    char *diff = golden_diff(job->golden_path, expected, run->timeline->str);
    add_item(job, FALSE,
             g_strdup_printf("%s [%s]: %s", sim_scenario_path(job->scenario),
                             job->profile, diff));
    g_free(diff);
  } else
    add_item(job, TRUE, NULL);
  g_free(expected);
}

static void
job_run(gpointer data, gpointer user_data)
{
  (void)user_data;
  Job *job = data;
  if (job->profile == NULL) {
    add_item(job, FALSE,
             g_strdup_printf("%s: golden = is set but there is no version to run: give "
                             "[scenario] profile or check_profiles",
                             sim_scenario_path(job->scenario)));
    return;
  }
  SimScenarioOverrides o = {.profile = job->profile, .seed = job->options->seed};
  SimRunOptions options = {.keep_timeline = golden_dir(job) != NULL};
  g_autoptr(SimRun) run = sim_run_scenario(job->scenario, &o, &options, &job->error);
  if (run == NULL)
    return;
  check_expectations(job, run);
  check_golden(job, run);
  if (job->options->twice) {
    g_autoptr(SimRun) again = sim_run_scenario(job->scenario, &o, NULL, &job->error);
    if (again == NULL)
      return;
    gboolean same = strcmp(run->sha256, again->sha256) == 0;
    add_item(job, same,
             same ? NULL
                  : g_strdup_printf("%s [%s]: not deterministic: two runs gave timelines "
                                    "with sha256 %s and %s",
                                    sim_scenario_path(job->scenario), job->profile,
                                    run->sha256, again->sha256));
  }
}

static gint
compare_strings(gconstpointer a, gconstpointer b)
{
  return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static gboolean
collect(const char *path, GPtrArray *files, GError **error)
{
  if (!g_file_test(path, G_FILE_TEST_EXISTS)) {
    g_set_error(error, SIM_CHECK_ERROR, SIM_CHECK_ERROR_PATH,
                "%s: no such file or directory", path);
    return FALSE;
  }
  if (!g_file_test(path, G_FILE_TEST_IS_DIR)) {
    g_ptr_array_add(files, g_strdup(path));
    return TRUE;
  }
  GError *local = NULL;
  GDir *dir = g_dir_open(path, 0, &local);
  if (dir == NULL) {
    g_set_error(error, SIM_CHECK_ERROR, SIM_CHECK_ERROR_PATH, "%s: %s", path,
                local->message);
    g_error_free(local);
    return FALSE;
  }
  GPtrArray *names = g_ptr_array_new_with_free_func(g_free);
  const char *name;
  while ((name = g_dir_read_name(dir)) != NULL)
    g_ptr_array_add(names, g_strdup(name));
  g_dir_close(dir);
  /* Directory order is the file system's; sort for a stable report. */
  g_ptr_array_sort(names, compare_strings);
  gboolean ok = TRUE;
  for (guint i = 0; ok && i < names->len; i++) {
    char *child = g_build_filename(path, g_ptr_array_index(names, i), NULL);
    if (g_file_test(child, G_FILE_TEST_IS_DIR))
      ok = collect(child, files, error);
    else if (g_str_has_suffix(child, ".ini"))
      g_ptr_array_add(files, g_strdup(child));
    g_free(child);
  }
  g_ptr_array_unref(names);
  return ok;
}

/* Records what could not be checked and why; the rest goes on. */
static void
add_error(SimCheckReport *report, GError *error)
{
  g_ptr_array_add(report->errors, g_strdup(error->message));
  g_error_free(error);
}

/* Each job in flight holds a model: a file whose runs, as many at once as
 * --jobs lets run, would not fit in memory is reported and not run. */
static void
drop_too_large(GPtrArray *jobs, guint threads, SimCheckReport *report)
{
  guint kept = 0, total = jobs->len;
  gboolean fits = TRUE;
  const SimScenario *last = NULL; /* a file's jobs stand together */
  for (guint j = 0; j < total; j++) {
    Job *job = g_ptr_array_index(jobs, j);
    GError *error = NULL;
    if (job->scenario != last) {
      last = job->scenario;
      fits = sim_scenario_check_memory(job->scenario, threads, total, &error);
      if (!fits)
        add_error(report, error);
    }
    if (fits)
      jobs->pdata[kept++] = job;
    else {
      g_ptr_array_unref(job->items);
      g_free(job);
    }
  }
  g_ptr_array_set_size(jobs, kept);
}

SimCheckReport *
sim_check_paths(const char *const *paths, const SimCheckOptions *options)
{
  g_autoptr(SimCheckReport) report = g_new0(SimCheckReport, 1);
  report->items = g_ptr_array_new_with_free_func((GDestroyNotify)item_free);
  report->updated = g_ptr_array_new_with_free_func(g_free);
  report->unchanged = g_ptr_array_new_with_free_func(g_free);
  report->skipped = g_ptr_array_new_with_free_func(g_free);
  report->errors = g_ptr_array_new_with_free_func(g_free);
  g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func(g_free);
  for (const char *const *p = paths; *p; p++) {
    GError *error = NULL;
    if (!collect(*p, files, &error))
      add_error(report, error);
  }
  g_autoptr(GPtrArray) scenarios =
      g_ptr_array_new_with_free_func((GDestroyNotify)sim_scenario_free);
  g_autoptr(GPtrArray) jobs = g_ptr_array_new();
  guint n_given = 0;
  while (options->profiles != NULL && options->profiles[n_given] != NULL)
    n_given++;
  for (guint i = 0; i < files->len; i++) {
    GError *error = NULL;
    SimScenario *s = sim_scenario_load(g_ptr_array_index(files, i), &error);
    if (s == NULL) {
      add_error(report, error);
      continue;
    }
    g_ptr_array_add(scenarios, s);
    const GPtrArray *profiles = sim_scenario_check_profiles(s);
    if (sim_scenario_expectations(s)->len == 0 && sim_scenario_golden(s) == NULL) {
      g_ptr_array_add(report->skipped, g_strdup(sim_scenario_path(s)));
      continue;
    }
    /* A golden directory alone checks the file's own profile. */
    const char *own = sim_scenario_profile(s);
    guint n = n_given                         ? n_given
              : profiles->len                 ? profiles->len
              : sim_scenario_golden(s) && own ? 1
                                              : 0;
    /* Something to check but no version to check it under: a job that
     * fails, in its file's place, rather than a silent pass. */
    gboolean stranded = n == 0 && (sim_scenario_expectations(s)->len > 0 ||
                                   sim_scenario_golden(s) != NULL);
    for (guint p = 0; p < n || (stranded && p == 0); p++) {
      Job *job = g_new0(Job, 1);
      job->scenario = s;
      job->profile = stranded        ? NULL
                     : n_given       ? options->profiles[p]
                     : profiles->len ? g_ptr_array_index(profiles, p)
                                     : own;
      job->options = options;
      job->items = g_ptr_array_new_with_free_func((GDestroyNotify)item_free);
      g_ptr_array_add(jobs, job);
    }
  }
  drop_too_large(jobs, options->threads, report);
  sim_run_each(jobs, job_run, NULL, options->threads);
  for (guint j = 0; j < jobs->len; j++) {
    Job *job = g_ptr_array_index(jobs, j);
    if (job->error != NULL)
      add_error(report, g_steal_pointer(&job->error));
    for (guint i = 0; i < job->items->len; i++) {
      SimCheckItem *item = g_ptr_array_index(job->items, i);
      if (item->passed)
        report->passed++;
      else
        report->failed++;
      g_ptr_array_add(report->items, g_steal_pointer(&job->items->pdata[i]));
    }
    if (job->golden_path != NULL && options->update_golden)
      g_ptr_array_add(job->golden_updated ? report->updated : report->unchanged,
                      g_strdup(job->golden_path));
    g_ptr_array_unref(job->items);
    g_free(job->golden_path);
    g_free(job);
  }
  return g_steal_pointer(&report);
}

/* compare.c: the version matrix of `chatsim compare`. */
#include "chatsim/compare.h"

#include "chatsim/duration.h"
#include "chatsim/report.h"

#include <string.h>

typedef struct {
  const SimScenario *scenario;
  const SimScenarioOverrides *overrides;
  const char *profile;
  SimRun *run;
  GError *error;
} Job;

static void
job_run(gpointer data, gpointer user_data)
{
  (void)user_data;
  Job *job = data;
  SimScenarioOverrides o = {.profile = job->profile};
  if (job->overrides != NULL) {
    o.seed = job->overrides->seed;
    o.duration = job->overrides->duration;
  }
  SimRunOptions options = {.trace = "none"};
  job->run = sim_run_scenario(job->scenario, &o, &options, &job->error);
}

SimCompare *
sim_compare_run(const SimScenario *scenario, const char *const *profiles,
                const SimScenarioOverrides *overrides, guint jobs, GError **error)
{
  g_return_val_if_fail(profiles == NULL || profiles[0] != NULL, NULL);
  g_autoptr(SimCompare) cmp = g_new0(SimCompare, 1);
  cmp->profiles = g_ptr_array_new_with_free_func(g_free);
  cmp->runs = g_ptr_array_new_with_free_func((GDestroyNotify)sim_run_free);
  if (profiles == NULL) {
    gsize n;
    const SimProfile *all = sim_profile_all(&n);
    for (gsize i = 0; i < n; i++)
      g_ptr_array_add(cmp->profiles, g_strdup(all[i].version));
  } else
    for (const char *const *p = profiles; *p; p++)
      g_ptr_array_add(cmp->profiles, g_strdup(*p));

  if (!sim_scenario_check_memory(scenario, jobs, cmp->profiles->len, error))
    return NULL;
  GPtrArray *queue = g_ptr_array_new_with_free_func(g_free);
  for (guint i = 0; i < cmp->profiles->len; i++) {
    Job *job = g_new0(Job, 1);
    job->scenario = scenario;
    job->overrides = overrides;
    job->profile = g_ptr_array_index(cmp->profiles, i);
    g_ptr_array_add(queue, job);
  }
  sim_run_each(queue, job_run, NULL, jobs);
  gboolean ok = TRUE;
  for (guint i = 0; i < queue->len; i++) {
    Job *job = g_ptr_array_index(queue, i);
    if (job->error != NULL && ok)
      g_propagate_error(error, g_steal_pointer(&job->error));
    g_clear_error(&job->error);
    ok = ok && job->run != NULL;
    g_ptr_array_add(cmp->runs, job->run);
  }
  g_ptr_array_unref(queue);
  return ok ? g_steal_pointer(&cmp) : NULL;
}

void
sim_compare_free(SimCompare *cmp)
{
  if (cmp == NULL)
    return;
  g_ptr_array_unref(cmp->profiles);
  g_ptr_array_unref(cmp->runs);
  g_free(cmp);
}

/* Seconds with at most 3 decimals and no trailing zeros: "600.04s". */
static char *
short_time(SimTime t)
{
  char *s = sim_duration_format_s(t, 3);
  gsize n = strlen(s);
  while (s[n - 1] == '0')
    s[--n] = '\0';
  if (s[n - 1] == '.')
    s[--n] = '\0';
  char *r = g_strconcat(s, "s", NULL);
  g_free(s);
  return r;
}

char *
sim_compare_cell(const SimResult *r)
{
  if (r->outcome == SIM_OUTCOME_CONNECTED)
    return g_strdup("ok");
  char *t = short_time(r->time);
  char *cell = r->outcome == SIM_OUTCOME_QUIT
                   ? g_strdup_printf("quit %s", t)
                   : g_strdup_printf("drop %s %s", t, sim_reason_name(r->reason));
  g_free(t);
  return cell;
}

/* The column header: the alias where the version is a profile's own. */
static const char *
header(const char *version)
{
  const SimProfile *p = sim_profile_resolve(version, NULL);
  if (p != NULL && p->alias != NULL && strcmp(p->version, version) == 0)
    return p->alias;
  return version;
}

static const SimModel *
model_at(const SimCompare *cmp, guint p)
{
  return ((SimRun *)g_ptr_array_index(cmp->runs, p))->model;
}

/* A row of the matrix: one client, or the members of a count group whose
 * outcome and reason are the same under each profile (a "class"). */
typedef struct {
  char *label;
  char **cells; /* one per profile */
  guint members;
  gboolean same;   /* every cell the same */
  gboolean listed; /* already named in a "the same under every profile" line */
} Row;

static void
row_free(Row *row)
{
  g_free(row->label);
  g_strfreev(row->cells);
  g_free(row);
}

static Row *
client_row(const SimCompare *cmp, guint client)
{
  guint n = cmp->runs->len;
  Row *row = g_new0(Row, 1);
  GString *name = g_string_new(NULL);
  sim_model_append_name(model_at(cmp, 0), client, name);
  row->label = g_string_free(name, FALSE);
  row->cells = g_new0(char *, n + 1);
  row->members = 1;
  row->same = TRUE;
  for (guint p = 0; p < n; p++) {
    SimResult r;
    sim_model_result(model_at(cmp, p), client, &r);
    row->cells[p] = sim_compare_cell(&r);
    row->same = row->same && strcmp(row->cells[p], row->cells[0]) == 0;
  }
  return row;
}

/* Outcome and reason in one byte, never 0 (the key is a string). */
static char
result_key(const SimResult *r)
{
  return (char)(1 + r->outcome * 8 + r->reason);
}

/* The cell of a class under one profile: a single client's cell when every
 * member has the same time, else the first and median times. */
static char *
class_cell(const SimModel *model, const guint *class_of, guint first, guint count,
           guint k, GArray *times)
{
  g_array_set_size(times, 0);
  SimResult r = {0};
  for (guint m = 0; m < count; m++)
    if (class_of[m] == k) {
      sim_model_result(model, first + m, &r);
      g_array_append_val(times, r.time);
    }
  SimReportTimes t;
  sim_report_times(times, &t);
  r.time = t.first;
  if (r.outcome == SIM_OUTCOME_CONNECTED || t.first == t.last)
    return sim_compare_cell(&r);
  char *at = short_time(t.first), *median = short_time(t.median);
  char *cell = r.outcome == SIM_OUTCOME_QUIT
                   ? g_strdup_printf("quit, first %s, median %s", at, median)
                   : g_strdup_printf("drop %s, first %s, median %s",
                                     sim_reason_name(r.reason), at, median);
  g_free(at);
  g_free(median);
  return cell;
}

/* The rows of one count group: one per class, in order of the class's
 * first member; a class of one is that client's own row. */
static void
group_rows(const SimCompare *cmp, const SimClientSpec *spec, guint first, GPtrArray *rows)
{
  guint n = cmp->runs->len;
  guint *class_of = g_new(guint, spec->count);
  GPtrArray *keys = g_ptr_array_new_with_free_func(g_free); /* in first-seen order */
  GArray *sizes = g_array_new(FALSE, TRUE, sizeof(guint));
  GArray *firsts = g_array_new(FALSE, FALSE, sizeof(guint));
  /* Only for lookup: the output follows `keys`. */
  GHashTable *index = g_hash_table_new(g_str_hash, g_str_equal);
  char *key = g_new0(char, n + 1);
  for (guint m = 0; m < spec->count; m++) {
    for (guint p = 0; p < n; p++) {
      SimResult r;
      sim_model_result(model_at(cmp, p), first + m, &r);
      key[p] = result_key(&r);
    }
    gpointer found;
    if (!g_hash_table_lookup_extended(index, key, NULL, &found)) {
      found = GUINT_TO_POINTER(keys->len);
      char *copy = g_strdup(key);
      g_ptr_array_add(keys, copy);
      g_hash_table_insert(index, copy, found);
      g_array_set_size(sizes, keys->len);
      guint member = m;
      g_array_append_val(firsts, member);
    }
    class_of[m] = GPOINTER_TO_UINT(found);
    g_array_index(sizes, guint, class_of[m])++;
  }
  GArray *times = g_array_new(FALSE, FALSE, sizeof(SimTime));
  for (guint k = 0; k < keys->len; k++) {
    guint size = g_array_index(sizes, guint, k);
    if (size == 1) {
      g_ptr_array_add(rows, client_row(cmp, first + g_array_index(firsts, guint, k)));
      continue;
    }
    Row *row = g_new0(Row, 1);
    GString *label = g_string_new(NULL);
    sim_report_append_share(label, spec->name, size, spec->count);
    row->label = g_string_free(label, FALSE);
    row->cells = g_new0(char *, n + 1);
    row->members = size;
    row->same = TRUE;
    for (guint p = 0; p < n; p++) {
      row->cells[p] =
          class_cell(model_at(cmp, p), class_of, first, spec->count, k, times);
      row->same = row->same && strcmp(row->cells[p], row->cells[0]) == 0;
    }
    g_ptr_array_add(rows, row);
  }
  g_array_free(times, TRUE);
  g_hash_table_unref(index);
  g_free(key);
  g_array_free(firsts, TRUE);
  g_array_free(sizes, TRUE);
  g_ptr_array_unref(keys);
  g_free(class_of);
}

static void
write_row(SimOutput *out, GString *line, const char *first, guint first_width,
          char **cells, const guint *widths, guint n)
{
  g_string_truncate(line, 0);
  g_string_append_printf(line, "%-*s", (int)first_width, first);
  for (guint p = 0; p < n; p++)
    g_string_append_printf(line, "  %-*s", (int)widths[p], cells[p]);
  while (line->len > 0 && line->str[line->len - 1] == ' ')
    g_string_truncate(line, line->len - 1);
  g_string_append_c(line, '\n');
  sim_output_puts(out, line);
}

static void
measure(const Row *row, guint n, guint *label_width, guint *widths)
{
  *label_width = MAX(*label_width, (guint)strlen(row->label));
  for (guint p = 0; p < n; p++)
    widths[p] = MAX(widths[p], (guint)strlen(row->cells[p]));
}

/* --all-rows: a row per client, measured in one pass and written in a
 * second, so nothing grows with the number of clients. */
static void
write_all_rows(const SimCompare *cmp, char **heads, guint *widths, SimOutput *out)
{
  guint n = cmp->runs->len, clients = sim_model_n_clients(model_at(cmp, 0));
  guint label_width = strlen("client");
  for (guint c = 0; c < clients; c++) {
    Row *row = client_row(cmp, c);
    measure(row, n, &label_width, widths);
    row_free(row);
  }
  GString *line = g_string_new(NULL);
  write_row(out, line, "client", label_width, heads, widths, n);
  for (guint c = 0; c < clients; c++) {
    Row *row = client_row(cmp, c);
    write_row(out, line, row->label, label_width, row->cells, widths, n);
    row_free(row);
  }
  g_string_free(line, TRUE);
}

void
sim_compare_text(const SimCompare *cmp, gboolean all_rows, SimOutput *out)
{
  guint n = cmp->runs->len;
  char **heads = g_new0(char *, n + 1);
  guint *widths = g_new0(guint, n);
  for (guint p = 0; p < n; p++) {
    heads[p] = (char *)header(g_ptr_array_index(cmp->profiles, p));
    widths[p] = strlen(heads[p]);
  }
  if (all_rows) {
    write_all_rows(cmp, heads, widths, out);
    g_free(heads);
    g_free(widths);
    return;
  }
  const SimModel *first = model_at(cmp, 0);
  const GPtrArray *specs = sim_model_config(first)->clients;
  GPtrArray *rows = g_ptr_array_new_with_free_func((GDestroyNotify)row_free);
  guint client = 0;
  for (guint g = 0; g < specs->len; g++) {
    const SimClientSpec *spec = g_ptr_array_index(specs, g);
    if (spec->count == 1)
      g_ptr_array_add(rows, client_row(cmp, client));
    else
      group_rows(cmp, spec, client, rows);
    client += spec->count;
  }
  guint label_width = strlen("client");
  for (guint i = 0; i < rows->len; i++) {
    const Row *row = g_ptr_array_index(rows, i);
    if (!row->same)
      measure(row, n, &label_width, widths);
  }
  GString *line = g_string_new(NULL);
  write_row(out, line, "client", label_width, heads, widths, n);
  for (guint i = 0; i < rows->len; i++) {
    const Row *row = g_ptr_array_index(rows, i);
    if (!row->same)
      write_row(out, line, row->label, label_width, row->cells, widths, n);
  }
  /* The rows the same under every profile, one line per shared value, in
   * first-seen order, naming four rows and counting the others. */
  for (guint i = 0; i < rows->len; i++) {
    Row *row = g_ptr_array_index(rows, i);
    if (!row->same || row->listed)
      continue;
    char *value = g_strdup(row->cells[0]);
    GString *who = g_string_new(NULL);
    guint members = 0, named = 0, more = 0;
    for (guint j = i; j < rows->len; j++) {
      Row *other = g_ptr_array_index(rows, j);
      if (!other->same || other->listed || strcmp(other->cells[0], value) != 0)
        continue;
      if (named < 4)
        g_string_append_printf(who, "%s%s", named++ ? ", " : "", other->label);
      else
        more += other->members;
      members += other->members;
      other->listed = TRUE;
    }
    if (more > 0)
      g_string_append_printf(who, ", ... (%u more)", more);
    g_string_truncate(line, 0);
    g_string_append_printf(line, "%u client%s the same under every profile: %s (%s)\n",
                           members, members == 1 ? "" : "s", value, who->str);
    sim_output_puts(out, line);
    g_string_free(who, TRUE);
    g_free(value);
  }
  g_string_free(line, TRUE);
  g_ptr_array_unref(rows);
  g_free(heads);
  g_free(widths);
}

void
sim_compare_tsv(const SimCompare *cmp, SimOutput *out)
{
  sim_output_write(out, SIM_REPORT_SUMMARY_HEADER, sizeof SIM_REPORT_SUMMARY_HEADER - 1);
  for (guint p = 0; p < cmp->runs->len; p++)
    sim_report_summary_write(model_at(cmp, p), out);
}

/* compare.c: the version matrix of `chatsim compare`. */
#include "chatsim/compare.h"

#include "chatsim/duration.h"
#include "chatsim/report.h"

#include <string.h>

typedef struct {
  const SimScenario *scenario;
  const guint64 *seed;
  const char *profile;
  SimRun *run;
  GError *error;
} Job;

static void
job_run(gpointer data, gpointer user_data)
{
  (void)user_data;
  Job *job = data;
  SimScenarioOverrides o = {.profile = job->profile, .seed = job->seed};
  SimRunOptions options = {.trace = "none"};
  job->run = sim_run_scenario(job->scenario, &o, &options, &job->error);
}

SimCompare *
sim_compare_run(const SimScenario *scenario, const char *const *profiles,
                const guint64 *seed, GError **error)
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

  GPtrArray *jobs = g_ptr_array_new_with_free_func(g_free);
  for (guint i = 0; i < cmp->profiles->len; i++) {
    Job *job = g_new0(Job, 1);
    job->scenario = scenario;
    job->seed = seed;
    job->profile = g_ptr_array_index(cmp->profiles, i);
    g_ptr_array_add(jobs, job);
  }
  sim_run_each(jobs, job_run, NULL, 0);
  gboolean ok = TRUE;
  for (guint i = 0; i < jobs->len; i++) {
    Job *job = g_ptr_array_index(jobs, i);
    if (job->error != NULL && ok)
      g_propagate_error(error, g_steal_pointer(&job->error));
    g_clear_error(&job->error);
    ok = ok && job->run != NULL;
    g_ptr_array_add(cmp->runs, job->run);
  }
  g_ptr_array_unref(jobs);
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

static void
append_row(GString *out, const char *first, guint first_width, char **cells,
           const guint *widths, guint n)
{
  gsize start = out->len;
  g_string_append_printf(out, "%-*s", (int)first_width, first);
  for (guint p = 0; p < n; p++)
    g_string_append_printf(out, "  %-*s", (int)widths[p], cells[p]);
  while (out->len > start && out->str[out->len - 1] == ' ')
    g_string_truncate(out, out->len - 1);
  g_string_append_c(out, '\n');
}

void
sim_compare_text(const SimCompare *cmp, gboolean all_rows, GString *out)
{
  guint n = cmp->runs->len;
  const SimModel *first = ((SimRun *)g_ptr_array_index(cmp->runs, 0))->model;
  guint clients = sim_model_n_clients(first);
  /* cells[c * n + p] */
  char **cells = g_new0(char *, (gsize)clients *n + 1);
  char **names = g_new0(char *, clients + 1);
  guint *widths = g_new0(guint, n);
  guint name_width = strlen("client");
  gboolean *same = g_new0(gboolean, clients);
  for (guint c = 0; c < clients; c++) {
    GString *name = g_string_new(NULL);
    sim_model_append_name(first, c, name);
    names[c] = g_string_free(name, FALSE);
    same[c] = TRUE;
    for (guint p = 0; p < n; p++) {
      SimResult r;
      sim_model_result(((SimRun *)g_ptr_array_index(cmp->runs, p))->model, c, &r);
      cells[c * n + p] = sim_compare_cell(&r);
      same[c] = same[c] && strcmp(cells[c * n + p], cells[c * n]) == 0;
    }
  }
  for (guint p = 0; p < n; p++)
    widths[p] = strlen(header(g_ptr_array_index(cmp->profiles, p)));
  for (guint c = 0; c < clients; c++) {
    if (same[c] && !all_rows)
      continue;
    name_width = MAX(name_width, (guint)strlen(names[c]));
    for (guint p = 0; p < n; p++)
      widths[p] = MAX(widths[p], (guint)strlen(cells[c * n + p]));
  }
  char **heads = g_new0(char *, n + 1);
  for (guint p = 0; p < n; p++)
    heads[p] = (char *)header(g_ptr_array_index(cmp->profiles, p));
  append_row(out, "client", name_width, heads, widths, n);
  g_free(heads);
  guint folded = 0;
  for (guint c = 0; c < clients; c++) {
    if (same[c] && !all_rows)
      folded++;
    else
      append_row(out, names[c], name_width, cells + (gsize)c * n, widths, n);
  }
  /* Folded clients, one line per shared value, in first-seen order. */
  for (guint c = 0; c < clients && folded > 0; c++) {
    if (!same[c] || all_rows || cells[c * n] == NULL)
      continue;
    const char *value = g_strdup(cells[c * n]);
    GString *who = g_string_new(NULL);
    guint count = 0;
    for (guint d = c; d < clients; d++)
      if (same[d] && cells[d * n] != NULL && strcmp(cells[d * n], value) == 0) {
        if (count < 4)
          g_string_append_printf(who, "%s%s", count ? ", " : "", names[d]);
        count++;
        g_clear_pointer(&cells[d * n], g_free);
      }
    if (count > 4)
      g_string_append_printf(who, ", ... (%u more)", count - 4);
    g_string_append_printf(out, "%u client%s the same under every profile: %s (%s)\n",
                           count, count == 1 ? "" : "s", value, who->str);
    g_string_free(who, TRUE);
    g_free((char *)value);
  }
  for (gsize i = 0; i < (gsize)clients * n; i++)
    g_free(cells[i]);
  g_free(cells);
  g_strfreev(names);
  g_free(widths);
  g_free(same);
}

void
sim_compare_tsv(const SimCompare *cmp, GString *out)
{
  g_string_append(out, SIM_REPORT_SUMMARY_HEADER);
  for (guint p = 0; p < cmp->runs->len; p++)
    sim_report_summary_tsv(((SimRun *)g_ptr_array_index(cmp->runs, p))->model, out);
}

/* study_map.c: the run map as a user reads and slices it. */
#include "chatsim/study_map.h"

#include <string.h>

static gint
compare_runs(gconstpointer a, gconstpointer b)
{
  guint64 x = *(const guint64 *)a, y = *(const guint64 *)b;
  return x < y ? -1 : x > y;
}

static gboolean
parse_run_number(const SimStudy *s, const char *spec, const char *text, guint64 *out,
                 GError **error)
{
  if (g_ascii_string_to_unsigned(text, 10, 0, sim_study_n_runs(s) - 1, out, NULL))
    return TRUE;
  g_set_error(error, SIM_STUDY_ERROR, SIM_STUDY_ERROR_RUNS,
              "--runs %s: '%s' is not a run number; accepted: numbers from 0 to "
              "%" G_GUINT64_FORMAT
              " and ranges A..B, separated by commas, e.g. 0..99,150",
              spec, text, sim_study_n_runs(s) - 1);
  return FALSE;
}

GArray *
sim_study_map_parse_runs(const SimStudy *s, const char *spec, GError **error)
{
  g_autoptr(GArray) runs = g_array_new(FALSE, FALSE, sizeof(guint64));
  if (spec == NULL) {
    g_array_set_size(runs, (guint)sim_study_n_runs(s));
    for (guint64 r = 0; r < sim_study_n_runs(s); r++)
      g_array_index(runs, guint64, r) = r;
    return g_steal_pointer(&runs);
  }
  gboolean ok = TRUE;
  char **items = g_strsplit(spec, ",", -1);
  if (items[0] == NULL)
    ok = parse_run_number(s, spec, "", NULL, error);
  for (char **it = items; ok && *it; it++) {
    char *item = g_strstrip(*it);
    char *dots = strstr(item, "..");
    guint64 a, b;
    if (dots != NULL)
      *dots = '\0';
    ok = parse_run_number(s, spec, g_strstrip(item), &a, error) &&
         (dots == NULL ? (b = a, TRUE)
                       : parse_run_number(s, spec, g_strstrip(dots + 2), &b, error));
    if (ok && a > b) {
      g_set_error(error, SIM_STUDY_ERROR, SIM_STUDY_ERROR_RUNS,
                  "--runs %s: the range %" G_GUINT64_FORMAT "..%" G_GUINT64_FORMAT
                  " is empty; accepted: A..B with A <= B",
                  spec, a, b);
      ok = FALSE;
    }
    for (guint64 r = a; ok && r <= b; r++)
      g_array_append_val(runs, r);
  }
  g_strfreev(items);
  if (!ok)
    return NULL;
  g_array_sort(runs, compare_runs);
  guint kept = 0;
  for (guint i = 0; i < runs->len; i++)
    if (kept == 0 ||
        g_array_index(runs, guint64, i) != g_array_index(runs, guint64, kept - 1))
      g_array_index(runs, guint64, kept++) = g_array_index(runs, guint64, i);
  g_array_set_size(runs, kept);
  return g_steal_pointer(&runs);
}

void
sim_study_map_append(const SimStudy *s, const GArray *runs, GString *out)
{
  g_string_append(out, "run\tprofile");
  for (guint v = 0; v < sim_study_n_vars(s); v++)
    g_string_append_printf(out, "\t%s", sim_study_var_name(s, v));
  g_string_append(out, "\trepetition\tseed\n");
  guint64 n = runs ? runs->len : sim_study_n_runs(s);
  for (guint64 i = 0; i < n; i++) {
    SimStudyRun info;
    sim_study_run_info(s, runs ? g_array_index(runs, guint64, i) : i, &info);
    g_string_append_printf(out, "%" G_GUINT64_FORMAT "\t%s", info.run,
                           sim_study_profile_name(s, info.point, info.profile));
    for (guint v = 0; v < sim_study_n_vars(s); v++)
      g_string_append_printf(
          out, "\t%s",
          sim_study_var_column(s, v, sim_study_point_value(s, info.point, v)));
    g_string_append_printf(out, "\t%u\t%" G_GUINT64_FORMAT "\n", info.repetition,
                           info.seed);
  }
}

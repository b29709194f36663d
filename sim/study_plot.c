/* study_plot.c: the figure's data is the points of one client group, one
 * block per profile; the template does the drawing. Values that are all
 * numbers sit at their value on a 1-D axis; otherwise (and always on a
 * heatmap, so every cell has the same size) at their index, labelled. */
#include "chatsim/study_plot.h"

#include "chatsim/gnuplot.h"
#include "chatsim/output.h"

#include <string.h>

#ifndef CHATSIM_VERSION
#define CHATSIM_VERSION "0.0.0"
#endif

G_DEFINE_QUARK(chatsim_study_plot_error, sim_study_plot_error)

const char *
sim_study_plot_group(const GArray *points, const char *group, GError **error)
{
  const char *first = NULL, *dropped = NULL;
  for (guint i = 0; i < points->len; i++) {
    const SimStudyPoint *p = &g_array_index(points, SimStudyPoint, i);
    if (group != NULL && strcmp(p->group, group) == 0)
      return p->group;
    if (first == NULL)
      first = p->group;
    if (dropped == NULL && p->drops > 0)
      dropped = p->group;
  }
  if (group != NULL) {
    g_set_error(error, SIM_STUDY_PLOT_ERROR, SIM_STUDY_PLOT_ERROR_SHAPE,
                "no client group named '%s' in the study", group);
    return NULL;
  }
  return dropped ? dropped : first;
}

/* Distinct texts in order of first appearance. */
static guint
index_of(GPtrArray *seen, const char *text)
{
  guint i;
  if (!g_ptr_array_find_with_equal_func(seen, text, g_str_equal, &i)) {
    g_ptr_array_add(seen, (gpointer)text);
    i = seen->len - 1;
  }
  return i;
}

static gboolean
all_numbers(GPtrArray *values)
{
  for (guint i = 0; i < values->len; i++) {
    const char *v = g_ptr_array_index(values, i);
    char *end = NULL;
    g_ascii_strtod(v, &end);
    if (end == v || *end != '\0')
      return FALSE;
  }
  return TRUE;
}

static char *
quote(const char *text)
{
  GString *out = g_string_new(NULL);
  sim_gnuplot_append_quoted(out, text);
  return g_string_free(out, FALSE);
}

static char *
quoted_list(GPtrArray *texts)
{
  GString *out = g_string_new(NULL);
  for (guint i = 0; i < texts->len; i++) {
    if (i > 0)
      g_string_append(out, ", ");
    sim_gnuplot_append_quoted(out, g_ptr_array_index(texts, i));
  }
  return g_string_free(out, FALSE);
}

/* The study file, from "...; command: chatsim study FILE ...". */
static char *
study_file(const char *provenance)
{
  const char *p = strstr(provenance, "; command: chatsim study ");
  if (p == NULL)
    return g_strdup("");
  p += strlen("; command: chatsim study ");
  const char *end = strstr(p, " --set");
  return end ? g_strndup(p, (gsize)(end - p)) : g_strdup(p);
}

typedef struct {
  GPtrArray *profiles;
  GPtrArray *xs, *ys; /* distinct values of the first and second variable */
} Axes;

static void
write_data(const GArray *points, const char *group, guint n_vars, Axes *axes,
           gboolean numeric_x, GString *out)
{
  g_string_append(out, "# profile\tx\ty\tp_drop\tci_low\tci_high\tdrops\tclients\t"
                       "x_value\ty_value\n");
  for (guint i = 0; i < points->len; i++) {
    const SimStudyPoint *p = &g_array_index(points, SimStudyPoint, i);
    index_of(axes->profiles, p->profile);
    index_of(axes->xs, p->values[0]);
    if (n_vars > 1)
      index_of(axes->ys, p->values[1]);
  }
  char buf[3][G_ASCII_DTOSTR_BUF_SIZE];
  for (guint k = 0; k < axes->profiles->len; k++) {
    if (k > 0)
      g_string_append(out, "\n\n"); /* one gnuplot index per profile */
    const char *last_y = NULL;
    for (guint i = 0; i < points->len; i++) {
      const SimStudyPoint *p = &g_array_index(points, SimStudyPoint, i);
      if (strcmp(p->group, group) != 0 ||
          strcmp(p->profile, g_ptr_array_index(axes->profiles, k)) != 0)
        continue;
      const char *y = n_vars > 1 ? p->values[1] : "";
      /* A heatmap's scan lines: the first variable is the outer loop. */
      if (n_vars > 1 && last_y != NULL && strcmp(p->values[0], last_y) != 0)
        g_string_append_c(out, '\n');
      last_y = p->values[0];
      guint xi = index_of(axes->xs, p->values[0]);
      guint yi = n_vars > 1 ? index_of(axes->ys, y) : 0;
      g_string_append_printf(out, "%s\t", p->profile);
      if (numeric_x)
        g_string_append(out, p->values[0]);
      else
        g_string_append_printf(out, "%u", xi);
      g_string_append_printf(
          out, "\t%u\t%s\t%s\t%s\t%" G_GUINT64_FORMAT "\t%" G_GUINT64_FORMAT "\t%s\t%s\n",
          yi, g_ascii_formatd(buf[0], sizeof buf[0], "%.6f", p->p_drop),
          g_ascii_formatd(buf[1], sizeof buf[1], "%.6f", p->ci_low),
          g_ascii_formatd(buf[2], sizeof buf[2], "%.6f", p->ci_high), p->drops,
          p->clients, p->values[0], n_vars > 1 ? y : "-");
    }
  }
}

gboolean
sim_study_plot_draw(const SimStudyResults *results, const char *image, const char *group,
                    const char *templates, GError **error)
{
  SimGnuplotTerminal terminal;
  if (!sim_gnuplot_terminal_from_path(image, &terminal, error))
    return FALSE;
  const char *const *vars = sim_study_results_vars(results);
  guint n_vars = g_strv_length((char **)vars);
  if (n_vars < 1 || n_vars > 2) {
    g_set_error(error, SIM_STUDY_PLOT_ERROR, SIM_STUDY_PLOT_ERROR_SHAPE,
                "a study figure draws one or two variables; this study has %u", n_vars);
    return FALSE;
  }
  g_autoptr(GArray) points = sim_study_results_points(results);
  group = sim_study_plot_group(points, group, error);
  if (group == NULL)
    return FALSE;
  const char *name = n_vars == 1 ? "study-1d.gp" : "study-2d.gp";
  g_autofree char *dir = templates ? g_strdup(templates) : sim_gnuplot_templates_dir();
  g_autofree char *common = sim_gnuplot_read_template(dir, "study-common.gp", error);
  g_autofree char *script = common ? sim_gnuplot_read_template(dir, name, error) : NULL;
  if (script == NULL)
    return FALSE;

  Axes axes = {g_ptr_array_new(), g_ptr_array_new(), g_ptr_array_new()};
  g_autoptr(GString) data = g_string_new(NULL);
  GPtrArray *probe = g_ptr_array_new();
  for (guint i = 0; i < points->len; i++)
    index_of(probe, g_array_index(points, SimStudyPoint, i).values[0]);
  gboolean x_numbers = all_numbers(probe);
  gboolean numeric_x = n_vars == 1 && x_numbers;
  g_ptr_array_unref(probe);
  write_data(points, group, n_vars, &axes, numeric_x, data);

  g_autofree char *data_path = g_strconcat(image, ".tsv", NULL);
  g_autofree char *script_path = g_strconcat(image, ".gp", NULL);
  g_autofree char *data_name = g_path_get_basename(data_path);
  g_autofree char *script_name = g_path_get_basename(script_path);
  g_autofree char *image_name = g_path_get_basename(image);

  g_autoptr(GHashTable) values =
      g_hash_table_new_full(g_str_hash, g_str_equal, NULL, g_free);
  g_hash_table_insert(values, "TERMINAL", quote(sim_gnuplot_terminal_name(terminal)));
  gboolean dumb = terminal == SIM_GNUPLOT_TERMINAL_DUMB;
  g_hash_table_insert(values, "WIDTH",
                      g_strdup_printf("%u", dumb ? SIM_GNUPLOT_DEFAULT_DUMB_WIDTH
                                                 : SIM_GNUPLOT_DEFAULT_WIDTH));
  g_hash_table_insert(values, "HEIGHT",
                      g_strdup_printf("%u", dumb ? SIM_GNUPLOT_DEFAULT_DUMB_HEIGHT
                                                 : SIM_GNUPLOT_DEFAULT_HEIGHT));
  g_hash_table_insert(values, "OUTPUT", quote(image_name));
  g_hash_table_insert(values, "DATA", quote(data_name));
  g_autofree char *file = study_file(sim_study_results_provenance(results));
  g_hash_table_insert(values, "STUDY", quote(file));
  g_hash_table_insert(values, "GROUP", quote(group));
  g_hash_table_insert(values, "XNAME", quote(vars[0]));
  g_hash_table_insert(values, "YNAME", quote(n_vars > 1 ? vars[1] : ""));
  g_hash_table_insert(values, "NUMERIC_X", g_strdup(numeric_x ? "1" : "0"));
  g_hash_table_insert(values, "X_UNIT", g_strdup(x_numbers ? "' (s)'" : "''"));
  g_hash_table_insert(values, "Y_UNIT",
                      g_strdup(n_vars > 1 && all_numbers(axes.ys) ? "' (s)'" : "''"));
  g_hash_table_insert(values, "N_PROFILES", g_strdup_printf("%u", axes.profiles->len));
  g_hash_table_insert(values, "PROFILES", quoted_list(axes.profiles));
  g_hash_table_insert(values, "N_X", g_strdup_printf("%u", axes.xs->len));
  g_hash_table_insert(values, "N_Y", g_strdup_printf("%u", MAX(axes.ys->len, 1)));
  g_hash_table_insert(values, "X_VALUES", quoted_list(axes.xs));
  g_hash_table_insert(values, "Y_VALUES",
                      axes.ys->len ? quoted_list(axes.ys) : g_strdup("''"));
  g_hash_table_insert(values, "CHATSIM_VERSION", g_strdup(CHATSIM_VERSION));
  g_hash_table_insert(values, "TEMPLATE", g_strdup(name));
  g_hash_table_insert(values, "SCRIPT", g_strdup(script_name));
  g_ptr_array_unref(axes.profiles);
  g_ptr_array_unref(axes.xs);
  g_ptr_array_unref(axes.ys);
  /* The shared part first, then the figure's template around it. */
  g_autoptr(GString) shared = g_string_new(NULL);
  g_autoptr(GString) text = g_string_new(NULL);
  if (!sim_gnuplot_fill("study-common.gp", common, values, shared, error))
    return FALSE;
  g_hash_table_insert(values, "COMMON", g_strdup(shared->str));
  if (!sim_gnuplot_fill(name, script, values, text, error))
    return FALSE;
  g_autofree char *gnuplot = NULL;
  return sim_output_save(data_path, data->str, data->len, error) &&
         sim_output_save(script_path, text->str, text->len, error) &&
         (gnuplot = sim_gnuplot_find(error)) != NULL &&
         sim_gnuplot_render(gnuplot, script_path, image, NULL, NULL, error);
}

/* study_plot.c: the figure's data is the points of one client group, one
 * block per profile; the template does the drawing. Values that are all
 * numbers sit at their value on a 1-D axis; otherwise (and always on a
 * heatmap, so every cell has the same size) at their index, labelled. */
#include "chatsim/study_plot.h"

#include "chatsim/output.h"
#include "chatsim/plot.h"

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

static void
append_quoted(GString *out, const char *text)
{
  g_string_append_c(out, '\'');
  for (const char *p = text; *p; p++) {
    if (*p == '\'')
      g_string_append_c(out, '\'');
    g_string_append_c(out, *p);
  }
  g_string_append_c(out, '\'');
}

static char *
quote(const char *text)
{
  GString *out = g_string_new(NULL);
  append_quoted(out, text);
  return g_string_free(out, FALSE);
}

static char *
quoted_list(GPtrArray *texts)
{
  GString *out = g_string_new(NULL);
  for (guint i = 0; i < texts->len; i++) {
    if (i > 0)
      g_string_append(out, ", ");
    append_quoted(out, g_ptr_array_index(texts, i));
  }
  return g_string_free(out, FALSE);
}

/* Replaces each @KEY@ of `keys` (NULL-terminated pairs); then, unless
 * `path` is NULL, any other @WORD@ left is an error naming the template. */
static gboolean
fill(const char *path, GString *text, const char *const *keys, GError **error)
{
  for (const char *const *k = keys; *k; k += 2) {
    char *tag = g_strdup_printf("@%s@", k[0]);
    gsize from = 0;
    for (char *at; (at = strstr(text->str + from, tag)) != NULL;) {
      gssize pos = at - text->str;
      g_string_erase(text, pos, (gssize)strlen(tag));
      g_string_insert(text, pos, k[1]);
      from = (gsize)pos + strlen(k[1]); /* a value is never searched again */
    }
    g_free(tag);
  }
  if (path == NULL)
    return TRUE; /* more to fill */
  for (const char *at = strchr(text->str, '@'); at; at = strchr(at + 1, '@')) {
    const char *q = at + 1;
    while (g_ascii_isupper(*q) || *q == '_')
      q++;
    if (*q == '@' && q > at + 1) {
      g_set_error(error, SIM_STUDY_PLOT_ERROR, SIM_STUDY_PLOT_ERROR_TEMPLATE,
                  "%s: unknown placeholder %.*s", path, (int)(q - at + 1), at);
      return FALSE;
    }
  }
  return TRUE;
}

static GString *
read_template(const char *dir, const char *name, GError **error)
{
  char *path = g_build_filename(dir, name, NULL);
  char *text = NULL;
  GError *local = NULL;
  if (!g_file_get_contents(path, &text, NULL, &local)) {
    g_set_error(error, SIM_STUDY_PLOT_ERROR, SIM_STUDY_PLOT_ERROR_TEMPLATE,
                "cannot read the plot template %s: %s; CHATSIM_PLOTS_DIR names the "
                "directory of chatsim's plots/ templates",
                path, local->message);
    g_error_free(local);
  }
  g_free(path);
  GString *out = text ? g_string_new(text) : NULL;
  g_free(text);
  return out;
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
  SimPlotTerminal terminal;
  if (!sim_plot_terminal_from_path(image, &terminal, error))
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
  if (templates == NULL)
    templates = sim_plot_templates_dir();
  g_autoptr(GString) common = read_template(templates, "study-common.gp", error);
  g_autoptr(GString) script = common ? read_template(templates, name, error) : NULL;
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

  g_autofree char *base = g_strdup(image);
  char *dot = strrchr(base, '.');
  char *slash = strrchr(base, '/');
  if (dot != NULL && (slash == NULL || dot > slash))
    *dot = '\0';
  g_autofree char *data_path = g_strconcat(base, ".tsv", NULL);
  g_autofree char *script_path = g_strconcat(base, ".gp", NULL);
  g_autofree char *data_name = g_path_get_basename(data_path);
  g_autofree char *script_name = g_path_get_basename(script_path);
  g_autofree char *image_name = g_path_get_basename(image);

  g_autofree char *file = study_file(sim_study_results_provenance(results));
  g_autofree char *profiles = quoted_list(axes.profiles);
  g_autofree char *xs = quoted_list(axes.xs);
  g_autofree char *ys = axes.ys->len ? quoted_list(axes.ys) : g_strdup("''");
  g_autofree char *q_terminal = quote(sim_plot_terminal_name(terminal));
  g_autofree char *q_output = quote(image_name);
  g_autofree char *q_data = quote(data_name);
  g_autofree char *q_study = quote(file);
  g_autofree char *q_group = quote(group);
  g_autofree char *q_xname = quote(vars[0]);
  g_autofree char *q_yname = quote(n_vars > 1 ? vars[1] : "");
  gboolean dumb = terminal == SIM_PLOT_TERMINAL_DUMB;
  g_autofree char *w =
      g_strdup_printf("%u", dumb ? SIM_PLOT_DEFAULT_DUMB_WIDTH : SIM_PLOT_DEFAULT_WIDTH);
  g_autofree char *h = g_strdup_printf("%u", dumb ? SIM_PLOT_DEFAULT_DUMB_HEIGHT
                                                  : SIM_PLOT_DEFAULT_HEIGHT);
  g_autofree char *np = g_strdup_printf("%u", axes.profiles->len);
  g_autofree char *nx = g_strdup_printf("%u", axes.xs->len);
  g_autofree char *ny = g_strdup_printf("%u", MAX(axes.ys->len, 1));
  const char *keys[] = {
      "TERMINAL",
      q_terminal,
      "WIDTH",
      w,
      "HEIGHT",
      h,
      "OUTPUT",
      q_output,
      "DATA",
      q_data,
      "STUDY",
      q_study,
      "GROUP",
      q_group,
      "XNAME",
      q_xname,
      "YNAME",
      q_yname,
      "NUMERIC_X",
      numeric_x ? "1" : "0",
      "N_PROFILES",
      np,
      "PROFILES",
      profiles,
      "N_X",
      nx,
      "N_Y",
      ny,
      "X_VALUES",
      xs,
      "Y_VALUES",
      ys,
      "X_UNIT",
      x_numbers ? "' (s)'" : "''",
      "Y_UNIT",
      n_vars > 1 && all_numbers(axes.ys) ? "' (s)'" : "''",
      "CHATSIM_VERSION",
      CHATSIM_VERSION,
      "TEMPLATE",
      name,
      "SCRIPT",
      script_name,
      NULL,
  };
  gboolean ok = fill("study-common.gp", common, keys, error);
  if (ok) {
    const char *with_common[] = {"COMMON", common->str, NULL};
    ok = fill(NULL, script, with_common, NULL) && fill(name, script, keys, error);
  }
  g_ptr_array_unref(axes.profiles);
  g_ptr_array_unref(axes.xs);
  g_ptr_array_unref(axes.ys);
  if (!ok)
    return FALSE;
  g_autofree char *gnuplot = NULL;
  return sim_output_save(data_path, data->str, data->len, error) &&
         sim_output_save(script_path, script->str, script->len, error) &&
         (gnuplot = sim_plot_find_gnuplot(error)) != NULL &&
         sim_plot_render(gnuplot, script_path, image, NULL, NULL, error);
}

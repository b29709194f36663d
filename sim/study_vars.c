/* study_vars.c: a study file is a scenario file with iteration variables.
 * Each point's text is the file's with every ${...} replaced by a value and
 * the [study] group blanked, line for line, so the scenario loader's errors
 * still name the study file's lines. */
#include "chatsim/study_vars.h"

#include "chatsim/duration.h"

#include <string.h>

G_DEFINE_QUARK(chatsim_study_vars_error, sim_study_vars_error)

static const char var_accepted[] =
    "accepted: ${NAME = V1, V2, ...}, ${NAME = A..B step S} or ${NAME}";
/* Columns of runs.tsv and points.tsv a variable may not be named after. */
static const char *const reserved_names[] = {
    "run",        "profile",      "repetition", "seed",         "group",    "clients",
    "connected",  "disconnected", "recv_idle",  "ping_timeout", "quit",     "ttd_min",
    "ttd_median", "ttd_p90",      "ttd_max",    "messages",     "events",   "runs",
    "drops",      "p_drop",       "ci_low",     "ci_high",      "ttd_mean", NULL,
};

typedef struct {
  char *name;
  guint line;
  char *where;        /* "[group] key" */
  GPtrArray *texts;   /* char *: what is substituted */
  GPtrArray *columns; /* char *: what the TSVs write */
  gboolean numeric;
} Var;

/* A line with references: literal text and variables, alternating. */
typedef struct {
  char *literal; /* the text before the reference */
  char *name;    /* the variable; NULL for the line's tail */
  guint var;
} Piece;

typedef struct {
  char *text;     /* as written; "" when blanked */
  GArray *pieces; /* Piece; NULL when the line holds no reference */
  char *where;    /* "[group] key" when pieces; else NULL */
  char *set;      /* "group.key", as a --set names it, when pieces */
} Line;

struct _SimStudyVars {
  char *path;
  GPtrArray *vars;  /* Var * */
  GPtrArray *lines; /* Line * */
  guint study_line; /* of [study]; 0 when absent */
};

static void
var_free(Var *v)
{
  g_free(v->name);
  g_free(v->where);
  g_ptr_array_unref(v->texts);
  g_ptr_array_unref(v->columns);
  g_free(v);
}

static void
piece_clear(Piece *p)
{
  g_free(p->literal);
  g_free(p->name);
}

static void
line_free(Line *l)
{
  g_free(l->text);
  if (l->pieces != NULL)
    g_array_unref(l->pieces);
  g_free(l->where);
  g_free(l->set);
  g_free(l);
}

void
sim_study_vars_free(SimStudyVars *s)
{
  if (s == NULL)
    return;
  g_free(s->path);
  g_ptr_array_unref(s->vars);
  g_ptr_array_unref(s->lines);
  g_free(s);
}

/* "FILE:LINE: WHERE: message", the parts that apply. */
static void G_GNUC_PRINTF(6, 7)
    fail(GError **error, SimStudyVarsError code, const SimStudyVars *s, guint line,
         const char *where, const char *format, ...)
{
  va_list args;
  va_start(args, format);
  char *message = g_strdup_vprintf(format, args);
  va_end(args);
  GString *text = g_string_new(s->path);
  if (line > 0)
    g_string_append_printf(text, ":%u", line);
  g_string_append(text, ": ");
  if (where != NULL)
    g_string_append_printf(text, "%s: ", where);
  g_string_append(text, message);
  g_set_error_literal(error, SIM_STUDY_VARS_ERROR, code, text->str);
  g_string_free(text, TRUE);
  g_free(message);
}

static Var *
find_var(const SimStudyVars *s, const char *name, guint *index)
{
  for (guint i = 0; i < s->vars->len; i++) {
    Var *v = g_ptr_array_index(s->vars, i);
    if (strcmp(v->name, name) == 0) {
      if (index != NULL)
        *index = i;
      return v;
    }
  }
  return NULL;
}

static gboolean
valid_name(const char *name)
{
  if (!g_ascii_isalpha(*name) && *name != '_')
    return FALSE;
  for (const char *p = name; *p; p++)
    if (!g_ascii_isalnum(*p) && *p != '_')
      return FALSE;
  return TRUE;
}

static gboolean
has_unit(const char *text)
{
  for (const char *p = text; *p; p++)
    if (g_ascii_isalpha(*p))
      return TRUE;
  return FALSE;
}

/* Seconds without trailing zeros: "90", "1.5", "0.00025". */
static char *
seconds_text(SimTime us)
{
  char *text = sim_duration_format_s(us, 6);
  char *dot = strchr(text, '.');
  if (dot != NULL) {
    char *end = text + strlen(text);
    while (end > dot + 1 && end[-1] == '0')
      *--end = '\0';
    if (end == dot + 1)
      *dot = '\0';
  }
  return text;
}

/* ---- variable definitions ------------------------------------------------ */

static gboolean
parse_range(SimStudyVars *s, Var *v, const char *spec, GError **error)
{
  const char *dots = strstr(spec, "..");
  char *a = g_strstrip(g_strndup(spec, (gsize)(dots - spec)));
  char *rest = g_strdup(dots + 2);
  char *b = rest, *step = NULL;
  char *word = strstr(rest, "step");
  if (word != NULL) {
    *word = '\0';
    step = g_strstrip(g_strdup(word + strlen("step")));
  }
  g_strstrip(b);
  const char *texts[3] = {a, b, step ? step : "1"};
  const char *names[3] = {"start", "end", "step"};
  SimTime values[3];
  gboolean ok = TRUE;
  for (int i = 0; ok && i < 3; i++) {
    GError *local = NULL;
    if (*texts[i] == '\0' || !sim_duration_parse(texts[i], &values[i], &local)) {
      fail(error, SIM_STUDY_VARS_ERROR_SYNTAX, s, v->line, v->where,
           "${%s = %s}: the %s '%s' is not a number or a duration; accepted: "
           "${NAME = A..B step S} with A <= B and S > 0, numbers or durations, "
           "e.g. ${pd = 30s..300s step 30s}",
           v->name, spec, names[i], texts[i]);
      g_clear_error(&local);
      ok = FALSE;
    }
  }
  if (ok && values[2] == 0) {
    fail(error, SIM_STUDY_VARS_ERROR_SYNTAX, s, v->line, v->where,
         "${%s = %s}: a step of 0 never reaches the end; accepted: a step greater "
         "than 0, e.g. step 30s",
         v->name, spec);
    ok = FALSE;
  } else if (ok && values[0] > values[1]) {
    fail(error, SIM_STUDY_VARS_ERROR_SYNTAX, s, v->line, v->where,
         "${%s = %s}: the range is empty (%s is after %s); accepted: A..B step S "
         "with A <= B",
         v->name, spec, a, b);
    ok = FALSE;
  } else if (ok && (guint64)(values[1] - values[0]) / (guint64)values[2] >=
                       SIM_STUDY_VARS_MAX_VALUES) {
    fail(error, SIM_STUDY_VARS_ERROR_LIMIT, s, v->line, v->where,
         "${%s = %s}: more than %u values; accepted: at most %u values per variable",
         v->name, spec, SIM_STUDY_VARS_MAX_VALUES, SIM_STUDY_VARS_MAX_VALUES);
    ok = FALSE;
  }
  gboolean bare = !has_unit(a) && !has_unit(b) && (step == NULL || !has_unit(step));
  for (SimTime t = values[0]; ok && t <= values[1]; t += values[2]) {
    char *column = seconds_text(t);
    g_ptr_array_add(v->texts, bare ? g_strdup(column) : g_strconcat(column, "s", NULL));
    g_ptr_array_add(v->columns, column);
    if (values[1] - t < values[2])
      break;
  }
  v->numeric = TRUE;
  g_free(a);
  g_free(rest);
  g_free(step);
  return ok;
}

static gboolean
parse_list(SimStudyVars *s, Var *v, const char *spec, GError **error)
{
  char **items = g_strsplit(spec, ",", -1);
  gboolean ok = TRUE;
  v->numeric = TRUE;
  for (char **it = items; ok && *it; it++) {
    char *item = g_strstrip(*it);
    if (*item == '\0') {
      fail(error, SIM_STUDY_VARS_ERROR_SYNTAX, s, v->line, v->where,
           "${%s = %s}: an empty value in the list; %s", v->name, spec, var_accepted);
      ok = FALSE;
    } else if (strchr(item, '\t') != NULL) {
      fail(error, SIM_STUDY_VARS_ERROR_SYNTAX, s, v->line, v->where,
           "${%s = %s}: a value holds a tab; values may not, the outputs are TSV",
           v->name, spec);
      ok = FALSE;
    } else {
      SimTime us;
      if (v->numeric && !sim_duration_parse(item, &us, NULL))
        v->numeric = FALSE;
      g_ptr_array_add(v->texts, g_strdup(item));
    }
  }
  g_strfreev(items);
  /* Two spellings of one value ("60s, 1m") would give two points with the
   * same column: compare what the outputs write. Never iterated. */
  g_autoptr(GHashTable) seen = g_hash_table_new(g_str_hash, g_str_equal);
  for (guint i = 0; ok && i < v->texts->len; i++) {
    SimTime us = 0;
    const char *text = g_ptr_array_index(v->texts, i);
    if (v->numeric && sim_duration_parse(text, &us, NULL))
      g_ptr_array_add(v->columns, seconds_text(us));
    else
      g_ptr_array_add(v->columns, g_strdup(text));
    const char *column = g_ptr_array_index(v->columns, i);
    gpointer first;
    if (!g_hash_table_lookup_extended(seen, column, NULL, &first)) {
      g_hash_table_insert(seen, (gpointer)column, GUINT_TO_POINTER(i));
      continue;
    }
    const char *other = g_ptr_array_index(v->texts, GPOINTER_TO_UINT(first));
    if (strcmp(other, text) == 0)
      fail(error, SIM_STUDY_VARS_ERROR_SYNTAX, s, v->line, v->where,
           "${%s = %s}: '%s' is listed twice; list each value once", v->name, spec, text);
    else
      fail(error, SIM_STUDY_VARS_ERROR_SYNTAX, s, v->line, v->where,
           "${%s = %s}: '%s' and '%s' are the same value (%s%s in the outputs); list "
           "each value once",
           v->name, spec, other, text, column, v->numeric ? " s" : "");
    ok = FALSE;
  }
  if (ok && v->texts->len > SIM_STUDY_VARS_MAX_VALUES) {
    fail(error, SIM_STUDY_VARS_ERROR_LIMIT, s, v->line, v->where,
         "${%s = ...}: more than %u values; accepted: at most %u values per variable",
         v->name, SIM_STUDY_VARS_MAX_VALUES, SIM_STUDY_VARS_MAX_VALUES);
    ok = FALSE;
  }
  return ok;
}

/* `body` is what stands between "${" and "}"; appends a piece naming the
 * variable, defining it first when the body has an '='. */
static gboolean
parse_reference(SimStudyVars *s, const char *body, guint lineno, const char *where,
                Piece *piece, GError **error)
{
  const char *eq = strchr(body, '=');
  char *name = g_strstrip(eq ? g_strndup(body, (gsize)(eq - body)) : g_strdup(body));
  piece->name = name;
  if (!valid_name(name)) {
    fail(error, SIM_STUDY_VARS_ERROR_SYNTAX, s, lineno, where,
         "'${%s}': '%s' is not a variable name (a letter or '_', then letters, digits "
         "or '_'); %s",
         body, name, var_accepted);
    return FALSE;
  }
  if (eq == NULL)
    return TRUE; /* a reference, resolved once every definition is known */
  if (g_strv_contains(reserved_names, name)) {
    fail(error, SIM_STUDY_VARS_ERROR_SYNTAX, s, lineno, where,
         "variable '%s' would share its name with a column of runs.tsv or points.tsv; "
         "choose another name",
         name);
    return FALSE;
  }
  Var *first = find_var(s, name, NULL);
  if (first != NULL) {
    fail(error, SIM_STUDY_VARS_ERROR_SYNTAX, s, lineno, where,
         "variable '%s' is defined again (first at line %u); define it once and refer "
         "to it elsewhere as ${%s}",
         name, first->line, name);
    return FALSE;
  }
  char *spec = g_strstrip(g_strdup(eq + 1));
  Var *v = g_new0(Var, 1);
  v->name = g_strdup(name);
  v->line = lineno;
  v->where = g_strdup(where);
  v->texts = g_ptr_array_new_with_free_func(g_free);
  v->columns = g_ptr_array_new_with_free_func(g_free);
  g_ptr_array_add(s->vars, v);
  gboolean ok;
  if (*spec == '\0') {
    fail(error, SIM_STUDY_VARS_ERROR_SYNTAX, s, lineno, where,
         "'${%s}' lists no values; %s", body, var_accepted);
    ok = FALSE;
  } else if (strstr(spec, "..") != NULL)
    ok = parse_range(s, v, spec, error);
  else
    ok = parse_list(s, v, spec, error);
  g_free(spec);
  return ok;
}

/* ---- the line scan --------------------------------------------------------- */

static gboolean
scan_study_key(SimStudyVars *s, const SimIniKey *k, SimStudyVarsKeyFunc study_key,
               gpointer data, GError **error)
{
  if (strstr(k->value, "${") != NULL) {
    fail(error, SIM_STUDY_VARS_ERROR_SYNTAX, s, k->line, NULL,
         "[study] %s: the [study] group may not hold variables", k->name);
    return FALSE;
  }
  return study_key(k, data, error);
}

/* The references in a key's value; the value is where the ini reader
 * found it on the line, so a ${ in a trailing comment is left alone. */
static gboolean
scan_value(SimStudyVars *s, Line *l, const char *group, const SimIniKey *k,
           GError **error)
{
  guint lineno = k->line;
  if (strstr(k->name, "${") != NULL) {
    fail(error, SIM_STUDY_VARS_ERROR_SYNTAX, s, lineno, NULL,
         "a variable may stand only in a value, after 'key ='; %s", var_accepted);
    return FALSE;
  }
  if (strstr(k->value, "${") == NULL)
    return TRUE;
  l->where = g_strdup_printf("[%s] %s", group, k->name);
  l->set = g_strdup_printf("%s.%s", group, k->name);
  if (strcmp(group, "scenario") == 0 && strcmp(k->name, "seed") == 0) {
    fail(error, SIM_STUDY_VARS_ERROR_SYNTAX, s, lineno, l->where,
         "the seed may not hold a variable: each repetition has its own seed (see "
         "[study] repeat and seed_rule)");
    return FALSE;
  }
  const char *start = strchr(l->text, '=') + 1;
  while (g_ascii_isspace(*start))
    start++;
  const char *end = start + strlen(k->value);
  g_assert(strncmp(start, k->value, strlen(k->value)) == 0);
  l->pieces = g_array_new(FALSE, TRUE, sizeof(Piece));
  g_array_set_clear_func(l->pieces, (GDestroyNotify)piece_clear);
  const char *p = l->text;
  const char *dollar;
  while ((dollar = g_strstr_len(p, end - p, "${")) != NULL) {
    const char *close = memchr(dollar + 2, '}', (gsize)(end - dollar - 2));
    const char *nested = g_strstr_len(dollar + 2, end - dollar - 2, "${");
    if (close == NULL || (nested != NULL && nested < close)) {
      fail(error, SIM_STUDY_VARS_ERROR_SYNTAX, s, lineno, l->where,
           "'${' is not closed by '}'; %s", var_accepted);
      return FALSE;
    }
    Piece piece = {.literal = g_strndup(p, (gsize)(dollar - p))};
    char *body = g_strndup(dollar + 2, (gsize)(close - dollar - 2));
    gboolean ok = parse_reference(s, body, lineno, l->where, &piece, error);
    g_free(body);
    g_array_append_val(l->pieces, piece);
    if (!ok)
      return FALSE;
    p = close + 1;
  }
  Piece tail = {.literal = g_strdup(p)};
  g_array_append_val(l->pieces, tail);
  return TRUE;
}

/* The ini reader (ini.h) finds the groups, keys and values as the scenario
 * loader will; this walks the lines to blank [study] and find references. */
static gboolean
scan(SimStudyVars *s, const char *data, gsize length, SimStudyVarsKeyFunc study_key,
     gpointer data_for_key, GError **error)
{
  g_autoptr(SimIni) ini = sim_ini_parse(data, length, "a [group]");
  g_autofree char *copy = g_strndup(data, length);
  char **texts = g_strsplit(copy, "\n", -1);
  guint n = g_strv_length(texts);
  /* The key on each line, and its group; lines count from 1. */
  const SimIniKey **keys = g_new0(const SimIniKey *, n + 1);
  const char **groups = g_new0(const char *, n + 1);
  const GPtrArray *all = sim_ini_groups(ini);
  for (guint i = 0; i < all->len; i++) {
    const SimIniGroup *g = g_ptr_array_index(all, i);
    for (guint k = 0; k < g->keys->len; k++) {
      const SimIniKey *key = g_ptr_array_index(g->keys, k);
      if (key->line >= 1 && key->line <= n) {
        keys[key->line] = key;
        groups[key->line] = g->name;
      }
    }
  }
  gboolean in_study = FALSE, ok = TRUE;
  for (guint i = 0; texts[i] != NULL; i++) {
    Line *l = g_new0(Line, 1);
    l->text = g_steal_pointer(&texts[i]);
    g_ptr_array_add(s->lines, l);
    if (!ok)
      continue;
    guint lineno = i + 1;
    /* A UTF-8 byte order mark, as Windows editors write, is not content. */
    gboolean bom = i == 0 && g_str_has_prefix(l->text, "\xef\xbb\xbf");
    char *line = g_strstrip(g_strdup(l->text + (bom ? 3 : 0)));
    if (*line == '[') {
      const char *close = strchr(line, ']');
      char *name =
          g_strndup(line + 1, close ? (gsize)(close - line - 1) : strlen(line + 1));
      in_study = strcmp(name, "study") == 0;
      if (strstr(name, "${") != NULL) {
        fail(error, SIM_STUDY_VARS_ERROR_SYNTAX, s, lineno, NULL,
             "'%s': a group header may not hold a variable; %s", line, var_accepted);
        ok = FALSE;
      } else if (in_study && s->study_line > 0) {
        fail(error, SIM_STUDY_VARS_ERROR_SYNTAX, s, lineno, NULL,
             "duplicate group [study] (first at line %u); each group may appear once",
             s->study_line);
        ok = FALSE;
      } else if (in_study)
        s->study_line = lineno;
      g_free(name);
    } else if (keys[lineno] != NULL && in_study)
      ok = scan_study_key(s, keys[lineno], study_key, data_for_key, error);
    else if (keys[lineno] != NULL)
      ok = scan_value(s, l, groups[lineno], keys[lineno], error);
    /* [study] is the study's, not the scenario's: blank it, keep its lines. */
    if (in_study)
      l->text[0] = '\0';
    g_free(line);
  }
  /* What the reader could not take in [study] is reported here; elsewhere
   * it is the scenario loader's to report. */
  const GPtrArray *problems = sim_ini_problems(ini);
  for (guint i = 0; ok && i < problems->len; i++) {
    const SimIniProblem *p = g_ptr_array_index(problems, i);
    const Line *l =
        p->line >= 1 && p->line <= n ? g_ptr_array_index(s->lines, p->line - 1) : NULL;
    if (l != NULL && l->text[0] == '\0' && s->study_line > 0 && p->line > s->study_line) {
      fail(error, SIM_STUDY_VARS_ERROR_SYNTAX, s, p->line, NULL, "%s", p->message);
      ok = FALSE;
    }
  }
  g_free(keys);
  g_free(groups);
  g_free(texts);
  return ok;
}

/* Every ${NAME} names a defined variable. */
static gboolean
resolve(SimStudyVars *s, GError **error)
{
  for (guint i = 0; i < s->lines->len; i++) {
    Line *l = g_ptr_array_index(s->lines, i);
    for (guint k = 0; l->pieces != NULL && k < l->pieces->len; k++) {
      Piece *p = &g_array_index(l->pieces, Piece, k);
      if (p->name != NULL && find_var(s, p->name, &p->var) == NULL) {
        fail(error, SIM_STUDY_VARS_ERROR_SYNTAX, s, i + 1, l->where,
             "${%s} refers to no variable; define it once as ${%s = V1, V2, ...} or "
             "${%s = A..B step S}",
             p->name, p->name, p->name);
        return FALSE;
      }
    }
  }
  return TRUE;
}

SimStudyVars *
sim_study_vars_parse(const char *path, const char *data, gsize length,
                     SimStudyVarsKeyFunc study_key, gpointer data_for_key, GError **error)
{
  g_autoptr(SimStudyVars) s = g_new0(SimStudyVars, 1);
  s->path = g_strdup(path);
  s->vars = g_ptr_array_new_with_free_func((GDestroyNotify)var_free);
  s->lines = g_ptr_array_new_with_free_func((GDestroyNotify)line_free);
  if (!scan(s, data, length, study_key, data_for_key, error) || !resolve(s, error))
    return NULL;
  return g_steal_pointer(&s);
}

/* ---- --set --------------------------------------------------------------------- */

/* Whether `set` ("GROUP.KEY=VALUE") names the key of line `l`. Group
 * names may hold dots, so it is matched whole, not split. */
static gboolean
set_names(const char *set, const Line *l)
{
  if (l->set == NULL || !g_str_has_prefix(set, l->set))
    return FALSE;
  const char *p = set + strlen(l->set);
  while (*p == ' ' || *p == '\t')
    p++;
  return *p == '=';
}

guint
sim_study_vars_set_line(const SimStudyVars *s, const char *set, const char **where)
{
  for (guint i = 0; i < s->lines->len; i++) {
    const Line *l = g_ptr_array_index(s->lines, i);
    if (set_names(set, l)) {
      if (where != NULL)
        *where = l->where;
      return i + 1;
    }
  }
  return 0;
}

/* ---- points -------------------------------------------------------------------- */

static void
append_line(const SimStudyVars *s, const Line *l, const guint *values, GString *out)
{
  if (l->pieces == NULL || l->text[0] == '\0') {
    g_string_append(out, l->text);
    return;
  }
  for (guint k = 0; k < l->pieces->len; k++) {
    const Piece *p = &g_array_index(l->pieces, Piece, k);
    g_string_append(out, p->literal);
    if (p->name != NULL) {
      const Var *v = g_ptr_array_index(s->vars, p->var);
      g_string_append(out, g_ptr_array_index(v->texts, values[p->var]));
    }
  }
}

void
sim_study_vars_append_line(const SimStudyVars *s, guint line, const guint *values,
                           GString *out)
{
  g_return_if_fail(line >= 1 && line <= s->lines->len);
  append_line(s, g_ptr_array_index(s->lines, line - 1), values, out);
}

GString *
sim_study_vars_point_text(const SimStudyVars *s, const guint *values)
{
  GString *out = g_string_new(NULL);
  for (guint i = 0; i < s->lines->len; i++) {
    if (i > 0)
      g_string_append_c(out, '\n');
    append_line(s, g_ptr_array_index(s->lines, i), values, out);
  }
  return out;
}

void
sim_study_vars_append_values(const SimStudyVars *s, const guint *values, GString *out)
{
  for (guint v = 0; v < s->vars->len; v++) {
    const Var *var = g_ptr_array_index(s->vars, v);
    g_string_append_printf(out, "%s%s = %s", v ? ", " : "", var->name,
                           (const char *)g_ptr_array_index(var->texts, values[v]));
  }
}

/* ---- accessors ----------------------------------------------------------------- */

guint
sim_study_vars_count(const SimStudyVars *s)
{
  return s->vars->len;
}

static const Var *
var_at(const SimStudyVars *s, guint var)
{
  g_return_val_if_fail(var < s->vars->len, NULL);
  return g_ptr_array_index(s->vars, var);
}

const char *
sim_study_vars_name(const SimStudyVars *s, guint var)
{
  return var_at(s, var)->name;
}

guint
sim_study_vars_n_values(const SimStudyVars *s, guint var)
{
  return var_at(s, var)->texts->len;
}

const char *
sim_study_vars_text(const SimStudyVars *s, guint var, guint value)
{
  return g_ptr_array_index(var_at(s, var)->texts, value);
}

const char *
sim_study_vars_column(const SimStudyVars *s, guint var, guint value)
{
  return g_ptr_array_index(var_at(s, var)->columns, value);
}

gboolean
sim_study_vars_numeric(const SimStudyVars *s, guint var)
{
  return var_at(s, var)->numeric;
}

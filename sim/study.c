/* study.c: a study is a grid of points (one value of each variable, see
 * study_vars.h) run under each profile and repetition of its [study]
 * group, numbered by a fixed run map. A point's scenario is built from its
 * text only when a run needs it. */
#include "chatsim/study.h"

#include "chatsim/rng.h"
#include "chatsim/study_vars.h"

#include <string.h>

#ifndef CHATSIM_VERSION
#define CHATSIM_VERSION "0.0.0"
#endif

G_DEFINE_QUARK(chatsim_study_error, sim_study_error)

#define MAX_REPEAT 1000000u

static const char study_keys_accepted[] = "accepted: repeat, profiles, seed_rule";

struct _SimStudy {
  char *path;
  char *sha256;
  char *name;
  SimStudyVars *vars;
  guint *strides; /* per variable: points between two of its values */
  guint repeat;
  GPtrArray *profiles; /* char *: as written; empty = the scenario's own */
  gboolean seed_hash;
  guint64 base_seed;
  guint n_points;
  guint64 n_runs;
  SimScenario *first; /* point 0's: the name, base seed and client groups */
  guint profile_line; /* of [scenario] profile, when it holds a variable; else 0 */
  GStrv groups;       /* point 0's client groups, in order */
  GPtrArray *sets;    /* char *: every --set, in order */
  GPtrArray *scenario_sets;
};

void
sim_study_free(SimStudy *s)
{
  if (s == NULL)
    return;
  g_free(s->path);
  g_free(s->sha256);
  g_free(s->name);
  sim_study_vars_free(s->vars);
  g_free(s->strides);
  g_ptr_array_unref(s->profiles);
  sim_scenario_free(s->first);
  g_strfreev(s->groups);
  g_ptr_array_unref(s->sets);
  g_ptr_array_unref(s->scenario_sets);
  g_free(s);
}

/* ---- the [study] group ---------------------------------------------------- */

/* One [study] key; `where` prefixes errors ("FILE:LINE: " or "--set ...: "). */
static gboolean
study_key(SimStudy *s, const char *key, const char *value, const char *origin,
          GError **error)
{
  GString *msg = g_string_new(NULL);
  if (strcmp(key, "repeat") == 0) {
    guint64 n;
    if (g_ascii_string_to_unsigned(value, 10, 1, MAX_REPEAT, &n, NULL))
      s->repeat = (guint)n;
    else
      g_string_printf(msg, "'%s' is not a whole number from 1 to %u", value, MAX_REPEAT);
  } else if (strcmp(key, "seed_rule") == 0) {
    if (strcmp(value, "offset") == 0 || strcmp(value, "hash") == 0)
      s->seed_hash = strcmp(value, "hash") == 0;
    else
      g_string_printf(msg, "'%s' is not a seed rule; accepted: offset, hash", value);
  } else if (strcmp(key, "profiles") == 0) {
    g_ptr_array_set_size(s->profiles, 0);
    if (strcmp(value, "all") == 0) {
      gsize n;
      const SimProfile *all = sim_profile_all(&n);
      for (gsize i = 0; i < n; i++)
        g_ptr_array_add(s->profiles, g_strdup(all[i].version));
    }
    /* "" splits into no item at all: read it as one empty item. */
    char **items = strcmp(value, "all") == 0 ? g_new0(char *, 1)
                   : *value == '\0'          ? g_strsplit(" ", ",", -1)
                                             : g_strsplit(value, ",", -1);
    for (char **it = items; msg->len == 0 && *it; it++) {
      char *v = g_strstrip(*it);
      GError *local = NULL;
      if (*v == '\0')
        g_string_printf(msg,
                        "'%s' names no version; accepted: all, or versions separated by "
                        "commas, e.g. sp2, 5.5.2577.0",
                        value);
      else if (sim_profile_resolve(v, &local) == NULL)
        g_string_assign(msg, local->message);
      else if (g_ptr_array_find_with_equal_func(s->profiles, v, g_str_equal, NULL))
        g_string_printf(msg, "'%s' is listed twice; list each version once", v);
      else
        g_ptr_array_add(s->profiles, g_strdup(v));
      g_clear_error(&local);
    }
    g_strfreev(items);
  } else
    g_string_printf(msg, "unknown key; %s", study_keys_accepted);
  gboolean ok = msg->len == 0;
  if (!ok)
    g_set_error(error, SIM_STUDY_ERROR, SIM_STUDY_ERROR_SYNTAX, "%s[study] %s: %s",
                origin, key, msg->str);
  g_string_free(msg, TRUE);
  return ok;
}

/* A key of the file's [study] group, as the variables' scan meets it. */
static gboolean
file_study_key(const SimIniKey *k, gpointer data, GError **error)
{
  SimStudy *s = data;
  char *origin = g_strdup_printf("%s:%u: ", s->path, k->line);
  gboolean ok = study_key(s, k->name, k->value, origin, error);
  g_free(origin);
  return ok;
}

/* ---- --set --------------------------------------------------------------------- */

static gboolean
apply_sets(SimStudy *s, const char *const *sets, GError **error)
{
  for (const char *const *set = sets; set != NULL && *set != NULL; set++) {
    g_ptr_array_add(s->sets, g_strdup(*set));
    if (!g_str_has_prefix(*set, "study.")) {
      /* The scenario checks the rest as it checks its file. A value that
       * holds a variable is the grid's: a --set would quietly turn an axis
       * into copies of one point. */
      const char *where;
      guint line = sim_study_vars_set_line(s->vars, *set, &where);
      if (line > 0) {
        g_set_error(error, SIM_STUDY_ERROR, SIM_STUDY_ERROR_SET,
                    "--set '%s': %s:%u: %s holds a study variable; change the "
                    "variable's values in the file instead",
                    *set, s->path, line, where);
        return FALSE;
      }
      g_ptr_array_add(s->scenario_sets, g_strdup(*set));
      continue;
    }
    const char *key = *set + strlen("study.");
    const char *eq = strchr(key, '=');
    if (eq == NULL || eq == key) {
      g_set_error(error, SIM_STUDY_ERROR, SIM_STUDY_ERROR_SET,
                  "--set '%s': not study.KEY=VALUE; accepted e.g. study.repeat=10, "
                  "study.profiles=all",
                  *set);
      return FALSE;
    }
    char *name = g_strstrip(g_strndup(key, (gsize)(eq - key)));
    char *value = g_strstrip(g_strdup(eq + 1));
    char *origin = g_strdup_printf("--set '%s': ", *set);
    gboolean ok = study_key(s, name, value, origin, error);
    g_free(name);
    g_free(value);
    g_free(origin);
    if (!ok)
      return FALSE;
  }
  g_ptr_array_add(s->scenario_sets, NULL);
  return TRUE;
}

/* ---- points -------------------------------------------------------------------- */

/* Each variable's value index at `point`; the caller frees it. */
static guint *
point_values(const SimStudy *s, guint point)
{
  guint n = sim_study_vars_count(s->vars);
  guint *values = g_new(guint, n);
  for (guint v = 0; v < n; v++)
    values[v] = sim_study_point_value(s, point, v);
  return values;
}

/* Point scenarios built, for the tests that pin that a study builds them
 * one run at a time and never all up front. */
static gint n_loads;

guint
sim_study_n_loads(void)
{
  return (guint)g_atomic_int_get(&n_loads);
}

SimScenario *
sim_study_point_load(const SimStudy *s, guint point, GError **error)
{
  g_return_val_if_fail(point < s->n_points, NULL);
  g_atomic_int_inc(&n_loads);
  g_autofree guint *values = point_values(s, point);
  GString *text = sim_study_vars_point_text(s->vars, values);
  GError *local = NULL;
  const char *const *sets = (const char *const *)s->scenario_sets->pdata;
  SimScenario *scenario =
      sim_scenario_load_with_sets(s->path, text->str, text->len, sets, &local);
  g_string_free(text, TRUE);
  if (scenario == NULL) {
    GString *msg = g_string_new(local->message);
    /* A --set's error is the same at every point. */
    if (sim_study_vars_count(s->vars) > 0 &&
        !g_str_has_prefix(local->message, "--set ")) {
      g_string_append(msg, " (study point ");
      sim_study_vars_append_values(s->vars, values, msg);
      g_string_append(msg, ")");
    }
    g_set_error_literal(error, local->domain, local->code, msg->str);
    g_string_free(msg, TRUE);
    g_error_free(local);
  }
  return scenario;
}

/* Loads and configures, under every profile, point 0 and each value of
 * each variable with the others at their first value: the sum of the
 * numbers of values, not their product, so a bad value stops the study
 * before its first run and a large grid costs nothing until it runs. A
 * point's own scenario is built by the run that needs it. */
static gboolean
load_points(SimStudy *s, GError **error)
{
  guint n_vars = sim_study_vars_count(s->vars);
  s->strides = g_new0(guint, n_vars);
  guint64 points = 1;
  for (guint v = n_vars; v-- > 0;) {
    s->strides[v] = (guint)points;
    points *= sim_study_vars_n_values(s->vars, v);
    if (points > SIM_STUDY_MAX_RUNS)
      break;
  }
  guint n_profiles = MAX(s->profiles->len, 1);
  /* Divided, not multiplied: the product can pass 2^64 and wrap. */
  if (points > SIM_STUDY_MAX_RUNS / n_profiles / s->repeat) {
    g_set_error(error, SIM_STUDY_ERROR, SIM_STUDY_ERROR_LIMIT,
                "%s: the study has more than %" G_GUINT64_FORMAT
                " runs; accepted: at most that many (fewer values, profiles or "
                "repetitions)",
                s->path, SIM_STUDY_MAX_RUNS);
    return FALSE;
  }
  s->n_points = (guint)points;
  s->n_runs = points * n_profiles * s->repeat;
  /* Point 0, then each variable's other values; point 0 is kept. */
  for (guint v = 0; v <= n_vars; v++) {
    guint n_values = v > 0 ? sim_study_vars_n_values(s->vars, v - 1) : 1;
    for (guint i = v > 0 ? 1 : 0; i < n_values; i++) {
      guint point = v > 0 ? i * s->strides[v - 1] : 0;
      g_autoptr(SimScenario) scenario = sim_study_point_load(s, point, error);
      if (scenario == NULL)
        return FALSE;
      for (guint k = 0; k < n_profiles; k++) {
        SimScenarioOverrides o = {.profile = sim_study_profile_override(s, k)};
        g_autoptr(SimModelConfig) config = sim_scenario_configure(scenario, &o, error);
        if (config == NULL)
          return FALSE;
        if (point == 0 && k == 0) {
          s->base_seed = config->seed;
          s->groups = g_new0(char *, config->clients->len + 1);
          for (guint g = 0; g < config->clients->len; g++)
            s->groups[g] = g_strdup(
                ((const SimClientSpec *)g_ptr_array_index(config->clients, g))->name);
        }
      }
      if (point == 0)
        s->first = g_steal_pointer(&scenario);
    }
  }
  s->name = g_strdup(sim_scenario_name(s->first));
  /* The line a --set scenario.profile=... would name. */
  s->profile_line = sim_study_vars_set_line(s->vars, "scenario.profile=", NULL);
  return TRUE;
}

SimStudy *
sim_study_load(const char *path, const char *data, gsize length, const char *const *sets,
               GError **error)
{
  g_autoptr(SimStudy) s = g_new0(SimStudy, 1);
  s->path = g_strdup(path);
  s->profiles = g_ptr_array_new_with_free_func(g_free);
  s->sets = g_ptr_array_new_with_free_func(g_free);
  s->scenario_sets = g_ptr_array_new_with_free_func(g_free);
  s->repeat = 1;
  g_autofree char *contents = NULL;
  if (data == NULL) {
    GError *local = NULL;
    if (!g_file_get_contents(path, &contents, &length, &local)) {
      g_set_error(error, SIM_STUDY_ERROR, SIM_STUDY_ERROR_READ, "%s: cannot read: %s",
                  path, local->message);
      g_error_free(local);
      return NULL;
    }
    data = contents;
  }
  s->sha256 =
      g_compute_checksum_for_data(G_CHECKSUM_SHA256, (const guchar *)data, length);
  /* NUL bytes and bad UTF-8 are the scenario loader's to report. */
  gsize text_length = length;
  if (memchr(data, '\0', length) != NULL || !g_utf8_validate(data, (gssize)length, NULL))
    text_length = 0;
  if (text_length == 0 && length > 0) {
    SimScenario *scenario = sim_scenario_load_data(path, data, length, error);
    g_assert(scenario == NULL);
    return NULL;
  }
  s->vars = sim_study_vars_parse(path, data, text_length, file_study_key, s, error);
  if (s->vars == NULL || !apply_sets(s, sets, error) || !load_points(s, error))
    return NULL;
  return g_steal_pointer(&s);
}

/* ---- accessors and the run map -------------------------------------------------- */

const char *
sim_study_path(const SimStudy *s)
{
  return s->path;
}

const char *
sim_study_sha256(const SimStudy *s)
{
  return s->sha256;
}

const char *
sim_study_name(const SimStudy *s)
{
  return s->name;
}

const char *const *
sim_study_groups(const SimStudy *s)
{
  return (const char *const *)s->groups;
}

guint
sim_study_n_vars(const SimStudy *s)
{
  return sim_study_vars_count(s->vars);
}

const char *
sim_study_var_name(const SimStudy *s, guint var)
{
  return sim_study_vars_name(s->vars, var);
}

guint
sim_study_var_n_values(const SimStudy *s, guint var)
{
  return sim_study_vars_n_values(s->vars, var);
}

const char *
sim_study_var_column(const SimStudy *s, guint var, guint value)
{
  return sim_study_vars_column(s->vars, var, value);
}

gboolean
sim_study_var_numeric(const SimStudy *s, guint var)
{
  return sim_study_vars_numeric(s->vars, var);
}

guint
sim_study_n_points(const SimStudy *s)
{
  return s->n_points;
}

guint
sim_study_n_profiles(const SimStudy *s)
{
  return MAX(s->profiles->len, 1);
}

guint
sim_study_repeat(const SimStudy *s)
{
  return s->repeat;
}

guint64
sim_study_n_runs(const SimStudy *s)
{
  return s->n_runs;
}

/* The rng stream of seed_rule = hash; any constant apart from the model's. */
#define SEED_STREAM G_GUINT64_CONSTANT(0x5354554459)

void
sim_study_run_info(const SimStudy *s, guint64 run, SimStudyRun *info)
{
  g_return_if_fail(run < s->n_runs);
  guint n_profiles = sim_study_n_profiles(s);
  info->run = run;
  info->repetition = (guint)(run % s->repeat);
  guint64 q = run / s->repeat;
  info->profile = (guint)(q % n_profiles);
  info->point = (guint)(q / n_profiles);
  if (s->seed_hash) {
    SimRng rng;
    sim_rng_init(&rng, s->base_seed, info->repetition, SEED_STREAM);
    info->seed = sim_rng_next(&rng);
  } else
    info->seed = s->base_seed + info->repetition; /* wraps, as documented */
}

guint
sim_study_point_value(const SimStudy *s, guint point, guint var)
{
  guint n_values = sim_study_vars_n_values(s->vars, var);
  return point / s->strides[var] % n_values;
}

/* The [scenario] profile of a point whose profile line holds a variable:
 * that one line, read as the scenario loader reads it. Interned: a study
 * names few profiles, and the name outlives the call. */
static const char *
point_profile(const SimStudy *s, guint point)
{
  g_autoptr(GString) text = g_string_new("[scenario]\n");
  g_autofree guint *values = point_values(s, point);
  sim_study_vars_append_line(s->vars, s->profile_line, values, text);
  g_autoptr(SimIni) ini = sim_ini_parse(text->str, text->len, "a [group]");
  const SimIniGroup *g = sim_ini_group(ini, "scenario");
  const SimIniKey *k = g ? sim_ini_key(g, "profile") : NULL;
  return k ? g_intern_string(k->value) : sim_scenario_profile(s->first);
}

const char *
sim_study_profile_name(const SimStudy *s, guint point, guint profile)
{
  if (s->profiles->len > 0)
    return g_ptr_array_index(s->profiles, profile);
  if (s->profile_line > 0)
    return point_profile(s, point);
  return sim_scenario_profile(s->first);
}

const char *
sim_study_profile_override(const SimStudy *s, guint profile)
{
  return s->profiles->len == 0 ? NULL : g_ptr_array_index(s->profiles, profile);
}

/* Quoted for a POSIX shell only when it needs to be. */
static void
append_word(GString *out, const char *word)
{
  gboolean plain = *word != '\0';
  for (const char *p = word; *p; p++)
    if (!g_ascii_isalnum(*p) && strchr("_./=,:@+-", *p) == NULL)
      plain = FALSE;
  char *quoted = plain ? g_strdup(word) : g_shell_quote(word);
  g_string_append_printf(out, " %s", quoted);
  g_free(quoted);
}

char *
sim_study_provenance(const SimStudy *s)
{
  GString *out = g_string_new(NULL);
  g_string_append_printf(out,
                         "# chatsim %s; study sha256 %s; %" G_GUINT64_FORMAT
                         " runs; command: chatsim study",
                         CHATSIM_VERSION, s->sha256, s->n_runs);
  append_word(out, s->path);
  for (guint i = 0; i < s->sets->len; i++) {
    g_string_append(out, " --set");
    append_word(out, g_ptr_array_index(s->sets, i));
  }
  return g_string_free(out, FALSE);
}

/* scenario.c: GKeyFile reads the values, but it merges duplicate groups and
 * keys silently and keeps no line numbers, so a line scan runs first to find
 * both and to know where every key stands. */
#include "chatsim/scenario.h"

#include "chatsim/duration.h"

#include <string.h>

G_DEFINE_QUARK(chatsim_scenario_error, sim_scenario_error)

#define MAX_COUNT 10000000u
#define MAX_CHANNEL_NAME 50

typedef struct {
  char *name;
  guint line;
} Key;

typedef struct {
  char *name; /* as in the file, between the brackets */
  guint line;
  GPtrArray *keys; /* Key *, in file order */
} Group;

/* Where the keys a later check refers to stand, per client group. */
typedef struct {
  guint group;
  guint connect;
} ClientLines;

typedef struct {
  char *name;
  char *value;
  guint line;
} Override;

struct _SimScenario {
  char *path;
  char *name;
  char *description;
  char *profile;
  guint profile_line;
  guint64 seed;
  SimTime duration;
  guint duration_line;
  SimTime latency;
  SimTime jitter;
  GPtrArray *overrides;      /* Override *, [server] in file order */
  GPtrArray *clients;        /* SimClientSpec *, shared with every config made */
  GArray *client_lines;      /* ClientLines, parallel to clients */
  GPtrArray *groups;         /* Group *, in file order */
  GPtrArray *expectations;   /* SimExpectation *, in file order */
  GPtrArray *check_profiles; /* char *: the versions `check` runs */
  char *golden;              /* directory, relative to the cwd; NULL if none */
};

static void
expectation_free(SimExpectation *e)
{
  g_free(e->profile);
  g_free(e->client);
  g_free(e->text);
  g_free(e);
}

static void
key_free(Key *key)
{
  g_free(key->name);
  g_free(key);
}

static void
group_free(Group *group)
{
  g_free(group->name);
  g_ptr_array_unref(group->keys);
  g_free(group);
}

static void
override_free(Override *o)
{
  g_free(o->name);
  g_free(o->value);
  g_free(o);
}

void
sim_scenario_free(SimScenario *s)
{
  if (s == NULL)
    return;
  g_free(s->path);
  g_free(s->name);
  g_free(s->description);
  g_free(s->profile);
  g_ptr_array_unref(s->overrides);
  g_ptr_array_unref(s->clients);
  g_array_unref(s->client_lines);
  g_ptr_array_unref(s->groups);
  g_ptr_array_unref(s->expectations);
  g_ptr_array_unref(s->check_profiles);
  g_free(s->golden);
  g_free(s);
}

/* "FILE:LINE: [GROUP] KEY: message" with the parts that apply. */
static void G_GNUC_PRINTF(6, 7)
    fail(GError **error, SimScenarioError code, const SimScenario *s, guint line,
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
  g_set_error_literal(error, SIM_SCENARIO_ERROR, code, text->str);
  g_string_free(text, TRUE);
  g_free(message);
}

/* ---- the line scan ------------------------------------------------------ */

static const char *const client_keys[] = {
    "connect",    "join",      "talk", "start", "pong",
    "pong_delay", "keepalive", "quit", "count", NULL,
};
static const char *const scenario_keys[] = {
    "name",    "description",    "duration", "seed",
    "profile", "check_profiles", "golden",   NULL,
};
static const char *const network_keys[] = {"latency", "jitter", NULL};

static const char groups_accepted[] =
    "[scenario], [network], [server], [client NAME], [expect], [expect VERSION]";

static gboolean
is_expect_group(const char *name)
{
  return strcmp(name, "expect") == 0 || g_str_has_prefix(name, "expect ");
}

static gboolean
valid_client_name(const char *name)
{
  if (*name == '\0' || strlen(name) > 64)
    return FALSE;
  for (const char *p = name; *p; p++)
    if (!g_ascii_isalnum(*p) && *p != '_' && *p != '-')
      return FALSE;
  return TRUE;
}

static Group *
find_group(const SimScenario *s, const char *name)
{
  for (guint i = 0; i < s->groups->len; i++) {
    Group *g = g_ptr_array_index(s->groups, i);
    if (strcmp(g->name, name) == 0)
      return g;
  }
  return NULL;
}

static guint
key_line(const Group *g, const char *key)
{
  for (guint i = 0; i < g->keys->len; i++) {
    const Key *k = g_ptr_array_index(g->keys, i);
    if (strcmp(k->name, key) == 0)
      return k->line;
  }
  return 0;
}

static gboolean
scan_group_header(SimScenario *s, const char *line, guint lineno, Group **current,
                  GError **error)
{
  gsize len = strlen(line);
  if (line[len - 1] != ']' || len < 3) {
    fail(error, SIM_SCENARIO_ERROR_SYNTAX, s, lineno, NULL,
         "'%s' is not a group header; accepted: %s", line, groups_accepted);
    return FALSE;
  }
  /* The name as GKeyFile will know it: no spaces folded or trimmed. */
  GString *name = g_string_new_len(line + 1, (gssize)len - 2);
  gboolean ok = TRUE;
  if (g_str_has_prefix(name->str, "client ") || strcmp(name->str, "client") == 0) {
    const char *client = name->str + strlen("client");
    if (*client == ' ')
      client++;
    if (!valid_client_name(client)) {
      fail(error, SIM_SCENARIO_ERROR_GROUP, s, lineno, NULL,
           "[%s] does not name a client; accepted: [client NAME], NAME of up to 64 "
           "letters, "
           "digits, '_' or '-'",
           name->str);
      ok = FALSE;
    }
  } else if (g_str_has_prefix(name->str, "expect ")) {
    GError *local = NULL;
    if (sim_profile_resolve(name->str + strlen("expect "), &local) == NULL) {
      fail(error, SIM_SCENARIO_ERROR_GROUP, s, lineno, NULL, "[%s]: %s", name->str,
           local->message);
      g_error_free(local);
      ok = FALSE;
    }
  } else if (strcmp(name->str, "scenario") != 0 && strcmp(name->str, "network") != 0 &&
             strcmp(name->str, "server") != 0 && strcmp(name->str, "expect") != 0) {
    fail(error, SIM_SCENARIO_ERROR_GROUP, s, lineno, NULL,
         "unknown group [%s]; accepted: %s", name->str, groups_accepted);
    ok = FALSE;
  }
  Group *dup = ok ? find_group(s, name->str) : NULL;
  if (dup != NULL) {
    fail(error, SIM_SCENARIO_ERROR_GROUP, s, lineno, NULL,
         "duplicate group [%s] (first at line %u); each group may appear once", name->str,
         dup->line);
    ok = FALSE;
  }
  if (!ok) {
    g_string_free(name, TRUE);
    return FALSE;
  }
  Group *g = g_new0(Group, 1);
  g->name = g_string_free(name, FALSE);
  g->line = lineno;
  g->keys = g_ptr_array_new_with_free_func((GDestroyNotify)key_free);
  g_ptr_array_add(s->groups, g);
  *current = g;
  return TRUE;
}

/* The keys a group accepts; NULL for [expect] groups, whose keys are
 * client names and are checked once the clients are known. */
static const char *const *
keys_of(const char *group)
{
  if (is_expect_group(group))
    return NULL;
  if (g_str_has_prefix(group, "client "))
    return client_keys;
  if (strcmp(group, "scenario") == 0)
    return scenario_keys;
  if (strcmp(group, "network") == 0)
    return network_keys;
  return sim_profile_param_names();
}

static gboolean
scan_key(SimScenario *s, const char *line, guint lineno, Group *current, GError **error)
{
  const char *eq = strchr(line, '=');
  char *key = g_strstrip(g_strndup(line, (gsize)(eq - line)));
  char *where = current ? g_strdup_printf("[%s] %s", current->name, key) : NULL;
  gboolean ok = FALSE;
  if (current == NULL)
    fail(error, SIM_SCENARIO_ERROR_SYNTAX, s, lineno, NULL,
         "'%s' stands before any group; a file starts with a group such as [scenario]",
         line);
  else if (*key == '\0')
    fail(error, SIM_SCENARIO_ERROR_SYNTAX, s, lineno, NULL,
         "'%s' has no key before '='; accepted: key = value", line);
  else if (keys_of(current->name) != NULL &&
           !g_strv_contains(keys_of(current->name), key)) {
    char *accepted = g_strjoinv(", ", (char **)keys_of(current->name));
    fail(error, SIM_SCENARIO_ERROR_KEY, s, lineno, NULL,
         "[%s] unknown key '%s'; accepted: %s", current->name, key, accepted);
    g_free(accepted);
  } else if (key_line(current, key) > 0)
    fail(error, SIM_SCENARIO_ERROR_KEY, s, lineno, where,
         "duplicate key (first at line %u); each key may appear once in a group",
         key_line(current, key));
  else {
    Key *k = g_new0(Key, 1);
    k->name = g_strdup(key);
    k->line = lineno;
    g_ptr_array_add(current->keys, k);
    ok = TRUE;
  }
  g_free(where);
  g_free(key);
  return ok;
}

static gboolean
scan(SimScenario *s, const char *data, gsize length, GError **error)
{
  if (memchr(data, '\0', length) != NULL ||
      !g_utf8_validate(data, (gssize)length, NULL)) {
    fail(error, SIM_SCENARIO_ERROR_SYNTAX, s, 0, NULL,
         "not a text file (NUL bytes or invalid UTF-8)");
    return FALSE;
  }
  char *copy = g_strndup(data, length);
  char **lines = g_strsplit(copy, "\n", -1);
  g_free(copy);
  Group *current = NULL;
  gboolean ok = TRUE;
  for (guint i = 0; ok && lines[i] != NULL; i++) {
    char *line = g_strstrip(lines[i]);
    guint lineno = i + 1;
    if (*line == '\0' || *line == '#')
      continue;
    if (*line == '[')
      ok = scan_group_header(s, line, lineno, &current, error);
    else if (strchr(line, '=') != NULL)
      ok = scan_key(s, line, lineno, current, error);
    else {
      fail(error, SIM_SCENARIO_ERROR_SYNTAX, s, lineno, NULL,
           "'%s' is not a [group], a key = value pair or a # comment", line);
      ok = FALSE;
    }
  }
  g_strfreev(lines);
  return ok;
}

/* ---- values ------------------------------------------------------------- */

typedef struct {
  SimScenario *s;
  GKeyFile *kf;
  Group *group;
  GError **error;
} Ctx;

static char *
ctx_where(const Ctx *ctx, const char *key)
{
  return g_strdup_printf("[%s] %s", ctx->group->name, key);
}

static void G_GNUC_PRINTF(4, 5) ctx_fail(const Ctx *ctx, SimScenarioError code,
                                         const char *key, const char *format, ...)
{
  va_list args;
  va_start(args, format);
  char *message = g_strdup_vprintf(format, args);
  va_end(args);
  char *where = ctx_where(ctx, key);
  fail(ctx->error, code, ctx->s, key_line(ctx->group, key), where, "%s", message);
  g_free(where);
  g_free(message);
}

/* The value of `key`, unescaped by GKeyFile; NULL if absent or on error
 * (then `*error` is set). */
static char *
get(const Ctx *ctx, const char *key, gboolean *present)
{
  *present = key_line(ctx->group, key) > 0;
  if (!*present)
    return NULL;
  GError *local = NULL;
  /* Raw: GKeyFile's unescaping would turn "C:\\temp\\new" into a tab and a
   * newline. Nothing in the format needs an escape. */
  char *value = g_key_file_get_value(ctx->kf, ctx->group->name, key, &local);
  if (value == NULL) {
    ctx_fail(ctx, SIM_SCENARIO_ERROR_VALUE, key, "%s", local->message);
    g_error_free(local);
    return NULL;
  }
  return g_strstrip(value);
}

static gboolean
get_duration(const Ctx *ctx, const char *key, SimTime *out, gboolean *present)
{
  char *value = get(ctx, key, present);
  if (!*present)
    return TRUE;
  if (value == NULL)
    return FALSE;
  GError *local = NULL;
  gboolean ok = sim_duration_parse(value, out, &local);
  if (!ok) {
    ctx_fail(ctx, SIM_SCENARIO_ERROR_VALUE, key, "%s", local->message);
    g_error_free(local);
  }
  g_free(value);
  return ok;
}

static gboolean
get_positive_duration(const Ctx *ctx, const char *key, SimTime *out, gboolean *present)
{
  if (!get_duration(ctx, key, out, present))
    return FALSE;
  if (*present && *out == 0) {
    ctx_fail(ctx, SIM_SCENARIO_ERROR_VALUE, key, "must be longer than 0");
    return FALSE;
  }
  return TRUE;
}

static gboolean
get_uint(const Ctx *ctx, const char *key, guint64 min, guint64 max, guint64 *out,
         gboolean *present)
{
  char *value = get(ctx, key, present);
  if (!*present)
    return TRUE;
  if (value == NULL)
    return FALSE;
  guint64 v = 0;
  GError *local = NULL;
  gboolean ok = g_ascii_string_to_unsigned(value, 10, min, max, &v, &local);
  if (!ok) {
    ctx_fail(ctx, SIM_SCENARIO_ERROR_VALUE, key,
             "'%s' is not a whole number from %" G_GUINT64_FORMAT
             " to %" G_GUINT64_FORMAT,
             value, min, max);
    g_error_free(local);
  }
  *out = v;
  g_free(value);
  return ok;
}

static gboolean
parse_scenario_group(SimScenario *s, GKeyFile *kf, GError **error)
{
  Group *g = find_group(s, "scenario");
  if (g == NULL) {
    fail(
        error, SIM_SCENARIO_ERROR_MISSING, s, 0, NULL,
        "no [scenario] group; a scenario needs at least [scenario] with duration and one "
        "[client NAME]");
    return FALSE;
  }
  Ctx ctx = {s, kf, g, error};
  gboolean present;
  s->name = get(&ctx, "name", &present);
  if (present && s->name == NULL)
    return FALSE;
  s->description = get(&ctx, "description", &present);
  if (present && s->description == NULL)
    return FALSE;
  if (!get_positive_duration(&ctx, "duration", &s->duration, &present))
    return FALSE;
  if (!present) {
    fail(error, SIM_SCENARIO_ERROR_MISSING, s, g->line, "[scenario] duration",
         "missing; say how long the run lasts, e.g. duration = 45m");
    return FALSE;
  }
  s->duration_line = key_line(g, "duration");
  if (!get_uint(&ctx, "seed", 0, G_MAXUINT64, &s->seed, &present))
    return FALSE;
  s->profile = get(&ctx, "profile", &present);
  if (present && s->profile == NULL)
    return FALSE;
  s->profile_line = key_line(g, "profile");
  if (s->profile != NULL) {
    GError *local = NULL;
    if (sim_profile_resolve(s->profile, &local) == NULL) {
      ctx_fail(&ctx, SIM_SCENARIO_ERROR_VALUE, "profile", "%s", local->message);
      g_error_free(local);
      return FALSE;
    }
  }
  if (s->name == NULL)
    s->name = g_path_get_basename(s->path);
  return TRUE;
}

static gboolean
parse_network_group(SimScenario *s, GKeyFile *kf, GError **error)
{
  Group *g = find_group(s, "network");
  if (g == NULL)
    return TRUE;
  Ctx ctx = {s, kf, g, error};
  gboolean present;
  return get_duration(&ctx, "latency", &s->latency, &present) &&
         get_duration(&ctx, "jitter", &s->jitter, &present);
}

static gboolean
parse_server_group(SimScenario *s, GKeyFile *kf, GError **error)
{
  Group *g = find_group(s, "server");
  if (g == NULL)
    return TRUE;
  Ctx ctx = {s, kf, g, error};
  for (guint i = 0; i < g->keys->len; i++) {
    const Key *k = g_ptr_array_index(g->keys, i);
    gboolean present;
    char *value = get(&ctx, k->name, &present);
    if (value == NULL)
      return FALSE;
    /* Check the value now, so that a bad override fails at load. */
    SimKeepalive scratch = {0};
    GError *local = NULL;
    if (!sim_profile_param_set(&scratch, k->name, value, &local)) {
      ctx_fail(&ctx, SIM_SCENARIO_ERROR_VALUE, k->name, "%s", local->message);
      g_error_free(local);
      g_free(value);
      return FALSE;
    }
    Override *o = g_new0(Override, 1);
    o->name = g_strdup(k->name);
    o->value = value;
    o->line = k->line;
    g_ptr_array_add(s->overrides, o);
  }
  return TRUE;
}

static gboolean
valid_channel(const char *name)
{
  if (name[0] != '#' || name[1] == '\0' || strlen(name) > MAX_CHANNEL_NAME)
    return FALSE;
  for (const char *p = name + 1; *p; p++)
    if (g_ascii_isspace(*p) || g_ascii_iscntrl(*p) || *p == ',' || *p == '#')
      return FALSE;
  return TRUE;
}

/* IRC channel names ignore case (RFC 2812 1.3). */
static gboolean
channel_equal(gconstpointer a, gconstpointer b)
{
  return g_ascii_strcasecmp(a, b) == 0;
}

#define MAX_SPREAD 1000000

/* "#room{1..100}": member K of the group joins #room<((K-1) mod 100) + 1>,
 * so one group fills many channels evenly. */
static gboolean
parse_join_range(const Ctx *ctx, SimClientSpec *spec, const char *value)
{
  const char *open = strchr(value, '{');
  const char *dots = strstr(open, "..");
  const char *close = dots ? strchr(dots, '}') : NULL;
  guint64 from = 0, to = 0;
  gboolean ok = strchr(value, ',') == NULL && dots != NULL && close != NULL &&
                strchr(close + 1, '{') == NULL;
  if (ok) {
    char *a = g_strndup(open + 1, (gsize)(dots - open - 1));
    char *b = g_strndup(dots + 2, (gsize)(close - dots - 2));
    ok = g_ascii_string_to_unsigned(a, 10, 0, G_MAXUINT32, &from, NULL) &&
         g_ascii_string_to_unsigned(b, 10, 0, G_MAXUINT32, &to, NULL) && from <= to &&
         to - from < MAX_SPREAD;
    g_free(a);
    g_free(b);
  }
  if (!ok) {
    ctx_fail(
        ctx, SIM_SCENARIO_ERROR_VALUE, "join",
        "'%s' is not a channel range; accepted: one PREFIX{A..B}SUFFIX alone, A <= B "
        "whole numbers, at most %d channels, e.g. join = #room{1..100}",
        value, MAX_SPREAD);
    return FALSE;
  }
  char *prefix = g_strndup(value, (gsize)(open - value));
  GPtrArray *names = g_ptr_array_new();
  for (guint64 k = from; ok && k <= to; k++) {
    char *name = g_strdup_printf("%s%" G_GUINT64_FORMAT "%s", prefix, k, close + 1);
    if (!valid_channel(name)) {
      ctx_fail(ctx, SIM_SCENARIO_ERROR_VALUE, "join",
               "'%s' makes '%s', which is not a channel name; accepted: '#' and 1 to %d "
               "characters without spaces, commas or '#'",
               value, name, MAX_CHANNEL_NAME - 1);
      ok = FALSE;
      g_free(name);
    } else
      g_ptr_array_add(names, name);
  }
  g_free(prefix);
  g_ptr_array_add(names, NULL);
  char **list = (char **)g_ptr_array_free(names, FALSE);
  if (ok) {
    g_strfreev(spec->channels);
    spec->channels = list;
    spec->spread = TRUE;
  } else
    g_strfreev(list);
  return ok;
}

static gboolean
parse_join(const Ctx *ctx, SimClientSpec *spec)
{
  gboolean present;
  char *value = get(ctx, "join", &present);
  if (!present)
    return TRUE;
  if (value == NULL)
    return FALSE;
  if (strchr(value, '{') != NULL) {
    gboolean ok = parse_join_range(ctx, spec, value);
    g_free(value);
    return ok;
  }
  char **parts = g_strsplit(value, ",", -1);
  GPtrArray *names = g_ptr_array_new_with_free_func(g_free);
  gboolean ok = TRUE;
  gboolean empty = *value == '\0';
  for (char **p = parts; ok && !empty && *p; p++) {
    char *name = g_strstrip(*p);
    if (!valid_channel(name)) {
      ctx_fail(ctx, SIM_SCENARIO_ERROR_VALUE, "join",
               "'%s' is not a channel name; accepted: '#' and 1 to %d characters without "
               "spaces, commas or '#', e.g. #lobby",
               name, MAX_CHANNEL_NAME - 1);
      ok = FALSE;
    } else if (g_ptr_array_find_with_equal_func(names, name, channel_equal, NULL)) {
      ctx_fail(ctx, SIM_SCENARIO_ERROR_VALUE, "join", "%s is listed twice", name);
      ok = FALSE;
    } else
      g_ptr_array_add(names, g_strdup(name));
  }
  if (ok) {
    g_ptr_array_add(names, NULL);
    g_strfreev(spec->channels);
    spec->channels = (char **)g_ptr_array_free(names, FALSE);
  } else
    g_ptr_array_unref(names);
  g_strfreev(parts);
  g_free(value);
  return ok;
}

static const char talk_accepted[] = "accepted: never, every D, poisson MEAN, at T1, T2, "
                                    "... (D, MEAN and T are durations)";

/* What follows `word` and blank space at the start of `value` (any case),
 * or NULL. */
static const char *
after_word(const char *value, const char *word)
{
  gsize n = strlen(word);
  if (g_ascii_strncasecmp(value, word, n) != 0 || !g_ascii_isspace(value[n]))
    return NULL;
  value += n;
  while (g_ascii_isspace(*value))
    value++;
  return value;
}

static gboolean
parse_talk(const Ctx *ctx, SimClientSpec *spec)
{
  gboolean present;
  char *value = get(ctx, "talk", &present);
  if (!present)
    return TRUE;
  if (value == NULL)
    return FALSE;
  gboolean ok = TRUE;
  const char *arg = NULL;
  const char *list = NULL;
  if (g_ascii_strcasecmp(value, "never") == 0)
    spec->talk = SIM_TALK_NEVER;
  else if ((arg = after_word(value, "every")) != NULL)
    spec->talk = SIM_TALK_EVERY;
  else if ((arg = after_word(value, "poisson")) != NULL)
    spec->talk = SIM_TALK_POISSON;
  else if ((list = after_word(value, "at")) != NULL) {
    spec->talk = SIM_TALK_AT;
    char **times = g_strsplit(list, ",", -1);
    for (char **t = times; ok && *t; t++) {
      SimTime at;
      GError *local = NULL;
      if (!sim_duration_parse(g_strstrip(*t), &at, &local)) {
        ctx_fail(ctx, SIM_SCENARIO_ERROR_VALUE, "talk", "at: %s", local->message);
        g_error_free(local);
        ok = FALSE;
      } else if (spec->talk_at->len > 0 &&
                 at < g_array_index(spec->talk_at, SimTime, spec->talk_at->len - 1)) {
        ctx_fail(ctx, SIM_SCENARIO_ERROR_VALUE, "talk",
                 "at: '%s' comes before the time listed ahead of it; list times in order",
                 *t);
        ok = FALSE;
      } else
        g_array_append_val(spec->talk_at, at);
    }
    g_strfreev(times);
  } else {
    ctx_fail(ctx, SIM_SCENARIO_ERROR_VALUE, "talk", "'%s' is not a talk schedule; %s",
             value, talk_accepted);
    ok = FALSE;
  }
  if (ok && arg != NULL) {
    GError *local = NULL;
    if (!sim_duration_parse(arg, &spec->talk_period, &local)) {
      ctx_fail(ctx, SIM_SCENARIO_ERROR_VALUE, "talk", "%s: %s",
               spec->talk == SIM_TALK_EVERY ? "every" : "poisson", local->message);
      g_error_free(local);
      ok = FALSE;
    } else if (spec->talk_period == 0) {
      ctx_fail(ctx, SIM_SCENARIO_ERROR_VALUE, "talk",
               "'%s': the %s must be longer than 0", value,
               spec->talk == SIM_TALK_EVERY ? "period" : "mean");
      ok = FALSE;
    }
  }
  g_free(value);
  return ok;
}

static gboolean
parse_yes_no(const Ctx *ctx, const char *key, gboolean *out)
{
  gboolean present;
  char *value = get(ctx, key, &present);
  if (!present)
    return TRUE;
  if (value == NULL)
    return FALSE;
  GError *local = NULL;
  gboolean ok = sim_profile_parse_yes_no(value, out, &local);
  if (!ok) {
    ctx_fail(ctx, SIM_SCENARIO_ERROR_VALUE, key, "%s", local->message);
    g_error_free(local);
  }
  g_free(value);
  return ok;
}

static gboolean
parse_keepalive(const Ctx *ctx, SimClientSpec *spec)
{
  gboolean present;
  char *value = get(ctx, "keepalive", &present);
  if (!present)
    return TRUE;
  if (value == NULL)
    return FALSE;
  gboolean ok = TRUE;
  if (g_ascii_strcasecmp(value, "off") != 0) {
    GError *local = NULL;
    ok = sim_duration_parse(value, &spec->keepalive, &local);
    if (!ok) {
      ctx_fail(ctx, SIM_SCENARIO_ERROR_VALUE, "keepalive", "%s, or off", local->message);
      g_error_free(local);
    } else if (spec->keepalive == 0) {
      ctx_fail(ctx, SIM_SCENARIO_ERROR_VALUE, "keepalive",
               "must be longer than 0; to turn it off, say off");
      ok = FALSE;
    }
  }
  g_free(value);
  return ok;
}

/* Checks between keys of one client: each error names the key that is
 * out of place and quotes what it clashes with. */
static gboolean
check_client(const Ctx *ctx, SimClientSpec *spec, gboolean has_start,
             gboolean has_pong_delay)
{
  char *connect = sim_duration_format_unit(spec->connect);
  char *start = sim_duration_format_unit(MAX(spec->talk_start, 0));
  char *quit = sim_duration_format_unit(MAX(spec->quit, 0));
  SimTime last_at = spec->talk == SIM_TALK_AT
                        ? g_array_index(spec->talk_at, SimTime, spec->talk_at->len - 1)
                        : 0;
  char *first = spec->talk == SIM_TALK_AT
                    ? sim_duration_format_unit(g_array_index(spec->talk_at, SimTime, 0))
                    : NULL;
  char *last = sim_duration_format_unit(last_at);
  gboolean ok = FALSE;
  if (spec->talk != SIM_TALK_NEVER && spec->channels[0] == NULL)
    ctx_fail(
        ctx, SIM_SCENARIO_ERROR_VALUE, key_line(ctx->group, "talk") ? "talk" : "join",
        "the client talks but joins no channel; add join = #channel or say talk = never");
  else if (has_start && spec->talk != SIM_TALK_EVERY && spec->talk != SIM_TALK_POISSON)
    ctx_fail(ctx, SIM_SCENARIO_ERROR_KEY, "start",
             "only applies to talk = every D or talk = poisson MEAN");
  else if (has_start && spec->talk_start < spec->connect)
    ctx_fail(ctx, SIM_SCENARIO_ERROR_VALUE, "start",
             "%s is before the client connects (connect = %s); start is a scenario time",
             start, connect);
  else if (spec->talk == SIM_TALK_AT &&
           g_array_index(spec->talk_at, SimTime, 0) < spec->connect)
    ctx_fail(
        ctx, SIM_SCENARIO_ERROR_VALUE, "talk",
        "at: %s is before the client connects (connect = %s); times are scenario times",
        first, connect);
  else if (spec->quit >= 0 && spec->quit < spec->connect)
    ctx_fail(ctx, SIM_SCENARIO_ERROR_VALUE, "quit",
             "%s is before the client connects (connect = %s); quit is a scenario time",
             quit, connect);
  else if (spec->quit >= 0 && spec->talk == SIM_TALK_AT && last_at >= spec->quit)
    ctx_fail(
        ctx, SIM_SCENARIO_ERROR_VALUE, "talk",
        "at: %s is not before the client quits (quit = %s); QUIT is its last act, so "
        "list times before quit",
        last, quit);
  else if (has_pong_delay && !spec->pong)
    ctx_fail(ctx, SIM_SCENARIO_ERROR_KEY, "pong_delay",
             "has no effect with pong = no (the client never answers); remove it or say "
             "pong = yes");
  else
    ok = TRUE;
  g_free(connect), g_free(start), g_free(quit), g_free(first), g_free(last);
  return ok;
}

static gboolean
parse_client_group(SimScenario *s, GKeyFile *kf, Group *g, GError **error)
{
  Ctx ctx = {s, kf, g, error};
  SimClientSpec *spec = sim_client_spec_new(g->name + strlen("client "));
  gboolean present, has_start = FALSE, has_pong_delay = FALSE;
  guint64 count = 1;
  SimTime quit = -1;
  gboolean ok = get_uint(&ctx, "count", 1, MAX_COUNT, &count, &present) &&
                get_duration(&ctx, "connect", &spec->connect, &present) &&
                parse_join(&ctx, spec) && parse_talk(&ctx, spec) &&
                get_duration(&ctx, "start", &spec->talk_start, &has_start) &&
                parse_yes_no(&ctx, "pong", &spec->pong) &&
                get_duration(&ctx, "pong_delay", &spec->pong_delay, &has_pong_delay) &&
                parse_keepalive(&ctx, spec) &&
                get_duration(&ctx, "quit", &quit, &present);
  spec->count = (guint)count;
  spec->quit = quit;
  if (ok)
    ok = check_client(&ctx, spec, has_start, has_pong_delay);
  if (!ok) {
    sim_client_spec_free(spec);
    return FALSE;
  }
  ClientLines lines = {g->line, key_line(g, "connect")};
  g_ptr_array_add(s->clients, spec);
  g_array_append_val(s->client_lines, lines);
  return TRUE;
}

/* ---- expectations ------------------------------------------------------ */

gboolean
sim_scenario_members(const SimScenario *s, const char *name, guint *first, guint *n)
{
  return sim_model_find_clients(s->clients, name, first, n);
}

/* ASCII on purpose: the message must read the same in any locale. */
static const char expect_accepted[] = "accepted: connected, quit, or disconnected [at "
                                      "TIME[+-TOL]] [by recv-idle|ping-timeout]";

/* "disconnected at 600.04s±50ms by recv-idle", word by word. */
static gboolean
parse_expect_value(const Ctx *ctx, const char *key, const char *value, SimExpectation *e)
{
  char **words = g_strsplit_set(value, " \t", -1);
  GPtrArray *w = g_ptr_array_new();
  for (char **p = words; *p; p++)
    if (**p)
      g_ptr_array_add(w, *p);
  gboolean ok = w->len > 0;
  const char *first = ok ? g_ptr_array_index(w, 0) : "";
  if (ok && w->len == 1 && g_ascii_strcasecmp(first, "connected") == 0)
    e->outcome = SIM_OUTCOME_CONNECTED;
  else if (ok && w->len == 1 && g_ascii_strcasecmp(first, "quit") == 0)
    e->outcome = SIM_OUTCOME_QUIT;
  else if (ok && g_ascii_strcasecmp(first, "disconnected") == 0) {
    e->outcome = SIM_OUTCOME_DISCONNECTED;
    guint i = 1;
    if (i < w->len && g_ascii_strcasecmp(g_ptr_array_index(w, i), "at") == 0) {
      ok = i + 1 < w->len;
      if (ok) {
        char *at = g_strdup(g_ptr_array_index(w, i + 1));
        char *tol = strstr(at, "\xc2\xb1");
        gsize skip = 2;
        if (tol == NULL) {
          tol = strstr(at, "+-");
          skip = 2;
        }
        if (tol != NULL) {
          *tol = '\0';
          tol += skip;
        }
        GError *local = NULL;
        e->has_at = TRUE;
        ok = sim_duration_parse(at, &e->at, &local) &&
             (tol == NULL || sim_duration_parse(tol, &e->tolerance, &local));
        if (local != NULL) {
          ctx_fail(ctx, SIM_SCENARIO_ERROR_VALUE, key, "'%s': %s", value, local->message);
          g_error_free(local);
          g_free(at);
          goto out;
        }
        g_free(at);
      }
      i += 2;
    }
    if (ok && i < w->len && g_ascii_strcasecmp(g_ptr_array_index(w, i), "by") == 0) {
      ok = i + 1 < w->len;
      const char *reason = ok ? g_ptr_array_index(w, i + 1) : "";
      if (g_ascii_strcasecmp(reason, "recv-idle") == 0)
        e->reason = SIM_REASON_RECV_IDLE;
      else if (g_ascii_strcasecmp(reason, "ping-timeout") == 0)
        e->reason = SIM_REASON_PING_TIMEOUT;
      else
        ok = FALSE;
      i += 2;
    }
    ok = ok && i == w->len;
  } else
    ok = FALSE;
  if (!ok)
    ctx_fail(ctx, SIM_SCENARIO_ERROR_VALUE, key, "'%s' is not an expectation; %s", value,
             expect_accepted);
out:
  g_ptr_array_unref(w);
  g_strfreev(words);
  return ok;
}

static gboolean
parse_expect_group(SimScenario *s, GKeyFile *kf, Group *g, GError **error)
{
  Ctx ctx = {s, kf, g, error};
  const char *profile =
      strcmp(g->name, "expect") == 0 ? NULL : g->name + strlen("expect ");
  for (guint i = 0; i < g->keys->len; i++) {
    const Key *k = g_ptr_array_index(g->keys, i);
    guint first, n;
    if (!sim_scenario_members(s, k->name, &first, &n)) {
      GString *names = g_string_new(NULL);
      for (guint c = 0; c < s->clients->len; c++) {
        const SimClientSpec *spec = g_ptr_array_index(s->clients, c);
        g_string_append_printf(names, "%s%s", c ? ", " : "", spec->name);
        if (spec->count > 1)
          g_string_append_printf(names, " (or %s.1 .. %s.%u)", spec->name, spec->name,
                                 spec->count);
      }
      ctx_fail(&ctx, SIM_SCENARIO_ERROR_KEY, k->name,
               "no client or group of that name; accepted: %s", names->str);
      g_string_free(names, TRUE);
      return FALSE;
    }
    gboolean present;
    char *value = get(&ctx, k->name, &present);
    if (value == NULL)
      return FALSE;
    SimExpectation *e = g_new0(SimExpectation, 1);
    e->profile = g_strdup(profile);
    e->client = g_strdup(k->name);
    e->text = value;
    e->line = k->line;
    if (!parse_expect_value(&ctx, k->name, value, e)) {
      expectation_free(e);
      return FALSE;
    }
    g_ptr_array_add(s->expectations, e);
  }
  return TRUE;
}

/* check_profiles and golden of [scenario]; the default profiles are those
 * the expect groups name, or all when only [expect] is given. */
static gboolean
parse_check_keys(SimScenario *s, GKeyFile *kf, GError **error)
{
  Group *g = find_group(s, "scenario");
  Ctx ctx = {s, kf, g, error};
  gboolean present;
  char *golden = get(&ctx, "golden", &present);
  if (present && golden == NULL)
    return FALSE;
  if (golden != NULL) {
    if (*golden == '\0') {
      ctx_fail(&ctx, SIM_SCENARIO_ERROR_VALUE, "golden",
               "is empty; accepted: a directory, relative to the scenario file");
      g_free(golden);
      return FALSE;
    }
    char *dir = g_path_get_dirname(s->path);
    /* Relative to the scenario file; "./" is left out of messages. */
    s->golden = g_path_is_absolute(golden) || strcmp(dir, ".") == 0
                    ? g_strdup(golden)
                    : g_build_filename(dir, golden, NULL);
    g_free(dir);
    g_free(golden);
  }
  char *list = get(&ctx, "check_profiles", &present);
  if (present && list == NULL)
    return FALSE;
  if (list != NULL) {
    char **items = g_strsplit(list, ",", -1);
    g_free(list);
    for (char **it = items; *it || it == items; it++) {
      char *v = *it ? g_strstrip(*it) : NULL;
      GError *local = NULL;
      if (v == NULL || *v == '\0') {
        ctx_fail(&ctx, SIM_SCENARIO_ERROR_VALUE, "check_profiles",
                 "names no version; accepted: all, or versions separated by commas, e.g. "
                 "sp2, 5.5.2577.0");
        g_strfreev(items);
        return FALSE;
      }
      if (g_ascii_strcasecmp(v, "all") == 0 && items[1] == NULL) {
        gsize n;
        const SimProfile *all = sim_profile_all(&n);
        for (gsize p = 0; p < n; p++)
          g_ptr_array_add(s->check_profiles, g_strdup(all[p].version));
      } else if (sim_profile_resolve(v, &local) == NULL) {
        ctx_fail(&ctx, SIM_SCENARIO_ERROR_VALUE, "check_profiles", "%s", local->message);
        g_error_free(local);
        g_strfreev(items);
        return FALSE;
      } else
        g_ptr_array_add(s->check_profiles, g_strdup(v));
    }
    g_strfreev(items);
  } else {
    gboolean plain = FALSE;
    for (guint i = 0; i < s->expectations->len; i++) {
      const SimExpectation *e = g_ptr_array_index(s->expectations, i);
      if (e->profile == NULL)
        plain = TRUE;
      else if (!g_ptr_array_find_with_equal_func(s->check_profiles, e->profile,
                                                 g_str_equal, NULL))
        g_ptr_array_add(s->check_profiles, g_strdup(e->profile));
    }
    if (plain && s->check_profiles->len == 0) {
      gsize n;
      const SimProfile *all = sim_profile_all(&n);
      for (gsize p = 0; p < n; p++)
        g_ptr_array_add(s->check_profiles, g_strdup(all[p].version));
    }
    return TRUE;
  }
  /* With an explicit list, every [expect V] must be among the checked. */
  for (guint i = 0; i < s->groups->len; i++) {
    Group *eg = g_ptr_array_index(s->groups, i);
    const char *v =
        g_str_has_prefix(eg->name, "expect ") ? eg->name + strlen("expect ") : NULL;
    if (v != NULL &&
        !g_ptr_array_find_with_equal_func(s->check_profiles, v, g_str_equal, NULL)) {
      fail(error, SIM_SCENARIO_ERROR_GROUP, s, eg->line, NULL,
           "[%s] is never checked: %s is not in [scenario] check_profiles", eg->name, v);
      return FALSE;
    }
  }
  return TRUE;
}

const GPtrArray *
sim_scenario_expectations(const SimScenario *s)
{
  return s->expectations;
}

const GPtrArray *
sim_scenario_check_profiles(const SimScenario *s)
{
  return s->check_profiles;
}

const char *
sim_scenario_golden(const SimScenario *s)
{
  return s->golden;
}

static SimScenario *
scenario_new(const char *path)
{
  SimScenario *s = g_new0(SimScenario, 1);
  s->path = g_strdup(path);
  s->overrides = g_ptr_array_new_with_free_func((GDestroyNotify)override_free);
  s->clients = g_ptr_array_new_with_free_func((GDestroyNotify)sim_client_spec_free);
  s->client_lines = g_array_new(FALSE, FALSE, sizeof(ClientLines));
  s->groups = g_ptr_array_new_with_free_func((GDestroyNotify)group_free);
  s->expectations = g_ptr_array_new_with_free_func((GDestroyNotify)expectation_free);
  s->check_profiles = g_ptr_array_new_with_free_func(g_free);
  return s;
}

SimScenario *
sim_scenario_load_data(const char *path, const char *data, gsize length, GError **error)
{
  /* A UTF-8 byte order mark, as Windows editors write, is not content. */
  if (length >= 3 && memcmp(data, "\xef\xbb\xbf", 3) == 0) {
    data += 3;
    length -= 3;
  }
  g_autoptr(SimScenario) s = scenario_new(path);
  if (!scan(s, data, length, error))
    return NULL;
  g_autoptr(GKeyFile) kf = g_key_file_new();
  GError *local = NULL;
  if (!g_key_file_load_from_data(kf, data, length, G_KEY_FILE_NONE, &local)) {
    /* The scan accepts only what GKeyFile reads; this is a safety net. */
    fail(error, SIM_SCENARIO_ERROR_SYNTAX, s, 0, NULL, "%s", local->message);
    g_error_free(local);
    return NULL;
  }
  if (!parse_scenario_group(s, kf, error) || !parse_network_group(s, kf, error) ||
      !parse_server_group(s, kf, error))
    return NULL;
  for (guint i = 0; i < s->groups->len; i++) {
    Group *g = g_ptr_array_index(s->groups, i);
    if (g_str_has_prefix(g->name, "client ") && !parse_client_group(s, kf, g, error))
      return NULL;
  }
  if (s->clients->len == 0) {
    fail(error, SIM_SCENARIO_ERROR_MISSING, s, 0, NULL,
         "no [client NAME] group; a scenario needs at least one client");
    return NULL;
  }
  for (guint i = 0; i < s->groups->len; i++) {
    Group *g = g_ptr_array_index(s->groups, i);
    if (is_expect_group(g->name) && !parse_expect_group(s, kf, g, error))
      return NULL;
  }
  if (!parse_check_keys(s, kf, error))
    return NULL;
  return g_steal_pointer(&s);
}

SimScenario *
sim_scenario_load(const char *path, GError **error)
{
  char *data = NULL;
  gsize length = 0;
  GError *local = NULL;
  if (!g_file_get_contents(path, &data, &length, &local)) {
    g_set_error(error, SIM_SCENARIO_ERROR, SIM_SCENARIO_ERROR_READ, "%s: cannot read: %s",
                path, local->message);
    g_error_free(local);
    return NULL;
  }
  SimScenario *s = sim_scenario_load_data(path, data, length, error);
  g_free(data);
  return s;
}

const char *
sim_scenario_path(const SimScenario *s)
{
  return s->path;
}

const char *
sim_scenario_name(const SimScenario *s)
{
  return s->name;
}

const char *
sim_scenario_description(const SimScenario *s)
{
  return s->description;
}

const char *
sim_scenario_profile(const SimScenario *s)
{
  return s->profile;
}

SimModelConfig *
sim_scenario_configure(const SimScenario *s, const SimScenarioOverrides *overrides,
                       GError **error)
{
  const char *version = overrides && overrides->profile ? overrides->profile : s->profile;
  if (version == NULL) {
    fail(error, SIM_SCENARIO_ERROR_MISSING, s, 0, NULL,
         "no profile: set [scenario] profile = VERSION or pass --profile VERSION");
    return NULL;
  }
  GError *local = NULL;
  const SimProfile *profile = sim_profile_resolve(version, &local);
  if (profile == NULL) {
    g_propagate_error(error, local);
    return NULL;
  }
  g_autoptr(SimModelConfig) config = sim_model_config_new();
  config->profile = profile;
  config->keepalive = profile->keepalive;
  for (guint i = 0; i < s->overrides->len; i++) {
    const Override *o = g_ptr_array_index(s->overrides, i);
    gboolean ok = sim_profile_param_set(&config->keepalive, o->name, o->value, NULL);
    g_assert(ok); /* checked at load */
  }
  config->duration =
      overrides && overrides->duration ? *overrides->duration : s->duration;
  config->seed = overrides && overrides->seed ? *overrides->seed : s->seed;
  config->latency = s->latency;
  config->jitter = s->jitter;
  g_ptr_array_unref(config->clients);
  config->clients = g_ptr_array_ref(s->clients);
  for (guint i = 0; i < s->clients->len; i++) {
    const SimClientSpec *spec = g_ptr_array_index(s->clients, i);
    if (spec->connect < config->duration)
      continue;
    const ClientLines *lines = &g_array_index(s->client_lines, ClientLines, i);
    char *where = g_strdup_printf("[client %s] connect", spec->name);
    char *at = sim_duration_format_unit(spec->connect);
    char *end = sim_duration_format_unit(config->duration);
    fail(error, SIM_SCENARIO_ERROR_VALUE, s,
         lines->connect ? lines->connect : lines->group, where,
         "%s is not before the end of the run (duration %s%s)", at, end,
         overrides && overrides->duration ? ", from --duration" : "");
    g_free(where);
    g_free(at);
    g_free(end);
    return NULL;
  }
  return g_steal_pointer(&config);
}

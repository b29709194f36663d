/* scenario.c: the meaning of a scenario file: ini.c reads its groups and
 * keys with their lines; here each is checked and turned into the model's
 * configuration, and every error found is reported with its place. */
#include "chatsim/scenario.h"

#include "chatsim/diag.h"
#include "chatsim/duration.h"
#include "chatsim/footprint.h"
#include "chatsim/ini.h"
#include "chatsim/scenario_group.h"

#include <string.h>

G_DEFINE_QUARK(chatsim_scenario_error, sim_scenario_error)

#define MAX_COUNT 10000000u

/* Where the keys a later check refers to stand, per client group (the
 * group's header when the key is not written). */
typedef struct {
  SimDiagPlace connect;
  SimDiagPlace count;
  guint64 first; /* model index of the group's first client */
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
  guint64 seed;
  SimTime duration;
  SimTime latency;
  SimTime jitter;
  GPtrArray *overrides; /* Override *, [server] in file order */
  GPtrArray *clients;   /* SimClientSpec *, shared with every config made */
  GArray *client_lines; /* ClientLines, parallel to clients */
  SimIni *ini;
  SimDiag *diag;             /* the errors found */
  GHashTable *skipped;       /* SimIniGroup * whose name is wrong; never iterated */
  GHashTable *failed;        /* client group names with a wrong value; never iterated */
  gboolean garbled;          /* a line unread or a key unknown: "missing" may be wrong */
  gboolean any_client;       /* the file has a [client ...] group, right or wrong */
  GHashTable *by_name;       /* client group name -> index + 1; never iterated */
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
  sim_ini_free(s->ini);
  sim_diag_free(s->diag);
  g_hash_table_unref(s->skipped);
  g_hash_table_unref(s->failed);
  g_hash_table_unref(s->by_name);
  g_ptr_array_unref(s->expectations);
  g_ptr_array_unref(s->check_profiles);
  g_free(s->golden);
  g_free(s);
}

/* Records an error; loading goes on to find the others. */
#define fail(s, ...) sim_diag_fail((s)->diag, __VA_ARGS__)

/* ---- groups and keys ----------------------------------------------------- */

static const char *const client_keys[] = {
    "connect",    "join",      "talk", "start", "pong",
    "pong_delay", "keepalive", "quit", "count", NULL,
};
static const char *const scenario_keys[] = {
    "name",    "description",    "duration", "seed",
    "profile", "check_profiles", "golden",   NULL,
};
static const char *const network_keys[] = {"latency", "jitter", NULL};

static const char *const group_words[] = {"scenario", "network", "server",
                                          "client",   "expect",  NULL};
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

static SimDiagPlace
group_place(const SimIniGroup *g)
{
  return (SimDiagPlace){g->line, g->set};
}

/* Where `key` was written, or its group's header if it was not. */
static SimDiagPlace
key_place(const SimIniGroup *g, const char *key)
{
  const SimIniKey *k = sim_ini_key(g, key);
  return k ? (SimDiagPlace){k->line, k->set} : group_place(g);
}

/* A --set that adds a [client NAME] group the file lacks must give its
 * join too: otherwise 'client lurkr.count=2' would quietly add a client
 * where the user misspelled one. TRUE when refused. */
static gboolean
set_new_client(SimScenario *s, const SimIniGroup *g)
{
  const GPtrArray *groups = sim_ini_groups(s->ini);
  g_autoptr(GPtrArray) names = g_ptr_array_new();
  for (guint i = 0; i < groups->len; i++) {
    const SimIniGroup *o = g_ptr_array_index(groups, i);
    if (o->set == 0 && g_str_has_prefix(o->name, "client "))
      g_ptr_array_add(names, o->name);
  }
  const char *near =
      sim_ini_nearest(g->name, (const char *const *)names->pdata, names->len);
  g_autofree char *hint = near ? g_strdup_printf(" (did you mean [%s]?)", near) : NULL;
  fail(s, SIM_SCENARIO_ERROR_GROUP, group_place(g), NULL,
       "[%s]: no such group in the file%s; a --set adds a client only together with "
       "its join, e.g. --set '%s.join=#channel'",
       g->name, hint ? hint : "", g->name);
  return TRUE;
}

/* FALSE, with the error recorded, if no group may have this name. */
static gboolean
check_group_name(SimScenario *s, const SimIniGroup *g)
{
  const char *name = g->name; /* cut where quoted: locate() does not see it */
  g_autofree char *cut = NULL;
  if (strlen(name) > SIM_INI_QUOTE_MAX)
    name = cut = sim_ini_quote(name);
  if (g_str_has_prefix(g->name, "client ") || strcmp(g->name, "client") == 0) {
    const char *client = g->name + strlen("client");
    if (*client == ' ')
      client++;
    if (valid_client_name(client))
      return g->set == 0 || sim_ini_key(g, "join") != NULL || !set_new_client(s, g);
    fail(s, SIM_SCENARIO_ERROR_GROUP, group_place(g), NULL,
         "[%s] does not name a client; accepted: [client NAME], NAME of up to 64 "
         "letters, digits, '_' or '-'",
         name);
    return FALSE;
  }
  if (g_str_has_prefix(g->name, "expect ")) {
    GError *local = NULL;
    if (sim_profile_resolve(g->name + strlen("expect "), &local) != NULL)
      return TRUE;
    fail(s, SIM_SCENARIO_ERROR_GROUP, group_place(g), NULL, "[%s]: %s", name,
         local->message);
    g_error_free(local);
    return FALSE;
  }
  if (g_strv_contains(group_words, g->name))
    return TRUE;
  /* [clinet lurker] is a slip in the word, not in the name. */
  const char *space = strchr(g->name, ' ');
  g_autofree char *word = g_strndup(g->name, space ? (gsize)(space - g->name) : 8192);
  const char *near = sim_ini_nearest(word, group_words, G_N_ELEMENTS(group_words) - 1);
  if (near != NULL && (space == NULL) == (strcmp(near, "client") != 0))
    fail(s, SIM_SCENARIO_ERROR_GROUP, group_place(g), NULL,
         "[%s]: unknown group (did you mean [%s%s]?); accepted: %s", name, near,
         space ? space : "", groups_accepted);
  else
    fail(s, SIM_SCENARIO_ERROR_GROUP, group_place(g), NULL,
         "[%s]: unknown group; accepted: %s", name, groups_accepted);
  return FALSE;
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

/* The reader's errors, then every group name and key checked. */
static void
check_layout(SimScenario *s)
{
  const GPtrArray *problems = sim_ini_problems(s->ini);
  for (guint i = 0; i < problems->len; i++) {
    const SimIniProblem *p = g_ptr_array_index(problems, i);
    fail(s, SIM_SCENARIO_ERROR_SYNTAX, (SimDiagPlace){p->line, p->set}, NULL, "%s",
         p->message);
  }
  const GPtrArray *groups = sim_ini_groups(s->ini);
  for (guint i = 0; i < groups->len; i++) {
    const SimIniGroup *g = g_ptr_array_index(groups, i);
    if (!check_group_name(s, g)) {
      g_hash_table_add(s->skipped, (gpointer)g);
      continue;
    }
    const char *const *keys = keys_of(g->name);
    for (guint k = 0; keys != NULL && k < g->keys->len; k++) {
      const SimIniKey *key = g_ptr_array_index(g->keys, k);
      if (g_strv_contains(keys, key->name))
        continue;
      char *accepted = g_strjoinv(", ", (char **)keys);
      const char *near = sim_ini_nearest(key->name, keys, g_strv_length((char **)keys));
      char *where = g_strdup_printf("[%s] %s", g->name, key->name);
      char *cut = sim_ini_quote(where);
      if (near != NULL)
        fail(s, SIM_SCENARIO_ERROR_KEY, (SimDiagPlace){key->line, key->set}, cut,
             "unknown key (did you mean %s?); accepted: %s", near, accepted);
      else
        fail(s, SIM_SCENARIO_ERROR_KEY, (SimDiagPlace){key->line, key->set}, cut,
             "unknown key; accepted: %s", accepted);
      g_free(cut);
      g_free(where);
      g_free(accepted);
    }
  }
}

/* ---- the groups, value by value (scenario_group.c reads each) ----------- */

static gboolean
parse_scenario_group(SimScenario *s)
{
  const SimIniGroup *g = sim_ini_group(s->ini, "scenario");
  if (g == NULL) {
    if (!s->garbled)
      fail(s, SIM_SCENARIO_ERROR_MISSING, SIM_DIAG_NOWHERE, NULL,
           "no [scenario] group; a scenario needs at least [scenario] with duration and "
           "one [client NAME]");
    return FALSE;
  }
  SimScenarioGroup ctx = {s->diag, g};
  gboolean present;
  s->name = sim_scenario_group_copy(&ctx, "name", &present);
  s->description = sim_scenario_group_copy(&ctx, "description", &present);
  gboolean ok =
      sim_scenario_group_positive_duration(&ctx, "duration", &s->duration, &present);
  if (!present && s->garbled)
    ok = FALSE;
  else if (ok && !present) {
    fail(s, SIM_SCENARIO_ERROR_MISSING, group_place(g), "[scenario] duration",
         "missing; say how long the run lasts, e.g. duration = 45m");
    ok = FALSE;
  }
  ok = sim_scenario_group_uint(&ctx, "seed", 0, G_MAXUINT64, &s->seed, &present) && ok;
  s->profile = sim_scenario_group_copy(&ctx, "profile", &present);
  GError *local = NULL;
  if (s->profile != NULL && sim_profile_resolve(s->profile, &local) == NULL) {
    sim_scenario_group_fail(&ctx, SIM_SCENARIO_ERROR_VALUE, "profile", "%s",
                            local->message);
    g_error_free(local);
    ok = FALSE;
  }
  if (s->name == NULL)
    s->name = g_path_get_basename(s->path);
  return ok;
}

static gboolean
parse_network_group(SimScenario *s)
{
  const SimIniGroup *g = sim_ini_group(s->ini, "network");
  if (g == NULL)
    return TRUE;
  SimScenarioGroup ctx = {s->diag, g};
  gboolean present;
  gboolean latency = sim_scenario_group_get(&ctx, "latency", sim_scenario_group_duration,
                                            &s->latency, &present);
  return sim_scenario_group_get(&ctx, "jitter", sim_scenario_group_duration, &s->jitter,
                                &present) &&
         latency;
}

static gboolean
parse_server_group(SimScenario *s)
{
  const SimIniGroup *g = sim_ini_group(s->ini, "server");
  if (g == NULL)
    return TRUE;
  SimScenarioGroup ctx = {s->diag, g};
  gboolean ok = TRUE;
  for (guint i = 0; i < g->keys->len; i++) {
    const SimIniKey *k = g_ptr_array_index(g->keys, i);
    if (!g_strv_contains(sim_profile_param_names(), k->name))
      continue; /* an unknown key, already reported */
    gboolean present;
    char *value = sim_scenario_group_copy(&ctx, k->name, &present);
    /* Check the value now, so that a bad override fails at load. */
    SimKeepalive scratch = {0};
    GError *local = NULL;
    if (!sim_profile_param_set(&scratch, k->name, value, &local)) {
      sim_scenario_group_fail(&ctx, SIM_SCENARIO_ERROR_VALUE, k->name, "%s",
                              local->message);
      g_error_free(local);
      g_free(value);
      ok = FALSE;
      continue;
    }
    Override *o = g_new0(Override, 1);
    o->name = g_strdup(k->name);
    o->value = value;
    o->line = k->line;
    g_ptr_array_add(s->overrides, o);
  }
  return ok;
}

static gboolean
parse_client_group(SimScenario *s, const SimIniGroup *g)
{
  SimScenarioGroup ctx = {s->diag, g};
  SimClientSpec *spec = sim_client_spec_new(g->name + strlen("client "));
  gboolean present, has_start = FALSE, has_pong_delay = FALSE;
  guint64 count = 1;
  SimTime quit = -1;
  /* Every key is read, whatever the others hold: each error is its own. */
  gboolean ok = sim_scenario_group_uint(&ctx, "count", 1, MAX_COUNT, &count, &present);
  ok &= sim_scenario_group_get(&ctx, "connect", sim_scenario_group_duration,
                               &spec->connect, &present);
  spec->count = (guint)count; /* a channel range makes no more channels than members */
  ok &= sim_scenario_group_get(&ctx, "join", sim_scenario_group_join, spec, NULL);
  ok &= sim_scenario_group_get(&ctx, "talk", sim_scenario_group_talk, spec, NULL);
  ok &= sim_scenario_group_get(&ctx, "start", sim_scenario_group_duration,
                               &spec->talk_start, &has_start);
  ok &=
      sim_scenario_group_get(&ctx, "pong", sim_scenario_group_yes_no, &spec->pong, NULL);
  ok &= sim_scenario_group_get(&ctx, "pong_delay", sim_scenario_group_duration,
                               &spec->pong_delay, &has_pong_delay);
  ok &= sim_scenario_group_get(&ctx, "keepalive", sim_scenario_group_keepalive,
                               &spec->keepalive, NULL);
  ok &=
      sim_scenario_group_get(&ctx, "quit", sim_scenario_group_duration, &quit, &present);
  spec->count = (guint)count;
  spec->quit = quit;
  if (ok)
    ok = sim_scenario_group_check_client(&ctx, spec, has_start, has_pong_delay);
  if (!ok) {
    /* Expectations about it would only repeat the error. */
    g_hash_table_add(s->failed, g_strdup(spec->name));
    sim_client_spec_free(spec);
    return FALSE;
  }
  ClientLines lines = {key_place(g, "connect"), key_place(g, "count"), 0};
  g_ptr_array_add(s->clients, spec);
  g_array_append_val(s->client_lines, lines);
  return TRUE;
}

/* ---- expectations ------------------------------------------------------ */

/* As sim_model_find_clients, through a table: 100k [expect] keys about
 * 100k groups stay linear. Client names have no '.'. */
gboolean
sim_scenario_members(const SimScenario *s, const char *name, guint *first, guint *n)
{
  gsize len = strcspn(name, ".");
  char *base = g_strndup(name, len);
  sim_ini_step(1);
  guint index = GPOINTER_TO_UINT(g_hash_table_lookup(s->by_name, base));
  g_free(base);
  if (index == 0)
    return FALSE;
  const SimClientSpec *spec = g_ptr_array_index(s->clients, index - 1);
  guint start = (guint)g_array_index(s->client_lines, ClientLines, index - 1).first;
  guint64 m = 0;
  if (name[len] == '\0') {
    *first = start;
    *n = spec->count;
    return TRUE;
  }
  if (spec->count > 1 && name[len + 1] != '0' &&
      g_ascii_string_to_unsigned(name + len + 1, 10, 1, spec->count, &m, NULL)) {
    *first = start + (guint)m - 1;
    *n = 1;
    return TRUE;
  }
  return FALSE;
}

/* ---- size ------------------------------------------------------------- */

/* The memory `models` runs at once need, measured before anything is
 * allocated for them; NULL if they fit, else the message, with the
 * [client] group that makes them too large in `*at`. `jobs`: the --jobs
 * that puts several models in memory (0 at load: one model). */
static char *
size_error(const SimScenario *s, guint models, guint jobs, guint *at)
{
  SimFootprint f;
  sim_footprint_measure(s->clients, MAX_COUNT, models, &f);
  *at = f.too_many != G_MAXUINT ? f.too_many : f.too_large;
  if (*at == G_MAXUINT)
    return NULL;
  guint64 total = f.bytes * f.models;
  char *need = sim_footprint_format_bytes(total);
  char *have = sim_footprint_format_bytes(f.available);
  g_autofree char *many =
      models > 1 ? g_strdup_printf("%u runs at once (--jobs %u) of ", models, jobs)
                 : g_strdup("");
  g_autofree char *why = g_strdup_printf(
      "%" G_GUINT64_FORMAT " bytes (%s) for %s%" G_GUINT64_FORMAT " clients, %u "
      "channel%s and %" G_GUINT64_FORMAT " memberships, %s %" G_GUINT64_FORMAT
      " bytes (%s) available (%s)",
      total, need, many, f.clients, f.channels, f.channels == 1 ? "" : "s", f.memberships,
      total > f.available ? "more than the" : "within the", f.available, have, f.source);
  g_free(need);
  g_free(have);
  if (f.too_many != G_MAXUINT)
    return g_strdup_printf("brings the clients to %" G_GUINT64_FORMAT ", more than the "
                           "%u a scenario may have in all; the file's %" G_GUINT64_FORMAT
                           " clients would need %s",
                           f.too_many_clients, MAX_COUNT, f.clients, why);
  if (models > 1) /* one run fits: load checked it */
    return g_strdup_printf("the scenario is too large for this machine: it needs %s; "
                           "lower --jobs to %" G_GUINT64_FORMAT
                           " or fewer, or use fewer clients or channels",
                           why, MAX(f.available / MAX(f.bytes, 1), 1));
  return g_strdup_printf("the scenario is too large for this machine: it needs %s; use "
                         "fewer clients or channels",
                         why);
}

static char *
count_where(const SimScenario *s, guint at, SimDiagPlace *place)
{
  const SimClientSpec *spec = g_ptr_array_index(s->clients, at);
  *place = g_array_index(s->client_lines, ClientLines, at).count;
  return g_strdup_printf("[client %s] count", spec->name);
}

/* The total of the count groups, and the memory a run needs, before
 * anything is allocated for it: a scenario too large is refused at the
 * [client] group that makes it so. */
static void
check_size(SimScenario *s)
{
  guint64 first = 0;
  for (guint i = 0; i < s->clients->len; i++) {
    g_array_index(s->client_lines, ClientLines, i).first = first;
    first += ((const SimClientSpec *)g_ptr_array_index(s->clients, i))->count;
  }
  guint at;
  g_autofree char *message = size_error(s, 1, 0, &at);
  if (message == NULL)
    return;
  SimDiagPlace place;
  g_autofree char *where = count_where(s, at, &place);
  fail(s, SIM_SCENARIO_ERROR_VALUE, place, where, "%s", message);
}

gboolean
sim_scenario_check_memory(const SimScenario *s, guint jobs, guint runs, GError **error)
{
  if (jobs == 0)
    jobs = g_get_num_processors();
  guint models = MIN(jobs, runs), at;
  g_autofree char *message = models > 1 ? size_error(s, models, jobs, &at) : NULL;
  if (message == NULL)
    return TRUE;
  SimDiagPlace place;
  g_autofree char *where = count_where(s, at, &place);
  sim_diag_fail_now(s->diag, error, SIM_SCENARIO_ERROR, SIM_SCENARIO_ERROR_VALUE, place,
                    where, "%s", message);
  return FALSE;
}

/* At most this many names are listed as accepted. */
#define MAX_LISTED 20

static void
unknown_client(SimScenario *s, const SimScenarioGroup *ctx, const char *name)
{
  if (sim_diag_count(s->diag) >= SIM_DIAG_MAX) {
    /* Not listed: spare 100k bad keys a search of 100k names each. */
    sim_scenario_group_fail(ctx, SIM_SCENARIO_ERROR_KEY, name,
                            "no client or group of that name");
    return;
  }
  GString *names = g_string_new(NULL);
  GPtrArray *words = g_ptr_array_new();
  for (guint c = 0; c < s->clients->len; c++) {
    const SimClientSpec *spec = g_ptr_array_index(s->clients, c);
    g_ptr_array_add(words, spec->name);
    if (c == MAX_LISTED) {
      g_string_append_printf(names, ", ... (%u in all)", s->clients->len);
      continue;
    } else if (c > MAX_LISTED)
      continue;
    g_string_append_printf(names, "%s%s", c ? ", " : "", spec->name);
    if (spec->count > 1)
      g_string_append_printf(names, " (or %s.1 .. %s.%u)", spec->name, spec->name,
                             spec->count);
  }
  /* "chatter.3" is near "chater.3": the group part is what was mistyped. */
  gsize len = strcspn(name, ".");
  g_autofree char *base = g_strndup(name, len);
  const char *near = sim_ini_nearest(base, (const char *const *)words->pdata, words->len);
  if (near != NULL)
    sim_scenario_group_fail(
        ctx, SIM_SCENARIO_ERROR_KEY, name,
        "no client or group of that name (did you mean %s%s?); accepted: %s", near,
        name + len, names->str);
  else
    sim_scenario_group_fail(ctx, SIM_SCENARIO_ERROR_KEY, name,
                            "no client or group of that name; accepted: %s", names->str);
  g_ptr_array_unref(words);
  g_string_free(names, TRUE);
}

static gboolean
parse_expect_group(SimScenario *s, const SimIniGroup *g)
{
  SimScenarioGroup ctx = {s->diag, g};
  const char *profile =
      strcmp(g->name, "expect") == 0 ? NULL : g->name + strlen("expect ");
  gboolean ok = TRUE;
  for (guint i = 0; i < g->keys->len; i++) {
    const SimIniKey *k = g_ptr_array_index(g->keys, i);
    guint first, n;
    if (!sim_scenario_members(s, k->name, &first, &n)) {
      g_autofree char *base = g_strndup(k->name, strcspn(k->name, "."));
      if (s->any_client && !g_hash_table_contains(s->failed, base))
        unknown_client(s, &ctx, k->name);
      ok = FALSE;
      continue;
    }
    gboolean present;
    char *value = sim_scenario_group_copy(&ctx, k->name, &present);
    SimExpectation *e = g_new0(SimExpectation, 1);
    e->profile = g_strdup(profile);
    e->client = g_strdup(k->name);
    e->text = value;
    e->line = k->line;
    GError *local = NULL;
    if (!sim_value_expectation(value, e, &local)) {
      sim_scenario_group_fail(&ctx, SIM_SCENARIO_ERROR_VALUE, k->name, "%s",
                              local->message);
      g_error_free(local);
      expectation_free(e);
      ok = FALSE;
      continue;
    }
    g_ptr_array_add(s->expectations, e);
  }
  return ok;
}

/* check_profiles and golden of [scenario]; the default profiles are those
 * the expect groups name, or all when only [expect] is given. */
static void
add_all_profiles(GPtrArray *versions)
{
  gsize n;
  const SimProfile *all = sim_profile_all(&n);
  for (gsize p = 0; p < n; p++)
    g_ptr_array_add(versions, g_strdup(all[p].version));
}

static void
parse_check_keys(SimScenario *s)
{
  const SimIniGroup *g = sim_ini_group(s->ini, "scenario");
  if (g == NULL)
    return; /* already reported */
  SimScenarioGroup ctx = {s->diag, g};
  gboolean present;
  g_autofree char *golden = sim_scenario_group_copy(&ctx, "golden", &present);
  if (golden != NULL && *golden == '\0')
    sim_scenario_group_fail(
        &ctx, SIM_SCENARIO_ERROR_VALUE, "golden",
        "is empty; accepted: a directory, relative to the scenario file");
  else if (golden != NULL) {
    char *dir = g_path_get_dirname(s->path);
    /* Relative to the scenario file; "./" is left out of messages. */
    s->golden = g_path_is_absolute(golden) || strcmp(dir, ".") == 0
                    ? g_strdup(golden)
                    : g_build_filename(dir, golden, NULL);
    g_free(dir);
  }
  g_autofree char *list = sim_scenario_group_copy(&ctx, "check_profiles", &present);
  if (list == NULL) {
    /* The versions the [expect V] groups name, or all for [expect] alone. */
    gboolean plain = FALSE;
    for (guint i = 0; i < s->expectations->len; i++) {
      const SimExpectation *e = g_ptr_array_index(s->expectations, i);
      if (e->profile == NULL)
        plain = TRUE;
      else if (!g_ptr_array_find_with_equal_func(s->check_profiles, e->profile,
                                                 g_str_equal, NULL))
        g_ptr_array_add(s->check_profiles, g_strdup(e->profile));
    }
    if (plain && s->check_profiles->len == 0)
      add_all_profiles(s->check_profiles);
    return;
  }
  char **items = g_strsplit(list, ",", -1);
  for (char **it = items; *it || it == items; it++) {
    char *v = *it ? g_strstrip(*it) : NULL;
    GError *local = NULL;
    if (v == NULL || *v == '\0') {
      sim_scenario_group_fail(
          &ctx, SIM_SCENARIO_ERROR_VALUE, "check_profiles",
          "names no version; accepted: all, or versions separated by commas, e.g. "
          "sp2, 5.5.2577.0");
      break;
    } else if (g_ascii_strcasecmp(v, "all") == 0 && items[1] == NULL)
      add_all_profiles(s->check_profiles);
    else if (sim_profile_resolve(v, &local) == NULL) {
      sim_scenario_group_fail(&ctx, SIM_SCENARIO_ERROR_VALUE, "check_profiles", "%s",
                              local->message);
      g_error_free(local);
      break;
    } else
      g_ptr_array_add(s->check_profiles, g_strdup(v));
  }
  g_strfreev(items);
  /* With an explicit list, every [expect V] must be among the checked. */
  const GPtrArray *groups = sim_ini_groups(s->ini);
  for (guint i = 0; i < groups->len; i++) {
    const SimIniGroup *eg = g_ptr_array_index(groups, i);
    const char *v =
        g_str_has_prefix(eg->name, "expect ") ? eg->name + strlen("expect ") : NULL;
    if (v != NULL && !g_hash_table_contains(s->skipped, eg) &&
        !g_ptr_array_find_with_equal_func(s->check_profiles, v, g_str_equal, NULL))
      fail(s, SIM_SCENARIO_ERROR_GROUP, group_place(eg), NULL,
           "[%s] is never checked: %s is not in [scenario] check_profiles", eg->name, v);
  }
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
  s->diag = sim_diag_new(path);
  s->skipped = g_hash_table_new(NULL, NULL);
  s->failed = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
  s->by_name = g_hash_table_new(g_str_hash, g_str_equal);
  s->expectations = g_ptr_array_new_with_free_func((GDestroyNotify)expectation_free);
  s->check_profiles = g_ptr_array_new_with_free_func(g_free);
  return s;
}

/* Every group in file order, going on past errors so that one load
 * reports all that are independent of each other. */
static gboolean
interpret(SimScenario *s)
{
  check_layout(s);
  s->garbled = sim_diag_count(s->diag) > 0;
  const GPtrArray *problems = sim_ini_problems(s->ini);
  const SimIniProblem *first = problems->len > 0 ? problems->pdata[0] : NULL;
  if (first != NULL && first->line == 0 && first->set == 0)
    return FALSE; /* not text: nothing more to say */
  parse_scenario_group(s);
  parse_network_group(s);
  parse_server_group(s);
  const GPtrArray *groups = sim_ini_groups(s->ini);
  for (guint i = 0; i < groups->len; i++) {
    const SimIniGroup *g = g_ptr_array_index(groups, i);
    s->any_client |= g_str_has_prefix(g->name, "client");
    if (g_str_has_prefix(g->name, "client ") && !g_hash_table_contains(s->skipped, g))
      parse_client_group(s, g);
  }
  for (guint i = 0; i < s->clients->len; i++) {
    const SimClientSpec *spec = g_ptr_array_index(s->clients, i);
    g_hash_table_insert(s->by_name, spec->name, GUINT_TO_POINTER(i + 1));
  }
  check_size(s);
  if (!s->any_client && !s->garbled)
    fail(s, SIM_SCENARIO_ERROR_MISSING, SIM_DIAG_NOWHERE, NULL,
         "no [client NAME] group; a scenario needs at least one client");
  for (guint i = 0; i < groups->len; i++) {
    const SimIniGroup *g = g_ptr_array_index(groups, i);
    if (is_expect_group(g->name) && !g_hash_table_contains(s->skipped, g))
      parse_expect_group(s, g);
  }
  parse_check_keys(s);
  return sim_diag_count(s->diag) == 0;
}

/* A name a group may have, whether the file has it or not. */
static gboolean
group_name_ok(const char *name)
{
  if (g_str_has_prefix(name, "client "))
    return valid_client_name(name + strlen("client "));
  if (g_str_has_prefix(name, "expect "))
    return sim_profile_resolve(name + strlen("expect "), NULL) != NULL;
  return g_strv_contains(group_words, name) && strcmp(name, "client") != 0;
}

static const char set_accepted[] =
    "accepted: GROUP.KEY=VALUE, e.g. --set server.ping_delay=90s or --set 'client "
    "lurker.talk=every 5m'";

SimScenario *
sim_scenario_load_with_sets(const char *path, const char *data, gsize length,
                            const char *const *sets, GError **error)
{
  char *contents = NULL;
  GError *local = NULL;
  if (data == NULL && !g_file_get_contents(path, &contents, &length, &local)) {
    g_set_error(error, SIM_SCENARIO_ERROR, SIM_SCENARIO_ERROR_READ, "%s: cannot read: %s",
                path, local->message);
    g_error_free(local);
    return NULL;
  }
  g_autoptr(SimScenario) s = scenario_new(path);
  s->ini = sim_ini_parse(contents ? contents : data, length, groups_accepted);
  g_free(contents);
  for (guint i = 0; sets != NULL && sets[i] != NULL; i++)
    sim_ini_apply_set(s->ini, sets[i], sim_diag_add_set(s->diag, sets[i]), group_name_ok,
                      set_accepted);
  if (!interpret(s) && !sim_diag_report(s->diag, SIM_SCENARIO_ERROR, error))
    return NULL;
  return g_steal_pointer(&s);
}

SimScenario *
sim_scenario_load_data(const char *path, const char *data, gsize length, GError **error)
{
  return sim_scenario_load_with_sets(path, data, length, NULL, error);
}

SimScenario *
sim_scenario_load(const char *path, GError **error)
{
  return sim_scenario_load_with_sets(path, NULL, 0, NULL, error);
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
    sim_diag_fail_now(
        s->diag, error, SIM_SCENARIO_ERROR, SIM_SCENARIO_ERROR_MISSING, SIM_DIAG_NOWHERE,
        NULL,
        "no profile: set [scenario] profile = VERSION, or give one to the command (run "
        "and plot: --profile VERSION; study: profiles in [study])");
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
    sim_diag_fail_now(s->diag, error, SIM_SCENARIO_ERROR, SIM_SCENARIO_ERROR_VALUE,
                      lines->connect, where,
                      "%s is not before the end of the run (duration %s%s)", at, end,
                      overrides && overrides->duration ? ", from --duration" : "");
    g_free(where);
    g_free(at);
    g_free(end);
    return NULL;
  }
  return g_steal_pointer(&config);
}

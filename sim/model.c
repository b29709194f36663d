/* model.c: building a model from its configuration (clients, channels,
 * the storage order) and what can be asked of it; running it is
 * model_run.c's, and when the keepalive rules fall due keepalive.c's. */
#include "chatsim/model.h"

#include "chatsim/duration.h"
#include "model_private.h"

#include <stdlib.h>
#include <string.h>

G_DEFINE_QUARK(chatsim_model_error, sim_model_error)

SimClientSpec *
sim_client_spec_new(const char *name)
{
  SimClientSpec *spec = g_new0(SimClientSpec, 1);
  spec->name = g_strdup(name);
  spec->count = 1;
  spec->channels = g_new0(char *, 1);
  spec->talk = SIM_TALK_NEVER;
  spec->talk_start = -1;
  spec->talk_at = g_array_new(FALSE, FALSE, sizeof(SimTime));
  spec->pong = TRUE;
  spec->quit = -1;
  return spec;
}

void
sim_client_spec_free(SimClientSpec *spec)
{
  if (spec == NULL)
    return;
  g_free(spec->name);
  g_strfreev(spec->channels);
  g_array_unref(spec->talk_at);
  g_free(spec);
}

SimModelConfig *
sim_model_config_new(void)
{
  SimModelConfig *config = g_new0(SimModelConfig, 1);
  config->clients = g_ptr_array_new_with_free_func((GDestroyNotify)sim_client_spec_free);
  return config;
}

void
sim_model_config_free(SimModelConfig *config)
{
  if (config == NULL)
    return;
  g_ptr_array_unref(config->clients);
  g_free(config);
}

const char *
sim_reason_name(SimReason reason)
{
  static const char *const names[] = {"", "recv-idle", "ping-timeout", "quit"};
  return names[reason];
}

const char *
sim_outcome_name(SimOutcome outcome)
{
  static const char *const names[] = {"connected", "disconnected", "quit"};
  return names[outcome];
}

const char *
sim_message_name(SimMessage message)
{
  static const char *const names[] = {"register", "privmsg", "ping", "pong",
                                      "quit",     "relay",   "join", "welcome"};
  return names[message];
}

const gint32 *
sim_model_client_channels(const SimModel *model, guint client, guint *n)
{
  return client_channels(model, client_at(model, client), n);
}

static gint32
channel_intern(SimModel *model, const char *name)
{
  /* Channel names ignore case, as in IRC; the first spelling is shown. */
  char *key = g_ascii_strdown(name, -1);
  gpointer found = g_hash_table_lookup(model->by_name, key);
  if (found != NULL) {
    g_free(key);
    return GPOINTER_TO_INT(found) - 1;
  }
  Channel ch = {0};
  g_array_append_val(model->channels, ch);
  g_ptr_array_add(model->names, g_strdup(name));
  gint32 index = (gint32)model->channels->len - 1;
  g_hash_table_insert(model->by_name, key, GINT_TO_POINTER(index + 1));
  return index;
}

/* Sizes each channel's share of the member pool: one place per client
 * that lists the channel, as server_join will fill it. */
static gboolean
members_alloc(SimModel *model, GError **error)
{
  const GPtrArray *specs = model->config->clients;
  guint n_channels = model->channels->len;
  guint64 *count = g_new0(guint64, MAX(n_channels, 1));
  for (guint g = 0; g < specs->len; g++) {
    const SimClientSpec *spec = g_ptr_array_index(specs, g);
    const Group *group = &model->groups[g];
    for (guint k = 0; k < group->n_channels; k++)
      count[group->channels[k]] +=
          !group->spread
              ? spec->count
              : spec->count / group->n_channels + (k < spec->count % group->n_channels);
  }
  guint64 total = 0;
  for (guint i = 0; i < n_channels; i++) {
    g_array_index(model->channels, Channel, i).start = (guint32)MIN(total, G_MAXUINT32);
    total += count[i];
  }
  g_free(count);
  if (total > G_MAXUINT32) {
    g_set_error(error, SIM_MODEL_ERROR, SIM_MODEL_ERROR_INVALID,
                "%" G_GUINT64_FORMAT " channel memberships are more than %u", total,
                G_MAXUINT32);
    return FALSE;
  }
  model->n_members = (guint32)total;
  model->members = g_new(guint32, MAX(total, 1));
  return TRUE;
}

static gboolean
config_check(const SimModelConfig *config, GError **error)
{
  if (config->duration <= 0) {
    g_set_error(error, SIM_MODEL_ERROR, SIM_MODEL_ERROR_INVALID,
                "the duration must be longer than 0");
    return FALSE;
  }
  const SimKeepalive *ka = &config->keepalive;
  if (ka->welcome == SIM_WELCOME_ON_CHECK && ka->check_interval == 0) {
    g_set_error(
        error, SIM_MODEL_ERROR, SIM_MODEL_ERROR_INVALID,
        "[server] welcome = on_check needs a check_interval (profile %s has none)",
        config->profile != NULL ? config->profile->version : "?");
    return FALSE;
  }
  guint64 total = 0;
  for (guint i = 0; i < config->clients->len; i++) {
    const SimClientSpec *spec = g_ptr_array_index(config->clients, i);
    total += spec->count;
    const char *problem = NULL;
    if (spec->count == 0)
      problem = "count must be at least 1";
    else if (spec->talk != SIM_TALK_NEVER && spec->channels[0] == NULL)
      problem = "it talks but joins no channel";
    else if ((spec->talk == SIM_TALK_EVERY || spec->talk == SIM_TALK_POISSON) &&
             spec->talk_period <= 0)
      problem = "the talk period must be longer than 0";
    else if (spec->connect < 0 || (spec->quit >= 0 && spec->quit < spec->connect))
      problem = "it quits before it connects";
    if (problem == NULL)
      for (char **ch = spec->channels; *ch != NULL; ch++)
        if ((*ch)[0] != '#' || (*ch)[1] == '\0')
          problem = "a channel name must start with '#'";
    if (problem != NULL) {
      g_set_error(error, SIM_MODEL_ERROR, SIM_MODEL_ERROR_INVALID, "client %s: %s",
                  spec->name, problem);
      return FALSE;
    }
  }
  if (total > G_MAXINT32) {
    g_set_error(error, SIM_MODEL_ERROR, SIM_MODEL_ERROR_INVALID,
                "%" G_GUINT64_FORMAT " clients are more than %d", total, G_MAXINT32);
    return FALSE;
  }
  return TRUE;
}

static gint
by_channel(gconstpointer a, gconstpointer b, gpointer data)
{
  const gint32 *first_channel = data;
  guint32 x = *(const guint32 *)a, y = *(const guint32 *)b;
  if (first_channel[x] != first_channel[y])
    return first_channel[x] < first_channel[y] ? -1 : 1;
  return x < y ? -1 : x > y;
}

SimModel *
sim_model_new(const SimModelConfig *config, GError **error)
{
  if (!config_check(config, error))
    return NULL;
  SimModel *model = g_new0(SimModel, 1);
  model->config = config;
  model->ka = config->keepalive;
  sim_profile_keepalive_resolve(&model->ka);
  model->engine = sim_engine_new();
  model->channels = g_array_new(FALSE, TRUE, sizeof(Channel));
  model->names = g_ptr_array_new_with_free_func(g_free);
  model->by_name = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
  model->groups = g_new0(Group, config->clients->len);
  for (guint g = 0; g < config->clients->len; g++) {
    const SimClientSpec *spec = g_ptr_array_index(config->clients, g);
    model->groups[g].first = model->n_clients;
    model->n_clients += spec->count;
    guint n = g_strv_length(spec->channels);
    model->groups[g].n_channels = n;
    model->groups[g].spread = spec->spread && n > 0;
    model->groups[g].channels = g_new(gint32, n + 1);
    for (guint k = 0; k < n; k++)
      model->groups[g].channels[k] = channel_intern(model, spec->channels[k]);
    model->groups[g].channels[n] = -1;
  }
  if (!members_alloc(model, error)) {
    sim_model_free(model);
    return NULL;
  }
  model->why = g_string_new(NULL);
  sim_timer_init(&model->loop_timer);
  if (model->ka.loop_wakeup > 0)
    model->waiting = g_array_sized_new(FALSE, FALSE, sizeof(guint32), 64);
  /* Aligned, so a client's hot state is exactly one cache line. */
  model->clients = aligned_alloc(64, MAX(model->n_clients, 1) * sizeof(Client));
  memset(model->clients, 0, model->n_clients * sizeof(Client));
  model->cold = g_new0(ClientCold, model->n_clients);
  if (config->jitter > 0)
    model->link = g_new0(ClientLink, model->n_clients);
  if (model->ka.login_penalty > 0)
    model->read_hold = g_new0(SimTime, model->n_clients);
  guint32 talkers = 0;
  for (guint g = 0; g < config->clients->len; g++) {
    const SimClientSpec *spec = g_ptr_array_index(config->clients, g);
    model->groups[g].talk = talkers;
    if (spec->talk != SIM_TALK_NEVER)
      talkers += spec->count;
  }
  if (talkers > 0)
    model->talk = g_new0(ClientTalk, talkers);
  model->pings = g_ptr_array_new_with_free_func(g_free);
  model->firsts = g_ptr_array_new_with_free_func(g_free);
  model->slot = g_new(guint32, model->n_clients);
  guint32 *order = g_new(guint32, model->n_clients);
  gint32 *first_channel = g_new(gint32, model->n_clients);
  guint32 *group_of = g_new(guint32, model->n_clients);
  guint i = 0;
  for (guint g = 0; g < config->clients->len; g++) {
    const SimClientSpec *spec = g_ptr_array_index(config->clients, g);
    const Group *group = &model->groups[g];
    for (guint m = 1; m <= spec->count; m++, i++) {
      order[i] = i;
      group_of[i] = g;
      first_channel[i] = group->n_channels == 0 ? G_MAXINT32
                         : group->spread ? group->channels[(m - 1) % group->n_channels]
                                         : group->channels[0];
    }
  }
  /* Members of one channel side by side, in number order (stable). */
  g_qsort_with_data(order, (gint)model->n_clients, sizeof(guint32), by_channel,
                    first_channel);
  for (guint s = 0; s < model->n_clients; s++) {
    model->slot[order[s]] = s;
    Client *c = &model->clients[s];
    ClientCold *k = &model->cold[s];
    k->index = order[s];
    sim_timer_init(&c->keepalive);
    c->keepalive.user = group_of[order[s]];
    c->last_recv = -1;
    c->flags = FLAG_TRACED;
  }
  /* Talk streams by client number, as before the split: the same draws. */
  for (guint g = 0, number = 0; g < config->clients->len; g++) {
    const SimClientSpec *spec = g_ptr_array_index(config->clients, g);
    if (spec->talk != SIM_TALK_NEVER)
      for (guint m = 0; m < spec->count; m++) {
        ClientTalk *t = &model->talk[model->groups[g].talk + m];
        sim_rng_init(&t->rng, config->seed, number + m, STREAM_TALK);
        t->slot = model->slot[number + m];
      }
    number += spec->count;
  }
  g_free(order);
  g_free(first_channel);
  g_free(group_of);
  return model;
}

void
sim_model_free(SimModel *model)
{
  if (model == NULL)
    return;
  g_string_free(model->why, TRUE);
  if (model->waiting != NULL)
    g_array_unref(model->waiting);
  for (guint g = 0; g < model->config->clients->len; g++)
    g_free(model->groups[g].channels);
  g_free(model->groups);
  free(model->clients);
  g_free(model->cold);
  g_free(model->talk);
  if (model->pings != NULL)
    g_ptr_array_unref(model->pings);
  if (model->firsts != NULL)
    g_ptr_array_unref(model->firsts);
  g_free(model->link);
  g_free(model->read_hold);
  g_free(model->slot);
  g_hash_table_unref(model->by_name);
  g_array_unref(model->channels);
  g_ptr_array_unref(model->names);
  g_free(model->members);
  sim_engine_free(model->engine);
  g_free(model);
}

guint
sim_model_n_clients(const SimModel *model)
{
  return model->n_clients;
}

guint
sim_model_client_group(const SimModel *model, guint client, guint *member)
{
  const Client *c = client_at(model, client);
  if (member != NULL)
    *member = member_of(model, c);
  return group_of(model, c);
}

void
sim_model_append_name(const SimModel *model, guint client, GString *out)
{
  const Client *c = client_at(model, client);
  const SimClientSpec *spec = spec_of(model, c);
  sim_duration_append_str(out, spec->name);
  if (spec->count > 1) {
    g_string_append_c(out, '.');
    sim_duration_append_int(out, member_of(model, c));
  }
}

const char *
sim_model_channel_name(const SimModel *model, gint32 channel)
{
  return g_ptr_array_index(model->names, channel);
}

const SimModelConfig *
sim_model_config(const SimModel *model)
{
  return model->config;
}

void
sim_model_trace_all(SimModel *model, gboolean on)
{
  for (guint i = 0; i < model->n_clients; i++)
    model->clients[i].flags = (guint8)(on ? model->clients[i].flags | FLAG_TRACED
                                          : model->clients[i].flags & ~FLAG_TRACED);
}

gboolean
sim_model_find_clients(const GPtrArray *specs, const char *name, guint *first, guint *n)
{
  guint index = 0;
  for (guint g = 0; g < specs->len; g++) {
    const SimClientSpec *spec = g_ptr_array_index(specs, g);
    gsize len = strlen(spec->name);
    guint64 m = 0;
    if (strncmp(name, spec->name, len) != 0) {
      /* not this group */
    } else if (name[len] == '\0') {
      *first = index;
      *n = spec->count;
      return TRUE;
    } else if (name[len] == '.' && spec->count > 1 && name[len + 1] != '0' &&
               g_ascii_string_to_unsigned(name + len + 1, 10, 1, spec->count, &m, NULL)) {
      *first = index + (guint)m - 1;
      *n = 1;
      return TRUE;
    }
    index += spec->count;
  }
  return FALSE;
}

gboolean
sim_model_trace(SimModel *model, const char *name)
{
  guint first, n;
  if (!sim_model_find_clients(model->config->clients, name, &first, &n))
    return FALSE;
  for (guint i = first; i < first + n; i++)
    client_at(model, i)->flags |= FLAG_TRACED;
  return TRUE;
}

void
sim_model_result(const SimModel *model, guint client, SimResult *result)
{
  const Client *c = client_at(model, client);
  const ClientCold *k = cold_of(model, c);
  if (c->state == STATE_CLOSED) {
    result->outcome = (SimOutcome)c->closed.outcome;
    result->reason = (SimReason)c->closed.reason;
    result->time = c->closed.end;
  } else {
    /* Still connected at the end, or when a watch stopped the run. */
    result->outcome = SIM_OUTCOME_CONNECTED;
    result->reason = SIM_REASON_NONE;
    result->time = model->ran && !model->stopped ? model->config->duration : 0;
  }
  result->last_recv = c->last_recv;
  result->pings_sent = ping_of(model, c)->pings_sent;
  result->restarts = k->restarts_banked + c->restarts;
}

void
sim_model_stats(const SimModel *model, SimStats *stats)
{
  stats->events = sim_engine_events(model->engine);
  stats->messages = model->messages;
  stats->peak_pending = sim_engine_peak_pending(model->engine);
  stats->end = model->config->duration;
}

guint64
sim_model_bytes(guint64 clients, guint64 channels, guint64 memberships)
{
  /* A client: its Client, ClientCold, ClientPing (if PINGed) and slot, the three arrays
   * sim_model_new sorts with, and room for a few pending events in a heap that grows by
   * doubling. A channel: its Channel, name, name pointer, the hash value
   * GHashTable keeps beside its entry, and the entry. A membership: its
   * place in the member pool. */
  const guint64 client = sizeof(Client) + sizeof(ClientCold) + sizeof(ClientPing) +
                         4 * sizeof(guint32) + 4 * sizeof(SimEvent);
  const guint64 channel = sizeof(Channel) + 64 + sizeof(gpointer) + sizeof(guint32) + 64;
  const guint64 membership = sizeof(guint32);
  return clients * client + channels * channel + memberships * membership;
}

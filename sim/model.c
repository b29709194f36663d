/* model.c: server, clients, channels, links and the keepalive process;
 * when its rules fall due is keepalive.c's. */
#include "chatsim/model.h"

#include "chatsim/duration.h"
#include "chatsim/keepalive.h"
#include "chatsim/rng.h"
#include "chatsim/why.h"

#include <stdlib.h>
#include <string.h>

G_DEFINE_QUARK(chatsim_model_error, sim_model_error)

/* Event kinds, in the top byte of an event's tag. */
enum {
  EV_CONNECT = 1,  /* client: send registration and JOINs */
  EV_TALK,         /* client: send the next PRIVMSG */
  EV_CLIENT_PING,  /* client: send its own keepalive PING */
  EV_QUIT,         /* client: send QUIT */
  EV_PONG_SEND,    /* client: answer a PING after pong_delay */
  EV_UP,           /* server receives a message; low byte = SimMessage */
  EV_DOWN_PING,    /* client receives the server's PING */
  EV_KEEPALIVE,    /* the connection's keepalive deadline (a SimTimer) */
  EV_SWEEP,        /* check_interval sweep over every connection */
  EV_DOWN_WELCOME, /* client receives the server's welcome: sends its JOINs */
  EV_LOOP,         /* the server's event loop wakes up idle (a SimTimer) */
};

/* How many members ahead a relay asks for a client's line. */
#define RELAY_PREFETCH 8

/* Random streams of a client, by number. */
enum { STREAM_TALK = 0, STREAM_UP = 1, STREAM_DOWN = 2 };

enum {
  STATE_IDLE,    /* not connected yet */
  STATE_WAITING, /* registration sent, not yet received */
  STATE_OPEN,    /* the server has received data: keepalive runs */
  STATE_CLOSED,
};

enum {
  FLAG_TRACED = 1,
  FLAG_QUIT_SENT = 2,
  FLAG_WAITING = 4,     /* its deadline passed; acted on at the loop's wake-up */
  FLAG_WELCOME_DUE = 8, /* registered; the welcome goes out at the next sweep */
};

/* A client's hot state: what a relay reads and writes, and nothing else,
 * in one 64-byte line (the array is 64-byte aligned), so a busy channel's
 * relay loop touches one cache line per member. The rest is in ClientCold
 * at the same place of its own array, and in side tables that exist only
 * when a scenario needs them. */
typedef struct {
  SimTimer keepalive;
  SimTime last_activity;
  SimTime last_restart;
  SimTime last_recv;
  guint8 pings;
  guint8 state;
  guint8 flags;
  guint8 unused;
  guint32 restarts; /* since the last receipt */
} Client;

G_STATIC_ASSERT(sizeof(Client) == 64);

/* Read on receipts, PINGs, closes and outputs: not on a relay. */
typedef struct {
  SimTime end;
  guint32 restarts_banked; /* restarts before the last receipt */
  guint32 index;           /* the client's number: scenario order, as outputs know it */
  guint32 ping;            /* 1 + its ClientPing's place; 0 until its first PING */
  guint8 outcome;
  guint8 reason;
  guint8 last_kind; /* SimMessage last received */
} ClientCold;

G_STATIC_ASSERT(sizeof(ClientCold) == 24);

/* The server's PINGs to a client, from its first on: many clients are
 * never PINGed (a busy channel restarts them, or they go first), so this
 * lives in chunks taken as the first PINGs go out. */
typedef struct {
  SimTime last_ping;
  SimTime first_ping; /* of the current round */
  guint32 pings_sent;
  guint16 unanswered; /* PINGs since the last receipt */
} ClientPing;

#define PING_CHUNK 1024

/* A talking client's stream (groups that talk only). Its talk events
 * target it, not the client, so a PRIVMSG costs one lookup here and one
 * of the client it names. */
typedef struct {
  SimRng rng;
  guint32 at_index; /* next entry of talk_at */
  guint32 slot;     /* the client's */
} ClientTalk;

/* The link's FIFO bounds and jitter counters (only when there is jitter:
 * without it every delay is the same and deliveries keep order anyway). */
typedef struct {
  SimTime down_last; /* the latest delivery on each direction */
  SimTime up_last;
  guint32 up_sent; /* counters of the link's jitter streams */
  guint32 down_sent;
} ClientLink;

/* A channel's members are client slots, in join order, in one pool shared
 * by all channels: each channel's share is exactly the number of clients
 * that list it, known before the run, so a join never reallocates and a
 * relay reads the channel, then its members, with nothing in between. */
typedef struct {
  guint32 start; /* its share of `members` */
  guint32 len;
} Channel;

typedef struct {
  guint32 first;    /* index of the group's first client */
  guint32 talk;     /* its first member's ClientTalk, if it talks */
  gint32 *channels; /* channel indices, -1 terminated */
  guint n_channels;
  gboolean spread;
} Group;

struct _SimModel {
  const SimModelConfig *config;
  SimKeepalive ka;
  SimEngine *engine;
  Client *clients;  /* stored by channel, so a relay walks memory in order */
  ClientCold *cold; /* by slot, as `clients` */
  ClientTalk *talk; /* by group talk + member - 1; NULL if nobody talks */
  GPtrArray *pings; /* ClientPing[PING_CHUNK] chunks, filled in order */
  guint32 n_pings;
  ClientLink *link;   /* by slot; NULL without jitter */
  SimTime *read_hold; /* by slot, login_penalty: nothing read before; or NULL */
  guint32 *slot;      /* client number -> place in `clients` */
  guint n_clients;
  Group *groups;
  GArray *channels;     /* Channel, by index */
  GPtrArray *names;     /* char *, by channel index */
  guint32 *members;     /* every channel's member slots */
  guint32 *members_cap; /* by channel: the end of its share, for the assert */
  GHashTable *by_name;  /* channel name -> index + 1; never iterated */
  GString *why;         /* the sentence of the disconnect being recorded */
  SimRecordFunc observer;
  gpointer observer_data;
  guint64 messages;
  gboolean ran;
  /* The event loop (loop_wakeup > 0): it wakes on every message and
   * loop_wakeup after its last wake-up; rules due in between wait for it. */
  SimTime loop_last;
  SimTimer loop_timer; /* armed only while something waits */
  GArray *waiting;     /* guint32 slots, in the order their deadlines passed */
  gboolean sweep_waiting;
  /* sim_model_watch: called when the run's event count reaches watch_at
   * (0 = never, since the count starts at 1). */
  SimModelWatchFunc watch;
  gpointer watch_data;
  guint64 watch_at;
  gboolean stopped;
};

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

static inline ClientCold *
cold_of(const SimModel *model, const Client *c)
{
  return &model->cold[c - model->clients];
}

/* The client's number: records, results and random streams use it. */
static inline guint32
number_of(const SimModel *model, const Client *c)
{
  return cold_of(model, c)->index;
}

/* Kept in the timer's spare word: a relay's sender and a talker find
 * their group, channels and script without the cold record. */
static inline guint32
group_of(const SimModel *model, const Client *c)
{
  (void)model;
  return c->keepalive.user;
}

static const SimClientSpec *
spec_of(const SimModel *model, const Client *c)
{
  return g_ptr_array_index(model->config->clients, group_of(model, c));
}

/* Only for a member of a group that talks: its ClientTalk's place. */
static inline guint32
talker_of(const SimModel *model, const Client *c)
{
  guint32 g = group_of(model, c);
  return model->groups[g].talk + number_of(model, c) - model->groups[g].first;
}

/* What a client never PINGed reads: no PING yet. */
static const ClientPing no_ping = {0};

static inline const ClientPing *
ping_of(const SimModel *model, const Client *c)
{
  guint32 p = cold_of(model, c)->ping;
  if (p == 0)
    return &no_ping;
  return (const ClientPing *)g_ptr_array_index(model->pings, (p - 1) / PING_CHUNK) +
         (p - 1) % PING_CHUNK;
}

/* The client's ClientPing, taken from the current chunk on its first PING. */
static ClientPing *
ping_take(SimModel *model, Client *c)
{
  ClientCold *k = cold_of(model, c);
  if (k->ping == 0) {
    if (model->n_pings % PING_CHUNK == 0)
      g_ptr_array_add(model->pings, g_new0(ClientPing, PING_CHUNK));
    k->ping = ++model->n_pings;
  }
  return (ClientPing *)ping_of(model, c);
}

/* Internally a client is its storage slot (events, channel member lists);
 * records, results and random streams use its number. */
static inline guint32
slot_of(const SimModel *model, const Client *c)
{
  return (guint32)(c - model->clients);
}

static inline Client *
client_at(const SimModel *model, guint number)
{
  return &model->clients[model->slot[number]];
}

static inline guint32
member_of(const SimModel *model, const Client *c)
{
  return number_of(model, c) - model->groups[group_of(model, c)].first + 1;
}

/* The channels a client joins: its group's, or under `spread` the one
 * its member number picks. */
static const gint32 *
client_channels(const SimModel *model, const Client *c, guint *n)
{
  const Group *g = &model->groups[group_of(model, c)];
  if (g->spread) {
    if (n != NULL)
      *n = 1;
    return &g->channels[(member_of(model, c) - 1) % g->n_channels];
  }
  if (n != NULL)
    *n = g->n_channels;
  return g->channels;
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
  model->members_cap = g_new(guint32, MAX(n_channels, 1));
  for (guint i = 0; i < n_channels; i++) {
    g_array_index(model->channels, Channel, i).start = (guint32)MIN(total, G_MAXUINT32);
    total += count[i];
    model->members_cap[i] = (guint32)MIN(total, G_MAXUINT32);
  }
  g_free(count);
  if (total > G_MAXUINT32) {
    g_set_error(error, SIM_MODEL_ERROR, SIM_MODEL_ERROR_INVALID,
                "%" G_GUINT64_FORMAT " channel memberships are more than %u", total,
                G_MAXUINT32);
    return FALSE;
  }
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
  g_free(model->link);
  g_free(model->read_hold);
  g_free(model->slot);
  g_hash_table_unref(model->by_name);
  g_array_unref(model->channels);
  g_ptr_array_unref(model->names);
  g_free(model->members);
  g_free(model->members_cap);
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
  g_string_append(out, spec->name);
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

static inline void
emit(SimModel *model, const Client *c, const SimRecord *record)
{
  if ((c->flags & FLAG_TRACED) && model->observer != NULL)
    model->observer(record, model->observer_data);
}

static void
emit_simple(SimModel *model, const Client *c, SimRecordKind kind, SimMessage message)
{
  if (!(c->flags & FLAG_TRACED) || model->observer == NULL)
    return;
  SimRecord record = {
      .time = sim_engine_now(model->engine),
      .kind = kind,
      .client = number_of(model, c),
      .message = message,
      .channel = -1,
      .peer = -1,
  };
  model->observer(&record, model->observer_data);
}

/* One-way delay of the next message on a link: latency plus a uniform
 * jitter draw from that direction's own stream. */
static inline SimTime
link_delay(SimModel *model, Client *c, guint stream, guint32 *counter)
{
  const SimModelConfig *config = model->config;
  if (config->jitter == 0)
    return config->latency;
  guint64 draw = sim_rng_hash_uniform(config->seed, number_of(model, c), stream,
                                      (*counter)++, (guint64)config->jitter);
  return config->latency + (SimTime)draw;
}

/* When a message sent now on one direction of c's link arrives: deliveries
 * keep send order, as on a TCP connection. Without jitter every delay is
 * the same and the clock never goes back, so sends arrive in order by
 * themselves and the FIFO bound needs no bookkeeping. */
static inline SimTime
link_arrival(SimModel *model, Client *c, SimTime now, guint stream)
{
  if (model->link == NULL)
    return now + model->config->latency;
  ClientLink *link = &model->link[slot_of(model, c)];
  SimTime *last = stream == STREAM_UP ? &link->up_last : &link->down_last;
  guint32 *sent = stream == STREAM_UP ? &link->up_sent : &link->down_sent;
  /* Draw once: MAX evaluates its arguments twice. */
  SimTime arrive = now + link_delay(model, c, stream, sent);
  *last = MAX(*last, arrive);
  return *last;
}

/* Client -> server. */
static void
client_send(SimModel *model, Client *c, SimMessage message)
{
  SimTime at = link_arrival(model, c, sim_engine_now(model->engine), STREAM_UP);
  model->messages++;
  sim_engine_push(model->engine, at, SIM_EVENT_DELIVERY, slot_of(model, c),
                  ((guint32)EV_UP << 24) | message);
}

/* ---- keepalive ---------------------------------------------------------- */

/* The rules of keepalive.h, applied to a connection. */
static inline SimTime
ping_due(const SimKeepalive *ka, const Client *c)
{
  return sim_keepalive_ping_due(ka, c->last_activity);
}

static inline SimTime
reply_due(const SimModel *model, const Client *c)
{
  return sim_keepalive_reply_due(&model->ka, ping_of(model, c)->last_ping,
                                 c->last_activity);
}

static inline SimTime
idle_due(const SimKeepalive *ka, const Client *c)
{
  return sim_keepalive_idle_due(ka, c->last_recv);
}

static SimTime
keepalive_due(const SimModel *model, const Client *c)
{
  const SimKeepalive *ka = &model->ka;
  SimTime due = c->pings == 0 ? ping_due(ka, c) : reply_due(model, c);
  if (ka->recv_idle_limit > 0)
    due = MIN(due, idle_due(ka, c));
  return due;
}

static void
keepalive_rearm(SimModel *model, Client *c)
{
  /* Under sweeps the deadline is only looked at on the sweep. */
  if (model->ka.check_interval == 0)
    sim_timer_set(model->engine, &c->keepalive, keepalive_due(model, c),
                  slot_of(model, c), EV_KEEPALIVE);
}

/* A server send restarts the ping process where the profile says so (the
 * KB233512 change). The server's own PING (ping_counts_as_send) restarts
 * it too but is not counted: the why tells PINGs and other sends apart. */
static inline void
keepalive_restart_on_send(SimModel *model, Client *c, SimTime now, gboolean count)
{
  if (c->pings == 0 && c->last_activity == now)
    return;
  c->last_activity = now;
  c->pings = 0;
  if (count) {
    c->restarts++;
    c->last_restart = now;
  }
  keepalive_rearm(model, c);
}

static void
server_send(SimModel *model, Client *c, SimMessage message, gint32 channel, gint32 peer)
{
  SimTime now = sim_engine_now(model->engine);
  SimTime at = link_arrival(model, c, now, STREAM_DOWN);
  model->messages++;
  if (c->flags & FLAG_TRACED) {
    SimRecord record = {
        .time = now,
        .kind = SIM_RECORD_SEND,
        .client = number_of(model, c),
        .message = message,
        .channel = channel,
        .peer = peer,
        .ping = message == SIM_MSG_PING ? c->pings : 0,
    };
    emit(model, c, &record);
  }
  /* Only a PING needs the client to act on it; other sends just take
   * their place in the link's order. */
  if (message == SIM_MSG_PING || message == SIM_MSG_WELCOME)
    sim_engine_push(model->engine, at, SIM_EVENT_DELIVERY, slot_of(model, c),
                    (guint32)(message == SIM_MSG_PING ? EV_DOWN_PING : EV_DOWN_WELCOME)
                        << 24);
  if (model->ka.restart_on_send &&
      (message != SIM_MSG_PING || model->ka.ping_counts_as_send))
    keepalive_restart_on_send(model, c, now, message != SIM_MSG_PING);
}

static void
channel_leave(SimModel *model, Client *c)
{
  guint32 self = slot_of(model, c);
  guint n = 0;
  const gint32 *channels = client_channels(model, c, &n);
  for (const gint32 *ch = channels; ch < channels + n; ch++) {
    Channel *channel = &g_array_index(model->channels, Channel, *ch);
    guint32 *members = model->members + channel->start;
    for (guint k = 0; k < channel->len; k++)
      if (members[k] == self) {
        memmove(members + k, members + k + 1, (channel->len - k - 1) * sizeof(guint32));
        channel->len--;
        break;
      }
  }
}

static void
close_connection(SimModel *model, Client *c, SimOutcome outcome, SimReason reason)
{
  c->state = STATE_CLOSED;
  ClientCold *k = cold_of(model, c);
  k->outcome = (guint8)outcome;
  k->reason = (guint8)reason;
  k->end = sim_engine_now(model->engine);
  sim_timer_set(model->engine, &c->keepalive, SIM_TIME_NEVER, 0, EV_KEEPALIVE);
  channel_leave(model, c);
}

/* The why sentence's inputs: the state that caused the disconnect and
 * the due times of the rules, computed here so why.c needs no rules. */
static void
explain(const SimModel *model, const Client *c, SimReason reason, SimTime now, GString *s)
{
  const SimKeepalive *ka = &model->ka;
  const ClientCold *k = cold_of(model, c);
  const ClientPing *p = ping_of(model, c);
  SimWhy w = {
      .recv_idle = reason == SIM_REASON_RECV_IDLE,
      .now = now,
      .last_recv = c->last_recv,
      .last_kind = sim_message_name((SimMessage)k->last_kind),
      .last_activity = c->last_activity,
      .first_ping = p->first_ping,
      .last_ping = p->last_ping,
      .pings = c->pings,
      .unanswered = p->unanswered,
      .restarts = c->restarts,
      .last_restart = c->last_restart,
      .idle_due = idle_due(ka, c),
      .ping_due = ping_due(ka, c),
      .reply_due = reply_due(model, c),
  };
  sim_why_append(model->config->profile, ka, &w, s);
}

/* The why is built from the state that caused the disconnect. A closed
 * connection's state never changes again, so the sentence can be built
 * whenever someone asks for it, and nothing is kept per client. */
gboolean
sim_model_append_why(const SimModel *model, guint client, GString *out)
{
  const Client *c = client_at(model, client);
  const ClientCold *k = cold_of(model, c);
  if (c->state != STATE_CLOSED || k->outcome != SIM_OUTCOME_DISCONNECTED)
    return FALSE;
  explain(model, c, (SimReason)k->reason, k->end, out);
  return TRUE;
}

static void
disconnect(SimModel *model, Client *c, SimReason reason)
{
  SimTime now = sim_engine_now(model->engine);
  guint32 self = number_of(model, c);
  close_connection(model, c, SIM_OUTCOME_DISCONNECTED, reason);
  if (!(c->flags & FLAG_TRACED) || model->observer == NULL)
    return;
  g_string_truncate(model->why, 0);
  explain(model, c, reason, now, model->why);
  SimRecord record = {
      .time = now,
      .kind = SIM_RECORD_DISCONNECT,
      .client = self,
      .channel = -1,
      .peer = -1,
      .reason = reason,
      .why = model->why->str,
  };
  emit(model, c, &record);
}

static void
send_ping(SimModel *model, Client *c, SimTime now)
{
  ClientPing *p = ping_take(model, c);
  if (c->pings == 0)
    p->first_ping = now;
  c->pings++;
  p->pings_sent++;
  if (p->unanswered < G_MAXUINT16)
    p->unanswered++;
  p->last_ping = now;
  server_send(model, c, SIM_MSG_PING, -1, -1);
}

/* One step of the process, in the order of the model: recv-idle, then
 * ping-timeout, then the next PING. FALSE if nothing was due. */
static gboolean
keepalive_step(SimModel *model, Client *c, SimTime now)
{
  const SimKeepalive *ka = &model->ka;
  if (ka->recv_idle_limit > 0 && now >= idle_due(ka, c)) {
    disconnect(model, c, SIM_REASON_RECV_IDLE);
    return TRUE;
  }
  if (c->pings == 0) {
    if (now < ping_due(ka, c))
      return FALSE;
  } else if (now < reply_due(model, c)) {
    return FALSE;
  } else if (c->pings >= ka->ping_attempts) {
    disconnect(model, c, SIM_REASON_PING_TIMEOUT);
    return TRUE;
  }
  send_ping(model, c, now);
  return TRUE;
}

static void
keepalive_act(SimModel *model, Client *c)
{
  SimTime now = sim_engine_now(model->engine);
  while (c->state == STATE_OPEN && keepalive_step(model, c, now))
    ;
  if (c->state == STATE_OPEN)
    keepalive_rearm(model, c);
}

static gboolean
loop_awake(const SimModel *model, SimTime now)
{
  return sim_keepalive_loop_awake(&model->ka, model->loop_last, now);
}

static SimTime
loop_next(const SimModel *model, SimTime t)
{
  return sim_keepalive_loop_next(&model->ka, model->loop_last, t);
}

/* Something waits for the loop: arm its next idle wake-up, unless it is
 * armed already (what waits came due in time order, so it is the earliest). */
static void
loop_arm(SimModel *model, SimTime now)
{
  if (model->loop_timer.due == SIM_TIME_NEVER)
    sim_timer_set(model->engine, &model->loop_timer, loop_next(model, now), 0, EV_LOOP);
}

static void
keepalive_fire(SimModel *model, Client *c)
{
  if (model->waiting != NULL && !loop_awake(model, sim_engine_now(model->engine))) {
    if (!(c->flags & FLAG_WAITING)) {
      guint32 slot = slot_of(model, c);
      c->flags |= FLAG_WAITING;
      g_array_append_val(model->waiting, slot);
    }
    loop_arm(model, sim_engine_now(model->engine));
    return;
  }
  keepalive_act(model, c);
}

static void
sweep_run(SimModel *model)
{
  SimTime now = sim_engine_now(model->engine);
  for (guint i = 0; i < model->n_clients; i++) {
    Client *c = client_at(model, i);
    if (c->flags & FLAG_WELCOME_DUE) {
      c->flags &= (guint8)~FLAG_WELCOME_DUE;
      if (c->state == STATE_OPEN)
        server_send(model, c, SIM_MSG_WELCOME, -1, -1);
    }
    if (c->state == STATE_OPEN)
      keepalive_step(model, c, now);
  }
}

/* Sweeps fall on the grid check_phase + k * check_interval; under an event
 * loop each is acted on at its first wake-up. */
static void
sweep(SimModel *model)
{
  SimTime now = sim_engine_now(model->engine);
  if (model->waiting != NULL && !loop_awake(model, now)) {
    model->sweep_waiting = TRUE;
    loop_arm(model, now);
  } else
    sweep_run(model);
  if (now + model->ka.check_interval <= model->config->duration)
    sim_engine_push(model->engine, now + model->ka.check_interval, SIM_EVENT_TIMER, 0,
                    (guint32)EV_SWEEP << 24);
}

/* The loop woke up: what waited for it acts now, in the order it came due. */
static void
loop_wake(SimModel *model)
{
  model->loop_last = sim_engine_now(model->engine);
  if (model->waiting->len == 0 && !model->sweep_waiting)
    return;
  sim_timer_set(model->engine, &model->loop_timer, SIM_TIME_NEVER, 0, EV_LOOP);
  for (guint i = 0; i < model->waiting->len; i++) {
    Client *c = &model->clients[g_array_index(model->waiting, guint32, i)];
    c->flags &= (guint8)~FLAG_WAITING;
    if (c->state == STATE_OPEN)
      keepalive_act(model, c);
  }
  g_array_set_size(model->waiting, 0);
  if (model->sweep_waiting) {
    model->sweep_waiting = FALSE;
    sweep_run(model);
  }
}

/* ---- server ------------------------------------------------------------- */

static void
server_join(SimModel *model, Client *c)
{
  guint32 self = slot_of(model, c);
  guint n = 0;
  const gint32 *channels = client_channels(model, c, &n);
  for (const gint32 *ch = channels; ch < channels + n; ch++) {
    Channel *channel = &g_array_index(model->channels, Channel, *ch);
    /* A client joins each channel it lists once, so its place is there. */
    g_assert(channel->start + channel->len < model->members_cap[*ch]);
    model->members[channel->start + channel->len++] = self;
  }
}

static void
server_relay(SimModel *model, Client *from)
{
  gint32 channel = client_channels(model, from, NULL)[0];
  const Channel *ch = &g_array_index(model->channels, Channel, channel);
  const guint32 *to = model->members + ch->start;
  guint len = ch->len;
  guint32 self = slot_of(model, from);
  gint32 peer = (gint32)number_of(model, from);
  if (model->link != NULL) {
    /* With jitter every send draws its own delay: the general path. */
    for (guint k = 0; k < len; k++)
      if (to[k] != self)
        server_send(model, &model->clients[to[k]], SIM_MSG_RELAY, channel, peer);
    return;
  }
  /* server_send for a relay, member by member, with what is the same for
   * every member worked out once: a relay needs no event, and after a
   * restart every member's PING falls due at the same instant. */
  const SimKeepalive *ka = &model->ka;
  SimTime now = sim_engine_now(model->engine);
  SimTime ping = sim_keepalive_ping_due(ka, now);
  gboolean rearm = ka->check_interval == 0;
  for (guint k = 0; k < len; k++) {
    /* Members are read in order but their clients' lines may be far
     * apart: ask for a line well before it is needed. */
    if (k + RELAY_PREFETCH < len)
      __builtin_prefetch(&model->clients[to[k + RELAY_PREFETCH]], 1);
    if (to[k] == self)
      continue;
    Client *c = &model->clients[to[k]];
    model->messages++;
    if (c->flags & FLAG_TRACED) {
      SimRecord record = {
          .time = now,
          .kind = SIM_RECORD_SEND,
          .client = number_of(model, c),
          .message = SIM_MSG_RELAY,
          .channel = channel,
          .peer = peer,
      };
      emit(model, c, &record);
    }
    /* keepalive_restart_on_send, counted. */
    if (!ka->restart_on_send || (c->pings == 0 && c->last_activity == now))
      continue;
    c->last_activity = now;
    c->pings = 0;
    c->restarts++;
    c->last_restart = now;
    if (rearm)
      sim_timer_set(model->engine, &c->keepalive,
                    ka->recv_idle_limit > 0 ? MIN(ping, idle_due(ka, c)) : ping, to[k],
                    EV_KEEPALIVE);
  }
}

/* `message` arrived now; FALSE if the server does not read it now. */
static gboolean
server_receive(SimModel *model, Client *c, SimMessage message)
{
  if (c->state == STATE_CLOSED)
    return TRUE;
  SimTime now = sim_engine_now(model->engine);
  if (model->read_hold != NULL && now < model->read_hold[slot_of(model, c)]) {
    SimTime *hold = &model->read_hold[slot_of(model, c)];
    /* The login penalty: the socket is not read until the hold ends (under
     * an event loop, until its first wake-up after that); what arrived
     * meanwhile is read then, in order. */
    if (model->waiting != NULL)
      *hold = loop_next(model, *hold);
    sim_engine_push(model->engine, *hold, SIM_EVENT_DELIVERY, slot_of(model, c),
                    ((guint32)EV_UP << 24) | message);
    return FALSE;
  }
  if (message == SIM_MSG_QUIT) {
    close_connection(model, c, SIM_OUTCOME_QUIT, SIM_REASON_QUIT);
    SimRecord record = {
        .time = now,
        .kind = SIM_RECORD_QUIT,
        .client = number_of(model, c),
        .message = message,
        .channel = -1,
        .peer = -1,
        .reason = SIM_REASON_QUIT,
    };
    emit(model, c, &record);
    return TRUE;
  }
  if (c->flags & FLAG_TRACED) {
    SimRecord record = {
        .time = now,
        .kind = SIM_RECORD_RECV,
        .client = number_of(model, c),
        .message = message,
        .channel = message == SIM_MSG_PRIVMSG ? client_channels(model, c, NULL)[0] : -1,
        .peer = -1,
    };
    emit(model, c, &record);
  }
  ClientCold *k = cold_of(model, c);
  c->last_recv = c->last_activity = now;
  k->last_kind = (guint8)message;
  if (message == SIM_MSG_PONG || model->ka.ping_answer == SIM_ANSWER_ANY) {
    c->pings = 0;
    if (k->ping != 0)
      ((ClientPing *)ping_of(model, c))->unanswered = 0;
  }
  /* The running total is banked here, not counted on every relay. */
  k->restarts_banked += c->restarts;
  c->restarts = 0;
  if (c->state == STATE_WAITING) {
    c->state = STATE_OPEN;
    if (model->read_hold != NULL)
      model->read_hold[slot_of(model, c)] =
          sim_keepalive_clock(&model->ka, now) + model->ka.login_penalty;
    if (model->ka.welcome == SIM_WELCOME_NONE)
      server_join(model, c);
    else if (model->ka.welcome == SIM_WELCOME_ON_CHECK)
      c->flags |= FLAG_WELCOME_DUE;
  }
  keepalive_rearm(model, c);
  if (message == SIM_MSG_PRIVMSG)
    server_relay(model, c);
  else if (message == SIM_MSG_PING)
    server_send(model, c, SIM_MSG_PONG, -1, -1);
  else if (message == SIM_MSG_JOIN)
    server_join(model, c);
  else if (message == SIM_MSG_REGISTER && model->ka.welcome == SIM_WELCOME_AT_ONCE)
    server_send(model, c, SIM_MSG_WELCOME, -1, -1);
  return TRUE;
}

/* ---- clients ------------------------------------------------------------ */

static void
client_schedule(SimModel *model, Client *c, SimTime at, guint kind)
{
  if (at <= model->config->duration)
    sim_engine_push(model->engine, at, SIM_EVENT_TIMER, slot_of(model, c),
                    (guint32)kind << 24);
}

/* A client sends nothing after QUIT, nor at its quit instant: QUIT is its
 * last act, whatever else falls due at that microsecond. */
static gboolean
client_active(const SimModel *model, const Client *c)
{
  const SimClientSpec *spec = spec_of(model, c);
  return c->state != STATE_CLOSED && !(c->flags & FLAG_QUIT_SENT) &&
         (spec->quit < 0 || sim_engine_now(model->engine) < spec->quit);
}

/* When the talker speaks next after `now`. */
static SimTime
talk_next(const SimClientSpec *spec, ClientTalk *t, SimTime now)
{
  switch (spec->talk) {
  case SIM_TALK_EVERY:
    return now + spec->talk_period;
  case SIM_TALK_POISSON: {
    gint64 gap = sim_rng_exponential(&t->rng, spec->talk_period);
    return now + MAX(1, gap);
  }
  case SIM_TALK_AT:
    if (t->at_index < spec->talk_at->len)
      return g_array_index(spec->talk_at, SimTime, t->at_index++);
    return SIM_TIME_NEVER;
  case SIM_TALK_NEVER:
    break;
  }
  return SIM_TIME_NEVER;
}

static void
talk_schedule(SimModel *model, guint32 talker, SimTime at)
{
  if (at <= model->config->duration)
    sim_engine_push(model->engine, at, SIM_EVENT_TIMER, talker, (guint32)EV_TALK << 24);
}

/* A talk event: its target is the talker, not the client. */
static void
client_talk(SimModel *model, guint32 talker)
{
  ClientTalk *t = &model->talk[talker];
  Client *c = &model->clients[t->slot];
  if (!client_active(model, c))
    return;
  client_send(model, c, SIM_MSG_PRIVMSG);
  talk_schedule(model, talker,
                talk_next(spec_of(model, c), t, sim_engine_now(model->engine)));
}

static void
client_connect(SimModel *model, Client *c)
{
  const SimClientSpec *spec = spec_of(model, c);
  SimTime now = sim_engine_now(model->engine);
  c->state = STATE_WAITING;
  emit_simple(model, c, SIM_RECORD_CONNECT, SIM_MSG_REGISTER);
  client_send(model, c, SIM_MSG_REGISTER);
  if (spec->talk != SIM_TALK_NEVER) {
    guint32 talker = talker_of(model, c);
    ClientTalk *t = &model->talk[talker];
    SimTime first;
    if (spec->talk == SIM_TALK_EVERY && spec->talk_start >= 0)
      first = spec->talk_start;
    else if (spec->talk == SIM_TALK_POISSON && spec->talk_start >= 0)
      first = talk_next(spec, t, spec->talk_start);
    else
      first = talk_next(spec, t, now);
    talk_schedule(model, talker, first);
  }
  if (spec->keepalive > 0)
    client_schedule(model, c, now + spec->keepalive, EV_CLIENT_PING);
  if (spec->quit >= 0)
    client_schedule(model, c, spec->quit, EV_QUIT);
}

static void
client_event(SimModel *model, Client *c, guint kind)
{
  if (kind == EV_CONNECT) {
    client_connect(model, c);
    return;
  }
  if (kind == EV_QUIT) {
    if (c->state != STATE_CLOSED) {
      client_send(model, c, SIM_MSG_QUIT);
      c->flags |= FLAG_QUIT_SENT;
    }
    return;
  }
  if (!client_active(model, c))
    return;
  const SimClientSpec *spec = spec_of(model, c);
  SimTime now = sim_engine_now(model->engine);
  switch (kind) {
  case EV_CLIENT_PING:
    client_send(model, c, SIM_MSG_PING);
    client_schedule(model, c, now + spec->keepalive, EV_CLIENT_PING);
    break;
  case EV_PONG_SEND:
    client_send(model, c, SIM_MSG_PONG);
    break;
  case EV_DOWN_WELCOME:
    if (spec->channels[0] != NULL)
      client_send(model, c, SIM_MSG_JOIN);
    break;
  case EV_DOWN_PING:
    if (!spec->pong)
      break;
    if (spec->pong_delay == 0)
      client_send(model, c, SIM_MSG_PONG);
    else
      client_schedule(model, c, now + spec->pong_delay, EV_PONG_SEND);
    break;
  default:
    g_assert_not_reached();
  }
}

/* ---- run ---------------------------------------------------------------- */

static gboolean
watch_call(SimModel *model, guint64 events)
{
  model->watch_at =
      model->watch(model, sim_engine_now(model->engine), events, model->watch_data);
  model->stopped = model->watch_at == 0;
  return !model->stopped;
}

void
sim_model_watch(SimModel *model, guint64 first, SimModelWatchFunc func,
                gpointer user_data)
{
  g_return_if_fail(first > 0 && func != NULL);
  model->watch = func;
  model->watch_data = user_data;
  model->watch_at = first;
}

gboolean
sim_model_stopped(const SimModel *model)
{
  return model->stopped;
}

void
sim_model_run(SimModel *model, SimRecordFunc observer, gpointer user_data)
{
  g_return_if_fail(!model->ran);
  model->ran = TRUE;
  model->observer = observer;
  model->observer_data = user_data;
  const SimModelConfig *config = model->config;
  SimEngine *engine = model->engine;

  /* In number order: ties between clients follow the scenario's order. */
  for (guint i = 0; i < model->n_clients; i++)
    client_schedule(model, client_at(model, i),
                    spec_of(model, client_at(model, i))->connect, EV_CONNECT);
  if (model->ka.check_interval > 0) {
    SimTime first_sweep = sim_keepalive_first_sweep(&model->ka);
    if (first_sweep <= config->duration)
      sim_engine_push(engine, first_sweep, SIM_EVENT_TIMER, 0, (guint32)EV_SWEEP << 24);
  }

  SimEvent ev;
  guint64 handled = 0;
  while (sim_engine_pop(engine, config->duration, &ev)) {
    guint32 next, next_tag;
    /* Events reach clients in time order, not memory order: start loading
     * the next one's client (or talker) while this one is handled. */
    if (sim_engine_peek_target(engine, &next, &next_tag)) {
      guint next_kind = next_tag >> 24;
      if (next_kind == EV_TALK)
        __builtin_prefetch(&model->talk[next]);
      else if (next_kind != EV_SWEEP && next_kind != EV_LOOP)
        __builtin_prefetch(&model->clients[next]);
    }
    guint kind = sim_event_kind(&ev);
    Client *c = kind == EV_SWEEP || kind == EV_LOOP || kind == EV_TALK
                    ? NULL
                    : &model->clients[ev.target];
    switch (kind) {
    case EV_TALK:
      client_talk(model, ev.target);
      break;
    case EV_UP:
      /* A socket under a penalty is not polled: it wakes nothing. */
      if (server_receive(model, c, (SimMessage)(ev.tag & 0xff)) && model->waiting != NULL)
        loop_wake(model);
      break;
    case EV_LOOP:
      if (sim_timer_fired(engine, &model->loop_timer, &ev))
        loop_wake(model);
      break;
    case EV_KEEPALIVE:
      if (sim_timer_fired(engine, &c->keepalive, &ev) && c->state == STATE_OPEN)
        keepalive_fire(model, c);
      break;
    case EV_SWEEP:
      sweep(model);
      break;
    default:
      client_event(model, c, kind);
      break;
    }
    if (G_UNLIKELY(++handled == model->watch_at) && !watch_call(model, handled))
      return;
  }

  for (guint i = 0; i < model->n_clients; i++) {
    Client *c = client_at(model, i);
    if (c->state == STATE_CLOSED)
      continue;
    cold_of(model, c)->end = config->duration;
    cold_of(model, c)->outcome = SIM_OUTCOME_CONNECTED;
    SimRecord record = {
        .time = config->duration,
        .kind = SIM_RECORD_END,
        .client = i,
        .channel = -1,
        .peer = -1,
    };
    emit(model, c, &record);
  }
}

void
sim_model_result(const SimModel *model, guint client, SimResult *result)
{
  const Client *c = client_at(model, client);
  const ClientCold *k = cold_of(model, c);
  result->outcome = (SimOutcome)k->outcome;
  result->reason = (SimReason)k->reason;
  result->time = k->end;
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
   * doubling. A channel: its Channel, name, name pointer, pool bound and
   * hash entry. A membership: its place in the member pool. */
  const guint64 client = sizeof(Client) + sizeof(ClientCold) + sizeof(ClientPing) +
                         4 * sizeof(guint32) + 4 * sizeof(SimEvent);
  const guint64 channel = sizeof(Channel) + 64 + sizeof(gpointer) + sizeof(guint32) + 64;
  const guint64 membership = sizeof(guint32);
  return clients * client + channels * channel + memberships * membership;
}

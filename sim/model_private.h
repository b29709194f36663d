/* model_private.h: the model's records and the accessors model.c (building
 * and querying a model) and model_run.c (running it) share. Not part of
 * the API: nothing outside the model includes it. */
#ifndef CHATSIM_MODEL_PRIVATE_H
#define CHATSIM_MODEL_PRIVATE_H

#include "chatsim/model.h"

#include "chatsim/keepalive.h"
#include "chatsim/rng.h"

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
#define RELAY_PREFETCH 16

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

/* How a closed connection ended. */
typedef struct {
  SimTime end;
  guint8 outcome;
  guint8 reason;
} ClientClosed;

/* A client's hot state: what a relay reads and writes, in one 64-byte
 * line (the array is 64-byte aligned), so a busy channel's relay loop
 * touches one cache line per member. The rest is in ClientCold at the same
 * place of its own array, and in side tables that exist only when a
 * scenario needs them. */
typedef struct {
  /* Nothing reads a closed connection's timer again, so its bytes tell how
   * it ended; `keepalive.user` (the group) lies past them and stays. */
  union {
    SimTimer keepalive; /* while not closed */
    ClientClosed closed;
  };
  SimTime last_activity;
  SimTime last_ping; /* the server's last PING to it; 0 before the first */
  SimTime last_recv;
  guint8 pings;
  guint8 state;
  guint8 flags;
  guint8 last_kind; /* SimMessage last received */
  guint32 restarts; /* since the last receipt */
} Client;

G_STATIC_ASSERT(sizeof(Client) == 64);
G_STATIC_ASSERT(sizeof(ClientClosed) <= G_STRUCT_OFFSET(SimTimer, user));

/* Read on receipts, PINGs and outputs: not on a relay. */
typedef struct {
  guint32 restarts_banked; /* restarts before the last receipt */
  guint32 index;           /* the client's number: scenario order, as outputs know it */
  guint32 ping;            /* 1 + its ClientPing's place; 0 until its first PING */
} ClientCold;

G_STATIC_ASSERT(sizeof(ClientCold) == 12);

/* The server's PINGs to a client, from its first on: many clients are
 * never PINGed (a busy channel restarts them, or they go first), so this
 * lives in chunks taken as the first PINGs go out. */
typedef struct {
  guint32 pings_sent;
  /* 1 + the place of the round's first PING time in `firsts`, taken at a
   * round's second PING: only then does anyone read it. */
  guint32 first;
  guint16 unanswered; /* PINGs since the last receipt */
} ClientPing;

G_STATIC_ASSERT(sizeof(ClientPing) == 12);

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
  GPtrArray *firsts; /* SimTime[PING_CHUNK] chunks, filled in order */
  guint32 n_firsts;
  ClientLink *link;   /* by slot; NULL without jitter */
  SimTime *read_hold; /* by slot, login_penalty: nothing read before; or NULL */
  guint32 *slot;      /* client number -> place in `clients` */
  guint n_clients;
  Group *groups;
  GArray *channels;    /* Channel, by index */
  GPtrArray *names;    /* char *, by channel index */
  guint32 *members;    /* every channel's member slots */
  guint32 n_members;   /* the pool's size: channel shares end to end */
  GHashTable *by_name; /* channel name -> index + 1; never iterated */
  GString *why;        /* the sentence of the disconnect being recorded */
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

static inline const SimClientSpec *
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
static inline const gint32 *
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

#endif

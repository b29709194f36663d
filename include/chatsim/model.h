/* model.h: the chat server, scripted clients, channels, links and the
 * keepalive process of docs/model.md, run on the engine's clock. */
#ifndef CHATSIM_MODEL_H
#define CHATSIM_MODEL_H

#include "chatsim/engine.h"
#include "chatsim/profile.h"

G_BEGIN_DECLS

#define SIM_MODEL_ERROR (sim_model_error_quark())
GQuark sim_model_error_quark(void);

typedef enum {
  SIM_MODEL_ERROR_INVALID,
} SimModelError;

typedef enum {
  SIM_TALK_NEVER,
  SIM_TALK_EVERY,
  SIM_TALK_POISSON,
  SIM_TALK_AT,
} SimTalk;

/* One [client NAME] group: `count` identical clients. */
typedef struct {
  char *name;
  guint count;
  SimTime connect;
  char **channels; /* NULL-terminated, each starting with '#' */
  gboolean spread; /* member K joins only channels[(K - 1) % n] */
  SimTalk talk;
  SimTime talk_period; /* every: the period; poisson: the mean */
  SimTime talk_start;  /* absolute first talk (every) or start (poisson); -1 = default */
  GArray *talk_at;     /* SimTime, non-decreasing; for SIM_TALK_AT */
  gboolean pong;
  SimTime pong_delay;
  SimTime keepalive; /* 0 = off */
  SimTime quit;      /* absolute; -1 = never */
} SimClientSpec;

typedef struct {
  SimTime duration;
  guint64 seed;
  SimTime latency;
  SimTime jitter;
  const SimProfile *profile;
  SimKeepalive keepalive; /* the profile's, with overrides applied */
  GPtrArray *clients;     /* SimClientSpec *, owned */
} SimModelConfig;

SimClientSpec *sim_client_spec_new(const char *name);
void sim_client_spec_free(SimClientSpec *spec);
SimModelConfig *sim_model_config_new(void);
void sim_model_config_free(SimModelConfig *config);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(SimModelConfig, sim_model_config_free)

typedef enum {
  SIM_MSG_REGISTER, /* registration and JOINs, sent together at connect */
  SIM_MSG_PRIVMSG,
  SIM_MSG_PING,
  SIM_MSG_PONG,
  SIM_MSG_QUIT,
  SIM_MSG_RELAY,
  SIM_MSG_JOIN,    /* JOINs sent on the welcome, where the profile has one */
  SIM_MSG_WELCOME, /* the server's 001 */
} SimMessage;

typedef enum {
  SIM_RECORD_CONNECT,
  SIM_RECORD_RECV, /* the server received data from the client */
  SIM_RECORD_SEND, /* the server sent data to the client */
  SIM_RECORD_DISCONNECT,
  SIM_RECORD_QUIT,
  SIM_RECORD_END,
} SimRecordKind;

typedef enum {
  SIM_REASON_NONE,
  SIM_REASON_RECV_IDLE,
  SIM_REASON_PING_TIMEOUT,
  SIM_REASON_QUIT,
} SimReason;

typedef enum {
  SIM_OUTCOME_CONNECTED,
  SIM_OUTCOME_DISCONNECTED,
  SIM_OUTCOME_QUIT,
} SimOutcome;

/* One line of the timeline, handed to the observer as it happens. */
typedef struct {
  SimTime time;
  SimRecordKind kind;
  guint32 client;
  SimMessage message; /* RECV and SEND */
  gint32 channel;     /* PRIVMSG and RELAY, else -1 */
  gint32 peer;        /* RELAY: the client who spoke, else -1 */
  guint ping;         /* SEND of a PING: its number in the current round */
  SimReason reason;   /* DISCONNECT and QUIT */
  const char *why;    /* DISCONNECT: the explanation */
} SimRecord;

typedef void (*SimRecordFunc)(const SimRecord *record, gpointer user_data);

/* What happened to one client by the end of a run. */
typedef struct {
  SimOutcome outcome;
  SimReason reason;
  SimTime time;      /* disconnect or quit; the run's end when connected */
  SimTime last_recv; /* -1 if the server never heard from it */
  guint pings_sent;
  guint restarts;  /* server sends that restarted the ping process */
  const char *why; /* NULL unless disconnected */
} SimResult;

typedef struct {
  guint64 events;
  guint64 messages; /* everything either side sent */
  gsize peak_pending;
  SimTime end;
} SimStats;

typedef struct _SimModel SimModel;

/* Copies what it needs of `config`; clients are numbered in group order. */
SimModel *sim_model_new(const SimModelConfig *config, GError **error);
void sim_model_free(SimModel *model);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(SimModel, sim_model_free)

guint sim_model_n_clients(const SimModel *model);
/* Appends the client's name: "lurker", or "chatter.3" in a count group. */
void sim_model_append_name(const SimModel *model, guint client, GString *out);
const char *sim_model_channel_name(const SimModel *model, gint32 channel);
/* The channels a client joins, as channel indices. */
const gint32 *sim_model_client_channels(const SimModel *model, guint client, guint *n);
/* Group index and member number (1-based) of a client. */
guint sim_model_client_group(const SimModel *model, guint client, guint *member);

/* The clients `name` stands for among `specs` (SimClientSpec *): a group
 * (all its members) or one member "NAME.K"; client numbers first .. first+n-1. */
gboolean sim_model_find_clients(const GPtrArray *specs, const char *name, guint *first,
                                guint *n);
/* Which clients' records reach the observer (all by default). `name` is a
 * group (all its members) or one member; FALSE if nothing matches. */
void sim_model_trace_all(SimModel *model, gboolean on);
gboolean sim_model_trace(SimModel *model, const char *name);

/* Runs to the configured duration; may be called once. */
void sim_model_run(SimModel *model, SimRecordFunc observer, gpointer user_data);
/* Called by sim_model_run once `events` events have been handled, at the
 * count it asked for: returns the count at which to be called next (more
 * than `events`), or 0 to stop the run right there. */
typedef guint64 (*SimModelWatchFunc)(const SimModel *model, SimTime now, guint64 events,
                                     gpointer user_data);
/* Installs `func` before the run, first called after `first` events. */
void sim_model_watch(SimModel *model, guint64 first, SimModelWatchFunc func,
                     gpointer user_data);
/* TRUE if a watch stopped the run: its results are those of a partial run. */
gboolean sim_model_stopped(const SimModel *model);

void sim_model_result(const SimModel *model, guint client, SimResult *result);
/* Appends the why of a disconnected client; FALSE, appending nothing, for
 * any other. */
gboolean sim_model_append_why(const SimModel *model, guint client, GString *out);
void sim_model_stats(const SimModel *model, SimStats *stats);
const SimModelConfig *sim_model_config(const SimModel *model);

const char *sim_reason_name(SimReason reason);
const char *sim_outcome_name(SimOutcome outcome);
const char *sim_message_name(SimMessage message);

/* About how many bytes sim_model_new and a run allocate for this many
 * clients, distinct channels and memberships (client-channel pairs), so
 * that a scenario too large for the machine is refused before it starts. */
guint64 sim_model_bytes(guint64 clients, guint64 channels, guint64 memberships);

G_END_DECLS

#endif

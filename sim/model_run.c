/* model_run.c: a model's run: the server, clients, links and the keepalive
 * process on the engine's clock (docs/model.md), and the why of each
 * disconnect. */
#include "chatsim/model.h"

#include "chatsim/why.h"
#include "model_private.h"

#include <string.h>

/* The round's first PING time of a client with `p->first` set. */
static inline SimTime *
first_at(const SimModel *model, const ClientPing *p)
{
  return (SimTime *)g_ptr_array_index(model->firsts, (p->first - 1) / PING_CHUNK) +
         (p->first - 1) % PING_CHUNK;
}

/* Where the round's first PING time goes, taken at a client's first
 * round of two PINGs and kept for its later ones. */
static SimTime *
first_take(SimModel *model, ClientPing *p)
{
  if (p->first == 0) {
    if (model->n_firsts % PING_CHUNK == 0)
      g_ptr_array_add(model->firsts, g_new0(SimTime, PING_CHUNK));
    p->first = ++model->n_firsts;
  }
  return first_at(model, p);
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
  return sim_keepalive_reply_due(&model->ka, c->last_ping, c->last_activity);
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
  if (count)
    c->restarts++;
  keepalive_rearm(model, c);
}

/* The record of a server send, for a traced client. */
static inline void
emit_send(SimModel *model, const Client *c, SimTime now, SimMessage message,
          gint32 channel, gint32 peer)
{
  if (!(c->flags & FLAG_TRACED))
    return;
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

static void
server_send(SimModel *model, Client *c, SimMessage message, gint32 channel, gint32 peer)
{
  SimTime now = sim_engine_now(model->engine);
  SimTime at = link_arrival(model, c, now, STREAM_DOWN);
  model->messages++;
  emit_send(model, c, now, message, channel, peer);
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
  sim_timer_set(model->engine, &c->keepalive, SIM_TIME_NEVER, 0, EV_KEEPALIVE);
  /* From here on the timer's bytes are the ClientClosed. */
  c->closed.end = sim_engine_now(model->engine);
  c->closed.outcome = (guint8)outcome;
  c->closed.reason = (guint8)reason;
  channel_leave(model, c);
}

/* The why sentence's inputs: the state that caused the disconnect and
 * the due times of the rules, computed here so why.c needs no rules. */
static void
explain(const SimModel *model, const Client *c, SimReason reason, SimTime now, GString *s)
{
  const SimKeepalive *ka = &model->ka;
  const ClientPing *p = ping_of(model, c);
  SimWhy w = {
      .recv_idle = reason == SIM_REASON_RECV_IDLE,
      .now = now,
      .last_recv = c->last_recv,
      .last_kind = sim_message_name((SimMessage)c->last_kind),
      .last_activity = c->last_activity,
      /* Only read when the round has two PINGs or more. */
      .first_ping = c->pings >= 2 ? *first_at(model, p) : c->last_ping,
      .last_ping = c->last_ping,
      .pings = c->pings,
      .unanswered = p->unanswered,
      .restarts = c->restarts,
      /* Read only while restarts > 0 and no PING has gone out since the
       * last receipt (sim_why_append): then nothing but counted restarts
       * moved the last activity, even where PINGs restart the process. */
      .last_restart = c->last_activity,
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
  if (c->state != STATE_CLOSED || c->closed.outcome != SIM_OUTCOME_DISCONNECTED)
    return FALSE;
  explain(model, c, (SimReason)c->closed.reason, c->closed.end, out);
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
  /* The round's second PING: its first was the last. */
  if (c->pings == 1)
    *first_take(model, p) = c->last_ping;
  c->pings++;
  p->pings_sent++;
  if (p->unanswered < G_MAXUINT16)
    p->unanswered++;
  c->last_ping = now;
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
    /* A client joins each channel it lists once, so its place is there:
     * before the next channel's share. */
    g_assert(
        channel->start + channel->len <
        ((guint)*ch + 1 < model->channels->len ? channel[1].start : model->n_members));
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
  /* Members are read in order but their clients' lines may be far apart:
   * ask for the first lines now and each later one well before it is
   * needed. */
  for (guint k = 0; k < MIN(len, RELAY_PREFETCH); k++)
    __builtin_prefetch(&model->clients[to[k]], 1);
  /* Counted here, not in the model: a store to it would be a dependency
   * from member to member (a client's line might alias it, as far as the
   * compiler knows). */
  guint64 sent = 0;
  for (guint k = 0; k < len; k++) {
    if (k + RELAY_PREFETCH < len)
      __builtin_prefetch(&model->clients[to[k + RELAY_PREFETCH]], 1);
    /* A line of member slots, a line before it is read. */
    if (k + 2 * RELAY_PREFETCH < len)
      __builtin_prefetch(&to[k + 2 * RELAY_PREFETCH]);
    if (to[k] == self)
      continue;
    Client *c = &model->clients[to[k]];
    sent++;
    emit_send(model, c, now, SIM_MSG_RELAY, channel, peer);
    /* keepalive_restart_on_send, counted. */
    if (!ka->restart_on_send || (c->pings == 0 && c->last_activity == now))
      continue;
    c->last_activity = now;
    c->pings = 0;
    c->restarts++;
    if (rearm)
      sim_timer_set(model->engine, &c->keepalive,
                    ka->recv_idle_limit > 0 ? MIN(ping, idle_due(ka, c)) : ping, to[k],
                    EV_KEEPALIVE);
  }
  model->messages += sent;
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
  c->last_kind = (guint8)message;
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

static inline void
prefetch_event(const SimModel *model, guint32 target, guint32 tag)
{
  guint kind = tag >> 24;
  if (kind == EV_TALK)
    __builtin_prefetch(&model->talk[target]);
  else if (kind != EV_SWEEP && kind != EV_LOOP)
    __builtin_prefetch(&model->clients[target]);
  /* A receipt reads the cold record too. */
  if (kind == EV_UP)
    __builtin_prefetch(&model->cold[target]);
}

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

/* The slot of each client number is read before the run (connects go in
 * number order), by sweeps and traced records during it, and by outputs
 * after it. A run with neither sweeps nor records does without it, and a
 * million-client run has 4 MB more while its queue is at its peak. */
static gboolean
slot_drop(SimModel *model)
{
  if (model->ka.check_interval > 0)
    return FALSE;
  if (model->observer != NULL)
    for (guint s = 0; s < model->n_clients; s++)
      if (model->clients[s].flags & FLAG_TRACED)
        return FALSE;
  g_clear_pointer(&model->slot, g_free);
  return TRUE;
}

static void
slot_rebuild(SimModel *model)
{
  model->slot = g_new(guint32, MAX(model->n_clients, 1));
  for (guint s = 0; s < model->n_clients; s++)
    model->slot[model->cold[s].index] = s;
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
  gboolean dropped = slot_drop(model);

  SimEvent ev;
  guint64 handled = 0;
  while (sim_engine_pop(engine, config->duration, &ev)) {
    guint32 next, next_tag;
    /* Events reach clients in time order, not memory order: start loading
     * the next one's client (or talker) while this one is handled. */
    if (sim_engine_peek_target(engine, &next, &next_tag))
      prefetch_event(model, next, next_tag);
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
      /* State first: a closed connection's timer is its ClientClosed. */
      if (c->state == STATE_OPEN && sim_timer_fired(engine, &c->keepalive, &ev))
        keepalive_fire(model, c);
      break;
    case EV_SWEEP:
      sweep(model);
      break;
    default:
      client_event(model, c, kind);
      break;
    }
    if (G_UNLIKELY(++handled == model->watch_at) && !watch_call(model, handled)) {
      if (dropped)
        slot_rebuild(model);
      return;
    }
  }

  if (dropped)
    slot_rebuild(model);
  for (guint i = 0; i < model->n_clients; i++) {
    Client *c = client_at(model, i);
    if (c->state == STATE_CLOSED)
      continue;
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

/* test_model.c: the model run in-process on configs built in code. */
#include "testutil.h"

#include "chatsim/model.h"

#include <string.h>

#define S(x) ((SimTime)(x)*1000000)
#define MS(x) ((SimTime)(x)*1000)

static SimModelConfig *
config_new(const char *version, SimTime duration)
{
  SimModelConfig *config = sim_model_config_new();
  config->profile = sim_profile_resolve(version, NULL);
  g_assert(config->profile != NULL);
  config->keepalive = config->profile->keepalive;
  config->duration = duration;
  config->seed = 42;
  config->latency = MS(40);
  return config;
}

static SimClientSpec *
client_add(SimModelConfig *config, const char *name, const char *channel)
{
  SimClientSpec *spec = sim_client_spec_new(name);
  if (channel != NULL) {
    g_strfreev(spec->channels);
    spec->channels = g_new0(char *, 2);
    spec->channels[0] = g_strdup(channel);
  }
  g_ptr_array_add(config->clients, spec);
  return spec;
}

/* Every record of a run, with client names resolved. */
typedef struct {
  const SimModel *model;
  GArray *records; /* SimRecord, `why` not kept */
} Recorder;

static void
record(const SimRecord *r, gpointer data)
{
  Recorder *rec = data;
  SimRecord copy = *r;
  copy.why = NULL;
  g_array_append_val(rec->records, copy);
}

static SimModel *
run(SimModelConfig *config, Recorder *rec)
{
  GError *error = NULL;
  SimModel *model = sim_model_new(config, &error);
  CU_ASSERT_PTR_NULL(error);
  g_assert(model != NULL);
  rec->model = model;
  rec->records = g_array_new(FALSE, FALSE, sizeof(SimRecord));
  sim_model_run(model, record, rec);
  return model;
}

static GArray *
times_of(const Recorder *rec, guint client, SimRecordKind kind, SimMessage message)
{
  GArray *times = g_array_new(FALSE, FALSE, sizeof(SimTime));
  for (guint i = 0; i < rec->records->len; i++) {
    const SimRecord *r = &g_array_index(rec->records, SimRecord, i);
    if (r->client == client && r->kind == kind &&
        (kind != SIM_RECORD_RECV && kind != SIM_RECORD_SEND ? TRUE
                                                            : r->message == message))
      g_array_append_val(times, r->time);
  }
  return times;
}

static SimTime
t_at(GArray *times, guint i)
{
  return i < times->len ? g_array_index(times, SimTime, i) : -1;
}

static void
result_is(const SimModel *model, guint client, SimOutcome outcome, SimTime time,
          SimReason reason)
{
  SimResult r;
  sim_model_result(model, client, &r);
  if (r.outcome != outcome || r.time != time || r.reason != reason)
    printf("\n  client %u: got %s %" G_GINT64_FORMAT " %s\n", client,
           sim_outcome_name(r.outcome), r.time, sim_reason_name(r.reason));
  CU_ASSERT_EQUAL(r.outcome, outcome);
  CU_ASSERT_EQUAL(r.time, time);
  CU_ASSERT_EQUAL(r.reason, reason);
}

static void
cleanup(SimModel *model, SimModelConfig *config, Recorder *rec)
{
  g_array_unref(rec->records);
  sim_model_free(model);
  sim_model_config_free(config);
}

/* Messages on one direction arrive in send order, each no earlier than
 * send + latency and no later than send + latency + jitter unless held
 * back behind an earlier one. */
static void
test_fifo_jitter(void)
{
  SimModelConfig *config = config_new("sp2", S(60));
  config->jitter = MS(500);
  SimClientSpec *talker = client_add(config, "talker", "#x");
  talker->talk = SIM_TALK_EVERY;
  talker->talk_period = MS(100);
  client_add(config, "listener", "#x");
  Recorder rec;
  SimModel *model = run(config, &rec);
  GArray *recv = times_of(&rec, 0, SIM_RECORD_RECV, SIM_MSG_PRIVMSG);
  /* Sent at 0.1 .. 60 s: all sent by 59.46 s have arrived, not all later. */
  CU_ASSERT_TRUE(recv->len >= 594 && recv->len <= 600);
  gboolean ordered = TRUE, bounded = TRUE, held = FALSE;
  for (guint k = 0; k < recv->len; k++) {
    SimTime sent = MS(100) * (k + 1), at = t_at(recv, k);
    SimTime prev = k ? t_at(recv, k - 1) : 0;
    ordered &= at >= prev;
    bounded &= at >= sent + MS(40) && at <= MAX(prev, sent + MS(540));
    held |= at == prev; /* some message waited for the one before it */
  }
  CU_ASSERT_TRUE(ordered);
  CU_ASSERT_TRUE(bounded);
  CU_ASSERT_TRUE(held); /* 500 ms of jitter on a 100 ms period must reorder some */
  /* Jitter draws differ: not every delay is the same. */
  CU_ASSERT_NOT_EQUAL(t_at(recv, 1) - t_at(recv, 0), t_at(recv, 2) - t_at(recv, 1));
  g_array_unref(recv);
  cleanup(model, config, &rec);
}

/* Relays go to every other member in join order, at the instant of receipt. */
static void
test_relay_join_order(void)
{
  SimModelConfig *config = config_new("sp2", S(30));
  SimClientSpec *late = client_add(config, "late", "#x");
  late->connect = S(5);
  client_add(config, "early", "#x");
  SimClientSpec *talker = client_add(config, "talker", "#x");
  talker->talk = SIM_TALK_AT;
  SimTime at = S(10);
  g_array_append_val(talker->talk_at, at);
  Recorder rec;
  SimModel *model = run(config, &rec);
  GArray *sends = g_array_new(FALSE, FALSE, sizeof(guint32));
  for (guint i = 0; i < rec.records->len; i++) {
    const SimRecord *r = &g_array_index(rec.records, SimRecord, i);
    if (r->kind == SIM_RECORD_SEND && r->message == SIM_MSG_RELAY) {
      CU_ASSERT_EQUAL(r->time, S(10) + MS(40));
      CU_ASSERT_EQUAL(r->peer, 2);
      g_array_append_val(sends, r->client);
    }
  }
  CU_ASSERT_EQUAL_FATAL(sends->len, 2);
  CU_ASSERT_EQUAL(g_array_index(sends, guint32, 0), 1); /* early joined first */
  CU_ASSERT_EQUAL(g_array_index(sends, guint32, 1), 0);
  g_array_unref(sends);
  cleanup(model, config, &rec);
}

static void
test_names_and_trace(void)
{
  SimModelConfig *config = config_new("sp2", S(10));
  client_add(config, "solo", NULL);
  SimClientSpec *group = client_add(config, "chatter", "#x");
  group->count = 3;
  g_autoptr(SimModel) model = sim_model_new(config, NULL);
  CU_ASSERT_EQUAL(sim_model_n_clients(model), 4);
  GString *name = g_string_new(NULL);
  sim_model_append_name(model, 0, name);
  CU_ASSERT_STRING_EQUAL(name->str, "solo");
  g_string_truncate(name, 0);
  sim_model_append_name(model, 3, name);
  CU_ASSERT_STRING_EQUAL(name->str, "chatter.3");
  g_string_free(name, TRUE);
  guint member = 0;
  CU_ASSERT_EQUAL(sim_model_client_group(model, 2, &member), 1);
  CU_ASSERT_EQUAL(member, 2);
  CU_ASSERT_TRUE(sim_model_trace(model, "chatter.2"));
  CU_ASSERT_TRUE(sim_model_trace(model, "chatter"));
  CU_ASSERT_TRUE(sim_model_trace(model, "solo"));
  CU_ASSERT_FALSE(sim_model_trace(model, "chatter.0"));
  CU_ASSERT_FALSE(sim_model_trace(model, "chatter.4"));
  CU_ASSERT_FALSE(sim_model_trace(model, "chatter.02"));
  CU_ASSERT_FALSE(sim_model_trace(model, "solo.1"));
  CU_ASSERT_FALSE(sim_model_trace(model, "chat"));
  CU_ASSERT_FALSE(sim_model_trace(model, "nobody"));
  g_clear_pointer(&model, sim_model_free);
  sim_model_config_free(config);
}

/* Only traced clients reach the observer, and tracing changes no outcome. */
static void
test_trace_filters_records(void)
{
  SimModelConfig *config = config_new("5.5.2577.0", S(700));
  client_add(config, "lurker", "#x");
  SimClientSpec *talker = client_add(config, "talker", "#x");
  talker->talk = SIM_TALK_EVERY;
  talker->talk_period = S(10);
  GError *error = NULL;
  SimModel *model = sim_model_new(config, &error);
  sim_model_trace_all(model, FALSE);
  CU_ASSERT_TRUE(sim_model_trace(model, "talker"));
  Recorder rec = {model, g_array_new(FALSE, FALSE, sizeof(SimRecord))};
  sim_model_run(model, record, &rec);
  CU_ASSERT_TRUE(rec.records->len > 60);
  for (guint i = 0; i < rec.records->len; i++)
    CU_ASSERT_EQUAL(g_array_index(rec.records, SimRecord, i).client, 1);
  result_is(model, 0, SIM_OUTCOME_DISCONNECTED, S(600) + MS(40), SIM_REASON_RECV_IDLE);
  cleanup(model, config, &rec);
}

/* restart_on_send with ping_counts_as_send: the PING restarts the process
 * itself, so a hung client is PINGed every ping_delay and never twice in a
 * round; only recv-idle ends it. */
static void
test_ping_counts_as_send(void)
{
  SimModelConfig *config = config_new("5.5.2577.0", S(1000));
  config->keepalive.ping_counts_as_send = TRUE;
  SimClientSpec *hung = client_add(config, "hung", "#q");
  hung->pong = FALSE;
  Recorder rec;
  SimModel *model = run(config, &rec);
  GArray *pings = times_of(&rec, 0, SIM_RECORD_SEND, SIM_MSG_PING);
  CU_ASSERT_EQUAL(pings->len, 6);
  for (guint k = 0; k < pings->len; k++)
    CU_ASSERT_EQUAL(t_at(pings, k), MS(40) + S(90) * (k + 1));
  for (guint i = 0; i < rec.records->len; i++) {
    const SimRecord *r = &g_array_index(rec.records, SimRecord, i);
    if (r->kind == SIM_RECORD_SEND)
      CU_ASSERT_EQUAL(r->ping, 1);
  }
  result_is(model, 0, SIM_OUTCOME_DISCONNECTED, S(600) + MS(40), SIM_REASON_RECV_IDLE);
  /* Its own PINGs restarted the process but are not "server sends": the
   * why names the unanswered PINGs. */
  SimResult r;
  sim_model_result(model, 0, &r);
  CU_ASSERT_EQUAL(r.restarts, 0);
  GString *why = g_string_new(NULL);
  CU_ASSERT_TRUE(sim_model_append_why(model, 0, why));
  CU_ASSERT_PTR_NOT_NULL(strstr(why->str,
                                "; 6 PINGs since then went unanswered (the last at "
                                "540.040000 s), each restarting the ping process "
                                "(ping_counts_as_send), so ping-timeout never fell "
                                "due"));
  g_string_free(why, TRUE);
  g_array_unref(pings);
  cleanup(model, config, &rec);
}

/* QUIT is the client's last act: nothing else it has due at its quit
 * instant is sent, whichever was scheduled first. */
static void
test_nothing_at_quit(void)
{
  SimModelConfig *config = config_new("sp2", S(100));
  SimClientSpec *every = client_add(config, "every", "#x");
  every->talk = SIM_TALK_EVERY;
  every->talk_period = S(10);
  every->quit = S(30);
  SimClientSpec *at = client_add(config, "at", "#y");
  at->talk = SIM_TALK_AT;
  SimTime t = S(30);
  g_array_append_val(at->talk_at, t);
  at->quit = S(30);
  SimClientSpec *pinger = client_add(config, "pinger", "#z");
  pinger->keepalive = S(30);
  pinger->quit = S(30);
  Recorder rec;
  SimModel *model = run(config, &rec);
  GArray *e = times_of(&rec, 0, SIM_RECORD_RECV, SIM_MSG_PRIVMSG);
  CU_ASSERT_EQUAL(e->len, 2); /* 10 s and 20 s, not 30 s */
  GArray *a = times_of(&rec, 1, SIM_RECORD_RECV, SIM_MSG_PRIVMSG);
  CU_ASSERT_EQUAL(a->len, 0);
  GArray *p = times_of(&rec, 2, SIM_RECORD_RECV, SIM_MSG_PING);
  CU_ASSERT_EQUAL(p->len, 0);
  for (guint i = 0; i < 3; i++)
    result_is(model, i, SIM_OUTCOME_QUIT, S(30) + MS(40), SIM_REASON_QUIT);
  g_array_unref(e);
  g_array_unref(a);
  g_array_unref(p);
  cleanup(model, config, &rec);
}

/* Both disconnect rules due at one instant: recv-idle is the reason. */
static void
test_recv_idle_wins_tie(void)
{
  SimModelConfig *config = config_new("sp2", S(1000));
  config->keepalive.ping_delay = S(200);
  config->keepalive.reply_window = S(200);
  SimClientSpec *hung = client_add(config, "hung", "#q");
  hung->pong = FALSE;
  Recorder rec;
  SimModel *model = run(config, &rec);
  result_is(model, 0, SIM_OUTCOME_DISCONNECTED, S(600) + MS(40), SIM_REASON_RECV_IDLE);
  SimResult r;
  sim_model_result(model, 0, &r);
  CU_ASSERT_EQUAL(r.pings_sent, 2);
  GString *why = g_string_new(NULL);
  CU_ASSERT_TRUE(sim_model_append_why(model, 0, why));
  CU_ASSERT_PTR_NOT_NULL(strstr(why->str,
                                "2 PINGs since then went unanswered (the first at "
                                "200.040000 s, the last at 400.040000 s)"));
  g_string_free(why, TRUE);
  cleanup(model, config, &rec);
}

/* Under sweeps a connection takes one step per sweep: PING, PING, drop on
 * three successive sweeps even though each falls due sooner. */
static void
test_sweep_one_step(void)
{
  SimModelConfig *config = config_new("sp2", S(1000));
  config->keepalive.ping_delay = S(30);
  config->keepalive.reply_window = S(30);
  config->keepalive.check_interval = S(100);
  SimClientSpec *hung = client_add(config, "hung", "#q");
  hung->pong = FALSE;
  Recorder rec;
  SimModel *model = run(config, &rec);
  GArray *pings = times_of(&rec, 0, SIM_RECORD_SEND, SIM_MSG_PING);
  CU_ASSERT_EQUAL(pings->len, 2);
  CU_ASSERT_EQUAL(t_at(pings, 0), S(100));
  CU_ASSERT_EQUAL(t_at(pings, 1), S(200));
  result_is(model, 0, SIM_OUTCOME_DISCONNECTED, S(300), SIM_REASON_PING_TIMEOUT);
  SimResult r;
  sim_model_result(model, 0, &r);
  GString *why = g_string_new(NULL);
  CU_ASSERT_TRUE(sim_model_append_why(model, 0, why));
  CU_ASSERT_PTR_NOT_NULL(strstr(
      why->str, "ran out at 230.000000 s (noticed on the 100s sweep at 300.000000 s)"));
  g_string_free(why, TRUE);
  g_array_unref(pings);
  cleanup(model, config, &rec);
}

/* pong_delay: the PONG leaves pong_delay after the PING arrives. */
static void
test_pong_delay(void)
{
  SimModelConfig *config = config_new("sp2", S(200));
  SimClientSpec *slow = client_add(config, "slow", "#q");
  slow->pong_delay = MS(250);
  Recorder rec;
  SimModel *model = run(config, &rec);
  GArray *pongs = times_of(&rec, 0, SIM_RECORD_RECV, SIM_MSG_PONG);
  CU_ASSERT_EQUAL(t_at(pongs, 0), MS(40) + S(90) + MS(40) + MS(250) + MS(40));
  g_array_unref(pongs);
  cleanup(model, config, &rec);
}

/* QUIT closes at receipt; the client leaves its channel and gets no more
 * relays; a client's own PING is answered with a server PONG. */
static void
test_quit_and_client_ping(void)
{
  SimModelConfig *config = config_new("sp2", S(300));
  SimClientSpec *leaver = client_add(config, "leaver", "#x");
  leaver->quit = S(101);
  leaver->keepalive = S(30);
  SimClientSpec *talker = client_add(config, "talker", "#x");
  talker->talk = SIM_TALK_EVERY;
  talker->talk_period = S(20);
  Recorder rec;
  SimModel *model = run(config, &rec);
  result_is(model, 0, SIM_OUTCOME_QUIT, S(101) + MS(40), SIM_REASON_QUIT);
  /* Only a disconnect has a why: not a quit, not a client still connected. */
  GString *why = g_string_new(NULL);
  CU_ASSERT_FALSE(sim_model_append_why(model, 0, why));
  CU_ASSERT_FALSE(sim_model_append_why(model, 1, why));
  CU_ASSERT_EQUAL(why->len, 0);
  g_string_free(why, TRUE);
  GArray *relays = times_of(&rec, 0, SIM_RECORD_SEND, SIM_MSG_RELAY);
  CU_ASSERT_EQUAL(relays->len, 5); /* 20, 40, 60, 80, 100 s (+40 ms) */
  CU_ASSERT_EQUAL(t_at(relays, 4), S(100) + MS(40));
  GArray *pongs = times_of(&rec, 0, SIM_RECORD_SEND, SIM_MSG_PONG);
  CU_ASSERT_EQUAL(pongs->len, 3); /* PINGs at 30, 60, 90 s */
  CU_ASSERT_EQUAL(t_at(pongs, 0), S(30) + MS(40));
  g_array_unref(relays);
  g_array_unref(pongs);
  cleanup(model, config, &rec);
}

/* A disconnected client leaves its channels: no sends after the drop. */
static void
test_no_sends_after_close(void)
{
  SimModelConfig *config = config_new("sp2", S(600));
  SimClientSpec *hung = client_add(config, "hung", "#x");
  hung->pong = FALSE;
  SimClientSpec *talker = client_add(config, "talker", "#x");
  talker->talk = SIM_TALK_EVERY;
  talker->talk_period = S(7);
  Recorder rec;
  SimModel *model = run(config, &rec);
  result_is(model, 0, SIM_OUTCOME_DISCONNECTED, S(270) + MS(40), SIM_REASON_PING_TIMEOUT);
  for (guint i = 0; i < rec.records->len; i++) {
    const SimRecord *r = &g_array_index(rec.records, SimRecord, i);
    if (r->client == 0)
      CU_ASSERT_TRUE(r->time <= S(270) + MS(40));
  }
  cleanup(model, config, &rec);
}

/* Talk schedules: every with start, at, and Poisson's mean rate. */
static void
test_talk_schedules(void)
{
  SimModelConfig *config = config_new("sp2", S(10000));
  SimClientSpec *every = client_add(config, "every", "#x");
  every->talk = SIM_TALK_EVERY;
  every->talk_period = S(25);
  every->talk_start = S(3);
  SimClientSpec *at = client_add(config, "at", "#y");
  at->talk = SIM_TALK_AT;
  SimTime ts[] = {S(150), MS(151500), S(400)};
  g_array_append_vals(at->talk_at, ts, 3);
  SimClientSpec *poisson = client_add(config, "poisson", "#z");
  poisson->talk = SIM_TALK_POISSON;
  poisson->talk_period = S(10);
  Recorder rec;
  SimModel *model = run(config, &rec);
  GArray *e = times_of(&rec, 0, SIM_RECORD_RECV, SIM_MSG_PRIVMSG);
  CU_ASSERT_EQUAL(t_at(e, 0), S(3) + MS(40));
  CU_ASSERT_EQUAL(t_at(e, 1), S(28) + MS(40));
  CU_ASSERT_EQUAL(e->len, 400);
  GArray *a = times_of(&rec, 1, SIM_RECORD_RECV, SIM_MSG_PRIVMSG);
  CU_ASSERT_EQUAL(a->len, 3);
  CU_ASSERT_EQUAL(t_at(a, 1), MS(151540));
  GArray *p = times_of(&rec, 2, SIM_RECORD_RECV, SIM_MSG_PRIVMSG);
  CU_ASSERT_TRUE(p->len > 900 && p->len < 1100);
  g_array_unref(e);
  g_array_unref(a);
  g_array_unref(p);
  cleanup(model, config, &rec);
}

/* Appending a client changes no other client's draws. */
static void
test_streams_independent(void)
{
  GArray *before = NULL;
  for (int pass = 0; pass < 2; pass++) {
    SimModelConfig *config = config_new("sp2", S(3000));
    config->jitter = MS(30);
    SimClientSpec *p = client_add(config, "p", "#x");
    p->talk = SIM_TALK_POISSON;
    p->talk_period = S(20);
    if (pass == 1) {
      SimClientSpec *extra = client_add(config, "extra", "#y");
      extra->talk = SIM_TALK_POISSON;
      extra->talk_period = S(5);
    }
    Recorder rec;
    SimModel *model = run(config, &rec);
    GArray *t = times_of(&rec, 0, SIM_RECORD_RECV, SIM_MSG_PRIVMSG);
    if (pass == 0)
      before = t;
    else {
      CU_ASSERT_EQUAL_FATAL(t->len, before->len);
      CU_ASSERT_EQUAL(memcmp(t->data, before->data, t->len * sizeof(SimTime)), 0);
      g_array_unref(t);
      g_array_unref(before);
    }
    cleanup(model, config, &rec);
  }
}

static void
test_config_errors(void)
{
  SimModelConfig *config = config_new("sp2", 0);
  client_add(config, "a", "#x");
  GError *error = NULL;
  CU_ASSERT_PTR_NULL(sim_model_new(config, &error));
  CU_ASSERT_STRING_EQUAL(error->message, "the duration must be longer than 0");
  g_clear_error(&error);
  config->duration = S(10);
  SimClientSpec *mute = client_add(config, "mute", NULL);
  mute->talk = SIM_TALK_EVERY;
  mute->talk_period = S(1);
  CU_ASSERT_PTR_NULL(sim_model_new(config, &error));
  CU_ASSERT_STRING_EQUAL(error->message, "client mute: it talks but joins no channel");
  g_clear_error(&error);
  sim_model_config_free(config);
}

/* ---- server semantics (docs/model.md "Server semantics") ---------------- */

/* A hung client alone under sp2 with 10 s timers and one PING; the
 * registration arrives at 0.040 s. */
static SimModelConfig *
hung_config(void)
{
  SimModelConfig *config = config_new("sp2", S(100));
  config->keepalive.ping_delay = S(10);
  config->keepalive.reply_window = S(10);
  config->keepalive.ping_attempts = 1;
  config->keepalive.recv_idle_limit = 0;
  client_add(config, "hung", "#q")->pong = FALSE;
  return config;
}

/* PING time and drop time of client 0. */
static void
hung_times(SimModelConfig *config, SimTime ping, SimTime drop)
{
  Recorder rec;
  SimModel *model = run(config, &rec);
  GArray *pings = times_of(&rec, 0, SIM_RECORD_SEND, SIM_MSG_PING);
  CU_ASSERT_EQUAL(pings->len, 1);
  if (t_at(pings, 0) != ping)
    printf("\n  PING at %" G_GINT64_FORMAT ", want %" G_GINT64_FORMAT "\n",
           t_at(pings, 0), ping);
  CU_ASSERT_EQUAL(t_at(pings, 0), ping);
  result_is(model, 0, SIM_OUTCOME_DISCONNECTED, drop, SIM_REASON_PING_TIMEOUT);
  g_array_unref(pings);
  cleanup(model, config, &rec);
}

/* Whole-second clocks: stamps fall to their second; an inclusive rule is
 * due at the second it reaches the span, a strict one a second later.
 * Exact clocks make strict one microsecond later. */
static void
test_clock_and_compare(void)
{
  SimModelConfig *config = hung_config();
  hung_times(config, S(10) + MS(40), S(20) + MS(40)); /* today's rules */
  config = hung_config();
  config->keepalive.clock_resolution = S(1);
  hung_times(config, S(10), S(20));
  config = hung_config();
  config->keepalive.clock_resolution = S(1);
  config->keepalive.ping_compare = SIM_COMPARE_STRICT;
  hung_times(config, S(11), S(21));
  config = hung_config();
  config->keepalive.clock_resolution = S(1);
  config->keepalive.ping_compare = SIM_COMPARE_STRICT;
  config->keepalive.reply_compare = SIM_COMPARE_STRICT;
  hung_times(config, S(11), S(22));
  config = hung_config();
  config->keepalive.ping_compare = SIM_COMPARE_STRICT;
  config->keepalive.reply_compare = SIM_COMPARE_STRICT;
  hung_times(config, S(10) + MS(40) + 1, S(20) + MS(40) + 2);
  /* A span that is not whole seconds rounds up to the next tick. */
  config = hung_config();
  config->keepalive.clock_resolution = S(1);
  config->keepalive.ping_delay = MS(9500);
  hung_times(config, S(10), S(20));
}

/* Sweeps on the grid check_phase + k * check_interval: 3, 8, 13, ...; a
 * phase of 8 s is the same grid, from 3 s; without sweeps a phase changes
 * nothing. */
static void
test_check_phase(void)
{
  SimModelConfig *config = hung_config();
  config->keepalive.check_interval = S(5);
  config->keepalive.check_phase = S(3);
  hung_times(config, S(13), S(23));
  config = hung_config();
  config->keepalive.check_interval = S(5);
  config->keepalive.check_phase = S(8);
  config->keepalive.ping_delay = S(2);
  hung_times(config, S(3), S(13));
  config = hung_config();
  config->keepalive.check_phase = S(3);
  hung_times(config, S(10) + MS(40), S(20) + MS(40));
}

/* The event loop wakes on every message and loop_wakeup after its last
 * wake-up: alone, the hung client's PING (due 10.040 s) waits for the idle
 * wake-up at 12.040 s (0.040 + 4 * 3 s), its drop (due 22.040 s) for 24.040 s.
 * A chatter's message arriving at 11.040 s wakes the loop sooner, and the
 * idle wake-ups run from there. */
static void
test_loop_wakeup(void)
{
  SimModelConfig *config = hung_config();
  config->keepalive.loop_wakeup = S(3);
  hung_times(config, S(12) + MS(40), S(24) + MS(40));
  config = hung_config();
  config->keepalive.loop_wakeup = S(3);
  SimClientSpec *chatter = client_add(config, "chatter", "#busy");
  chatter->talk = SIM_TALK_AT;
  SimTime at = S(11);
  g_array_append_val(chatter->talk_at, at);
  hung_times(config, S(11) + MS(40), S(23) + MS(40)); /* 11.04 + 4 * 3 s */
}

/* ping_answer = pong: a message after the PING restarts the window but
 * does not answer it (InspIRCd); any data answers it otherwise. */
static void
test_ping_answer(void)
{
  for (guint answer = SIM_ANSWER_ANY; answer <= SIM_ANSWER_PONG; answer++) {
    SimModelConfig *config = hung_config();
    config->keepalive.ping_answer = answer;
    SimClientSpec *hung = g_ptr_array_index(config->clients, 0);
    hung->talk = SIM_TALK_AT;
    SimTime at = S(15);
    g_array_append_val(hung->talk_at, at);
    Recorder rec;
    SimModel *model = run(config, &rec);
    GArray *pings = times_of(&rec, 0, SIM_RECORD_SEND, SIM_MSG_PING);
    if (answer == SIM_ANSWER_PONG) {
      CU_ASSERT_EQUAL(pings->len, 1);
      result_is(model, 0, SIM_OUTCOME_DISCONNECTED, S(25) + MS(40),
                SIM_REASON_PING_TIMEOUT);
    } else {
      CU_ASSERT_EQUAL(pings->len, 2);
      CU_ASSERT_EQUAL(t_at(pings, 1), S(25) + MS(40));
      result_is(model, 0, SIM_OUTCOME_DISCONNECTED, S(35) + MS(40),
                SIM_REASON_PING_TIMEOUT);
    }
    g_array_unref(pings);
    cleanup(model, config, &rec);
  }
}

/* welcome = at_once: the 001 goes out on the registration (0.040 s), the
 * JOIN comes back at 0.120 s. A 1 s login penalty on a whole-second clock
 * holds it, and a PRIVMSG that arrived meanwhile, until 1 s: read then, in
 * order, and the PING clock starts there. Under an event loop (1 s) they
 * are read at its first wake-up from then: 1.040 s, a second after the
 * registration woke it (held messages wake nothing). */
static void
test_welcome_and_penalty(void)
{
  static const SimTime read_at[] = {MS(120), S(1), S(1) + MS(40)};
  for (guint mode = 0; mode < G_N_ELEMENTS(read_at); mode++) {
    gboolean penalty = mode > 0;
    SimModelConfig *config = config_new("sp2", S(5));
    config->keepalive.welcome = SIM_WELCOME_AT_ONCE;
    config->keepalive.clock_resolution = S(1);
    config->keepalive.login_penalty = penalty ? S(1) : 0;
    config->keepalive.loop_wakeup = mode == 2 ? S(1) : 0;
    SimClientSpec *c = client_add(config, "c", "#x");
    c->talk = SIM_TALK_AT;
    SimTime at = MS(500);
    g_array_append_val(c->talk_at, at);
    Recorder rec;
    SimModel *model = run(config, &rec);
    GArray *welcome = times_of(&rec, 0, SIM_RECORD_SEND, SIM_MSG_WELCOME);
    GArray *join = times_of(&rec, 0, SIM_RECORD_RECV, SIM_MSG_JOIN);
    GArray *msg = times_of(&rec, 0, SIM_RECORD_RECV, SIM_MSG_PRIVMSG);
    CU_ASSERT_EQUAL(t_at(welcome, 0), MS(40));
    CU_ASSERT_EQUAL(t_at(join, 0), read_at[mode]);
    CU_ASSERT_EQUAL(t_at(msg, 0), penalty ? read_at[mode] : MS(540));
    CU_ASSERT_EQUAL(join->len, 1);
    /* JOIN before PRIVMSG in the records, as read. */
    guint join_at = 0, msg_at = 0;
    for (guint i = 0; i < rec.records->len; i++) {
      const SimRecord *r = &g_array_index(rec.records, SimRecord, i);
      if (r->kind == SIM_RECORD_RECV && r->message == SIM_MSG_JOIN)
        join_at = i;
      if (r->kind == SIM_RECORD_RECV && r->message == SIM_MSG_PRIVMSG)
        msg_at = i;
    }
    CU_ASSERT_TRUE(join_at < msg_at);
    g_array_unref(welcome), g_array_unref(join), g_array_unref(msg);
    cleanup(model, config, &rec);
  }
}

/* welcome = on_check: the 001 waits for the next sweep (1 s). */
static void
test_welcome_on_check(void)
{
  SimModelConfig *config = config_new("sp2", S(5));
  config->keepalive.welcome = SIM_WELCOME_ON_CHECK;
  config->keepalive.check_interval = S(1);
  client_add(config, "c", "#x");
  client_add(config, "nochan", NULL);
  Recorder rec;
  SimModel *model = run(config, &rec);
  GArray *welcome = times_of(&rec, 0, SIM_RECORD_SEND, SIM_MSG_WELCOME);
  GArray *join = times_of(&rec, 0, SIM_RECORD_RECV, SIM_MSG_JOIN);
  GArray *none = times_of(&rec, 1, SIM_RECORD_RECV, SIM_MSG_JOIN);
  CU_ASSERT_EQUAL(welcome->len, 1);
  CU_ASSERT_EQUAL(t_at(welcome, 0), S(1));
  CU_ASSERT_EQUAL(t_at(join, 0), S(1) + MS(80));
  CU_ASSERT_EQUAL(none->len, 0); /* no channel, no JOIN */
  g_array_unref(welcome), g_array_unref(join), g_array_unref(none);
  cleanup(model, config, &rec);
}

static void
test_semantics_errors(void)
{
  static const struct {
    SimTime interval, phase;
    guint welcome;
    const char *message;
  } cases[] = {
      {0, S(1), SIM_WELCOME_ON_CHECK,
       "[server] welcome = on_check needs a check_interval (profile 5.5.2448.8 has "
       "none)"},
  };
  for (guint i = 0; i < G_N_ELEMENTS(cases); i++) {
    SimModelConfig *config = config_new("sp2", S(10));
    client_add(config, "a", "#x");
    config->keepalive.check_interval = cases[i].interval;
    config->keepalive.check_phase = cases[i].phase;
    config->keepalive.welcome = cases[i].welcome;
    GError *error = NULL;
    CU_ASSERT_PTR_NULL(sim_model_new(config, &error));
    CU_ASSERT_PTR_NOT_NULL_FATAL(error);
    CU_ASSERT_STRING_EQUAL(error->message, cases[i].message);
    g_clear_error(&error);
    sim_model_config_free(config);
  }
}

/* A run that records nothing and has no sweeps does without the map from
 * client numbers to storage slots, and rebuilds it for its results: they
 * must be those of the same run traced, client by client, including a
 * client stored away from its number (spread over channels) and the why. */
static void
test_results_without_slot_map(void)
{
  SimModelConfig *configs[2];
  SimModel *models[2];
  for (guint k = 0; k < 2; k++) {
    configs[k] = config_new("5.5.2577.0", S(1200));
    SimClientSpec *talker = client_add(configs[k], "talker", "#a");
    talker->count = 4;
    talker->talk = SIM_TALK_POISSON;
    talker->talk_period = S(30);
    SimClientSpec *lurker = client_add(configs[k], "lurker", "#a");
    g_strfreev(lurker->channels);
    lurker->channels = g_strsplit("#a #b #c", " ", -1);
    lurker->spread = TRUE;
    lurker->count = 9;
    SimClientSpec *hung = client_add(configs[k], "hung", "#c");
    hung->pong = FALSE;
    GError *error = NULL;
    models[k] = sim_model_new(configs[k], &error);
    g_assert(models[k] != NULL);
  }
  /* Traced with an observer: the map stays. Untraced: it goes. */
  GArray *records = g_array_new(FALSE, FALSE, sizeof(SimRecord));
  Recorder rec = {.model = models[0], .records = records};
  sim_model_run(models[0], record, &rec);
  sim_model_trace_all(models[1], FALSE);
  sim_model_run(models[1], NULL, NULL);
  CU_ASSERT_TRUE(records->len > 0);
  guint disconnected = 0;
  for (guint i = 0; i < sim_model_n_clients(models[0]); i++) {
    SimResult a, b;
    sim_model_result(models[0], i, &a);
    sim_model_result(models[1], i, &b);
    CU_ASSERT_EQUAL(a.outcome, b.outcome);
    CU_ASSERT_EQUAL(a.reason, b.reason);
    CU_ASSERT_EQUAL(a.time, b.time);
    CU_ASSERT_EQUAL(a.last_recv, b.last_recv);
    CU_ASSERT_EQUAL(a.pings_sent, b.pings_sent);
    CU_ASSERT_EQUAL(a.restarts, b.restarts);
    GString *wa = g_string_new(NULL), *wb = g_string_new(NULL);
    sim_model_append_name(models[0], i, wa);
    sim_model_append_name(models[1], i, wb);
    disconnected += sim_model_append_why(models[0], i, wa);
    sim_model_append_why(models[1], i, wb);
    CU_ASSERT_STRING_EQUAL(wa->str, wb->str);
    g_string_free(wa, TRUE);
    g_string_free(wb, TRUE);
  }
  /* The three lurkers in #a (restarted by the talkers, dropped by
   * recv-idle) and the hung client go: their whys were compared too. */
  CU_ASSERT_EQUAL(disconnected, 4);
  g_array_unref(records);
  for (guint k = 0; k < 2; k++) {
    sim_model_free(models[k]);
    sim_model_config_free(configs[k]);
  }
}

int
main(void)
{
  static const TestCase tests[] = {
      {"links are FIFO with jitter", test_fifo_jitter},
      {"relays follow join order", test_relay_join_order},
      {"client names and trace selection", test_names_and_trace},
      {"trace filters records, not outcomes", test_trace_filters_records},
      {"ping_counts_as_send: one PING a round", test_ping_counts_as_send},
      {"recv-idle wins a tie with ping-timeout", test_recv_idle_wins_tie},
      {"one step per connection per sweep", test_sweep_one_step},
      {"pong_delay", test_pong_delay},
      {"nothing is sent at the quit instant", test_nothing_at_quit},
      {"quit and the client's own PING", test_quit_and_client_ping},
      {"nothing is sent after a disconnect", test_no_sends_after_close},
      {"talk schedules", test_talk_schedules},
      {"appending a client keeps others' draws", test_streams_independent},
      {"invalid configs are errors", test_config_errors},
      {"whole-second clocks, strict and inclusive rules", test_clock_and_compare},
      {"sweeps on a grid with a phase", test_check_phase},
      {"the event loop acts on what came due", test_loop_wakeup},
      {"ping_answer: any data, or only PONG", test_ping_answer},
      {"welcome at once, JOIN held by the login penalty", test_welcome_and_penalty},
      {"welcome on the next sweep", test_welcome_on_check},
      {"server semantics that do not fit together", test_semantics_errors},
      {"results without the number-to-slot map", test_results_without_slot_map},
      {NULL, NULL},
  };
  return test_run_suite("model", tests);
}

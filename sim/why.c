/* why.c: the sentence that explains a disconnect, built from the state
 * the model left (keepalive-model.md section 6); for an IRC server it
 * starts with the server's own ERROR text and names its settings. */
#include "chatsim/why.h"

#include "chatsim/duration.h"

/* "600.040000 s", straight into the sentence: no temporary strings. */
static void
append_when(GString *s, SimTime t)
{
  sim_duration_append_s(s, t);
  sim_duration_append_str(s, " s");
}

/* "1 PING", "2 PINGs": no printf, a million sentences at a time. */
static void
append_count(GString *s, guint n, const char *one, const char *many)
{
  sim_duration_append_int(s, n);
  g_string_append_c(s, ' ');
  sim_duration_append_str(s, n == 1 ? one : many);
}

static void
append_unit(GString *s, SimTime t)
{
  sim_duration_append_unit(s, t);
}

static void
append_pings(GString *s, const SimWhy *w)
{
  append_count(s, w->pings, "PING", "PINGs");
  if (w->pings == 1) {
    sim_duration_append_str(s, " (at ");
    append_when(s, w->last_ping);
  } else {
    sim_duration_append_str(s, " (the first at ");
    append_when(s, w->first_ping);
    sim_duration_append_str(s, ", the last at ");
    append_when(s, w->last_ping);
  }
  sim_duration_append_str(s, ")");
}

/* A rule is acted on at the first sweep, or wake-up of the server's event
 * loop, at or after it fell due. */
static void
append_late(GString *s, const SimKeepalive *ka, SimTime due, SimTime now)
{
  if (now == due)
    return;
  if (ka->check_interval > 0) {
    sim_duration_append_str(s, " (noticed on the ");
    append_unit(s, ka->check_interval);
    sim_duration_append_str(s, " sweep at ");
  } else
    sim_duration_append_str(s, " (acted on at the event loop's next wake-up, ");
  append_when(s, now);
  sim_duration_append_str(s, ")");
}

/* " (PongTimeout)": the server's name for a setting, where it has one. */
static void
append_name(GString *s, const char *name)
{
  if (name != NULL) {
    sim_duration_append_str(s, " (");
    sim_duration_append_str(s, name);
    g_string_append_c(s, ')');
  }
}

/* What the server itself says when it closes the connection for a ping
 * timeout: ngircd conn.c Check_Connections, InspIRCd usermanager.cpp
 * CheckPingTimeout, ircd-hybrid client.c check_pings_list. */
static void
append_server_error(GString *s, const SimProfile *p, const SimKeepalive *ka,
                    const SimWhy *w)
{
  SimTime res = MAX(ka->clock_resolution, 1);
  SimTime now = w->now - w->now % res;
  gint64 secs = 0;
  const char *label = NULL;
  switch (p->server) {
  case SIM_SERVER_EXCHANGE:
    return;
  case SIM_SERVER_NGIRCD: /* Conf_PongTimeout */
    secs = ka->reply_window / SIM_US_PER_S;
    label = "ngIRCd";
    break;
  case SIM_SERVER_INSPIRCD: { /* now - (nextping - pingfreq) */
    SimTime since = MAX(w->last_ping, w->last_activity);
    secs = (now - (since - since % res)) / SIM_US_PER_S;
    label = "InspIRCd";
    break;
  }
  case SIM_SERVER_HYBRID: /* now - last_ping, set back to PING - ping_time */
    secs = (now - (w->last_ping - w->last_ping % res) + ka->ping_delay) / SIM_US_PER_S;
    label = "ircd-hybrid";
    break;
  }
  sim_duration_append_str(s, "Ping timeout: ");
  sim_duration_append_int(s, secs);
  sim_duration_append_str(
      s, secs == 1 && p->server == SIM_SERVER_INSPIRCD ? " second (" : " seconds (");
  sim_duration_append_str(s, label);
  sim_duration_append_str(s, "'s ERROR); ");
}

static void
append_recv_idle(GString *s, const SimKeepalive *ka, const SimWhy *w)
{
  sim_duration_append_str(s, "the receive-idle limit of ");
  append_unit(s, ka->recv_idle_limit);
  sim_duration_append_str(s, " ran out at ");
  append_when(s, w->idle_due);
  append_late(s, ka, w->idle_due, w->now);
  if (w->unanswered > 0) {
    sim_duration_append_str(s, "; ");
    append_count(s, w->unanswered, "PING", "PINGs");
    sim_duration_append_str(s, " since then went unanswered");
    if (w->unanswered == w->pings && w->pings > 1) {
      sim_duration_append_str(s, " (the first at ");
      append_when(s, w->first_ping);
      sim_duration_append_str(s, ", the last at ");
    } else
      sim_duration_append_str(s, " (the last at ");
    append_when(s, w->last_ping);
    sim_duration_append_str(s, ")");
    if (ka->restart_on_send && ka->ping_counts_as_send)
      sim_duration_append_str(
          s, ", each restarting the ping process (ping_counts_as_send), so "
             "ping-timeout never fell due");
  } else if (w->restarts > 0) {
    sim_duration_append_str(
        s, "; no PING went out: server sends restarted the ping process ");
    append_count(s, w->restarts, "time", "times");
    sim_duration_append_str(s, " since then (the last at ");
    append_when(s, w->last_restart);
    sim_duration_append_str(s, "), so ");
    append_unit(s, ka->ping_delay);
    sim_duration_append_str(s, " of inactivity (ping_delay) never passed");
  } else if (w->ping_due < w->idle_due) {
    sim_duration_append_str(s, "; no PING went out: one fell due at ");
    append_when(s, w->ping_due);
    g_string_append(s,
                    ", but the first sweep after that found the receive-idle limit run "
                    "out as well, and that comes first");
  } else {
    sim_duration_append_str(s, "; no PING went out because ping_delay (");
    append_unit(s, ka->ping_delay);
    sim_duration_append_str(s, ") is not shorter than the limit");
  }
}

void
sim_why_append(const SimProfile *profile, const SimKeepalive *ka, const SimWhy *w,
               GString *s)
{
  if (!w->recv_idle)
    append_server_error(s, profile, ka, w);
  sim_duration_append_str(s, "nothing received since ");
  append_when(s, w->last_recv);
  sim_duration_append_str(s, " (");
  sim_duration_append_str(s, w->last_kind);
  sim_duration_append_str(s, "); ");
  if (w->recv_idle) {
    append_recv_idle(s, ka, w);
    return;
  }
  append_pings(s, w);
  sim_duration_append_str(s, " went unanswered (ping_attempts ");
  sim_duration_append_int(s, ka->ping_attempts);
  sim_duration_append_str(s, "); the reply window of ");
  append_unit(s, ka->reply_window);
  append_name(s, profile->reply_window_name);
  if (w->last_activity > w->last_ping) {
    /* ping_answer = pong: later data restarted the window, not a PONG. */
    sim_duration_append_str(s, " after the last data (not a PONG, so the PING stayed "
                               "outstanding)");
  } else
    sim_duration_append_str(s, " after the last");
  sim_duration_append_str(s, " ran out at ");
  append_when(s, w->reply_due);
  append_late(s, ka, w->reply_due, w->now);
}

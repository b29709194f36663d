/* keepalive.h: when the keepalive rules of docs/model.md fall due on the
 * server's clock, and the grids the server acts on: its event loop's
 * wake-ups and the check_interval sweeps. Pure arithmetic on SimKeepalive
 * and times; the model applies it to its connections. The rules are on
 * the relay's hot path, so they are inline. */
#ifndef CHATSIM_KEEPALIVE_H
#define CHATSIM_KEEPALIVE_H

#include "chatsim/engine.h"
#include "chatsim/profile.h"

G_BEGIN_DECLS

/* The server's clock: time() keeps whole seconds, so a stamp is the tick
 * it fell in. */
static inline SimTime
sim_keepalive_clock(const SimKeepalive *ka, SimTime t)
{
  return ka->clock_resolution > 0 ? t - t % ka->clock_resolution : t;
}

/* The first instant at which clock(now) - clock(since) reaches `span`
 * (inclusive) or exceeds it (strict). Exact clocks, inclusive: since + span. */
static inline SimTime
sim_keepalive_rule_due(const SimKeepalive *ka, SimTime since, SimTime span, guint compare)
{
  SimTime x = sim_keepalive_clock(ka, since) + span, res = ka->clock_resolution;
  if (res == 0)
    return compare == SIM_COMPARE_STRICT ? x + 1 : x;
  if (compare == SIM_COMPARE_STRICT || x % res != 0)
    return x - x % res + res;
  return x;
}

/* The next PING, ping_delay after the last activity. */
static inline SimTime
sim_keepalive_ping_due(const SimKeepalive *ka, SimTime last_activity)
{
  return sim_keepalive_rule_due(ka, last_activity, ka->ping_delay, ka->ping_compare);
}

/* The reply window's end, counted from the later of the last PING and the
 * last activity: under ping_answer = pong, data after a PING restarts the
 * window without answering it; otherwise last_activity never passes
 * last_ping while PINGs are outstanding, so the MAX changes nothing. */
static inline SimTime
sim_keepalive_reply_due(const SimKeepalive *ka, SimTime last_ping, SimTime last_activity)
{
  return sim_keepalive_rule_due(ka, MAX(last_ping, last_activity), ka->reply_window,
                                ka->reply_compare);
}

/* The recv-idle disconnect, recv_idle_limit after the last receipt. */
static inline SimTime
sim_keepalive_idle_due(const SimKeepalive *ka, SimTime last_recv)
{
  return sim_keepalive_rule_due(ka, last_recv, ka->recv_idle_limit,
                                SIM_COMPARE_INCLUSIVE);
}

/* TRUE if an event loop (loop_wakeup > 0) that last woke at `last` is
 * awake at `now`: a message just woke it, or its idle wake-ups land on
 * this instant. */
gboolean sim_keepalive_loop_awake(const SimKeepalive *ka, SimTime last, SimTime now);

/* The loop's first idle wake-up at or after `t`, if no message comes
 * first. */
SimTime sim_keepalive_loop_next(const SimKeepalive *ka, SimTime last, SimTime t);

/* The first sweep (check_interval > 0): the grid is every t > 0 with
 * t = check_phase (mod check_interval). */
SimTime sim_keepalive_first_sweep(const SimKeepalive *ka);

G_END_DECLS

#endif /* CHATSIM_KEEPALIVE_H */

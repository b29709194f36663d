/* keepalive.c: the grids the server acts on (its event loop's wake-ups,
 * the check_interval sweeps); the rules themselves are inline in the
 * header. */
#include "chatsim/keepalive.h"

gboolean
sim_keepalive_loop_awake(const SimKeepalive *ka, SimTime last, SimTime now)
{
  return (now - last) % ka->loop_wakeup == 0;
}

SimTime
sim_keepalive_loop_next(const SimKeepalive *ka, SimTime last, SimTime t)
{
  SimTime step = ka->loop_wakeup;
  return last + (t - last + step - 1) / step * step;
}

SimTime
sim_keepalive_first_sweep(const SimKeepalive *ka)
{
  g_return_val_if_fail(ka->check_interval > 0, SIM_TIME_NEVER);
  SimTime first = ka->check_phase % ka->check_interval;
  return first == 0 ? ka->check_interval : first;
}

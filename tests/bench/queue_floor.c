/* queue_floor.c: the physical floor under chatsim's event loop.
 *
 * The bare queue, no model: CLIENTS targets, each with one pending event
 * and a record of BYTES bytes; every pop reads and writes its target's
 * record and pushes the target's next event at a uniform random gap whose
 * mean makes EVENTS events in DURATION seconds. Same event count, same
 * number of pending events and the same per-client footprint as a chatsim
 * run, so its ns/event is what any model on this engine and this machine
 * pays at least. tools/bench runs it beside every scenario.
 *
 * Usage: chatsim-queue-floor CLIENTS EVENTS DURATION_S BYTES
 * Prints: "floor: N clients, N events, S s, N ns/event" */
#include "chatsim/engine.h"
#include "chatsim/rng.h"

#include <stdio.h>
#include <stdlib.h>

static guint64
arg(const char *text, const char *what)
{
  guint64 v = 0;
  if (!g_ascii_string_to_unsigned(text, 10, 1, G_MAXUINT32, &v, NULL)) {
    fprintf(stderr, "chatsim-queue-floor: %s: '%s' is not a number from 1 to %u\n", what,
            text, G_MAXUINT32);
    exit(2);
  }
  return v;
}

int
main(int argc, char **argv)
{
  if (argc != 5) {
    fprintf(stderr, "usage: chatsim-queue-floor CLIENTS EVENTS DURATION_S BYTES\n");
    return 2;
  }
  guint32 clients = (guint32)arg(argv[1], "CLIENTS");
  guint64 events = arg(argv[2], "EVENTS");
  SimTime duration = (SimTime)arg(argv[3], "DURATION_S") * 1000000;
  gsize bytes = (gsize)MAX(arg(argv[4], "BYTES"), sizeof(guint64));
  /* Each target's gap: its share of the run's events over the run. */
  SimTime mean = MAX(1, (SimTime)((double)duration * clients / (double)events));
  guint8 *records = g_malloc0((gsize)clients * bytes);
  SimRng rng;
  sim_rng_init(&rng, 1, 0, 0);
  SimEngine *engine = sim_engine_new();
  for (guint32 i = 0; i < clients; i++)
    sim_engine_push(engine, (SimTime)sim_rng_uniform(&rng, (guint64)mean),
                    SIM_EVENT_TIMER, i, 0);
  guint64 sum = 0;
  gint64 start = g_get_monotonic_time();
  SimEvent ev;
  for (guint64 n = 0; n < events && sim_engine_pop(engine, SIM_TIME_NEVER, &ev); n++) {
    guint32 next, tag;
    if (sim_engine_peek_target(engine, &next, &tag))
      __builtin_prefetch(records + (gsize)next * bytes);
    guint64 *r = (guint64 *)(records + (gsize)ev.target * bytes);
    sum += *r;
    *r = (guint64)ev.time;
    sim_engine_push(engine,
                    ev.time + 1 + (SimTime)sim_rng_uniform(&rng, 2 * (guint64)mean),
                    SIM_EVENT_TIMER, ev.target, 0);
  }
  gint64 wall = MAX(g_get_monotonic_time() - start, 1);
  guint64 done = sim_engine_events(engine);
  printf("floor: %u clients, %" G_GUINT64_FORMAT " events, %.3f s, %.1f ns/event%s\n",
         clients, done, (double)wall / 1e6, (double)wall * 1000.0 / (double)done,
         sum == 42 ? " " : ""); /* `sum` keeps the reads from being optimised out */
  sim_engine_free(engine);
  g_free(records);
  return done == events ? 0 : 1;
}

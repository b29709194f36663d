/* engine.h: virtual clock and event queue. Knows nothing of chat. */
#ifndef CHATSIM_ENGINE_H
#define CHATSIM_ENGINE_H

#include <glib.h>

G_BEGIN_DECLS

/* Virtual time: integer microseconds from the start of a run. */
typedef gint64 SimTime;

#define SIM_TIME_NEVER G_MAXINT64

/* At one instant every class-0 event runs before any class-1 event. */
typedef enum {
  SIM_EVENT_DELIVERY = 0,
  SIM_EVENT_TIMER = 1,
} SimEventClass;

/* An event is a value, copied into the heap array: pushing never mallocs
 * once the array has grown to the run's high-water mark. */
typedef struct {
  SimTime time;
  guint64 order; /* class in the top bit, then the scheduling sequence */
  guint32 target;
  guint32 tag;
} SimEvent;

/* A restartable deadline with at most one live heap entry. Moving the
 * deadline later costs O(1) (the entry is re-armed when it fires); moving it
 * earlier pushes a new entry and orphans the old one through `gen`. */
typedef struct {
  SimTime due;   /* SIM_TIME_NEVER when stopped */
  SimTime armed; /* time of the live heap entry, SIM_TIME_NEVER if none */
  guint64 seq;   /* sequence reserved when `due` was set: ties follow set order */
  guint32 gen;   /* matches the tag of the live entry */
  /* Never read or written by the engine: its owner's, so that a timer
   * inside a record costs no padding. */
  guint32 user;
} SimTimer;

typedef struct _SimEngine SimEngine;

SimEngine *sim_engine_new(void);
void sim_engine_free(SimEngine *engine);

SimTime sim_engine_now(const SimEngine *engine);
guint64 sim_engine_events(const SimEngine *engine);
gsize sim_engine_pending(const SimEngine *engine);
gsize sim_engine_peak_pending(const SimEngine *engine);
/* Entries moved by the insertion sorts of slots (of nearly sorted ones,
 * and the bucket sort's pass back): the work that would be quadratic on an
 * adversarial slot without its budget. */
guint64 sim_engine_sort_moves(const SimEngine *engine);

/* Schedules an event; `time` must not be earlier than now. */
void sim_engine_push(SimEngine *engine, SimTime time, SimEventClass cls, guint32 target,
                     guint32 tag);

/* Pops the next event due at or before `limit` and advances the clock to
 * it; FALSE when none is. */
gboolean sim_engine_pop(SimEngine *engine, SimTime limit, SimEvent *event);

/* The target and tag of the event that will pop next, if it is already
 * known (in the current time slot); lets a caller prefetch what it will
 * touch. */
gboolean sim_engine_peek_target(const SimEngine *engine, guint32 *target, guint32 *tag);

void sim_timer_init(SimTimer *timer);
/* Sets the deadline (SIM_TIME_NEVER stops it). Timer events carry `target`
 * and a tag whose low bits are the generation; `kind` (< 256) goes in the
 * top byte so a caller can tell its timers apart. */
void sim_timer_set(SimEngine *engine, SimTimer *timer, SimTime due, guint32 target,
                   guint8 kind);
/* For a popped event of this timer: TRUE if the deadline is due now. A
 * stale entry returns FALSE; an entry whose deadline moved later is
 * re-armed and returns FALSE. */
gboolean sim_timer_fired(SimEngine *engine, SimTimer *timer, const SimEvent *event);

static inline guint8
sim_event_kind(const SimEvent *event)
{
  return (guint8)(event->tag >> 24);
}

G_END_DECLS

#endif

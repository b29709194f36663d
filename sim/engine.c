/* engine.c: a 4-ary min-heap of value events keyed by (time, class, seq).
 * Four children share one or two cache lines, so a pop from a heap of a
 * million events touches half the levels of a binary heap. */
#include "chatsim/engine.h"

#define ARITY 4
#define ORDER_CLASS_SHIFT 63
#define ORDER_SEQ_MASK ((G_GUINT64_CONSTANT(1) << ORDER_CLASS_SHIFT) - 1)
#define TAG_GEN_MASK 0x00ffffffu

struct _SimEngine {
  SimEvent *heap;
  gsize len;
  gsize cap;
  gsize peak;
  SimTime now;
  guint64 seq;
  guint64 events;
};

SimEngine *
sim_engine_new(void)
{
  SimEngine *engine = g_new0(SimEngine, 1);
  engine->cap = 64;
  engine->heap = g_new(SimEvent, engine->cap);
  return engine;
}

void
sim_engine_free(SimEngine *engine)
{
  if (engine == NULL)
    return;
  g_free(engine->heap);
  g_free(engine);
}

SimTime
sim_engine_now(const SimEngine *engine)
{
  return engine->now;
}

guint64
sim_engine_events(const SimEngine *engine)
{
  return engine->events;
}

gsize
sim_engine_pending(const SimEngine *engine)
{
  return engine->len;
}

gsize
sim_engine_peak_pending(const SimEngine *engine)
{
  return engine->peak;
}

static inline gboolean
event_before(const SimEvent *a, const SimEvent *b)
{
  /* Bitwise, not short-circuit: no branch for the predictor to miss. */
  return (a->time < b->time) | ((a->time == b->time) & (a->order < b->order));
}

static void
heap_insert(SimEngine *engine, const SimEvent *event)
{
  if (engine->len == engine->cap) {
    engine->cap *= 2;
    engine->heap = g_renew(SimEvent, engine->heap, engine->cap);
  }
  /* Sift up with a hole instead of swaps: one copy per level. */
  gsize i = engine->len++;
  while (i > 0) {
    gsize parent = (i - 1) / ARITY;
    if (!event_before(event, &engine->heap[parent]))
      break;
    engine->heap[i] = engine->heap[parent];
    i = parent;
  }
  engine->heap[i] = *event;
  if (engine->len > engine->peak)
    engine->peak = engine->len;
}

static void
push_order(SimEngine *engine, SimTime time, SimEventClass cls, guint64 seq,
           guint32 target, guint32 tag)
{
  g_assert(time >= engine->now);
  SimEvent event = {
      .time = time,
      .order = ((guint64)cls << ORDER_CLASS_SHIFT) | seq,
      .target = target,
      .tag = tag,
  };
  heap_insert(engine, &event);
}

void
sim_engine_push(SimEngine *engine, SimTime time, SimEventClass cls, guint32 target,
                guint32 tag)
{
  push_order(engine, time, cls, engine->seq++, target, tag);
}

gboolean
sim_engine_pop(SimEngine *engine, SimTime limit, SimEvent *event)
{
  if (engine->len == 0 || engine->heap[0].time > limit)
    return FALSE;
  *event = engine->heap[0];
  engine->now = event->time;
  engine->events++;
  SimEvent last = engine->heap[--engine->len];
  gsize n = engine->len, i = 0;
  /* Sift the former last element down from the root. */
  for (;;) {
    gsize first = ARITY * i + 1;
    if (first >= n)
      break;
    gsize child = first, end = MIN(first + ARITY, n);
    for (gsize k = first + 1; k < end; k++)
      if (event_before(&engine->heap[k], &engine->heap[child]))
        child = k;
    if (!event_before(&engine->heap[child], &last))
      break;
    engine->heap[i] = engine->heap[child];
    i = child;
  }
  if (n > 0)
    engine->heap[i] = last;
  return TRUE;
}

void
sim_timer_init(SimTimer *timer)
{
  timer->due = SIM_TIME_NEVER;
  timer->armed = SIM_TIME_NEVER;
  timer->seq = 0;
  timer->gen = 0;
}

static void
timer_arm(SimEngine *engine, SimTimer *timer, guint32 target, guint8 kind)
{
  timer->gen = (timer->gen + 1) & TAG_GEN_MASK;
  timer->armed = timer->due;
  push_order(engine, timer->due, SIM_EVENT_TIMER, timer->seq, target,
             ((guint32)kind << 24) | timer->gen);
}

void
sim_timer_set(SimEngine *engine, SimTimer *timer, SimTime due, guint32 target,
              guint8 kind)
{
  timer->due = due;
  timer->seq = engine->seq++;
  /* A live entry at or before `due` will re-arm itself when it fires. */
  if (due != SIM_TIME_NEVER && due < timer->armed)
    timer_arm(engine, timer, target, kind);
}

gboolean
sim_timer_fired(SimEngine *engine, SimTimer *timer, const SimEvent *event)
{
  if ((event->tag & TAG_GEN_MASK) != timer->gen || event->time != timer->armed)
    return FALSE;
  timer->armed = SIM_TIME_NEVER;
  /* Due now, but the deadline was set again since this entry was pushed:
   * go back in line behind what was scheduled before that last set. */
  if (timer->due == event->time && (event->order & ORDER_SEQ_MASK) == timer->seq)
    return TRUE;
  if (timer->due != SIM_TIME_NEVER)
    timer_arm(engine, timer, event->target, sim_event_kind(event));
  return FALSE;
}

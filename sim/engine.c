/* engine.c: a calendar queue of value events keyed by (time, class, seq).
 *
 * Time is cut into slots of 2^SLOT_BITS us. Events of the current slot sit
 * in a small 4-ary heap; events of the next WHEEL_SLOTS - 1 slots are only
 * appended to their slot's array, and heapified when the clock reaches it;
 * events further out wait in a second heap. A pop then sifts through the
 * current slot's few hundred events instead of every pending one, which is
 * what kept a heap of a million events out of the cache. */
#include "chatsim/engine.h"

#include <string.h>

#define ARITY 4
#define SLOT_BITS 17     /* 131 ms */
#define WHEEL_SLOTS 8192 /* about 1074 s ahead */
#define ORDER_CLASS_SHIFT 63
#define ORDER_SEQ_MASK ((G_GUINT64_CONSTANT(1) << ORDER_CLASS_SHIFT) - 1)
#define TAG_GEN_MASK 0x00ffffffu

typedef struct {
  SimEvent *items;
  gsize len;
  gsize cap;
} Heap;

struct _SimEngine {
  Heap current; /* every event whose slot is at or before `slot` */
  Heap far;     /* events at or beyond `slot` + WHEEL_SLOTS when pushed */
  Heap *wheel;  /* unsorted; wheel[s % WHEEL_SLOTS] holds slot s */
  gsize in_wheel;
  gint64 slot; /* the current slot */
  gsize pending;
  gsize peak;
  SimTime now;
  guint64 seq;
  guint64 events;
};

SimEngine *
sim_engine_new(void)
{
  SimEngine *engine = g_new0(SimEngine, 1);
  engine->wheel = g_new0(Heap, WHEEL_SLOTS);
  return engine;
}

void
sim_engine_free(SimEngine *engine)
{
  if (engine == NULL)
    return;
  for (gsize i = 0; i < WHEEL_SLOTS; i++)
    g_free(engine->wheel[i].items);
  g_free(engine->wheel);
  g_free(engine->current.items);
  g_free(engine->far.items);
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
  return engine->pending;
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

static inline void
array_append(Heap *h, const SimEvent *event)
{
  /* Arrays keep their capacity once grown: no allocation in steady state. */
  if (h->len == h->cap) {
    h->cap = h->cap ? 2 * h->cap : 16;
    h->items = g_renew(SimEvent, h->items, h->cap);
  }
  h->items[h->len++] = *event;
}

/* Sifts `event` down from the hole at `i`. */
static inline void
sift_down(Heap *h, gsize i, SimEvent event)
{
  gsize n = h->len;
  for (;;) {
    gsize first = ARITY * i + 1;
    if (first >= n)
      break;
    gsize child = first, end = MIN(first + ARITY, n);
    for (gsize k = first + 1; k < end; k++)
      if (event_before(&h->items[k], &h->items[child]))
        child = k;
    if (!event_before(&h->items[child], &event))
      break;
    h->items[i] = h->items[child];
    i = child;
  }
  h->items[i] = event;
}

static void
heap_insert(Heap *h, const SimEvent *event)
{
  array_append(h, event);
  /* Sift up with a hole instead of swaps: one copy per level. */
  gsize i = h->len - 1;
  while (i > 0) {
    gsize parent = (i - 1) / ARITY;
    if (!event_before(event, &h->items[parent]))
      break;
    h->items[i] = h->items[parent];
    i = parent;
  }
  h->items[i] = *event;
}

static SimEvent
heap_pop(Heap *h)
{
  SimEvent top = h->items[0];
  SimEvent last = h->items[--h->len];
  if (h->len > 0)
    sift_down(h, 0, last);
  return top;
}

static inline gint64
slot_of(SimTime time)
{
  return time >> SLOT_BITS;
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
  gint64 slot = slot_of(time);
  if (slot <= engine->slot)
    heap_insert(&engine->current, &event);
  else if (slot < engine->slot + WHEEL_SLOTS) {
    array_append(&engine->wheel[slot % WHEEL_SLOTS], &event);
    engine->in_wheel++;
  } else
    heap_insert(&engine->far, &event);
  if (++engine->pending > engine->peak)
    engine->peak = engine->pending;
}

void
sim_engine_push(SimEngine *engine, SimTime time, SimEventClass cls, guint32 target,
                guint32 tag)
{
  push_order(engine, time, cls, engine->seq++, target, tag);
}

/* Moves the clock's slot to the next one holding events and makes its
 * events the current heap. FALSE when nothing is pending. */
static gboolean
advance(SimEngine *engine)
{
  gint64 next = G_MAXINT64;
  if (engine->far.len > 0)
    next = slot_of(engine->far.items[0].time);
  if (engine->in_wheel > 0)
    for (gint64 s = engine->slot + 1; s < engine->slot + WHEEL_SLOTS && s < next; s++)
      if (engine->wheel[s % WHEEL_SLOTS].len > 0) {
        next = s;
        break;
      }
  if (next == G_MAXINT64)
    return FALSE;
  engine->slot = next;
  Heap *bucket = &engine->wheel[next % WHEEL_SLOTS];
  Heap *h = &engine->current;
  if (h->cap < bucket->len) {
    h->cap = bucket->len;
    h->items = g_renew(SimEvent, h->items, h->cap);
  }
  if (bucket->len > 0) /* an empty bucket's array may be NULL */
    memcpy(h->items, bucket->items, bucket->len * sizeof(SimEvent));
  h->len = bucket->len;
  engine->in_wheel -= bucket->len;
  /* A bucket gives its memory back once read: kept, every bucket would
   * end up as large as the busiest slot, WHEEL_SLOTS times over. That is
   * one allocation per slot per turn of the wheel, not one per event. */
  g_free(bucket->items);
  *bucket = (Heap){0};
  for (gsize i = h->len / ARITY + 1; i-- > 0;)
    if (i < h->len)
      sift_down(h, i, h->items[i]);
  while (engine->far.len > 0 && slot_of(engine->far.items[0].time) == next) {
    SimEvent event = heap_pop(&engine->far);
    heap_insert(h, &event);
  }
  return TRUE;
}

gboolean
sim_engine_peek_target(const SimEngine *engine, guint32 *target)
{
  if (engine->current.len == 0)
    return FALSE;
  *target = engine->current.items[0].target;
  return TRUE;
}

gboolean
sim_engine_pop(SimEngine *engine, SimTime limit, SimEvent *event)
{
  if (engine->current.len == 0 && !advance(engine))
    return FALSE;
  if (engine->current.items[0].time > limit)
    return FALSE;
  *event = heap_pop(&engine->current);
  engine->now = event->time;
  engine->events++;
  engine->pending--;
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

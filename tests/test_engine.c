/* test_engine.c: the event queue's (time, class, seq) order, the clock, the
 * pending counts and SimTimer's lazy re-arming, against simple references. */
#include "testutil.h"

#include "chatsim/engine.h"
#include "chatsim/rng.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#define CLASS_OF(ev) ((int)((ev)->order >> 63))

/* Pops one event with no limit; FATAL if there is none. */
static SimEvent
pop_any(SimEngine *e)
{
  SimEvent ev = {0};
  CU_ASSERT_TRUE_FATAL(sim_engine_pop(e, SIM_TIME_NEVER, &ev));
  return ev;
}

static void
test_empty(void)
{
  SimEngine *e = sim_engine_new();
  SimEvent ev = {.time = 77, .target = 5};
  CU_ASSERT_EQUAL(sim_engine_now(e), 0);
  CU_ASSERT_EQUAL(sim_engine_pending(e), 0);
  CU_ASSERT_EQUAL(sim_engine_peak_pending(e), 0);
  CU_ASSERT_EQUAL(sim_engine_events(e), 0);
  CU_ASSERT_FALSE(sim_engine_pop(e, SIM_TIME_NEVER, &ev));
  /* A failed pop leaves the event and the clock alone. */
  CU_ASSERT_EQUAL(ev.time, 77);
  CU_ASSERT_EQUAL(ev.target, 5);
  CU_ASSERT_EQUAL(sim_engine_now(e), 0);
  CU_ASSERT_EQUAL(sim_engine_events(e), 0);
  sim_engine_free(e);
  sim_engine_free(NULL); /* ignored */
}

static void
test_time_order(void)
{
  SimEngine *e = sim_engine_new();
  static const SimTime times[] = {500, 20, 300, 1, 20000000, 7, 300, 0};
  for (guint i = 0; i < G_N_ELEMENTS(times); i++)
    sim_engine_push(e, times[i], SIM_EVENT_DELIVERY, i, 100 + i);
  static const guint expect[] = {7, 3, 5, 1, 2, 6, 0, 4};
  for (guint i = 0; i < G_N_ELEMENTS(expect); i++) {
    SimEvent ev = pop_any(e);
    CU_ASSERT_EQUAL(ev.target, expect[i]);
    CU_ASSERT_EQUAL(ev.tag, 100 + expect[i]);
    CU_ASSERT_EQUAL(ev.time, times[expect[i]]);
    CU_ASSERT_EQUAL(sim_engine_now(e), times[expect[i]]);
  }
  CU_ASSERT_EQUAL(sim_engine_pending(e), 0);
  sim_engine_free(e);
}

/* At one instant every delivery runs before any timer, and each class is
 * FIFO, whatever the push order. */
static void
test_class_then_fifo(void)
{
  SimEngine *e = sim_engine_new();
  sim_engine_push(e, 10, SIM_EVENT_TIMER, 1, 0);
  sim_engine_push(e, 10, SIM_EVENT_DELIVERY, 2, 0);
  sim_engine_push(e, 10, SIM_EVENT_TIMER, 3, 0);
  sim_engine_push(e, 5, SIM_EVENT_TIMER, 4, 0);
  sim_engine_push(e, 10, SIM_EVENT_DELIVERY, 5, 0);
  sim_engine_push(e, 10, SIM_EVENT_TIMER, 6, 0);
  sim_engine_push(e, 10, SIM_EVENT_DELIVERY, 7, 0);
  sim_engine_push(e, 11, SIM_EVENT_DELIVERY, 8, 0);
  static const guint32 expect[] = {4, 2, 5, 7, 1, 3, 6, 8};
  static const int expect_class[] = {1, 0, 0, 0, 1, 1, 1, 0};
  for (guint i = 0; i < G_N_ELEMENTS(expect); i++) {
    SimEvent ev = pop_any(e);
    CU_ASSERT_EQUAL(ev.target, expect[i]);
    CU_ASSERT_EQUAL(CLASS_OF(&ev), expect_class[i]);
  }
  sim_engine_free(e);
}

/* An event pushed while its instant is being processed still obeys the
 * class order: a delivery pushed at `now` after a timer ran at `now` runs
 * next, before the remaining timers of that instant. */
static void
test_push_at_now(void)
{
  SimEngine *e = sim_engine_new();
  sim_engine_push(e, 100, SIM_EVENT_TIMER, 1, 0);
  sim_engine_push(e, 100, SIM_EVENT_TIMER, 2, 0);
  SimEvent ev = pop_any(e);
  CU_ASSERT_EQUAL(ev.target, 1);
  sim_engine_push(e, 100, SIM_EVENT_TIMER, 3, 0);
  sim_engine_push(e, 100, SIM_EVENT_DELIVERY, 4, 0);
  CU_ASSERT_EQUAL(pop_any(e).target, 4);
  CU_ASSERT_EQUAL(pop_any(e).target, 2);
  CU_ASSERT_EQUAL(pop_any(e).target, 3);
  CU_ASSERT_EQUAL(sim_engine_now(e), 100);
  sim_engine_free(e);
}

static void
test_pop_limit(void)
{
  SimEngine *e = sim_engine_new();
  SimEvent ev;
  sim_engine_push(e, 200, SIM_EVENT_DELIVERY, 2, 0);
  sim_engine_push(e, 100, SIM_EVENT_TIMER, 1, 0);
  CU_ASSERT_FALSE(sim_engine_pop(e, 99, &ev));
  CU_ASSERT_EQUAL(sim_engine_now(e), 0); /* a refused pop does not move time */
  CU_ASSERT_EQUAL(sim_engine_pending(e), 2);
  CU_ASSERT_TRUE(sim_engine_pop(e, 100, &ev)); /* due at the limit: taken */
  CU_ASSERT_EQUAL(ev.target, 1);
  CU_ASSERT_EQUAL(sim_engine_now(e), 100);
  CU_ASSERT_FALSE(sim_engine_pop(e, 199, &ev));
  CU_ASSERT_EQUAL(sim_engine_now(e), 100);     /* not advanced to the limit */
  CU_ASSERT_FALSE(sim_engine_pop(e, 50, &ev)); /* a limit in the past */
  CU_ASSERT_TRUE(sim_engine_pop(e, 200, &ev));
  CU_ASSERT_EQUAL(ev.target, 2);
  CU_ASSERT_EQUAL(sim_engine_now(e), 200);
  CU_ASSERT_FALSE(sim_engine_pop(e, SIM_TIME_NEVER, &ev));
  CU_ASSERT_EQUAL(sim_engine_events(e), 2);
  /* The far end of the time line still works. */
  sim_engine_push(e, SIM_TIME_NEVER - 1, SIM_EVENT_TIMER, 3, 0);
  CU_ASSERT_FALSE(sim_engine_pop(e, SIM_TIME_NEVER - 2, &ev));
  CU_ASSERT_TRUE(sim_engine_pop(e, SIM_TIME_NEVER, &ev));
  CU_ASSERT_EQUAL(sim_engine_now(e), SIM_TIME_NEVER - 1);
  sim_engine_free(e);
}

static void
test_counts(void)
{
  SimEngine *e = sim_engine_new();
  sim_engine_push(e, 5, SIM_EVENT_TIMER, 0, 0);
  CU_ASSERT_EQUAL(sim_engine_pending(e), 1);
  CU_ASSERT_EQUAL(sim_engine_peak_pending(e), 1);
  pop_any(e);
  CU_ASSERT_EQUAL(sim_engine_pending(e), 0);
  CU_ASSERT_EQUAL(sim_engine_peak_pending(e), 1);
  /* Past the initial capacity, so the array has to grow. */
  for (guint i = 0; i < 999; i++)
    sim_engine_push(e, 5 + (SimTime)(i * 7919 % 1000), SIM_EVENT_DELIVERY, i, 0);
  CU_ASSERT_EQUAL(sim_engine_pending(e), 999);
  CU_ASSERT_EQUAL(sim_engine_peak_pending(e), 999);
  SimTime last = 5;
  gboolean sorted = TRUE;
  for (guint i = 0; i < 400; i++) {
    SimEvent ev = pop_any(e);
    sorted &= ev.time >= last;
    last = ev.time;
  }
  CU_ASSERT_TRUE(sorted);
  CU_ASSERT_EQUAL(sim_engine_pending(e), 599);
  CU_ASSERT_EQUAL(sim_engine_peak_pending(e), 999); /* a high-water mark */
  CU_ASSERT_EQUAL(sim_engine_events(e), 401);
  for (guint i = 0; i < 10; i++)
    sim_engine_push(e, last + i, SIM_EVENT_TIMER, i, 0);
  CU_ASSERT_EQUAL(sim_engine_pending(e), 609);
  CU_ASSERT_EQUAL(sim_engine_peak_pending(e), 999);
  while (sim_engine_pending(e) > 0)
    pop_any(e);
  CU_ASSERT_EQUAL(sim_engine_events(e), 1010);
  sim_engine_free(e);
}

/* ---- randomized against a reference -------------------------------------- */

typedef struct {
  SimTime time;
  int cls;
  guint64 seq;
  guint32 target;
  guint32 tag;
} RefEvent;

static gint
ref_cmp(gconstpointer pa, gconstpointer pb, gpointer user_data)
{
  (void)user_data;
  const RefEvent *a = pa, *b = pb;
  if (a->time != b->time)
    return a->time < b->time ? -1 : 1;
  if (a->cls != b->cls)
    return a->cls < b->cls ? -1 : 1;
  return a->seq < b->seq ? -1 : a->seq > b->seq;
}

/* ~100k events pushed and popped interleaved, in narrow time windows so
 * ties in time and class are common; every pop is checked against a sorted
 * reference (GSequence ordered by (time, class, push order)). */
static void
test_random_vs_reference(void)
{
  enum { N = 100000 };
  SimRng rng;
  sim_rng_init(&rng, 20240601, 0, 0);
  SimEngine *e = sim_engine_new();
  RefEvent *items = g_new(RefEvent, N);
  GSequence *ref = g_sequence_new(NULL);
  guint pushed = 0, popped = 0, refused = 0, mismatches = 0, ties = 0;
  gsize peak = 0;
  SimTime last_time = 0;
  guint ops = 0;
  while (popped < N) {
    /* The population drifts towards a target that changes every 20k
     * operations, so the heap grows and shrinks. */
    gsize target = (ops++ / 20000) % 2 ? 3000 : 40;
    gsize len = (gsize)g_sequence_get_length(ref);
    gboolean push = pushed < N &&
                    (len == 0 || sim_rng_uniform(&rng, 99) < (len < target ? 60u : 40u));
    if (push) {
      RefEvent *r = &items[pushed];
      /* A quarter at `now` (ties with what is being processed), the rest
       * spread thin enough that bounded pops are often refused. */
      r->time = sim_engine_now(e) +
                (sim_rng_uniform(&rng, 3) == 0 ? 0 : (SimTime)sim_rng_uniform(&rng, 200));
      r->cls = (int)sim_rng_uniform(&rng, 1);
      r->seq = pushed;
      r->target = pushed;
      r->tag = (guint32)sim_rng_next(&rng);
      sim_engine_push(e, r->time, (SimEventClass)r->cls, r->target, r->tag);
      g_sequence_insert_sorted(ref, r, ref_cmp, NULL);
      pushed++;
      peak = MAX(peak, (gsize)g_sequence_get_length(ref));
    } else {
      SimTime before = sim_engine_now(e);
      SimTime limit = sim_rng_uniform(&rng, 1) == 0
                          ? before + (SimTime)sim_rng_uniform(&rng, 3)
                          : SIM_TIME_NEVER;
      GSequenceIter *first = g_sequence_get_begin_iter(ref);
      const RefEvent *want = g_sequence_get(first);
      SimEvent ev = {0};
      gboolean got = sim_engine_pop(e, limit, &ev);
      if (want->time > limit) {
        refused++;
        if (got || sim_engine_now(e) != before)
          mismatches++;
        continue;
      }
      if (!got || ev.time != want->time || ev.target != want->target ||
          ev.tag != want->tag || CLASS_OF(&ev) != want->cls ||
          sim_engine_now(e) != want->time) {
        if (mismatches++ == 0)
          printf("\n  pop %u: got %d t=%" G_GINT64_FORMAT
                 " target=%u, want t=%" G_GINT64_FORMAT " target=%u\n",
                 popped, got, ev.time, ev.target, want->time, want->target);
      }
      ties += popped > 0 && want->time == last_time;
      last_time = want->time;
      g_sequence_remove(first);
      popped++;
    }
    if (sim_engine_pending(e) != (gsize)g_sequence_get_length(ref))
      mismatches++;
  }
  CU_ASSERT_EQUAL(mismatches, 0);
  CU_ASSERT_EQUAL(pushed, N);
  CU_ASSERT_TRUE(refused > 1000); /* the limit path was exercised */
  CU_ASSERT_TRUE(ties > 10000);   /* and so were ties in time */
  CU_ASSERT_TRUE(peak > 1000);    /* and the array's growth */
  CU_ASSERT_EQUAL(sim_engine_pending(e), 0);
  CU_ASSERT_EQUAL(sim_engine_peak_pending(e), peak);
  CU_ASSERT_EQUAL(sim_engine_events(e), N);
  g_sequence_free(ref);
  g_free(items);
  sim_engine_free(e);
}

/* Pushes one event to the engine and to the reference. */
static void
push_both(SimEngine *e, GSequence *ref, RefEvent *r, SimTime time, int cls, guint64 seq)
{
  r->time = time;
  r->cls = cls;
  r->seq = seq;
  r->target = (guint32)seq;
  r->tag = (guint32)(seq * 2654435761u);
  sim_engine_push(e, time, (SimEventClass)cls, r->target, r->tag);
  g_sequence_insert_sorted(ref, r, ref_cmp, NULL);
}

/* The shapes a calendar can get wrong: a burst of thousands of events at
 * one instant (a slot sorted at once), times pushed in falling order,
 * events beyond the wheel, and pushes at now and into the slot being
 * walked while it is walked; every pop checked against the reference. */
static void
test_bursts_vs_reference(void)
{
  enum { N = 60000 };
  SimRng rng;
  sim_rng_init(&rng, 424242, 0, 0);
  SimEngine *e = sim_engine_new();
  RefEvent *items = g_new(RefEvent, N);
  GSequence *ref = g_sequence_new(NULL);
  guint n = 0, mismatches = 0;
  for (guint i = 0; i < 20000; i++) /* one instant */
    push_both(e, ref, &items[n], 5000000, (int)sim_rng_uniform(&rng, 1), n), n++;
  for (guint i = 0; i < 5000; i++) /* falling times in one slot */
    push_both(e, ref, &items[n], 7000000 + 5000 - i, (int)(i & 1), n), n++;
  for (guint i = 0; i < 5000; i++) /* beyond the wheel */
    push_both(e, ref, &items[n], 1500000000 + (SimTime)sim_rng_uniform(&rng, 3000000000u),
              (int)(i & 1), n),
        n++;
  for (guint i = 0; i < 10000; i++) /* spread over 5 minutes */
    push_both(e, ref, &items[n], (SimTime)sim_rng_uniform(&rng, 300000000), (int)(i & 1),
              n),
        n++;
  guint popped = 0;
  while (g_sequence_get_length(ref) > 0) {
    GSequenceIter *first = g_sequence_get_begin_iter(ref);
    const RefEvent *want = g_sequence_get(first);
    SimEvent ev = {0};
    gboolean got = sim_engine_pop(e, SIM_TIME_NEVER, &ev);
    if (!got || ev.time != want->time || ev.target != want->target ||
        ev.tag != want->tag || CLASS_OF(&ev) != want->cls) {
      if (mismatches++ == 0)
        printf("\n  pop %u: got t=%" G_GINT64_FORMAT
               " target=%u, want t=%" G_GINT64_FORMAT " target=%u\n",
               popped, ev.time, ev.target, want->time, want->target);
    }
    g_sequence_remove(first);
    popped++;
    SimTime now = sim_engine_now(e);
    if (n < N && popped % 3 == 0) /* at now: either class, ties with the slot */
      push_both(e, ref, &items[n], now, (int)sim_rng_uniform(&rng, 1), n), n++;
    if (n < N && popped % 5 == 0) /* later in the same slot or the next few */
      push_both(e, ref, &items[n], now + (SimTime)sim_rng_uniform(&rng, 40000),
                (int)sim_rng_uniform(&rng, 1), n),
          n++;
    if (n < N && popped % 17 == 0) /* anywhere up to beyond the wheel */
      push_both(e, ref, &items[n], now + (SimTime)sim_rng_uniform(&rng, 2000000000u),
                (int)sim_rng_uniform(&rng, 1), n),
          n++;
  }
  SimEvent ev;
  CU_ASSERT_FALSE(sim_engine_pop(e, SIM_TIME_NEVER, &ev));
  CU_ASSERT_EQUAL(mismatches, 0);
  CU_ASSERT_EQUAL(n, N);
  CU_ASSERT_EQUAL(popped, N);
  CU_ASSERT_EQUAL(sim_engine_pending(e), 0);
  g_sequence_free(ref);
  g_free(items);
  sim_engine_free(e);
}

/* Constant population: the high-water mark never rises above it, so the
 * heap array (which only grows when full) stops growing. */
static void
test_steady_state_push_pop(void)
{
  enum { POP = 1000, CYCLES = 1000000 };
  SimRng rng;
  sim_rng_init(&rng, 7, 1, 0);
  SimEngine *e = sim_engine_new();
  for (guint i = 0; i < POP; i++)
    sim_engine_push(e, (SimTime)sim_rng_uniform(&rng, 100000), SIM_EVENT_DELIVERY, i, 0);
  SimTime last = 0;
  gboolean monotonic = TRUE, ok = TRUE;
  for (guint i = 0; i < CYCLES; i++) {
    SimEvent ev;
    ok &= sim_engine_pop(e, SIM_TIME_NEVER, &ev);
    monotonic &= ev.time >= last && sim_engine_now(e) == ev.time;
    last = ev.time;
    sim_engine_push(e, ev.time + 1 + (SimTime)sim_rng_uniform(&rng, 100000),
                    (SimEventClass)(i & 1), ev.target, i);
  }
  CU_ASSERT_TRUE(ok);
  CU_ASSERT_TRUE(monotonic);
  CU_ASSERT_EQUAL(sim_engine_pending(e), POP);
  CU_ASSERT_EQUAL(sim_engine_peak_pending(e), POP);
  CU_ASSERT_EQUAL(sim_engine_events(e), CYCLES);
  sim_engine_free(e);
}

/* ---- SimTimer ---------------------------------------------------------- */

static void
test_timer_init(void)
{
  SimTimer t;
  memset(&t, 0xab, sizeof t);
  sim_timer_init(&t);
  CU_ASSERT_EQUAL(t.due, SIM_TIME_NEVER);
  CU_ASSERT_EQUAL(t.armed, SIM_TIME_NEVER);
  /* Stopping a timer that never ran pushes nothing. */
  SimEngine *e = sim_engine_new();
  sim_timer_set(e, &t, SIM_TIME_NEVER, 0, 0);
  CU_ASSERT_EQUAL(sim_engine_pending(e), 0);
  sim_engine_free(e);
}

static void
test_timer_fires_once(void)
{
  SimEngine *e = sim_engine_new();
  SimTimer t;
  sim_timer_init(&t);
  sim_timer_set(e, &t, 100, 42, 9);
  CU_ASSERT_EQUAL(sim_engine_pending(e), 1);
  CU_ASSERT_EQUAL(t.due, 100);
  CU_ASSERT_EQUAL(t.armed, 100);
  SimEvent ev = pop_any(e);
  CU_ASSERT_EQUAL(ev.time, 100);
  CU_ASSERT_EQUAL(ev.target, 42);
  CU_ASSERT_EQUAL(sim_event_kind(&ev), 9);
  CU_ASSERT_EQUAL(CLASS_OF(&ev), SIM_EVENT_TIMER);
  CU_ASSERT_TRUE(sim_timer_fired(e, &t, &ev));
  CU_ASSERT_EQUAL(t.armed, SIM_TIME_NEVER);
  /* The same event again is stale. */
  CU_ASSERT_FALSE(sim_timer_fired(e, &t, &ev));
  CU_ASSERT_EQUAL(sim_engine_pending(e), 0);
  /* Re-set after firing: a new entry. */
  sim_timer_set(e, &t, 150, 42, 9);
  CU_ASSERT_EQUAL(sim_engine_pending(e), 1);
  ev = pop_any(e);
  CU_ASSERT_EQUAL(ev.time, 150);
  CU_ASSERT_TRUE(sim_timer_fired(e, &t, &ev));
  sim_engine_free(e);
}

static void
test_timer_set_later(void)
{
  SimEngine *e = sim_engine_new();
  SimTimer t;
  sim_timer_init(&t);
  sim_timer_set(e, &t, 100, 7, 3);
  sim_timer_set(e, &t, 300, 7, 3);
  CU_ASSERT_EQUAL(sim_engine_pending(e), 1); /* no new heap entry */
  sim_timer_set(e, &t, 250, 7, 3);           /* earlier than 300, later than 100 */
  CU_ASSERT_EQUAL(sim_engine_pending(e), 1);
  SimEvent ev = pop_any(e);
  CU_ASSERT_EQUAL(ev.time, 100);
  CU_ASSERT_FALSE(sim_timer_fired(e, &t, &ev));
  CU_ASSERT_EQUAL(sim_engine_pending(e), 1); /* re-armed itself */
  CU_ASSERT_EQUAL(t.armed, 250);
  ev = pop_any(e);
  CU_ASSERT_EQUAL(ev.time, 250);
  CU_ASSERT_EQUAL(ev.target, 7); /* target and kind survive the re-arm */
  CU_ASSERT_EQUAL(sim_event_kind(&ev), 3);
  CU_ASSERT_TRUE(sim_timer_fired(e, &t, &ev));
  CU_ASSERT_EQUAL(sim_engine_pending(e), 0);
  CU_ASSERT_EQUAL(sim_engine_events(e), 2);
  sim_engine_free(e);
}

static void
test_timer_set_earlier(void)
{
  SimEngine *e = sim_engine_new();
  SimTimer t;
  sim_timer_init(&t);
  sim_timer_set(e, &t, 300, 1, 0);
  sim_timer_set(e, &t, 100, 1, 0);
  CU_ASSERT_EQUAL(sim_engine_pending(e), 2); /* a new entry; the old is orphaned */
  SimEvent ev = pop_any(e);
  CU_ASSERT_EQUAL(ev.time, 100);
  CU_ASSERT_TRUE(sim_timer_fired(e, &t, &ev));
  ev = pop_any(e);
  CU_ASSERT_EQUAL(ev.time, 300);
  CU_ASSERT_FALSE(sim_timer_fired(e, &t, &ev)); /* the orphan */
  CU_ASSERT_EQUAL(sim_engine_pending(e), 0);    /* and it does not re-arm */
  sim_engine_free(e);
}

/* Earlier, then later again: the orphan stays dead, the live entry re-arms
 * to the final deadline, and exactly one pop fires. */
static void
test_timer_earlier_then_later(void)
{
  SimEngine *e = sim_engine_new();
  SimTimer t;
  sim_timer_init(&t);
  sim_timer_set(e, &t, 300, 1, 0);
  sim_timer_set(e, &t, 100, 1, 0);
  sim_timer_set(e, &t, 400, 1, 0);
  CU_ASSERT_EQUAL(sim_engine_pending(e), 2);
  SimTime fired_at = -1;
  int fired = 0, pops = 0;
  while (sim_engine_pending(e) > 0) {
    SimEvent ev = pop_any(e);
    pops++;
    if (sim_timer_fired(e, &t, &ev)) {
      fired++;
      fired_at = ev.time;
    }
  }
  CU_ASSERT_EQUAL(fired, 1);
  CU_ASSERT_EQUAL(fired_at, 400);
  CU_ASSERT_EQUAL(pops, 3); /* 100 (re-arms), 300 (orphan), 400 */

  /* Earlier, then back to exactly the orphan's time. */
  sim_timer_set(e, &t, 700, 1, 0);
  sim_timer_set(e, &t, 500, 1, 0);
  sim_timer_set(e, &t, 700, 1, 0);
  fired = 0;
  while (sim_engine_pending(e) > 0) {
    SimEvent ev = pop_any(e);
    if (sim_timer_fired(e, &t, &ev)) {
      fired++;
      fired_at = ev.time;
    }
  }
  CU_ASSERT_EQUAL(fired, 1);
  CU_ASSERT_EQUAL(fired_at, 700);
  sim_engine_free(e);
}

static void
test_timer_stop(void)
{
  SimEngine *e = sim_engine_new();
  SimTimer t;
  sim_timer_init(&t);
  sim_timer_set(e, &t, 100, 1, 0);
  sim_timer_set(e, &t, SIM_TIME_NEVER, 1, 0);
  CU_ASSERT_EQUAL(t.due, SIM_TIME_NEVER);
  CU_ASSERT_EQUAL(sim_engine_pending(e), 1); /* stopping pushes nothing */
  SimEvent ev = pop_any(e);
  CU_ASSERT_FALSE(sim_timer_fired(e, &t, &ev));
  CU_ASSERT_EQUAL(sim_engine_pending(e), 0); /* and does not re-arm */
  CU_ASSERT_EQUAL(t.armed, SIM_TIME_NEVER);

  /* Stopped, then restarted later while the old entry is still queued. */
  sim_timer_set(e, &t, 200, 1, 0);
  sim_timer_set(e, &t, SIM_TIME_NEVER, 1, 0);
  sim_timer_set(e, &t, 260, 1, 0);
  CU_ASSERT_EQUAL(sim_engine_pending(e), 1);
  ev = pop_any(e);
  CU_ASSERT_EQUAL(ev.time, 200);
  CU_ASSERT_FALSE(sim_timer_fired(e, &t, &ev));
  ev = pop_any(e);
  CU_ASSERT_EQUAL(ev.time, 260);
  CU_ASSERT_TRUE(sim_timer_fired(e, &t, &ev));
  sim_engine_free(e);
}

/* An orphan left at exactly the time the timer is armed again must stay
 * dead: otherwise the timer would fire through the orphan's older seq, ahead
 * of a timer whose deadline was set before the re-arm. */
static void
test_timer_orphan_same_time(void)
{
  SimEngine *e = sim_engine_new();
  SimTimer a, b;
  sim_timer_init(&a);
  sim_timer_init(&b);
  sim_timer_set(e, &a, 300, 0, 0); /* entry E1 at 300 */
  sim_timer_set(e, &a, 100, 0, 0); /* E2 at 100; E1 orphaned */
  sim_timer_set(e, &b, 300, 1, 0);
  SimEvent ev = pop_any(e);
  CU_ASSERT_EQUAL(ev.time, 100);
  CU_ASSERT_TRUE(sim_timer_fired(e, &a, &ev));
  sim_timer_set(e, &a, 300, 0, 0); /* a new entry at E1's time, after b's set */
  guint32 order[4];
  int n = 0;
  while (sim_engine_pending(e) > 0 && n < 4) {
    ev = pop_any(e);
    if (sim_timer_fired(e, ev.target == 0 ? &a : &b, &ev))
      order[n++] = ev.target;
  }
  CU_ASSERT_EQUAL_FATAL(n, 2);
  CU_ASSERT_EQUAL(order[0], 1); /* b, set first */
  CU_ASSERT_EQUAL(order[1], 0);
  sim_engine_free(e);
}

/* Timers set at one instant to one deadline fire in set order, also when
 * their entries were re-armed lazily in the opposite order. */
static void
test_timer_ties(void)
{
  SimEngine *e = sim_engine_new();
  SimTimer t[3];
  for (int i = 0; i < 3; i++)
    sim_timer_init(&t[i]);
  /* Entries at 50 (c), 60 (b), 70 (a): they re-arm in the order c, b, a. */
  sim_timer_set(e, &t[2], 50, 2, 0);
  sim_timer_set(e, &t[1], 60, 1, 0);
  sim_timer_set(e, &t[0], 70, 0, 0);
  /* The deadlines move later in the order a, b, c. */
  sim_timer_set(e, &t[0], 100, 0, 0);
  sim_timer_set(e, &t[1], 100, 1, 0);
  sim_timer_set(e, &t[2], 100, 2, 0);
  CU_ASSERT_EQUAL(sim_engine_pending(e), 3);
  /* A timer-class event pushed after the sets, a delivery pushed after
   * that: the delivery runs first, the pushed timer event last. */
  sim_engine_push(e, 100, SIM_EVENT_TIMER, 99, 0);
  sim_engine_push(e, 100, SIM_EVENT_DELIVERY, 98, 0);
  guint32 order[8];
  int n = 0;
  while (sim_engine_pending(e) > 0 && n < 8) {
    SimEvent ev = pop_any(e);
    if (ev.target >= 98)
      order[n++] = ev.target;
    else if (sim_timer_fired(e, &t[ev.target], &ev)) {
      CU_ASSERT_EQUAL(ev.time, 100);
      order[n++] = ev.target;
    }
  }
  CU_ASSERT_EQUAL_FATAL(n, 5);
  CU_ASSERT_EQUAL(order[0], 98);
  CU_ASSERT_EQUAL(order[1], 0);
  CU_ASSERT_EQUAL(order[2], 1);
  CU_ASSERT_EQUAL(order[3], 2);
  CU_ASSERT_EQUAL(order[4], 99);
  sim_engine_free(e);
}

/* Ties between timers whose deadline is set again to the same value. */
static void
test_timer_ties_reset_same_due(void)
{
  SimEngine *e = sim_engine_new();
  SimTimer a, b;
  sim_timer_init(&a);
  sim_timer_init(&b);
  sim_timer_set(e, &a, 100, 0, 0);
  sim_timer_set(e, &b, 100, 1, 0);
  sim_timer_set(e, &a, 100, 0, 0); /* a's deadline set again, after b's */
  CU_ASSERT_EQUAL(sim_engine_pending(e), 2);
  CU_ASSERT_TRUE(a.seq > b.seq); /* the timer records the later set */
  guint32 first = G_MAXUINT32;
  int fired = 0;
  while (sim_engine_pending(e) > 0) {
    SimEvent ev = pop_any(e);
    if (sim_timer_fired(e, ev.target == 0 ? &a : &b, &ev) && fired++ == 0)
      first = ev.target;
  }
  CU_ASSERT_EQUAL(fired, 2);
  CU_ASSERT_NOT_EQUAL(first, G_MAXUINT32);
  /* Ties follow set order: b (set at seq 1) fires before a (set again, at
   * seq 2), though a's entry was queued first. */
  CU_ASSERT_EQUAL(first, 1);
  sim_engine_free(e);
}

static void
test_timer_kinds(void)
{
  SimEngine *e = sim_engine_new();
  static const guint8 kinds[] = {0, 1, 7, 128, 255};
  SimTimer t[G_N_ELEMENTS(kinds)];
  for (guint i = 0; i < G_N_ELEMENTS(kinds); i++) {
    sim_timer_init(&t[i]);
    sim_timer_set(e, &t[i], 10 + i, 0xfffffff0u + i, kinds[i]);
  }
  for (guint i = 0; i < G_N_ELEMENTS(kinds); i++) {
    SimEvent ev = pop_any(e);
    CU_ASSERT_EQUAL(ev.target, 0xfffffff0u + i);
    CU_ASSERT_EQUAL(sim_event_kind(&ev), kinds[i]);
    CU_ASSERT_TRUE(sim_timer_fired(e, &t[i], &ev));
  }
  sim_engine_free(e);
}

/* Many timers moved at random (later, earlier, stopped, restarted),
 * checked against the deadlines themselves: a timer fires exactly when
 * the clock reaches its deadline, once, and never otherwise; timers due at
 * one instant fire in the order their deadlines were set. */
static void
test_timer_random(void)
{
  enum { K = 64, STEPS = 60000 };
  SimRng rng;
  sim_rng_init(&rng, 99, 2, 0);
  SimEngine *e = sim_engine_new();
  SimTimer t[K];
  SimTime ref_due[K]; /* reference: the deadline not yet fired */
  guint64 set_seq[K]; /* reference: order of the last set */
  for (int i = 0; i < K; i++) {
    sim_timer_init(&t[i]);
    ref_due[i] = SIM_TIME_NEVER;
    set_seq[i] = 0;
  }
  guint64 seq = 0;
  guint wrong = 0, fires = 0, pushes = 0, lazy = 0;
  SimTime tie_time = -1;
  guint64 tie_seq = 0;
  for (int step = 0; step < STEPS; step++) {
    int i = (int)sim_rng_uniform(&rng, K - 1);
    SimTime now = sim_engine_now(e);
    SimTime due = sim_rng_uniform(&rng, 9) == 0
                      ? SIM_TIME_NEVER
                      : now + (SimTime)sim_rng_uniform(&rng, 200);
    /* Avoid re-setting to the queued entry's own time (see the test above). */
    if (due != SIM_TIME_NEVER && due == t[i].armed)
      due++;
    SimTime armed_before = t[i].armed;
    gsize before = sim_engine_pending(e);
    sim_timer_set(e, &t[i], due, (guint32)i, 1);
    ref_due[i] = due;
    set_seq[i] = seq++;
    gsize grew = sim_engine_pending(e) - before;
    /* A push happens exactly when the deadline moves before the queued
     * entry (or there is none). */
    gsize expect = due != SIM_TIME_NEVER && due < armed_before ? 1 : 0;
    if (grew != expect)
      wrong++;
    pushes += (guint)grew;
    lazy += due != SIM_TIME_NEVER && armed_before != SIM_TIME_NEVER && due > armed_before;
    /* Process what is due up to a random horizon. */
    SimTime limit = now + (SimTime)sim_rng_uniform(&rng, 30);
    SimEvent ev;
    while (sim_engine_pop(e, limit, &ev)) {
      int k = (int)ev.target;
      if (!sim_timer_fired(e, &t[k], &ev))
        continue;
      fires++;
      if (ref_due[k] != ev.time)
        wrong++;
      if (ev.time == tie_time && set_seq[k] < tie_seq)
        wrong++;
      tie_time = ev.time;
      tie_seq = set_seq[k];
      ref_due[k] = SIM_TIME_NEVER; /* fired: must not fire again */
    }
    /* Nothing is overdue: every deadline up to the horizon has fired. */
    for (int k = 0; k < K; k++)
      if (ref_due[k] <= limit)
        wrong++;
  }
  CU_ASSERT_EQUAL(wrong, 0);
  CU_ASSERT_TRUE(fires > 5000);
  CU_ASSERT_TRUE(pushes > 5000); /* both paths were exercised */
  CU_ASSERT_TRUE(lazy > 5000);
  sim_engine_free(e);
}

/* Timers pushed later over and over at constant population: moving a
 * deadline later never adds a heap entry, so the queue stays at K. */
static void
test_timer_steady_state(void)
{
  enum { K = 1000, STEPS = 300000 };
  SimRng rng;
  sim_rng_init(&rng, 3, 3, 3);
  SimEngine *e = sim_engine_new();
  SimTimer *t = g_new(SimTimer, K);
  for (guint i = 0; i < K; i++) {
    sim_timer_init(&t[i]);
    sim_timer_set(e, &t[i], 1 + (SimTime)sim_rng_uniform(&rng, 1000), i, 0);
  }
  guint bad = 0, fired = 0;
  for (guint step = 0; step < STEPS; step++) {
    /* Move a random timer later: pending must not change. */
    guint k = (guint)sim_rng_uniform(&rng, K - 1);
    gsize before = sim_engine_pending(e);
    sim_timer_set(e, &t[k], t[k].due + (SimTime)sim_rng_uniform(&rng, 500), k, 0);
    if (sim_engine_pending(e) != before)
      bad++;
    SimEvent ev;
    if (!sim_engine_pop(e, SIM_TIME_NEVER, &ev)) {
      bad++;
      break;
    }
    if (sim_timer_fired(e, &t[ev.target], &ev)) {
      fired++;
      sim_timer_set(e, &t[ev.target], ev.time + 1 + (SimTime)sim_rng_uniform(&rng, 1000),
                    ev.target, 0);
    }
    if (sim_engine_pending(e) != K)
      bad++;
  }
  CU_ASSERT_EQUAL(bad, 0);
  CU_ASSERT_TRUE(fired > STEPS / 10);
  CU_ASSERT_EQUAL(sim_engine_peak_pending(e), K);
  g_free(t);
  sim_engine_free(e);
}

/* Scheduling into the past is a programming error: the process aborts. */
/* Two sorted runs in one slot, the second lower: one descent, but n^2/4
 * inversions. The insertion sort gives up within its linear budget and the
 * order is still exact. */
static void
test_two_runs_in_a_slot(void)
{
  enum { N = 8000, BASE = 10 << 15 }; /* slot 10; the slot is 2^15 us */
  SimEngine *engine = sim_engine_new();
  for (guint i = 0; i < N; i++)
    sim_engine_push(engine, BASE + 16000 + i, SIM_EVENT_DELIVERY, i, 0);
  for (guint i = 0; i < N; i++)
    sim_engine_push(engine, BASE + i, SIM_EVENT_DELIVERY, N + i, 0);
  SimEvent e;
  guint n = 0;
  gboolean ordered = TRUE;
  SimTime last = 0;
  while (sim_engine_pop(engine, SIM_TIME_NEVER, &e)) {
    ordered = ordered && e.time >= last;
    last = e.time;
    n++;
  }
  CU_ASSERT_EQUAL(n, 2 * N);
  CU_ASSERT_TRUE(ordered);
  CU_ASSERT_TRUE(sim_engine_sort_moves(engine) <= 4 * 2 * N + 64);
  sim_engine_free(engine);
}

static int
cmp_u64(const void *a, const void *b)
{
  guint64 x = *(const guint64 *)a, y = *(const guint64 *)b;
  return x < y ? -1 : x > y;
}

/* This process's resident memory (Linux /proc/self/statm), in bytes. */
static gsize
resident_bytes(void)
{
  gchar *text = NULL;
  unsigned long size = 0, pages = 0;
  CU_ASSERT_TRUE_FATAL(g_file_get_contents("/proc/self/statm", &text, NULL, NULL));
  CU_ASSERT_EQUAL_FATAL(sscanf(text, "%lu %lu", &size, &pages), 2);
  g_free(text);
  return (gsize)pages * (gsize)sysconf(_SC_PAGESIZE);
}

/* bench/1m's burst: 2^20 events in one slot (16 MiB of entries), each
 * pushing one into the next slot as it pops, three slots in a row. The
 * walked slot gives its pages back as the next one fills, so the process
 * never holds two slots' worth (it did: +16 MiB), and at the end nearly
 * nothing of them. Every pop is checked against the exact order. */
static void
test_big_slot_memory(void)
{
  enum { N = 1 << 20, SLOT = 1 << 15, BASE = 31 * SLOT, ROUNDS = 3 };
  const gsize mib = 1 << 20;
  SimRng rng;
  sim_rng_init(&rng, 99, 0, 0);
  /* The reference: (offset in the slot, class, push order) in one key. */
  guint64 *ref = g_new(guint64, N);
  SimEngine *e = sim_engine_new();
  for (guint i = 0; i < N; i++) {
    guint64 offset = sim_rng_uniform(&rng, SLOT - 1), cls = sim_rng_uniform(&rng, 1);
    ref[i] = (offset << 21) | (cls << 20) | i;
    sim_engine_push(e, BASE + (SimTime)offset, (SimEventClass)cls, i,
                    (guint32)(i ^ 0x5555));
  }
  qsort(ref, N, sizeof *ref, cmp_u64);
  gsize base = 0, most = 0;
  guint mismatches = 0;
  for (guint round = 0; round < ROUNDS; round++)
    for (guint i = 0; i < N; i++) {
      SimEvent ev = pop_any(e);
      if (round == 0 && i == 0)
        base = resident_bytes(); /* the first slot sorted, the next one empty */
      guint32 want = (guint32)(ref[i] & (N - 1));
      /* Each slot's events pushed the next slot's in pop order, at one slot
       * later, as deliveries: the same order, slot after slot. */
      SimTime time = BASE + (SimTime)round * SLOT + (SimTime)(ref[i] >> 21);
      int cls = round == 0 ? (int)(ref[i] >> 20 & 1) : 0;
      if (ev.target != want || ev.time != time || CLASS_OF(&ev) != cls ||
          ev.tag != (want ^ 0x5555))
        mismatches++;
      if (round + 1 < ROUNDS)
        sim_engine_push(e, ev.time + SLOT, SIM_EVENT_DELIVERY, ev.target, ev.tag);
      if (i % (N / 8) == N / 8 - 1)
        most = MAX(most, resident_bytes());
    }
  gsize end = resident_bytes();
  CU_ASSERT_EQUAL(mismatches, 0);
  CU_ASSERT_EQUAL(sim_engine_pending(e), 0);
  CU_ASSERT_EQUAL(sim_engine_events(e), (guint64)ROUNDS * N);
  /* Two slots at once would be base + 16 MiB; page rounding and the
   * release step leave well under 4 MiB. */
  CU_ASSERT_TRUE(most < base + 4 * mib);
  /* The last slot walked is given back as it goes, the earlier ones freed. */
  CU_ASSERT_TRUE(end + 12 * mib < base);
  if (most >= base + 4 * mib || end + 12 * mib >= base)
    printf(
        "\n  resident: %zu KiB at the first pop, at most %zu KiB, %zu KiB at the end\n",
        base / 1024, most / 1024, end / 1024);
  sim_engine_free(e);
  g_free(ref);
}

/* A million timers re-armed at now while a slot is walked go to the late
 * heap beside it (24 bytes an event): in exact order, and once drained
 * its array goes back to the system instead of staying for the run. */
static void
test_late_burst_memory(void)
{
  enum { N = 1 << 20, SLOT = 1 << 15, BASE = 31 * SLOT };
  const gsize mib = 1 << 20;
  guint64 *ref = g_new(guint64, N);
  SimEngine *e = sim_engine_new();
  sim_engine_push(e, BASE, SIM_EVENT_DELIVERY, N, 0);
  sim_engine_push(e, BASE + 3 * SLOT, SIM_EVENT_DELIVERY, N + 1, 0);
  CU_ASSERT_EQUAL(pop_any(e).target, N);
  /* Offsets scattered over the slot, a function of the push order. */
#define LATE_OFFSET(i) ((guint32)((i)*2654435761u) >> 17)
  for (guint i = 0; i < N; i++)
    ref[i] = ((guint64)LATE_OFFSET(i) << 20) | i;
  qsort(ref, N, sizeof *ref, cmp_u64); /* before the first measure: it mallocs */
  gsize base = resident_bytes();
  for (guint i = 0; i < N; i++)
    sim_engine_push(e, BASE + LATE_OFFSET(i), SIM_EVENT_TIMER, i, i);
  gsize full = resident_bytes();
  guint mismatches = 0;
  for (guint i = 0; i < N; i++) {
    SimEvent ev = pop_any(e);
    guint32 want = (guint32)(ref[i] & (N - 1));
    if (ev.target != want || ev.tag != want ||
        ev.time != BASE + (SimTime)(ref[i] >> 20) || CLASS_OF(&ev) != SIM_EVENT_TIMER)
      mismatches++;
  }
  CU_ASSERT_EQUAL(mismatches, 0);
  CU_ASSERT_EQUAL(pop_any(e).target, N + 1); /* the next slot */
  gsize end = resident_bytes();
  /* The heap held 24 MiB of events, then nothing. */
  CU_ASSERT_TRUE(full > base + 16 * mib);
  CU_ASSERT_TRUE(end < base + 4 * mib);
  if (full <= base + 16 * mib || end >= base + 4 * mib)
    printf("\n  resident: %zu KiB before, %zu KiB full, %zu KiB after\n", base / 1024,
           full / 1024, end / 1024);
  sim_engine_free(e);
  g_free(ref);
}

/* The shapes a slot's sort meets, each against qsort: hundreds of events
 * at random instants (the bucket sort's rule), the largest slot it takes
 * and one past it (the introsort's), both classes mixed. */
static void
test_slot_sort_shapes(void)
{
  enum { SLOT = 1 << 15 };
  static const guint sizes[] = {2, 17, 700, 3000, 16384, 16385};
  SimRng rng;
  sim_rng_init(&rng, 5, 0, 0);
  SimEngine *e = sim_engine_new();
  guint mismatches = 0;
  for (guint k = 0; k < G_N_ELEMENTS(sizes); k++) {
    guint n = sizes[k];
    SimTime base = (SimTime)(k + 1) * 10 * SLOT;
    guint64 *ref = g_new(guint64, n);
    for (guint i = 0; i < n; i++) {
      guint64 offset = sim_rng_uniform(&rng, SLOT - 1), cls = sim_rng_uniform(&rng, 1);
      ref[i] = (offset << 21) | (cls << 20) | i;
      sim_engine_push(e, base + (SimTime)offset, (SimEventClass)cls, i, k);
    }
    qsort(ref, n, sizeof *ref, cmp_u64);
    for (guint i = 0; i < n; i++) {
      SimEvent ev = pop_any(e);
      if (ev.target != (ref[i] & 0xfffff) || ev.time != base + (SimTime)(ref[i] >> 21) ||
          CLASS_OF(&ev) != (int)(ref[i] >> 20 & 1) || ev.tag != k)
        mismatches++;
    }
    g_free(ref);
  }
  CU_ASSERT_EQUAL(mismatches, 0);
  CU_ASSERT_EQUAL(sim_engine_pending(e), 0);
  sim_engine_free(e);
}

/* Thousands of timers re-armed to one instant in the reverse of their set
 * order, between two events at the ends of the slot: all fall in one
 * bucket of the bucket sort, whose insertion sort would be quadratic; it
 * stops at its linear budget and the introsort finishes. Exact order. */
static void
test_slot_sort_bunched(void)
{
  enum { K = 9000, SLOT = 1 << 15, A = 10 * SLOT, X = 12 * SLOT + 16000 };
  SimTimer *timers = g_new(SimTimer, K);
  SimEngine *e = sim_engine_new();
  sim_engine_push(e, 12 * SLOT, SIM_EVENT_DELIVERY, K, 0);
  sim_engine_push(e, 13 * SLOT - 1, SIM_EVENT_DELIVERY, K + 1, 0);
  for (guint i = 0; i < K; i++) {
    sim_timer_init(&timers[i]);
    sim_timer_set(e, &timers[i], A, i, 0);
  }
  /* Later, in falling order: no push now, the entries at A re-arm. */
  for (guint i = K; i-- > 0;)
    sim_timer_set(e, &timers[i], X, i, 0);
  guint fired = 0, mismatches = 0;
  for (guint i = 0; i < K; i++) {
    SimEvent ev = pop_any(e);
    if (ev.time != A || ev.target != i)
      mismatches++;
    fired += sim_timer_fired(e, &timers[ev.target], &ev);
  }
  CU_ASSERT_EQUAL(fired, 0);
  guint64 before = sim_engine_sort_moves(e);
  CU_ASSERT_EQUAL(pop_any(e).target, K);
  CU_ASSERT_EQUAL(sim_engine_now(e), 12 * SLOT);
  for (guint i = K; i-- > 0;) { /* the reverse of the re-arm order */
    SimEvent ev = pop_any(e);
    if (ev.time != X || ev.target != i || !sim_timer_fired(e, &timers[i], &ev))
      mismatches++;
  }
  CU_ASSERT_EQUAL(pop_any(e).target, K + 1);
  CU_ASSERT_EQUAL(mismatches, 0);
  /* The budget was spent, and no more than it (K + 2 entries in the slot). */
  guint64 moves = sim_engine_sort_moves(e) - before;
  CU_ASSERT_TRUE(moves >= 4 * (K + 2) && moves <= 4 * (K + 2) + 64);
  sim_engine_free(e);
  g_free(timers);
}

static void
test_push_past_aborts(void)
{
  fflush(stdout);
  pid_t pid = fork();
  CU_ASSERT_TRUE_FATAL(pid >= 0);
  if (pid == 0) {
    struct rlimit no_core = {0, 0};
    setrlimit(RLIMIT_CORE, &no_core);
    if (freopen("/dev/null", "w", stdout) == NULL ||
        freopen("/dev/null", "w", stderr) == NULL)
      _exit(3);
    SimEngine *e = sim_engine_new();
    SimEvent ev;
    sim_engine_push(e, 100, SIM_EVENT_DELIVERY, 0, 0);
    sim_engine_pop(e, SIM_TIME_NEVER, &ev);
    sim_engine_push(e, 99, SIM_EVENT_DELIVERY, 0, 0);
    _exit(0); /* reached only if the push was accepted */
  }
  int status = 0;
  CU_ASSERT_EQUAL(waitpid(pid, &status, 0), pid);
  CU_ASSERT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGABRT);
}

int
main(void)
{
  static const TestCase tests[] = {
      {"empty engine", test_empty},
      {"events pop in time order", test_time_order},
      {"deliveries before timers at one instant, FIFO per class", test_class_then_fifo},
      {"a push at now keeps the class order", test_push_at_now},
      {"pop respects the limit and advances now", test_pop_limit},
      {"pending, peak pending and event counts", test_counts},
      {"100k interleaved events match a sorted reference", test_random_vs_reference},
      {"bursts, falling times, far events match a sorted reference",
       test_bursts_vs_reference},
      {"1M push/pop cycles at constant population", test_steady_state_push_pop},
      {"timer init and stop of an idle timer", test_timer_init},
      {"timer fires once at its deadline", test_timer_fires_once},
      {"timer set later re-arms lazily", test_timer_set_later},
      {"timer set earlier pushes, the orphan is stale", test_timer_set_earlier},
      {"timer earlier then later fires once", test_timer_earlier_then_later},
      {"timer set to NEVER stops it", test_timer_stop},
      {"an orphan at the re-armed time stays dead", test_timer_orphan_same_time},
      {"timer ties follow set order after lazy re-arm", test_timer_ties},
      {"timer ties after a re-set to the same deadline", test_timer_ties_reset_same_due},
      {"timer kind and target in the event", test_timer_kinds},
      {"random timer moves against their deadlines", test_timer_random},
      {"timers moved later keep the queue at constant size", test_timer_steady_state},
      {"push into the past aborts", test_push_past_aborts},
      {"two sorted runs in one slot: linear sort work", test_two_runs_in_a_slot},
      {"a million-event slot walked while the next fills: exact order, one slot resident",
       test_big_slot_memory},
      {"slot sorts: random instants, the bucket sort's largest slot and one past it",
       test_slot_sort_shapes},
      {"timers bunched at one instant in reverse order: bucket sort budget, then "
       "introsort",
       test_slot_sort_bunched},
      {"a million pushes into the slot being walked: exact order, then given back",
       test_late_burst_memory},
      {NULL, NULL},
  };
  return test_run_suite("engine", tests);
}

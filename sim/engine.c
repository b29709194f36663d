/* engine.c: a calendar queue of value events keyed by (time, class, seq).
 *
 * Time is cut into slots of 2^SLOT_BITS us. Events of the next
 * WHEEL_SLOTS - 1 slots are only appended to their slot's array, and the
 * array is sorted once when the clock reaches the slot; pops then walk it
 * in order. An occupancy bitmap finds the next slot that holds anything.
 * Events pushed into the current slot after it was sorted wait in a small
 * 4-ary heap beside it, events further out than the wheel in a second heap.
 * A pop is a compare of two heads: no heap of a million events, and no
 * heap at all for a synchronised burst (every lurker PINGed at one instant).
 * A slot's entries are 16 bytes, (time in the slot, class, seq) packed in
 * one 64-bit key: a third less memory than a full event, one compare.
 *
 * A slot of a synchronised burst holds a million entries; its array is
 * mapped by the engine itself (see slot arrays below), so the queue's
 * resident memory follows what is pending, not what once was. */
/* mremap and MAP_ANONYMOUS: Linux and glibc; elsewhere a grown array is
 * copied (MREMAP_MAYMOVE undefined). */
#define _GNU_SOURCE
#include "chatsim/engine.h"

#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#define ARITY 4
#define SLOT_BITS 15      /* 32.8 ms: shorter than a link's latency, as a rule */
#define WHEEL_SLOTS 32768 /* about 1074 s ahead */
#define ORDER_CLASS_SHIFT 63
#define ORDER_SEQ_MASK ((G_GUINT64_CONSTANT(1) << ORDER_CLASS_SHIFT) - 1)
#define TAG_GEN_MASK 0x00ffffffu
/* Arrays of read slots kept for reuse, if no larger than a new one: a
 * sparse slot must not keep a large array alive. */
#define SPARE_ARRAYS 32
#define SPARE_CAP 16
/* A slot entry's key: offset in the slot, class, then 48 bits of seq. */
#define KEY_SEQ_BITS 48
#define KEY_SEQ_MASK ((G_GUINT64_CONSTANT(1) << KEY_SEQ_BITS) - 1)
#define KEY_OFFSET_SHIFT (KEY_SEQ_BITS + 1)
/* Arrays of 256 KiB or more are mmap'd, smaller ones malloc'd. */
#define BIG_BYTES ((gsize)256 * 1024)
/* While the current slot is walked, its consumed prefix is given back to
 * the system every RELEASE_STEP entries (256 KiB): a million-entry slot
 * then shrinks as fast as the slot its events push into grows. */
#define RELEASE_STEP 16384
/* Slots up to RADIX_MAX entries (256 KiB) are bucket sorted through a
 * scratch array, into at most 2^RADIX_BITS buckets. */
#define RADIX_MAX 16384
#define RADIX_BITS 11
/* The scratch is kept up to TMP_KEEP entries (64 KiB: the busiest slots of
 * bench/1m); a larger one, for a rare burst, is mapped for its sort only. */
#define TMP_KEEP 4096

typedef struct {
  SimEvent *items;
  gsize len;
  gsize cap;
} Heap;

typedef struct {
  guint64 key;
  guint32 target;
  guint32 tag;
} Entry;

G_STATIC_ASSERT(sizeof(Entry) == 16);
G_STATIC_ASSERT(SLOT_BITS + 1 + KEY_SEQ_BITS == 64);

/* 16 bytes: four wheel heads to a cache line (a push reads one at random). */
typedef struct {
  Entry *items;
  guint32 len;
  guint32 cap;
} Bucket;

G_STATIC_ASSERT(sizeof(Bucket) == 16);

struct _SimEngine {
  Entry *cur; /* the current slot's events, sorted; cur[pos] is next */
  gsize cur_len;
  gsize cur_pos;
  gsize cur_cap;
  gsize cur_mark;     /* cur_pos at which to release the consumed prefix */
  gsize cur_released; /* bytes at the start of `cur` given back */
  gsize page;
  Heap late;         /* pushed into the current slot (or earlier) after it was sorted */
  Heap far;          /* events at or beyond `slot` + WHEEL_SLOTS when pushed */
  Bucket *wheel;     /* unsorted; wheel[s % WHEEL_SLOTS] holds slot s */
  guint64 *occupied; /* bit s % WHEEL_SLOTS: wheel slot s is not empty */
  gsize in_wheel;
  gint64 slot; /* the current slot; -1 before the first pop */
  /* Small arrays of read slots, handed to the next empty buckets: a
   * sparse run would otherwise pay a malloc and a free per slot. */
  Bucket spare[SPARE_ARRAYS];
  guint n_spare;
  gsize pending;
  gsize peak;
  SimTime now;
  guint64 seq;
  guint64 events;
  guint64 sort_moves; /* entries moved by insertion sorts of slots */
  Entry *tmp;         /* scratch of the bucket sort, up to TMP_KEEP entries */
  gsize tmp_cap;
};

/* ---- large arrays ------------------------------------------------------- */

/* Arrays of BIG_BYTES or more (slot arrays and heaps alike) are mapped
 * here rather than malloc'd, for three reasons. glibc raises its mmap
 * threshold to the size of the last large block freed, so after the first
 * burst a freed slot array would stay in the heap, resident, instead of
 * going back to the system. A mapping grows by mremap without a copy (a
 * doubling realloc in the heap holds the old and the new array at once),
 * and its pages cost nothing until written. And the consumed prefix of the
 * current slot can be dropped page by page with madvise, which a heap
 * block does not allow safely. The size alone tells which an array is. */
static void *
big_map(gsize bytes)
{
  void *p = mmap(NULL, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (p == MAP_FAILED)
    g_error("engine: failed to map %" G_GSIZE_FORMAT " bytes", bytes);
  return p;
}

/* `items` (`bytes` long, all in use) grown to `new_bytes`. */
static void *
array_grow(void *items, gsize bytes, gsize new_bytes)
{
  if (new_bytes < BIG_BYTES)
    return g_realloc(items, new_bytes);
  if (bytes < BIG_BYTES) {
    void *big = big_map(new_bytes);
    if (bytes > 0)
      memcpy(big, items, bytes);
    g_free(items);
    return big;
  }
#ifdef MREMAP_MAYMOVE
  void *p = mremap(items, bytes, new_bytes, MREMAP_MAYMOVE);
  if (p == MAP_FAILED)
    g_error("engine: failed to map %" G_GSIZE_FORMAT " bytes", new_bytes);
  return p;
#else
  void *big = big_map(new_bytes);
  memcpy(big, items, bytes);
  munmap(items, bytes);
  return big;
#endif
}

static void
array_free(void *items, gsize bytes)
{
  if (bytes >= BIG_BYTES)
    munmap(items, bytes);
  else
    g_free(items);
}

SimEngine *
sim_engine_new(void)
{
  SimEngine *engine = g_new0(SimEngine, 1);
  engine->wheel = g_new0(Bucket, WHEEL_SLOTS);
  engine->occupied = g_new0(guint64, WHEEL_SLOTS / 64);
  engine->page = (gsize)sysconf(_SC_PAGESIZE);
  engine->cur_mark = G_MAXSIZE;
  /* Events at time 0 go to slot 0's array, to be sorted, not to the heap. */
  engine->slot = -1;
  return engine;
}

void
sim_engine_free(SimEngine *engine)
{
  if (engine == NULL)
    return;
  for (gsize i = 0; i < WHEEL_SLOTS; i++)
    array_free(engine->wheel[i].items, engine->wheel[i].cap * sizeof(Entry));
  g_free(engine->wheel);
  g_free(engine->occupied);
  array_free(engine->cur, engine->cur_cap * sizeof(Entry));
  for (guint i = 0; i < engine->n_spare; i++)
    g_free(engine->spare[i].items);
  g_free(engine->tmp);
  array_free(engine->late.items, engine->late.cap * sizeof(SimEvent));
  array_free(engine->far.items, engine->far.cap * sizeof(SimEvent));
  g_free(engine);
}

SimTime
sim_engine_now(const SimEngine *engine)
{
  return engine->now;
}

guint64
sim_engine_sort_moves(const SimEngine *engine)
{
  return engine->sort_moves;
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
  /* Arrays keep their capacity once grown: no allocation in steady state
   * (but a large late heap is given back once drained: see advance). */
  if (G_UNLIKELY(h->len == h->cap)) {
    gsize cap = h->cap ? 2 * h->cap : 16;
    h->items = array_grow(h->items, h->cap * sizeof(SimEvent), cap * sizeof(SimEvent));
    h->cap = cap;
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

/* ---- sorting a slot ------------------------------------------------------ */

static inline void
swap_entries(Entry *a, Entry *b)
{
  Entry t = *a;
  *a = *b;
  *b = t;
}

static void
insertion_sort(Entry *a, gsize n)
{
  for (gsize i = 1; i < n; i++) {
    Entry x = a[i];
    gsize j = i;
    for (; j > 0 && x.key < a[j - 1].key; j--)
      a[j] = a[j - 1];
    a[j] = x;
  }
}

static void
sift_max(Entry *a, gsize i, gsize n)
{
  for (;;) {
    gsize c = 2 * i + 1;
    if (c >= n)
      break;
    if (c + 1 < n && a[c].key < a[c + 1].key)
      c++;
    if (a[c].key <= a[i].key)
      break;
    swap_entries(&a[i], &a[c]);
    i = c;
  }
}

/* The fallback of a quicksort gone deep: in-place binary heapsort. */
static void
heap_sort(Entry *a, gsize n)
{
  for (gsize start = n / 2; start-- > 0;)
    sift_max(a, start, n);
  for (gsize end = n; end-- > 1;) {
    swap_entries(&a[0], &a[end]);
    sift_max(a, 0, end);
  }
}

/* Introsort: keys are unique (the sequence tells any two events apart), so
 * the order is total and no stability is needed. */
static void
sort_entries(Entry *a, gsize n, guint depth)
{
  while (n > 16) {
    if (depth-- == 0) {
      heap_sort(a, n);
      return;
    }
    /* Median of three to a[0]. */
    gsize mid = n / 2;
    if (a[mid].key < a[0].key)
      swap_entries(&a[mid], &a[0]);
    if (a[n - 1].key < a[0].key)
      swap_entries(&a[n - 1], &a[0]);
    if (a[n - 1].key < a[mid].key)
      swap_entries(&a[n - 1], &a[mid]);
    swap_entries(&a[0], &a[mid]);
    guint64 pivot = a[0].key;
    gsize i = 0, j = n;
    for (;;) {
      do
        i++;
      while (i < n && a[i].key < pivot);
      do
        j--;
      while (pivot < a[j].key);
      if (i >= j)
        break;
      swap_entries(&a[i], &a[j]);
    }
    swap_entries(&a[0], &a[j]);
    /* Recurse into the smaller side, loop on the larger: O(log n) stack. */
    if (j < n - j - 1) {
      sort_entries(a, j, depth);
      a += j + 1;
      n -= j + 1;
    } else {
      sort_entries(a + j + 1, n - j - 1, depth);
      n = j;
    }
  }
  insertion_sort(a, n);
}

/* Insertion sort that gives up after `budget` moves, leaving a
 * permutation of `a`; the moves made are added to *moves. */
static gboolean
insertion_sort_within(Entry *a, gsize n, gsize budget, guint64 *moves)
{
  gsize made = 0;
  for (gsize i = 1; i < n; i++) {
    Entry x = a[i];
    gsize j = i;
    for (; j > 0 && x.key < a[j - 1].key; j--) {
      if (made == budget) {
        a[j] = x; /* the slot the shifts left open */
        *moves += made;
        return FALSE;
      }
      a[j] = a[j - 1];
      made++;
    }
    a[j] = x;
  }
  *moves += made;
  return TRUE;
}

/* A bucket sort of a slot through `tmp`: entries go to 2^k buckets by the
 * top bits of their key's distance to the lowest (about one entry a
 * bucket, k up to RADIX_BITS), in their order, then an insertion sort
 * brings them back into `a` and meets only the inversions within a bucket.
 * Keys bunched in a few buckets can still hold many, so that sort has a
 * linear budget: past it, FALSE, `a` a permutation of itself. */
static gboolean
radix_sort_within(Entry *a, Entry *tmp, gsize n, guint bits, guint64 *moves)
{
  guint64 lo = a[0].key, hi = a[0].key;
  for (gsize i = 1; i < n; i++) {
    lo = MIN(lo, a[i].key);
    hi = MAX(hi, a[i].key);
  }
  if (lo == hi)
    return TRUE; /* n == 1: keys are unique */
  guint spread = 64 - (guint)__builtin_clzll(hi - lo), digits = MIN(bits, RADIX_BITS);
  guint shift = spread > digits ? spread - digits : 0;
  gsize buckets = (gsize)((hi - lo) >> shift) + 1;
  guint32 start[(1 << RADIX_BITS) + 1];
  memset(start, 0, (buckets + 1) * sizeof *start);
  for (gsize i = 0; i < n; i++)
    start[((a[i].key - lo) >> shift) + 1]++;
  for (gsize b = 1; b < buckets; b++)
    start[b] += start[b - 1];
  for (gsize i = 0; i < n; i++)
    tmp[start[(a[i].key - lo) >> shift]++] = a[i];
  gsize made = 0, budget = 4 * n + 64;
  for (gsize i = 0; i < n; i++) {
    Entry x = tmp[i];
    gsize j = i;
    for (; j > 0 && x.key < a[j - 1].key; j--) {
      if (made == budget) {
        a[j] = x; /* the slot the shifts left open: a[0..i] is tmp[0..i] */
        memcpy(a + i + 1, tmp + i + 1, (n - i - 1) * sizeof *a);
        *moves += made;
        return FALSE;
      }
      a[j] = a[j - 1];
      made++;
    }
    a[j] = x;
  }
  *moves += made;
  return TRUE;
}

/* A slot's array comes nearly sorted as a rule (a burst of timers set in
 * the order they now fire), and an insertion sort costs n plus the
 * inversions. Few descents do not bound the inversions (two long runs,
 * the second lower, hold n^2/4), so it gets a linear budget of moves.
 * Past it, or with many descents, a slot with a scratch array `tmp` (up
 * to RADIX_MAX entries: the common slot of hundreds of deliveries at
 * random times) is bucket sorted, at a few ns an entry where the
 * introsort pays log n compares; the introsort takes the rest. */
static void
sort_slot(Entry *a, gsize n, Entry *tmp, guint64 *moves)
{
  guint bits = (guint)g_bit_storage(n), descents = 0;
  for (gsize i = 1; i < n && descents <= bits; i++)
    descents += a[i].key < a[i - 1].key;
  if (descents == 0)
    return;
  if (descents <= bits && insertion_sort_within(a, n, 4 * n + 64, moves))
    return;
  if (tmp != NULL && radix_sort_within(a, tmp, n, bits, moves))
    return;
  sort_entries(a, n, 2 * bits);
}

/* ---- the calendar -------------------------------------------------------- */

static inline gint64
slot_of(SimTime time)
{
  return time >> SLOT_BITS;
}

static inline Entry
entry_of(const SimEvent *event)
{
  guint64 offset = (guint64)event->time & ((G_GUINT64_CONSTANT(1) << SLOT_BITS) - 1);
  return (Entry){
      .key = (offset << KEY_OFFSET_SHIFT) |
             ((event->order >> ORDER_CLASS_SHIFT) << KEY_SEQ_BITS) |
             (event->order & KEY_SEQ_MASK),
      .target = event->target,
      .tag = event->tag,
  };
}

/* The event an entry of the current slot stands for. */
static inline SimEvent
event_of(const SimEngine *engine, const Entry *e)
{
  return (SimEvent){
      .time = (engine->slot << SLOT_BITS) | (SimTime)(e->key >> KEY_OFFSET_SHIFT),
      .order =
          (((e->key >> KEY_SEQ_BITS) & 1) << ORDER_CLASS_SHIFT) | (e->key & KEY_SEQ_MASK),
      .target = e->target,
      .tag = e->tag,
  };
}

static inline void
bucket_append(Bucket *b, const Entry *e)
{
  /* Arrays keep their capacity until read: no allocation but growth. A
   * million pending timers spread over minutes of slots leave tens of
   * thousands of small arrays part empty: they grow by a quarter, not
   * double (slack ~10%, not ~30%; bench/1m showed no cost in time). Mapped
   * ones double: their slack is not resident. */
  if (G_UNLIKELY(b->len == b->cap)) {
    gsize cap = b->cap == 0                          ? SPARE_CAP
                : b->cap * sizeof(Entry) < BIG_BYTES ? b->cap + b->cap / 4
                                                     : 2 * b->cap;
    g_assert(cap <= G_MAXUINT32);
    b->items = array_grow(b->items, b->cap * sizeof(Entry), cap * sizeof(Entry));
    b->cap = (guint32)cap;
  }
  b->items[b->len++] = *e;
}

static void
push_order(SimEngine *engine, SimTime time, SimEventClass cls, guint64 seq,
           guint32 target, guint32 tag)
{
  g_assert(time >= engine->now);
  /* 2^48 pushes: weeks of a run at tens of millions a second. */
  g_assert(seq <= KEY_SEQ_MASK);
  SimEvent event = {
      .time = time,
      .order = ((guint64)cls << ORDER_CLASS_SHIFT) | seq,
      .target = target,
      .tag = tag,
  };
  gint64 slot = slot_of(time);
  if (slot <= engine->slot)
    heap_insert(&engine->late, &event);
  else if (slot < engine->slot + WHEEL_SLOTS) {
    gsize w = (gsize)(slot % WHEEL_SLOTS);
    Bucket *bucket = &engine->wheel[w];
    if (bucket->cap == 0 && engine->n_spare > 0)
      *bucket = engine->spare[--engine->n_spare];
    Entry entry = entry_of(&event);
    bucket_append(bucket, &entry);
    engine->occupied[w / 64] |= G_GUINT64_CONSTANT(1) << (w % 64);
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

/* The first occupied wheel slot in [from, end), or `end`. */
static gint64
next_occupied(const SimEngine *engine, gint64 from, gint64 end)
{
  /* WHEEL_SLOTS is a multiple of 64, so the wrap falls on a word boundary. */
  for (gint64 s = from; s < end;) {
    gsize w = (gsize)(s % WHEEL_SLOTS);
    guint64 word = engine->occupied[w / 64] >> (w % 64);
    if (word != 0)
      return MIN(s + __builtin_ctzll(word), end);
    s += 64 - (gint64)(w % 64);
  }
  return end;
}

/* Moves the clock's slot to the next one holding events and makes its
 * events, sorted, the current ones. FALSE when nothing is pending. Only
 * called once the current slot and the late heap are empty. */
static gboolean
advance(SimEngine *engine)
{
  /* A burst of pushes into the slot being walked (timers re-armed at now)
   * can grow the late heap to a million events: drained, it goes back. */
  if (engine->late.cap * sizeof(SimEvent) >= BIG_BYTES) {
    array_free(engine->late.items, engine->late.cap * sizeof(SimEvent));
    engine->late = (Heap){0};
  }
  gint64 next = G_MAXINT64;
  if (engine->far.len > 0)
    next = slot_of(engine->far.items[0].time);
  if (engine->in_wheel > 0)
    next = next_occupied(engine, engine->slot + 1, MIN(next, engine->slot + WHEEL_SLOTS));
  if (next == G_MAXINT64)
    return FALSE;
  engine->slot = next;
  gsize w = (gsize)(next % WHEEL_SLOTS);
  Bucket bucket = engine->wheel[w];
  engine->wheel[w] = (Bucket){0};
  engine->occupied[w / 64] &= ~(G_GUINT64_CONSTANT(1) << (w % 64));
  engine->in_wheel -= bucket.len;
  while (engine->far.len > 0 && slot_of(engine->far.items[0].time) == next) {
    SimEvent event = heap_pop(&engine->far);
    Entry entry = entry_of(&event);
    bucket_append(&bucket, &entry);
  }
  /* The slot's array becomes the current one and the last is given back
   * (a few small ones are kept for reuse): kept, every bucket would end up
   * as large as the busiest slot, WHEEL_SLOTS times over. */
  if (engine->cur_cap <= SPARE_CAP && engine->cur_cap > 0 &&
      engine->n_spare < SPARE_ARRAYS)
    engine->spare[engine->n_spare++] =
        (Bucket){.items = engine->cur, .cap = (guint32)engine->cur_cap};
  else
    array_free(engine->cur, engine->cur_cap * sizeof(Entry));
  engine->cur = bucket.items;
  engine->cur_cap = bucket.cap;
  engine->cur_len = bucket.len;
  engine->cur_pos = 0;
  engine->cur_released = 0;
  engine->cur_mark = bucket.cap * sizeof(Entry) >= BIG_BYTES ? RELEASE_STEP : G_MAXSIZE;
  gsize n = engine->cur_len;
  Entry *tmp = NULL;
  if (n <= TMP_KEEP) {
    if (n > engine->tmp_cap) {
      engine->tmp_cap = MIN(MAX(n, 2 * engine->tmp_cap), TMP_KEEP);
      g_free(engine->tmp);
      engine->tmp = g_new(Entry, engine->tmp_cap);
    }
    tmp = engine->tmp;
  } else if (n <= RADIX_MAX)
    tmp = big_map(n * sizeof(Entry));
  sort_slot(engine->cur, n, tmp, &engine->sort_moves);
  if (n > TMP_KEEP && n <= RADIX_MAX)
    munmap(tmp, n * sizeof(Entry));
  return TRUE;
}

/* Gives the whole pages of `cur` before cur_pos back to the system: no
 * entry there is read again (the array is freed at the next advance). */
static void
release_consumed(SimEngine *engine)
{
  gsize end = engine->cur_pos * sizeof(Entry) & ~(engine->page - 1);
  /* Advice only: if refused, the pages stay resident until the slot ends. */
  if (end > engine->cur_released)
    (void)madvise((char *)engine->cur + engine->cur_released, end - engine->cur_released,
                  MADV_DONTNEED);
  engine->cur_released = end;
  engine->cur_mark = engine->cur_pos + RELEASE_STEP;
}

/* The next event into `next`, whichever of the sorted slot and the late
 * heap holds it: 0 if neither has one, 1 the slot, 2 the heap. */
static inline int
head(const SimEngine *engine, SimEvent *next)
{
  int from = 0;
  if (engine->cur_pos < engine->cur_len) {
    *next = event_of(engine, &engine->cur[engine->cur_pos]);
    from = 1;
  }
  if (engine->late.len > 0 && (from == 0 || event_before(&engine->late.items[0], next))) {
    *next = engine->late.items[0];
    from = 2;
  }
  return from;
}

gboolean
sim_engine_peek_target(const SimEngine *engine, guint32 *target, guint32 *tag)
{
  SimEvent next;
  if (head(engine, &next) == 0)
    return FALSE;
  *target = next.target;
  *tag = next.tag;
  return TRUE;
}

gboolean
sim_engine_pop(SimEngine *engine, SimTime limit, SimEvent *event)
{
  int from = head(engine, event);
  if (from == 0) {
    if (!advance(engine))
      return FALSE;
    from = head(engine, event);
  }
  if (event->time > limit)
    return FALSE;
  if (from == 2)
    heap_pop(&engine->late);
  else if (G_UNLIKELY(++engine->cur_pos == engine->cur_mark))
    release_consumed(engine);
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

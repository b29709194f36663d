/* rng.h: small seeded random streams (xoshiro256**, seeded by splitmix64). */
#ifndef CHATSIM_RNG_H
#define CHATSIM_RNG_H

#include <glib.h>

G_BEGIN_DECLS

/* 32 bytes of state: GRand's Mersenne Twister is ~2.5 KB, too much for one
 * stream per client at a million clients. */
typedef struct {
  guint64 s[4];
} SimRng;

/* Stream `stream` of object `index` under `seed`: distinct inputs give
 * independent streams, so adding an object never changes another's draws. */
void sim_rng_init(SimRng *rng, guint64 seed, guint64 index, guint64 stream);
guint64 sim_rng_next(SimRng *rng);
/* Uniform integer in [0, bound] inclusive, without modulo bias. */
guint64 sim_rng_uniform(SimRng *rng, guint64 bound);
/* Exponentially distributed integer with the given mean (>= 1), in the
 * same unit as the mean. */
gint64 sim_rng_exponential(SimRng *rng, gint64 mean);

/* Counter-based draw: the `counter`-th value of stream (seed, index,
 * stream), uniform in [0, bound]. Needs no state beyond the counter, so a
 * link keeps 4 bytes instead of a generator; the bias of the multiply-high
 * reduction is below bound / 2^64. */
guint64 sim_rng_hash_uniform(guint64 seed, guint64 index, guint64 stream, guint64 counter,
                             guint64 bound);

G_END_DECLS

#endif

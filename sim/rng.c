/* rng.c: xoshiro256** (Blackman & Vigna, public domain reference). */
#include "chatsim/rng.h"

#include <math.h>

static guint64
splitmix64(guint64 *x)
{
  guint64 z = (*x += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

static inline guint64
rotl(guint64 x, int k)
{
  return (x << k) | (x >> (64 - k));
}

/* Mixes the inputs through splitmix64 one after another, so keys that
 * differ in any input are unrelated. */
static guint64
stream_key(guint64 seed, guint64 index, guint64 stream)
{
  guint64 x = seed;
  guint64 key = splitmix64(&x);
  x = key ^ index;
  key = splitmix64(&x);
  x = key ^ (stream * 0xd1b54a32d192ed03ULL);
  return splitmix64(&x);
}

void
sim_rng_init(SimRng *rng, guint64 seed, guint64 index, guint64 stream)
{
  guint64 x = stream_key(seed, index, stream);
  for (int i = 0; i < 4; i++)
    rng->s[i] = splitmix64(&x);
}

guint64
sim_rng_hash_uniform(guint64 seed, guint64 index, guint64 stream, guint64 counter,
                     guint64 bound)
{
  guint64 x = stream_key(seed, index, stream) ^ counter;
  guint64 r = splitmix64(&x);
  if (bound == G_MAXUINT64)
    return r;
  return (guint64)(((unsigned __int128)r * (bound + 1)) >> 64);
}

guint64
sim_rng_next(SimRng *rng)
{
  guint64 *s = rng->s;
  guint64 result = rotl(s[1] * 5, 7) * 9;
  guint64 t = s[1] << 17;
  s[2] ^= s[0];
  s[3] ^= s[1];
  s[1] ^= s[2];
  s[0] ^= s[3];
  s[2] ^= t;
  s[3] = rotl(s[3], 45);
  return result;
}

guint64
sim_rng_uniform(SimRng *rng, guint64 bound)
{
  if (bound == G_MAXUINT64)
    return sim_rng_next(rng);
  guint64 range = bound + 1;
  /* Reject the top partial block so every value is equally likely. */
  guint64 limit = G_MAXUINT64 - (G_MAXUINT64 % range);
  guint64 r;
  do
    r = sim_rng_next(rng);
  while (r >= limit);
  return r % range;
}

gint64
sim_rng_exponential(SimRng *rng, gint64 mean)
{
  /* u in (0, 1]: 53 random bits, never zero, so log(u) is finite. */
  double u = (double)((sim_rng_next(rng) >> 11) + 1) * 0x1.0p-53;
  double v = -(double)mean * log(u);
  if (v > (double)G_MAXINT64 / 2)
    return G_MAXINT64 / 2;
  return (gint64)llround(v);
}

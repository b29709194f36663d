/* test_rng.c: xoshiro256** against its published definition, stream
 * derivation, the bounded and exponential draws, and the counter-based
 * draw. Every statistical check uses a fixed seed, so it is deterministic;
 * the thresholds are generous (several standard deviations). */
#include "testutil.h"

#include "chatsim/rng.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Pearson's chi-square of `counts` against a uniform expectation. */
static double
chi_square(const guint64 *counts, guint bins, guint64 n)
{
  double expect = (double)n / bins, chi = 0;
  for (guint i = 0; i < bins; i++) {
    double d = (double)counts[i] - expect;
    chi += d * d / expect;
  }
  return chi;
}

static int
cmp_u64(const void *pa, const void *pb)
{
  guint64 a = *(const guint64 *)pa, b = *(const guint64 *)pb;
  return a < b ? -1 : a > b;
}

/* TRUE when the `n` values are pairwise distinct (sorts them). */
static gboolean
all_distinct(guint64 *v, gsize n)
{
  qsort(v, n, sizeof *v, cmp_u64);
  for (gsize i = 1; i < n; i++)
    if (v[i] == v[i - 1])
      return FALSE;
  return TRUE;
}

/* The first outputs of xoshiro256** from s = {1, 2, 3, 4}, computed from
 * the published algorithm (result = rotl(s[1] * 5, 7) * 9) in Python. */
static void
test_xoshiro_known_answer(void)
{
  SimRng rng = {{1, 2, 3, 4}};
  static const guint64 expect[] = {
      G_GUINT64_CONSTANT(11520),
      G_GUINT64_CONSTANT(0),
      G_GUINT64_CONSTANT(1509978240),
      G_GUINT64_CONSTANT(1215971899390074240),
      G_GUINT64_CONSTANT(1216172134540287360),
      G_GUINT64_CONSTANT(607988272756665600),
  };
  for (guint i = 0; i < G_N_ELEMENTS(expect); i++)
    CU_ASSERT_EQUAL(sim_rng_next(&rng), expect[i]);
}

/* Regression pins of the seeding (splitmix64 over seed, index, stream):
 * any change here changes every run's outputs for a given seed. Values
 * from a Python transcription of rng.c's derivation. */
static void
test_seeding_pinned(void)
{
  SimRng rng;
  sim_rng_init(&rng, 42, 7, 3);
  CU_ASSERT_EQUAL(rng.s[0], G_GUINT64_CONSTANT(0xaa06b67d10de6923));
  CU_ASSERT_EQUAL(rng.s[1], G_GUINT64_CONSTANT(0xbb88c18a88d0fda1));
  CU_ASSERT_EQUAL(rng.s[2], G_GUINT64_CONSTANT(0xc9086f5d8532bdf9));
  CU_ASSERT_EQUAL(rng.s[3], G_GUINT64_CONSTANT(0x7a5757ca3b8843da));
  CU_ASSERT_EQUAL(sim_rng_next(&rng), G_GUINT64_CONSTANT(0x8502ad065e4aa974));
  CU_ASSERT_EQUAL(sim_rng_next(&rng), G_GUINT64_CONSTANT(0xc92af391c9a55085));
  CU_ASSERT_EQUAL(sim_rng_next(&rng), G_GUINT64_CONSTANT(0x8f1a0149c5c6e550));
  CU_ASSERT_EQUAL(sim_rng_next(&rng), G_GUINT64_CONSTANT(0x55a81353bcfafdc9));
  CU_ASSERT_EQUAL(sim_rng_hash_uniform(42, 7, 3, 0, G_MAXUINT64),
                  G_GUINT64_CONSTANT(0xaa06b67d10de6923));
  CU_ASSERT_EQUAL(sim_rng_hash_uniform(42, 7, 3, 1, G_MAXUINT64),
                  G_GUINT64_CONSTANT(0x9e8fc7c595504adc));
  CU_ASSERT_EQUAL(sim_rng_hash_uniform(42, 7, 3, 2, G_MAXUINT64),
                  G_GUINT64_CONSTANT(0x75abe5505f6fe3ff));
  static const guint64 bounded[] = {664, 619, 459, 57, 217};
  for (guint c = 0; c < G_N_ELEMENTS(bounded); c++)
    CU_ASSERT_EQUAL(sim_rng_hash_uniform(42, 7, 3, c, 999), bounded[c]);
}

static void
test_same_inputs_same_stream(void)
{
  SimRng a, b;
  sim_rng_init(&a, 12345, 678, 2);
  sim_rng_init(&b, 12345, 678, 2);
  CU_ASSERT_EQUAL(memcmp(&a, &b, sizeof a), 0);
  gboolean same = TRUE;
  for (int i = 0; i < 10000; i++)
    same &= sim_rng_next(&a) == sim_rng_next(&b);
  CU_ASSERT_TRUE(same);
  /* A stream does not depend on others created or drawn from meanwhile. */
  SimRng c, other;
  sim_rng_init(&c, 12345, 678, 2);
  for (int i = 0; i < 100; i++) {
    sim_rng_init(&other, 12345, 679, 2);
    sim_rng_next(&other);
  }
  sim_rng_init(&a, 12345, 678, 2);
  same = TRUE;
  for (int i = 0; i < 1000; i++)
    same &= sim_rng_next(&a) == sim_rng_next(&c);
  CU_ASSERT_TRUE(same);
}

/* Every (seed, index, stream) on a grid gives its own stream: the first
 * outputs are pairwise distinct, including swapped index and stream. */
static void
test_distinct_streams(void)
{
  enum { SEEDS = 16, INDICES = 32, STREAMS = 8, N = SEEDS * INDICES * STREAMS };
  guint64 *first = g_new(guint64, N), *state0 = g_new(guint64, N);
  gsize n = 0;
  for (guint64 seed = 0; seed < SEEDS; seed++)
    for (guint64 index = 0; index < INDICES; index++)
      for (guint64 stream = 0; stream < STREAMS; stream++) {
        SimRng rng;
        sim_rng_init(&rng, seed, index, stream);
        CU_ASSERT_FALSE(rng.s[0] == 0 && rng.s[1] == 0 && rng.s[2] == 0 && rng.s[3] == 0);
        state0[n] = rng.s[0];
        first[n++] = sim_rng_next(&rng);
      }
  CU_ASSERT_TRUE(all_distinct(first, n));
  CU_ASSERT_TRUE(all_distinct(state0, n));
  g_free(first);
  g_free(state0);

  SimRng a, b;
  sim_rng_init(&a, 5, 1, 0);
  sim_rng_init(&b, 5, 0, 1);
  CU_ASSERT_NOT_EQUAL(sim_rng_next(&a), sim_rng_next(&b));
  sim_rng_init(&a, 1, 0, 0);
  sim_rng_init(&b, 0, 1, 0);
  CU_ASSERT_NOT_EQUAL(sim_rng_next(&a), sim_rng_next(&b));
  sim_rng_init(&a, G_MAXUINT64, G_MAXUINT64, G_MAXUINT64);
  sim_rng_init(&b, G_MAXUINT64, G_MAXUINT64, G_MAXUINT64 - 1);
  CU_ASSERT_NOT_EQUAL(sim_rng_next(&a), sim_rng_next(&b));
}

/* Neighbouring streams are uncorrelated (Pearson r over 100k pairs). */
static void
test_streams_uncorrelated(void)
{
  enum { N = 100000 };
  SimRng a, b;
  sim_rng_init(&a, 2024, 0, 0);
  sim_rng_init(&b, 2024, 1, 0);
  double sa = 0, sb = 0, saa = 0, sbb = 0, sab = 0;
  for (int i = 0; i < N; i++) {
    double x = (double)(sim_rng_next(&a) >> 11) * 0x1.0p-53;
    double y = (double)(sim_rng_next(&b) >> 11) * 0x1.0p-53;
    sa += x, sb += y, saa += x * x, sbb += y * y, sab += x * y;
  }
  double cov = sab / N - (sa / N) * (sb / N);
  double r =
      cov / sqrt((saa / N - (sa / N) * (sa / N)) * (sbb / N - (sb / N) * (sb / N)));
  CU_ASSERT_TRUE(fabs(r) < 0.02); /* sd ~0.003 */
  CU_ASSERT_TRUE(fabs(sa / N - 0.5) < 0.01);
}

static void
test_uniform_bounds(void)
{
  SimRng rng;
  sim_rng_init(&rng, 1, 2, 3);
  gboolean ok = TRUE;
  for (int i = 0; i < 1000; i++)
    ok &= sim_rng_uniform(&rng, 0) == 0;
  CU_ASSERT_TRUE(ok);

  guint64 seen[7] = {0};
  ok = TRUE;
  for (int i = 0; i < 7000; i++) {
    guint64 v = sim_rng_uniform(&rng, 6);
    ok &= v <= 6;
    if (v <= 6)
      seen[v]++;
  }
  CU_ASSERT_TRUE(ok);
  for (int v = 0; v <= 6; v++)
    CU_ASSERT_TRUE(seen[v] > 800); /* ~1000 each; the bound itself is reached */

  /* The full range: no rejection, the raw generator output. */
  SimRng copy = rng;
  ok = TRUE;
  for (int i = 0; i < 1000; i++)
    ok &= sim_rng_uniform(&rng, G_MAXUINT64) == sim_rng_next(&copy);
  CU_ASSERT_TRUE(ok);

  /* Near the top of the range. */
  static const guint64 bounds[] = {G_MAXUINT64 - 1,
                                   G_GUINT64_CONSTANT(1) << 63,
                                   (G_GUINT64_CONSTANT(1) << 63) - 1,
                                   1,
                                   2,
                                   1000000};
  for (guint b = 0; b < G_N_ELEMENTS(bounds); b++) {
    gboolean in = TRUE, upper_half = FALSE, lower_half = FALSE;
    for (int i = 0; i < 2000; i++) {
      guint64 v = sim_rng_uniform(&rng, bounds[b]);
      in &= v <= bounds[b];
      upper_half |= v > bounds[b] / 2;
      lower_half |= v <= bounds[b] / 2;
    }
    CU_ASSERT_TRUE(in);
    CU_ASSERT_TRUE(upper_half && lower_half);
  }
}

/* A bound of ~2/3 of 2^64: a plain modulo would make the lower half of the
 * range twice as likely as the upper (P(v < range/2) = 2/3 instead of 1/2). */
static void
test_uniform_no_modulo_bias(void)
{
  enum { N = 100000 };
  const guint64 bound = G_GUINT64_CONSTANT(0xaaaaaaaaaaaaaaaa);
  SimRng rng;
  sim_rng_init(&rng, 77, 0, 0);
  guint below = 0;
  gboolean in = TRUE;
  for (int i = 0; i < N; i++) {
    guint64 v = sim_rng_uniform(&rng, bound);
    in &= v <= bound;
    below += v < bound / 2;
  }
  CU_ASSERT_TRUE(in);
  CU_ASSERT_DOUBLE_EQUAL((double)below / N, 0.5, 0.01); /* sd 0.0016 */
}

static void
test_uniform_chi_square(void)
{
  SimRng rng;
  sim_rng_init(&rng, 31337, 0, 1);
  guint64 c10[10] = {0};
  for (int i = 0; i < 100000; i++)
    c10[sim_rng_uniform(&rng, 9)]++;
  CU_ASSERT_TRUE(chi_square(c10, 10, 100000) < 40); /* df 9, p ~ 1e-5 */

  guint64 c256[256] = {0}, hi[256] = {0}, lo[256] = {0};
  for (int i = 0; i < 256000; i++) {
    c256[sim_rng_uniform(&rng, 255)]++;
    guint64 r = sim_rng_next(&rng);
    hi[r >> 56]++;
    lo[r & 0xff]++;
  }
  CU_ASSERT_TRUE(chi_square(c256, 256, 256000) < 400); /* df 255, mean 255, sd 23 */
  CU_ASSERT_TRUE(chi_square(hi, 256, 256000) < 400);
  CU_ASSERT_TRUE(chi_square(lo, 256, 256000) < 400);
}

static void
test_exponential(void)
{
  enum { N = 200000 };
  SimRng rng, again;
  sim_rng_init(&rng, 4242, 1, 0);
  sim_rng_init(&again, 4242, 1, 0);
  const gint64 mean = 1000;
  double sum = 0, sum2 = 0;
  guint above = 0, zeros = 0;
  gboolean nonneg = TRUE, deterministic = TRUE;
  for (int i = 0; i < N; i++) {
    gint64 v = sim_rng_exponential(&rng, mean);
    deterministic &= v == sim_rng_exponential(&again, mean);
    nonneg &= v >= 0;
    sum += (double)v;
    sum2 += (double)v * (double)v;
    above += v > mean;
    zeros += v == 0;
  }
  CU_ASSERT_TRUE(nonneg);
  CU_ASSERT_TRUE(deterministic);
  double m = sum / N, var = sum2 / N - m * m;
  CU_ASSERT_DOUBLE_EQUAL(m, 1000.0, 10.0); /* 1%, sd 0.22% */
  /* Exponential, not uniform on [0, 2 mean]: variance = mean^2. */
  CU_ASSERT_DOUBLE_EQUAL(var / (1000.0 * 1000.0), 1.0, 0.04);
  CU_ASSERT_DOUBLE_EQUAL((double)above / N, exp(-1.0), 0.006);
  CU_ASSERT_TRUE(zeros > 0 && zeros < N / 500); /* P(v = 0) = 1 - e^-0.0005 */

  /* A mean in microseconds as the model uses it (60 s). */
  const gint64 big = 60 * G_GINT64_CONSTANT(1000000);
  sum = 0;
  for (int i = 0; i < N / 2; i++)
    sum += (double)sim_rng_exponential(&rng, big);
  CU_ASSERT_DOUBLE_EQUAL(sum / (N / 2) / (double)big, 1.0, 0.015);

  /* Smallest mean: still >= 0. */
  nonneg = TRUE;
  for (int i = 0; i < 10000; i++)
    nonneg &= sim_rng_exponential(&rng, 1) >= 0;
  CU_ASSERT_TRUE(nonneg);
}

/* A huge mean saturates at G_MAXINT64 / 2 instead of overflowing. */
static void
test_exponential_saturates(void)
{
  SimRng rng;
  sim_rng_init(&rng, 9, 9, 9);
  gboolean in = TRUE;
  guint capped = 0;
  for (int i = 0; i < 1000; i++) {
    gint64 v = sim_rng_exponential(&rng, G_MAXINT64);
    in &= v >= 0 && v <= G_MAXINT64 / 2;
    capped += v == G_MAXINT64 / 2;
  }
  CU_ASSERT_TRUE(in);
  CU_ASSERT_TRUE(capped > 400); /* P(-ln u > 0.5) = e^-0.5 = 0.61 */
}

static void
test_hash_bounds(void)
{
  gboolean zero = TRUE, in = TRUE;
  guint64 seen[7] = {0};
  for (guint64 c = 0; c < 7000; c++) {
    zero &= sim_rng_hash_uniform(3, 4, 5, c, 0) == 0;
    guint64 v = sim_rng_hash_uniform(3, 4, 5, c, 6);
    in &= v <= 6;
    if (v <= 6)
      seen[v]++;
  }
  CU_ASSERT_TRUE(zero);
  CU_ASSERT_TRUE(in);
  for (int v = 0; v <= 6; v++)
    CU_ASSERT_TRUE(seen[v] > 800);

  static const guint64 bounds[] = {G_MAXUINT64 - 1, G_GUINT64_CONSTANT(1) << 63, 1};
  for (guint b = 0; b < G_N_ELEMENTS(bounds); b++) {
    gboolean ok = TRUE, upper = FALSE, lower = FALSE;
    for (guint64 c = 0; c < 2000; c++) {
      guint64 v = sim_rng_hash_uniform(3, 4, 5, c, bounds[b]);
      ok &= v <= bounds[b];
      upper |= v > bounds[b] / 2;
      lower |= v <= bounds[b] / 2;
    }
    CU_ASSERT_TRUE(ok);
    CU_ASSERT_TRUE(upper && lower);
  }
  /* The full range is the raw 64-bit draw: it reaches the top half. */
  gboolean top = FALSE;
  for (guint64 c = 0; c < 100; c++)
    top |= sim_rng_hash_uniform(3, 4, 5, c, G_MAXUINT64) > G_MAXUINT64 / 2;
  CU_ASSERT_TRUE(top);
}

/* The counter-th value depends only on (seed, index, stream, counter):
 * not on call order or on other draws; distinct counters give distinct raw
 * values; different inputs give different values. */
static void
test_hash_counter_independent(void)
{
  enum { N = 100000 };
  guint64 *fwd = g_new(guint64, N);
  for (guint64 c = 0; c < N; c++)
    fwd[c] = sim_rng_hash_uniform(11, 22, 1, c, G_MAXUINT64);
  gboolean same = TRUE;
  for (guint64 c = N; c-- > 0;) {
    sim_rng_hash_uniform(11, 23, 1, c, G_MAXUINT64); /* noise between calls */
    same &= sim_rng_hash_uniform(11, 22, 1, c, G_MAXUINT64) == fwd[c];
  }
  CU_ASSERT_TRUE(same);
  /* A bounded draw is a function of the raw one: same order of calls or not. */
  CU_ASSERT_EQUAL(sim_rng_hash_uniform(11, 22, 1, 500, 999),
                  sim_rng_hash_uniform(11, 22, 1, 500, 999));
  CU_ASSERT_TRUE(all_distinct(fwd, N));
  g_free(fwd);

  CU_ASSERT_NOT_EQUAL(sim_rng_hash_uniform(1, 2, 1, 0, G_MAXUINT64),
                      sim_rng_hash_uniform(1, 2, 2, 0, G_MAXUINT64));
  CU_ASSERT_NOT_EQUAL(sim_rng_hash_uniform(1, 2, 1, 0, G_MAXUINT64),
                      sim_rng_hash_uniform(1, 3, 1, 0, G_MAXUINT64));
  CU_ASSERT_NOT_EQUAL(sim_rng_hash_uniform(1, 2, 1, 0, G_MAXUINT64),
                      sim_rng_hash_uniform(2, 2, 1, 0, G_MAXUINT64));
  CU_ASSERT_NOT_EQUAL(sim_rng_hash_uniform(1, 2, 1, 0, G_MAXUINT64),
                      sim_rng_hash_uniform(1, 2, 1, 1, G_MAXUINT64));
  /* The up and down links of one client (streams 1 and 2) differ draw by draw. */
  guint equal = 0;
  for (guint64 c = 0; c < 10000; c++)
    equal +=
        sim_rng_hash_uniform(7, 0, 1, c, 999) == sim_rng_hash_uniform(7, 0, 2, c, 999);
  CU_ASSERT_TRUE(equal < 30); /* ~10 expected by chance */
}

static void
test_hash_chi_square(void)
{
  enum { N = 100000 };
  guint64 c10[10] = {0}, pairs[256] = {0};
  guint64 prev = 0;
  for (guint64 c = 0; c < N; c++) {
    c10[sim_rng_hash_uniform(99, 5, 1, c, 9)]++;
    guint64 v = sim_rng_hash_uniform(99, 5, 2, c, 15);
    if (c > 0)
      pairs[prev * 16 + v]++; /* consecutive counters, jointly */
    prev = v;
  }
  CU_ASSERT_TRUE(chi_square(c10, 10, N) < 40);
  CU_ASSERT_TRUE(chi_square(pairs, 256, N - 1) < 400);
}

int
main(void)
{
  static const TestCase tests[] = {
      {"xoshiro256** known answer from s = {1,2,3,4}", test_xoshiro_known_answer},
      {"seeding and hash pinned (regression)", test_seeding_pinned},
      {"same (seed, index, stream), same sequence", test_same_inputs_same_stream},
      {"distinct seeds, indices and streams differ", test_distinct_streams},
      {"neighbouring streams are uncorrelated", test_streams_uncorrelated},
      {"uniform stays within [0, bound]", test_uniform_bounds},
      {"uniform has no modulo bias", test_uniform_no_modulo_bias},
      {"uniform chi-square", test_uniform_chi_square},
      {"exponential mean, variance and tail", test_exponential},
      {"exponential saturates on a huge mean", test_exponential_saturates},
      {"hash_uniform bounds", test_hash_bounds},
      {"hash_uniform is counter-independent and deterministic",
       test_hash_counter_independent},
      {"hash_uniform chi-square, alone and in pairs", test_hash_chi_square},
      {NULL, NULL},
  };
  return test_run_suite("rng", tests);
}

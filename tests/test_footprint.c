/* test_footprint.c: a scenario's size counted from its client groups. */
#include "testutil.h"

#include "chatsim/footprint.h"

#include <string.h>

static SimClientSpec *
spec(const char *name, guint count, const char *join, gboolean spread)
{
  SimClientSpec *s = sim_client_spec_new(name);
  s->count = count;
  g_strfreev(s->channels);
  s->channels = g_strsplit(join, ",", -1);
  s->spread = spread;
  return s;
}

/* Clients, distinct channels (case ignored) and memberships (one per
 * member for a spread range); the first group over each limit. */
static void
test_measure(void)
{
  g_setenv("CHATSIM_MEMORY_AVAILABLE", "1000000", TRUE);
  GPtrArray *specs = g_ptr_array_new_with_free_func((GDestroyNotify)sim_client_spec_free);
  g_ptr_array_add(specs, spec("a", 10, "#x,#y", FALSE));
  g_ptr_array_add(specs, spec("b", 5, "#X,#r1,#r2", TRUE));
  g_ptr_array_add(specs, spec("c", 100, "#z", FALSE));
  SimFootprint f;
  sim_footprint_measure(specs, 50, 1, &f);
  CU_ASSERT_EQUAL(f.clients, 115);
  CU_ASSERT_EQUAL(f.channels, 5);
  CU_ASSERT_EQUAL(f.memberships, 10 * 2 + 5 + 100);
  CU_ASSERT_EQUAL(f.bytes, sim_model_bytes(115, 5, 125));
  CU_ASSERT_EQUAL(f.available, 1000000);
  CU_ASSERT_STRING_EQUAL(f.source, "CHATSIM_MEMORY_AVAILABLE");
  CU_ASSERT_EQUAL(f.too_many, 2);
  CU_ASSERT_EQUAL(f.too_many_clients, 115);
  CU_ASSERT_EQUAL(f.too_large, G_MAXUINT);
  g_setenv("CHATSIM_MEMORY_AVAILABLE", "1000", TRUE);
  sim_footprint_measure(specs, 1000, 1, &f);
  CU_ASSERT_EQUAL(f.too_many, G_MAXUINT);
  CU_ASSERT_EQUAL(f.too_large, 0);
  /* Two models at once: the group that passes half of what is available. */
  guint64 ab = sim_model_bytes(15, 4, 25), abc = sim_model_bytes(115, 5, 125);
  g_autofree char *between = g_strdup_printf("%" G_GUINT64_FORMAT, (ab + abc) / 2 * 2);
  g_setenv("CHATSIM_MEMORY_AVAILABLE", between, TRUE);
  sim_footprint_measure(specs, 1000, 1, &f);
  CU_ASSERT_EQUAL(f.too_large, G_MAXUINT);
  sim_footprint_measure(specs, 1000, 2, &f);
  CU_ASSERT_EQUAL(f.models, 2);
  CU_ASSERT_EQUAL(f.bytes, abc); /* one model's */
  CU_ASSERT_EQUAL(f.too_large, 2);
  g_unsetenv("CHATSIM_MEMORY_AVAILABLE");
  const char *source = NULL;
  guint64 real = sim_footprint_available(&source);
  if (g_file_test("/proc/meminfo", G_FILE_TEST_EXISTS)) {
    CU_ASSERT_TRUE(real > 0);
    CU_ASSERT_STRING_EQUAL(source, "MemAvailable in /proc/meminfo");
  }
  g_ptr_array_unref(specs);
}

static void
test_format(void)
{
  const struct {
    guint64 bytes;
    const char *text;
  } cases[] = {{0, "0 bytes"},
               {1023, "1023 bytes"},
               {1536, "1.5 KiB"},
               {G_GUINT64_CONSTANT(37440000224), "34.9 GiB"}};
  for (gsize i = 0; i < G_N_ELEMENTS(cases); i++) {
    char *text = sim_footprint_format_bytes(cases[i].bytes);
    CU_ASSERT_STRING_EQUAL(text, cases[i].text);
    g_free(text);
  }
}

int
main(void)
{
  static const TestCase tests[] = {
      {"clients, channels, memberships and limits", test_measure},
      {"bytes for people", test_format},
      {NULL, NULL},
  };
  return test_run_suite("footprint", tests);
}

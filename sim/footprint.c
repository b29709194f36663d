/* footprint.c: a scenario's size before its run, and the memory at hand. */
#include "chatsim/footprint.h"

#include <string.h>
#include <unistd.h>

guint64
sim_footprint_available(const char **source)
{
  guint64 bytes = 0;
  const char *env = g_getenv("CHATSIM_MEMORY_AVAILABLE");
  *source = "CHATSIM_MEMORY_AVAILABLE";
  if (env != NULL && g_ascii_string_to_unsigned(env, 10, 1, G_MAXUINT64, &bytes, NULL))
    return bytes;
  char *meminfo = NULL;
  *source = "MemAvailable in /proc/meminfo";
  if (g_file_get_contents("/proc/meminfo", &meminfo, NULL, NULL)) {
    const char *line = strstr(meminfo, "MemAvailable:");
    guint64 kb = line ? g_ascii_strtoull(line + strlen("MemAvailable:"), NULL, 10) : 0;
    g_free(meminfo);
    if (kb > 0)
      return kb * 1024;
  }
  *source = "free pages";
  long pages = sysconf(_SC_AVPHYS_PAGES), page = sysconf(_SC_PAGESIZE);
  return pages > 0 && page > 0 ? (guint64)pages * (guint64)page : 0;
}

char *
sim_footprint_format_bytes(guint64 bytes)
{
  static const char *const units[] = {"bytes", "KiB", "MiB", "GiB", "TiB", "PiB"};
  double v = (double)bytes;
  guint u = 0;
  while (v >= 1024 && u + 1 < G_N_ELEMENTS(units))
    v /= 1024, u++;
  return u == 0 ? g_strdup_printf("%" G_GUINT64_FORMAT " bytes", bytes)
                : g_strdup_printf("%.1f %s", v, units[u]);
}

void
sim_footprint_measure(const GPtrArray *specs, guint64 max_clients, guint models,
                      SimFootprint *out)
{
  *out = (SimFootprint){.too_many = G_MAXUINT, .too_large = G_MAXUINT, .models = models};
  out->available = sim_footprint_available(&out->source);
  /* Never iterated: only its size counts. */
  GHashTable *channels = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
  for (guint i = 0; i < specs->len; i++) {
    const SimClientSpec *spec = g_ptr_array_index(specs, i);
    out->clients += spec->count;
    guint n = 0;
    for (char **ch = spec->channels; *ch != NULL; ch++, n++)
      g_hash_table_add(channels, g_ascii_strdown(*ch, -1));
    /* A #room{A..B} range puts each member in one channel. */
    out->memberships += spec->spread ? spec->count : (guint64)spec->count * n;
    out->channels = g_hash_table_size(channels);
    out->bytes = sim_model_bytes(out->clients, out->channels, out->memberships);
    if (out->clients > max_clients && out->too_many == G_MAXUINT) {
      out->too_many = i;
      out->too_many_clients = out->clients;
    }
    if (out->available > 0 && out->bytes > out->available / MAX(models, 1) &&
        out->too_large == G_MAXUINT)
      out->too_large = i;
  }
  g_hash_table_unref(channels);
}

/* value.c: the value syntaxes of a scenario file, word by word. */
#include "chatsim/value.h"

#include "chatsim/duration.h"
#include "chatsim/ini.h"

#include <string.h>

G_DEFINE_QUARK(chatsim_value_error, sim_value_error)

#define MAX_CHANNEL_NAME 50

static gboolean
valid_channel(const char *name)
{
  if (name[0] != '#' || name[1] == '\0' || strlen(name) > MAX_CHANNEL_NAME)
    return FALSE;
  for (const char *p = name + 1; *p; p++)
    if (g_ascii_isspace(*p) || g_ascii_iscntrl(*p) || *p == ',' || *p == '#')
      return FALSE;
  return TRUE;
}

#define MAX_SPREAD 1000000

/* Name K of a range, or NULL (with the error) when it is not a channel
 * name. */
static char *
range_name(const char *value, const char *prefix, guint64 k, const char *suffix,
           GError **error)
{
  char *name = g_strdup_printf("%s%" G_GUINT64_FORMAT "%s", prefix, k, suffix);
  if (valid_channel(name))
    return name;
  g_set_error(error, SIM_VALUE_ERROR, SIM_VALUE_ERROR_INVALID,
              "'%s' makes '%s', which is not a channel name; accepted: '#' and 1 to %d "
              "characters without spaces, commas or '#'",
              value, name, MAX_CHANNEL_NAME - 1);
  g_free(name);
  return NULL;
}

/* "#room{1..100}": member K of the group joins #room<((K-1) mod 100) + 1>,
 * so one group fills many channels evenly. */
static gboolean
join_range(const char *value, SimClientSpec *spec, GError **error)
{
  const char *open = strchr(value, '{');
  const char *dots = strstr(open, "..");
  const char *close = dots ? strchr(dots, '}') : NULL;
  guint64 from = 0, to = 0;
  gboolean ok = strchr(value, ',') == NULL && dots != NULL && close != NULL &&
                strchr(close + 1, '{') == NULL;
  if (ok) {
    char *a = g_strndup(open + 1, (gsize)(dots - open - 1));
    char *b = g_strndup(dots + 2, (gsize)(close - dots - 2));
    ok = g_ascii_string_to_unsigned(a, 10, 0, G_MAXUINT32, &from, NULL) &&
         g_ascii_string_to_unsigned(b, 10, 0, G_MAXUINT32, &to, NULL) && from <= to &&
         to - from < MAX_SPREAD;
    g_free(a);
    g_free(b);
  }
  if (!ok) {
    g_set_error(
        error, SIM_VALUE_ERROR, SIM_VALUE_ERROR_INVALID,
        "'%s' is not a channel range; accepted: one PREFIX{A..B}SUFFIX alone, A <= B "
        "whole numbers, at most %d channels, e.g. join = #room{1..100}",
        value, MAX_SPREAD);
    return FALSE;
  }
  char *prefix = g_strndup(value, (gsize)(open - value));
  GPtrArray *names = g_ptr_array_new_with_free_func(g_free);
  /* Member K joins channel (K - 1) mod R of the range, so a group of
   * `count` < R members uses only the first `count`: the others are never
   * made (a hostile {1..999999} per group would cost gigabytes first).
   * The range's last name is checked all the same, so the errors do not
   * depend on the count. */
  guint64 last =
      spec->count >= 1 && spec->count - 1 < to - from ? from + spec->count - 1 : to;
  if (last < to) {
    char *name = range_name(value, prefix, to, close + 1, error);
    ok = name != NULL;
    g_free(name);
  }
  for (guint64 k = from; ok && k <= last; k++) {
    char *name = range_name(value, prefix, k, close + 1, error);
    ok = name != NULL;
    if (ok)
      g_ptr_array_add(names, name);
  }
  g_free(prefix);
  if (!ok) {
    g_ptr_array_unref(names);
    return FALSE;
  }
  g_ptr_array_add(names, NULL);
  g_strfreev(spec->channels);
  spec->channels = (char **)g_ptr_array_free(names, FALSE);
  spec->spread = TRUE;
  return TRUE;
}

/* The comma-separated items of `value`, blanks around each removed. By
 * hand, not g_strsplit: its strstr on the rest of the text costs a
 * sanitizer build a strlen per item, quadratic on a list of 100k. */
static char **
split_commas(const char *value)
{
  GPtrArray *items = g_ptr_array_new();
  for (const char *start = value, *p = value;; p++)
    if (*p == ',' || *p == '\0') {
      g_ptr_array_add(items, g_strstrip(g_strndup(start, (gsize)(p - start))));
      if (*p == '\0')
        break;
      start = p + 1;
    }
  g_ptr_array_add(items, NULL);
  return (char **)g_ptr_array_free(items, FALSE);
}

/* Whether `name` is among `names` already, case ignored (RFC 2812 1.3);
 * adds it if not. A scan for a few names, a table (made when first
 * needed, never iterated) past that: a list of 100k channels stays linear. */
static gboolean
listed_before(GPtrArray *names, GHashTable **seen, const char *name)
{
  if (*seen == NULL && names->len < 16) {
    sim_ini_step(names->len);
    for (guint i = 0; i < names->len; i++)
      if (g_ascii_strcasecmp(g_ptr_array_index(names, i), name) == 0)
        return TRUE;
    g_ptr_array_add(names, g_strdup(name));
    return FALSE;
  }
  if (*seen == NULL) {
    *seen = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    for (guint i = 0; i < names->len; i++)
      g_hash_table_add(*seen, g_ascii_strdown(g_ptr_array_index(names, i), -1));
  }
  sim_ini_step(1);
  if (!g_hash_table_add(*seen, g_ascii_strdown(name, -1)))
    return TRUE;
  g_ptr_array_add(names, g_strdup(name));
  return FALSE;
}

gboolean
sim_value_join(const char *value, SimClientSpec *spec, GError **error)
{
  if (strchr(value, '{') != NULL)
    return join_range(value, spec, error);
  char **parts = split_commas(value);
  GPtrArray *names = g_ptr_array_new_with_free_func(g_free);
  GHashTable *seen = NULL;
  gboolean ok = TRUE;
  gboolean empty = *value == '\0';
  for (char **p = parts; ok && !empty && *p; p++) {
    const char *name = *p;
    if (!valid_channel(name)) {
      g_set_error(
          error, SIM_VALUE_ERROR, SIM_VALUE_ERROR_INVALID,
          "'%s' is not a channel name; accepted: '#' and 1 to %d characters without "
          "spaces, commas or '#', e.g. #lobby",
          name, MAX_CHANNEL_NAME - 1);
      ok = FALSE;
    } else if (listed_before(names, &seen, name)) {
      g_set_error(error, SIM_VALUE_ERROR, SIM_VALUE_ERROR_INVALID, "%s is listed twice",
                  name);
      ok = FALSE;
    }
  }
  if (seen != NULL)
    g_hash_table_unref(seen);
  if (ok) {
    g_ptr_array_add(names, NULL);
    g_strfreev(spec->channels);
    spec->channels = (char **)g_ptr_array_free(names, FALSE);
  } else
    g_ptr_array_unref(names);
  g_strfreev(parts);
  return ok;
}

static const char talk_accepted[] = "accepted: never, every D, poisson MEAN, at T1, T2, "
                                    "... (D, MEAN and T are durations)";

/* What follows `word` and blank space at the start of `value` (any case),
 * or NULL. */
static const char *
after_word(const char *value, const char *word)
{
  gsize n = strlen(word);
  if (g_ascii_strncasecmp(value, word, n) != 0 || !g_ascii_isspace(value[n]))
    return NULL;
  value += n;
  while (g_ascii_isspace(*value))
    value++;
  return value;
}

gboolean
sim_value_talk(const char *value, SimClientSpec *spec, GError **error)
{
  gboolean ok = TRUE;
  const char *arg = NULL;
  const char *list = NULL;
  if (g_ascii_strcasecmp(value, "never") == 0)
    spec->talk = SIM_TALK_NEVER;
  else if ((arg = after_word(value, "every")) != NULL)
    spec->talk = SIM_TALK_EVERY;
  else if ((arg = after_word(value, "poisson")) != NULL)
    spec->talk = SIM_TALK_POISSON;
  else if ((list = after_word(value, "at")) != NULL) {
    spec->talk = SIM_TALK_AT;
    char **times = split_commas(list);
    for (char **t = times; ok && *t; t++) {
      SimTime at;
      GError *local = NULL;
      if (!sim_duration_parse(*t, &at, &local)) {
        g_set_error(error, SIM_VALUE_ERROR, SIM_VALUE_ERROR_INVALID, "at: %s",
                    local->message);
        g_error_free(local);
        ok = FALSE;
      } else if (spec->talk_at->len > 0 &&
                 at < g_array_index(spec->talk_at, SimTime, spec->talk_at->len - 1)) {
        g_set_error(
            error, SIM_VALUE_ERROR, SIM_VALUE_ERROR_INVALID,
            "at: '%s' comes before the time listed ahead of it; list times in order", *t);
        ok = FALSE;
      } else
        g_array_append_val(spec->talk_at, at);
    }
    g_strfreev(times);
  } else {
    g_set_error(error, SIM_VALUE_ERROR, SIM_VALUE_ERROR_INVALID,
                "'%s' is not a talk schedule; %s", value, talk_accepted);
    ok = FALSE;
  }
  if (ok && arg != NULL) {
    GError *local = NULL;
    if (!sim_duration_parse(arg, &spec->talk_period, &local)) {
      g_set_error(error, SIM_VALUE_ERROR, SIM_VALUE_ERROR_INVALID, "%s: %s",
                  spec->talk == SIM_TALK_EVERY ? "every" : "poisson", local->message);
      g_error_free(local);
      ok = FALSE;
    } else if (spec->talk_period == 0) {
      g_set_error(error, SIM_VALUE_ERROR, SIM_VALUE_ERROR_INVALID,
                  "'%s': the %s must be longer than 0", value,
                  spec->talk == SIM_TALK_EVERY ? "period" : "mean");
      ok = FALSE;
    }
  }
  return ok;
}

gboolean
sim_value_keepalive(const char *value, SimTime *out, GError **error)
{
  gboolean ok = TRUE;
  if (g_ascii_strcasecmp(value, "off") == 0)
    *out = 0;
  else {
    GError *local = NULL;
    ok = sim_duration_parse(value, out, &local);
    if (!ok) {
      g_set_error(error, SIM_VALUE_ERROR, SIM_VALUE_ERROR_INVALID, "%s, or off",
                  local->message);
      g_error_free(local);
    } else if (*out == 0) {
      g_set_error(error, SIM_VALUE_ERROR, SIM_VALUE_ERROR_INVALID,
                  "must be longer than 0; to turn it off, say off");
      ok = FALSE;
    }
  }
  return ok;
}

/* ASCII on purpose: the message must read the same in any locale. */
static const char expect_accepted[] = "accepted: connected, quit, or disconnected [at "
                                      "TIME[+-TOL]] [by recv-idle|ping-timeout]";

/* "disconnected at 600.04s±50ms by recv-idle", word by word. */
gboolean
sim_value_expectation(const char *value, SimExpectation *e, GError **error)
{
  char **words = g_strsplit_set(value, " \t", -1);
  GPtrArray *w = g_ptr_array_new();
  for (char **p = words; *p; p++)
    if (**p)
      g_ptr_array_add(w, *p);
  gboolean ok = w->len > 0;
  const char *first = ok ? g_ptr_array_index(w, 0) : "";
  if (ok && w->len == 1 && g_ascii_strcasecmp(first, "connected") == 0)
    e->outcome = SIM_OUTCOME_CONNECTED;
  else if (ok && w->len == 1 && g_ascii_strcasecmp(first, "quit") == 0)
    e->outcome = SIM_OUTCOME_QUIT;
  else if (ok && g_ascii_strcasecmp(first, "disconnected") == 0) {
    e->outcome = SIM_OUTCOME_DISCONNECTED;
    guint i = 1;
    if (i < w->len && g_ascii_strcasecmp(g_ptr_array_index(w, i), "at") == 0) {
      ok = i + 1 < w->len;
      if (ok) {
        char *at = g_strdup(g_ptr_array_index(w, i + 1));
        char *tol = strstr(at, "\xc2\xb1");
        gsize skip = 2;
        if (tol == NULL) {
          tol = strstr(at, "+-");
          skip = 2;
        }
        if (tol != NULL) {
          *tol = '\0';
          tol += skip;
        }
        GError *local = NULL;
        e->has_at = TRUE;
        ok = sim_duration_parse(at, &e->at, &local) &&
             (tol == NULL || sim_duration_parse(tol, &e->tolerance, &local));
        if (local != NULL) {
          g_set_error(error, SIM_VALUE_ERROR, SIM_VALUE_ERROR_INVALID, "'%s': %s", value,
                      local->message);
          g_error_free(local);
          g_free(at);
          goto out;
        }
        g_free(at);
      }
      i += 2;
    }
    if (ok && i < w->len && g_ascii_strcasecmp(g_ptr_array_index(w, i), "by") == 0) {
      ok = i + 1 < w->len;
      const char *reason = ok ? g_ptr_array_index(w, i + 1) : "";
      if (g_ascii_strcasecmp(reason, "recv-idle") == 0)
        e->reason = SIM_REASON_RECV_IDLE;
      else if (g_ascii_strcasecmp(reason, "ping-timeout") == 0)
        e->reason = SIM_REASON_PING_TIMEOUT;
      else
        ok = FALSE;
      i += 2;
    }
    ok = ok && i == w->len;
  } else
    ok = FALSE;
  if (!ok)
    g_set_error(error, SIM_VALUE_ERROR, SIM_VALUE_ERROR_INVALID,
                "'%s' is not an expectation; %s", value, expect_accepted);
out:
  g_ptr_array_unref(w);
  g_strfreev(words);
  return ok;
}

/* scenario_group.c: the keys of one scenario group, value by value: each
 * is parsed and its error recorded at its place, for scenario.c. */
#include "chatsim/scenario_group.h"

#include "chatsim/duration.h"
#include "chatsim/profile.h"

#include <string.h>

void
sim_scenario_group_fail(const SimScenarioGroup *g, SimScenarioError code, const char *key,
                        const char *format, ...)
{
  va_list args;
  va_start(args, format);
  char *message = g_strdup_vprintf(format, args);
  va_end(args);
  char *where = g_strdup_printf("[%s] %s", g->group->name, key);
  char *cut = sim_ini_quote(where);
  const SimIniKey *k = sim_ini_key(g->group, key);
  GString *text = g_string_new(message);
  /* The whole value, even with a quote inside, is never echoed uncut. */
  if (k != NULL && strlen(k->value) > SIM_INI_QUOTE_MAX) {
    char *value = sim_ini_quote(k->value);
    g_string_replace(text, k->value, value, 0);
    g_free(value);
  }
  /* "1h #one hour": a comment mark that was not taken for one. */
  if (code == SIM_SCENARIO_ERROR_VALUE && k != NULL && k->set == 0 &&
      (strchr(k->value, ';') != NULL ||
       (strchr(k->value, '#') != NULL && strcmp(key, "join") != 0)))
    g_string_append(text, " (a comment after a value starts with # or ; with a blank on "
                          "both sides: 'key = value  # comment')");
  SimDiagPlace at =
      k ? (SimDiagPlace){k->line, k->set} : (SimDiagPlace){g->group->line, g->group->set};
  sim_diag_fail(g->diag, code, at, cut, "%s", text->str);
  g_string_free(text, TRUE);
  g_free(cut);
  g_free(where);
  g_free(message);
}

char *
sim_scenario_group_copy(const SimScenarioGroup *g, const char *key, gboolean *present)
{
  const SimIniKey *k = sim_ini_key(g->group, key);
  *present = k != NULL;
  return k ? g_strdup(k->value) : NULL;
}

gboolean
sim_scenario_group_get(const SimScenarioGroup *g, const char *key, SimScenarioParse parse,
                       gpointer out, gboolean *present)
{
  const SimIniKey *k = sim_ini_key(g->group, key);
  if (present != NULL)
    *present = k != NULL;
  GError *local = NULL;
  if (k == NULL || parse(k->value, out, &local))
    return TRUE;
  sim_scenario_group_fail(g, SIM_SCENARIO_ERROR_VALUE, key, "%s", local->message);
  g_error_free(local);
  return FALSE;
}

gboolean
sim_scenario_group_duration(const char *value, gpointer out, GError **error)
{
  return sim_duration_parse(value, out, error);
}

gboolean
sim_scenario_group_keepalive(const char *value, gpointer out, GError **error)
{
  return sim_value_keepalive(value, out, error);
}

gboolean
sim_scenario_group_yes_no(const char *value, gpointer out, GError **error)
{
  return sim_profile_parse_yes_no(value, out, error);
}

gboolean
sim_scenario_group_join(const char *value, gpointer out, GError **error)
{
  return sim_value_join(value, out, error);
}

gboolean
sim_scenario_group_talk(const char *value, gpointer out, GError **error)
{
  return sim_value_talk(value, out, error);
}

gboolean
sim_scenario_group_positive_duration(const SimScenarioGroup *g, const char *key,
                                     SimTime *out, gboolean *present)
{
  if (!sim_scenario_group_get(g, key, sim_scenario_group_duration, out, present))
    return FALSE;
  if (*present && *out == 0) {
    sim_scenario_group_fail(g, SIM_SCENARIO_ERROR_VALUE, key, "must be longer than 0");
    return FALSE;
  }
  return TRUE;
}

gboolean
sim_scenario_group_uint(const SimScenarioGroup *g, const char *key, guint64 min,
                        guint64 max, guint64 *out, gboolean *present)
{
  char *value = sim_scenario_group_copy(g, key, present);
  if (!*present)
    return TRUE;
  if (value == NULL)
    return FALSE;
  guint64 v = 0;
  GError *local = NULL;
  gboolean ok = g_ascii_string_to_unsigned(value, 10, min, max, &v, &local);
  if (!ok) {
    sim_scenario_group_fail(g, SIM_SCENARIO_ERROR_VALUE, key,
                            "'%s' is not a whole number from %" G_GUINT64_FORMAT
                            " to %" G_GUINT64_FORMAT,
                            value, min, max);
    g_error_free(local);
  }
  *out = v;
  g_free(value);
  return ok;
}

gboolean
sim_scenario_group_check_client(const SimScenarioGroup *g, const SimClientSpec *spec,
                                gboolean has_start, gboolean has_pong_delay)
{
  SimTime first =
      spec->talk == SIM_TALK_AT ? g_array_index(spec->talk_at, SimTime, 0) : 0;
  SimTime last = spec->talk == SIM_TALK_AT
                     ? g_array_index(spec->talk_at, SimTime, spec->talk_at->len - 1)
                     : 0;
  const char *key = NULL;
  SimScenarioError code = SIM_SCENARIO_ERROR_VALUE;
  SimTime at = 0, other = 0;
  const char *format = NULL;
  if (spec->talk != SIM_TALK_NEVER && spec->channels[0] == NULL) {
    key = sim_ini_key(g->group, "talk") ? "talk" : "join";
    format = "the client talks but joins no channel; add join = #channel or say talk = "
             "never";
  } else if (has_start && spec->talk != SIM_TALK_EVERY &&
             spec->talk != SIM_TALK_POISSON) {
    key = "start", code = SIM_SCENARIO_ERROR_KEY;
    format = "only applies to talk = every D or talk = poisson MEAN";
  } else if (has_start && spec->talk_start < spec->connect) {
    key = "start", at = spec->talk_start, other = spec->connect;
    format = "{at} is before the client connects (connect = {other}); start is a "
             "scenario time";
  } else if (spec->talk == SIM_TALK_AT && first < spec->connect) {
    key = "talk", at = first, other = spec->connect;
    format =
        "at: {at} is before the client connects (connect = {other}); times are scenario "
        "times";
  } else if (spec->quit >= 0 && spec->quit < spec->connect) {
    key = "quit", at = spec->quit, other = spec->connect;
    format =
        "{at} is before the client connects (connect = {other}); quit is a scenario time";
  } else if (spec->quit >= 0 && spec->talk == SIM_TALK_AT && last >= spec->quit) {
    key = "talk", at = last, other = spec->quit;
    format =
        "at: {at} is not before the client quits (quit = {other}); QUIT is its last act, "
        "so list times before quit";
  } else if (has_pong_delay && !spec->pong) {
    key = "pong_delay", code = SIM_SCENARIO_ERROR_KEY;
    format = "has no effect with pong = no (the client never answers); remove it or say "
             "pong = yes";
  }
  if (key == NULL)
    return TRUE;
  /* Formatted only here: a file of 100k clients pays nothing for it. */
  char *a = sim_duration_format_unit(at), *b = sim_duration_format_unit(other);
  GString *message = g_string_new(format);
  g_string_replace(message, "{at}", a, 1);
  g_string_replace(message, "{other}", b, 1);
  sim_scenario_group_fail(g, code, key, "%s", message->str);
  g_string_free(message, TRUE), g_free(a), g_free(b);
  return FALSE;
}

/* profile.c: builds and defaults come from docs/model.md (KB233512, Q158530,
 * the Chat Server SDK's PingDelay); the IRC servers' from their source and
 * the configuration files Debian 12 ships (docs/model.md, "IRC servers"). */
#include "chatsim/profile.h"

#include "chatsim/duration.h"

#include <stdlib.h>
#include <string.h>

G_DEFINE_QUARK(chatsim_profile_error, sim_profile_error)

#define S(x) ((SimTime)(x)*SIM_US_PER_S)
/* Every build shares the Chat Service defaults; only restart_on_send varies. */
#define EXCHANGE55(restart)                                                              \
  {                                                                                      \
    .ping_delay = S(90), .ping_attempts = 2, .reply_window = 0,                          \
    .restart_on_send = (restart), .ping_counts_as_send = FALSE,                          \
    .recv_idle_limit = S(600), .check_interval = 0                                       \
  }
#define EXCHANGE(restart) EXCHANGE55(restart), SIM_SERVER_EXCHANGE, NULL, NULL

static const SimProfile profiles[] = {
    {"5.5.1960.5", "rtm", "Exchange 5.5 RTM", 1960, EXCHANGE(FALSE)},
    {"5.5.2232.18", "sp1", "Exchange 5.5 SP1", 2232, EXCHANGE(FALSE)},
    {"5.5.2448.8", "sp2", "Exchange 5.5 SP2", 2448, EXCHANGE(FALSE)},
    {"5.5.2577.0", NULL, "post-SP2 Chatsvc hotfix (KB233512 bug)", 2577, EXCHANGE(TRUE)},
    {"5.5.2621.0", NULL, "KB233512 fix", 2621, EXCHANGE(FALSE)},
    {"5.5.2650.24", "sp3", "Exchange 5.5 SP3", 2650, EXCHANGE(FALSE)},
    {"5.5.2653.23", "sp4", "Exchange 5.5 SP4", 2653, EXCHANGE(FALSE)},
};

/* The servers keep whole-second time() stamps and check from their event
 * loop; timers are the values of the configuration Debian 12 ships. */
static const SimProfile servers[] = {
    /* conn.c Check_Connections: PING when lastdata < now - PingTimeout,
     * close when lastping < now - PongTimeout; Read_Request takes any data
     * as the answer; login.c Login_User_PostAuth's 1 s penalty. */
    {"ngircd",
     NULL,
     "ngIRCd 26.1",
     0,
     {.ping_delay = S(120),
      .ping_attempts = 1,
      .reply_window = S(20),
      .clock_resolution = S(1),
      .ping_compare = SIM_COMPARE_STRICT,
      .reply_compare = SIM_COMPARE_STRICT,
      .loop_wakeup = S(1),
      .login_penalty = S(1),
      .welcome = SIM_WELCOME_AT_ONCE},
     SIM_SERVER_NGIRCD,
     "PingTimeout",
     "PongTimeout"},
    /* usermanager.cpp CheckPingTimeout, once a second from InspIRCd::Run:
     * PING when now >= nextping; only PONG clears lastping, every command
     * moves nextping (command_parse.cpp); FullConnect on the same tick. */
    {"inspircd",
     NULL,
     "InspIRCd 3.15",
     0,
     {.ping_delay = S(120),
      .ping_attempts = 1,
      .check_interval = S(1),
      .clock_resolution = S(1),
      .loop_wakeup = S(1),
      .ping_answer = SIM_ANSWER_PONG,
      .welcome = SIM_WELCOME_ON_CHECK},
     SIM_SERVER_INSPIRCD,
     "pingfreq",
     "pingfreq"},
    /* client.c check_pings_list, an event every 5 s: PING when
     * now - last_ping > ping_time, close when now - (PING - ping_time) >=
     * 2 * ping_time; packet.c read_packet takes any data as the answer. */
    {"hybrid",
     NULL,
     "ircd-hybrid 8.2.43",
     0,
     {.ping_delay = S(90),
      .ping_attempts = 1,
      .check_interval = S(5),
      .clock_resolution = S(1),
      .ping_compare = SIM_COMPARE_STRICT,
      .loop_wakeup = 500000,
      .welcome = SIM_WELCOME_AT_ONCE},
     SIM_SERVER_HYBRID,
     "ping_time",
     "ping_time"},
};

const SimProfile *
sim_profile_all(gsize *n_profiles)
{
  *n_profiles = G_N_ELEMENTS(profiles);
  return profiles;
}

const SimProfile *
sim_profile_servers(gsize *n_profiles)
{
  *n_profiles = G_N_ELEMENTS(servers);
  return servers;
}

static char *
known_list(void)
{
  GString *s = g_string_new(NULL);
  for (gsize i = 0; i < G_N_ELEMENTS(profiles); i++) {
    g_string_append_printf(s, "%s%s", i ? ", " : "", profiles[i].version);
    if (profiles[i].alias)
      g_string_append_printf(s, " (%s)", profiles[i].alias);
  }
  g_string_append(s, "; or any build 5.5.N[.M] from 5.5.1960 on; or an IRC server:");
  for (gsize i = 0; i < G_N_ELEMENTS(servers); i++)
    g_string_append_printf(s, "%s %s", i ? "," : "", servers[i].version);
  return g_string_free(s, FALSE);
}

static gboolean
parse_number(const char *p, const char **end, guint64 *out)
{
  if (!g_ascii_isdigit(*p))
    return FALSE;
  guint64 v = 0;
  for (; g_ascii_isdigit(*p); p++)
    if (!g_uint64_checked_mul(&v, v, 10) ||
        !g_uint64_checked_add(&v, v, (guint64)(*p - '0')))
      return FALSE;
  *end = p;
  *out = v;
  return TRUE;
}

const SimProfile *
sim_profile_resolve(const char *version, GError **error)
{
  for (gsize i = 0; i < G_N_ELEMENTS(profiles); i++)
    if ((profiles[i].alias && g_ascii_strcasecmp(version, profiles[i].alias) == 0) ||
        strcmp(version, profiles[i].version) == 0)
      return &profiles[i];
  for (gsize i = 0; i < G_N_ELEMENTS(servers); i++)
    if (g_ascii_strcasecmp(version, servers[i].version) == 0)
      return &servers[i];

  guint64 build = 0, rev = 0;
  const char *p = version;
  gboolean ok = g_str_has_prefix(p, "5.5.") && parse_number(p + 4, &p, &build);
  if (ok && *p == '.')
    ok = parse_number(p + 1, &p, &rev);
  ok = ok && *p == '\0';
  const SimProfile *found = NULL;
  for (gsize i = 0; ok && i < G_N_ELEMENTS(profiles); i++)
    if (profiles[i].build <= build)
      found = &profiles[i];
  if (found != NULL)
    return found;
  char *known = known_list();
  if (ok)
    g_set_error(error, SIM_PROFILE_ERROR, SIM_PROFILE_ERROR_UNKNOWN,
                "version '%s' is older than Exchange 5.5 RTM (5.5.1960); known: %s",
                version, known);
  else
    g_set_error(error, SIM_PROFILE_ERROR, SIM_PROFILE_ERROR_UNKNOWN,
                "unknown version '%s'; known: %s", version, known);
  g_free(known);
  return NULL;
}

typedef enum { PARAM_DURATION, PARAM_COUNT, PARAM_BOOL, PARAM_CHOICE } ParamType;

static const char *const compare_names[] = {"inclusive", "strict", NULL};
static const char *const answer_names[] = {"any", "pong", NULL};
static const char *const welcome_names[] = {"none", "at_once", "on_check", NULL};

static const struct {
  const char *name;
  ParamType type;
  gsize offset;
  SimTime min;                /* smallest accepted duration or count */
  const char *follows;        /* a duration whose 0 means "= that parameter" */
  const char *const *choices; /* PARAM_CHOICE: the names of the values */
} params[] = {
#define P(name, type, min, ...)                                                          \
  {                                                                                      \
#name, type, G_STRUCT_OFFSET(SimKeepalive, name), min, __VA_ARGS__                   \
  }
    P(ping_delay, PARAM_DURATION, 1, NULL, NULL),
    P(ping_attempts, PARAM_COUNT, 1, NULL, NULL),
    P(reply_window, PARAM_DURATION, 1, "ping_delay", NULL),
    P(restart_on_send, PARAM_BOOL, 0, NULL, NULL),
    P(ping_counts_as_send, PARAM_BOOL, 0, NULL, NULL),
    P(recv_idle_limit, PARAM_DURATION, 0, NULL, NULL),
    P(check_interval, PARAM_DURATION, 0, NULL, NULL),
    P(check_phase, PARAM_DURATION, 0, NULL, NULL),
    P(clock_resolution, PARAM_DURATION, 0, NULL, NULL),
    P(ping_compare, PARAM_CHOICE, 0, NULL, compare_names),
    P(reply_compare, PARAM_CHOICE, 0, NULL, compare_names),
    P(loop_wakeup, PARAM_DURATION, 0, NULL, NULL),
    P(ping_answer, PARAM_CHOICE, 0, NULL, answer_names),
    P(login_penalty, PARAM_DURATION, 0, NULL, NULL),
    P(welcome, PARAM_CHOICE, 0, NULL, welcome_names),
#undef P
};

const char *const *
sim_profile_param_names(void)
{
  /* Built from the table once, so the names live in one place. */
  static const char *names[G_N_ELEMENTS(params) + 1];
  static gsize done = 0;
  if (g_once_init_enter(&done)) {
    for (gsize i = 0; i < G_N_ELEMENTS(params); i++)
      names[i] = params[i].name;
    g_once_init_leave(&done, 1);
  }
  return names;
}

static int
param_find(const char *name)
{
  for (gsize i = 0; i < G_N_ELEMENTS(params); i++)
    if (strcmp(params[i].name, name) == 0)
      return (int)i;
  return -1;
}

gboolean
sim_profile_parse_yes_no(const char *value, gboolean *out, GError **error)
{
  if (g_ascii_strcasecmp(value, "yes") == 0 || g_ascii_strcasecmp(value, "true") == 0)
    *out = TRUE;
  else if (g_ascii_strcasecmp(value, "no") == 0 ||
           g_ascii_strcasecmp(value, "false") == 0)
    *out = FALSE;
  else {
    g_set_error(error, SIM_PROFILE_ERROR, SIM_PROFILE_ERROR_VALUE,
                "'%s' is not yes or no; accepted: yes, no, true, false", value);
    return FALSE;
  }
  return TRUE;
}

/* "NAME" or "= NAME": the default that follows NAME. */
static gboolean
follows_text(const char *value, const char *name)
{
  while (*value == ' ')
    value++;
  if (*value == '=')
    value++;
  while (*value == ' ')
    value++;
  return strcmp(value, name) == 0;
}

void
sim_profile_keepalive_resolve(SimKeepalive *keepalive)
{
  for (gsize i = 0; i < G_N_ELEMENTS(params); i++) {
    SimTime *field = (SimTime *)(gpointer)((char *)keepalive + params[i].offset);
    if (params[i].follows != NULL && *field == 0)
      *field =
          *(const SimTime *)(gconstpointer)((const char *)keepalive +
                                            params[param_find(params[i].follows)].offset);
  }
}

gboolean
sim_profile_param_set(SimKeepalive *keepalive, const char *name, const char *value,
                      GError **error)
{
  int i = param_find(name);
  if (i < 0) {
    char *known = g_strjoinv(", ", (char **)sim_profile_param_names());
    g_set_error(error, SIM_PROFILE_ERROR, SIM_PROFILE_ERROR_PARAM,
                "unknown parameter '%s'; accepted: %s", name, known);
    g_free(known);
    return FALSE;
  }
  gpointer field = (char *)keepalive + params[i].offset;
  switch (params[i].type) {
  case PARAM_DURATION: {
    SimTime t;
    GError *local = NULL;
    if (params[i].follows != NULL && follows_text(value, params[i].follows)) {
      *(SimTime *)field = 0;
      return TRUE;
    }
    if (!sim_duration_parse(value, &t, &local)) {
      if (params[i].follows != NULL)
        g_set_error(error, SIM_PROFILE_ERROR, SIM_PROFILE_ERROR_VALUE,
                    "%s; or '= %s' to follow %s", local->message, params[i].follows,
                    params[i].follows);
      else
        g_set_error(error, SIM_PROFILE_ERROR, SIM_PROFILE_ERROR_VALUE, "%s",
                    local->message);
      g_error_free(local);
      return FALSE;
    }
    if (t < params[i].min) {
      g_set_error(error, SIM_PROFILE_ERROR, SIM_PROFILE_ERROR_VALUE,
                  "'%s' is zero; %s must be longer than 0", value, name);
      return FALSE;
    }
    *(SimTime *)field = t;
    return TRUE;
  }
  case PARAM_COUNT: {
    char *end = NULL;
    guint64 v = 0;
    gboolean ok = g_ascii_isdigit(value[0]);
    if (ok)
      v = g_ascii_strtoull(value, &end, 10);
    if (!ok || *end != '\0' || v < (guint64)params[i].min ||
        v > SIM_PROFILE_MAX_ATTEMPTS) {
      g_set_error(error, SIM_PROFILE_ERROR, SIM_PROFILE_ERROR_VALUE,
                  "'%s' is not a whole number from %d to %d", value, (int)params[i].min,
                  SIM_PROFILE_MAX_ATTEMPTS);
      return FALSE;
    }
    *(guint *)field = (guint)v;
    return TRUE;
  }
  case PARAM_BOOL:
    return sim_profile_parse_yes_no(value, (gboolean *)field, error);
  case PARAM_CHOICE:
    for (guint k = 0; params[i].choices[k] != NULL; k++)
      if (strcmp(value, params[i].choices[k]) == 0) {
        *(guint *)field = k;
        return TRUE;
      }
    char *known = g_strjoinv(", ", (char **)params[i].choices);
    g_set_error(error, SIM_PROFILE_ERROR, SIM_PROFILE_ERROR_VALUE,
                "'%s' is not a choice; accepted: %s", value, known);
    g_free(known);
    return FALSE;
  }
  g_assert_not_reached();
}

char *
sim_profile_param_format(const SimKeepalive *keepalive, const char *name)
{
  int i = param_find(name);
  g_return_val_if_fail(i >= 0, NULL);
  gconstpointer field = (const char *)keepalive + params[i].offset;
  switch (params[i].type) {
  case PARAM_DURATION:
    if (params[i].follows != NULL && *(const SimTime *)field == 0)
      return g_strdup_printf("= %s", params[i].follows);
    return sim_duration_format_unit(*(const SimTime *)field);
  case PARAM_COUNT:
    return g_strdup_printf("%u", *(const guint *)field);
  case PARAM_BOOL:
    return g_strdup(*(const gboolean *)field ? "yes" : "no");
  case PARAM_CHOICE:
    return g_strdup(params[i].choices[*(const guint *)field]);
  }
  g_assert_not_reached();
}

/* profile.h: Chatsvc.exe version profiles and their keepalive parameters. */
#ifndef CHATSIM_PROFILE_H
#define CHATSIM_PROFILE_H

#include "chatsim/engine.h"

G_BEGIN_DECLS

#define SIM_PROFILE_ERROR (sim_profile_error_quark())
GQuark sim_profile_error_quark(void);

typedef enum {
  SIM_PROFILE_ERROR_UNKNOWN,
  SIM_PROFILE_ERROR_PARAM,
  SIM_PROFILE_ERROR_VALUE,
} SimProfileError;

/* How a rule "clock(now) - clock(since) vs span" compares. */
typedef enum {
  SIM_COMPARE_INCLUSIVE, /* due once the difference reaches the span (>=) */
  SIM_COMPARE_STRICT,    /* due once it exceeds the span (>) */
} SimCompareRule;

/* What the server takes as the answer to its PING. */
typedef enum {
  SIM_ANSWER_ANY,  /* any data */
  SIM_ANSWER_PONG, /* only PONG; other data restarts the clock, the PING stays */
} SimAnswer;

/* When the server sends its welcome (001), after which clients JOIN. */
typedef enum {
  SIM_WELCOME_NONE,     /* not modelled: JOINs travel with the registration */
  SIM_WELCOME_AT_ONCE,  /* on receiving the registration */
  SIM_WELCOME_ON_CHECK, /* at the next sweep after it */
} SimWelcome;

/* The parameters of keepalive-model.md section 5, then the server
 * semantics of docs/model.md ("Server semantics"); every default is the
 * Exchange behaviour. */
typedef struct {
  SimTime ping_delay;
  guint ping_attempts;
  SimTime reply_window; /* 0 = follows ping_delay */
  gboolean restart_on_send;
  gboolean ping_counts_as_send;
  SimTime recv_idle_limit;  /* 0 = off */
  SimTime check_interval;   /* 0 = exact timers */
  SimTime check_phase;      /* sweeps at check_phase + k * check_interval */
  SimTime clock_resolution; /* 0 = exact; else the server's clock ticks */
  guint ping_compare;       /* SimCompareRule of the PING rule */
  guint reply_compare;      /* SimCompareRule of the reply-window rule */
  SimTime loop_wakeup;      /* 0 = rules act when due; else at the loop's wake-up */
  guint ping_answer;        /* SimAnswer */
  SimTime login_penalty;    /* no reading after registration until clock + this */
  guint welcome;            /* SimWelcome */
} SimKeepalive;

/* Whose words a why sentence uses. */
typedef enum {
  SIM_SERVER_EXCHANGE,
  SIM_SERVER_NGIRCD,
  SIM_SERVER_INSPIRCD,
  SIM_SERVER_HYBRID,
} SimServer;

typedef struct {
  const char *version; /* Chatsvc.exe's file version "5.5.2577.0", or a server name */
  const char *alias;   /* "sp2", or NULL */
  const char *label;
  guint build; /* Exchange build; 0 for the IRC servers */
  SimKeepalive keepalive;
  SimServer server;
  const char *ping_delay_name;   /* the server's own name for it, or NULL */
  const char *reply_window_name; /* likewise */
} SimProfile;

#define SIM_PROFILE_MAX_ATTEMPTS 16

/* The Exchange builds in build order: what "all" means to `check_profiles`,
 * `compare` and `plot --profiles`. */
const SimProfile *sim_profile_all(gsize *n_profiles);
/* The IRC server profiles (ngircd, inspircd, hybrid). */
const SimProfile *sim_profile_servers(gsize *n_profiles);

/* Resolves a server profile's name or an alias (rtm, sp1..sp4), in any
 * case, or a build "5.5.N[.M]" to the newest profile whose build is not
 * newer than N. */
const SimProfile *sim_profile_resolve(const char *version, GError **error);

/* yes/true or no/false, in any case: the one spelling of a switch, for
 * profile parameters and scenario keys alike. */
gboolean sim_profile_parse_yes_no(const char *value, gboolean *out, GError **error);

/* Names of the parameters, NULL-terminated, in table order. */
const char *const *sim_profile_param_names(void);
/* Sets parameter `name` from its text form (durations with units, counts,
 * yes/no); what is accepted is in the error. */
gboolean sim_profile_param_set(SimKeepalive *keepalive, const char *name,
                               const char *value, GError **error);
/* Replaces every default defined by another parameter ("= ping_delay",
 * kept as 0 so it follows overrides) by that parameter's value: what a
 * run uses. */
void sim_profile_keepalive_resolve(SimKeepalive *keepalive);
/* Text form of a parameter, as `param_set` accepts it. */
char *sim_profile_param_format(const SimKeepalive *keepalive, const char *name);

G_END_DECLS

#endif

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

/* The seven parameters of keepalive-model.md section 5. */
typedef struct {
  SimTime ping_delay;
  guint ping_attempts;
  SimTime reply_window; /* 0 = follows ping_delay */
  gboolean restart_on_send;
  gboolean ping_counts_as_send;
  SimTime recv_idle_limit; /* 0 = off */
  SimTime check_interval;  /* 0 = exact timers */
} SimKeepalive;

typedef struct {
  const char *version; /* file version of Chatsvc.exe, "5.5.2577.0" */
  const char *alias;   /* "sp2", or NULL */
  const char *label;
  guint build;
  SimKeepalive keepalive;
} SimProfile;

#define SIM_PROFILE_MAX_ATTEMPTS 16

/* Built-in profiles in build order. */
const SimProfile *sim_profile_all(gsize *n_profiles);

/* Resolves an alias (rtm, sp1..sp4, case-insensitive) or a build
 * "5.5.N[.M]" to the newest profile whose build is not newer than N. */
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

/* ini.h: the raw reading of a scenario file: lines, comments, [groups] and
 * key = value pairs, each with the line it stands on. It gives no meaning
 * to any group or key: scenario.c does. */
#ifndef CHATSIM_INI_H
#define CHATSIM_INI_H

#include <glib.h>

G_BEGIN_DECLS

typedef struct {
  char *name;
  char *value; /* blanks around it removed */
  guint line;  /* 0 when a --set added it */
  guint set;   /* 0 from the file, N from the Nth --set (1-based) */
} SimIniKey;

typedef struct {
  char *name; /* as between the brackets: no blanks folded or trimmed */
  guint line; /* 0 when a --set created it */
  guint set;
  GPtrArray *keys;   /* SimIniKey *, in file order */
  GHashTable *index; /* name -> SimIniKey *, once keys are many; never iterated */
} SimIniGroup;

/* A line the reader could not take; `message` does not name the file. */
typedef struct {
  guint line; /* 0: the whole file */
  guint set;
  char *message;
} SimIniProblem;

typedef struct _SimIni SimIni;

/* Reads every line and records a problem for each one that is not a
 * group header, a key = value pair, a comment or blank; never fails.
 * `headers` is how the problems describe the accepted headers. */
SimIni *sim_ini_parse(const char *data, gsize length, const char *headers);
void sim_ini_free(SimIni *ini);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(SimIni, sim_ini_free)

/* SimIniGroup *, in file order; a repeated group is a problem, not a group. */
const GPtrArray *sim_ini_groups(const SimIni *ini);
/* SimIniProblem *, in the order found. */
const GPtrArray *sim_ini_problems(const SimIni *ini);
SimIniGroup *sim_ini_group(const SimIni *ini, const char *name);
SimIniKey *sim_ini_key(const SimIniGroup *group, const char *name);

/* Sets `key` of `group` to `value` as the Nth --set (`set`, from 1) says:
 * the key is replaced or added, the group added at the end if missing. */
SimIniGroup *sim_ini_set(SimIni *ini, const char *group, const char *key,
                         const char *value, guint set);

/* Applies the --set "GROUP.KEY=VALUE" numbered `set` (from 1) with
 * sim_ini_set, or records a problem saying what is `accepted`. VALUE is
 * all after the first '=', blanks around it removed (no comment is cut
 * from it). GROUP is the longest part before a '.' that names a group the
 * file has or that `may_exist` allows: group names may hold dots
 * ("expect 5.5.2577.0") and so may keys ("chatter.3"); failing that, the
 * part before the first '.'. */
void sim_ini_apply_set(SimIni *ini, const char *arg, guint set,
                       gboolean (*may_exist)(const char *group), const char *accepted);

/* The text as quoted in a message: cut after SIM_INI_QUOTE_MAX characters,
 * with "..." appended, so that a huge input never floods the terminal. */
#define SIM_INI_QUOTE_MAX 80
char *sim_ini_quote(const char *text);

/* The candidate closest to `word` (a typo away: case ignored, a few
 * letters changed, added, dropped or swapped), the first of equals; NULL
 * if none is that close. */
const char *sim_ini_nearest(const char *word, const char *const *candidates, gsize n);

G_END_DECLS

#endif

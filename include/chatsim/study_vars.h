/* study_vars.h: the iteration variables of a study file (docs/studies.md,
 * "Variables"): where its values define them (`${pd = 30s..300s step
 * 30s}`, `${mean = 30s, 60s}`) and refer to them (`${pd}`), and the text
 * of a point: the file's with a value of each variable put in and the
 * [study] group blanked, line for line, so the scenario loader's errors
 * still name the study file's lines. What a point is, and the [study]
 * group's keys, are study.c's. */
#ifndef CHATSIM_STUDY_VARS_H
#define CHATSIM_STUDY_VARS_H

#include "chatsim/ini.h"

G_BEGIN_DECLS

#define SIM_STUDY_VARS_ERROR (sim_study_vars_error_quark())
GQuark sim_study_vars_error_quark(void);

typedef enum {
  SIM_STUDY_VARS_ERROR_SYNTAX, /* a variable, or where it stands, is malformed */
  SIM_STUDY_VARS_ERROR_LIMIT,  /* too many values */
} SimStudyVarsError;

/* At most this many values per variable. */
#define SIM_STUDY_VARS_MAX_VALUES 100000u

typedef struct _SimStudyVars SimStudyVars;

/* Takes one key of the file's [study] group (its value holds no
 * variable); FALSE, with `error` set, stops the parse. */
typedef gboolean (*SimStudyVarsKeyFunc)(const SimIniKey *key, gpointer data,
                                        GError **error);

/* Reads the `length` bytes of `data` (valid UTF-8 without NUL), the text
 * of `path`: every variable is defined once and every ${NAME} names one.
 * Each [study] key goes to `study_key`, in file order among the other
 * lines' errors. Errors start "PATH:LINE: [GROUP] KEY: " and say what is
 * accepted. */
SimStudyVars *sim_study_vars_parse(const char *path, const char *data, gsize length,
                                   SimStudyVarsKeyFunc study_key, gpointer data_for_key,
                                   GError **error);
void sim_study_vars_free(SimStudyVars *vars);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(SimStudyVars, sim_study_vars_free)

/* Variables, in the order the file defines them. */
guint sim_study_vars_count(const SimStudyVars *vars);
const char *sim_study_vars_name(const SimStudyVars *vars, guint var);
guint sim_study_vars_n_values(const SimStudyVars *vars, guint var);
/* A value as the file writes it, and as the TSV files write it: durations
 * in seconds ("90", "1.5"), anything else as written. */
const char *sim_study_vars_text(const SimStudyVars *vars, guint var, guint value);
const char *sim_study_vars_column(const SimStudyVars *vars, guint var, guint value);
/* Whether every value of the variable is a number (seconds). */
gboolean sim_study_vars_numeric(const SimStudyVars *vars, guint var);

/* The line (from 1) of the key that `set` ("GROUP.KEY=VALUE", blanks
 * allowed before the '=') names, when its value holds a variable; else 0.
 * `where` (may be NULL) gets the key's "[GROUP] KEY". */
guint sim_study_vars_set_line(const SimStudyVars *vars, const char *set,
                              const char **where);

/* `values` holds the index of a value of each variable. The text of the
 * file with those values put in, lines joined by '\n'; one line of it,
 * appended to `out`; and "NAME = VALUE, ..." for a message. */
GString *sim_study_vars_point_text(const SimStudyVars *vars, const guint *values);
void sim_study_vars_append_line(const SimStudyVars *vars, guint line, const guint *values,
                                GString *out);
void sim_study_vars_append_values(const SimStudyVars *vars, const guint *values,
                                  GString *out);

G_END_DECLS

#endif

/* diag.h: the errors of one input, each with its place ("FILE:LINE: " or
 * "--set 'ARG': "), gathered so that one load reports them all, in file
 * order, as compilers do. Quoted input is cut so that no message floods a
 * terminal. */
#ifndef CHATSIM_DIAG_H
#define CHATSIM_DIAG_H

#include <glib.h>

G_BEGIN_DECLS

/* Where something was written: a line of the file (0: the whole file), or
 * the Nth --set (from 1). */
typedef struct {
  guint line;
  guint set;
} SimDiagPlace;

#define SIM_DIAG_NOWHERE ((SimDiagPlace){0, 0})

/* At most this many errors are listed; the rest are counted. */
#define SIM_DIAG_MAX 50

typedef struct _SimDiag SimDiag;

SimDiag *sim_diag_new(const char *path);
void sim_diag_free(SimDiag *diag);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(SimDiag, sim_diag_free)

/* Records a --set as given; returns its number for SimDiagPlace.set. */
guint sim_diag_add_set(SimDiag *diag, const char *arg);

/* Records an error: "PLACE: WHERE: MESSAGE" (WHERE may be NULL), with every
 * 'quoted' text longer than SIM_INI_QUOTE_MAX characters cut. */
void sim_diag_fail(SimDiag *diag, gint code, SimDiagPlace at, const char *where,
                   const char *format, ...) G_GNUC_PRINTF(5, 6);
/* The same message, set in `error` at once rather than recorded. */
void sim_diag_fail_now(const SimDiag *diag, GError **error, GQuark domain, gint code,
                       SimDiagPlace at, const char *where, const char *format, ...)
    G_GNUC_PRINTF(7, 8);
guint sim_diag_count(const SimDiag *diag);
/* TRUE if nothing was recorded; else FALSE with `error` (in `domain`, with
 * the first error's code) listing the errors one a line: the file's by
 * line, its whole-file ones last, then each --set's. */
gboolean sim_diag_report(SimDiag *diag, GQuark domain, GError **error);

G_END_DECLS

#endif

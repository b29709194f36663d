/* gnuplot.h: driving gnuplot: terminals and their file extensions, where
 * the script templates are, filling a template's @KEY@ placeholders, and
 * running gnuplot on a script. Knows nothing of what a figure shows (that
 * is plot.h). Nothing here prints. */
#ifndef CHATSIM_GNUPLOT_H
#define CHATSIM_GNUPLOT_H

#include <glib.h>

G_BEGIN_DECLS

#define SIM_GNUPLOT_ERROR (sim_gnuplot_error_quark())
GQuark sim_gnuplot_error_quark(void);

typedef enum {
  SIM_GNUPLOT_ERROR_INVALID,   /* a bad terminal, size or file name */
  SIM_GNUPLOT_ERROR_TEMPLATE,  /* a template is missing or malformed */
  SIM_GNUPLOT_ERROR_NOT_FOUND, /* gnuplot is not on PATH */
  SIM_GNUPLOT_ERROR_FAILED,    /* gnuplot could not run or failed */
} SimGnuplotError;

typedef enum {
  SIM_GNUPLOT_TERMINAL_PNG,
  SIM_GNUPLOT_TERMINAL_SVG,
  SIM_GNUPLOT_TERMINAL_PDF,
  SIM_GNUPLOT_TERMINAL_DUMB, /* ASCII art */
} SimGnuplotTerminal;

/* Image size in pixels (png, svg, pdf at 72 per inch) and characters (dumb). */
#define SIM_GNUPLOT_DEFAULT_WIDTH 1280
#define SIM_GNUPLOT_DEFAULT_HEIGHT 720
#define SIM_GNUPLOT_DEFAULT_DUMB_WIDTH 160
#define SIM_GNUPLOT_DEFAULT_DUMB_HEIGHT 50
/* The Debian package that puts gnuplot on PATH. */
#define SIM_GNUPLOT_PACKAGE "gnuplot-nox"

/* png, svg, pdf, dumb. */
gboolean sim_gnuplot_terminal_from_name(const char *name, SimGnuplotTerminal *terminal,
                                        GError **error);
const char *sim_gnuplot_terminal_name(SimGnuplotTerminal terminal);
/* From a file name's extension: .png, .svg, .pdf, .txt (dumb). */
gboolean sim_gnuplot_terminal_from_path(const char *path, SimGnuplotTerminal *terminal,
                                        GError **error);
/* FALSE with an error unless `path` ends in the terminal's extension: a
 * file named .png must hold a PNG. */
gboolean sim_gnuplot_terminal_check_path(SimGnuplotTerminal terminal, const char *path,
                                         GError **error);
/* "png", "svg", "pdf", "txt". */
const char *sim_gnuplot_terminal_extension(SimGnuplotTerminal terminal);
/* "WxH", both from 1 to 20000. */
gboolean sim_gnuplot_size_parse(const char *text, guint *width, guint *height,
                                GError **error);

/* The first of: `env` (the CHATSIM_PLOTS_DIR variable) if set and not
 * empty; DIR/../share/chatsim/plots where DIR is the directory of `exe`
 * (the running executable), if it holds common.gp; `built_in` (the source
 * tree's plots/, recorded by the build). */
char *sim_gnuplot_find_templates(const char *env, const char *exe, const char *built_in);
/* sim_gnuplot_find_templates for this process: $CHATSIM_PLOTS_DIR,
 * /proc/self/exe, the build's record. */
char *sim_gnuplot_templates_dir(void);

/* The template's text, or NULL and an error naming its path. */
char *sim_gnuplot_read_template(const char *dir, const char *name, GError **error);
/* Appends `text` as a gnuplot single-quoted string: ' doubled, control
 * characters blanked. */
void sim_gnuplot_append_quoted(GString *out, const char *text);
/* Appends `text` with every @KEY@ (KEY of A-Z, 0-9, _) replaced by its
 * value in `values`; an unknown KEY is an error naming `path` and the
 * line. Any other '@' stays as it is. */
gboolean sim_gnuplot_fill(const char *path, const char *text, GHashTable *values,
                          GString *out, GError **error);

/* gnuplot on PATH, or NULL and an error naming SIM_GNUPLOT_PACKAGE. */
char *sim_gnuplot_find(GError **error);

/* Runs `gnuplot` (a path) on `script` from the script's directory, the way
 * `gnuplot SCRIPT` would but ignoring ~/.gnuplot. With `image`, gnuplot
 * draws into a temporary file beside it, renamed over it only on success.
 * `out` (may be NULL) receives gnuplot's standard output (the dumb
 * terminal's drawing when no image was set); `log` (may be NULL) its
 * warnings. */
gboolean sim_gnuplot_render(const char *gnuplot, const char *script, const char *image,
                            char **out, char **log, GError **error);

G_END_DECLS

#endif

/* plot.h: figures of disconnect timelines, drawn by gnuplot.
 *
 * A SimPlot runs a scenario once per profile with its own observer and
 * keeps what the figures need of the clients it draws ("lanes"). Writing a
 * figure fills a gnuplot script template from the plots/ directory and
 * writes it with its data files; rendering runs gnuplot on that script.
 * Nothing here prints. */
#ifndef CHATSIM_PLOT_H
#define CHATSIM_PLOT_H

#include "chatsim/scenario.h"

G_BEGIN_DECLS

#define SIM_PLOT_ERROR (sim_plot_error_quark())
GQuark sim_plot_error_quark(void);

typedef enum {
  SIM_PLOT_ERROR_INVALID,    /* a bad option value or combination */
  SIM_PLOT_ERROR_TEMPLATE,   /* a template is missing or malformed */
  SIM_PLOT_ERROR_NO_GNUPLOT, /* gnuplot is not on PATH */
  SIM_PLOT_ERROR_GNUPLOT,    /* gnuplot could not run or failed */
} SimPlotError;

typedef enum {
  SIM_PLOT_FIGURE_SWIMLANES, /* one lane per client: messages, relays, PINGs, PONGs */
  SIM_PLOT_FIGURE_IDLE,      /* seconds since data was last received, per client */
  SIM_PLOT_FIGURE_COMPARE,   /* one idle panel per profile, stacked */
} SimPlotFigure;

typedef enum {
  SIM_PLOT_TERMINAL_PNG,
  SIM_PLOT_TERMINAL_SVG,
  SIM_PLOT_TERMINAL_PDF,
  SIM_PLOT_TERMINAL_DUMB, /* ASCII art */
} SimPlotTerminal;

/* Members drawn of a count group named as a whole. */
#define SIM_PLOT_DEFAULT_MEMBERS 3
/* Image size in pixels (png, svg, pdf at 72 per inch) and characters (dumb). */
#define SIM_PLOT_DEFAULT_WIDTH 1280
#define SIM_PLOT_DEFAULT_HEIGHT 720
#define SIM_PLOT_DEFAULT_DUMB_WIDTH 160
#define SIM_PLOT_DEFAULT_DUMB_HEIGHT 50
/* The Debian package that puts gnuplot on PATH. */
#define SIM_PLOT_GNUPLOT_PACKAGE "gnuplot-nox"

/* Names as the command line spells them: swimlanes, idle, compare. */
gboolean sim_plot_figure_from_name(const char *name, SimPlotFigure *figure,
                                   GError **error);
const char *sim_plot_figure_name(SimPlotFigure figure);
/* png, svg, pdf, dumb. */
gboolean sim_plot_terminal_from_name(const char *name, SimPlotTerminal *terminal,
                                     GError **error);
const char *sim_plot_terminal_name(SimPlotTerminal terminal);
/* From a file name's extension: .png, .svg, .pdf, .txt (dumb). */
gboolean sim_plot_terminal_from_path(const char *path, SimPlotTerminal *terminal,
                                     GError **error);
/* "png", "svg", "pdf", "txt". */
const char *sim_plot_terminal_extension(SimPlotTerminal terminal);
/* "WxH", both from 1 to 20000. */
gboolean sim_plot_size_parse(const char *text, guint *width, guint *height,
                             GError **error);

/* The templates: $CHATSIM_PLOTS_DIR if set, else the source tree's plots/
 * that the build recorded. */
const char *sim_plot_templates_dir(void);

/* "kb233512-compare.png": the scenario's name, made safe for a file name. */
char *sim_plot_default_output(const SimScenario *scenario, SimPlotFigure figure,
                              SimPlotTerminal terminal);

typedef struct {
  /* Group names (every member, up to `members`) and member names
   * ("chatter.4"); NULL-terminated. NULL draws every group. */
  const char *const *clients;
  /* How many members of a count group named as a whole are drawn; 0 = all. */
  guint members;
} SimPlotSelect;

typedef struct _SimPlot SimPlot;

SimPlot *sim_plot_new(const SimScenario *scenario, const SimPlotSelect *select);
void sim_plot_free(SimPlot *plot);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(SimPlot, sim_plot_free)

/* Configures `scenario` with `overrides` (its profile chooses the panel),
 * runs it and keeps the events of the drawn clients. FALSE if the scenario
 * does not configure or a client name matches nothing. */
gboolean sim_plot_add_run(SimPlot *plot, const SimScenario *scenario,
                          const SimScenarioOverrides *overrides, GError **error);
guint sim_plot_n_runs(const SimPlot *plot);
guint sim_plot_n_lanes(const SimPlot *plot);
/* "chatter: 3 of 4 shown", for groups not drawn whole; "" when none. */
const char *sim_plot_note(const SimPlot *plot);

typedef struct {
  SimPlotFigure figure;
  SimPlotTerminal terminal;
  const char *output;    /* the image; NULL = gnuplot's standard output */
  const char *base;      /* data and script go to BASE.gp, BASE.*.tsv; NULL =
                            output without its extension */
  guint width, height;   /* 0 = the terminal's default */
  const char *templates; /* NULL = sim_plot_templates_dir() */
} SimPlotSpec;

/* The files sim_plot_write writes. */
typedef struct {
  char *script; /* BASE.gp */
  char *events; /* BASE.events.tsv: one row per drawn event */
  char *idle;   /* BASE.idle.tsv: the idle curves, one block per lane */
  char *lanes;  /* BASE.lanes.tsv: one row per lane and its outcome */
} SimPlotFiles;

void sim_plot_files_clear(SimPlotFiles *files);

/* Writes the data files and the filled-in script (each whole or not at
 * all). `files` (may be NULL) receives their paths. Swimlanes and idle
 * draw exactly one run; compare draws one panel per run. */
gboolean sim_plot_write(const SimPlot *plot, const SimPlotSpec *spec, SimPlotFiles *files,
                        GError **error);

/* gnuplot on PATH, or NULL and an error naming SIM_PLOT_GNUPLOT_PACKAGE. */
char *sim_plot_find_gnuplot(GError **error);

/* Runs `gnuplot` (a path) on `script` from the script's directory, the way
 * `gnuplot SCRIPT` would but ignoring ~/.gnuplot. `out` (may be NULL)
 * receives gnuplot's standard output (the dumb terminal's drawing when no
 * output file was set); `log` (may be NULL) its warnings. */
gboolean sim_plot_render(const char *gnuplot, const char *script, const char *image,
                         char **out, char **log, GError **error);

G_END_DECLS

#endif

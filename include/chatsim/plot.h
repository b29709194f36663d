/* plot.h: figures of disconnect timelines: what they draw.
 *
 * A SimPlot runs a scenario once per profile and keeps the outcome of
 * every client, plus the events of the clients it draws as lanes. Writing a
 * figure writes its data files and fills its script template (gnuplot.h
 * finds, fills and renders the templates). Nothing here prints. */
#ifndef CHATSIM_PLOT_H
#define CHATSIM_PLOT_H

#include "chatsim/gnuplot.h"
#include "chatsim/scenario.h"

G_BEGIN_DECLS

#define SIM_PLOT_ERROR (sim_plot_error_quark())
GQuark sim_plot_error_quark(void);

typedef enum {
  SIM_PLOT_ERROR_INVALID, /* a bad option value or combination */
} SimPlotError;

typedef enum {
  SIM_PLOT_FIGURE_SWIMLANES, /* one lane per client: messages, relays, PINGs, PONGs */
  SIM_PLOT_FIGURE_IDLE,      /* seconds since data was last received, per client */
  SIM_PLOT_FIGURE_COMPARE,   /* one idle panel per profile, stacked */
  SIM_PLOT_FIGURE_CONNECTED, /* fraction of each group connected, a panel per profile */
} SimPlotFigure;

/* Members drawn of a count group named as a whole. */
#define SIM_PLOT_DEFAULT_MEMBERS 3
/* The idle and compare figures tell lanes apart by 8 colours times 3 dash
 * patterns: no more lanes than that. */
#define SIM_PLOT_MAX_CURVES 24

/* Names as the command line spells them: swimlanes, idle, compare, connected. */
gboolean sim_plot_figure_from_name(const char *name, SimPlotFigure *figure,
                                   GError **error);
const char *sim_plot_figure_name(SimPlotFigure figure);
/* Whether the figure draws lanes (clients) rather than groups. */
gboolean sim_plot_figure_has_lanes(SimPlotFigure figure);

/* The most lanes the figure draws readably at `height` (pixels, dumb:
 * characters; 0 = the terminal's default): swimlanes need 13 px (1 row)
 * each, idle and compare SIM_PLOT_MAX_CURVES. */
guint sim_plot_max_lanes(SimPlotFigure figure, SimGnuplotTerminal terminal, guint height);

/* "kb233512-compare.png": the scenario's name, made safe for a file name. */
char *sim_plot_default_output(const SimScenario *scenario, SimPlotFigure figure,
                              SimGnuplotTerminal terminal);

typedef struct {
  /* Group names (every member, up to `members`) and member names
   * ("chatter.4"); NULL-terminated. NULL draws every group. */
  const char *const *clients;
  /* How many members of a count group named as a whole are drawn; 0 = all. */
  guint members;
  /* Only the clients the server disconnected in at least one run (every
   * member of the groups chosen: `members` does not apply). */
  gboolean dropped;
  /* At most this many lanes, the first in scenario order; 0 = no limit. */
  guint max_lanes;
} SimPlotSelect;

typedef struct _SimPlot SimPlot;

SimPlot *sim_plot_new(const SimScenario *scenario, const SimPlotSelect *select);
void sim_plot_free(SimPlot *plot);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(SimPlot, sim_plot_free)

/* Configures `scenario` with `overrides` (its profile chooses the panel),
 * runs it and keeps every client's outcome and the events of the lanes.
 * Every run draws the same lanes: when --dropped adds one, earlier runs are
 * run again (a run is deterministic). FALSE if the scenario does not
 * configure or a client name matches nothing. */
gboolean sim_plot_add_run(SimPlot *plot, const SimScenario *scenario,
                          const SimScenarioOverrides *overrides, GError **error);
guint sim_plot_n_runs(const SimPlot *plot);
guint sim_plot_n_clients(const SimPlot *plot);
/* Lanes drawn, and lanes selected before max_lanes cut them. */
guint sim_plot_n_lanes(const SimPlot *plot);
guint sim_plot_n_selected(const SimPlot *plot);
/* "4 of 5 clients drawn (chatter: 3 of 4)"; "" when every client is. */
const char *sim_plot_note(const SimPlot *plot);

typedef struct {
  SimPlotFigure figure;
  SimGnuplotTerminal terminal;
  const char *output;    /* the image; NULL = gnuplot's standard output */
  const char *base;      /* data and script go to BASE.gp, BASE.*.tsv; NULL =
                            the output's whole name: kb.svg.gp, kb.svg.*.tsv */
  guint width, height;   /* 0 = the terminal's default */
  const char *templates; /* NULL = sim_gnuplot_templates_dir() */
} SimPlotSpec;

/* The files sim_plot_write writes, whatever the figure. */
typedef struct {
  char *script;    /* BASE.gp */
  char *events;    /* BASE.events.tsv: one row per drawn event */
  char *idle;      /* BASE.idle.tsv: the idle curves, one block per lane */
  char *lanes;     /* BASE.lanes.tsv: one row per lane and its outcome */
  char *connected; /* BASE.connected.tsv: clients connected, one block per group */
} SimPlotFiles;

void sim_plot_files_clear(SimPlotFiles *files);
/* Removes the files (those that exist); for figures drawn on standard output. */
void sim_plot_files_remove(const SimPlotFiles *files);

/* Writes the data files and the filled-in script (each whole or not at
 * all). `files` (may be NULL) receives their paths. Swimlanes and idle
 * draw exactly one run; compare and connected one panel per run. */
gboolean sim_plot_write(const SimPlot *plot, const SimPlotSpec *spec, SimPlotFiles *files,
                        GError **error);

G_END_DECLS

#endif

/* figure.h: the figures of a SimPlot: their data files and their filled-in
 * gnuplot scripts. The gnuplot code lives in the templates (plots/);
 * gnuplot.h finds, fills and renders them. Nothing here prints. */
#ifndef CHATSIM_FIGURE_H
#define CHATSIM_FIGURE_H

#include "chatsim/gnuplot.h"
#include "chatsim/plot.h"

G_BEGIN_DECLS

#define SIM_FIGURE_ERROR (sim_figure_error_quark())
GQuark sim_figure_error_quark(void);

typedef enum {
  SIM_FIGURE_ERROR_INVALID, /* a bad name, or nothing to draw */
} SimFigureError;

typedef enum {
  SIM_FIGURE_SWIMLANES, /* one lane per client: messages, relays, PINGs, PONGs */
  SIM_FIGURE_IDLE,      /* seconds since data was last received, per client */
  SIM_FIGURE_COMPARE,   /* one idle panel per profile, stacked */
  SIM_FIGURE_CONNECTED, /* share of each group connected, a panel per profile */
} SimFigure;

/* The idle and compare figures tell lanes apart by 8 colours times 3 dash
 * patterns: no more lanes than that. */
#define SIM_FIGURE_MAX_CURVES 24

/* Names as the command line spells them: swimlanes, idle, compare, connected. */
gboolean sim_figure_from_name(const char *name, SimFigure *figure, GError **error);
const char *sim_figure_name(SimFigure figure);
/* Whether the figure draws lanes (clients) rather than groups. */
gboolean sim_figure_has_lanes(SimFigure figure);
/* The most lanes the figure draws readably at `width` x `height` (pixels,
 * dumb: characters; 0 = the terminal's default): swimlanes 13 px (1 row)
 * each below the title, time axis and legend (40 at 1280x720); idle and
 * compare as many as their legend holds (19 px a row), at most
 * SIM_FIGURE_MAX_CURVES; connected none (it draws groups). */
guint sim_figure_max_lanes(SimFigure figure, SimGnuplotTerminal terminal, guint width,
                           guint height);

/* "kb233512-compare.png": the scenario's name, made safe for a file name. */
char *sim_figure_default_output(const SimScenario *scenario, SimFigure figure,
                                SimGnuplotTerminal terminal);

typedef struct {
  SimFigure figure;
  SimGnuplotTerminal terminal;
  const char *output;    /* the image; NULL = gnuplot's standard output */
  const char *base;      /* data and script go to BASE.gp, BASE.*.tsv; NULL =
                            the output's whole name: kb.svg.gp, kb.svg.*.tsv */
  guint width, height;   /* 0 = the terminal's default */
  const char *templates; /* NULL = sim_gnuplot_templates_dir() */
} SimFigureSpec;

/* The files sim_figure_write writes: the script, and the data its figure
 * reads (NULL for the others). */
typedef struct {
  char *script;    /* BASE.gp */
  char *events;    /* BASE.events.tsv: one row per drawn event (lanes' figures) */
  char *idle;      /* BASE.idle.tsv: the idle curves, one block per lane (same) */
  char *lanes;     /* BASE.lanes.tsv: one row per lane and its outcome (same) */
  char *connected; /* BASE.connected.tsv: clients connected (connected figure) */
} SimFigureFiles;

void sim_figure_files_clear(SimFigureFiles *files);
/* Removes the files; for figures drawn on standard output. */
void sim_figure_files_remove(const SimFigureFiles *files);

/* Writes the data files and the filled-in script (each whole or not at
 * all; on failure none is left). `files` (may be NULL) receives their
 * paths. Swimlanes and idle draw exactly one run; compare and connected
 * one panel per run. */
gboolean sim_figure_write(const SimPlot *plot, const SimFigureSpec *spec,
                          SimFigureFiles *files, GError **error);

G_END_DECLS

#endif

/* plot.h: what the figures draw, collected from runs.
 *
 * A SimPlot runs a scenario once per profile and keeps the outcome of
 * every client, plus the events of the clients it draws as lanes (with
 * its own observer). figure.h writes the figures of a SimPlot; gnuplot.h
 * renders them. Nothing here prints. */
#ifndef CHATSIM_PLOT_H
#define CHATSIM_PLOT_H

#include "chatsim/scenario.h"

G_BEGIN_DECLS

#define SIM_PLOT_ERROR (sim_plot_error_quark())
GQuark sim_plot_error_quark(void);

typedef enum {
  SIM_PLOT_ERROR_INVALID, /* a bad option value or combination */
} SimPlotError;

/* Members drawn of a count group named as a whole. */
#define SIM_PLOT_DEFAULT_MEMBERS 3

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

/* What a lane shows; sim_plot_mark_name gives the `mark` column of the
 * events file. */
typedef enum {
  SIM_PLOT_MARK_CONNECT,
  SIM_PLOT_MARK_REGISTER,
  SIM_PLOT_MARK_MESSAGE,
  SIM_PLOT_MARK_RELAY,
  SIM_PLOT_MARK_PING,
  SIM_PLOT_MARK_PONG,
  SIM_PLOT_MARK_CLIENT_PING,
  SIM_PLOT_MARK_SERVER_PONG,
  SIM_PLOT_MARK_DISCONNECT,
  SIM_PLOT_MARK_QUIT,
  SIM_PLOT_MARK_END,
  SIM_PLOT_N_MARKS,
} SimPlotMark;

const char *sim_plot_mark_name(SimPlotMark mark);

typedef struct {
  SimTime time;
  SimTime last_recv; /* the last receipt before this event; -1 if none */
  gint32 peer;       /* relay: who spoke */
  guint8 mark;       /* SimPlotMark */
  guint8 reason;     /* SimReason of a disconnect or quit */
  guint8 ping;       /* PING number in its round */
} SimPlotEvent;

typedef struct {
  guint client;
  char *name;
  SimTime connect;
  SimTime last_recv; /* while running */
  GArray *events;    /* SimPlotEvent, in time order */
} SimPlotLane;

/* What happened to one client by the end of a run. */
typedef struct {
  SimTime end; /* disconnect or quit; the run's end when connected */
  guint pings_sent;
  guint restarts;
  guint8 outcome; /* SimOutcome */
  guint8 reason;  /* SimReason */
} SimPlotOutcome;

typedef struct {
  const SimProfile *profile;
  SimKeepalive keepalive;
  SimTime duration;
  const SimPlotOutcome *outcomes; /* every client's, in client order */
  GPtrArray *lanes;               /* SimPlotLane *, the same clients in every run */
  guint marks;                    /* bit per SimPlotMark seen in the lanes */
} SimPlotRun;

/* Who the scenario's clients are: the same in every run. */
typedef struct {
  guint n_clients;
  char **names;    /* every client's: "lurker", "chatter.3" */
  guint *group_of; /* every client's group */
  guint n_groups;
  char **groups;    /* group names, in scenario order */
  guint *counts;    /* group sizes */
  SimTime *connect; /* when each group connects */
} SimPlotClients;

/* Valid once a run was added. */
const SimPlotRun *sim_plot_run(const SimPlot *plot, guint r);
const SimPlotClients *sim_plot_clients(const SimPlot *plot);
const char *sim_plot_scenario(const SimPlot *plot);
const char *sim_plot_description(const SimPlot *plot); /* "" if none */
/* Whether the lanes are the dropped clients (SimPlotSelect.dropped). */
gboolean sim_plot_only_dropped(const SimPlot *plot);

G_END_DECLS

#endif

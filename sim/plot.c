/* plot.c: runs a scenario per profile with its own observer and keeps
 * what the figures draw: every client's outcome and the lanes' events. */
#include "chatsim/plot.h"

#include "chatsim/run.h"

#include <string.h>

G_DEFINE_QUARK(chatsim_plot_error, sim_plot_error)

static const char *const mark_names[SIM_PLOT_N_MARKS] = {
    "connect",     "register",    "message",    "relay", "ping", "pong",
    "client-ping", "server-pong", "disconnect", "quit",  "end",
};

const char *
sim_plot_mark_name(SimPlotMark mark)
{
  return mark_names[mark];
}

typedef struct {
  SimPlotRun pub;
  SimModelConfig *config; /* kept to trace the lanes again when they change */
  SimPlotOutcome *outcomes;
  guint *lane_of; /* per client: lane index, or G_MAXUINT */
} Run;

struct _SimPlot {
  char *scenario;
  char *description;
  char **want; /* names chosen; NULL = every group */
  guint members;
  gboolean dropped;
  guint max_lanes;
  SimPlotClients clients; /* known from the first run on */
  gboolean *wanted;       /* chosen by name and members */
  gboolean *ever_dropped;
  GArray *lanes; /* guint client, the lanes every run draws */
  guint n_selected;
  GPtrArray *runs; /* Run * */
  char *note;
};

static void
lane_free(gpointer data)
{
  SimPlotLane *lane = data;
  g_free(lane->name);
  g_array_unref(lane->events);
  g_free(lane);
}

static void
run_free(gpointer data)
{
  Run *run = data;
  sim_model_config_free(run->config);
  g_free(run->outcomes);
  if (run->pub.lanes != NULL)
    g_ptr_array_unref(run->pub.lanes);
  g_free(run->lane_of);
  g_free(run);
}

SimPlot *
sim_plot_new(const SimScenario *scenario, const SimPlotSelect *select)
{
  SimPlot *plot = g_new0(SimPlot, 1);
  plot->scenario = g_strdup(sim_scenario_name(scenario));
  const char *description = sim_scenario_description(scenario);
  plot->description = g_strdup(description ? description : "");
  plot->members = select ? select->members : SIM_PLOT_DEFAULT_MEMBERS;
  plot->dropped = select ? select->dropped : FALSE;
  plot->max_lanes = select ? select->max_lanes : 0;
  if (select != NULL && select->clients != NULL)
    plot->want = g_strdupv((char **)select->clients);
  plot->lanes = g_array_new(FALSE, FALSE, sizeof(guint));
  plot->runs = g_ptr_array_new_with_free_func(run_free);
  plot->note = g_strdup("");
  return plot;
}

void
sim_plot_free(SimPlot *plot)
{
  if (plot == NULL)
    return;
  g_free(plot->scenario);
  g_free(plot->description);
  g_strfreev(plot->want);
  g_strfreev(plot->clients.names);
  g_free(plot->clients.group_of);
  g_strfreev(plot->clients.groups);
  g_free(plot->clients.counts);
  g_free(plot->clients.connect);
  g_free(plot->wanted);
  g_free(plot->ever_dropped);
  g_array_unref(plot->lanes);
  g_ptr_array_unref(plot->runs);
  g_free(plot->note);
  g_free(plot);
}

guint
sim_plot_n_runs(const SimPlot *plot)
{
  return plot->runs->len;
}

guint
sim_plot_n_clients(const SimPlot *plot)
{
  return plot->clients.n_clients;
}

guint
sim_plot_n_lanes(const SimPlot *plot)
{
  return plot->lanes->len;
}

guint
sim_plot_n_selected(const SimPlot *plot)
{
  return plot->n_selected;
}

const char *
sim_plot_note(const SimPlot *plot)
{
  return plot->note;
}

/* "lurker, chatter, chatter.1 to chatter.4": what --clients accepts. */
static char *
accepted_names(const SimPlot *plot)
{
  GString *s = g_string_new(NULL);
  for (guint g = 0; g < plot->clients.n_groups; g++) {
    g_string_append_printf(s, "%s%s", g ? ", " : "", plot->clients.groups[g]);
    if (plot->clients.counts[g] > 1)
      g_string_append_printf(s, ", %s.1 to %s.%u", plot->clients.groups[g],
                             plot->clients.groups[g], plot->clients.counts[g]);
  }
  return g_string_free(s, FALSE);
}

/* Fills plot->wanted; FALSE if a name matches nothing. */
static gboolean
choose(SimPlot *plot, const SimModel *model, GError **error)
{
  guint limit = plot->members && !plot->dropped ? plot->members : G_MAXUINT;
  guint n = plot->clients.n_clients;
  plot->wanted = g_new0(gboolean, n);
  for (guint i = 0; i < n && plot->want == NULL; i++) {
    guint member;
    sim_model_client_group(model, i, &member);
    plot->wanted[i] = member <= limit;
  }
  for (char **want = plot->want; want != NULL && *want; want++) {
    gboolean found = FALSE;
    for (guint i = 0; i < n; i++) {
      guint member;
      guint g = sim_model_client_group(model, i, &member);
      if (strcmp(plot->clients.groups[g], *want) == 0) {
        found = TRUE;
        plot->wanted[i] = plot->wanted[i] || member <= limit;
      } else if (strcmp(plot->clients.names[i], *want) == 0) {
        found = TRUE;
        plot->wanted[i] = TRUE;
      }
    }
    if (!found) {
      char *accepted = accepted_names(plot);
      g_set_error(error, SIM_PLOT_ERROR, SIM_PLOT_ERROR_INVALID,
                  "no client or group named '%s' in %s; accepted: %s", *want,
                  plot->scenario, accepted);
      g_free(accepted);
      return FALSE;
    }
  }
  return TRUE;
}

/* The clients' names and groups, from the first run's model. */
static void
learn_clients(SimPlot *plot, const SimModel *model, const SimModelConfig *config)
{
  guint n = sim_model_n_clients(model);
  plot->clients.n_clients = n;
  plot->clients.names = g_new0(char *, n + 1);
  plot->clients.group_of = g_new(guint, n);
  plot->ever_dropped = g_new0(gboolean, n);
  GString *name = g_string_new(NULL);
  for (guint i = 0; i < n; i++) {
    g_string_truncate(name, 0);
    sim_model_append_name(model, i, name);
    plot->clients.names[i] = g_strdup(name->str);
    plot->clients.group_of[i] = sim_model_client_group(model, i, NULL);
  }
  g_string_free(name, TRUE);
  plot->clients.n_groups = config->clients->len;
  plot->clients.groups = g_new0(char *, plot->clients.n_groups + 1);
  plot->clients.counts = g_new(guint, plot->clients.n_groups);
  plot->clients.connect = g_new(SimTime, plot->clients.n_groups);
  for (guint g = 0; g < plot->clients.n_groups; g++) {
    const SimClientSpec *spec = g_ptr_array_index(config->clients, g);
    plot->clients.groups[g] = g_strdup(spec->name);
    plot->clients.counts[g] = spec->count;
    plot->clients.connect[g] = spec->connect;
  }
}

/* "4 of 5 clients drawn (chatter: 3 of 4)", "2 of 10000 clients drawn: the
 * dropped ones"; "" when every client is drawn. */
static char *
make_note(const SimPlot *plot)
{
  guint drawn = plot->lanes->len;
  if (drawn == plot->clients.n_clients)
    return g_strdup("");
  GString *s = g_string_new(NULL);
  g_string_append_printf(s, "%u of %u clients drawn", drawn, plot->clients.n_clients);
  if (plot->dropped)
    g_string_append(s, drawn < plot->n_selected ? ": the first dropped ones"
                                                : ": the dropped ones");
  else if (drawn < plot->n_selected)
    g_string_append_printf(s, ": the first %u of %u chosen", drawn, plot->n_selected);
  guint *shown = g_new0(guint, plot->clients.n_groups);
  for (guint k = 0; k < drawn; k++)
    shown[plot->clients.group_of[g_array_index(plot->lanes, guint, k)]]++;
  GString *parts = g_string_new(NULL);
  guint n_parts = 0;
  for (guint g = 0; g < plot->clients.n_groups; g++)
    if (shown[g] > 0 && shown[g] < plot->clients.counts[g] && ++n_parts <= 3)
      g_string_append_printf(parts, "%s%s: %u of %u", parts->len ? ", " : "",
                             plot->clients.groups[g], shown[g], plot->clients.counts[g]);
  if (n_parts > 3)
    g_string_append_printf(parts, " and %u more groups", n_parts - 3);
  if (!plot->dropped && drawn == plot->n_selected && parts->len > 0)
    g_string_append_printf(s, " (%s)", parts->str);
  g_string_free(parts, TRUE);
  g_free(shown);
  return g_string_free(s, FALSE);
}

static void
observe(const SimRecord *r, gpointer data)
{
  Run *run = data;
  guint index = run->lane_of[r->client];
  if (index == G_MAXUINT)
    return;
  SimPlotLane *lane = g_ptr_array_index(run->pub.lanes, index);
  SimPlotEvent e = {
      .time = r->time,
      .last_recv = lane->last_recv,
      .peer = r->peer,
      .reason = (guint8)r->reason,
      .ping = (guint8)MIN(r->ping, 255u),
  };
  SimPlotMark mark = SIM_PLOT_MARK_END;
  switch (r->kind) {
  case SIM_RECORD_CONNECT:
    mark = SIM_PLOT_MARK_CONNECT;
    break;
  case SIM_RECORD_RECV:
    mark = r->message == SIM_MSG_REGISTER ? SIM_PLOT_MARK_REGISTER
           : r->message == SIM_MSG_PONG   ? SIM_PLOT_MARK_PONG
           : r->message == SIM_MSG_PING   ? SIM_PLOT_MARK_CLIENT_PING
                                          : SIM_PLOT_MARK_MESSAGE;
    lane->last_recv = r->time;
    break;
  case SIM_RECORD_SEND:
    mark = r->message == SIM_MSG_PING   ? SIM_PLOT_MARK_PING
           : r->message == SIM_MSG_PONG ? SIM_PLOT_MARK_SERVER_PONG
                                        : SIM_PLOT_MARK_RELAY;
    break;
  case SIM_RECORD_DISCONNECT:
    mark = SIM_PLOT_MARK_DISCONNECT;
    break;
  case SIM_RECORD_QUIT:
    mark = SIM_PLOT_MARK_QUIT;
    break;
  case SIM_RECORD_END:
    mark = SIM_PLOT_MARK_END;
    break;
  }
  e.mark = (guint8)mark;
  g_array_append_val(lane->events, e);
  run->pub.marks |= 1u << mark;
}

/* Whether the run's lanes are plot->lanes. */
static gboolean
run_is_traced(const SimPlot *plot, const Run *run)
{
  if (run->pub.lanes == NULL || run->pub.lanes->len != plot->lanes->len)
    return FALSE;
  for (guint k = 0; k < run->pub.lanes->len; k++)
    if (((const SimPlotLane *)g_ptr_array_index(run->pub.lanes, k))->client !=
        g_array_index(plot->lanes, guint, k))
      return FALSE;
  return TRUE;
}

/* Runs the run's configuration again, keeping the events of plot->lanes. */
static gboolean
trace(const SimPlot *plot, Run *run, const char *where, GError **error)
{
  g_autoptr(SimModel) model = sim_model_new(run->config, error);
  if (model == NULL)
    return FALSE;
  if (run->pub.lanes != NULL)
    g_ptr_array_unref(run->pub.lanes);
  run->pub.lanes = g_ptr_array_new_with_free_func(lane_free);
  run->pub.marks = 0;
  for (guint i = 0; i < plot->clients.n_clients; i++)
    run->lane_of[i] = G_MAXUINT;
  sim_model_trace_all(model, FALSE);
  for (guint k = 0; k < plot->lanes->len; k++) {
    guint i = g_array_index(plot->lanes, guint, k);
    sim_model_trace(model, plot->clients.names[i]);
    SimPlotLane *lane = g_new0(SimPlotLane, 1);
    lane->client = i;
    lane->name = g_strdup(plot->clients.names[i]);
    lane->connect = plot->clients.connect[plot->clients.group_of[i]];
    lane->last_recv = -1;
    lane->events = g_array_new(FALSE, FALSE, sizeof(SimPlotEvent));
    run->lane_of[i] = k;
    g_ptr_array_add(run->pub.lanes, lane);
  }
  return sim_run_model(where, model, observe, run, error);
}

gboolean
sim_plot_add_run(SimPlot *plot, const SimScenario *scenario,
                 const SimScenarioOverrides *overrides, GError **error)
{
  SimModelConfig *config = sim_scenario_configure(scenario, overrides, error);
  if (config == NULL)
    return FALSE;
  g_autoptr(SimModel) model = sim_model_new(config, error);
  if (model == NULL) {
    sim_model_config_free(config);
    return FALSE;
  }
  if (plot->clients.names == NULL)
    learn_clients(plot, model, config);
  if (plot->wanted == NULL && !choose(plot, model, error)) {
    g_clear_pointer(&model, sim_model_free); /* it reads its config */
    sim_model_config_free(config);
    g_clear_pointer(&plot->wanted, g_free);
    return FALSE;
  }
  g_assert(sim_model_n_clients(model) == plot->clients.n_clients);

  /* Every client's outcome: a run with nobody traced. */
  Run *run = g_new0(Run, 1);
  run->config = config;
  run->pub.profile = config->profile;
  run->pub.keepalive = config->keepalive;
  run->pub.duration = config->duration;
  run->outcomes = g_new(SimPlotOutcome, plot->clients.n_clients);
  run->pub.outcomes = run->outcomes;
  run->lane_of = g_new(guint, plot->clients.n_clients);
  sim_model_trace_all(model, FALSE);
  if (!sim_run_model(sim_scenario_path(scenario), model, NULL, NULL, error)) {
    g_clear_pointer(&model, sim_model_free); /* it reads its config */
    run_free(run);
    return FALSE;
  }
  for (guint i = 0; i < plot->clients.n_clients; i++) {
    SimResult result;
    sim_model_result(model, i, &result);
    run->outcomes[i] = (SimPlotOutcome){result.time, result.pings_sent, result.restarts,
                                        (guint8)result.outcome, (guint8)result.reason};
    if (result.outcome == SIM_OUTCOME_DISCONNECTED)
      plot->ever_dropped[i] = TRUE;
  }
  g_ptr_array_add(plot->runs, run);

  /* The lanes, the same for every run so far. */
  g_array_set_size(plot->lanes, 0);
  plot->n_selected = 0;
  for (guint i = 0; i < plot->clients.n_clients; i++)
    if (plot->wanted[i] && (!plot->dropped || plot->ever_dropped[i]) &&
        (++plot->n_selected <= plot->max_lanes || plot->max_lanes == 0))
      g_array_append_val(plot->lanes, i);
  g_free(plot->note);
  plot->note = make_note(plot);
  for (guint r = 0; r < plot->runs->len; r++) {
    Run *each = g_ptr_array_index(plot->runs, r);
    if (!run_is_traced(plot, each) &&
        !trace(plot, each, sim_scenario_path(scenario), error)) {
      g_ptr_array_remove_index(plot->runs, plot->runs->len - 1);
      return FALSE;
    }
  }
  return TRUE;
}

const SimPlotRun *
sim_plot_run(const SimPlot *plot, guint r)
{
  return &((const Run *)g_ptr_array_index(plot->runs, r))->pub;
}

const SimPlotClients *
sim_plot_clients(const SimPlot *plot)
{
  return &plot->clients;
}

const char *
sim_plot_scenario(const SimPlot *plot)
{
  return plot->scenario;
}

const char *
sim_plot_description(const SimPlot *plot)
{
  return plot->description;
}

gboolean
sim_plot_only_dropped(const SimPlot *plot)
{
  return plot->dropped;
}

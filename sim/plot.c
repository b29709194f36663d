/* plot.c: collects what the figures draw with its own observer, writes it
 * as gnuplot data, fills a script template from plots/ and runs gnuplot.
 * The gnuplot code lives in the templates; this file only supplies values. */
#include "chatsim/plot.h"

#include "chatsim/duration.h"
#include "chatsim/output.h"
#include "chatsim/run.h"

#include <string.h>
#include <sys/wait.h>

#ifndef CHATSIM_PLOTS_DIR
#define CHATSIM_PLOTS_DIR "plots"
#endif
#ifndef CHATSIM_VERSION
#define CHATSIM_VERSION "0.0.0"
#endif

G_DEFINE_QUARK(chatsim_plot_error, sim_plot_error)

/* ---- names -------------------------------------------------------------- */

static const char *const figure_names[] = {"swimlanes", "idle", "compare"};
static const char *const terminal_names[] = {"png", "svg", "pdf", "dumb"};
static const char *const terminal_extensions[] = {"png", "svg", "pdf", "txt"};

static gboolean
lookup_name(const char *name, const char *const *names, gsize n, guint *index)
{
  for (gsize i = 0; i < n; i++)
    if (g_ascii_strcasecmp(name, names[i]) == 0) {
      *index = (guint)i;
      return TRUE;
    }
  return FALSE;
}

/* lookup_name, or an error naming `what` and listing what is accepted. */
static gboolean
name_to_index(const char *name, const char *const *names, gsize n, const char *what,
              guint *index, GError **error)
{
  if (lookup_name(name, names, n, index))
    return TRUE;
  GString *accepted = g_string_new(NULL);
  for (gsize i = 0; i < n; i++)
    g_string_append_printf(accepted, "%s%s", i ? ", " : "", names[i]);
  g_set_error(error, SIM_PLOT_ERROR, SIM_PLOT_ERROR_INVALID,
              "'%s' is not a %s; accepted: %s", name, what, accepted->str);
  g_string_free(accepted, TRUE);
  return FALSE;
}

gboolean
sim_plot_figure_from_name(const char *name, SimPlotFigure *figure, GError **error)
{
  guint i;
  if (!name_to_index(name, figure_names, G_N_ELEMENTS(figure_names), "figure", &i, error))
    return FALSE;
  *figure = (SimPlotFigure)i;
  return TRUE;
}

const char *
sim_plot_figure_name(SimPlotFigure figure)
{
  return figure_names[figure];
}

gboolean
sim_plot_terminal_from_name(const char *name, SimPlotTerminal *terminal, GError **error)
{
  guint i;
  if (!name_to_index(name, terminal_names, G_N_ELEMENTS(terminal_names), "terminal", &i,
                     error))
    return FALSE;
  *terminal = (SimPlotTerminal)i;
  return TRUE;
}

const char *
sim_plot_terminal_name(SimPlotTerminal terminal)
{
  return terminal_names[terminal];
}

gboolean
sim_plot_terminal_from_path(const char *path, SimPlotTerminal *terminal, GError **error)
{
  const char *base = strrchr(path, '/');
  const char *dot = strrchr(base ? base + 1 : path, '.');
  guint i;
  if (dot == NULL ||
      !lookup_name(dot + 1, terminal_extensions, G_N_ELEMENTS(terminal_extensions), &i)) {
    g_set_error(error, SIM_PLOT_ERROR, SIM_PLOT_ERROR_INVALID,
                "cannot tell the terminal from the name '%s'; accepted: names ending in "
                ".png, .svg, .pdf or .txt (dumb), or say --terminal",
                path);
    return FALSE;
  }
  *terminal = (SimPlotTerminal)i;
  return TRUE;
}

const char *
sim_plot_terminal_extension(SimPlotTerminal terminal)
{
  return terminal_extensions[terminal];
}

gboolean
sim_plot_size_parse(const char *text, guint *width, guint *height, GError **error)
{
  guint64 w = 0, h = 0;
  char **parts = g_strsplit(text, "x", -1);
  gboolean ok = g_strv_length(parts) == 2 &&
                g_ascii_string_to_unsigned(parts[0], 10, 1, 20000, &w, NULL) &&
                g_ascii_string_to_unsigned(parts[1], 10, 1, 20000, &h, NULL);
  g_strfreev(parts);
  if (!ok) {
    g_set_error(error, SIM_PLOT_ERROR, SIM_PLOT_ERROR_INVALID,
                "'%s' is not a size; accepted: WIDTHxHEIGHT, each from 1 to 20000, "
                "e.g. 1280x720",
                text);
    return FALSE;
  }
  *width = (guint)w;
  *height = (guint)h;
  return TRUE;
}

const char *
sim_plot_templates_dir(void)
{
  const char *dir = g_getenv("CHATSIM_PLOTS_DIR");
  return dir != NULL && *dir != '\0' ? dir : CHATSIM_PLOTS_DIR;
}

/* The scenario's name without ".ini", with anything but [A-Za-z0-9._-]
 * replaced by '-'. */
static char *
file_stem(const SimScenario *scenario)
{
  char *name = g_strdup(sim_scenario_name(scenario));
  if (g_str_has_suffix(name, ".ini") && strlen(name) > 4)
    name[strlen(name) - 4] = '\0';
  for (char *p = name; *p; p++)
    if (!g_ascii_isalnum(*p) && *p != '.' && *p != '_' && *p != '-')
      *p = '-';
  if (*name == '.' || *name == '\0') {
    char *safe = g_strconcat("scenario", name, NULL);
    g_free(name);
    name = safe;
  }
  return name;
}

char *
sim_plot_default_output(const SimScenario *scenario, SimPlotFigure figure,
                        SimPlotTerminal terminal)
{
  char *stem = file_stem(scenario);
  char *out = g_strdup_printf("%s-%s.%s", stem, figure_names[figure],
                              terminal_extensions[terminal]);
  g_free(stem);
  return out;
}

/* ---- collecting --------------------------------------------------------- */

/* What a lane shows; the names are the `mark` column of the events file. */
typedef enum {
  MARK_CONNECT,
  MARK_REGISTER,
  MARK_MESSAGE,
  MARK_RELAY,
  MARK_PING,
  MARK_PONG,
  MARK_CLIENT_PING,
  MARK_SERVER_PONG,
  MARK_DISCONNECT,
  MARK_QUIT,
  MARK_END,
  N_MARKS,
} Mark;

static const char *const mark_names[N_MARKS] = {
    "connect",     "register",    "message",    "relay", "ping", "pong",
    "client-ping", "server-pong", "disconnect", "quit",  "end",
};

typedef struct {
  SimTime time;
  SimTime last_recv; /* the last receipt before this event; -1 if none */
  gint32 peer;       /* relay: who spoke */
  guint8 mark;
  guint8 reason;
  guint8 ping; /* PING number in its round */
} Event;

typedef struct {
  guint client;
  char *name;
  SimTime connect;
  SimTime last_recv; /* while running */
  GArray *events;    /* Event, in time order */
  SimOutcome outcome;
  SimReason reason;
  SimTime end;
  guint pings_sent;
  guint restarts;
} Lane;

typedef struct {
  const SimProfile *profile;
  SimKeepalive keepalive;
  SimTime duration;
  GPtrArray *lanes; /* Lane *, in client order */
  guint *lane_of;   /* per client of the model: lane index, or G_MAXUINT */
  char **names;     /* every client's name, for relay labels */
  guint marks;      /* bit per Mark seen */
} Run;

struct _SimPlot {
  char *scenario;
  char *description;
  char **clients; /* NULL = every group */
  guint members;
  GPtrArray *runs; /* Run * */
  char *note;
};

static void
lane_free(gpointer data)
{
  Lane *lane = data;
  g_free(lane->name);
  g_array_unref(lane->events);
  g_free(lane);
}

static void
run_free(gpointer data)
{
  Run *run = data;
  g_ptr_array_unref(run->lanes);
  g_free(run->lane_of);
  g_strfreev(run->names);
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
  if (select != NULL && select->clients != NULL)
    plot->clients = g_strdupv((char **)select->clients);
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
  g_strfreev(plot->clients);
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
sim_plot_n_lanes(const SimPlot *plot)
{
  if (plot->runs->len == 0)
    return 0;
  return ((const Run *)g_ptr_array_index(plot->runs, 0))->lanes->len;
}

const char *
sim_plot_note(const SimPlot *plot)
{
  return plot->note;
}

/* "lurker, chatter, chatter.1 to chatter.4": what --clients accepts. */
static char *
accepted_names(const SimModelConfig *config)
{
  GString *s = g_string_new(NULL);
  for (guint g = 0; g < config->clients->len; g++) {
    const SimClientSpec *spec = g_ptr_array_index(config->clients, g);
    g_string_append_printf(s, "%s%s", g ? ", " : "", spec->name);
    if (spec->count > 1)
      g_string_append_printf(s, ", %s.1 to %s.%u", spec->name, spec->name, spec->count);
  }
  return g_string_free(s, FALSE);
}

/* Marks the clients to draw in `chosen`; FALSE if a name matches nothing. */
static gboolean
choose(const SimPlot *plot, const SimModel *model, char **names, gboolean *chosen,
       GError **error)
{
  const SimModelConfig *config = sim_model_config(model);
  guint n = sim_model_n_clients(model);
  guint limit = plot->members ? plot->members : G_MAXUINT;
  if (plot->clients == NULL) {
    for (guint i = 0; i < n; i++) {
      guint member;
      sim_model_client_group(model, i, &member);
      chosen[i] = member <= limit;
    }
    return TRUE;
  }
  for (char **want = plot->clients; *want; want++) {
    gboolean found = FALSE;
    for (guint i = 0; i < n; i++) {
      guint member;
      guint g = sim_model_client_group(model, i, &member);
      const SimClientSpec *spec = g_ptr_array_index(config->clients, g);
      if (strcmp(spec->name, *want) == 0) {
        found = TRUE;
        chosen[i] = chosen[i] || member <= limit;
      } else if (strcmp(names[i], *want) == 0) {
        found = TRUE;
        chosen[i] = TRUE;
      }
    }
    if (!found) {
      char *accepted = accepted_names(config);
      g_set_error(error, SIM_PLOT_ERROR, SIM_PLOT_ERROR_INVALID,
                  "no client or group named '%s' in %s; accepted: %s", *want,
                  plot->scenario, accepted);
      g_free(accepted);
      return FALSE;
    }
  }
  return TRUE;
}

/* "chatter: 3 of 4 shown" for every group partly drawn. */
static char *
make_note(const SimModel *model, const gboolean *chosen)
{
  const SimModelConfig *config = sim_model_config(model);
  guint *shown = g_new0(guint, config->clients->len);
  for (guint i = 0; i < sim_model_n_clients(model); i++)
    if (chosen[i])
      shown[sim_model_client_group(model, i, NULL)]++;
  GString *s = g_string_new(NULL);
  for (guint g = 0; g < config->clients->len; g++) {
    const SimClientSpec *spec = g_ptr_array_index(config->clients, g);
    if (shown[g] > 0 && shown[g] < spec->count)
      g_string_append_printf(s, "%s%s: %u of %u shown", s->len ? ", " : "", spec->name,
                             shown[g], spec->count);
  }
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
  Lane *lane = g_ptr_array_index(run->lanes, index);
  Event e = {
      .time = r->time,
      .last_recv = lane->last_recv,
      .peer = r->peer,
      .reason = (guint8)r->reason,
      .ping = (guint8)MIN(r->ping, 255u),
  };
  Mark mark = MARK_END;
  switch (r->kind) {
  case SIM_RECORD_CONNECT:
    mark = MARK_CONNECT;
    break;
  case SIM_RECORD_RECV:
    mark = r->message == SIM_MSG_REGISTER ? MARK_REGISTER
           : r->message == SIM_MSG_PONG   ? MARK_PONG
           : r->message == SIM_MSG_PING   ? MARK_CLIENT_PING
                                          : MARK_MESSAGE;
    lane->last_recv = r->time;
    break;
  case SIM_RECORD_SEND:
    mark = r->message == SIM_MSG_PING   ? MARK_PING
           : r->message == SIM_MSG_PONG ? MARK_SERVER_PONG
                                        : MARK_RELAY;
    break;
  case SIM_RECORD_DISCONNECT:
    mark = MARK_DISCONNECT;
    break;
  case SIM_RECORD_QUIT:
    mark = MARK_QUIT;
    break;
  case SIM_RECORD_END:
    mark = MARK_END;
    break;
  }
  e.mark = (guint8)mark;
  g_array_append_val(lane->events, e);
  run->marks |= 1u << mark;
}

gboolean
sim_plot_add_run(SimPlot *plot, const SimScenario *scenario,
                 const SimScenarioOverrides *overrides, GError **error)
{
  g_autoptr(SimModelConfig) config = sim_scenario_configure(scenario, overrides, error);
  if (config == NULL)
    return FALSE;
  g_autoptr(SimModel) model = sim_model_new(config, error);
  if (model == NULL)
    return FALSE;
  guint n = sim_model_n_clients(model);
  Run *run = g_new0(Run, 1);
  run->profile = config->profile;
  run->keepalive = config->keepalive;
  run->duration = config->duration;
  run->lanes = g_ptr_array_new_with_free_func(lane_free);
  run->lane_of = g_new(guint, n);
  run->names = g_new0(char *, n + 1);
  GString *name = g_string_new(NULL);
  for (guint i = 0; i < n; i++) {
    g_string_truncate(name, 0);
    sim_model_append_name(model, i, name);
    run->names[i] = g_strdup(name->str);
  }
  g_string_free(name, TRUE);

  gboolean *chosen = g_new0(gboolean, n);
  if (!choose(plot, model, run->names, chosen, error)) {
    g_free(chosen);
    run_free(run);
    return FALSE;
  }
  if (plot->runs->len == 0) {
    g_free(plot->note);
    plot->note = make_note(model, chosen);
  }
  sim_model_trace_all(model, FALSE);
  for (guint i = 0; i < n; i++) {
    run->lane_of[i] = G_MAXUINT;
    if (!chosen[i])
      continue;
    sim_model_trace(model, run->names[i]);
    Lane *lane = g_new0(Lane, 1);
    lane->client = i;
    lane->name = g_strdup(run->names[i]);
    const SimClientSpec *spec =
        g_ptr_array_index(config->clients, sim_model_client_group(model, i, NULL));
    lane->connect = spec->connect;
    lane->last_recv = -1;
    lane->events = g_array_new(FALSE, FALSE, sizeof(Event));
    run->lane_of[i] = run->lanes->len;
    g_ptr_array_add(run->lanes, lane);
  }
  g_free(chosen);

  if (!sim_run_model(scenario, model, observe, run, error)) {
    run_free(run);
    return FALSE;
  }
  for (guint k = 0; k < run->lanes->len; k++) {
    Lane *lane = g_ptr_array_index(run->lanes, k);
    SimResult result;
    sim_model_result(model, lane->client, &result);
    lane->outcome = result.outcome;
    lane->reason = result.reason;
    lane->end = result.time;
    lane->pings_sent = result.pings_sent;
    lane->restarts = result.restarts;
  }
  g_ptr_array_add(plot->runs, run);
  return TRUE;
}

/* ---- data files --------------------------------------------------------- */

static void
append_s(GString *out, SimTime t)
{
  g_string_append_printf(out, "%" G_GINT64_FORMAT ".%06d", t / SIM_US_PER_S,
                         (int)(t % SIM_US_PER_S));
}

/* Seconds to the millisecond (half up), without trailing zeros: "600.04",
 * "90", "1343.957". */
static void
append_short_s(GString *out, SimTime t)
{
  char *s = sim_duration_format_s(t, 3);
  gsize len = strlen(s);
  while (s[len - 1] == '0')
    len--;
  if (s[len - 1] == '.')
    len--;
  g_string_append_len(out, s, (gssize)len);
  g_free(s);
}

/* "recv-idle 600.04 s", "quit 812.5 s", or nothing for a lane still open. */
static void
append_end_label(GString *out, SimReason reason, SimTime t)
{
  g_string_append_printf(out, "%s ", sim_reason_name(reason));
  append_short_s(out, t);
  g_string_append(out, " s");
}

static void
append_label(GString *out, const Run *run, const Event *e)
{
  switch ((Mark)e->mark) {
  case MARK_RELAY:
    if (e->peer >= 0)
      g_string_append_printf(out, "from %s", run->names[e->peer]);
    break;
  case MARK_PING:
    g_string_append_printf(out, "PING %u/%u", e->ping, run->keepalive.ping_attempts);
    break;
  case MARK_DISCONNECT:
  case MARK_QUIT:
    append_end_label(out, (SimReason)e->reason, e->time);
    break;
  case MARK_END:
    g_string_append(out, "connected");
    break;
  default:
    break;
  }
}

#define EVENTS_HEADER "# profile\tlane\tclient\ttime_us\ttime_s\tmark\tidle_s\tlabel\n"
#define IDLE_HEADER "# profile\tlane\tclient\ttime_s\tidle_s\n"
#define LANES_HEADER                                                                     \
  "# profile\tlane\tclient\tconnect_s\tend_s\toutcome\treason\tpings_sent\trestarts\n"

/* One block per run (gnuplot's `index`), lanes in order, events in time
 * order within a lane. */
static GString *
events_tsv(const SimPlot *plot)
{
  GString *out = g_string_new(EVENTS_HEADER);
  for (guint r = 0; r < plot->runs->len; r++) {
    const Run *run = g_ptr_array_index(plot->runs, r);
    if (r > 0)
      g_string_append(out, "\n\n");
    for (guint k = 0; k < run->lanes->len; k++) {
      const Lane *lane = g_ptr_array_index(run->lanes, k);
      for (guint i = 0; i < lane->events->len; i++) {
        const Event *e = &g_array_index(lane->events, Event, i);
        g_string_append_printf(out, "%s\t%u\t%s\t%" G_GINT64_FORMAT "\t",
                               run->profile->version, k + 1, lane->name, e->time);
        append_s(out, e->time);
        g_string_append_printf(out, "\t%s\t", mark_names[e->mark]);
        if (e->last_recv >= 0)
          append_s(out, e->time - e->last_recv);
        else
          g_string_append(out, "NaN");
        g_string_append_c(out, '\t');
        append_label(out, run, e);
        g_string_append_c(out, '\n');
      }
    }
  }
  return out;
}

static gboolean
is_receipt(Mark mark)
{
  return mark == MARK_REGISTER || mark == MARK_MESSAGE || mark == MARK_PONG ||
         mark == MARK_CLIENT_PING;
}

static void
idle_point(GString *out, const Run *run, guint k, const Lane *lane, SimTime t,
           SimTime idle)
{
  g_string_append_printf(out, "%s\t%u\t%s\t", run->profile->version, k + 1, lane->name);
  append_s(out, t);
  g_string_append_c(out, '\t');
  if (idle >= 0)
    append_s(out, idle);
  else
    g_string_append(out, "NaN");
  g_string_append_c(out, '\n');
}

/* The idle curve is piecewise linear: it rises with slope 1 and drops to 0
 * at each receipt, so a point just before each receipt (same time, the
 * value it reached) and one at it describe it exactly. One block per run
 * and lane; *max receives the highest value. */
static GString *
idle_tsv(const SimPlot *plot, SimTime *max)
{
  GString *out = g_string_new(IDLE_HEADER);
  *max = 0;
  gboolean first = TRUE;
  for (guint r = 0; r < plot->runs->len; r++) {
    const Run *run = g_ptr_array_index(plot->runs, r);
    for (guint k = 0; k < run->lanes->len; k++) {
      const Lane *lane = g_ptr_array_index(run->lanes, k);
      if (!first)
        g_string_append(out, "\n\n");
      first = FALSE;
      SimTime last = -1;
      for (guint i = 0; i < lane->events->len; i++) {
        const Event *e = &g_array_index(lane->events, Event, i);
        if (is_receipt((Mark)e->mark)) {
          if (last >= 0 && e->time == last)
            continue;
          if (last >= 0) {
            idle_point(out, run, k, lane, e->time, e->time - last);
            *max = MAX(*max, e->time - last);
          }
          idle_point(out, run, k, lane, e->time, 0);
          last = e->time;
        } else if (last >= 0 &&
                   (e->mark == MARK_DISCONNECT || e->mark == MARK_QUIT ||
                    e->mark == MARK_END) &&
                   e->time > last) {
          idle_point(out, run, k, lane, e->time, e->time - last);
          *max = MAX(*max, e->time - last);
        }
      }
      if (last < 0) /* never heard from: a block gnuplot can index but not draw */
        idle_point(out, run, k, lane, lane->connect, -1);
    }
  }
  return out;
}

static GString *
lanes_tsv(const SimPlot *plot)
{
  GString *out = g_string_new(LANES_HEADER);
  for (guint r = 0; r < plot->runs->len; r++) {
    const Run *run = g_ptr_array_index(plot->runs, r);
    if (r > 0)
      g_string_append(out, "\n\n");
    for (guint k = 0; k < run->lanes->len; k++) {
      const Lane *lane = g_ptr_array_index(run->lanes, k);
      g_string_append_printf(out, "%s\t%u\t%s\t", run->profile->version, k + 1,
                             lane->name);
      append_s(out, lane->connect);
      g_string_append_c(out, '\t');
      append_s(out, lane->end);
      g_string_append_printf(
          out, "\t%s\t%s\t%u\t%u\n", sim_outcome_name(lane->outcome),
          lane->reason == SIM_REASON_NONE ? "-" : sim_reason_name(lane->reason),
          lane->pings_sent, lane->restarts);
    }
  }
  return out;
}

/* ---- the script --------------------------------------------------------- */

/* A gnuplot single-quoted string's contents: ' doubled, controls blanked. */
static void
append_quoted(GString *out, const char *text)
{
  g_string_append_c(out, '\'');
  for (const char *p = text; *p; p++) {
    if (*p == '\'')
      g_string_append(out, "''");
    else if ((guchar)*p < 0x20)
      g_string_append_c(out, ' ');
    else
      g_string_append_c(out, *p);
  }
  g_string_append_c(out, '\'');
}

static void
set_value(GHashTable *values, const char *key, GString *value)
{
  g_hash_table_insert(values, g_strdup(key), g_string_free(value, FALSE));
}

static void
set_string(GHashTable *values, const char *key, const char *text)
{
  GString *v = g_string_new(NULL);
  append_quoted(v, text);
  set_value(values, key, v);
}

static void
set_number(GHashTable *values, const char *key, SimTime us)
{
  GString *v = g_string_new(NULL);
  append_s(v, us);
  set_value(values, key, v);
}

static void
set_uint(GHashTable *values, const char *key, guint n)
{
  g_hash_table_insert(values, g_strdup(key), g_strdup_printf("%u", n));
}

/* Replaces every @KEY@ (KEY of A-Z, 0-9, _) in `text` with its value; an
 * unknown key is an error naming the template and line. Any other '@'
 * stays as it is. */
static gboolean
fill(const char *path, const char *text, GHashTable *values, GString *out, GError **error)
{
  const char *p = text;
  const char *at;
  while ((at = strchr(p, '@')) != NULL) {
    g_string_append_len(out, p, at - p);
    const char *q = at + 1;
    while (g_ascii_isupper(*q) || g_ascii_isdigit(*q) || *q == '_')
      q++;
    if (*q != '@' || q == at + 1) {
      g_string_append_c(out, '@');
      p = at + 1;
      continue;
    }
    char *key = g_strndup(at + 1, (gsize)(q - at - 1));
    const char *value = g_hash_table_lookup(values, key);
    if (value == NULL) {
      guint line = 1;
      for (const char *c = text; c < at; c++)
        line += *c == '\n';
      g_set_error(error, SIM_PLOT_ERROR, SIM_PLOT_ERROR_TEMPLATE,
                  "%s:%u: unknown placeholder @%s@", path, line, key);
      g_free(key);
      return FALSE;
    }
    g_free(key);
    g_string_append(out, value);
    p = q + 1;
  }
  g_string_append(out, p);
  return TRUE;
}

static char *
read_template(const char *dir, const char *name, GError **error)
{
  char *path = g_build_filename(dir, name, NULL);
  char *text = NULL;
  GError *local = NULL;
  if (!g_file_get_contents(path, &text, NULL, &local)) {
    g_set_error(error, SIM_PLOT_ERROR, SIM_PLOT_ERROR_TEMPLATE,
                "cannot read the plot template %s: %s; CHATSIM_PLOTS_DIR names the "
                "directory of chatsim's plots/ templates",
                path, local->message);
    g_error_free(local);
  }
  g_free(path);
  return text;
}

/* "dropped: lurker (recv-idle 600.04 s); PINGs sent: 0", "nobody dropped;
 * 2 quit; PINGs sent: 39": the panel's caption. */
static char *
run_outcome(const Run *run)
{
  GString *s = g_string_new(NULL);
  guint dropped = 0, quit = 0, pings = 0;
  for (guint k = 0; k < run->lanes->len; k++) {
    const Lane *lane = g_ptr_array_index(run->lanes, k);
    pings += lane->pings_sent;
    if (lane->outcome == SIM_OUTCOME_CONNECTED)
      continue;
    if (lane->outcome == SIM_OUTCOME_QUIT) {
      quit++;
      continue;
    }
    if (++dropped > 3)
      continue;
    g_string_append_printf(s, "%s%s (", dropped > 1 ? ", " : "dropped: ", lane->name);
    append_end_label(s, lane->reason, lane->end);
    g_string_append_c(s, ')');
  }
  if (dropped > 3)
    g_string_append_printf(s, " and %u more", dropped - 3);
  if (dropped == 0)
    g_string_append(s, "nobody dropped");
  if (quit > 0)
    g_string_append_printf(s, "; %u quit", quit);
  g_string_append_printf(s, "; PINGs sent: %u", pings);
  return g_string_free(s, FALSE);
}

static char *
relative_to(const char *dir, const char *path)
{
  char *path_dir = g_path_get_dirname(path);
  char *a = g_canonicalize_filename(dir, NULL);
  char *b = g_canonicalize_filename(path_dir, NULL);
  char *result =
      strcmp(a, b) == 0 ? g_path_get_basename(path) : g_canonicalize_filename(path, NULL);
  g_free(path_dir);
  g_free(a);
  g_free(b);
  return result;
}

static GHashTable *
script_values(const SimPlot *plot, const SimPlotSpec *spec, const char *script,
              const char *template_name, SimTime idle_max)
{
  GHashTable *v = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
  const Run *first = g_ptr_array_index(plot->runs, 0);
  gboolean dumb = spec->terminal == SIM_PLOT_TERMINAL_DUMB;
  guint width = spec->width
                    ? spec->width
                    : (dumb ? SIM_PLOT_DEFAULT_DUMB_WIDTH : SIM_PLOT_DEFAULT_WIDTH);
  guint height = spec->height;
  if (height == 0 && dumb)
    height = SIM_PLOT_DEFAULT_DUMB_HEIGHT;
  else if (height == 0) /* stacked panels keep their height past three */
    height = SIM_PLOT_DEFAULT_HEIGHT + 180 * (MAX(plot->runs->len, 3) - 3);
  char *dir = g_path_get_dirname(script);
  char *script_name = g_path_get_basename(script);
  char *output = spec->output ? relative_to(dir, spec->output) : g_strdup("");

  g_hash_table_insert(v, g_strdup("CHATSIM_VERSION"), g_strdup(CHATSIM_VERSION));
  g_hash_table_insert(v, g_strdup("TEMPLATE"), g_strdup(template_name));
  g_hash_table_insert(v, g_strdup("SCRIPT"), g_strdup(script_name));
  set_string(v, "TERMINAL", terminal_names[spec->terminal]);
  set_uint(v, "WIDTH", width);
  set_uint(v, "HEIGHT", height);
  set_string(v, "OUTPUT", output);
  set_string(v, "SCENARIO", plot->scenario);
  set_string(v, "DESCRIPTION", plot->description);
  set_string(v, "NOTE", plot->note);
  char *stem = g_strndup(script_name, strlen(script_name) - strlen(".gp"));
  char *events = g_strconcat(stem, ".events.tsv", NULL);
  char *idle = g_strconcat(stem, ".idle.tsv", NULL);
  char *lanes = g_strconcat(stem, ".lanes.tsv", NULL);
  set_string(v, "EVENTS", events);
  set_string(v, "IDLE", idle);
  set_string(v, "LANES", lanes);
  set_number(v, "DURATION", first->duration);
  set_number(v, "IDLE_MAX", idle_max);
  set_uint(v, "N_LANES", first->lanes->len);
  set_uint(v, "N_PANELS", plot->runs->len);

  GString *names = g_string_new(NULL);
  for (guint k = 0; k < first->lanes->len; k++) {
    const Lane *lane = g_ptr_array_index(first->lanes, k);
    g_string_append_printf(names, "%s%s", k ? " " : "", lane->name);
  }
  set_string(v, "LANE_NAMES", names->str);
  g_string_free(names, TRUE);

  /* Per panel: gnuplot array initialisers. */
  GString *versions = g_string_new(NULL), *labels = g_string_new(NULL),
          *outcomes = g_string_new(NULL), *marks = g_string_new(NULL),
          *delay = g_string_new(NULL), *limit = g_string_new(NULL);
  for (guint r = 0; r < plot->runs->len; r++) {
    const Run *run = g_ptr_array_index(plot->runs, r);
    const char *sep = r ? ", " : "";
    g_string_append(versions, sep);
    append_quoted(versions, run->profile->version);
    g_string_append(labels, sep);
    append_quoted(labels, run->profile->label);
    char *outcome = run_outcome(run);
    g_string_append(outcomes, sep);
    append_quoted(outcomes, outcome);
    g_free(outcome);
    GString *present = g_string_new(NULL);
    for (guint m = 0; m < N_MARKS; m++)
      if (run->marks & (1u << m))
        g_string_append_printf(present, "%s%s", present->len ? " " : "", mark_names[m]);
    g_string_append(marks, sep);
    append_quoted(marks, present->str);
    g_string_free(present, TRUE);
    g_string_append(delay, sep);
    append_s(delay, run->keepalive.ping_delay);
    g_string_append(limit, sep);
    append_s(limit, run->keepalive.recv_idle_limit);
  }
  set_value(v, "PANEL_VERSIONS", versions);
  set_value(v, "PANEL_LABELS", labels);
  set_value(v, "PANEL_OUTCOMES", outcomes);
  set_value(v, "PANEL_MARKS", marks);
  set_value(v, "PING_DELAY", delay);
  set_value(v, "RECV_IDLE_LIMIT", limit);

  g_free(stem);
  g_free(events);
  g_free(idle);
  g_free(lanes);
  g_free(output);
  g_free(script_name);
  g_free(dir);
  return v;
}

void
sim_plot_files_clear(SimPlotFiles *files)
{
  g_free(files->script);
  g_free(files->events);
  g_free(files->idle);
  g_free(files->lanes);
  memset(files, 0, sizeof *files);
}

static gboolean
save(const char *path, const GString *text, GError **error)
{
  return sim_output_save(path, text->str, text->len, error);
}

gboolean
sim_plot_write(const SimPlot *plot, const SimPlotSpec *spec, SimPlotFiles *files,
               GError **error)
{
  if (plot->runs->len == 0) {
    g_set_error(error, SIM_PLOT_ERROR, SIM_PLOT_ERROR_INVALID, "nothing was run to plot");
    return FALSE;
  }
  if (spec->figure != SIM_PLOT_FIGURE_COMPARE && plot->runs->len > 1) {
    g_set_error(error, SIM_PLOT_ERROR, SIM_PLOT_ERROR_INVALID,
                "the %s figure draws one profile, not %u; the compare figure draws "
                "several",
                figure_names[spec->figure], plot->runs->len);
    return FALSE;
  }
  if (spec->output == NULL && spec->base == NULL) {
    g_set_error(error, SIM_PLOT_ERROR, SIM_PLOT_ERROR_INVALID,
                "a figure on standard output needs a base name for its data files");
    return FALSE;
  }
  char *base;
  if (spec->base != NULL) {
    base = g_strdup(spec->base);
  } else {
    base = g_strdup(spec->output);
    char *slash = strrchr(base, '/');
    char *dot = strrchr(slash ? slash + 1 : base, '.');
    if (dot != NULL && dot != (slash ? slash + 1 : base))
      *dot = '\0';
  }
  SimPlotFiles out = {
      .script = g_strconcat(base, ".gp", NULL),
      .events = g_strconcat(base, ".events.tsv", NULL),
      .idle = g_strconcat(base, ".idle.tsv", NULL),
      .lanes = g_strconcat(base, ".lanes.tsv", NULL),
  };
  g_free(base);

  const char *dir = spec->templates ? spec->templates : sim_plot_templates_dir();
  char *template_name = g_strconcat(figure_names[spec->figure], ".gp", NULL);
  char *common_path = g_build_filename(dir, "common.gp", NULL);
  char *figure_path = g_build_filename(dir, template_name, NULL);
  char *common = read_template(dir, "common.gp", error);
  char *figure = common ? read_template(dir, template_name, error) : NULL;

  SimTime idle_max = 0;
  GString *events = events_tsv(plot);
  GString *idle = idle_tsv(plot, &idle_max);
  GString *lanes = lanes_tsv(plot);
  GHashTable *values = script_values(plot, spec, out.script, template_name, idle_max);
  GString *common_filled = g_string_new(NULL);
  GString *script = g_string_new(NULL);
  gboolean ok = figure != NULL && fill(common_path, common, values, common_filled, error);
  if (ok) {
    g_hash_table_insert(values, g_strdup("COMMON"), g_strdup(common_filled->str));
    ok = fill(figure_path, figure, values, script, error);
  }
  ok = ok && save(out.events, events, error) && save(out.idle, idle, error) &&
       save(out.lanes, lanes, error) && save(out.script, script, error);

  g_string_free(events, TRUE);
  g_string_free(idle, TRUE);
  g_string_free(lanes, TRUE);
  g_string_free(common_filled, TRUE);
  g_string_free(script, TRUE);
  g_hash_table_unref(values);
  g_free(common);
  g_free(figure);
  g_free(common_path);
  g_free(figure_path);
  g_free(template_name);
  if (ok && files != NULL)
    *files = out;
  else
    sim_plot_files_clear(&out);
  return ok;
}

/* ---- gnuplot ------------------------------------------------------------ */

char *
sim_plot_find_gnuplot(GError **error)
{
  char *path = g_find_program_in_path("gnuplot");
  if (path == NULL)
    g_set_error(error, SIM_PLOT_ERROR, SIM_PLOT_ERROR_NO_GNUPLOT,
                "gnuplot is not on PATH; install it (Debian: apt-get install %s) and "
                "run again, or render the script written with gnuplot yourself",
                SIM_PLOT_GNUPLOT_PACKAGE);
  return path;
}

gboolean
sim_plot_render(const char *gnuplot, const char *script, const char *image, char **out,
                char **log, GError **error)
{
  /* gnuplot draws into a temporary file beside the image; it is renamed
   * into place only if gnuplot succeeds. */
  SimOutput *target = NULL;
  char *set_output = NULL;
  if (image != NULL) {
    target = sim_output_open(image, error);
    if (target == NULL)
      return FALSE;
    /* No temporary file for a device or FIFO: gnuplot writes it straight. */
    const char *tmp = sim_output_temp_path(target);
    char *absolute = g_canonicalize_filename(tmp ? tmp : image, NULL);
    set_output = g_strdup_printf("CHATSIM_OUTPUT = '%s'", absolute);
    g_free(absolute);
  }
  char *dir = g_path_get_dirname(script);
  char *name = g_path_get_basename(script);
  char *argv[] = {(char *)gnuplot,
                  (char *)"--default-settings",
                  (char *)"-e",
                  set_output,
                  name,
                  NULL};
  if (set_output == NULL) {
    argv[2] = name;
    argv[3] = NULL;
  }
  char *stdout_text = NULL, *stderr_text = NULL;
  int status = 0;
  GError *local = NULL;
  gboolean ok = g_spawn_sync(dir, argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &stdout_text,
                             &stderr_text, &status, &local);
  if (!ok) {
    g_set_error(error, SIM_PLOT_ERROR, SIM_PLOT_ERROR_GNUPLOT, "cannot run %s: %s",
                gnuplot, local->message);
    g_error_free(local);
  } else if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    g_set_error(error, SIM_PLOT_ERROR, SIM_PLOT_ERROR_GNUPLOT,
                "gnuplot failed on %s (%s %d): %s", script,
                WIFEXITED(status) ? "exit status" : "signal",
                WIFEXITED(status) ? WEXITSTATUS(status) : WTERMSIG(status),
                g_strstrip(stderr_text));
    ok = FALSE;
  }
  if (target != NULL) {
    if (ok)
      ok = sim_output_commit(target, NULL, error);
    else
      sim_output_abort(target);
  }
  g_free(set_output);
  if (ok && out != NULL) {
    *out = stdout_text;
    stdout_text = NULL;
  }
  if (ok && log != NULL) {
    *log = stderr_text;
    stderr_text = NULL;
  }
  g_free(stdout_text);
  g_free(stderr_text);
  g_free(name);
  g_free(dir);
  return ok;
}

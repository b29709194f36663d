/* figure.c: a SimPlot's figures as gnuplot data files and a script
 * filled in from the figure's template. */
#include "chatsim/figure.h"

#include "chatsim/duration.h"
#include "chatsim/output.h"

#include <glib/gstdio.h>
#include <string.h>

#ifndef CHATSIM_VERSION
#define CHATSIM_VERSION "0.0.0"
#endif

G_DEFINE_QUARK(chatsim_figure_error, sim_figure_error)

/* ---- names -------------------------------------------------------------- */

static const char *const figure_names[] = {"swimlanes", "idle", "compare", "connected"};

gboolean
sim_figure_from_name(const char *name, SimFigure *figure, GError **error)
{
  for (gsize i = 0; i < G_N_ELEMENTS(figure_names); i++)
    if (g_ascii_strcasecmp(name, figure_names[i]) == 0) {
      *figure = (SimFigure)i;
      return TRUE;
    }
  g_set_error(error, SIM_FIGURE_ERROR, SIM_FIGURE_ERROR_INVALID,
              "'%s' is not a figure; accepted: swimlanes, idle, compare, connected",
              name);
  return FALSE;
}

const char *
sim_figure_name(SimFigure figure)
{
  return figure_names[figure];
}

gboolean
sim_figure_has_lanes(SimFigure figure)
{
  return figure != SIM_FIGURE_CONNECTED;
}

guint
sim_figure_max_lanes(SimFigure figure, SimGnuplotTerminal terminal, guint width,
                     guint height)
{
  gboolean dumb = terminal == SIM_GNUPLOT_TERMINAL_DUMB;
  if (width == 0)
    width = dumb ? SIM_GNUPLOT_DEFAULT_DUMB_WIDTH : SIM_GNUPLOT_DEFAULT_WIDTH;
  if (height == 0)
    height = dumb ? SIM_GNUPLOT_DEFAULT_DUMB_HEIGHT : SIM_GNUPLOT_DEFAULT_HEIGHT;
  /* Swimlanes: what the title, the time axis and a legend of six entries
   * leave, in as many columns as plots/swimlanes.gp gives it. */
  guint columns = dumb ? (MAX(width, 54u) - 14) / 40 : (MAX(width, 440u) - 150) / 290;
  guint legend = (6 + columns - 1) / columns; /* rows */
  guint chrome = dumb ? 8 + legend : 164 + 18 * legend;
  switch (figure) {
  case SIM_FIGURE_SWIMLANES:
    return (MAX(height, chrome + (dumb ? 1 : 13)) - chrome) / (dumb ? 1 : 13);
  case SIM_FIGURE_IDLE: /* a legend entry (19 px, a row) each, and two for marks */
  case SIM_FIGURE_COMPARE:
    return MIN(SIM_FIGURE_MAX_CURVES,
               dumb ? MAX(height, 13u) - 12 : (MAX(height, 207u) - 150) / 19 - 2);
  case SIM_FIGURE_CONNECTED:
    break;
  }
  return 0;
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
sim_figure_default_output(const SimScenario *scenario, SimFigure figure,
                          SimGnuplotTerminal terminal)
{
  char *stem = file_stem(scenario);
  char *out = g_strdup_printf("%s-%s.%s", stem, figure_names[figure],
                              sim_gnuplot_terminal_extension(terminal));
  g_free(stem);
  return out;
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
append_label(GString *out, const SimPlot *plot, const SimPlotRun *run,
             const SimPlotEvent *e)
{
  switch ((SimPlotMark)e->mark) {
  case SIM_PLOT_MARK_RELAY:
    if (e->peer >= 0)
      g_string_append_printf(out, "from %s", sim_plot_clients(plot)->names[e->peer]);
    break;
  case SIM_PLOT_MARK_PING:
    g_string_append_printf(out, "PING %u/%u", e->ping, run->keepalive.ping_attempts);
    break;
  case SIM_PLOT_MARK_DISCONNECT:
  case SIM_PLOT_MARK_QUIT:
    append_end_label(out, (SimReason)e->reason, e->time);
    break;
  case SIM_PLOT_MARK_END:
    g_string_append(out, "connected");
    break;
  default:
    break;
  }
}

#define EVENTS_HEADER "# profile\tlane\tclient\ttime_us\ttime_s\tmark\tidle_s\tlabel\n"
#define IDLE_HEADER "# profile\tlane\tclient\ttime_s\tidle_s\n"
#define CONNECTED_HEADER "# profile\tgroup\tclients\ttime_s\tconnected\tfraction\n"
#define LANES_HEADER                                                                     \
  "# profile\tlane\tclient\tconnect_s\tend_s\toutcome\treason\tpings_sent\trestarts\n"

/* Appends a lane's rows of one table. */
typedef void (*LaneRows)(GString *out, const SimPlot *plot, const SimPlotRun *run,
                         guint k, const SimPlotLane *lane);

/* One block per run (gnuplot's `index`), two blank lines apart, its lanes
 * in order. */
static GString *
lanes_table(const SimPlot *plot, const char *header, LaneRows rows)
{
  GString *out = g_string_new(header);
  for (guint r = 0; r < sim_plot_n_runs(plot); r++) {
    const SimPlotRun *run = sim_plot_run(plot, r);
    if (r > 0)
      g_string_append(out, "\n\n");
    for (guint k = 0; k < run->lanes->len; k++)
      rows(out, plot, run, k, g_ptr_array_index(run->lanes, k));
  }
  return out;
}

/* A lane's events, in time order. */
static void
event_rows(GString *out, const SimPlot *plot, const SimPlotRun *run, guint k,
           const SimPlotLane *lane)
{
  for (guint i = 0; i < lane->events->len; i++) {
    const SimPlotEvent *e = &g_array_index(lane->events, SimPlotEvent, i);
    g_string_append_printf(out, "%s\t%u\t%s\t%" G_GINT64_FORMAT "\t",
                           run->profile->version, k + 1, lane->name, e->time);
    append_s(out, e->time);
    g_string_append_printf(out, "\t%s\t", sim_plot_mark_name((SimPlotMark)e->mark));
    if (e->last_recv >= 0)
      append_s(out, e->time - e->last_recv);
    else
      g_string_append(out, "NaN");
    g_string_append_c(out, '\t');
    append_label(out, plot, run, e);
    g_string_append_c(out, '\n');
  }
}

static const SimPlotOutcome *
lane_outcome(const SimPlotRun *run, const SimPlotLane *lane)
{
  return &run->outcomes[lane->client];
}

static gboolean
is_receipt(SimPlotMark mark)
{
  return mark == SIM_PLOT_MARK_REGISTER || mark == SIM_PLOT_MARK_MESSAGE ||
         mark == SIM_PLOT_MARK_PONG || mark == SIM_PLOT_MARK_CLIENT_PING;
}

typedef struct {
  SimTime time;
  SimTime value; /* -1: NaN */
} Point;

/* The idle curve is piecewise linear: it rises with slope 1 and drops to 0
 * at each receipt, so a point just before each receipt (same time, the
 * value it reached) and one at it describe it exactly. A lane never heard
 * from has one NaN point: a block gnuplot can index but not draw. */
static GArray *
idle_points(const SimPlotLane *lane)
{
  GArray *points = g_array_new(FALSE, FALSE, sizeof(Point));
  SimTime last = -1;
  for (guint i = 0; i < lane->events->len; i++) {
    const SimPlotEvent *e = &g_array_index(lane->events, SimPlotEvent, i);
    if (is_receipt((SimPlotMark)e->mark)) {
      if (last >= 0 && e->time == last)
        continue;
      if (last >= 0)
        g_array_append_val(points, ((Point){e->time, e->time - last}));
      g_array_append_val(points, ((Point){e->time, 0}));
      last = e->time;
    } else if (last >= 0 &&
               (e->mark == SIM_PLOT_MARK_DISCONNECT || e->mark == SIM_PLOT_MARK_QUIT ||
                e->mark == SIM_PLOT_MARK_END) &&
               e->time > last) {
      g_array_append_val(points, ((Point){e->time, e->time - last}));
    }
  }
  if (last < 0)
    g_array_append_val(points, ((Point){lane->connect, -1}));
  return points;
}

static gboolean
same_points(const GArray *a, const GArray *b)
{
  return a->len == b->len && memcmp(a->data, b->data, (gsize)a->len * sizeof(Point)) == 0;
}

static void
append_point(GString *out, const Point *p)
{
  append_s(out, p->time);
  g_string_append_c(out, '\t');
  if (p->value >= 0)
    append_s(out, p->value);
  else
    g_string_append(out, "NaN");
  g_string_append_c(out, '\n');
}

/* One block per run and lane (block (run * lanes) + lane). *max receives the
 * highest value; same[k] the first lane whose curve is lane k's in every
 * run (k itself if none): it would hide lane k. */
static GString *
idle_tsv(const SimPlot *plot, SimTime *max, guint *same)
{
  GString *out = g_string_new(IDLE_HEADER);
  guint n_lanes = sim_plot_n_lanes(plot);
  *max = 0;
  GPtrArray *curves = g_ptr_array_new_with_free_func((GDestroyNotify)g_array_unref);
  for (guint r = 0; r < sim_plot_n_runs(plot); r++) {
    const SimPlotRun *run = sim_plot_run(plot, r);
    for (guint k = 0; k < n_lanes; k++) {
      const SimPlotLane *lane = g_ptr_array_index(run->lanes, k);
      GArray *points = idle_points(lane);
      if (r > 0 || k > 0)
        g_string_append(out, "\n\n");
      for (guint i = 0; i < points->len; i++) {
        const Point *p = &g_array_index(points, Point, i);
        g_string_append_printf(out, "%s\t%u\t%s\t", run->profile->version, k + 1,
                               lane->name);
        append_point(out, p);
        *max = MAX(*max, p->value);
      }
      g_ptr_array_add(curves, points);
    }
  }
  for (guint k = 0; k < n_lanes; k++) {
    same[k] = k;
    for (guint j = 0; j < k && same[k] == k; j++) {
      gboolean all = same[j] == j;
      for (guint r = 0; all && r < sim_plot_n_runs(plot); r++)
        all = same_points(g_ptr_array_index(curves, r * n_lanes + j),
                          g_ptr_array_index(curves, r * n_lanes + k));
      if (all)
        same[k] = j;
    }
  }
  g_ptr_array_unref(curves);
  return out;
}

/* A lane's one row: its connection and how it ended. */
static void
lane_row(GString *out, const SimPlot *plot, const SimPlotRun *run, guint k,
         const SimPlotLane *lane)
{
  (void)plot;
  const SimPlotOutcome *o = lane_outcome(run, lane);
  g_string_append_printf(out, "%s\t%u\t%s\t", run->profile->version, k + 1, lane->name);
  append_s(out, lane->connect);
  g_string_append_c(out, '\t');
  append_s(out, o->end);
  g_string_append_printf(
      out, "\t%s\t%s\t%u\t%u\n", sim_outcome_name((SimOutcome)o->outcome),
      o->reason == SIM_REASON_NONE ? "-" : sim_reason_name((SimReason)o->reason),
      o->pings_sent, o->restarts);
}

/* ---- clients connected ---------------------------------------------------- */

typedef struct {
  SimTime time;
  gint delta;
} Change;

static gint
compare_changes(gconstpointer a, gconstpointer b)
{
  const Change *x = a, *y = b;
  return x->time < y->time ? -1 : x->time > y->time;
}

/* How many of group g are connected over time, as the corners of a step
 * curve: before and after each change (same time), and at the run's end. */
static GArray *
connected_points(const SimPlot *plot, const SimPlotRun *run, guint g)
{
  GArray *changes = g_array_new(FALSE, FALSE, sizeof(Change));
  for (guint i = 0; i < sim_plot_clients(plot)->n_clients; i++) {
    if (sim_plot_clients(plot)->group_of[i] != g)
      continue;
    const SimPlotOutcome *o = &run->outcomes[i];
    g_array_append_val(changes, ((Change){sim_plot_clients(plot)->connect[g], +1}));
    if (o->outcome != SIM_OUTCOME_CONNECTED)
      g_array_append_val(changes, ((Change){o->end, -1}));
  }
  g_array_sort(changes, compare_changes);
  GArray *points = g_array_new(FALSE, FALSE, sizeof(Point));
  SimTime count = 0;
  g_array_append_val(points, ((Point){0, 0}));
  for (guint i = 0; i < changes->len;) {
    SimTime t = g_array_index(changes, Change, i).time;
    SimTime before = count;
    for (; i < changes->len && g_array_index(changes, Change, i).time == t; i++)
      count += g_array_index(changes, Change, i).delta;
    if (count == before)
      continue;
    if (t > 0)
      g_array_append_val(points, ((Point){t, before}));
    g_array_append_val(points, ((Point){t, count}));
  }
  if (g_array_index(points, Point, points->len - 1).time < run->duration)
    g_array_append_val(points, ((Point){run->duration, count}));
  g_array_unref(changes);
  return points;
}

/* Whether two groups' curves of clients connected are the same as
 * fractions of their sizes. */
static gboolean
same_fractions(const GArray *a, guint count_a, const GArray *b, guint count_b)
{
  if (a->len != b->len)
    return FALSE;
  for (guint i = 0; i < a->len; i++) {
    const Point *p = &g_array_index(a, Point, i), *q = &g_array_index(b, Point, i);
    if (p->time != q->time || p->value * count_b != q->value * count_a)
      return FALSE;
  }
  return TRUE;
}

/* One block per run and group (block run * groups + group): the clients
 * connected and their fraction of the group. *min receives the lowest
 * fraction after the groups connected; same[r * groups + g] the first group
 * whose curve in run r is group g's (g itself if none). */
static GString *
connected_tsv(const SimPlot *plot, double *min, guint *same)
{
  GString *out = g_string_new(CONNECTED_HEADER);
  guint n_groups = sim_plot_clients(plot)->n_groups;
  *min = 1.0;
  for (guint r = 0; r < sim_plot_n_runs(plot); r++) {
    const SimPlotRun *run = sim_plot_run(plot, r);
    GPtrArray *curves = g_ptr_array_new_with_free_func((GDestroyNotify)g_array_unref);
    for (guint g = 0; g < n_groups; g++) {
      GArray *points = connected_points(plot, run, g);
      if (r > 0 || g > 0)
        g_string_append(out, "\n\n");
      guint count = sim_plot_clients(plot)->counts[g];
      for (guint i = 0; i < points->len; i++) {
        const Point *p = &g_array_index(points, Point, i);
        double fraction = count ? (double)p->value / count : 0.0;
        g_string_append_printf(out, "%s\t%s\t%u\t", run->profile->version,
                               sim_plot_clients(plot)->groups[g], count);
        append_s(out, p->time);
        g_string_append_printf(out, "\t%" G_GINT64_FORMAT "\t%.6f\n", p->value, fraction);
        gboolean last_at_time =
            i + 1 == points->len || g_array_index(points, Point, i + 1).time != p->time;
        if (p->time > sim_plot_clients(plot)->connect[g] ||
            (p->time == sim_plot_clients(plot)->connect[g] && last_at_time))
          *min = MIN(*min, fraction);
      }
      guint *s = &same[r * n_groups + g];
      *s = g;
      for (guint j = 0; j < g && *s == g; j++)
        if (same[r * n_groups + j] == j &&
            same_fractions(g_ptr_array_index(curves, j),
                           sim_plot_clients(plot)->counts[j], points, count))
          *s = j;
      g_ptr_array_add(curves, points);
    }
    g_ptr_array_unref(curves);
  }
  return out;
}

/* ---- the script --------------------------------------------------------- */

static void
set_value(GHashTable *values, const char *key, GString *value)
{
  g_hash_table_insert(values, g_strdup(key), g_string_free(value, FALSE));
}

static void
set_string(GHashTable *values, const char *key, const char *text)
{
  GString *v = g_string_new(NULL);
  sim_gnuplot_append_quoted(v, text);
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

/* Appends ", " unless `array` is empty, then `text` quoted: gnuplot array
 * initialisers. */
static void
add_string(GString *array, const char *text)
{
  if (array->len > 0)
    g_string_append(array, ", ");
  sim_gnuplot_append_quoted(array, text);
}

static void
add_uint(GString *array, guint n)
{
  g_string_append_printf(array, "%s%u", array->len > 0 ? ", " : "", n);
}

static gint
compare_drops(gconstpointer a, gconstpointer b, gpointer data)
{
  const SimPlotOutcome *outcomes = data;
  guint x = *(const guint *)a, y = *(const guint *)b;
  SimTime tx = outcomes[x].end, ty = outcomes[y].end;
  return tx != ty ? (tx < ty ? -1 : 1) : (x < y ? -1 : x > y);
}

/* The panel's caption, over every client, drawn or not: "dropped 5 of 23:
 * lurk-b (recv-idle 600.055 s), ... and 2 more; PINGs sent: 258", "none of
 * 5 dropped; 2 quit; PINGs sent: 39". The first `names` drops are named,
 * in the order they happened (none: "dropped 5 of 23; PINGs sent: 258"). */
static char *
run_outcome(const SimPlot *plot, const SimPlotRun *run, guint names, guint *n_dropped)
{
  GArray *dropped = g_array_new(FALSE, FALSE, sizeof(guint));
  guint quit = 0, pings = 0;
  for (guint i = 0; i < sim_plot_clients(plot)->n_clients; i++) {
    const SimPlotOutcome *o = &run->outcomes[i];
    pings += o->pings_sent;
    if (o->outcome == SIM_OUTCOME_DISCONNECTED)
      g_array_append_val(dropped, i);
    quit += o->outcome == SIM_OUTCOME_QUIT;
  }
  g_array_sort_with_data(dropped, compare_drops, (gpointer)run->outcomes);
  GString *s = g_string_new(NULL);
  if (dropped->len == 0)
    g_string_append_printf(s, "none of %u dropped", sim_plot_clients(plot)->n_clients);
  else
    g_string_append_printf(s, "dropped %u of %u", dropped->len,
                           sim_plot_clients(plot)->n_clients);
  for (guint k = 0; k < dropped->len && k < names; k++) {
    guint i = g_array_index(dropped, guint, k);
    g_string_append_printf(s, "%s%s (", k ? ", " : ": ",
                           sim_plot_clients(plot)->names[i]);
    append_end_label(s, (SimReason)run->outcomes[i].reason, run->outcomes[i].end);
    g_string_append_c(s, ')');
  }
  if (dropped->len > names && names > 0)
    g_string_append_printf(s, " and %u more", dropped->len - names);
  if (quit > 0)
    g_string_append_printf(s, "; %u quit", quit);
  g_string_append_printf(s, "; PINGs sent: %u", pings);
  *n_dropped = dropped->len;
  g_array_unref(dropped);
  return g_string_free(s, FALSE);
}

/* A legend entry that owns up to the lanes (or groups) its curve hides:
 * "chatter.1 = .2 = .3" (members of one group), "lurk-a = talk-d.1", or
 * with `list` "lurk-a, talk-a (3) and 9 more", "every group (12)". */
static char *
merged_title(const char *const *names, const guint *same, guint n, guint k, gboolean list)
{
  guint hidden = 0;
  for (guint j = k + 1; j < n; j++)
    hidden += same[j] == k;
  if (list && n > 2 && hidden == n - 1)
    return g_strdup_printf("every group (%u)", n);
  const char *dot = strrchr(names[k], '.');
  gsize prefix = dot ? (gsize)(dot - names[k]) : 0; /* "chatter" of "chatter.1" */
  GString *s = g_string_new(names[k]);
  guint shown = 0;
  for (guint j = k + 1; j < n && shown < (list ? 2u : 3u); j++) {
    if (same[j] != k)
      continue;
    shown++;
    const char *name = names[j];
    if (!list && prefix > 0 && strncmp(name, names[k], prefix + 1) == 0)
      name += prefix; /* ".2" */
    g_string_append_printf(s, "%s%s", list ? ", " : " = ", name);
  }
  if (hidden > shown)
    g_string_append_printf(s, " and %u more", hidden - shown);
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

typedef struct {
  SimTime idle_max;
  const guint *lane_same;
  double connected_min;
  const guint *group_same;
} Extents;

static GHashTable *
script_values(const SimPlot *plot, const SimFigureSpec *spec, const SimFigureFiles *files,
              const char *template_name, const Extents *x)
{
  GHashTable *v = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
  const SimPlotRun *first = sim_plot_run(plot, 0);
  gboolean dumb = spec->terminal == SIM_GNUPLOT_TERMINAL_DUMB;
  gboolean stacked =
      spec->figure == SIM_FIGURE_COMPARE || spec->figure == SIM_FIGURE_CONNECTED;
  guint width = spec->width
                    ? spec->width
                    : (dumb ? SIM_GNUPLOT_DEFAULT_DUMB_WIDTH : SIM_GNUPLOT_DEFAULT_WIDTH);
  guint height = spec->height;
  if (height == 0 && dumb)
    height = SIM_GNUPLOT_DEFAULT_DUMB_HEIGHT;
  else if (height == 0) /* stacked panels keep their height past three */
    height = SIM_GNUPLOT_DEFAULT_HEIGHT +
             (stacked ? 180 * (MAX(sim_plot_n_runs(plot), 3) - 3) : 0);
  char *dir = g_path_get_dirname(files->script);
  char *output = spec->output ? relative_to(dir, spec->output) : g_strdup("");

  g_hash_table_insert(v, g_strdup("CHATSIM_VERSION"), g_strdup(CHATSIM_VERSION));
  g_hash_table_insert(v, g_strdup("TEMPLATE"), g_strdup(template_name));
  g_hash_table_insert(v, g_strdup("SCRIPT"), g_path_get_basename(files->script));
  set_string(v, "TERMINAL", sim_gnuplot_terminal_name(spec->terminal));
  set_uint(v, "WIDTH", width);
  set_uint(v, "HEIGHT", height);
  set_string(v, "OUTPUT", output);
  set_string(v, "SCENARIO", sim_plot_scenario(plot));
  set_string(v, "DESCRIPTION", sim_plot_description(plot));
  set_string(v, "NOTE", sim_plot_note(plot));
  static const struct {
    const char *key;
    gsize offset;
  } data[] = {
      {"EVENTS", G_STRUCT_OFFSET(SimFigureFiles, events)},
      {"IDLE", G_STRUCT_OFFSET(SimFigureFiles, idle)},
      {"LANES", G_STRUCT_OFFSET(SimFigureFiles, lanes)},
      {"CONNECTED", G_STRUCT_OFFSET(SimFigureFiles, connected)},
  };
  for (gsize i = 0; i < G_N_ELEMENTS(data); i++) {
    const char *path = G_STRUCT_MEMBER(const char *, files, data[i].offset);
    char *name = path ? g_path_get_basename(path) : g_strdup(""); /* '': not written */
    set_string(v, data[i].key, name);
    g_free(name);
  }
  set_number(v, "DURATION", first->duration);
  set_number(v, "IDLE_MAX", x->idle_max);
  g_hash_table_insert(v, g_strdup("CONNECTED_MIN"),
                      g_strdup_printf("%.6f", x->connected_min));
  set_uint(v, "N_CLIENTS", sim_plot_clients(plot)->n_clients);
  guint n_lanes = sim_plot_n_lanes(plot);
  set_uint(v, "N_LANES", n_lanes);
  set_uint(v, "N_PANELS", sim_plot_n_runs(plot));
  set_uint(v, "N_GROUPS", sim_plot_clients(plot)->n_groups);

  /* Per lane: its name, whether an earlier lane's curve hides it, and its
   * legend entry. */
  const char **lane_names = g_new0(const char *, n_lanes + 1);
  for (guint k = 0; k < n_lanes; k++)
    lane_names[k] = ((const SimPlotLane *)g_ptr_array_index(first->lanes, k))->name;
  GString *names = g_string_new(NULL), *same = g_string_new(NULL),
          *titles = g_string_new(NULL);
  guint key_chars = (guint)strlen("disconnected"); /* the longest legend entry */
  for (guint k = 0; k < n_lanes; k++) {
    g_string_append_printf(names, "%s%s", k ? " " : "", lane_names[k]);
    add_uint(same, x->lane_same[k] + 1);
    char *title = merged_title(lane_names, x->lane_same, n_lanes, k, FALSE);
    if (x->lane_same[k] == k)
      key_chars = MAX(key_chars, (guint)g_utf8_strlen(title, -1));
    add_string(titles, title);
    g_free(title);
  }
  if (n_lanes == 0) { /* gnuplot arrays have at least one element */
    add_uint(same, 0);
    add_string(titles, "");
  }
  set_string(v, "LANE_NAMES", names->str);
  g_string_free(names, TRUE);
  set_uint(v, "KEY_CHARS", key_chars);
  set_value(v, "LANE_SAME", same);
  set_value(v, "LANE_TITLES", titles);
  g_free(lane_names);

  /* Per panel: gnuplot array initialisers. A narrow image names fewer drops. */
  guint group_key_chars = 0;
  guint px = dumb ? width * 8 : width;               /* a character is about 8 px wide */
  guint usable = stacked ? MAX(px, 250u) - 250 : px; /* less the legend */
  guint drop_names = usable >= 1150 ? 3 : usable >= 950 ? 2 : usable >= 650 ? 1 : 0;
  char **group_names = g_new0(char *, sim_plot_clients(plot)->n_groups + 1);
  for (guint g = 0; g < sim_plot_clients(plot)->n_groups;
       g++) /* "lurker (9000)", "lurk-a" */
    group_names[g] = sim_plot_clients(plot)->counts[g] > 1
                         ? g_strdup_printf("%s (%u)", sim_plot_clients(plot)->groups[g],
                                           sim_plot_clients(plot)->counts[g])
                         : g_strdup(sim_plot_clients(plot)->groups[g]);
  GString *versions = g_string_new(NULL), *labels = g_string_new(NULL),
          *outcomes = g_string_new(NULL), *dropped = g_string_new(NULL),
          *marks = g_string_new(NULL), *delay = g_string_new(NULL),
          *limit = g_string_new(NULL), *group_same = g_string_new(NULL),
          *group_titles = g_string_new(NULL);
  for (guint r = 0; r < sim_plot_n_runs(plot); r++) {
    const SimPlotRun *run = sim_plot_run(plot, r);
    const char *sep = r ? ", " : "";
    add_string(versions, run->profile->version);
    add_string(labels, run->profile->label);
    guint n_dropped = 0;
    char *outcome = run_outcome(plot, run, drop_names, &n_dropped);
    add_string(outcomes, outcome);
    g_free(outcome);
    add_uint(dropped, n_dropped);
    GString *present = g_string_new(NULL);
    for (guint m = 0; m < SIM_PLOT_N_MARKS; m++)
      if (run->marks & (1u << m))
        g_string_append_printf(present, "%s%s", present->len ? " " : "",
                               sim_plot_mark_name((SimPlotMark)m));
    add_string(marks, present->str);
    g_string_free(present, TRUE);
    g_string_append(delay, sep);
    append_s(delay, run->keepalive.ping_delay);
    g_string_append(limit, sep);
    append_s(limit, run->keepalive.recv_idle_limit);
    const guint *gs = x->group_same + (gsize)r * sim_plot_clients(plot)->n_groups;
    for (guint g = 0; g < sim_plot_clients(plot)->n_groups; g++) {
      add_uint(group_same, gs[g] + 1);
      char *title = merged_title((const char *const *)group_names, gs,
                                 sim_plot_clients(plot)->n_groups, g, TRUE);
      if (gs[g] == g)
        group_key_chars = MAX(group_key_chars, (guint)g_utf8_strlen(title, -1));
      add_string(group_titles, title);
      g_free(title);
    }
  }
  set_value(v, "PANEL_VERSIONS", versions);
  set_value(v, "PANEL_LABELS", labels);
  set_value(v, "PANEL_OUTCOMES", outcomes);
  set_value(v, "PANEL_DROPPED", dropped);
  set_value(v, "PANEL_MARKS", marks);
  set_value(v, "PING_DELAY", delay);
  set_value(v, "RECV_IDLE_LIMIT", limit);
  set_uint(v, "GROUP_KEY_CHARS", group_key_chars);
  set_value(v, "GROUP_SAME", group_same);
  set_value(v, "GROUP_TITLES", group_titles);
  g_strfreev(group_names);

  g_free(output);
  g_free(dir);
  return v;
}

void
sim_figure_files_clear(SimFigureFiles *files)
{
  g_free(files->script);
  g_free(files->events);
  g_free(files->idle);
  g_free(files->lanes);
  g_free(files->connected);
  memset(files, 0, sizeof *files);
}

void
sim_figure_files_remove(const SimFigureFiles *files)
{
  const char *const paths[] = {files->script, files->events, files->idle, files->lanes,
                               files->connected};
  for (gsize i = 0; i < G_N_ELEMENTS(paths); i++)
    if (paths[i] != NULL)
      g_unlink(paths[i]);
}

static gboolean
save(const char *path, const GString *text, GError **error)
{
  return sim_output_save(path, text->str, text->len, error);
}

gboolean
sim_figure_write(const SimPlot *plot, const SimFigureSpec *spec, SimFigureFiles *files,
                 GError **error)
{
  if (sim_plot_n_runs(plot) == 0) {
    g_set_error(error, SIM_FIGURE_ERROR, SIM_FIGURE_ERROR_INVALID,
                "nothing was run to plot");
    return FALSE;
  }
  if ((spec->figure == SIM_FIGURE_SWIMLANES || spec->figure == SIM_FIGURE_IDLE) &&
      sim_plot_n_runs(plot) > 1) {
    g_set_error(error, SIM_FIGURE_ERROR, SIM_FIGURE_ERROR_INVALID,
                "the %s figure draws one profile, not %u; the compare and connected "
                "figures draw several",
                figure_names[spec->figure], sim_plot_n_runs(plot));
    return FALSE;
  }
  if (sim_figure_has_lanes(spec->figure) && sim_plot_n_lanes(plot) == 0) {
    g_set_error(error, SIM_FIGURE_ERROR, SIM_FIGURE_ERROR_INVALID,
                sim_plot_only_dropped(plot)
                    ? "no client chosen was dropped: nothing to draw in the %s "
                      "figure (the connected figure draws every group)"
                    : "no client chosen: nothing to draw in the %s figure",
                figure_names[spec->figure]);
    return FALSE;
  }
  if (spec->output == NULL && spec->base == NULL) {
    g_set_error(error, SIM_FIGURE_ERROR, SIM_FIGURE_ERROR_INVALID,
                "a figure on standard output needs a base name for its data files");
    return FALSE;
  }
  /* The lanes' figures share three data files; connected needs only its own. */
  const char *base = spec->base ? spec->base : spec->output;
  gboolean lanes_figure = sim_figure_has_lanes(spec->figure);
  SimFigureFiles out = {
      .script = g_strconcat(base, ".gp", NULL),
      .events = lanes_figure ? g_strconcat(base, ".events.tsv", NULL) : NULL,
      .idle = lanes_figure ? g_strconcat(base, ".idle.tsv", NULL) : NULL,
      .lanes = lanes_figure ? g_strconcat(base, ".lanes.tsv", NULL) : NULL,
      .connected = lanes_figure ? NULL : g_strconcat(base, ".connected.tsv", NULL),
  };

  char *dir = spec->templates ? g_strdup(spec->templates) : sim_gnuplot_templates_dir();
  char *template_name = g_strconcat(figure_names[spec->figure], ".gp", NULL);
  char *common_path = g_build_filename(dir, "common.gp", NULL);
  char *figure_path = g_build_filename(dir, template_name, NULL);
  char *common = sim_gnuplot_read_template(dir, "common.gp", error);
  char *figure = common ? sim_gnuplot_read_template(dir, template_name, error) : NULL;

  Extents x = {0};
  guint *lane_same = g_new0(guint, sim_plot_n_lanes(plot) + 1);
  guint *group_same =
      g_new0(guint, (gsize)sim_plot_n_runs(plot) * sim_plot_clients(plot)->n_groups + 1);
  x.lane_same = lane_same;
  x.group_same = group_same;
  GString *events = lanes_table(plot, EVENTS_HEADER, event_rows);
  GString *idle = idle_tsv(plot, &x.idle_max, lane_same);
  GString *lanes = lanes_table(plot, LANES_HEADER, lane_row);
  GString *connected = connected_tsv(plot, &x.connected_min, group_same);
  GHashTable *values = script_values(plot, spec, &out, template_name, &x);
  GString *common_filled = g_string_new(NULL);
  GString *script = g_string_new(NULL);
  gboolean ok = figure != NULL &&
                sim_gnuplot_fill(common_path, common, values, common_filled, error);
  if (ok) {
    g_hash_table_insert(values, g_strdup("COMMON"), g_strdup(common_filled->str));
    ok = sim_gnuplot_fill(figure_path, figure, values, script, error);
  }
  const struct {
    const char *path;
    const GString *text;
  } writes[] = {{out.events, events},
                {out.idle, idle},
                {out.lanes, lanes},
                {out.connected, connected},
                {out.script, script}};
  gsize written = 0;
  while (ok && written < G_N_ELEMENTS(writes) &&
         (writes[written].path == NULL ||
          save(writes[written].path, writes[written].text, error)))
    written++;
  if (ok && written < G_N_ELEMENTS(writes)) { /* all or nothing */
    ok = FALSE;
    for (gsize i = 0; i < written; i++)
      if (writes[i].path != NULL)
        g_unlink(writes[i].path);
  }

  g_string_free(events, TRUE);
  g_string_free(idle, TRUE);
  g_string_free(lanes, TRUE);
  g_string_free(connected, TRUE);
  g_string_free(common_filled, TRUE);
  g_string_free(script, TRUE);
  g_hash_table_unref(values);
  g_free(lane_same);
  g_free(group_same);
  g_free(common);
  g_free(figure);
  g_free(common_path);
  g_free(figure_path);
  g_free(template_name);
  g_free(dir);
  if (ok && files != NULL)
    *files = out;
  else
    sim_figure_files_clear(&out);
  return ok;
}

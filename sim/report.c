/* report.c: formats only; where the text goes is the caller's business. */
#include "chatsim/report.h"

#include "chatsim/duration.h"

static void
append_time(GString *out, SimTime t)
{
  sim_duration_append_int(out, t);
  g_string_append_c(out, '\t');
  sim_duration_append_s(out, t);
}

static void
append_channels(const SimModel *model, guint client, GString *out)
{
  guint n = 0;
  const gint32 *channels = sim_model_client_channels(model, client, &n);
  for (guint k = 0; k < n; k++)
    g_string_append_printf(out, "%s%s", k ? "," : " join ",
                           sim_model_channel_name(model, channels[k]));
}

void
sim_report_timeline_line(const SimModel *model, const SimRecord *r, GString *out)
{
  static const char *const events[] = {"connect",    "recv", "send",
                                       "disconnect", "quit", "end"};
  append_time(out, r->time);
  g_string_append_c(out, '\t');
  sim_model_append_name(model, r->client, out);
  g_string_append_printf(out, "\t%s\t", events[r->kind]);
  switch (r->kind) {
  case SIM_RECORD_CONNECT:
    g_string_append(out, "register");
    append_channels(model, r->client, out);
    break;
  case SIM_RECORD_RECV:
  case SIM_RECORD_SEND:
    g_string_append(out, sim_message_name(r->message));
    if (r->channel >= 0)
      g_string_append_printf(out, " %s", sim_model_channel_name(model, r->channel));
    if (r->peer >= 0) {
      g_string_append(out, " from ");
      sim_model_append_name(model, (guint)r->peer, out);
    }
    if (r->message == SIM_MSG_PING && r->kind == SIM_RECORD_SEND)
      g_string_append_printf(out, " %u/%u", r->ping,
                             sim_model_config(model)->keepalive.ping_attempts);
    break;
  case SIM_RECORD_DISCONNECT:
    g_string_append_printf(out, "%s: %s", sim_reason_name(r->reason), r->why);
    break;
  case SIM_RECORD_QUIT:
    g_string_append(out, "quit");
    break;
  case SIM_RECORD_END:
    g_string_append(out, "connected");
    break;
  }
  g_string_append_c(out, '\n');
}

void
sim_report_summary_row(const SimModel *model, guint client, GString *out)
{
  sim_report_summary_fields(model, client, out);
  g_string_append_c(out, '\t');
  sim_model_append_why(model, client, out);
  g_string_append_c(out, '\n');
}

void
sim_report_summary_fields(const SimModel *model, guint client, GString *out)
{
  SimResult r;
  sim_model_result(model, client, &r);
  /* printf-free: a million rows cost as much as the run that made them. */
  sim_duration_append_str(out, sim_model_config(model)->profile->version);
  g_string_append_c(out, '\t');
  sim_model_append_name(model, client, out);
  g_string_append_c(out, '\t');
  sim_duration_append_str(out, sim_outcome_name(r.outcome));
  g_string_append_c(out, '\t');
  append_time(out, r.time);
  g_string_append_c(out, '\t');
  sim_duration_append_str(out, sim_reason_name(r.reason));
  g_string_append_c(out, '\t');
  sim_duration_append_int(out, r.pings_sent);
  g_string_append_c(out, '\t');
  sim_duration_append_int(out, r.last_recv);
  g_string_append_c(out, '\t');
  sim_duration_append_int(out, r.restarts);
}

void
sim_report_summary_tsv(const SimModel *model, GString *out)
{
  for (guint i = 0; i < sim_model_n_clients(model); i++)
    sim_report_summary_row(model, i, out);
}

void
sim_report_summary_write(const SimModel *model, SimOutput *out)
{
  GString *line = g_string_sized_new(256);
  for (guint i = 0; i < sim_model_n_clients(model); i++) {
    g_string_truncate(line, 0);
    sim_report_summary_row(model, i, line);
    sim_output_puts(out, line);
  }
  g_string_free(line, TRUE);
}

/* Writes `line` to `out` and empties it. */
static void
flush_line(SimOutput *out, GString *line)
{
  sim_output_puts(out, line);
  g_string_truncate(line, 0);
}

static void
trim_right(GString *s)
{
  while (s->len > 0 && s->str[s->len - 1] == ' ')
    g_string_truncate(s, s->len - 1);
}

static gint
compare_times(gconstpointer a, gconstpointer b)
{
  SimTime x = *(const SimTime *)a, y = *(const SimTime *)b;
  return x < y ? -1 : x > y;
}

void
sim_report_append_share(GString *out, const char *group, guint n, guint count)
{
  if (n == count)
    g_string_append_printf(out, "%s: all %u", group, count);
  else
    g_string_append_printf(out, "%s: %u of %u", group, n, count);
}

void
sim_report_times(GArray *times, SimReportTimes *out)
{
  g_array_sort(times, compare_times);
  guint n = times->len;
  out->n = n;
  out->first = n ? g_array_index(times, SimTime, 0) : 0;
  out->last = n ? g_array_index(times, SimTime, n - 1) : 0;
  /* The lower middle one for an even count: a time that happened. */
  out->median = n ? g_array_index(times, SimTime, (n - 1) / 2) : 0;
}

/* The order folded lines come in: drops first, then quits, then the rest. */
static const struct {
  SimOutcome outcome;
  SimReason reason;
} classes[] = {
    {SIM_OUTCOME_DISCONNECTED, SIM_REASON_RECV_IDLE},
    {SIM_OUTCOME_DISCONNECTED, SIM_REASON_PING_TIMEOUT},
    {SIM_OUTCOME_DISCONNECTED, SIM_REASON_QUIT},
    {SIM_OUTCOME_DISCONNECTED, SIM_REASON_NONE},
    {SIM_OUTCOME_QUIT, SIM_REASON_QUIT},
    {SIM_OUTCOME_CONNECTED, SIM_REASON_NONE},
};

static gboolean
in_class(const SimResult *r, guint k)
{
  if (r->outcome != classes[k].outcome)
    return FALSE;
  /* Only a drop is told apart by its reason. */
  return r->outcome != SIM_OUTCOME_DISCONNECTED || r->reason == classes[k].reason;
}

/* Client c's end time, if its result is of class k. */
static gboolean
class_time(const SimModel *model, guint c, guint k, SimTime *time)
{
  SimResult r;
  sim_model_result(model, c, &r);
  *time = r.time;
  return in_class(&r, k);
}

/* The time of rank `rank` (0-based, in time order) among the class's
 * clients first .. first+count-1, whose times lie in [lo, hi]: a radix
 * selection, eight bits of the range a pass, so that a million clients
 * need no array of their times. */
static SimTime
class_select(const SimModel *model, guint first, guint count, guint k, SimTime lo,
             SimTime hi, guint64 rank)
{
  while (lo < hi) {
    guint bits = g_bit_storage((guint64)(hi - lo));
    guint shift = bits > 8 ? bits - 8 : 0;
    guint64 counts[256] = {0};
    for (guint c = first; c < first + count; c++) {
      SimTime t;
      if (class_time(model, c, k, &t) && t >= lo && t <= hi)
        counts[(guint64)(t - lo) >> shift]++;
    }
    guint b = 0;
    while (rank >= counts[b])
      rank -= counts[b++];
    lo += (SimTime)b << shift;
    hi = MIN(hi, lo + ((SimTime)1 << shift) - 1);
  }
  return lo;
}

/* "lurker: 12 of 1000 dropped (recv-idle), first at 412.300 s, median
 * 977.000 s", then the why of the first one dropped. */
static void
write_class(const SimModel *model, const SimClientSpec *spec, guint first, guint k,
            GString *line, SimOutput *out)
{
  SimReportTimes t = {0};
  guint earliest = G_MAXUINT;
  for (guint c = first; c < first + spec->count; c++) {
    SimTime time;
    if (!class_time(model, c, k, &time))
      continue;
    if (t.n == 0 || time < t.first) {
      earliest = c;
      t.first = time;
    }
    t.last = t.n == 0 ? time : MAX(t.last, time);
    t.n++;
  }
  if (t.n == 0)
    return;
  /* The lower middle one for an even count: a time that happened. */
  t.median = class_select(model, first, spec->count, k, t.first, t.last, (t.n - 1) / 2);
  sim_report_append_share(line, spec->name, t.n, spec->count);
  g_string_append_c(line, ' ');
  if (classes[k].outcome == SIM_OUTCOME_CONNECTED) {
    g_string_append(line, "connected to the end\n");
    flush_line(out, line);
    return;
  }
  if (classes[k].outcome == SIM_OUTCOME_QUIT)
    g_string_append(line, "quit");
  else
    g_string_append_printf(line, "dropped (%s)", sim_reason_name(classes[k].reason));
  g_autofree char *at = sim_duration_format_s(t.first, 3);
  if (t.first == t.last)
    g_string_append_printf(line, " at %s s\n", at);
  else {
    g_autofree char *median = sim_duration_format_s(t.median, 3);
    g_string_append_printf(line, ", first at %s s, median %s s\n", at, median);
  }
  if (classes[k].outcome == SIM_OUTCOME_DISCONNECTED) {
    g_string_append(line, "  why, for ");
    sim_model_append_name(model, earliest, line);
    g_string_append(line, t.n > 1 ? " (the first): " : ": ");
    sim_model_append_why(model, earliest, line);
    g_string_append_c(line, '\n');
  }
  flush_line(out, line);
}

static void
write_row(const SimModel *model, guint client, guint width, GString *line, SimOutput *out)
{
  SimResult r;
  sim_model_result(model, client, &r);
  gsize start = line->len;
  sim_model_append_name(model, client, line);
  guint name_len = (guint)(line->len - start);
  g_autofree char *at = sim_duration_format_s(r.time, 3);
  g_string_append_printf(line, "%*s  %-12s  %12s  %s", (int)(width - name_len), "",
                         sim_outcome_name(r.outcome), at, sim_reason_name(r.reason));
  trim_right(line);
  g_string_append_c(line, '\n');
  if (r.outcome == SIM_OUTCOME_DISCONNECTED) {
    g_string_append_printf(line, "%-*s  why: ", (int)width, "");
    sim_model_append_why(model, client, line);
    g_string_append_c(line, '\n');
  }
  flush_line(out, line);
}

void
sim_report_summary_text(const SimModel *model, gboolean all_rows, SimOutput *out)
{
  const GPtrArray *specs = sim_model_config(model)->clients;
  GString *line = g_string_new(NULL);
  guint width = 6, rows = 0, client = 0;
  for (guint g = 0; g < specs->len; g++) {
    const SimClientSpec *spec = g_ptr_array_index(specs, g);
    if (spec->count > 1 && !all_rows) {
      client += spec->count;
      continue;
    }
    for (guint m = 0; m < spec->count; m++, client++, rows++) {
      g_string_truncate(line, 0);
      sim_model_append_name(model, client, line);
      width = MAX(width, (guint)line->len);
    }
  }
  g_string_truncate(line, 0);
  if (rows > 0) {
    g_string_append_printf(line, "%-*s  %-12s  %12s  %s\n", (int)width, "client",
                           "outcome", "at (s)", "reason");
    flush_line(out, line);
  }
  /* The table of single clients first, then a line per kind of result in
   * each count group. */
  client = 0;
  for (guint g = 0; g < specs->len; g++) {
    const SimClientSpec *spec = g_ptr_array_index(specs, g);
    if (spec->count == 1 || all_rows)
      for (guint m = 0; m < spec->count; m++)
        write_row(model, client + m, width, line, out);
    client += spec->count;
  }
  client = 0;
  for (guint g = 0; g < specs->len && !all_rows; g++) {
    const SimClientSpec *spec = g_ptr_array_index(specs, g);
    if (spec->count > 1)
      for (guint k = 0; k < G_N_ELEMENTS(classes); k++)
        write_class(model, spec, client, k, line, out);
    client += spec->count;
  }
  g_string_free(line, TRUE);
}

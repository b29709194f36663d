/* report.c: formats only; where the text goes is the caller's business. */
#include "chatsim/report.h"

#include "chatsim/duration.h"

static void
append_time(GString *out, SimTime t)
{
  g_string_append_printf(out, "%" G_GINT64_FORMAT "\t", t);
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
  SimResult r;
  sim_model_result(model, client, &r);
  g_string_append_printf(out, "%s\t", sim_model_config(model)->profile->version);
  sim_model_append_name(model, client, out);
  g_string_append_printf(out, "\t%s\t", sim_outcome_name(r.outcome));
  append_time(out, r.time);
  g_string_append_printf(out, "\t%s\t%u\t%" G_GINT64_FORMAT "\t%u\t",
                         sim_reason_name(r.reason), r.pings_sent, r.last_recv,
                         r.restarts);
  sim_model_append_why(model, client, out);
  g_string_append_c(out, '\n');
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

void
sim_report_summary_text(const SimModel *model, GString *out)
{
  GString *name = g_string_new(NULL);
  guint width = 6;
  for (guint i = 0; i < sim_model_n_clients(model); i++) {
    g_string_truncate(name, 0);
    sim_model_append_name(model, i, name);
    width = MAX(width, (guint)name->len);
  }
  g_string_append_printf(out, "%-*s  %-12s  %12s  %s\n", (int)width, "client", "outcome",
                         "at (s)", "reason");
  for (guint i = 0; i < sim_model_n_clients(model); i++) {
    SimResult r;
    sim_model_result(model, i, &r);
    g_string_truncate(name, 0);
    sim_model_append_name(model, i, name);
    char *at = sim_duration_format_s(r.time, 3);
    g_string_append_printf(out, "%-*s  %-12s  %12s  %s", (int)width, name->str,
                           sim_outcome_name(r.outcome), at, sim_reason_name(r.reason));
    while (out->str[out->len - 1] == ' ')
      g_string_truncate(out, out->len - 1);
    g_string_append_c(out, '\n');
    g_free(at);
    if (r.outcome == SIM_OUTCOME_DISCONNECTED) {
      g_string_append_printf(out, "%-*s  why: ", (int)width, "");
      sim_model_append_why(model, i, out);
      g_string_append_c(out, '\n');
    }
  }
  g_string_free(name, TRUE);
}

/* report.h: the timeline and summary formats of docs/formats.md. */
#ifndef CHATSIM_REPORT_H
#define CHATSIM_REPORT_H

#include "chatsim/model.h"
#include "chatsim/output.h"

G_BEGIN_DECLS

#define SIM_REPORT_TIMELINE_HEADER "time_us\ttime_s\tclient\tevent\tdetail\n"
#define SIM_REPORT_SUMMARY_HEADER                                                        \
  "profile\tclient\toutcome\ttime_us\ttime_s\treason\tpings_sent\tlast_recv_"            \
  "us\trestarts\t"                                                                       \
  "why\n"

/* Appends one timeline line (with its newline) for `record`. */
void sim_report_timeline_line(const SimModel *model, const SimRecord *record,
                              GString *out);

/* One summary row per client, in client order (no header). */
void sim_report_summary_row(const SimModel *model, guint client, GString *out);
/* A row's columns before `why`, with no tab or newline after the last:
 * what the fingerprint hashes, without building the sentence. */
void sim_report_summary_fields(const SimModel *model, guint client, GString *out);
void sim_report_summary_tsv(const SimModel *model, GString *out);
/* The same rows streamed to `out` a line at a time (no header). */
void sim_report_summary_write(const SimModel *model, SimOutput *out);
/* The human summary, streamed: a table of the clients that are alone in
 * their group, each disconnect with its why; then, per count group, one
 * line per kind of result ("lurker: 12 of 1000 dropped (recv-idle), first
 * at 412.300 s, median 977.000 s") with the why of the first dropped.
 * `all_rows` puts every client in the table instead. */
void sim_report_summary_text(const SimModel *model, gboolean all_rows, SimOutput *out);

/* "lurker: 12 of 1000", or "lurker: all 1000". */
void sim_report_append_share(GString *out, const char *group, guint n, guint count);

/* Sorts `times` and fills `out`; the median of an even count is the
 * earlier of the two middle times. */
typedef struct {
  guint n;
  SimTime first;
  SimTime median;
  SimTime last;
} SimReportTimes;
void sim_report_times(GArray *times, SimReportTimes *out);

G_END_DECLS

#endif

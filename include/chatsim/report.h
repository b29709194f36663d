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
void sim_report_summary_tsv(const SimModel *model, GString *out);
/* The same rows streamed to `out` a line at a time (no header). */
void sim_report_summary_write(const SimModel *model, SimOutput *out);
/* The human summary: one line per client and each disconnect's why. */
void sim_report_summary_text(const SimModel *model, GString *out);

G_END_DECLS

#endif

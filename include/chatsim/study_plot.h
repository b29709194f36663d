/* study_plot.h: a study's figure, drawn by gnuplot from plots/study-*.gp:
 * for one variable, P(drop) against it with its Wilson 95% intervals, a
 * line per profile; for two, a heatmap of P(drop) per profile panel (the
 * "phase diagram"), the first variable across, the second up. Nothing
 * here prints. */
#ifndef CHATSIM_STUDY_PLOT_H
#define CHATSIM_STUDY_PLOT_H

#include "chatsim/study_results.h"

G_BEGIN_DECLS

#define SIM_STUDY_PLOT_ERROR (sim_study_plot_error_quark())
GQuark sim_study_plot_error_quark(void);

typedef enum {
  SIM_STUDY_PLOT_ERROR_SHAPE, /* not one or two variables, or no such group */
} SimStudyPlotError;

/* The group a figure draws: `group` when not NULL (it must exist), else
 * the first group dropped anywhere in the study, else the first group. */
const char *sim_study_plot_group(const GArray *points, const char *group, GError **error);

/* Writes IMAGE.tsv and IMAGE.gp beside `image`, named after it as the
 * timeline figures' are, and renders the image (.png, .svg, .pdf, .txt); each file is
 * written whole or not at all. `templates` NULL = sim_gnuplot_templates_dir(). */
gboolean sim_study_plot_draw(const SimStudyResults *results, const char *image,
                             const char *group, const char *templates, GError **error);

G_END_DECLS

#endif

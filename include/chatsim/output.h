/* output.h: an output file written in full or not at all. */
#ifndef CHATSIM_OUTPUT_H
#define CHATSIM_OUTPUT_H

#include <glib.h>

G_BEGIN_DECLS

#define SIM_OUTPUT_ERROR (sim_output_error_quark())
GQuark sim_output_error_quark(void);

typedef enum {
  SIM_OUTPUT_ERROR_OPEN,
  SIM_OUTPUT_ERROR_WRITE,
  SIM_OUTPUT_ERROR_SAME, /* an output is an input or another output */
} SimOutputError;

typedef struct _SimOutput SimOutput;

/* Writes go to a temporary file beside `path`, renamed over it on commit,
 * so a failed run never leaves a half-written file. That is for a regular
 * file or a missing path; a symbolic link is followed and its target
 * replaced. A character device or FIFO is written straight; "-" and any
 * other name of standard output (/dev/stdout) go to stdout; a directory
 * or anything else is refused. NULL writes nowhere. Either way a SHA-256
 * of every byte is kept. */
SimOutput *sim_output_open(const char *path, GError **error);
/* Stops keeping the SHA-256, for an output whose digest nobody asks for:
 * hashing a large table costs as much as writing it. Call it before the
 * first write; commit then gives a NULL digest. */
void sim_output_skip_fingerprint(SimOutput *out);
void sim_output_write(SimOutput *out, const char *data, gsize length);
void sim_output_puts(SimOutput *out, const GString *text);
/* Flushes, renames into place and frees; `sha256` (may be NULL) receives
 * the hex digest. On failure nothing is left at `path`. */
gboolean sim_output_commit(SimOutput *out, char **sha256, GError **error);
/* The temporary file's path, for a program that writes the file itself
 * (gnuplot); NULL for standard output or nowhere. */
const char *sim_output_temp_path(const SimOutput *out);
/* Removes the temporary file and frees. NULL is ignored. */
void sim_output_abort(SimOutput *out);

/* An input or output as the user named it: `what` says which in messages
 * ("--timeline", "the scenario"). Arrays end with a NULL path. */
typedef struct {
  const char *what;
  const char *path;
} SimOutputName;

/* FALSE (SIM_OUTPUT_ERROR_SAME) if an output is the same file as an
 * input or another output, by device and inode however the paths are
 * spelt (a missing file: by its directory's and its name). Devices and
 * FIFOs may be shared. Call it before opening anything. */
gboolean sim_output_check_distinct(const SimOutputName *inputs,
                                   const SimOutputName *outputs, GError **error);

/* Writes `contents` to `path` through the same temporary-file rename. */
gboolean sim_output_save(const char *path, const char *contents, gsize length,
                         GError **error);

G_END_DECLS

#endif

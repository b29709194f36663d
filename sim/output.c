/* output.c: stdio over a mkstemp file in the destination's directory (a
 * rename across file systems would not be atomic). */
#include "chatsim/output.h"

#include <errno.h>
#include <sys/stat.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

G_DEFINE_QUARK(chatsim_output_error, sim_output_error)

struct _SimOutput {
  char *path;
  char *tmp;
  FILE *file;
  GChecksum *sha;
  int error; /* first errno of a failed write, 0 if none */
};

/* The umask, read without umask(2), which would change it for a moment
 * under the feet of other threads. */
static mode_t
process_umask(void)
{
  static gsize cached = 0;
  if (g_once_init_enter(&cached)) {
    gsize mask = 022 + 1;
    char *status = NULL;
    if (g_file_get_contents("/proc/self/status", &status, NULL, NULL)) {
      const char *p = strstr(status, "\nUmask:");
      if (p != NULL)
        mask = (gsize)g_ascii_strtoull(p + 8, NULL, 8) + 1;
    }
    g_free(status);
    g_once_init_leave(&cached, mask);
  }
  return (mode_t)(cached - 1);
}

SimOutput *
sim_output_open(const char *path, GError **error)
{
  SimOutput *out = g_new0(SimOutput, 1);
  out->sha = g_checksum_new(G_CHECKSUM_SHA256);
  if (path == NULL)
    return out;
  out->path = g_strdup(path);
  if (strcmp(path, "-") == 0) {
    out->file = stdout;
    return out;
  }
  out->tmp = g_strdup_printf("%s.tmp-XXXXXX", path);
  int fd = g_mkstemp(out->tmp);
  /* mkstemp makes 0600; give the file the mode a plain create would. */
  if (fd >= 0)
    fchmod(fd, 0666 & ~process_umask());
  if (fd < 0 || (out->file = fdopen(fd, "w")) == NULL) {
    int saved = errno;
    g_set_error(error, SIM_OUTPUT_ERROR, SIM_OUTPUT_ERROR_OPEN, "%s: cannot write: %s",
                path, g_strerror(saved));
    if (fd >= 0) {
      close(fd);
      g_unlink(out->tmp);
    }
    g_free(out->tmp);
    out->tmp = NULL;
    out->file = NULL;
    sim_output_abort(out);
    return NULL;
  }
  return out;
}

void
sim_output_skip_fingerprint(SimOutput *out)
{
  g_return_if_fail(out != NULL);
  if (out->sha != NULL)
    g_checksum_free(out->sha);
  out->sha = NULL;
}

const char *
sim_output_temp_path(const SimOutput *out)
{
  return out->tmp;
}

void
sim_output_write(SimOutput *out, const char *data, gsize length)
{
  if (out->sha != NULL)
    g_checksum_update(out->sha, (const guchar *)data, (gssize)length);
  if (out->file != NULL && out->error == 0 &&
      fwrite(data, 1, length, out->file) != length)
    out->error = errno ? errno : EIO;
}

void
sim_output_puts(SimOutput *out, const GString *text)
{
  sim_output_write(out, text->str, text->len);
}

static void
output_free(SimOutput *out)
{
  if (out->sha != NULL)
    g_checksum_free(out->sha);
  g_free(out->path);
  g_free(out->tmp);
  g_free(out);
}

gboolean
sim_output_commit(SimOutput *out, char **sha256, GError **error)
{
  int err = out->error;
  if (out->file != NULL && fflush(out->file) != 0 && err == 0)
    err = errno;
  if (out->tmp != NULL) {
    if (fclose(out->file) != 0 && err == 0)
      err = errno;
    out->file = NULL;
    if (err == 0 && g_rename(out->tmp, out->path) != 0)
      err = errno;
    if (err != 0)
      g_unlink(out->tmp);
  }
  if (err != 0) {
    g_set_error(error, SIM_OUTPUT_ERROR, SIM_OUTPUT_ERROR_WRITE, "%s: cannot write: %s",
                out->path, g_strerror(err));
    output_free(out);
    return FALSE;
  }
  if (sha256 != NULL)
    *sha256 = out->sha != NULL ? g_strdup(g_checksum_get_string(out->sha)) : NULL;
  output_free(out);
  return TRUE;
}

void
sim_output_abort(SimOutput *out)
{
  if (out == NULL)
    return;
  if (out->tmp != NULL) {
    fclose(out->file);
    g_unlink(out->tmp);
  }
  output_free(out);
}

gboolean
sim_output_save(const char *path, const char *contents, gsize length, GError **error)
{
  SimOutput *out = sim_output_open(path, error);
  if (out == NULL)
    return FALSE;
  sim_output_write(out, contents, length);
  return sim_output_commit(out, NULL, error);
}

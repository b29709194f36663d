/* output.c: stdio over a mkstemp file in the destination's directory (a
 * rename across file systems would not be atomic). Only a regular file or
 * a missing path is replaced that way, and a symbolic link is followed to
 * its target first; a character device or a FIFO is written straight. */
/* realpath(3) is XSI. */
#define _XOPEN_SOURCE 700
#include "chatsim/output.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

G_DEFINE_QUARK(chatsim_output_error, sim_output_error)

struct _SimOutput {
  char *path;   /* as given, for messages */
  char *target; /* what the temporary file is renamed onto */
  char *tmp;
  FILE *file;
  gboolean direct; /* a device or FIFO opened here: closed, never renamed */
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

/* The path a dangling symbolic link (chain) points at, or NULL if `path`
 * is no symbolic link. */
static char *
link_target(const char *path)
{
  char *at = g_strdup(path);
  GStatBuf st;
  for (int hops = 0; hops < 40 && g_lstat(at, &st) == 0 && S_ISLNK(st.st_mode); hops++) {
    char *to = g_file_read_link(at, NULL);
    if (to == NULL)
      break;
    if (!g_path_is_absolute(to)) {
      char *dir = g_path_get_dirname(at);
      char *joined = g_build_filename(dir, to, NULL);
      g_free(dir);
      g_free(to);
      to = joined;
    }
    g_free(at);
    at = to;
  }
  if (strcmp(at, path) == 0) {
    g_free(at);
    return NULL;
  }
  return at;
}

static SimOutput *
open_failed(SimOutput *out, const char *path, int code, const char *reason,
            GError **error)
{
  g_set_error(error, SIM_OUTPUT_ERROR, code, "%s: cannot write: %s", path, reason);
  sim_output_abort(out);
  return NULL;
}

/* Opens a device or FIFO as it is: there is nothing to rename onto. */
static SimOutput *
open_direct(SimOutput *out, const char *path, GError **error)
{
  int fd = open(path, O_WRONLY | O_CLOEXEC | O_NOCTTY);
  if (fd < 0 || (out->file = fdopen(fd, "w")) == NULL) {
    int saved = errno;
    if (fd >= 0)
      close(fd);
    return open_failed(out, path, SIM_OUTPUT_ERROR_OPEN, g_strerror(saved), error);
  }
  out->direct = TRUE;
  return out;
}

static gboolean
same_file(const GStatBuf *a, int fd)
{
  GStatBuf b;
  return fstat(fd, &b) == 0 && a->st_dev == b.st_dev && a->st_ino == b.st_ino;
}

SimOutput *
sim_output_open(const char *path, GError **error)
{
  SimOutput *out = g_new0(SimOutput, 1);
  out->sha = g_checksum_new(G_CHECKSUM_SHA256);
  if (path == NULL)
    return out;
  out->path = g_strdup(path);
  GStatBuf st;
  gboolean exists = g_stat(path, &st) == 0;
  int saved = errno;
  /* "-", and any name of this process's standard output (/dev/stdout, or
   * the file the shell redirected it to), is written through stdout. */
  if (strcmp(path, "-") == 0 || (exists && same_file(&st, STDOUT_FILENO))) {
    out->file = stdout;
    return out;
  }
  mode_t mode = 0666 & ~process_umask();
  if (exists && S_ISREG(st.st_mode)) {
    char resolved[PATH_MAX];
    if (realpath(path, resolved) == NULL)
      return open_failed(out, path, SIM_OUTPUT_ERROR_OPEN, g_strerror(errno), error);
    out->target = g_strdup(resolved);
    mode = st.st_mode & 07777; /* a replaced file keeps its permissions */
  } else if (exists && (S_ISCHR(st.st_mode) || S_ISFIFO(st.st_mode))) {
    return open_direct(out, path, error);
  } else if (exists) {
    return open_failed(out, path, SIM_OUTPUT_ERROR_OPEN,
                       S_ISDIR(st.st_mode)
                           ? "is a directory"
                           : "not a regular file, character device or FIFO",
                       error);
  } else if (saved != ENOENT) {
    return open_failed(out, path, SIM_OUTPUT_ERROR_OPEN, g_strerror(saved), error);
  } else {
    out->target = link_target(path);
    if (out->target == NULL)
      out->target = g_strdup(path);
  }
  out->tmp = g_strdup_printf("%s.tmp-XXXXXX", out->target);
  int fd = g_mkstemp(out->tmp);
  /* mkstemp makes 0600; give the file the mode a plain create would. */
  if (fd >= 0)
    fchmod(fd, mode);
  if (fd < 0 || (out->file = fdopen(fd, "w")) == NULL) {
    saved = errno;
    if (fd >= 0) {
      close(fd);
      g_unlink(out->tmp);
    }
    g_free(out->tmp);
    out->tmp = NULL;
    out->file = NULL;
    return open_failed(out, path, SIM_OUTPUT_ERROR_OPEN, g_strerror(saved), error);
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
  g_free(out->target);
  g_free(out->tmp);
  g_free(out);
}

gboolean
sim_output_commit(SimOutput *out, char **sha256, GError **error)
{
  int err = out->error;
  if (out->file != NULL && fflush(out->file) != 0 && err == 0)
    err = errno;
  if (out->tmp != NULL || out->direct) {
    if (fclose(out->file) != 0 && err == 0)
      err = errno;
    out->file = NULL;
  }
  if (out->tmp != NULL) {
    if (err == 0 && g_rename(out->tmp, out->target) != 0)
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
  if (out->file != NULL && (out->tmp != NULL || out->direct))
    fclose(out->file);
  if (out->tmp != NULL)
    g_unlink(out->tmp);
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

/* Who a path writes to, for telling two names of one file apart: device
 * and inode of a regular file; of its directory and its name when it does
 * not exist yet. FALSE for devices, FIFOs and what cannot be looked at. */
typedef struct {
  dev_t dev;
  ino_t ino;
  char *name; /* NULL for an existing file */
} Identity;

static gboolean
identity_of(const char *path, Identity *id)
{
  GStatBuf st;
  id->name = NULL;
  gboolean exists =
      strcmp(path, "-") == 0 ? fstat(STDOUT_FILENO, &st) == 0 : g_stat(path, &st) == 0;
  if (exists) {
    id->dev = st.st_dev;
    id->ino = st.st_ino;
    return S_ISREG(st.st_mode);
  }
  char *target = link_target(path);
  const char *at = target ? target : path;
  char *dir = g_path_get_dirname(at);
  gboolean ok = g_stat(dir, &st) == 0;
  if (ok) {
    id->dev = st.st_dev;
    id->ino = st.st_ino;
    id->name = g_path_get_basename(at);
  }
  g_free(dir);
  g_free(target);
  return ok;
}

static gboolean
identity_equal(const Identity *a, const Identity *b)
{
  return a->dev == b->dev && a->ino == b->ino && g_strcmp0(a->name, b->name) == 0;
}

gboolean
sim_output_check_distinct(const SimOutputName *inputs, const SimOutputName *outputs,
                          GError **error)
{
  guint n_in = 0, n_out = 0;
  while (inputs != NULL && inputs[n_in].path != NULL)
    n_in++;
  while (outputs != NULL && outputs[n_out].path != NULL)
    n_out++;
  Identity *ids = g_new0(Identity, n_in + n_out);
  gboolean *known = g_new0(gboolean, n_in + n_out);
  for (guint i = 0; i < n_in + n_out; i++)
    known[i] = identity_of(i < n_in ? inputs[i].path : outputs[i - n_in].path, &ids[i]);
  gboolean ok = TRUE;
  /* Each output against every input, then against the outputs before it. */
  for (guint o = n_in; ok && o < n_in + n_out; o++)
    for (guint k = 0; ok && k < o; k++) {
      if (!known[o] || !known[k] || !identity_equal(&ids[o], &ids[k]))
        continue;
      const SimOutputName *out = &outputs[o - n_in];
      if (k < n_in)
        g_set_error(error, SIM_OUTPUT_ERROR, SIM_OUTPUT_ERROR_SAME,
                    "%s '%s' is the same file as %s '%s'; give the output another name",
                    out->what, out->path, inputs[k].what, inputs[k].path);
      else
        g_set_error(error, SIM_OUTPUT_ERROR, SIM_OUTPUT_ERROR_SAME,
                    "%s '%s' and %s '%s' are the same file; give each output its own "
                    "name",
                    outputs[k - n_in].what, outputs[k - n_in].path, out->what, out->path);
      ok = FALSE;
    }
  for (guint i = 0; i < n_in + n_out; i++)
    g_free(ids[i].name);
  g_free(ids);
  g_free(known);
  return ok;
}

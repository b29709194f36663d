/* gnuplot.c: terminals, template lookup and filling, and running gnuplot.
 * The gnuplot code itself lives in the templates (plots/). */
#include "chatsim/gnuplot.h"

#include <string.h>
#include <sys/wait.h>

#include "chatsim/output.h"

#ifndef CHATSIM_PLOTS_DIR
#define CHATSIM_PLOTS_DIR "plots"
#endif

G_DEFINE_QUARK(chatsim_gnuplot_error, sim_gnuplot_error)

/* ---- terminals ---------------------------------------------------------- */

static const char *const terminal_names[] = {"png", "svg", "pdf", "dumb"};
static const char *const terminal_extensions[] = {"png", "svg", "pdf", "txt"};

gboolean
sim_gnuplot_terminal_from_name(const char *name, SimGnuplotTerminal *terminal,
                               GError **error)
{
  for (gsize i = 0; i < G_N_ELEMENTS(terminal_names); i++)
    if (g_ascii_strcasecmp(name, terminal_names[i]) == 0) {
      *terminal = (SimGnuplotTerminal)i;
      return TRUE;
    }
  g_set_error(error, SIM_GNUPLOT_ERROR, SIM_GNUPLOT_ERROR_INVALID,
              "'%s' is not a terminal; accepted: png, svg, pdf, dumb", name);
  return FALSE;
}

const char *
sim_gnuplot_terminal_name(SimGnuplotTerminal terminal)
{
  return terminal_names[terminal];
}

/* The extension of the last component of `path`, without its dot; NULL if
 * it has none. */
static const char *
extension(const char *path)
{
  const char *base = strrchr(path, '/');
  base = base ? base + 1 : path;
  const char *dot = strrchr(base, '.');
  return dot != NULL && dot != base ? dot + 1 : NULL;
}

gboolean
sim_gnuplot_terminal_from_path(const char *path, SimGnuplotTerminal *terminal,
                               GError **error)
{
  const char *ext = extension(path);
  for (gsize i = 0; ext != NULL && i < G_N_ELEMENTS(terminal_extensions); i++)
    if (g_ascii_strcasecmp(ext, terminal_extensions[i]) == 0) {
      *terminal = (SimGnuplotTerminal)i;
      return TRUE;
    }
  g_set_error(error, SIM_GNUPLOT_ERROR, SIM_GNUPLOT_ERROR_INVALID,
              "cannot tell the terminal from the name '%s'; accepted: names ending in "
              ".png, .svg, .pdf or .txt (dumb)",
              path);
  return FALSE;
}

gboolean
sim_gnuplot_terminal_check_path(SimGnuplotTerminal terminal, const char *path,
                                GError **error)
{
  const char *ext = extension(path);
  if (ext != NULL && g_ascii_strcasecmp(ext, terminal_extensions[terminal]) == 0)
    return TRUE;
  g_set_error(error, SIM_GNUPLOT_ERROR, SIM_GNUPLOT_ERROR_INVALID,
              "'%s' does not end in .%s, but the terminal is %s: a file's extension "
              "must say what it holds; name it *.%s, or drop --terminal to take the "
              "terminal from the name",
              path, terminal_extensions[terminal], terminal_names[terminal],
              terminal_extensions[terminal]);
  return FALSE;
}

const char *
sim_gnuplot_terminal_extension(SimGnuplotTerminal terminal)
{
  return terminal_extensions[terminal];
}

gboolean
sim_gnuplot_size_parse(const char *text, guint *width, guint *height, GError **error)
{
  guint64 w = 0, h = 0;
  char **parts = g_strsplit(text, "x", -1);
  gboolean ok = g_strv_length(parts) == 2 &&
                g_ascii_string_to_unsigned(parts[0], 10, 1, 20000, &w, NULL) &&
                g_ascii_string_to_unsigned(parts[1], 10, 1, 20000, &h, NULL);
  g_strfreev(parts);
  if (!ok) {
    g_set_error(error, SIM_GNUPLOT_ERROR, SIM_GNUPLOT_ERROR_INVALID,
                "'%s' is not a size; accepted: WIDTHxHEIGHT, each from 1 to 20000, "
                "e.g. 1280x720",
                text);
    return FALSE;
  }
  *width = (guint)w;
  *height = (guint)h;
  return TRUE;
}

/* ---- templates ---------------------------------------------------------- */

char *
sim_gnuplot_find_templates(const char *env, const char *exe, const char *built_in)
{
  if (env != NULL && *env != '\0')
    return g_strdup(env);
  if (exe != NULL && *exe != '\0') {
    char *bin = g_path_get_dirname(exe);
    char *dir = g_build_filename(bin, "..", "share", "chatsim", "plots", NULL);
    char *common = g_build_filename(dir, "common.gp", NULL);
    gboolean found = g_file_test(common, G_FILE_TEST_IS_REGULAR);
    g_free(common);
    g_free(bin);
    if (found) {
      char *canonical = g_canonicalize_filename(dir, NULL);
      g_free(dir);
      return canonical;
    }
    g_free(dir);
  }
  return g_strdup(built_in);
}

char *
sim_gnuplot_templates_dir(void)
{
  char *exe = g_file_read_link("/proc/self/exe", NULL);
  char *dir =
      sim_gnuplot_find_templates(g_getenv("CHATSIM_PLOTS_DIR"), exe, CHATSIM_PLOTS_DIR);
  g_free(exe);
  return dir;
}

char *
sim_gnuplot_read_template(const char *dir, const char *name, GError **error)
{
  char *path = g_build_filename(dir, name, NULL);
  char *text = NULL;
  GError *local = NULL;
  if (!g_file_get_contents(path, &text, NULL, &local)) {
    g_set_error(error, SIM_GNUPLOT_ERROR, SIM_GNUPLOT_ERROR_TEMPLATE,
                "cannot read the plot template %s: %s; CHATSIM_PLOTS_DIR names the "
                "directory of chatsim's plots/ templates",
                path, local->message);
    g_error_free(local);
  }
  g_free(path);
  return text;
}

void
sim_gnuplot_append_quoted(GString *out, const char *text)
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

gboolean
sim_gnuplot_fill(const char *path, const char *text, GHashTable *values, GString *out,
                 GError **error)
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
      g_set_error(error, SIM_GNUPLOT_ERROR, SIM_GNUPLOT_ERROR_TEMPLATE,
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

/* ---- running gnuplot ---------------------------------------------------- */

char *
sim_gnuplot_find(GError **error)
{
  char *path = g_find_program_in_path("gnuplot");
  if (path == NULL)
    g_set_error(error, SIM_GNUPLOT_ERROR, SIM_GNUPLOT_ERROR_NOT_FOUND,
                "gnuplot is not on PATH; install it (Debian: apt-get install %s) and "
                "run again, or render the script written with gnuplot yourself",
                SIM_GNUPLOT_PACKAGE);
  return path;
}

gboolean
sim_gnuplot_render(const char *gnuplot, const char *script, const char *image, char **out,
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
    g_set_error(error, SIM_GNUPLOT_ERROR, SIM_GNUPLOT_ERROR_FAILED, "cannot run %s: %s",
                gnuplot, local->message);
    g_error_free(local);
  } else if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    g_set_error(error, SIM_GNUPLOT_ERROR, SIM_GNUPLOT_ERROR_FAILED,
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

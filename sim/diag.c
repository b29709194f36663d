/* diag.c: errors with their places, reported together. */
#include "chatsim/diag.h"

#include "chatsim/ini.h"

#include <string.h>

typedef struct {
  SimDiagPlace at;
  gint code;
  char *text; /* the whole message, place first */
} Problem;

struct _SimDiag {
  char *path;
  GPtrArray *sets;     /* char *: the --set options, made valid UTF-8 */
  GPtrArray *problems; /* Problem *, as found */
};

static void
problem_free(Problem *p)
{
  g_free(p->text);
  g_free(p);
}

SimDiag *
sim_diag_new(const char *path)
{
  SimDiag *d = g_new0(SimDiag, 1);
  d->path = g_strdup(path);
  d->sets = g_ptr_array_new_with_free_func(g_free);
  d->problems = g_ptr_array_new_with_free_func((GDestroyNotify)problem_free);
  return d;
}

void
sim_diag_free(SimDiag *d)
{
  if (d == NULL)
    return;
  g_free(d->path);
  g_ptr_array_unref(d->sets);
  g_ptr_array_unref(d->problems);
  g_free(d);
}

guint
sim_diag_add_set(SimDiag *d, const char *arg)
{
  g_ptr_array_add(d->sets, g_utf8_make_valid(arg, -1));
  return d->sets->len;
}

/* The message with every 'quoted' text longer than SIM_INI_QUOTE_MAX
 * characters cut, so that a huge input is never echoed whole. */
static void
append_clipped(GString *out, const char *message)
{
  const char *p = message;
  for (const char *open; (open = strchr(p, '\'')) != NULL;) {
    const char *close = strchr(open + 1, '\'');
    if (close == NULL)
      break;
    char *quoted = g_strndup(open + 1, (gsize)(close - open - 1));
    char *cut = sim_ini_quote(quoted);
    g_string_append_len(out, p, open + 1 - p);
    g_string_append(out, cut);
    g_string_append_c(out, '\'');
    g_free(cut);
    g_free(quoted);
    p = close + 1;
  }
  g_string_append(out, p);
}

/* "FILE:LINE: WHERE: message", or "--set 'ARG': WHERE: message". */
static char *
locate(const SimDiag *d, SimDiagPlace at, const char *where, const char *message)
{
  GString *text = g_string_new(NULL);
  if (at.set > 0) {
    g_string_append(text, "--set '");
    append_clipped(text, g_ptr_array_index(d->sets, at.set - 1));
    g_string_append_c(text, '\'');
  } else
    g_string_append(text, d->path);
  if (at.set == 0 && at.line > 0)
    g_string_append_printf(text, ":%u", at.line);
  g_string_append(text, ": ");
  if (where != NULL)
    g_string_append_printf(text, "%s: ", where);
  append_clipped(text, message);
  return g_string_free(text, FALSE);
}

static char *G_GNUC_PRINTF(4, 0)
    vlocate(const SimDiag *d, SimDiagPlace at, const char *where, const char *format,
            va_list args)
{
  char *message = g_strdup_vprintf(format, args);
  char *text = locate(d, at, where, message);
  g_free(message);
  return text;
}

void
sim_diag_fail(SimDiag *d, gint code, SimDiagPlace at, const char *where,
              const char *format, ...)
{
  va_list args;
  va_start(args, format);
  Problem *p = g_new0(Problem, 1);
  p->at = at;
  p->code = code;
  p->text = vlocate(d, at, where, format, args);
  va_end(args);
  g_ptr_array_add(d->problems, p);
}

void
sim_diag_fail_now(const SimDiag *d, GError **error, GQuark domain, gint code,
                  SimDiagPlace at, const char *where, const char *format, ...)
{
  va_list args;
  va_start(args, format);
  char *text = vlocate(d, at, where, format, args);
  va_end(args);
  g_set_error_literal(error, domain, code, text);
  g_free(text);
}

guint
sim_diag_count(const SimDiag *d)
{
  return d->problems->len;
}

/* File order: by line, the whole-file errors last; then each --set. */
static gint
problem_order(gconstpointer a, gconstpointer b)
{
  const Problem *x = *(const Problem *const *)a, *y = *(const Problem *const *)b;
  guint lx = x->at.line ? x->at.line : G_MAXUINT,
        ly = y->at.line ? y->at.line : G_MAXUINT;
  if (x->at.set != y->at.set)
    return x->at.set < y->at.set ? -1 : 1;
  return lx < ly ? -1 : lx > ly;
}

gboolean
sim_diag_report(SimDiag *d, GQuark domain, GError **error)
{
  if (d->problems->len == 0)
    return TRUE;
  /* Stable (a merge sort): errors of one line keep the order found. */
  g_ptr_array_sort(d->problems, problem_order);
  GString *text = g_string_new(NULL);
  for (guint i = 0; i < d->problems->len && i < SIM_DIAG_MAX; i++) {
    const Problem *p = g_ptr_array_index(d->problems, i);
    g_string_append_printf(text, "%s%s", i ? "\n" : "", p->text);
  }
  if (d->problems->len > SIM_DIAG_MAX)
    g_string_append_printf(text, "\n%s: %u more errors not listed", d->path,
                           d->problems->len - SIM_DIAG_MAX);
  const Problem *first = g_ptr_array_index(d->problems, 0);
  g_set_error_literal(error, domain, first->code, text->str);
  g_string_free(text, TRUE);
  return FALSE;
}

/* ini.c: GKeyFile merges repeated groups and keys silently and keeps no
 * line numbers, so the file is read here, line by line, into groups and
 * keys that know where they stand. Lookups go through hash tables so that
 * a file of 100k groups or keys reads in linear time. */
#include "chatsim/ini.h"

#include <string.h>

/* Keys a group holds before they are looked up through a table. */
#define INDEX_FROM 8

struct _SimIni {
  GPtrArray *groups;   /* SimIniGroup *, in file order */
  GHashTable *index;   /* name -> SimIniGroup *; never iterated */
  GPtrArray *orphans;  /* SimIniGroup *: repeated groups, kept for their keys */
  GPtrArray *problems; /* SimIniProblem * */
  const char *headers;
};

static void
key_free(SimIniKey *key)
{
  g_free(key->name);
  g_free(key->value);
  g_free(key);
}

static void
group_free(SimIniGroup *group)
{
  g_free(group->name);
  g_ptr_array_unref(group->keys);
  if (group->index != NULL)
    g_hash_table_unref(group->index);
  g_free(group);
}

static void
problem_free(SimIniProblem *p)
{
  g_free(p->message);
  g_free(p);
}

void
sim_ini_free(SimIni *ini)
{
  if (ini == NULL)
    return;
  g_hash_table_unref(ini->index);
  g_ptr_array_unref(ini->groups);
  g_ptr_array_unref(ini->orphans);
  g_ptr_array_unref(ini->problems);
  g_free(ini);
}

static void G_GNUC_PRINTF(4, 5)
    problem_at(SimIni *ini, guint line, guint set, const char *format, ...)
{
  va_list args;
  va_start(args, format);
  SimIniProblem *p = g_new0(SimIniProblem, 1);
  p->line = line;
  p->set = set;
  p->message = g_strdup_vprintf(format, args);
  va_end(args);
  g_ptr_array_add(ini->problems, p);
}

#define problem(ini, line, ...) problem_at((ini), (line), 0, __VA_ARGS__)

static SimIniGroup *
group_new(const char *name, gsize length, guint line)
{
  SimIniGroup *g = g_new0(SimIniGroup, 1);
  g->name = g_strndup(name, length);
  g->line = line;
  g->keys = g_ptr_array_new_with_free_func((GDestroyNotify)key_free);
  return g;
}

static void
group_add_key(SimIniGroup *g, char *name, char *value, guint line)
{
  SimIniKey *k = g_new0(SimIniKey, 1);
  k->name = name;
  k->value = value;
  k->line = line;
  g_ptr_array_add(g->keys, k);
  /* A few keys are found faster by a scan than by a table, which costs
   * more to make than a scan of them: 100k small groups read twice as
   * fast. The [expect] group of 100k keys gets its table. */
  if (g->index == NULL && g->keys->len > INDEX_FROM) {
    g->index = g_hash_table_new(g_str_hash, g_str_equal);
    for (guint i = 0; i < g->keys->len; i++) {
      SimIniKey *each = g_ptr_array_index(g->keys, i);
      g_hash_table_insert(g->index, each->name, each);
    }
  } else if (g->index != NULL)
    g_hash_table_insert(g->index, k->name, k);
}

/* '#' or ';' is a comment mark when a blank (or the start of the value)
 * stands before it and a blank (or the end of the line) after it: a
 * channel name such as #lobby is never taken for a comment. */
static gboolean
is_comment_at(const char *text, const char *p)
{
  return (*p == '#' || *p == ';') && (p == text || g_ascii_isspace(p[-1])) &&
         (p[1] == '\0' || g_ascii_isspace(p[1]));
}

/* Cuts the comment off a value, if it has one. */
static void
cut_comment(char *value)
{
  for (char *p = value; *p; p++)
    if (is_comment_at(value, p)) {
      *p = '\0';
      return;
    }
}

static SimIniGroup *
read_header(SimIni *ini, const char *line, guint lineno)
{
  const char *close = strchr(line, ']');
  const char *rest = close ? close + 1 : NULL;
  while (rest && g_ascii_isspace(*rest))
    rest++;
  if (close == NULL || close == line + 1) {
    problem(ini, lineno, "'%s' is not a group header; accepted: %s", line, ini->headers);
  } else if (*rest != '\0' && *rest != '#' && *rest != ';') {
    problem(ini, lineno,
            "'%s' is not a group header: after ']' only a comment may follow, "
            "starting with # or ;",
            line);
  } else {
    SimIniGroup *g = group_new(line + 1, (gsize)(close - line - 1), lineno);
    const SimIniGroup *first = g_hash_table_lookup(ini->index, g->name);
    if (first != NULL) {
      char *name = sim_ini_quote(g->name);
      problem(ini, lineno,
              "duplicate group [%s] (first at line %u); each group may appear once", name,
              first->line);
      g_free(name);
      g_ptr_array_add(ini->orphans, g);
    } else {
      g_ptr_array_add(ini->groups, g);
      g_hash_table_insert(ini->index, g->name, g);
    }
    return g;
  }
  /* The keys of a broken header go nowhere rather than to the group above. */
  SimIniGroup *lost = group_new("", 0, lineno);
  g_ptr_array_add(ini->orphans, lost);
  return lost;
}

static void
read_key(SimIni *ini, const char *line, guint lineno, SimIniGroup *current)
{
  const char *eq = strchr(line, '=');
  char *key = g_strstrip(g_strndup(line, (gsize)(eq - line)));
  const SimIniKey *first = current ? sim_ini_key(current, key) : NULL;
  if (current == NULL)
    problem(ini, lineno,
            "'%s' stands before any group; a file starts with a group such as [scenario]",
            line);
  else if (*key == '\0')
    problem(ini, lineno, "'%s' has no key before '='; accepted: key = value", line);
  else if (first != NULL) {
    char *where = g_strdup_printf("[%s] %s", current->name, key);
    char *cut = sim_ini_quote(where);
    problem(ini, lineno,
            "%s: duplicate key (first at line %u); each key may appear once in a group",
            cut, first->line);
    g_free(cut);
    g_free(where);
  } else {
    char *value = g_strdup(eq + 1);
    cut_comment(value);
    group_add_key(current, key, g_strstrip(value), lineno);
    return;
  }
  g_free(key);
}

SimIni *
sim_ini_parse(const char *data, gsize length, const char *headers)
{
  SimIni *ini = g_new0(SimIni, 1);
  ini->groups = g_ptr_array_new_with_free_func((GDestroyNotify)group_free);
  ini->index = g_hash_table_new(g_str_hash, g_str_equal);
  ini->orphans = g_ptr_array_new_with_free_func((GDestroyNotify)group_free);
  ini->problems = g_ptr_array_new_with_free_func((GDestroyNotify)problem_free);
  ini->headers = headers;
  /* A UTF-8 byte order mark, as Windows editors write, is not content. */
  if (length >= 3 && memcmp(data, "\xef\xbb\xbf", 3) == 0) {
    data += 3;
    length -= 3;
  }
  if (memchr(data, '\0', length) != NULL ||
      !g_utf8_validate(data, (gssize)length, NULL)) {
    problem(ini, 0, "not a text file (NUL bytes or invalid UTF-8)");
    return ini;
  }
  char *copy = g_strndup(data, length);
  SimIniGroup *current = NULL;
  guint lineno = 0;
  for (char *next = copy; next != NULL;) {
    char *line = next;
    next = strchr(line, '\n');
    if (next != NULL)
      *next++ = '\0';
    lineno++;
    line = g_strstrip(line);
    if (*line == '\0' || *line == '#' || *line == ';')
      continue;
    if (*line == '[')
      current = read_header(ini, line, lineno);
    else if (strchr(line, '=') != NULL)
      read_key(ini, line, lineno, current);
    else
      problem(ini, lineno,
              "'%s' is not a [group], a key = value pair or a comment (a line starting "
              "with # or ;)",
              line);
  }
  g_free(copy);
  return ini;
}

const GPtrArray *
sim_ini_groups(const SimIni *ini)
{
  return ini->groups;
}

const GPtrArray *
sim_ini_problems(const SimIni *ini)
{
  return ini->problems;
}

SimIniGroup *
sim_ini_group(const SimIni *ini, const char *name)
{
  return g_hash_table_lookup(ini->index, name);
}

SimIniKey *
sim_ini_key(const SimIniGroup *group, const char *name)
{
  if (group->index != NULL)
    return g_hash_table_lookup(group->index, name);
  for (guint i = 0; i < group->keys->len; i++) {
    SimIniKey *k = g_ptr_array_index(group->keys, i);
    if (strcmp(k->name, name) == 0)
      return k;
  }
  return NULL;
}

char *
sim_ini_quote(const char *text)
{
  if (g_utf8_strlen(text, SIM_INI_QUOTE_MAX * 4 + 4) <= SIM_INI_QUOTE_MAX)
    return g_strdup(text);
  const char *end = g_utf8_offset_to_pointer(text, SIM_INI_QUOTE_MAX);
  GString *cut = g_string_new_len(text, end - text);
  g_string_append(cut, "...");
  return g_string_free(cut, FALSE);
}

/* Optimal string alignment distance (a swap of neighbours counts 1),
 * ignoring ASCII case; both strings are short. */
static guint
distance(const char *a, gsize m, const char *b, gsize n)
{
  guint *rows = g_new(guint, 3 * (n + 1));
  guint *two = rows, *one = rows + n + 1, *cur = rows + 2 * (n + 1);
  for (gsize j = 0; j <= n; j++)
    one[j] = (guint)j;
  for (gsize i = 1; i <= m; i++) {
    cur[0] = (guint)i;
    for (gsize j = 1; j <= n; j++) {
      gboolean same = g_ascii_tolower(a[i - 1]) == g_ascii_tolower(b[j - 1]);
      guint d = MIN(MIN(one[j] + 1, cur[j - 1] + 1), one[j - 1] + (same ? 0 : 1));
      if (i > 1 && j > 1 && g_ascii_tolower(a[i - 1]) == g_ascii_tolower(b[j - 2]) &&
          g_ascii_tolower(a[i - 2]) == g_ascii_tolower(b[j - 1]))
        d = MIN(d, two[j - 2] + 1);
      cur[j] = d;
    }
    guint *t = two;
    two = one, one = cur, cur = t;
  }
  guint d = one[n];
  g_free(rows);
  return d;
}

const char *
sim_ini_nearest(const char *word, const char *const *candidates, gsize n)
{
  gsize m = strlen(word);
  if (m == 0 || m > 64)
    return NULL;
  /* Close enough to be a slip of the fingers, not another word. */
  guint limit = (guint)MIN(CLAMP(m / 3, 1, 3), m - 1), best_d = limit + 1;
  const char *best = NULL;
  for (gsize i = 0; i < n; i++) {
    gsize len = strlen(candidates[i]);
    if ((len > m ? len - m : m - len) > limit)
      continue;
    guint d = distance(word, m, candidates[i], len);
    if (d < best_d) {
      best_d = d;
      best = candidates[i];
    }
  }
  return best;
}

SimIniGroup *
sim_ini_set(SimIni *ini, const char *group, const char *key, const char *value, guint set)
{
  SimIniGroup *g = sim_ini_group(ini, group);
  if (g == NULL) {
    g = group_new(group, strlen(group), 0);
    g->set = set;
    g_ptr_array_add(ini->groups, g);
    g_hash_table_insert(ini->index, g->name, g);
  }
  SimIniKey *k = sim_ini_key(g, key);
  if (k == NULL) {
    group_add_key(g, g_strdup(key), g_strdup(value), 0);
    k = g_ptr_array_index(g->keys, g->keys->len - 1);
  } else {
    g_free(k->value);
    k->value = g_strdup(value);
  }
  k->set = set;
  return g;
}

void
sim_ini_apply_set(SimIni *ini, const char *arg, guint set,
                  gboolean (*may_exist)(const char *group), const char *accepted)
{
  const char *eq = strchr(arg, '=');
  const char *dot = eq ? memchr(arg, '.', (gsize)(eq - arg)) : NULL;
  if (!g_utf8_validate(arg, -1, NULL)) {
    problem_at(ini, 0, set, "not valid UTF-8");
    return;
  }
  if (strpbrk(arg, "\r\n") != NULL) {
    problem_at(ini, 0, set, "a value is one line; %s", accepted);
    return;
  }
  if (dot == NULL) {
    problem_at(ini, 0, set, "%s; %s",
               eq ? "no GROUP.KEY before '='" : "no '=' before a value", accepted);
    return;
  }
  char *left = g_strstrip(g_strndup(arg, (gsize)(eq - arg)));
  char *split = NULL;
  for (gsize i = strlen(left); split == NULL && i-- > 0;) {
    if (left[i] != '.')
      continue;
    left[i] = '\0';
    if (sim_ini_group(ini, left) != NULL || may_exist(left))
      split = left + i;
    else
      left[i] = '.';
  }
  if (split == NULL) { /* then refused as a group, with a suggestion */
    split = strchr(left, '.');
    *split = '\0';
  }
  char *key = g_strstrip(split + 1);
  char *value = g_strstrip(g_strdup(eq + 1));
  if (*key == '\0')
    problem_at(ini, 0, set, "[%s]: no key after '.'; %s", left, accepted);
  else
    sim_ini_set(ini, left, key, value, set);
  g_free(value);
  g_free(left);
}

/* ini.c: GKeyFile merges repeated groups and keys silently and keeps no
 * line numbers, so the file is read here, line by line, into groups and
 * keys that know where they stand. Lookups go through hash tables so that
 * a file of 100k groups or keys reads in linear time. */
#include "chatsim/ini.h"

#include <string.h>

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

static void G_GNUC_PRINTF(3, 4) problem(SimIni *ini, guint line, const char *format, ...)
{
  va_list args;
  va_start(args, format);
  SimIniProblem *p = g_new0(SimIniProblem, 1);
  p->line = line;
  p->message = g_strdup_vprintf(format, args);
  va_end(args);
  g_ptr_array_add(ini->problems, p);
}

static SimIniGroup *
group_new(const char *name, gsize length, guint line)
{
  SimIniGroup *g = g_new0(SimIniGroup, 1);
  g->name = g_strndup(name, length);
  g->line = line;
  g->keys = g_ptr_array_new_with_free_func((GDestroyNotify)key_free);
  g->index = g_hash_table_new(g_str_hash, g_str_equal);
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
  g_hash_table_insert(g->index, k->name, k);
}

static SimIniGroup *
read_header(SimIni *ini, const char *line, guint lineno)
{
  gsize len = strlen(line);
  if (line[len - 1] != ']' || len < 3) {
    problem(ini, lineno, "'%s' is not a group header; accepted: %s", line, ini->headers);
    /* Its keys go nowhere rather than to the group above it. */
    SimIniGroup *lost = group_new("", 0, lineno);
    g_ptr_array_add(ini->orphans, lost);
    return lost;
  }
  SimIniGroup *g = group_new(line + 1, len - 2, lineno);
  const SimIniGroup *first = g_hash_table_lookup(ini->index, g->name);
  if (first != NULL) {
    problem(ini, lineno,
            "duplicate group [%s] (first at line %u); each group may appear once",
            g->name, first->line);
    g_ptr_array_add(ini->orphans, g);
  } else {
    g_ptr_array_add(ini->groups, g);
    g_hash_table_insert(ini->index, g->name, g);
  }
  return g;
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
  else if (first != NULL)
    problem(ini, lineno,
            "[%s] %s: duplicate key (first at line %u); each key may appear once in a "
            "group",
            current->name, key, first->line);
  else {
    group_add_key(current, key, g_strstrip(g_strdup(eq + 1)), lineno);
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
    if (*line == '\0' || *line == '#')
      continue;
    if (*line == '[')
      current = read_header(ini, line, lineno);
    else if (strchr(line, '=') != NULL)
      read_key(ini, line, lineno, current);
    else
      problem(ini, lineno, "'%s' is not a [group], a key = value pair or a # comment",
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
  return g_hash_table_lookup(group->index, name);
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

/* test_ini.c: the raw reading of scenario files: groups, keys, values and
 * the lines they stand on; problems per line, never a stop. */
#include "testutil.h"

#include "chatsim/ini.h"

#include <string.h>

static SimIni *
parse(const char *text)
{
  return sim_ini_parse(text, strlen(text), "[NAME]");
}

static const char *
problem(const SimIni *ini, guint i, guint *line)
{
  const SimIniProblem *p = g_ptr_array_index(sim_ini_problems(ini), i);
  *line = p->line;
  return p->message;
}

/* Groups and keys in file order, each with its line; values trimmed. */
static void
test_groups_and_keys(void)
{
  const char *text = "# comment\n[a]\nx = 1\n  y=  two words  \n\n[b c]\nz =\n";
  g_autoptr(SimIni) ini = parse(text);
  CU_ASSERT_EQUAL(sim_ini_problems(ini)->len, 0);
  const GPtrArray *groups = sim_ini_groups(ini);
  CU_ASSERT_EQUAL_FATAL(groups->len, 2);
  const SimIniGroup *a = g_ptr_array_index(groups, 0);
  CU_ASSERT_STRING_EQUAL(a->name, "a");
  CU_ASSERT_EQUAL(a->line, 2);
  CU_ASSERT_EQUAL_FATAL(a->keys->len, 2);
  const SimIniKey *y = sim_ini_key(a, "y");
  CU_ASSERT_PTR_NOT_NULL_FATAL(y);
  CU_ASSERT_STRING_EQUAL(y->value, "two words");
  CU_ASSERT_EQUAL(y->line, 4);
  CU_ASSERT_PTR_EQUAL(g_ptr_array_index(a->keys, 1), y);
  const SimIniGroup *bc = sim_ini_group(ini, "b c");
  CU_ASSERT_PTR_NOT_NULL_FATAL(bc);
  CU_ASSERT_STRING_EQUAL(sim_ini_key(bc, "z")->value, "");
  CU_ASSERT_PTR_NULL(sim_ini_group(ini, "b"));
  CU_ASSERT_PTR_NULL(sim_ini_key(bc, "x"));
}

/* The comment rule: a line starting with # or ;, or # or ; with a blank
 * before and after it (or the end of the line); a channel name never. */
static void
test_comments(void)
{
  const char *text = "; Windows style\n"
                     "  # indented\n"
                     "[server]   # after a header\n"
                     "a = 1h   # after a value\n"
                     "b = #lobby, #help ; two channels\n"
                     "c = Topic #2 #\n"
                     "d = x#y;z\n"
                     "e = # nothing but a comment\n"
                     "f = #lobby #help\n"
                     "[x];tight\n";
  g_autoptr(SimIni) ini = parse(text);
  CU_ASSERT_EQUAL(sim_ini_problems(ini)->len, 0);
  const SimIniGroup *g = sim_ini_group(ini, "server");
  CU_ASSERT_PTR_NOT_NULL_FATAL(g);
  CU_ASSERT_STRING_EQUAL(sim_ini_key(g, "a")->value, "1h");
  CU_ASSERT_STRING_EQUAL(sim_ini_key(g, "b")->value, "#lobby, #help");
  CU_ASSERT_STRING_EQUAL(sim_ini_key(g, "c")->value, "Topic #2");
  CU_ASSERT_STRING_EQUAL(sim_ini_key(g, "d")->value, "x#y;z");
  CU_ASSERT_STRING_EQUAL(sim_ini_key(g, "e")->value, "");
  /* Not a comment: the value is refused later as two channel names. */
  CU_ASSERT_STRING_EQUAL(sim_ini_key(g, "f")->value, "#lobby #help");
  CU_ASSERT_PTR_NOT_NULL(sim_ini_group(ini, "x"));
  g_autoptr(SimIni) bad = parse("[server] ping_delay = 1\n");
  guint line;
  CU_ASSERT_EQUAL_FATAL(sim_ini_problems(bad)->len, 1);
  CU_ASSERT_STRING_EQUAL(problem(bad, 0, &line),
                         "'[server] ping_delay = 1' is not a group header: after ']' "
                         "only a comment may follow, starting with # or ;");
}

/* Many keys: found through a table, in file order still; a repeat is
 * caught past the table's start as before it. */
static void
test_many_keys(void)
{
  GString *text = g_string_new("[g]\n");
  for (int i = 0; i < 20; i++)
    g_string_append_printf(text, "k%d = %d\n", i, i);
  g_string_append(text, "k3 = again\nk19 = again\n");
  g_autoptr(SimIni) ini = parse(text->str);
  const SimIniGroup *g = sim_ini_group(ini, "g");
  CU_ASSERT_EQUAL_FATAL(g->keys->len, 20);
  for (int i = 0; i < 20; i++) {
    char *name = g_strdup_printf("k%d", i);
    const SimIniKey *k = sim_ini_key(g, name);
    CU_ASSERT_PTR_EQUAL(k, g_ptr_array_index(g->keys, i));
    CU_ASSERT_EQUAL(k->line, (guint)i + 2);
    g_free(name);
  }
  CU_ASSERT_PTR_NULL(sim_ini_key(g, "k20"));
  CU_ASSERT_EQUAL(sim_ini_problems(ini)->len, 2);
  g_string_free(text, TRUE);
}

/* Every bad line is a problem; reading goes on. */
static void
test_problems(void)
{
  const char *text = "k = before\n[a]\nx = 1\nx = 2\njunk\n[a]\n= v\n[open\ny = 3\n";
  g_autoptr(SimIni) ini = parse(text);
  const GPtrArray *p = sim_ini_problems(ini);
  CU_ASSERT_EQUAL_FATAL(p->len, 6);
  guint line;
  CU_ASSERT_STRING_EQUAL(problem(ini, 0, &line), "'k = before' stands before any group; "
                                                 "a file starts with a group such as "
                                                 "[scenario]");
  CU_ASSERT_EQUAL(line, 1);
  CU_ASSERT_STRING_EQUAL(problem(ini, 1, &line),
                         "[a] x: duplicate key (first at line 3); each key may appear "
                         "once in a group");
  CU_ASSERT_EQUAL(line, 4);
  CU_ASSERT_STRING_EQUAL(problem(ini, 2, &line),
                         "'junk' is not a [group], a key = value pair or a comment (a "
                         "line starting with # or ;)");
  CU_ASSERT_EQUAL(line, 5);
  CU_ASSERT_STRING_EQUAL(problem(ini, 3, &line),
                         "duplicate group [a] (first at line 2); each group may appear "
                         "once");
  CU_ASSERT_EQUAL(line, 6);
  CU_ASSERT_STRING_EQUAL(problem(ini, 4, &line),
                         "'= v' has no key before '='; accepted: key = value");
  CU_ASSERT_EQUAL(line, 7);
  CU_ASSERT_STRING_EQUAL(problem(ini, 5, &line),
                         "'[open' is not a group header; accepted: [NAME]");
  CU_ASSERT_EQUAL(line, 8);
  /* The first [a] keeps its first x; keys under bad headers go nowhere. */
  CU_ASSERT_EQUAL(sim_ini_groups(ini)->len, 1);
  CU_ASSERT_STRING_EQUAL(sim_ini_key(sim_ini_group(ini, "a"), "x")->value, "1");
}

static void
test_not_text(void)
{
  g_autoptr(SimIni) ini = sim_ini_parse("[a]\0x", 5, "[NAME]");
  guint line;
  CU_ASSERT_EQUAL_FATAL(sim_ini_problems(ini)->len, 1);
  CU_ASSERT_STRING_EQUAL(problem(ini, 0, &line),
                         "not a text file (NUL bytes or invalid UTF-8)");
  CU_ASSERT_EQUAL(line, 0);
  g_autoptr(SimIni) bom = parse("\xef\xbb\xbf[a]\nx = 1\n");
  CU_ASSERT_EQUAL(sim_ini_problems(bom)->len, 0);
  CU_ASSERT_PTR_NOT_NULL(sim_ini_group(bom, "a"));
}

static gboolean
may_exist(const char *group)
{
  return strcmp(group, "server") == 0 || strcmp(group, "expect 5.5") == 0 ||
         strcmp(group, "client a") == 0;
}

/* --set: the longest group the file has or may have; dotted keys. */
static void
test_apply_set(void)
{
  g_autoptr(SimIni) ini = parse("[expect 5.5.1]\nx = 1\n[server]\nd = 1\n");
  sim_ini_apply_set(ini, "server.d = 2", 1, may_exist, "A");
  sim_ini_apply_set(ini, "expect 5.5.1.c.3=q", 2, may_exist, "A");
  sim_ini_apply_set(ini, "expect 5.5.m.2=r", 3, may_exist, "A");
  sim_ini_apply_set(ini, "client a.talk=a=b", 4, may_exist, "A");
  sim_ini_apply_set(ini, "nosuch.k=v", 5, may_exist, "A");
  sim_ini_apply_set(ini, "server.=1", 6, may_exist, "A");
  sim_ini_apply_set(ini, "noequals", 7, may_exist, "A");
  const SimIniKey *d = sim_ini_key(sim_ini_group(ini, "server"), "d");
  CU_ASSERT_STRING_EQUAL(d->value, "2");
  CU_ASSERT_EQUAL(d->line, 4); /* replaced where it stands */
  CU_ASSERT_EQUAL(d->set, 1);
  CU_ASSERT_STRING_EQUAL(sim_ini_key(sim_ini_group(ini, "expect 5.5.1"), "c.3")->value,
                         "q");
  CU_ASSERT_STRING_EQUAL(sim_ini_key(sim_ini_group(ini, "expect 5.5"), "m.2")->value,
                         "r");
  const SimIniGroup *a = sim_ini_group(ini, "client a");
  CU_ASSERT_PTR_NOT_NULL_FATAL(a);
  CU_ASSERT_EQUAL(a->set, 4);
  CU_ASSERT_STRING_EQUAL(sim_ini_key(a, "talk")->value, "a=b");
  CU_ASSERT_STRING_EQUAL(sim_ini_key(sim_ini_group(ini, "nosuch"), "k")->value, "v");
  const GPtrArray *groups = sim_ini_groups(ini);
  CU_ASSERT_EQUAL(groups->len, 5); /* the file's two, then the new ones in order */
  CU_ASSERT_STRING_EQUAL(((SimIniGroup *)g_ptr_array_index(groups, 2))->name,
                         "expect 5.5");
  guint line;
  CU_ASSERT_EQUAL_FATAL(sim_ini_problems(ini)->len, 2);
  CU_ASSERT_STRING_EQUAL(problem(ini, 0, &line), "[server]: no key after '.'; A");
  CU_ASSERT_STRING_EQUAL(problem(ini, 1, &line), "no '=' before a value; A");
}

/* A slip of the fingers finds its word; another word does not. */
static void
test_nearest(void)
{
  const char *const keys[] = {"name", "duration", "seed", "ping_delay", "start"};
  CU_ASSERT_STRING_EQUAL(sim_ini_nearest("duraton", keys, 5), "duration");
  CU_ASSERT_STRING_EQUAL(sim_ini_nearest("Duration", keys, 5), "duration");
  CU_ASSERT_STRING_EQUAL(sim_ini_nearest("PingDelay", keys, 5), "ping_delay");
  CU_ASSERT_STRING_EQUAL(sim_ini_nearest("strat", keys, 5), "start");
  CU_ASSERT_STRING_EQUAL(sim_ini_nearest("sede", keys, 5), "seed");
  CU_ASSERT_PTR_NULL(sim_ini_nearest("length", keys, 5));
  CU_ASSERT_PTR_NULL(sim_ini_nearest("", keys, 5));
  CU_ASSERT_PTR_NULL(sim_ini_nearest("x", keys, 5));
}

/* Quoted input is cut after 80 characters, never inside a character. */
static void
test_quote(void)
{
  char *short_text = sim_ini_quote("short");
  CU_ASSERT_STRING_EQUAL(short_text, "short");
  GString *long_text = g_string_new(NULL);
  for (int i = 0; i < 100; i++)
    g_string_append(long_text, "\xc3\xa9"); /* é */
  char *cut = sim_ini_quote(long_text->str);
  CU_ASSERT_EQUAL(g_utf8_strlen(cut, -1), SIM_INI_QUOTE_MAX + 3);
  CU_ASSERT_TRUE(g_str_has_suffix(cut, "\xc3\xa9..."));
  g_free(short_text);
  g_free(cut);
  g_string_free(long_text, TRUE);
}

int
main(void)
{
  static const TestCase tests[] = {
      {"groups and keys with their lines", test_groups_and_keys},
      {"every bad line is a problem", test_problems},
      {"the comment rule", test_comments},
      {"many keys in a group", test_many_keys},
      {"binary files and byte order marks", test_not_text},
      {"quoted input is cut", test_quote},
      {"did you mean", test_nearest},
      {"--set GROUP.KEY=VALUE", test_apply_set},
      {NULL, NULL},
  };
  return test_run_suite("ini", tests);
}

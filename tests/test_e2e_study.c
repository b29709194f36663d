/* test_e2e_study.c: `chatsim study` on real study files: outcomes worked
 * out by hand, P(drop) against an independent reference, the same bytes
 * whatever the jobs or slices, and bad input refused before anything is
 * written. */
#include "testutil.h"

#include <glib/gstdio.h>
#include <string.h>
#include <sys/wait.h>

/* The rows of a TSV file after its provenance and header lines, split into
 * cells; the header's cells in `header`. */
static GPtrArray *
read_rows(const char *path, char ***header)
{
  char *text = test_slurp(path);
  char **lines = g_strsplit(text, "\n", -1);
  GPtrArray *rows = g_ptr_array_new_with_free_func((GDestroyNotify)g_strfreev);
  CU_ASSERT_TRUE(g_str_has_prefix(lines[0], "# chatsim "));
  *header = lines[0] && lines[1] ? g_strsplit(lines[1], "\t", -1) : g_new0(char *, 1);
  for (guint i = 2; lines[0] && lines[1] && lines[i]; i++)
    if (lines[i][0] != '\0')
      g_ptr_array_add(rows, g_strsplit(lines[i], "\t", -1));
  g_strfreev(lines);
  g_free(text);
  return rows;
}

static int
column(char **header, const char *name)
{
  for (int i = 0; header[i]; i++)
    if (strcmp(header[i], name) == 0)
      return i;
  CU_FAIL("no such column");
  return 0;
}

static char *
run_study(const char *file, const char *dir, const char *sub, const char *jobs)
{
  char *out = g_build_filename(dir, sub, NULL);
  TestRun run;
  test_chatsim(&run, NULL, "study", file, "-o", out, "--jobs", jobs, "--quiet", NULL);
  CU_ASSERT_EQUAL(run.status, 0);
  CU_ASSERT_STRING_EQUAL(run.out, "");
  CU_ASSERT_STRING_EQUAL(run.err, "");
  test_run_clear(&run);
  return out;
}

/* One row of an every-grid points.tsv. */
typedef struct {
  gboolean lurker;   /* else the talker's row */
  gboolean affected; /* under 5.5.2577.0 */
  int pd, d;
  const char *drops, *median;
} GridRow;

typedef void (*GridCheck)(const GridRow *row);

/* Checks every row of an every-grid study's points.tsv; each of its 3
 * ping_delays x 4 periods x 3 profiles has a lurker row. */
static void
check_every_grid(const char *points, GridCheck check)
{
  char **header;
  GPtrArray *rows = read_rows(points, &header);
  int profile = column(header, "profile"), pd = column(header, "pd"),
      d = column(header, "D"), group = column(header, "group"),
      drops = column(header, "drops"), median = column(header, "ttd_median");
  guint lurkers = 0;
  for (guint i = 0; i < rows->len; i++) {
    char **row = g_ptr_array_index(rows, i);
    GridRow r = {
        .lurker = strcmp(row[group], "lurker") == 0,
        .affected = strcmp(row[profile], "5.5.2577.0") == 0,
        .pd = atoi(row[pd]),
        .d = atoi(row[d]),
        .drops = row[drops],
        .median = row[median],
    };
    check(&r);
    lurkers += r.lurker;
  }
  CU_ASSERT_EQUAL(lurkers, 3 * 4 * 3);
  g_ptr_array_unref(rows);
  g_strfreev(header);
}

/* tests/data/every-grid.study: a talker speaks every D (its first message
 * at D), the lurker never; no latency, so the server hears the lurker at 0
 * and relays each message to it at k*D. By docs/model.md:
 * - 5.5.2577.0 restarts the lurker's ping process at every relay. When D <
 *   ping_delay a relay always comes before the PING falls due, so the
 *   lurker is never PINGed, never answers, and the receive-idle limit drops
 *   it at 600 s. When D > ping_delay the PING goes out at k*D + ping_delay,
 *   the lurker answers at once and stays. (No D equals a ping_delay.)
 * - SP2 and 5.5.2621.0 restart only on data received: the lurker is PINGed
 *   ping_delay after each answer and stays, whatever D. */
static void
check_by_hand(const GridRow *r)
{
  if (!r->lurker) {
    CU_ASSERT_STRING_EQUAL(r->drops, "0"); /* the talker always answers */
    return;
  }
  gboolean expect = r->affected && r->d < r->pd;
  CU_ASSERT_STRING_EQUAL(r->drops, expect ? "1" : "0");
  CU_ASSERT_STRING_EQUAL(r->median, expect ? "600.000000" : "NA");
}

static void
test_every_grid_by_hand(void)
{
  char *dir = test_tmpdir();
  char *out = run_study("tests/data/every-grid.study", dir, "out", "2");
  char *points = g_build_filename(out, "points.tsv", NULL);
  check_every_grid(points, check_by_hand);
  g_free(points);
  g_free(out);
  test_tmpdir_free(dir);
}

/* The same grid with --set 'client lurker.pong=no': a hung lurker. By
 * docs/model.md (2 PINGs, reply window = ping_delay): where nothing
 * restarts its ping process it is PINGed at pd and 2*pd and dropped at
 * 3*pd (ping-timeout). So under SP2 and 5.5.2621.0 at 3*pd. Under
 * 5.5.2577.0 each relay (every D) restarts the round, so the drop at 3*pd
 * happens only when 3*pd < D; otherwise it never answers and the
 * receive-idle limit drops it at 600 s. The provenance names the --set. */
static void
check_hung(const GridRow *r)
{
  if (!r->lurker)
    return;
  int at = !r->affected || 3 * r->pd < r->d ? 3 * r->pd : 600;
  char *expect = g_strdup_printf("%d.000000", at);
  CU_ASSERT_STRING_EQUAL(r->drops, "1");
  CU_ASSERT_STRING_EQUAL(r->median, expect);
  g_free(expect);
}

static void
test_every_grid_hung(void)
{
  char *dir = test_tmpdir();
  char *out = g_build_filename(dir, "out", NULL);
  TestRun run;
  test_chatsim(&run, NULL, "study", "tests/data/every-grid.study", "-o", out, "--set",
               "client lurker.pong=no", "--quiet", NULL);
  CU_ASSERT_EQUAL(run.status, 0);
  test_run_clear(&run);
  char *points = g_build_filename(out, "points.tsv", NULL);
  char *text = test_slurp(points);
  CU_ASSERT_TRUE(g_str_has_suffix(strtok(text, "\n"), " runs; command: chatsim study "
                                                      "tests/data/every-grid.study "
                                                      "--set 'client lurker.pong=no'"));
  g_free(text);
  check_every_grid(points, check_hung);
  g_free(points);
  g_free(out);
  test_tmpdir_free(dir);
}

/* tests/data/poisson-pdrop.study against tests/study_reference.py, which
 * simulates the gap process alone with 200,000 samples (standard error
 * below 0.0011): the reference must fall inside chatsim's Wilson 95%
 * interval over its 400 lurkers at each point. */
static void
test_poisson_matches_reference(void)
{
  char *dir = test_tmpdir();
  char *out = run_study("tests/data/poisson-pdrop.study", dir, "out", "0");
  char *points = g_build_filename(out, "points.tsv", NULL);
  char **header;
  GPtrArray *rows = read_rows(points, &header);
  int pd = column(header, "pd"), group = column(header, "group"),
      clients = column(header, "clients"), low = column(header, "ci_low"),
      high = column(header, "ci_high");
  char *script = test_source_path("tests/study_reference.py");
  guint checked = 0;
  for (guint i = 0; i < rows->len; i++) {
    char **row = g_ptr_array_index(rows, i);
    if (strcmp(row[group], "lurker") != 0)
      continue;
    const char *argv[] = {"python3", script, "30", row[pd], "600", NULL};
    char *ref_out = NULL;
    int status = -1;
    CU_ASSERT_TRUE_FATAL(g_spawn_sync(NULL, (char **)argv, NULL, G_SPAWN_SEARCH_PATH,
                                      NULL, NULL, &ref_out, NULL, &status, NULL));
    CU_ASSERT_EQUAL(status, 0);
    double ref = g_ascii_strtod(ref_out, NULL);
    double lo = g_ascii_strtod(row[low], NULL), hi = g_ascii_strtod(row[high], NULL);
    CU_ASSERT_STRING_EQUAL(row[clients], "400");
    /* A point in the middle, where the check has teeth. */
    CU_ASSERT_TRUE(ref > 0.1 && ref < 0.9);
    CU_ASSERT_TRUE(lo <= ref && ref <= hi);
    CU_ASSERT_TRUE(hi - lo < 0.1);
    if (!(lo <= ref && ref <= hi))
      g_printerr("pd %s: reference %.6f outside [%.6f, %.6f]\n", row[pd], ref, lo, hi);
    g_free(ref_out);
    checked++;
  }
  CU_ASSERT_EQUAL(checked, 2);
  g_free(script);
  g_ptr_array_unref(rows);
  g_strfreev(header);
  g_free(points);
  g_free(out);
  test_tmpdir_free(dir);
}

/* Both files hold the same text, and not nothing. */
static void
assert_same_text(const char *a, const char *b)
{
  char *ta = test_slurp(a), *tb = test_slurp(b);
  CU_ASSERT_TRUE(strlen(ta) > 100);
  CU_ASSERT_STRING_EQUAL(ta, tb);
  g_free(ta);
  g_free(tb);
}

static void
assert_same_files(const char *a, const char *b)
{
  static const char *const names[] = {"runs.tsv", "points.tsv", NULL};
  for (const char *const *n = names; *n; n++) {
    char *pa = g_build_filename(a, *n, NULL), *pb = g_build_filename(b, *n, NULL);
    assert_same_text(pa, pb);
    g_free(pa);
    g_free(pb);
  }
}

/* --jobs 1, --jobs 2, and four processes at once on slices, merged: the
 * same bytes. */
static void
test_same_bytes(void)
{
  const char *file = "tests/data/poisson-pdrop.study";
  char *dir = test_tmpdir();
  char *one = run_study(file, dir, "one", "1");
  char *two = run_study(file, dir, "two", "2");
  assert_same_files(one, two);

  static const char *const slices[] = {"6..7", "0,1", "4..5", "2..3"};
  GPid pids[4];
  char *outs[4];
  char *src = test_source_path(".");
  for (int i = 0; i < 4; i++) {
    outs[i] = g_strdup_printf("%s/slice%d", dir, i);
    const char *argv[] = {
        test_chatsim_bin(), "study", file,      "--runs", slices[i], "-o", outs[i],
        "--jobs",           "1",     "--quiet", NULL};
    CU_ASSERT_TRUE_FATAL(g_spawn_async(
        src, (char **)argv, NULL, G_SPAWN_DO_NOT_REAP_CHILD, NULL, NULL, &pids[i], NULL));
  }
  for (int i = 0; i < 4; i++) {
    int status = -1;
    CU_ASSERT_EQUAL(waitpid(pids[i], &status, 0), pids[i]);
    CU_ASSERT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
  }
  char *merged = g_build_filename(dir, "merged", NULL);
  TestRun run;
  test_chatsim(&run, NULL, "study", "--merge", outs[0], outs[1], outs[2], outs[3], "-o",
               merged, NULL);
  CU_ASSERT_EQUAL(run.status, 0);
  test_run_clear(&run);
  assert_same_files(one, merged);

  /* Three slices of four: refused, naming what is missing. */
  char *partial = g_build_filename(dir, "partial", NULL);
  test_chatsim(&run, NULL, "study", "--merge", outs[0], outs[1], outs[2], "-o", partial,
               NULL);
  CU_ASSERT_EQUAL(run.status, 2);
  CU_ASSERT_STRING_EQUAL(run.err, "chatsim: runs 2..3 of 8 are missing; merge the slices "
                                  "of every run, or run them with --runs 2..3\n");
  CU_ASSERT_FALSE(g_file_test(partial, G_FILE_TEST_EXISTS));
  test_run_clear(&run);
  for (int i = 0; i < 4; i++)
    g_free(outs[i]);
  g_free(partial);
  g_free(merged);
  g_free(src);
  g_free(one);
  g_free(two);
  test_tmpdir_free(dir);
}

/* The run map: repetition fastest, then profile, then the variables (the
 * last defined fastest); the seed is the scenario's plus the repetition. */
static void
test_query(void)
{
  TestRun run;
  test_chatsim(&run, NULL, "study", "tests/data/every-grid.study", "--query", "count",
               NULL);
  CU_ASSERT_EQUAL(run.status, 0);
  CU_ASSERT_STRING_EQUAL(run.out, "36\n");
  test_run_clear(&run);
  test_chatsim(&run, NULL, "study", "tests/data/every-grid.study", "--query", "runs",
               "--runs", "0..3,35", NULL);
  CU_ASSERT_EQUAL(run.status, 0);
  CU_ASSERT_STRING_EQUAL(run.out, "run\tprofile\tpd\tD\trepetition\tseed\n"
                                  "0\tsp2\t30\t20\t0\t1\n"
                                  "1\t5.5.2577.0\t30\t20\t0\t1\n"
                                  "2\t5.5.2621.0\t30\t20\t0\t1\n"
                                  "3\tsp2\t30\t50\t0\t1\n"
                                  "35\t5.5.2621.0\t90\t110\t0\t1\n");
  test_run_clear(&run);
  test_chatsim(&run, NULL, "help", "study", NULL);
  CU_ASSERT_EQUAL(run.status, 0);
  CU_ASSERT_PTR_NOT_NULL(strstr(run.out, "--merge"));
  test_run_clear(&run);
  test_chatsim(&run, NULL, "study", "tests/data/poisson-pdrop.study", "--query", "runs",
               "--runs", "3..5", NULL);
  CU_ASSERT_STRING_EQUAL(run.out, "run\tprofile\tpd\trepetition\tseed\n"
                                  "3\t5.5.2577.0\t75\t3\t10\n"
                                  "4\t5.5.2577.0\t90\t0\t7\n"
                                  "5\t5.5.2577.0\t90\t1\t8\n");
  test_run_clear(&run);

  /* A million points: the run map needs none of them built (it took
   * 13 GB when the study loaded every point first). */
  char *dir = test_tmpdir();
  char *big = g_build_filename(dir, "big.study", NULL);
  g_file_set_contents(big,
                      "[scenario]\nduration = 1m\nprofile = sp2\n[server]\n"
                      "ping_delay = ${a = 1s..1000s step 1s}\n[client lurker]\n"
                      "join = #a\nkeepalive = ${b = 1..1000}\n",
                      -1, NULL);
  test_chatsim(&run, NULL, "study", big, "--query", "count", NULL);
  CU_ASSERT_EQUAL(run.status, 0);
  CU_ASSERT_STRING_EQUAL(run.out, "1000000\n");
  test_run_clear(&run);
  test_chatsim(&run, NULL, "study", big, "--query", "runs", "--runs", "999999", NULL);
  CU_ASSERT_STRING_EQUAL(run.out, "run\tprofile\ta\tb\trepetition\tseed\n"
                                  "999999\tsp2\t1000\t1000\t0\t0\n");
  test_run_clear(&run);
  g_free(big);
  test_tmpdir_free(dir);
}

/* One mistake per case: exit 2, one exact message, no output directory. */
static void
expect_error(const char *text, const char *extra, const char *message)
{
  char *dir = test_tmpdir();
  char *file = g_build_filename(dir, "bad.study", NULL);
  char *out = g_build_filename(dir, "out", NULL);
  CU_ASSERT_TRUE_FATAL(g_file_set_contents(file, text, -1, NULL));
  const char *argv[] = {"study", file, "-o", out, extra, NULL};
  TestRun run;
  test_chatsim_argv(&run, NULL, argv);
  CU_ASSERT_EQUAL(run.status, 2);
  CU_ASSERT_STRING_EQUAL(run.out, "");
  /* FILE in a message stands for the study file's path. */
  const char *at = strstr(message, "FILE:");
  char *want = at ? g_strdup_printf("%.*s%s%s", (int)(at - message), message, file,
                                    at + strlen("FILE"))
                  : g_strdup(message);
  char *expect =
      extra && (g_str_has_prefix(extra, "--runs") || g_str_has_prefix(extra, "--group"))
          ? g_strdup_printf("chatsim study: %s\nTry 'chatsim study --help'.\n", want)
          : g_strdup_printf("chatsim: %s%s\n", g_str_has_prefix(want, "--") ? "" : file,
                            want);
  g_free(want);
  CU_ASSERT_STRING_EQUAL(run.err, expect);
  if (strcmp(run.err, expect) != 0)
    g_printerr("got:  %swant: %s", run.err, expect);
  CU_ASSERT_FALSE(g_file_test(out, G_FILE_TEST_EXISTS));
  test_run_clear(&run);
  g_free(expect);
  g_free(out);
  g_free(file);
  test_tmpdir_free(dir);
}

#define HEAD "[scenario]\nduration = 20m\nprofile = sp2\n[client lurker]\njoin = #a\n"

static void
test_errors(void)
{
  expect_error(HEAD "talk = every ${D = 10s..5s step 1s}\n", NULL,
               ":6: [client lurker] talk: ${D = 10s..5s step 1s}: the range is empty "
               "(10s is after 5s); accepted: A..B step S with A <= B");
  expect_error(HEAD "talk = every ${D = 10s..50s step 0s}\n", NULL,
               ":6: [client lurker] talk: ${D = 10s..50s step 0s}: a step of 0 never "
               "reaches the end; accepted: a step greater than 0, e.g. step 30s");
  expect_error(HEAD "talk = every ${D = 10s, 20s\n", NULL,
               ":6: [client lurker] talk: '${' is not closed by '}'; accepted: ${NAME = "
               "V1, V2, ...}, ${NAME = A..B step S} or ${NAME}");
  expect_error(HEAD "talk = every ${2D = 10s}\n", NULL,
               ":6: [client lurker] talk: '${2D = 10s}': '2D' is not a variable name (a "
               "letter or '_', then letters, digits or '_'); accepted: ${NAME = V1, V2, "
               "...}, ${NAME = A..B step S} or ${NAME}");
  expect_error(HEAD "talk = every ${D = 10s, , 30s}\n", NULL,
               ":6: [client lurker] talk: ${D = 10s, , 30s}: an empty value in the list; "
               "accepted: ${NAME = V1, V2, ...}, ${NAME = A..B step S} or ${NAME}");
  expect_error(HEAD "talk = every ${D = 10s..x step 1s}\n", NULL,
               ":6: [client lurker] talk: ${D = 10s..x step 1s}: the end 'x' is not a "
               "number or a duration; accepted: ${NAME = A..B step S} with A <= B and "
               "S > 0, numbers or durations, e.g. ${pd = 30s..300s step 30s}");
  expect_error(HEAD "talk = every ${E}\n", NULL,
               ":6: [client lurker] talk: ${E} refers to no variable; define it once as "
               "${E = V1, V2, ...} or ${E = A..B step S}");
  expect_error(HEAD "talk = every ${D = 1s}\nkeepalive = ${D = 2s}\n", NULL,
               ":7: [client lurker] keepalive: variable 'D' is defined again (first at "
               "line 6); define it once and refer to it elsewhere as ${D}");
  expect_error(HEAD "talk = every ${seed = 1s}\n", NULL,
               ":6: [client lurker] talk: variable 'seed' would share its name with a "
               "column of runs.tsv or points.tsv; choose another name");
  expect_error(HEAD "[study]\nrepeats = 3\n", NULL,
               ":7: [study] repeats: unknown key; accepted: repeat, profiles, "
               "seed_rule");
  expect_error(HEAD "[study]\nrepeat = 0\n", NULL,
               ":7: [study] repeat: '0' is not a whole number from 1 to 1000000");
  expect_error(HEAD "[study]\nprofiles = sp2, sp9\n", NULL,
               ":7: [study] profiles: unknown version 'sp9'; known: 5.5.1960.5 (rtm), "
               "5.5.2232.18 (sp1), 5.5.2448.8 (sp2), 5.5.2577.0, 5.5.2621.0, 5.5.2650.24 "
               "(sp3), 5.5.2653.23 (sp4); or any build 5.5.N[.M] from 5.5.1960 on; or an "
               "IRC server: ngircd, inspircd, hybrid");
  /* A value that is wrong only at one point: the scenario's own error, on
   * the study file's line, and the point. */
  expect_error(HEAD "talk = every ${D = 10s, 1y}\n", NULL,
               ":6: [client lurker] talk: every: '1y' is not a duration; accepted: "
               "a number with an optional unit us, ms, s, m or h (a bare number is "
               "seconds), e.g. 90, 1.5s, 250ms, 10m (study point D = 1y)");
  expect_error(
      HEAD, "--set=study.repeat=-1",
      "--set 'study.repeat=-1': [study] repeat: '-1' is not a whole number from 1 "
      "to 1000000");
  expect_error(HEAD, "--set=study.bogus=1",
               "--set 'study.bogus=1': [study] bogus: unknown key; accepted: repeat, "
               "profiles, seed_rule");
  expect_error(HEAD, "--set=study.=3",
               "--set 'study.=3': not study.KEY=VALUE; accepted e.g. study.repeat=10, "
               "study.profiles=all");
  /* Scenario keys: the scenario loader's own errors, naming the option. */
  expect_error(HEAD, "--set=client lurker.tlak=never",
               "--set 'client lurker.tlak=never': [client lurker] tlak: unknown key (did "
               "you mean talk?); accepted: connect, join, talk, start, pong, pong_delay, "
               "keepalive, quit, count");
  expect_error(HEAD "talk = every ${D = 10s, 20s}\n", "--set=client lurker.talk=never",
               "--set 'client lurker.talk=never': FILE:6: [client lurker] talk holds a "
               "study variable; change the variable's values in the file instead");
  /* Before any run: the study would run to its end, then fail to draw. */
  expect_error(HEAD "[client talker]\njoin = #a\n", "--group=lurkr",
               "--group 'lurkr': the study has no client group of that name (did you "
               "mean lurker?); accepted: lurker, talker");
  expect_error(HEAD, "--group=everyone",
               "--group 'everyone': the study has no client group of that name; "
               "accepted: lurker");
  expect_error(HEAD, "--runs=5",
               "--runs 5: '5' is not a run number; accepted: numbers from 0 to 0 and "
               "ranges A..B, separated by commas, e.g. 0..99,150");
}

/* runs.tsv and points.tsv are replaced together: here points.tsv cannot
 * be (it is a directory), so runs.tsv keeps its old bytes and no
 * temporary file is left. */
static void
test_replaced_together(void)
{
  char *dir = test_tmpdir();
  char *runs = g_build_filename(dir, "runs.tsv", NULL);
  char *points = g_build_filename(dir, "points.tsv", NULL);
  CU_ASSERT_TRUE(g_file_set_contents(runs, "old\n", -1, NULL));
  CU_ASSERT_EQUAL(g_mkdir(points, 0777), 0);
  TestRun run;
  test_chatsim(&run, NULL, "study", "tests/data/poisson-pdrop.study", "-o", dir,
               "--quiet", NULL);
  CU_ASSERT_EQUAL(run.status, 2);
  char *want = g_strdup_printf("chatsim: %s: cannot write: is a directory\n", points);
  CU_ASSERT_STRING_EQUAL(run.err, want);
  test_run_clear(&run);
  char *text = test_slurp(runs);
  CU_ASSERT_STRING_EQUAL(text, "old\n");
  test_assert_listing(dir, "points.tsv|runs.tsv");
  g_free(text);
  g_free(want);
  g_rmdir(points);
  g_free(points);
  g_free(runs);
  test_tmpdir_free(dir);
}

/* The progress line, on a terminal (script(1) gives the run one), and not
 * with --quiet; without a terminal the other tests see none. */
static void
test_progress_on_a_terminal(void)
{
  char *dir = test_tmpdir();
  char *relative = test_source_path("tests/data/poisson-pdrop.study");
  char *src = g_canonicalize_filename(relative, NULL); /* script runs in `dir` */
  g_free(relative);
  for (int quiet = 0; quiet < 2; quiet++) {
    char *command =
        g_strdup_printf("%s study %s -o %s/out --jobs 1%s", test_chatsim_bin(), src, dir,
                        quiet ? " --quiet" : "");
    const char *argv[] = {"script", "-qec", command, "/dev/null", NULL};
    char *out = NULL;
    int status = -1;
    CU_ASSERT_TRUE_FATAL(g_spawn_sync(dir, (char **)argv, NULL, G_SPAWN_SEARCH_PATH, NULL,
                                      NULL, &out, NULL, &status, NULL));
    CU_ASSERT_EQUAL(status, 0);
    CU_ASSERT_EQUAL(strstr(out, "\rstudy: 8/8 runs, ") != NULL, !quiet);
    CU_ASSERT_EQUAL(strstr(out, "poisson-pdrop: 8 runs") != NULL, !quiet);
    g_free(out);
    g_free(command);
  }
  g_free(src);
  test_tmpdir_free(dir);
}

static char *
copy_into(const char *from, const char *dir, const char *to)
{
  char *src = test_source_path(from);
  char *dst = g_build_filename(dir, to, NULL);
  char *parent = g_path_get_dirname(dst);
  g_mkdir_with_parents(parent, 0755);
  char *text = test_slurp(src);
  CU_ASSERT_TRUE(strlen(text) > 0);
  CU_ASSERT_TRUE(g_file_set_contents(dst, text, -1, NULL));
  g_free(text);
  g_free(parent);
  g_free(src);
  return dst;
}

static void
assert_same_file(const char *dir, const char *produced, const char *committed)
{
  char *a = g_build_filename(dir, produced, NULL);
  char *b = test_source_path(committed);
  assert_same_text(a, b);
  g_free(a);
  g_free(b);
}

/* The README's command, run as written in a copy of the tree: the figure's
 * data and script are the ones committed beside docs/kb-phase.png. */
static void
test_readme_phase_diagram(void)
{
  char *dir = test_tmpdir();
  char *study = copy_into("scenarios/studies/kb-phase.study", dir,
                          "scenarios/studies/kb-phase.study");
  char *docs = g_build_filename(dir, "docs", NULL);
  g_mkdir(docs, 0755);
  TestRun run;
  test_chatsim(&run, dir, "study", "scenarios/studies/kb-phase.study", "-o",
               "out/kb-phase", "--plot", "docs/kb-phase.png", NULL);
  CU_ASSERT_EQUAL(run.status, 0);
  CU_ASSERT_TRUE(g_str_has_prefix(
      run.out, "kb-phase: 450 runs (30 points x 3 profiles x 5 repetitions) in "));
  CU_ASSERT_TRUE(g_str_has_suffix(
      run.out,
      " -> out/kb-phase/runs.tsv, out/kb-phase/points.tsv, docs/kb-phase.png\n"));
  /* No progress line: standard error is not a terminal here. */
  CU_ASSERT_STRING_EQUAL(run.err, "");
  test_run_clear(&run);
  char *png = g_build_filename(docs, "kb-phase.png", NULL);
  guint w = 0, h = 0;
  CU_ASSERT_TRUE(test_png_size(png, &w, &h));
  CU_ASSERT_EQUAL(w, 1280);
  CU_ASSERT_EQUAL(h, 720);
  assert_same_file(dir, "docs/kb-phase.png.tsv", "docs/kb-phase.png.tsv");
  assert_same_file(dir, "docs/kb-phase.png.gp", "docs/kb-phase.png.gp");
  /* The phase diagram itself, as text: SP2 and 5.5.2621.0 never drop the
   * lurker; 5.5.2577.0 drops it where the channel is busy for ping_delay. */
  char *tsv = g_build_filename(docs, "kb-phase.png.tsv", NULL);
  char *text = test_slurp(tsv);
  CU_ASSERT_PTR_NOT_NULL(strstr(text, "5.5.2577.0\t0\t5\t1.000000\t")); /* 15s, 300s */
  CU_ASSERT_PTR_NOT_NULL(strstr(text, "5.5.2577.0\t4\t0\t0.000000\t")); /* 240s, 30s */
  CU_ASSERT_PTR_NOT_NULL(strstr(text, "sp2\t0\t5\t0.000000\t"));
  CU_ASSERT_PTR_NOT_NULL(strstr(text, "5.5.2621.0\t0\t5\t0.000000\t"));
  g_free(text);
  g_free(tsv);
  g_free(png);
  g_free(docs);
  g_free(study);
  test_tmpdir_free(dir);
}

/* The one-variable figure, and chatsim plot --study drawing it as text
 * from the results directory. */
static void
test_figures(void)
{
  char *dir = test_tmpdir();
  char *out = g_build_filename(dir, "pd", NULL);
  char *png = g_build_filename(dir, "pd.png", NULL);
  TestRun run;
  test_chatsim(&run, NULL, "study", "scenarios/studies/ping-delay.study", "-o", out,
               "--plot", png, "--quiet", NULL);
  CU_ASSERT_EQUAL(run.status, 0);
  test_run_clear(&run);
  guint w = 0, h = 0;
  CU_ASSERT_TRUE(test_png_size(png, &w, &h));
  char *data = g_build_filename(dir, "pd.png.tsv", NULL);
  char *script = g_build_filename(dir, "pd.png.gp", NULL);
  char *text = test_slurp(data);
  /* Ten values of ping_delay, three profiles, one block each. */
  char **lines = g_strsplit(text, "\n", -1);
  guint rows = 0;
  for (char **l = lines; *l; l++)
    rows += **l != '\0' && **l != '#';
  CU_ASSERT_EQUAL(rows, 30);
  CU_ASSERT_PTR_NOT_NULL(strstr(text, "sp2\t300\t0\t0.000000\t"));
  g_strfreev(lines);
  g_free(text);
  text = test_slurp(script);
  CU_ASSERT_PTR_NOT_NULL(strstr(text, "from plots/study-1d.gp"));
  g_free(text);

  char *txt = g_build_filename(dir, "pd.txt", NULL);
  test_chatsim(&run, NULL, "plot", "--study", out, "-o", txt, NULL);
  CU_ASSERT_EQUAL(run.status, 0);
  test_run_clear(&run);
  text = test_slurp(txt);
  CU_ASSERT_PTR_NOT_NULL(strstr(text, "P(drop) of client group 'lurker'"));
  CU_ASSERT_PTR_NOT_NULL(strstr(text, "5.5.2577.0"));
  g_free(text);

  /* A slice is not drawn as if it were the study: refused, naming the
   * runs missing, nothing drawn. */
  char *slice = g_build_filename(dir, "slice", NULL);
  test_chatsim(&run, NULL, "study", "tests/data/poisson-pdrop.study", "-o", slice,
               "--runs", "2..5", "--quiet", NULL);
  CU_ASSERT_EQUAL(run.status, 0);
  test_run_clear(&run);
  char *slice_txt = g_build_filename(dir, "slice.txt", NULL);
  test_chatsim(&run, NULL, "plot", "--study", slice, "-o", slice_txt, NULL);
  CU_ASSERT_EQUAL(run.status, 2);
  char *want = g_strdup_printf(
      "chatsim: %s/runs.tsv: a study figure needs every run: runs 0..1,6..7 of 8 are "
      "missing; merge the slices of every run, or run them with --runs 0..1,6..7\n",
      slice);
  CU_ASSERT_STRING_EQUAL(run.err, want);
  CU_ASSERT_FALSE(g_file_test(slice_txt, G_FILE_TEST_EXISTS));
  test_run_clear(&run);
  g_free(want);
  test_chatsim(&run, NULL, "study", "tests/data/poisson-pdrop.study", "-o", slice,
               "--runs", "2..5", "--plot", slice_txt, NULL);
  CU_ASSERT_EQUAL(run.status, 2);
  CU_ASSERT_STRING_EQUAL(run.err,
                         "chatsim study: --plot: --runs 2..5 is a slice (4 of 8 runs); a "
                         "study figure needs every run: merge the slices with --merge, "
                         "then chatsim plot --study DIR\n"
                         "Try 'chatsim study --help'.\n");
  CU_ASSERT_FALSE(g_file_test(slice_txt, G_FILE_TEST_EXISTS));
  test_run_clear(&run);
  g_free(slice_txt);
  g_free(slice);

  char *other = g_build_filename(dir, "other", NULL);
  /* An output directory that cannot be made. */
  test_chatsim(&run, NULL, "study", "tests/data/poisson-pdrop.study", "-o", "/dev/null/x",
               NULL);
  CU_ASSERT_EQUAL(run.status, 2);
  CU_ASSERT_STRING_EQUAL(
      run.err, "chatsim: /dev/null/x: cannot make the directory: Not a directory\n");
  test_run_clear(&run);

  /* No variable to draw against: refused before anything runs. */
  test_chatsim(&run, NULL, "study", "scenarios/kb233512.ini", "-o", other, "--plot",
               "fig.png", NULL);
  CU_ASSERT_EQUAL(run.status, 2);
  CU_ASSERT_STRING_EQUAL(run.err, "chatsim study: --plot: a study figure draws one or "
                                  "two variables; scenarios/kb233512.ini has 0\n"
                                  "Try 'chatsim study --help'.\n");
  CU_ASSERT_FALSE(g_file_test(other, G_FILE_TEST_EXISTS));
  test_run_clear(&run);

  /* A name gnuplot cannot be told: refused before anything runs. */
  test_chatsim(&run, NULL, "study", "scenarios/studies/ping-delay.study", "-o", other,
               "--plot", "fig.gif", NULL);
  CU_ASSERT_EQUAL(run.status, 2);
  CU_ASSERT_TRUE(g_str_has_prefix(run.err, "chatsim study: --plot: cannot tell the "
                                           "terminal from the name 'fig.gif'"));
  CU_ASSERT_FALSE(g_file_test(other, G_FILE_TEST_EXISTS));
  test_run_clear(&run);
  g_free(other);
  g_free(txt);
  g_free(script);
  g_free(data);
  g_free(png);
  g_free(out);
  test_tmpdir_free(dir);
}

int
main(void)
{
  static const TestCase tests[] = {
      {"every D against ping_delay: drops worked out by hand", test_every_grid_by_hand},
      {"--set a hung lurker: drops worked out by hand", test_every_grid_hung},
      {"Poisson P(drop) inside its CI around an independent reference",
       test_poisson_matches_reference},
      {"same bytes for --jobs 1, --jobs 2 and merged slices", test_same_bytes},
      {"the run map: --query count and runs", test_query},
      {"bad study input: exit 2, one message, nothing written", test_errors},
      {"progress only on a terminal", test_progress_on_a_terminal},
      {"the README's phase diagram", test_readme_phase_diagram},
      {"the one-variable figure; chatsim plot --study", test_figures},
      {"runs.tsv and points.tsv are replaced together", test_replaced_together},
      {NULL, NULL},
  };
  return test_run_suite("e2e_study", tests);
}

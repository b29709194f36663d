/* test_e2e_model.c: the consequences of keepalive-model.md section 5, on
 * the real binary, with exact microsecond times under every profile. */
#include "testutil.h"

#include <stdio.h>
#include <string.h>

static const char *const all_profiles[] = {"5.5.1960.5",  "5.5.2232.18", "5.5.2448.8",
                                           "5.5.2577.0",  "5.5.2621.0",  "5.5.2650.24",
                                           "5.5.2653.23", NULL};

typedef struct {
  char *outcome;
  gint64 time_us;
  char *reason;
  guint pings_sent;
  gint64 last_recv_us;
} Row;

/* Runs a scenario and returns the summary row of `client`. */
static gboolean
summary_row(const char *scenario, const char *profile, const char *client, Row *row)
{
  TestRun run;
  test_chatsim(&run, NULL, "run", scenario, "--profile", profile, "--trace", "none",
               "--summary", "-", NULL);
  CU_ASSERT_EQUAL(run.status, 0);
  gboolean found = FALSE;
  char **lines = g_strsplit(run.out, "\n", -1);
  CU_ASSERT_TRUE(g_str_has_prefix(lines[0], "profile\tclient\toutcome\ttime_us"));
  for (char **l = lines + 1; *l && !found; l++) {
    char **f = g_strsplit(*l, "\t", -1);
    if (g_strv_length(f) >= 9 && strcmp(f[1], client) == 0) {
      found = TRUE;
      row->outcome = g_strdup(f[2]);
      row->time_us = g_ascii_strtoll(f[3], NULL, 10);
      row->reason = g_strdup(f[5]);
      row->pings_sent = (guint)g_ascii_strtoull(f[6], NULL, 10);
      row->last_recv_us = g_ascii_strtoll(f[7], NULL, 10);
    }
    g_strfreev(f);
  }
  g_strfreev(lines);
  test_run_clear(&run);
  if (!found)
    printf("\n  no summary row for %s in %s under %s\n", client, scenario, profile);
  return found;
}

static void
row_clear(Row *row)
{
  g_free(row->outcome);
  g_free(row->reason);
}

static void
assert_row(const char *scenario, const char *profile, const char *client,
           const char *outcome, gint64 time_us, const char *reason)
{
  Row row;
  CU_ASSERT_TRUE_FATAL(summary_row(scenario, profile, client, &row));
  gboolean ok = strcmp(row.outcome, outcome) == 0 && row.time_us == time_us &&
                strcmp(row.reason, reason) == 0;
  if (!ok)
    printf("\n  %s %s under %s: got %s %" G_GINT64_FORMAT " %s, want %s %" G_GINT64_FORMAT
           " %s\n",
           scenario, client, profile, row.outcome, row.time_us, row.reason, outcome,
           time_us, reason);
  CU_ASSERT_TRUE(ok);
  row_clear(&row);
}

/* Lines of the timeline of one traced client whose event column is `event`
 * and detail starts with `detail`, as "time_us" strings. */
static GPtrArray *
timeline_times(const char *scenario, const char *profile, const char *client,
               const char *event, const char *detail)
{
  TestRun run;
  test_chatsim(&run, NULL, "run", scenario, "--profile", profile, "--trace", client,
               "--timeline", "-", NULL);
  CU_ASSERT_EQUAL(run.status, 0);
  GPtrArray *times = g_ptr_array_new_with_free_func(g_free);
  char **lines = g_strsplit(run.out, "\n", -1);
  for (char **l = lines + 1; *l && **l; l++) {
    char **f = g_strsplit(*l, "\t", 5);
    if (g_strv_length(f) == 5 && strcmp(f[2], client) == 0 && strcmp(f[3], event) == 0 &&
        g_str_has_prefix(f[4], detail))
      g_ptr_array_add(times, g_strdup(f[0]));
    g_strfreev(f);
  }
  g_strfreev(lines);
  test_run_clear(&run);
  return times;
}

static void
assert_times(GPtrArray *times, const char *const *want, const char *what)
{
  gboolean ok = TRUE;
  guint n = 0;
  for (; want[n]; n++)
    ok = ok && n < times->len && strcmp(g_ptr_array_index(times, n), want[n]) == 0;
  if (!ok) {
    printf("\n  %s: got", what);
    for (guint i = 0; i < times->len && i < 6; i++)
      printf(" %s", (char *)g_ptr_array_index(times, i));
    printf("\n");
  }
  CU_ASSERT_TRUE(ok);
}

/* Affected build, silent client in a busy channel: never PINGed; dropped
 * at first receipt (0.040 s) + 600 s, recv-idle. Every other build keeps it. */
static void
test_busy_lurker(void)
{
  for (const char *const *p = all_profiles; *p; p++) {
    if (strcmp(*p, "5.5.2577.0") == 0) {
      assert_row("scenarios/kb233512.ini", *p, "lurker", "disconnected", 600040000,
                 "recv-idle");
      Row row;
      CU_ASSERT_TRUE_FATAL(summary_row("scenarios/kb233512.ini", *p, "lurker", &row));
      CU_ASSERT_EQUAL(row.pings_sent, 0);
      CU_ASSERT_EQUAL(row.last_recv_us, 40000);
      row_clear(&row);
    } else {
      assert_row("scenarios/kb233512.ini", *p, "lurker", "connected", 3600000000, "");
    }
  }
}

/* Every other build: PINGed every ~90 s and answers. With 40 ms each way
 * the PING goes at 90.040, the PONG is received at 90.120, and the next
 * PING goes 90 s after that receipt. */
static void
test_busy_lurker_pinged(void)
{
  static const char *const pings[] = {"90040000", "180120000", "270200000", NULL};
  static const char *const pongs[] = {"90120000", "180200000", "270280000", NULL};
  for (const char *const *p = all_profiles; *p; p++) {
    if (strcmp(*p, "5.5.2577.0") == 0)
      continue;
    GPtrArray *t = timeline_times("scenarios/kb233512.ini", *p, "lurker", "send", "ping");
    assert_times(t, pings, *p);
    CU_ASSERT_EQUAL(t->len, 39); /* 40 rounds would end at 3603.2 s */
    g_ptr_array_unref(t);
    t = timeline_times("scenarios/kb233512.ini", *p, "lurker", "recv", "pong");
    assert_times(t, pongs, *p);
    g_ptr_array_unref(t);
  }
}

/* Any build, silent client in a quiet channel: PINGed, answers, stays. */
static void
test_quiet_lurker(void)
{
  static const char *const pings[] = {"90040000", "180120000", NULL};
  for (const char *const *p = all_profiles; *p; p++) {
    assert_row("scenarios/quiet-channel.ini", *p, "lurker", "connected", 3600000000, "");
    GPtrArray *t =
        timeline_times("scenarios/quiet-channel.ini", *p, "lurker", "send", "ping");
    assert_times(t, pings, *p);
    g_ptr_array_unref(t);
  }
}

/* Hung client: PING at +90 s, second PING at +180 s, disconnect at +270 s
 * after its last data (0.040 s), ping-timeout. In a quiet channel this
 * holds for every build; in a busy one the affected build never PINGs. */
static void
test_hung_client(void)
{
  static const char *const pings[] = {"90040000", "180040000", NULL};
  for (const char *const *p = all_profiles; *p; p++) {
    assert_row("scenarios/hung-client.ini", *p, "frozen", "disconnected", 270040000,
               "ping-timeout");
    GPtrArray *t =
        timeline_times("scenarios/hung-client.ini", *p, "frozen", "send", "ping");
    assert_times(t, pings, *p);
    CU_ASSERT_EQUAL(t->len, 2);
    g_ptr_array_unref(t);
    if (strcmp(*p, "5.5.2577.0") == 0)
      assert_row("scenarios/hung-client.ini", *p, "stuck", "disconnected", 600040000,
                 "recv-idle");
    else
      assert_row("scenarios/hung-client.ini", *p, "stuck", "disconnected", 270040000,
                 "ping-timeout");
  }
}

/* A reply that arrives exactly at the deadline counts: the client's own
 * PING sent at 600 s lands at 600.040 s, the instant recv-idle falls due. */
static void
test_client_keepalive(void)
{
  const char *s = "scenarios/client-keepalive.ini";
  assert_row(s, "5.5.2577.0", "every5m", "connected", 3600000000, "");
  assert_row(s, "5.5.2577.0", "every10m", "connected", 3600000000, "");
  assert_row(s, "5.5.2577.0", "every11m", "disconnected", 600040000, "recv-idle");
  for (const char *const *p = all_profiles; *p; p++)
    if (strcmp(*p, "5.5.2577.0") != 0)
      assert_row(s, *p, "every11m", "connected", 3600000000, "");
}

/* check_interval = 30 s: the hung client's PINGs fall due at 90.040 and
 * 210 (120 + 90) and its disconnect at 300, each acted on at the next
 * sweep: 120, 210, 300. The busy lurker's recv-idle (affected build) falls
 * due at 600.040 and lands at 630. */
static void
test_sweep(void)
{
  static const char *const pings[] = {"120000000", "210000000", NULL};
  GPtrArray *t = timeline_times("tests/data/sweep.ini", "sp2", "frozen", "send", "ping");
  assert_times(t, pings, "sweep pings");
  g_ptr_array_unref(t);
  assert_row("tests/data/sweep.ini", "sp2", "frozen", "disconnected", 300000000,
             "ping-timeout");
  assert_row("tests/data/sweep.ini", "5.5.2577.0", "lurker", "disconnected", 630000000,
             "recv-idle");
  assert_row("tests/data/sweep.ini", "sp2", "lurker", "connected", 1200000000, "");
}

static char *
run_outputs(const char *dir, const char *tag, const char *seed, char **summary)
{
  char *timeline_path = g_strdup_printf("%s/%s.timeline.tsv", dir, tag);
  char *summary_path = g_strdup_printf("%s/%s.summary.tsv", dir, tag);
  TestRun run;
  test_chatsim(&run, NULL, "run", "scenarios/poisson-traffic.ini", "--seed", seed,
               "--timeline", timeline_path, "--summary", summary_path, "--quiet", NULL);
  CU_ASSERT_EQUAL(run.status, 0);
  CU_ASSERT_STRING_EQUAL(run.out, "");
  test_run_clear(&run);
  char *timeline = NULL;
  CU_ASSERT_TRUE(g_file_get_contents(timeline_path, &timeline, NULL, NULL));
  CU_ASSERT_TRUE(g_file_get_contents(summary_path, summary, NULL, NULL));
  g_free(timeline_path);
  g_free(summary_path);
  return timeline;
}

/* Same scenario + seed: byte-identical outputs; another seed changes the
 * jittered, Poisson-driven timeline. */
static void
test_determinism(void)
{
  char *dir = test_tmpdir();
  char *s1, *s2, *s3;
  char *t1 = run_outputs(dir, "a", "7", &s1);
  char *t2 = run_outputs(dir, "b", "7", &s2);
  char *t3 = run_outputs(dir, "c", "8", &s3);
  CU_ASSERT_TRUE(strlen(t1) > 100000);
  CU_ASSERT_STRING_EQUAL(t1, t2);
  CU_ASSERT_STRING_EQUAL(s1, s2);
  CU_ASSERT_STRING_NOT_EQUAL(t1, t3);
  CU_ASSERT_STRING_NOT_EQUAL(s1, s3);
  g_free(t1), g_free(t2), g_free(t3), g_free(s1), g_free(s2), g_free(s3);
  test_tmpdir_free(dir);
}

/* The fingerprint printed is the SHA-256 of the timeline written, then
 * the summary written but its last column (why), then the event and
 * message counts printed (docs/formats.md). */
static void
test_fingerprint(void)
{
  char *dir = test_tmpdir();
  char *path = g_build_filename(dir, "t.tsv", NULL);
  char *summary = g_build_filename(dir, "s.tsv", NULL);
  TestRun run;
  test_chatsim(&run, NULL, "run", "scenarios/kb233512.ini", "--timeline", path,
               "--summary", summary, NULL);
  CU_ASSERT_EQUAL(run.status, 0);
  guint64 events = 0, messages = 0;
  const char *stats = strstr(run.out, "\nrun: 5 clients, ");
  CU_ASSERT_PTR_NOT_NULL_FATAL(stats);
  CU_ASSERT_EQUAL(sscanf(stats,
                         "\nrun: 5 clients, %" G_GUINT64_FORMAT
                         " events, %" G_GUINT64_FORMAT " messages",
                         &events, &messages),
                  2);
  char *timeline = test_slurp(path);
  char *rows = test_slurp(summary);
  GString *all = g_string_new(timeline);
  char **lines = g_strsplit(rows, "\n", -1);
  for (char **l = lines; *l != NULL && **l != '\0'; l++) {
    *strrchr(*l, '\t') = '\0'; /* cut -f1-9 */
    g_string_append_printf(all, "%s\n", *l);
  }
  g_strfreev(lines);
  g_string_append_printf(
      all, "events\t%" G_GUINT64_FORMAT "\nmessages\t%" G_GUINT64_FORMAT "\n", events,
      messages);
  char *sha = g_compute_checksum_for_string(G_CHECKSUM_SHA256, all->str, -1);
  char *line = g_strdup_printf("fingerprint sha256: %s\n", sha);
  CU_ASSERT_PTR_NOT_NULL(strstr(run.out, line));
  CU_ASSERT_PTR_NOT_NULL(
      strstr(run.out, "lurker  disconnected       600.040  recv-idle"));
  CU_ASSERT_PTR_NOT_NULL(strstr(
      run.out, "no PING went out: server sends restarted the ping process 30 times"));
  g_free(line), g_free(sha), g_free(rows), g_free(timeline);
  g_string_free(all, TRUE);
  g_free(summary), g_free(path);
  test_run_clear(&run);
  test_tmpdir_free(dir);
}

/* Writes `text` as NAME in `dir`; returns its path. */
static char *
write_scenario(const char *dir, const char *name, const char *text)
{
  char *path = g_build_filename(dir, name, NULL);
  CU_ASSERT_TRUE(g_file_set_contents(path, text, -1, NULL));
  return path;
}

/* reply_window's default is "= ping_delay": with ping_delay = 60s a hung
 * client is PINGed at 60.04 and 120.04 s and dropped at 180.04 s, and the
 * why names a reply window of 1m (issue 8: it used to stay at 90 s). An
 * explicit reply_window is kept. */
static void
test_reply_window_follows(void)
{
  char *dir = test_tmpdir();
  static const char base[] = "[scenario]\nduration = 10m\nprofile = sp2\n"
                             "[network]\nlatency = 40ms\n[client frozen]\npong = no\n"
                             "[server]\nping_delay = 60s\n";
  char *follows = write_scenario(dir, "follows.ini", base);
  char *text = g_strconcat(base, "reply_window = 30s\n", NULL);
  char *fixed = write_scenario(dir, "fixed.ini", text);
  g_free(text);
  for (const char *const *p = all_profiles; *p; p++) {
    assert_row(follows, *p, "frozen", "disconnected", 180040000, "ping-timeout");
    assert_row(fixed, *p, "frozen", "disconnected", 120040000, "ping-timeout");
  }
  TestRun run;
  test_chatsim(&run, NULL, "run", follows, "--trace", "none", "--summary", "-", NULL);
  CU_ASSERT_EQUAL(run.status, 0);
  CU_ASSERT_PTR_NOT_NULL(strstr(run.out, "the reply window of 1m after the last ran out "
                                         "at 180.040000 s"));
  test_run_clear(&run);
  /* The same through --set, on a scenario that does not set it. */
  test_chatsim(&run, NULL, "run", "scenarios/hung-client.ini", "--set",
               "server.ping_delay=60s", "--trace", "none", "--summary", "-", NULL);
  CU_ASSERT_EQUAL(run.status, 0);
  CU_ASSERT_PTR_NOT_NULL(strstr(run.out, "frozen\tdisconnected\t180040000\t"));
  CU_ASSERT_PTR_NOT_NULL(strstr(run.out, "the reply window of 1m after the last ran out "
                                         "at 180.040000 s"));
  test_run_clear(&run);
  g_free(follows), g_free(fixed);
  test_tmpdir_free(dir);
}

/* The server profiles' why sentences start with the server's own ERROR
 * text and name its settings (scenarios/servers/ derives the times). */
static void
test_server_why(void)
{
  static const struct {
    const char *scenario, *text;
  } cases[] = {
      {"scenarios/servers/ngircd.ini",
       "hung\tdisconnected\t143250000\t143.250000\tping-timeout\t1\t1250000\t0\t"
       "Ping timeout: 20 seconds (ngIRCd's ERROR); nothing received since 1.250000 s "
       "(join); 1 PING (at 122.250000 s) went unanswered (ping_attempts 1); the reply "
       "window of 20s (PongTimeout) after the last ran out at 143.000000 s (acted on at "
       "the event loop's next wake-up, 143.250000 s)\n"},
      {"scenarios/servers/inspircd.ini",
       "once\tdisconnected\t250250000\t250.250000\tping-timeout\t1\t130250000\t0\t"
       "Ping timeout: 120 seconds (InspIRCd's ERROR); nothing received since "
       "130.250000 s (privmsg); 1 PING (at 121.250000 s) went unanswered (ping_attempts "
       "1); the reply window of 2m (pingfreq) after the last data (not a PONG, so the "
       "PING stayed outstanding) ran out at 250.000000 s (noticed on the 1s sweep at "
       "250.250000 s)\n"},
      {"scenarios/servers/hybrid.ini",
       "hung\tdisconnected\t182250000\t182.250000\tping-timeout\t1\t250000\t0\t"
       "Ping timeout: 180 seconds (ircd-hybrid's ERROR); nothing received since "
       "0.250000 s (join); 1 PING (at 92.250000 s) went unanswered (ping_attempts 1); "
       "the reply window of 90s (ping_time) after the last ran out at 182.000000 s "
       "(noticed on the 5s sweep at 182.250000 s)\n"},
  };
  for (guint i = 0; i < G_N_ELEMENTS(cases); i++) {
    TestRun run;
    test_chatsim(&run, NULL, "run", cases[i].scenario, "--trace", "none", "--summary",
                 "-", NULL);
    CU_ASSERT_EQUAL(run.status, 0);
    const char *found = strstr(run.out, cases[i].text);
    if (found == NULL)
      printf("\n  %s: no row\n  %s\n in\n%s", cases[i].scenario, cases[i].text, run.out);
    CU_ASSERT_PTR_NOT_NULL(found);
    test_run_clear(&run);
  }
}

int
main(void)
{
  static const TestCase tests[] = {
      {"busy lurker: dropped only by 5.5.2577.0", test_busy_lurker},
      {"busy lurker: PINGed every ~90 s elsewhere", test_busy_lurker_pinged},
      {"quiet lurker: PINGed and kept by every build", test_quiet_lurker},
      {"hung client: ping-timeout at +270 s", test_hung_client},
      {"client keepalive: a reply at the deadline counts", test_client_keepalive},
      {"check_interval quantises to the sweep", test_sweep},
      {"reply_window follows a ping_delay override", test_reply_window_follows},
      {"server profiles explain in the server's words", test_server_why},
      {"same seed, same bytes; new seed, new timeline", test_determinism},
      {"fingerprint is the timeline's SHA-256", test_fingerprint},
      {NULL, NULL},
  };
  return test_run_suite("e2e_model", tests);
}

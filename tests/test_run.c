/* test_run.c: one run under one profile, and the parallel job runner. */
#include "testutil.h"

#include "chatsim/report.h"
#include "chatsim/run.h"

#include <string.h>

static SimScenario *
load(const char *text)
{
  GError *error = NULL;
  SimScenario *s = sim_scenario_load_data("r.ini", text, strlen(text), &error);
  g_assert_no_error(error);
  return s;
}

static const char hung[] = "[scenario]\nduration = 5m\nprofile = sp2\n[network]\n"
                           "latency = 40ms\n[client h]\njoin = #q\npong = no\n";

/* Each line of `tsv` without its last column. */
static void
append_but_last_column(GString *out, const char *tsv)
{
  char **lines = g_strsplit(tsv, "\n", -1);
  for (char **l = lines; *l != NULL && **l != '\0'; l++) {
    char *tab = strrchr(*l, '\t');
    g_string_append_len(out, *l, tab ? tab - *l : (gssize)strlen(*l));
    g_string_append_c(out, '\n');
  }
  g_strfreev(lines);
}

/* The fingerprint as docs/formats.md defines it: the timeline, then the
 * summary TSV without its why column, then the event and message counts. */
static char *
expected_fingerprint(const SimRun *run, const char *timeline)
{
  GString *summary = g_string_new(SIM_REPORT_SUMMARY_HEADER);
  sim_report_summary_tsv(run->model, summary);
  GString *all = g_string_new(timeline);
  append_but_last_column(all, summary->str);
  SimStats stats;
  sim_model_stats(run->model, &stats);
  g_string_append_printf(
      all, "events\t%" G_GUINT64_FORMAT "\nmessages\t%" G_GUINT64_FORMAT "\n",
      stats.events, stats.messages);
  char *sha =
      g_compute_checksum_for_string(G_CHECKSUM_SHA256, all->str, (gssize)all->len);
  g_string_free(all, TRUE);
  g_string_free(summary, TRUE);
  return sha;
}

/* The kept timeline, the file and the fingerprint all agree. */
static void
test_timeline_and_fingerprint(void)
{
  g_autoptr(SimScenario) s = load(hung);
  char *dir = test_tmpdir();
  char *path = g_build_filename(dir, "t.tsv", NULL);
  SimOutput *out = sim_output_open(path, NULL);
  SimRunOptions options = {.timeline = out, .keep_timeline = TRUE};
  GError *error = NULL;
  g_autoptr(SimRun) run = sim_run_scenario(s, NULL, &options, &error);
  CU_ASSERT_PTR_NULL_FATAL(error);
  CU_ASSERT_TRUE(sim_output_commit(out, NULL, NULL));
  char *data = NULL;
  CU_ASSERT_TRUE_FATAL(g_file_get_contents(path, &data, NULL, NULL));
  CU_ASSERT_STRING_EQUAL(data, run->timeline->str);
  CU_ASSERT_TRUE(g_str_has_prefix(data, SIM_REPORT_TIMELINE_HEADER
                                  "0\t0.000000\th\tconnect\tregister join #q\n"
                                  "40000\t0.040000\th\trecv\tregister\n"
                                  "90040000\t90.040000\th\tsend\tping 1/2\n"));
  char *sha = expected_fingerprint(run, data);
  CU_ASSERT_STRING_EQUAL(run->sha256, sha);
  SimResult r;
  sim_model_result(run->model, 0, &r);
  CU_ASSERT_EQUAL(r.time, 270040000);
  g_free(sha), g_free(data), g_free(path);
  test_tmpdir_free(dir);
}

/* --trace none: the timeline is the header alone; unknown names fail. */
static void
test_trace(void)
{
  g_autoptr(SimScenario) s = load(hung);
  SimRunOptions none = {.trace = "none", .keep_timeline = TRUE};
  g_autoptr(SimRun) run = sim_run_scenario(s, NULL, &none, NULL);
  CU_ASSERT_STRING_EQUAL(run->timeline->str, SIM_REPORT_TIMELINE_HEADER);
  char *sha = expected_fingerprint(run, SIM_REPORT_TIMELINE_HEADER);
  CU_ASSERT_STRING_EQUAL(run->sha256, sha);
  g_free(sha);
  SimRunOptions bad = {.trace = "h, nobody"};
  GError *error = NULL;
  CU_ASSERT_PTR_NULL(sim_run_scenario(s, NULL, &bad, &error));
  CU_ASSERT_TRUE(g_error_matches(error, SIM_RUN_ERROR, SIM_RUN_ERROR_TRACE));
  CU_ASSERT_STRING_EQUAL(error->message,
                         "no client or group named 'nobody'; accepted: all, "
                         "none, h (several separated by commas)");
  g_clear_error(&error);
}

/* Untraced, the fingerprint still tells results apart: the same clients
 * kept or dropped (pong = yes or no), or run for longer, differ. */
static void
test_untraced_fingerprint_follows_results(void)
{
  static const char kept[] = "[scenario]\nduration = 5m\nprofile = sp2\n[network]\n"
                             "latency = 40ms\n[client h]\njoin = #q\npong = yes\n";
  g_autoptr(SimScenario) a = load(hung);
  g_autoptr(SimScenario) b = load(kept);
  SimRunOptions none = {.trace = "none"};
  g_autoptr(SimRun) dropped = sim_run_scenario(a, NULL, &none, NULL);
  g_autoptr(SimRun) stays = sim_run_scenario(b, NULL, &none, NULL);
  SimTime longer = 6 * 60 * G_USEC_PER_SEC;
  SimScenarioOverrides more = {.duration = &longer};
  g_autoptr(SimRun) stays_longer = sim_run_scenario(b, &more, &none, NULL);
  g_autoptr(SimRun) again = sim_run_scenario(a, NULL, &none, NULL);
  CU_ASSERT_STRING_NOT_EQUAL(dropped->sha256, stays->sha256);
  CU_ASSERT_STRING_NOT_EQUAL(stays->sha256, stays_longer->sha256);
  CU_ASSERT_STRING_EQUAL(dropped->sha256, again->sha256);
}

/* The estimate counts connects, talks with their relays, and client
 * PINGs: here 3 + 3 per member to connect, 61 talks of 3 plus 2 relays
 * each for the talkers. */
static void
test_estimate(void)
{
  g_autoptr(SimScenario) s =
      load("[scenario]\nduration = 1m\nprofile = sp2\n[client t]\ncount = 3\n"
           "join = #a\ntalk = every 1s\n");
  GError *error = NULL;
  g_autoptr(SimModelConfig) config = sim_scenario_configure(s, NULL, &error);
  CU_ASSERT_PTR_NULL_FATAL(error);
  CU_ASSERT_EQUAL(sim_run_estimate(config), 3 * (3 + 61 * (3 + 2)));
  /* What the run really did is within a few percent (the server's own
   * traffic is not estimated). */
  g_autoptr(SimRun) run = sim_run_scenario(s, NULL, NULL, NULL);
  SimStats stats;
  sim_model_stats(run->model, &stats);
  double ratio =
      (double)(stats.events + stats.messages) / (double)sim_run_estimate(config);
  CU_ASSERT_TRUE(ratio > 0.9 && ratio < 1.1);
}

/* Above the limit nothing runs; a run that passes it on the way is
 * stopped with an error, and so is one whose stop flag is set. */
static void
test_limits(void)
{
  g_autoptr(SimScenario) s =
      load("[scenario]\nduration = 1000h\nprofile = sp2\n[client t]\n"
           "join = #a\ntalk = every 1us\n");
  GError *error = NULL;
  /* Stopped from the start: a run that began before refusing would end
   * at once with SIM_RUN_ERROR_INTERRUPTED (as below), not TOO_BIG, nor
   * run for 1000 h. */
  volatile sig_atomic_t stop = 1;
  SimRunOptions stopped = {.stop = &stop};
  CU_ASSERT_PTR_NULL(sim_run_scenario(s, NULL, &stopped, &error));
  CU_ASSERT_TRUE(g_error_matches(error, SIM_RUN_ERROR, SIM_RUN_ERROR_TOO_BIG));
  CU_ASSERT_TRUE(g_str_has_prefix(error->message, "r.ini: the run would take about "));
  g_clear_error(&error);

  /* An idle client the server PINGs for 1000 h: the estimate (connect
   * only) passes, the run does not. */
  g_autoptr(SimScenario) idle =
      load("[scenario]\nduration = 1000h\nprofile = sp2\n[client i]\njoin = #a\n");
  SimRunOptions small = {.max_events = 10000};
  CU_ASSERT_PTR_NULL(sim_run_scenario(idle, NULL, &small, &error));
  CU_ASSERT_TRUE(g_error_matches(error, SIM_RUN_ERROR, SIM_RUN_ERROR_LIMIT));
  g_clear_error(&error);
  SimRunOptions big = {.max_events = 1000000};
  g_autoptr(SimRun) done = sim_run_scenario(idle, NULL, &big, &error);
  CU_ASSERT_PTR_NOT_NULL(done);
  g_clear_error(&error);

  CU_ASSERT_PTR_NULL(sim_run_scenario(idle, NULL, &stopped, &error));
  CU_ASSERT_TRUE(g_error_matches(error, SIM_RUN_ERROR, SIM_RUN_ERROR_INTERRUPTED));
  g_clear_error(&error);
}

typedef struct {
  guint calls;
  SimRunProgress last;
} Progress;

static void
count_progress(const SimRunProgress *p, gpointer data)
{
  Progress *seen = data;
  CU_ASSERT_TRUE(p->now >= seen->last.now && p->work > seen->last.work);
  CU_ASSERT_TRUE(p->now <= p->duration && p->wall_us >= seen->last.wall_us);
  seen->last = *p;
  seen->calls++;
}

/* With a 1 us interval, progress comes at every look (each 4096 events),
 * with time and work going forward. */
static void
test_progress(void)
{
  g_autoptr(SimScenario) s =
      load("[scenario]\nduration = 10m\nprofile = sp2\n[client i]\njoin = #a\n"
           "talk = every 10ms\n");
  Progress seen = {0};
  SimRunOptions options = {
      .progress = count_progress, .progress_data = &seen, .progress_us = 1};
  g_autoptr(SimRun) run = sim_run_scenario(s, NULL, &options, NULL);
  CU_ASSERT_PTR_NOT_NULL_FATAL(run);
  SimStats stats;
  sim_model_stats(run->model, &stats);
  CU_ASSERT_TRUE(seen.calls >= stats.events / 4096 / 2);
  CU_ASSERT_TRUE(seen.last.duration == 600 * G_USEC_PER_SEC && seen.last.now > 0);
}

static void
square(gpointer job, gpointer user_data)
{
  (void)user_data;
  int *v = job;
  v[1] = v[0] * v[0];
}

/* Jobs on several threads each fill their own slot. */
static void
test_each(void)
{
  GPtrArray *jobs = g_ptr_array_new_with_free_func(g_free);
  for (int i = 0; i < 100; i++) {
    int *v = g_new0(int, 2);
    v[0] = i;
    g_ptr_array_add(jobs, v);
  }
  sim_run_each(jobs, square, NULL, 4);
  for (int i = 0; i < 100; i++)
    CU_ASSERT_EQUAL(((int *)g_ptr_array_index(jobs, i))[1], i * i);
  g_ptr_array_unref(jobs);
}

typedef struct {
  GPtrArray *shas;
  GMutex lock;
} Shas;

static void
run_one(gpointer job, gpointer data)
{
  Shas *ctx = data;
  SimRun *run = sim_run_scenario(job, NULL, NULL, NULL);
  g_mutex_lock(&ctx->lock);
  g_ptr_array_add(ctx->shas, g_strdup(run->sha256));
  g_mutex_unlock(&ctx->lock);
  sim_run_free(run);
}

/* Runs of one scenario on several threads give the sequential results. */
static void
test_parallel_same_as_serial(void)
{
  char *path = test_source_path("scenarios/poisson-traffic.ini");
  GError *error = NULL;
  g_autoptr(SimScenario) s = sim_scenario_load(path, &error);
  g_free(path);
  CU_ASSERT_PTR_NULL_FATAL(error);
  g_autoptr(SimRun) serial = sim_run_scenario(s, NULL, NULL, NULL);
  GPtrArray *jobs = g_ptr_array_new();
  for (int i = 0; i < 4; i++)
    g_ptr_array_add(jobs, s);
  Shas ctx = {.shas = g_ptr_array_new_with_free_func(g_free)};
  g_mutex_init(&ctx.lock);
  sim_run_each(jobs, run_one, &ctx, 4);
  CU_ASSERT_EQUAL(ctx.shas->len, 4);
  for (guint i = 0; i < ctx.shas->len; i++)
    CU_ASSERT_STRING_EQUAL(g_ptr_array_index(ctx.shas, i), serial->sha256);
  g_mutex_clear(&ctx.lock);
  g_ptr_array_unref(ctx.shas);
  g_ptr_array_unref(jobs);
}

int
main(void)
{
  static const TestCase tests[] = {
      {"timeline, file and fingerprint agree", test_timeline_and_fingerprint},
      {"trace selection", test_trace},
      {"untraced fingerprint follows the results",
       test_untraced_fingerprint_follows_results},
      {"work estimate", test_estimate},
      {"estimate limit, hard stop, stop flag", test_limits},
      {"progress", test_progress},
      {"sim_run_each fills every slot", test_each},
      {"parallel runs match a serial one", test_parallel_same_as_serial},
      {NULL, NULL},
  };
  return test_run_suite("run", tests);
}

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
  char *sha = g_compute_checksum_for_string(G_CHECKSUM_SHA256, data, -1);
  CU_ASSERT_STRING_EQUAL(run->sha256, sha);
  SimResult r;
  sim_model_result(run->model, 0, &r);
  CU_ASSERT_EQUAL(r.time, 270040000);
  g_free(sha), g_free(data), g_free(path);
  test_tmpdir_free(dir);
}

/* --trace none: only the header is fingerprinted; unknown names fail. */
static void
test_trace(void)
{
  g_autoptr(SimScenario) s = load(hung);
  SimRunOptions none = {.trace = "none", .keep_timeline = TRUE};
  g_autoptr(SimRun) run = sim_run_scenario(s, NULL, &none, NULL);
  CU_ASSERT_STRING_EQUAL(run->timeline->str, SIM_REPORT_TIMELINE_HEADER);
  SimRunOptions bad = {.trace = "h, nobody"};
  GError *error = NULL;
  CU_ASSERT_PTR_NULL(sim_run_scenario(s, NULL, &bad, &error));
  CU_ASSERT_TRUE(g_error_matches(error, SIM_RUN_ERROR, SIM_RUN_ERROR_TRACE));
  CU_ASSERT_STRING_EQUAL(error->message,
                         "no client or group named 'nobody'; accepted: all, "
                         "none, h (several separated by commas)");
  g_clear_error(&error);
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
      {"sim_run_each fills every slot", test_each},
      {"parallel runs match a serial one", test_parallel_same_as_serial},
      {NULL, NULL},
  };
  return test_run_suite("run", tests);
}

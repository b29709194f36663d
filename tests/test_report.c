/* test_report.c: timeline and summary formats, line by line. */
#include "testutil.h"

#include "chatsim/duration.h"
#include "chatsim/report.h"

#include <glib/gstdio.h>
#include <string.h>

#define S(x) ((SimTime)(x)*1000000)
#define MS(x) ((SimTime)(x)*1000)

static SimModelConfig *
small_config(void)
{
  SimModelConfig *config = sim_model_config_new();
  config->profile = sim_profile_resolve("sp2", NULL);
  config->keepalive = config->profile->keepalive;
  config->duration = S(300);
  config->latency = MS(40);
  SimClientSpec *hung = sim_client_spec_new("hung");
  hung->pong = FALSE;
  g_strfreev(hung->channels);
  hung->channels = g_strsplit("#q,#r", ",", -1);
  g_ptr_array_add(config->clients, hung);
  SimClientSpec *talker = sim_client_spec_new("talker");
  talker->count = 2;
  g_strfreev(talker->channels);
  talker->channels = g_strsplit("#q", ",", -1);
  talker->talk = SIM_TALK_AT;
  SimTime at = S(100);
  g_array_append_val(talker->talk_at, at);
  talker->quit = S(200);
  g_ptr_array_add(config->clients, talker);
  return config;
}

static void
collect(const SimRecord *record, gpointer data)
{
  GPtrArray *lines = ((gpointer *)data)[0];
  const SimModel *model = ((gpointer *)data)[1];
  GString *line = g_string_new(NULL);
  sim_report_timeline_line(model, record, line);
  g_ptr_array_add(lines, g_string_free(line, FALSE));
}

/* Every event kind's line, derived by hand from the model's rules. */
static void
test_timeline_lines(void)
{
  SimModelConfig *config = small_config();
  SimModel *model = sim_model_new(config, NULL);
  sim_model_trace_all(model, FALSE);
  CU_ASSERT_TRUE(sim_model_trace(model, "hung"));
  CU_ASSERT_TRUE(sim_model_trace(model, "talker.2"));
  GPtrArray *lines = g_ptr_array_new_with_free_func(g_free);
  gpointer data[2] = {lines, model};
  sim_model_run(model, collect, data);
  static const char *const want[] = {
      "0\t0.000000\thung\tconnect\tregister join #q,#r\n",
      "0\t0.000000\ttalker.2\tconnect\tregister join #q\n",
      "40000\t0.040000\thung\trecv\tregister\n",
      "40000\t0.040000\ttalker.2\trecv\tregister\n",
      "90040000\t90.040000\thung\tsend\tping 1/2\n",
      "90040000\t90.040000\ttalker.2\tsend\tping 1/2\n",
      "90120000\t90.120000\ttalker.2\trecv\tpong\n",
      "100040000\t100.040000\thung\tsend\trelay #q from talker.1\n",
      "100040000\t100.040000\ttalker.2\tsend\trelay #q from talker.1\n",
      "100040000\t100.040000\ttalker.2\trecv\tprivmsg #q\n",
      "100040000\t100.040000\thung\tsend\trelay #q from talker.2\n",
      "180040000\t180.040000\thung\tsend\tping 2/2\n",
      "190040000\t190.040000\ttalker.2\tsend\tping 1/2\n",
      "190120000\t190.120000\ttalker.2\trecv\tpong\n",
      "200040000\t200.040000\ttalker.2\tquit\tquit\n",
      "270040000\t270.040000\thung\tdisconnect\tping-timeout: nothing received since "
      "0.040000 s (register); 2 PINGs (the first at 90.040000 s, the last at 180.040000 "
      "s) "
      "went unanswered (ping_attempts 2); the reply window of 90s after the last ran out "
      "at "
      "270.040000 s\n",
      NULL,
  };
  guint n = g_strv_length((char **)want);
  for (guint i = 0; i < MIN(n, lines->len); i++)
    if (strcmp(g_ptr_array_index(lines, i), want[i]) != 0) {
      printf("\n  line %u: got  %s  want %s", i, (char *)g_ptr_array_index(lines, i),
             want[i]);
      CU_FAIL("timeline line differs");
    }
  CU_ASSERT_EQUAL(lines->len, n);
  g_ptr_array_unref(lines);
  sim_model_free(model);
  sim_model_config_free(config);
}

/* What sim_report_summary_text streams, read back from a file. */
static char *
render_text(const SimModel *model, gboolean all_rows)
{
  char *dir = test_tmpdir();
  char *path = g_build_filename(dir, "out.txt", NULL);
  SimOutput *out = sim_output_open(path, NULL);
  sim_report_summary_text(model, all_rows, out);
  CU_ASSERT_TRUE(sim_output_commit(out, NULL, NULL));
  char *text = test_slurp(path);
  g_free(path);
  test_tmpdir_free(dir);
  return text;
}

static void
test_summary(void)
{
  SimModelConfig *config = small_config();
  SimModel *model = sim_model_new(config, NULL);
  sim_model_run(model, NULL, NULL);
  GString *tsv = g_string_new(SIM_REPORT_SUMMARY_HEADER);
  sim_report_summary_tsv(model, tsv);
  CU_ASSERT_STRING_EQUAL(
      tsv->str,
      "profile\tclient\toutcome\ttime_us\ttime_s\treason\tpings_sent\tlast_recv_"
      "us\trestarts\t"
      "why\n"
      "5.5.2448.8\thung\tdisconnected\t270040000\t270.040000\tping-timeout\t2\t40000\t0\t"
      "nothing received since 0.040000 s (register); 2 PINGs (the first at 90.040000 s, "
      "the "
      "last at 180.040000 s) went unanswered (ping_attempts 2); the reply window of 90s "
      "after the last ran out at 270.040000 s\n"
      "5.5.2448.8\ttalker.1\tquit\t200040000\t200.040000\tquit\t2\t190120000\t0\t\n"
      "5.5.2448.8\ttalker.2\tquit\t200040000\t200.040000\tquit\t2\t190120000\t0\t\n");
  char *text = render_text(model, FALSE);
  CU_ASSERT_TRUE(g_str_has_prefix(text, "client  outcome             at (s)  reason\n"
                                        "hung    disconnected       270.040  "
                                        "ping-timeout\n"
                                        "        why: nothing received since"));
  /* The count group folds into one line per kind of result. */
  CU_ASSERT_TRUE(g_str_has_suffix(text, "\ntalker: all 2 quit at 200.040 s\n"));
  g_free(text);
  text = render_text(model, TRUE);
  CU_ASSERT_PTR_NOT_NULL(strstr(text, "\ntalker.1  quit               200.040  quit\n"));
  CU_ASSERT_TRUE(
      g_str_has_suffix(text, "\ntalker.2  quit               200.040  quit\n"));
  g_free(text);
  g_string_free(tsv, TRUE);
  sim_model_free(model);
  sim_model_config_free(config);
}

static gint
by_time(gconstpointer a, gconstpointer b)
{
  SimTime x = *(const SimTime *)a, y = *(const SimTime *)b;
  return x < y ? -1 : x > y;
}

/* A count group's folded line gives the first and the median (the lower
 * middle one for an even count) of its members' times: here hung clients
 * whose jittered links make every drop time different, checked against
 * the times sorted by the test, for an odd and an even count. */
static void
test_folded_median(void)
{
  for (guint count = 9; count <= 10; count++) {
    SimModelConfig *config = sim_model_config_new();
    config->profile = sim_profile_resolve("sp2", NULL);
    config->keepalive = config->profile->keepalive;
    config->duration = S(600);
    config->latency = MS(40);
    config->jitter = MS(500);
    config->seed = 7;
    SimClientSpec *hung = sim_client_spec_new("hung");
    hung->pong = FALSE;
    hung->count = count;
    g_strfreev(hung->channels);
    hung->channels = g_strsplit("#q", ",", -1);
    g_ptr_array_add(config->clients, hung);
    SimModel *model = sim_model_new(config, NULL);
    sim_model_run(model, NULL, NULL);
    GArray *times = g_array_new(FALSE, FALSE, sizeof(SimTime));
    for (guint c = 0; c < count; c++) {
      SimResult r;
      sim_model_result(model, c, &r);
      CU_ASSERT_EQUAL(r.reason, SIM_REASON_PING_TIMEOUT);
      g_array_append_val(times, r.time);
    }
    g_array_sort(times, by_time);
    char *first = sim_duration_format_s(g_array_index(times, SimTime, 0), 3);
    char *median =
        sim_duration_format_s(g_array_index(times, SimTime, (count - 1) / 2), 3);
    /* The times differ in their milliseconds, so a wrong rank shows. */
    for (guint c = 1; c < count; c++) {
      char *a = sim_duration_format_s(g_array_index(times, SimTime, c - 1), 3);
      char *b = sim_duration_format_s(g_array_index(times, SimTime, c), 3);
      CU_ASSERT_STRING_NOT_EQUAL(a, b);
      g_free(a);
      g_free(b);
    }
    char *want = g_strdup_printf("hung: all %u dropped (ping-timeout), first at %s s, "
                                 "median %s s\n",
                                 count, first, median);
    char *text = render_text(model, FALSE);
    CU_ASSERT_PTR_NOT_NULL(strstr(text, want));
    g_free(text);
    g_free(want);
    g_free(first);
    g_free(median);
    g_array_unref(times);
    sim_model_free(model);
    sim_model_config_free(config);
  }
}

int
main(void)
{
  static const TestCase tests[] = {
      {"timeline lines for every event", test_timeline_lines},
      {"summary TSV and text", test_summary},
      {"a count group's first and median", test_folded_median},
      {NULL, NULL},
  };
  return test_run_suite("report", tests);
}

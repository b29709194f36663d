/* test_e2e_reliability.c: the real binary against a hostile user: outputs
 * that are links, devices, FIFOs or the input; a full standard output;
 * runaway scenarios; signals in the middle of a run. */
#define _XOPEN_SOURCE 700 /* posix_openpt and friends */
#include "testutil.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

/* 1000 h of one client talking every microsecond: far above any limit. */
static const char runaway[] = "[scenario]\nduration = 1000h\nprofile = sp2\n"
                              "[client t]\njoin = #a\ntalk = every 1us\n";

#define PROGRESS_RE                                                                      \
  "chatsim: [0-9]+\\.[0-9] s of [0-9]+[a-z]+ simulated \\([0-9.]+%\\), [0-9.]+M "        \
  "events/s, ETA [0-9]+[hm][0-9]+[ms]"

static char *
write_in(const char *dir, const char *name, const char *text)
{
  char *path = g_build_filename(dir, name, NULL);
  g_assert(g_file_set_contents(path, text, -1, NULL));
  return path;
}

static void
assert_file(const char *path, const char *want)
{
  char *got = test_slurp(path);
  CU_ASSERT_STRING_EQUAL(got, want);
  g_free(got);
}

/* --timeline through a symbolic link writes its target; the link stays. */
static void
test_symlink_output(void)
{
  char *dir = test_tmpdir();
  char *scenario = test_source_path("scenarios/kb233512.ini");
  char *target = write_in(dir, "real.tsv", "old\n");
  char *link = g_build_filename(dir, "link.tsv", NULL);
  CU_ASSERT_EQUAL_FATAL(symlink("real.tsv", link), 0);
  TestRun run;
  test_chatsim(&run, dir, "run", scenario, "--timeline", "link.tsv", "-q", NULL);
  CU_ASSERT_EQUAL(run.status, 0);
  GStatBuf st;
  CU_ASSERT_TRUE(g_lstat(link, &st) == 0 && S_ISLNK(st.st_mode));
  char *text = test_slurp(target);
  CU_ASSERT_TRUE(g_str_has_prefix(text, "time_us\ttime_s\tclient\tevent\tdetail\n0\t"));
  g_free(text);
  test_assert_listing(dir, "link.tsv|real.tsv");
  test_run_clear(&run);
  g_free(link), g_free(target), g_free(scenario);
  test_tmpdir_free(dir);
}

/* /dev/stdout is standard output, whatever it is; /dev/null stays a device. */
static void
test_device_outputs(void)
{
  GStatBuf before, after;
  CU_ASSERT_EQUAL_FATAL(g_lstat("/dev/stdout", &before), 0);
  TestRun run;
  test_chatsim(&run, NULL, "run", "scenarios/kb233512.ini", "--summary", "/dev/stdout",
               "--timeline", "/dev/null", NULL);
  CU_ASSERT_EQUAL(run.status, 0);
  CU_ASSERT_TRUE(g_str_has_prefix(run.out, "profile\tclient\toutcome\t"));
  CU_ASSERT_PTR_NOT_NULL(strstr(run.out, "\n5.5.2577.0\tlurker\tdisconnected\t"));
  CU_ASSERT_EQUAL_FATAL(g_lstat("/dev/stdout", &after), 0);
  CU_ASSERT_EQUAL(before.st_mode, after.st_mode);
  CU_ASSERT_EQUAL(before.st_ino, after.st_ino);
  CU_ASSERT_EQUAL_FATAL(g_stat("/dev/null", &after), 0);
  CU_ASSERT_TRUE(S_ISCHR(after.st_mode));
  test_run_clear(&run);
}

typedef struct {
  char *path;
  char *got;
} Reader;

static gpointer
read_all(gpointer data)
{
  Reader *r = data;
  g_file_get_contents(r->path, &r->got, NULL, NULL);
  return NULL;
}

/* A FIFO gets the summary as it is written and stays a FIFO. */
static void
test_fifo_output(void)
{
  char *dir = test_tmpdir();
  Reader r = {g_build_filename(dir, "fifo", NULL), NULL};
  CU_ASSERT_EQUAL_FATAL(mkfifo(r.path, 0600), 0);
  GThread *reader = g_thread_new("fifo", read_all, &r);
  TestRun run;
  test_chatsim(&run, NULL, "run", "scenarios/kb233512.ini", "--summary", r.path, "-q",
               NULL);
  g_thread_join(reader);
  CU_ASSERT_EQUAL(run.status, 0);
  CU_ASSERT_TRUE(r.got != NULL && g_str_has_prefix(r.got, "profile\tclient\t"));
  GStatBuf st;
  CU_ASSERT_TRUE(g_lstat(r.path, &st) == 0 && S_ISFIFO(st.st_mode));
  test_assert_listing(dir, "fifo");
  test_run_clear(&run);
  g_free(r.got), g_free(r.path);
  test_tmpdir_free(dir);
}

/* An output that is the scenario, or both outputs one file spelt two
 * ways: exit 2, a clear message, nothing written or replaced. */
static void
test_same_file(void)
{
  char *dir = test_tmpdir();
  char *source = test_source_path("scenarios/kb233512.ini");
  char *text = test_slurp(source);
  char *scenario = write_in(dir, "s.ini", text);
  TestRun run;
  test_chatsim(&run, dir, "run", "s.ini", "--timeline", "./s.ini", NULL);
  CU_ASSERT_EQUAL(run.status, 2);
  CU_ASSERT_STRING_EQUAL(run.out, "");
  CU_ASSERT_TRUE(g_str_has_prefix(run.err,
                                  "chatsim run: --timeline './s.ini' is the same "
                                  "file as the scenario 's.ini'; give the "
                                  "output another name\n"));
  assert_file(scenario, text);
  test_run_clear(&run);

  test_chatsim(&run, dir, "run", "s.ini", "--timeline", "same.tsv", "--summary",
               "./same.tsv", NULL);
  CU_ASSERT_EQUAL(run.status, 2);
  CU_ASSERT_TRUE(g_str_has_prefix(run.err, "chatsim run: --timeline 'same.tsv' and "
                                           "--summary './same.tsv' are the same file"));
  test_assert_listing(dir, "s.ini");
  test_run_clear(&run);

  /* Existing, through a link: still the same file. */
  char *old = write_in(dir, "same.tsv", "old\n");
  char *link = g_build_filename(dir, "alias.tsv", NULL);
  CU_ASSERT_EQUAL_FATAL(symlink("same.tsv", link), 0);
  test_chatsim(&run, dir, "run", "s.ini", "--timeline", "same.tsv", "--summary",
               "alias.tsv", NULL);
  CU_ASSERT_EQUAL(run.status, 2);
  assert_file(old, "old\n");
  test_assert_listing(dir, "alias.tsv|s.ini|same.tsv");
  test_run_clear(&run);
  g_free(link), g_free(old), g_free(scenario), g_free(text), g_free(source);
  test_tmpdir_free(dir);
}

/* Runs chatsim from `cwd` with standard output on /dev/full; returns the
 * exit code and fills *err with its standard error. */
static int
run_to_full(const char *cwd, char **err, const char *const *args)
{
  GPtrArray *argv = g_ptr_array_new();
  g_ptr_array_add(argv, "/bin/sh");
  g_ptr_array_add(argv, "-c");
  g_ptr_array_add(argv, "exec \"$0\" \"$@\" >/dev/full");
  g_ptr_array_add(argv, (gpointer)test_chatsim_bin());
  for (const char *const *a = args; *a; a++)
    g_ptr_array_add(argv, (gpointer)*a);
  g_ptr_array_add(argv, NULL);
  int status = 0;
  gboolean ok = g_spawn_sync(cwd, (char **)argv->pdata, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                             NULL, err, &status, NULL);
  g_assert(ok);
  g_ptr_array_unref(argv);
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

/* Every command that writes standard output notices that it is full
 * (run from a scratch directory: plot writes its data files there). */
static void
test_dev_full(void)
{
  char *dir = test_tmpdir();
  char *s = test_source_path("scenarios/kb233512.ini");
  const char *const commands[][8] = {
      {"run", s, NULL},
      {"run", s, "--format", "tsv", NULL},
      {"run", s, "--timeline", "-", NULL},
      {"compare", s, NULL},
      {"check", s, NULL},
      {"profiles", NULL},
      {"plot", s, "--terminal", "dumb", "--output", "-", NULL},
      {"--help", NULL},
      {"run", "--help", NULL}, /* GOptionContext prints it and exits */
  };
  for (guint i = 0; i < G_N_ELEMENTS(commands); i++) {
    char *err = NULL;
    int status = run_to_full(dir, &err, commands[i]);
    /* When stdio met the error before the final flush, errno is gone. */
    gboolean said =
        strstr(err, "chatsim: standard output: No space left on device\n") != NULL ||
        strstr(err, "chatsim: standard output: write error\n") != NULL ||
        strstr(err, "chatsim: -: cannot write: No space left on device\n") != NULL;
    if (status != 2 || !said)
      printf("\n  chatsim %s: exit %d, stderr: %s\n", commands[i][0], status, err);
    CU_ASSERT_EQUAL(status, 2);
    CU_ASSERT_TRUE(said);
    g_free(err);
  }
  g_free(s);
  test_tmpdir_free(dir);
}

/* CPU seconds used by the children waited for so far. */
static double
children_cpu_s(void)
{
  struct rusage ru;
  getrusage(RUSAGE_CHILDREN, &ru);
  return (double)ru.ru_utime.tv_sec + (double)ru.ru_utime.tv_usec / 1e6 +
         (double)ru.ru_stime.tv_sec + (double)ru.ru_stime.tv_usec / 1e6;
}

/* A runaway is refused before it starts (well under a CPU second), with
 * the estimate, the limit and how to raise it; nothing is written. */
static void
test_runaway_refused(void)
{
  char *dir = test_tmpdir();
  char *scenario = write_in(dir, "big.ini", runaway);
  double before = children_cpu_s();
  TestRun run;
  test_chatsim(&run, dir, "run", "big.ini", "--timeline", "t.tsv", NULL);
  CU_ASSERT_TRUE(children_cpu_s() - before < 1.0);
  CU_ASSERT_EQUAL(run.status, 2);
  CU_ASSERT_STRING_EQUAL(
      run.err, "chatsim: big.ini: the run would take about 10800000000006 events and "
               "messages, more than the limit of 1000000000; shorten the duration or "
               "slow the talk, or raise the limit with --max-events N\n");
  test_assert_listing(dir, "big.ini");
  test_run_clear(&run);

  /* plot and compare run under the same default limit. */
  test_chatsim(&run, dir, "plot", "big.ini", "--terminal", "dumb", "--output", "-", NULL);
  CU_ASSERT_EQUAL(run.status, 2);
  CU_ASSERT_TRUE(
      g_str_has_prefix(run.err, "chatsim: big.ini: the run would take about "));
  test_assert_listing(dir, "big.ini");
  test_run_clear(&run);
  test_chatsim(&run, dir, "compare", "big.ini", NULL);
  CU_ASSERT_EQUAL(run.status, 2);
  CU_ASSERT_TRUE(
      g_str_has_prefix(run.err, "chatsim: big.ini: the run would take about "));
  test_run_clear(&run);

  test_chatsim(&run, dir, "run", "big.ini", "--max-events", "0", NULL);
  CU_ASSERT_EQUAL(run.status, 2);
  CU_ASSERT_PTR_NOT_NULL(strstr(run.err, "--max-events: '0' is not a whole number"));
  test_run_clear(&run);
  g_free(scenario);
  test_tmpdir_free(dir);
}

/* Under the estimate, over the limit while running (the server's PINGs
 * to an idle client are not estimated): stopped, exit 2, nothing written;
 * with a higher --max-events the same run completes. */
static void
test_hard_stop(void)
{
  char *dir = test_tmpdir();
  char *scenario = write_in(dir, "idle.ini",
                            "[scenario]\nduration = 1000h\nprofile = sp2\n"
                            "[client i]\njoin = #a\n");
  TestRun run;
  test_chatsim(&run, dir, "run", "idle.ini", "--max-events", "10000", "--timeline",
               "t.tsv", "--summary", "s.tsv", NULL);
  CU_ASSERT_EQUAL(run.status, 2);
  CU_ASSERT_TRUE(g_str_has_prefix(
      run.err, "chatsim: idle.ini: stopped: the run went past the limit of 10000 events "
               "and messages (the estimate was 3)"));
  test_assert_listing(dir, "idle.ini");
  test_run_clear(&run);
  /* Every command that runs takes the limit. */
  static const char *const commands[] = {"compare", "check", "plot", "study"};
  for (guint i = 0; i < G_N_ELEMENTS(commands); i++) {
    test_chatsim(&run, dir, commands[i], "--max-events", "x", "idle.ini", NULL);
    CU_ASSERT_EQUAL(run.status, 2);
    CU_ASSERT_PTR_NOT_NULL(strstr(run.err, "--max-events: 'x' is not a whole number"));
    test_run_clear(&run);
  }
  test_chatsim(&run, dir, "compare", "idle.ini", "--max-events", "10000", NULL);
  CU_ASSERT_EQUAL(run.status, 2);
  CU_ASSERT_PTR_NOT_NULL(
      strstr(run.err, "idle.ini: stopped: the run went past the limit of 10000 events"));
  test_run_clear(&run);
  test_chatsim(&run, dir, "compare", "idle.ini", "--max-events", "1000000", NULL);
  CU_ASSERT_EQUAL(run.status, 0);
  test_run_clear(&run);
  test_chatsim(&run, dir, "run", "idle.ini", "--max-events", "1000000", "-q", NULL);
  CU_ASSERT_EQUAL(run.status, 0);
  test_run_clear(&run);
  g_free(scenario);
  test_tmpdir_free(dir);
}

static GPid
spawn_runaway(const char *dir, int stderr_fd)
{
  const char *argv[] = {
      test_chatsim_bin(), "run",   "big.ini",   "--max-events", "1000000000000000",
      "--timeline",       "t.tsv", "--summary", "s.tsv",        NULL};
  GPid pid = 0;
  GError *error = NULL;
  gboolean ok =
      g_spawn_async_with_fds(dir, (char **)argv, NULL, G_SPAWN_DO_NOT_REAP_CHILD, NULL,
                             NULL, &pid, -1, -1, stderr_fd, &error);
  g_assert_no_error(error);
  g_assert(ok);
  return pid;
}

/* TRUE once `dir` holds a temporary file (the run has started writing). */
static gboolean
wait_for_temp(const char *dir)
{
  for (int i = 0; i < 1000; i++) {
    char *names = test_listing(dir);
    gboolean found = strstr(names, ".tmp-") != NULL;
    g_free(names);
    if (found)
      return TRUE;
    g_usleep(10000);
  }
  return FALSE;
}

/* SIGINT, SIGTERM or SIGHUP mid-run: the process dies of the signal (the
 * shell sees 128 + N), every temporary file is gone and the outputs of
 * the run before are intact. */
static void
test_signals(void)
{
  static const int signals[] = {SIGINT, SIGTERM, SIGHUP};
  for (guint i = 0; i < G_N_ELEMENTS(signals); i++) {
    char *dir = test_tmpdir();
    char *scenario = write_in(dir, "big.ini", runaway);
    char *t = write_in(dir, "t.tsv", "previous timeline\n");
    char *s = write_in(dir, "s.tsv", "previous summary\n");
    int err_fd = open("/dev/null", O_WRONLY);
    GPid pid = spawn_runaway(dir, err_fd);
    close(err_fd);
    CU_ASSERT_TRUE(wait_for_temp(dir));
    kill(pid, signals[i]);
    int status = 0;
    CU_ASSERT_EQUAL(waitpid(pid, &status, 0), pid);
    g_spawn_close_pid(pid);
    CU_ASSERT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == signals[i]);
    test_assert_listing(dir, "big.ini|s.tsv|t.tsv");
    assert_file(t, "previous timeline\n");
    assert_file(s, "previous summary\n");
    g_free(s), g_free(t), g_free(scenario);
    test_tmpdir_free(dir);
  }
}

/* On a terminal, a run of more than two seconds shows its progress on
 * stderr: simulated time, rate and ETA, on one rewritten line. */
static void
test_progress_on_terminal(void)
{
  int master = posix_openpt(O_RDWR | O_NOCTTY);
  CU_ASSERT_TRUE_FATAL(master >= 0 && grantpt(master) == 0 && unlockpt(master) == 0);
  int slave = open(ptsname(master), O_RDWR | O_NOCTTY);
  CU_ASSERT_TRUE_FATAL(slave >= 0);
  char *dir = test_tmpdir();
  char *scenario = write_in(dir, "big.ini", runaway);
  GPid pid = spawn_runaway(dir, slave);
  close(slave);
  GString *seen = g_string_new(NULL);
  gint64 deadline = g_get_monotonic_time() + 60 * G_USEC_PER_SEC;
  while (strstr(seen->str, "ETA") == NULL && g_get_monotonic_time() < deadline) {
    struct pollfd p = {master, POLLIN, 0};
    if (poll(&p, 1, 100) > 0) {
      char buf[256];
      ssize_t n = read(master, buf, sizeof buf);
      if (n <= 0)
        break;
      g_string_append_len(seen, buf, n);
    }
  }
  kill(pid, SIGTERM);
  int status = 0;
  waitpid(pid, &status, 0);
  g_spawn_close_pid(pid);
  close(master);
  const char *line = strstr(seen->str, "\rchatsim: ");
  if (line == NULL)
    printf("\n  stderr on the terminal: %s\n", seen->str);
  CU_ASSERT_PTR_NOT_NULL_FATAL(line);
  CU_ASSERT_TRUE(g_regex_match_simple("^\r" PROGRESS_RE, line, 0, 0));
  CU_ASSERT_PTR_NOT_NULL(strstr(line, " s of 1000h simulated ("));
  test_assert_listing(dir, "big.ini");
  g_string_free(seen, TRUE);
  g_free(scenario);
  test_tmpdir_free(dir);
}

/* The code block that follows `heading` in docs/formats.md. */
static char *
doc_block(const char *text, const char *heading)
{
  const char *at = strstr(text, heading);
  const char *open = at ? strstr(at, "```\n") : NULL;
  const char *close = open ? strstr(open + 4, "```\n") : NULL;
  return close ? g_strndup(open + 4, (gsize)(close - open - 4)) : g_strdup("");
}

/* docs/formats.md's progress line is one chatsim prints (the docs test
 * cannot run it: it needs a terminal). */
static void
test_doc_progress(void)
{
  char *path = test_source_path("docs/formats.md");
  char *doc = test_slurp(path);
  char *progress = doc_block(doc, "progress line on it is rewritten");
  CU_ASSERT_TRUE(g_regex_match_simple("^" PROGRESS_RE "\n$", progress, 0, 0));
  g_free(progress), g_free(doc), g_free(path);
}

int
main(void)
{
  static const TestCase tests[] = {
      {"a symbolic link output is written through", test_symlink_output},
      {"/dev/stdout and /dev/null are written, not replaced", test_device_outputs},
      {"a FIFO output", test_fifo_output},
      {"an output that is the input or another output", test_same_file},
      {"standard output on /dev/full", test_dev_full},
      {"a runaway is refused before it starts", test_runaway_refused},
      {"a run past --max-events is stopped", test_hard_stop},
      {"SIGINT, SIGTERM, SIGHUP leave no temporary file", test_signals},
      {"progress on a terminal", test_progress_on_terminal},
      {"docs/formats.md's progress line", test_doc_progress},
      {NULL, NULL},
  };
  return test_run_suite("e2e_reliability", tests);
}

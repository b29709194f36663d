/* test_output.c: an output file is written in full or not at all, through a
 * temporary file renamed into place, with the SHA-256 of every byte. */
#include "testutil.h"

#include "chatsim/output.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#define SHA256_EMPTY "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"

static void
assert_contents(const char *path, const char *want, gsize want_len)
{
  char *data = NULL;
  gsize len = 0;
  CU_ASSERT_TRUE_FATAL(g_file_get_contents(path, &data, &len, NULL));
  CU_ASSERT_EQUAL(len, want_len);
  CU_ASSERT_TRUE(len == want_len && memcmp(data, want, len) == 0);
  g_free(data);
}

static void
write_file(const char *path, const char *contents)
{
  CU_ASSERT_TRUE_FATAL(g_file_set_contents(path, contents, -1, NULL));
}

static void
test_commit(void)
{
  char *dir = test_tmpdir();
  char *path = g_build_filename(dir, "out.csv", NULL);
  GError *error = NULL;
  SimOutput *out = sim_output_open(path, &error);
  CU_ASSERT_PTR_NOT_NULL_FATAL(out);
  CU_ASSERT_PTR_NULL(error);
  /* While open, only a temporary file exists, beside the target. */
  char *names = test_listing(dir);
  CU_ASSERT_TRUE(g_str_has_prefix(names, "out.csv.tmp-"));
  CU_ASSERT_PTR_NULL(strchr(names, '|'));
  g_free(names);
  CU_ASSERT_FALSE(g_file_test(path, G_FILE_TEST_EXISTS));

  sim_output_write(out, "a,b\n", 4);
  GString *text = g_string_new("1,2\n");
  sim_output_puts(out, text);
  sim_output_write(out, "", 0);
  char *sha = NULL;
  CU_ASSERT_TRUE(sim_output_commit(out, &sha, &error));
  CU_ASSERT_PTR_NULL(error);
  assert_contents(path, "a,b\n1,2\n", 8);
  test_assert_listing(dir, "out.csv"); /* renamed: no temporary file left */
  char *want =
      g_compute_checksum_for_data(G_CHECKSUM_SHA256, (const guchar *)"a,b\n1,2\n", 8);
  CU_ASSERT_PTR_NOT_NULL_FATAL(sha);
  CU_ASSERT_STRING_EQUAL(sha, want);
  g_free(want);
  g_free(sha);
  g_string_free(text, TRUE);
  g_free(path);
  test_tmpdir_free(dir);
}

/* Every byte value, in chunks of many sizes: the file and the digest see
 * exactly the bytes written. */
static void
test_binary_and_checksum(void)
{
  enum { N = 1 << 20 };
  char *dir = test_tmpdir();
  char *path = g_build_filename(dir, "big.bin", NULL);
  guchar *bytes = g_malloc(N);
  guint32 x = 1;
  for (gsize i = 0; i < N; i++) {
    x = x * 1103515245u + 12345u;
    bytes[i] = (guchar)(x >> 16);
  }
  SimOutput *out = sim_output_open(path, NULL);
  CU_ASSERT_PTR_NOT_NULL_FATAL(out);
  gsize done = 0, chunk = 1;
  while (done < N) {
    gsize n = MIN(chunk, (gsize)N - done);
    sim_output_write(out, (const char *)bytes + done, n);
    done += n;
    chunk = chunk * 3 % 70001 + 1;
  }
  char *sha = NULL;
  CU_ASSERT_TRUE(sim_output_commit(out, &sha, NULL));
  char *want = g_compute_checksum_for_data(G_CHECKSUM_SHA256, bytes, N);
  CU_ASSERT_STRING_EQUAL(sha, want);
  assert_contents(path, (const char *)bytes, N);
  test_assert_listing(dir, "big.bin");
  g_free(want);
  g_free(sha);
  g_free(bytes);
  g_free(path);
  test_tmpdir_free(dir);
}

static void
test_commit_empty(void)
{
  char *dir = test_tmpdir();
  char *path = g_build_filename(dir, "empty", NULL);
  SimOutput *out = sim_output_open(path, NULL);
  CU_ASSERT_PTR_NOT_NULL_FATAL(out);
  char *sha = NULL;
  CU_ASSERT_TRUE(sim_output_commit(out, &sha, NULL));
  CU_ASSERT_STRING_EQUAL(sha, SHA256_EMPTY);
  assert_contents(path, "", 0);
  test_assert_listing(dir, "empty");
  g_free(sha);
  /* A NULL digest pointer is allowed. */
  out = sim_output_open(path, NULL);
  sim_output_write(out, "x", 1);
  CU_ASSERT_TRUE(sim_output_commit(out, NULL, NULL));
  assert_contents(path, "x", 1);
  g_free(path);
  test_tmpdir_free(dir);
}

/* Without a fingerprint the bytes are the same; the digest is NULL. */
static void
test_skip_fingerprint(void)
{
  char *dir = test_tmpdir();
  char *path = g_build_filename(dir, "plain", NULL);
  SimOutput *out = sim_output_open(path, NULL);
  CU_ASSERT_PTR_NOT_NULL_FATAL(out);
  sim_output_skip_fingerprint(out);
  sim_output_write(out, "a,b\n", 4);
  char *sha = (char *)"unset";
  CU_ASSERT_TRUE(sim_output_commit(out, &sha, NULL));
  CU_ASSERT_PTR_NULL(sha);
  assert_contents(path, "a,b\n", 4);
  test_assert_listing(dir, "plain");
  g_free(path);
  test_tmpdir_free(dir);
}

static void
test_commit_replaces(void)
{
  char *dir = test_tmpdir();
  char *path = g_build_filename(dir, "report.txt", NULL);
  write_file(path, "an older, longer report\n");
  SimOutput *out = sim_output_open(path, NULL);
  CU_ASSERT_PTR_NOT_NULL_FATAL(out);
  /* Until the commit the old file is intact. */
  sim_output_write(out, "new\n", 4);
  assert_contents(path, "an older, longer report\n", 24);
  CU_ASSERT_TRUE(sim_output_commit(out, NULL, NULL));
  assert_contents(path, "new\n", 4); /* replaced, not overwritten in place */
  test_assert_listing(dir, "report.txt");
  g_free(path);
  test_tmpdir_free(dir);
}

static void
test_abort(void)
{
  char *dir = test_tmpdir();
  char *path = g_build_filename(dir, "out.csv", NULL);
  SimOutput *out = sim_output_open(path, NULL);
  CU_ASSERT_PTR_NOT_NULL_FATAL(out);
  sim_output_write(out, "partial", 7);
  sim_output_abort(out);
  test_assert_listing(dir, ""); /* neither the file nor a temporary one */

  /* An existing older file is left untouched. */
  write_file(path, "old run\n");
  out = sim_output_open(path, NULL);
  CU_ASSERT_PTR_NOT_NULL_FATAL(out);
  sim_output_write(out, "new run, half written", 21);
  sim_output_abort(out);
  assert_contents(path, "old run\n", 8);
  test_assert_listing(dir, "out.csv");

  sim_output_abort(NULL); /* ignored */
  g_free(path);
  test_tmpdir_free(dir);
}

static void
test_missing_directory(void)
{
  char *dir = test_tmpdir();
  char *path = g_build_filename(dir, "no-such-dir", "out.csv", NULL);
  GError *error = NULL;
  SimOutput *out = sim_output_open(path, &error);
  CU_ASSERT_PTR_NULL(out);
  CU_ASSERT_PTR_NOT_NULL_FATAL(error);
  CU_ASSERT_TRUE(error->domain == SIM_OUTPUT_ERROR);
  CU_ASSERT_EQUAL(error->code, SIM_OUTPUT_ERROR_OPEN);
  char *want = g_strdup_printf("%s: cannot write: %s", path, g_strerror(ENOENT));
  CU_ASSERT_STRING_EQUAL(error->message, want);
  CU_ASSERT_PTR_NOT_NULL(strstr(error->message, path)); /* names the path */
  g_free(want);
  g_clear_error(&error);
  CU_ASSERT_PTR_NULL(sim_output_open(path, NULL)); /* a NULL error is allowed */
  test_assert_listing(dir, "");
  g_free(path);
  test_tmpdir_free(dir);
}

/* The rename fails (a directory took the path after the open): the commit
 * reports it, removes the temporary file and leaves the directory alone. */
static void
test_commit_rename_fails(void)
{
  char *dir = test_tmpdir();
  char *path = g_build_filename(dir, "taken", NULL);
  GError *error = NULL;
  SimOutput *out = sim_output_open(path, &error);
  CU_ASSERT_PTR_NOT_NULL_FATAL(out);
  CU_ASSERT_EQUAL_FATAL(g_mkdir(path, 0700), 0);
  sim_output_write(out, "data", 4);
  char *sha = NULL;
  CU_ASSERT_FALSE(sim_output_commit(out, &sha, &error));
  CU_ASSERT_PTR_NULL(sha);
  CU_ASSERT_PTR_NOT_NULL_FATAL(error);
  CU_ASSERT_TRUE(error->domain == SIM_OUTPUT_ERROR);
  CU_ASSERT_EQUAL(error->code, SIM_OUTPUT_ERROR_WRITE);
  char *want = g_strdup_printf("%s: cannot write: %s", path, g_strerror(EISDIR));
  CU_ASSERT_STRING_EQUAL(error->message, want);
  g_free(want);
  g_clear_error(&error);
  test_assert_listing(dir, "taken");
  CU_ASSERT_TRUE(g_file_test(path, G_FILE_TEST_IS_DIR));
  g_free(path);
  test_tmpdir_free(dir);
}

/* A write that fails (file size limit, EFBIG) fails the commit; nothing is
 * left at the path and an older file survives. */
static void
test_write_fails(void)
{
  char *dir = test_tmpdir();
  char *path = g_build_filename(dir, "out.csv", NULL);
  write_file(path, "old run\n");
  char *chunk = g_malloc0(65536);
  struct rlimit old_limit, limit;
  CU_ASSERT_EQUAL_FATAL(getrlimit(RLIMIT_FSIZE, &old_limit), 0);
  limit = old_limit;
  limit.rlim_cur = 4096;
  void (*old_handler)(int) = signal(SIGXFSZ, SIG_IGN);
  SimOutput *out = sim_output_open(path, NULL);
  CU_ASSERT_PTR_NOT_NULL_FATAL(out);
  GError *error = NULL;
  gboolean ok = TRUE;
  if (setrlimit(RLIMIT_FSIZE, &limit) == 0) {
    for (int i = 0; i < 4; i++)
      sim_output_write(out, chunk, 65536);
    ok = sim_output_commit(out, NULL, &error);
    setrlimit(RLIMIT_FSIZE, &old_limit);
  } else {
    sim_output_abort(out);
  }
  signal(SIGXFSZ, old_handler);
  CU_ASSERT_FALSE(ok);
  CU_ASSERT_PTR_NOT_NULL_FATAL(error);
  CU_ASSERT_TRUE(error->domain == SIM_OUTPUT_ERROR);
  CU_ASSERT_EQUAL(error->code, SIM_OUTPUT_ERROR_WRITE);
  char *want = g_strdup_printf("%s: cannot write: %s", path, g_strerror(EFBIG));
  CU_ASSERT_STRING_EQUAL(error->message, want);
  g_free(want);
  g_clear_error(&error);
  assert_contents(path, "old run\n", 8);
  test_assert_listing(dir, "out.csv");
  g_free(chunk);
  g_free(path);
  test_tmpdir_free(dir);
}

/* NULL writes nowhere (the working directory stays empty) but still
 * checksums every byte. */
static void
test_null_path(void)
{
  char *dir = test_tmpdir();
  char *cwd = g_get_current_dir();
  CU_ASSERT_EQUAL_FATAL(chdir(dir), 0);
  GError *error = NULL;
  SimOutput *out = sim_output_open(NULL, &error);
  CU_ASSERT_PTR_NOT_NULL(out);
  CU_ASSERT_PTR_NULL(error);
  if (out != NULL) {
    sim_output_write(out, "hello ", 6);
    GString *s = g_string_new("world");
    sim_output_puts(out, s);
    g_string_free(s, TRUE);
    char *sha = NULL;
    CU_ASSERT_TRUE(sim_output_commit(out, &sha, &error));
    char *want =
        g_compute_checksum_for_data(G_CHECKSUM_SHA256, (const guchar *)"hello world", 11);
    CU_ASSERT_STRING_EQUAL(sha, want);
    g_free(want);
    g_free(sha);
  }
  out = sim_output_open(NULL, NULL);
  sim_output_write(out, "x", 1);
  sim_output_abort(out);
  test_assert_listing(dir, "");
  CU_ASSERT_EQUAL(chdir(cwd), 0);
  g_free(cwd);
  test_tmpdir_free(dir);
}

/* "-" is standard output: no file named "-", stdout still open after. */
static void
test_stdout(void)
{
  char *dir = test_tmpdir();
  char *cwd = g_get_current_dir();
  CU_ASSERT_EQUAL_FATAL(chdir(dir), 0);
  fflush(stdout);
  SimOutput *out = sim_output_open("-", NULL);
  CU_ASSERT_PTR_NOT_NULL_FATAL(out);
  char *sha = NULL;
  CU_ASSERT_TRUE(sim_output_commit(out, &sha, NULL));
  CU_ASSERT_STRING_EQUAL(sha, SHA256_EMPTY);
  g_free(sha);
  CU_ASSERT_NOT_EQUAL(fcntl(STDOUT_FILENO, F_GETFD), -1);
  CU_ASSERT_EQUAL(fflush(stdout), 0);
  out = sim_output_open("-", NULL);
  sim_output_abort(out); /* does not close stdout either */
  CU_ASSERT_NOT_EQUAL(fcntl(STDOUT_FILENO, F_GETFD), -1);
  test_assert_listing(dir, "");
  CU_ASSERT_EQUAL(chdir(cwd), 0);
  g_free(cwd);
  test_tmpdir_free(dir);
}

/* Two outputs to one path at once: each has its own temporary file; the
 * last commit wins and nothing else is left. */
static void
test_two_writers(void)
{
  char *dir = test_tmpdir();
  char *path = g_build_filename(dir, "out", NULL);
  SimOutput *a = sim_output_open(path, NULL);
  SimOutput *b = sim_output_open(path, NULL);
  CU_ASSERT_PTR_NOT_NULL_FATAL(a);
  CU_ASSERT_PTR_NOT_NULL_FATAL(b);
  char *names = test_listing(dir);
  CU_ASSERT_PTR_NOT_NULL(strchr(names, '|')); /* two temporary files */
  g_free(names);
  sim_output_write(a, "A", 1);
  sim_output_write(b, "B", 1);
  CU_ASSERT_TRUE(sim_output_commit(a, NULL, NULL));
  CU_ASSERT_TRUE(sim_output_commit(b, NULL, NULL));
  assert_contents(path, "B", 1);
  test_assert_listing(dir, "out");
  g_free(path);
  test_tmpdir_free(dir);
}

static void
test_save(void)
{
  char *dir = test_tmpdir();
  char *path = g_build_filename(dir, "saved.txt", NULL);
  GError *error = NULL;
  CU_ASSERT_TRUE(sim_output_save(path, "one\0two", 7, &error)); /* a NUL inside */
  CU_ASSERT_PTR_NULL(error);
  assert_contents(path, "one\0two", 7);
  CU_ASSERT_TRUE(sim_output_save(path, "3", 1, &error));
  assert_contents(path, "3", 1);
  CU_ASSERT_TRUE(sim_output_save(path, "", 0, &error));
  assert_contents(path, "", 0);
  test_assert_listing(dir, "saved.txt");

  char *bad = g_build_filename(dir, "missing", "saved.txt", NULL);
  CU_ASSERT_FALSE(sim_output_save(bad, "x", 1, &error));
  CU_ASSERT_PTR_NOT_NULL_FATAL(error);
  CU_ASSERT_TRUE(error->domain == SIM_OUTPUT_ERROR);
  CU_ASSERT_EQUAL(error->code, SIM_OUTPUT_ERROR_OPEN);
  char *want = g_strdup_printf("%s: cannot write: %s", bad, g_strerror(ENOENT));
  CU_ASSERT_STRING_EQUAL(error->message, want);
  g_free(want);
  g_clear_error(&error);
  CU_ASSERT_FALSE(sim_output_save(bad, "x", 1, NULL));

  /* A directory is refused before anything is written. */
  char *taken = g_build_filename(dir, "taken", NULL);
  CU_ASSERT_EQUAL_FATAL(g_mkdir(taken, 0700), 0);
  CU_ASSERT_FALSE(sim_output_save(taken, "x", 1, &error));
  CU_ASSERT_PTR_NOT_NULL(error);
  CU_ASSERT_TRUE(error != NULL && error->code == SIM_OUTPUT_ERROR_OPEN);
  if (error != NULL) {
    char *dir_msg = g_strdup_printf("%s: cannot write: is a directory", taken);
    CU_ASSERT_STRING_EQUAL(error->message, dir_msg);
    g_free(dir_msg);
  }
  g_clear_error(&error);
  test_assert_listing(dir, "saved.txt|taken");
  g_free(taken);
  g_free(bad);
  g_free(path);
  test_tmpdir_free(dir);
}

/* The committed file's permissions. */
static void
test_mode(void)
{
  char *dir = test_tmpdir();
  char *path = g_build_filename(dir, "out.csv", NULL);
  mode_t mask = umask(022);
  CU_ASSERT_TRUE(sim_output_save(path, "x", 1, NULL));
  umask(mask);
  struct stat st;
  CU_ASSERT_EQUAL_FATAL(g_stat(path, &st), 0);
  CU_ASSERT_TRUE(S_ISREG(st.st_mode));
  /* Readable and writable by its owner in any case. */
  CU_ASSERT_EQUAL(st.st_mode & 0600, 0600);
  /* The mode a plain create gives under umask 022, not mkstemp's 0600. */
  CU_ASSERT_EQUAL(st.st_mode & 0777, 0644);
  g_free(path);
  test_tmpdir_free(dir);
}

/* A symbolic link to a file is written through: the link stays a link,
 * its target gets the bytes (and keeps its mode). A dangling link
 * creates its target. */
static void
test_symlink(void)
{
  char *dir = test_tmpdir();
  char *target = g_build_filename(dir, "real.tsv", NULL);
  char *link = g_build_filename(dir, "link.tsv", NULL);
  write_file(target, "old\n");
  CU_ASSERT_EQUAL_FATAL(g_chmod(target, 0640), 0);
  CU_ASSERT_EQUAL_FATAL(symlink("real.tsv", link), 0);
  CU_ASSERT_TRUE(sim_output_save(link, "new\n", 4, NULL));
  GStatBuf st;
  CU_ASSERT_TRUE(g_lstat(link, &st) == 0 && S_ISLNK(st.st_mode));
  assert_contents(target, "new\n", 4);
  CU_ASSERT_TRUE(g_stat(target, &st) == 0 && (st.st_mode & 0777) == 0640);
  test_assert_listing(dir, "link.tsv|real.tsv");

  char *dangling = g_build_filename(dir, "dangling", NULL);
  char *made = g_build_filename(dir, "made.tsv", NULL);
  CU_ASSERT_EQUAL_FATAL(symlink("made.tsv", dangling), 0);
  CU_ASSERT_TRUE(sim_output_save(dangling, "x", 1, NULL));
  CU_ASSERT_TRUE(g_lstat(dangling, &st) == 0 && S_ISLNK(st.st_mode));
  assert_contents(made, "x", 1);
  test_assert_listing(dir, "dangling|link.tsv|made.tsv|real.tsv");
  g_free(made), g_free(dangling), g_free(link), g_free(target);
  test_tmpdir_free(dir);
}

/* A character device is written straight, never replaced. */
static void
test_device(void)
{
  GStatBuf before, after;
  CU_ASSERT_EQUAL_FATAL(g_stat("/dev/null", &before), 0);
  GError *error = NULL;
  SimOutput *out = sim_output_open("/dev/null", &error);
  CU_ASSERT_PTR_NOT_NULL_FATAL(out);
  CU_ASSERT_PTR_NULL(sim_output_temp_path(out));
  sim_output_write(out, "gone", 4);
  CU_ASSERT_TRUE(sim_output_commit(out, NULL, &error));
  CU_ASSERT_PTR_NULL(error);
  CU_ASSERT_EQUAL_FATAL(g_stat("/dev/null", &after), 0);
  CU_ASSERT_TRUE(S_ISCHR(after.st_mode));
  CU_ASSERT_EQUAL(before.st_ino, after.st_ino);
  CU_ASSERT_EQUAL(before.st_rdev, after.st_rdev);
  /* A write error on a device fails the commit. */
  out = sim_output_open("/dev/full", NULL);
  CU_ASSERT_PTR_NOT_NULL_FATAL(out);
  sim_output_write(out, "x", 1);
  CU_ASSERT_FALSE(sim_output_commit(out, NULL, &error));
  CU_ASSERT_TRUE(error != NULL && strstr(error->message, g_strerror(ENOSPC)) != NULL);
  g_clear_error(&error);
}

typedef struct {
  char *path;
  char *got;
} FifoReader;

static gpointer
read_fifo(gpointer data)
{
  FifoReader *r = data;
  g_file_get_contents(r->path, &r->got, NULL, NULL);
  return NULL;
}

/* A FIFO is written straight: the reader gets the bytes, the FIFO stays. */
static void
test_fifo(void)
{
  char *dir = test_tmpdir();
  FifoReader r = {g_build_filename(dir, "pipe", NULL), NULL};
  CU_ASSERT_EQUAL_FATAL(mkfifo(r.path, 0600), 0);
  GThread *reader = g_thread_new("fifo", read_fifo, &r);
  CU_ASSERT_TRUE(sim_output_save(r.path, "through\n", 8, NULL));
  g_thread_join(reader);
  CU_ASSERT_STRING_EQUAL(r.got ? r.got : "", "through\n");
  GStatBuf st;
  CU_ASSERT_TRUE(g_lstat(r.path, &st) == 0 && S_ISFIFO(st.st_mode));
  test_assert_listing(dir, "pipe");
  g_free(r.got), g_free(r.path);
  test_tmpdir_free(dir);
}

/* Same file by device and inode, however it is spelt; distinct files,
 * devices and "-" once pass. */
static void
test_distinct(void)
{
  char *dir = test_tmpdir();
  char *a = g_build_filename(dir, "same.tsv", NULL);
  char *a2 = g_build_filename(dir, ".", "same.tsv", NULL);
  char *b = g_build_filename(dir, "other.tsv", NULL);
  char *b2 = g_build_filename(dir, "sub", "..", "other.tsv", NULL);
  char *sub = g_build_filename(dir, "sub", NULL);
  CU_ASSERT_EQUAL_FATAL(g_mkdir(sub, 0700), 0);
  write_file(a, "input\n");
  GError *error = NULL;
  const SimOutputName in[] = {{"the scenario", a}, {NULL, NULL}};
  const SimOutputName fine[] = {
      {"--timeline", b}, {"--summary", "/dev/null"}, {NULL, NULL}};
  CU_ASSERT_TRUE(sim_output_check_distinct(in, fine, &error));
  CU_ASSERT_PTR_NULL(error);
  /* The output is the input. */
  const SimOutputName over[] = {{"--timeline", a2}, {NULL, NULL}};
  CU_ASSERT_FALSE(sim_output_check_distinct(in, over, &error));
  char *want = g_strdup_printf("--timeline '%s' is the same file as the scenario '%s'; "
                               "give the output another name",
                               a2, a);
  CU_ASSERT_STRING_EQUAL(error ? error->message : "", want);
  g_free(want);
  g_clear_error(&error);
  /* Two outputs at one missing path, spelt two ways. */
  const SimOutputName twice[] = {{"--timeline", b}, {"--summary", b2}, {NULL, NULL}};
  CU_ASSERT_FALSE(sim_output_check_distinct(NULL, twice, &error));
  CU_ASSERT_TRUE(error != NULL && strstr(error->message, "--summary") != NULL &&
                 strstr(error->message, "--timeline") != NULL);
  g_clear_error(&error);
  test_assert_listing(dir, "same.tsv|sub");
  g_free(sub), g_free(b2), g_free(b), g_free(a2), g_free(a);
  test_tmpdir_free(dir);
}

static void
test_error_domain(void)
{
  CU_ASSERT_NOT_EQUAL(SIM_OUTPUT_ERROR, 0);
  CU_ASSERT_EQUAL(SIM_OUTPUT_ERROR, sim_output_error_quark());
  /* G_DEFINE_QUARK stringifies its argument: a formatter that spaces a
   * hyphenated name ("sim - output - error - quark") renames the domain. */
  const char *name = g_quark_to_string(SIM_OUTPUT_ERROR);
  CU_ASSERT_PTR_NOT_NULL_FATAL(name);
  CU_ASSERT_PTR_NULL(strchr(name, ' '));
  CU_ASSERT_STRING_EQUAL(name, "chatsim_output_error");
}

int
main(void)
{
  static const TestCase tests[] = {
      {"commit writes the file and renames it into place", test_commit},
      {"every byte reaches the file and the SHA-256", test_binary_and_checksum},
      {"an empty output", test_commit_empty},
      {"skip_fingerprint: same bytes, no digest", test_skip_fingerprint},
      {"commit replaces an older file", test_commit_replaces},
      {"abort leaves nothing and keeps an older file", test_abort},
      {"a missing directory fails at open, naming the path", test_missing_directory},
      {"a failed rename leaves nothing behind", test_commit_rename_fails},
      {"a failed write fails the commit", test_write_fails},
      {"NULL writes nowhere but checksums", test_null_path},
      {"\"-\" is standard output", test_stdout},
      {"two writers to one path", test_two_writers},
      {"sim_output_save", test_save},
      {"a symbolic link is written through", test_symlink},
      {"a device is written straight", test_device},
      {"a FIFO is written straight", test_fifo},
      {"same file as an input or another output", test_distinct},
      {"file mode", test_mode},
      {"error domain", test_error_domain},
      {NULL, NULL},
  };
  return test_run_suite("output", tests);
}

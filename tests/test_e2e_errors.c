/* test_e2e_errors.c: every mistake a user can make ends the same way: exit
 * status 2, nothing on standard output, one exact message on standard error
 * (naming the file, the line, the group and key, what is wrong and what is
 * accepted) and no output file written, not even a partial one.
 *
 * tests/bad/NAME.ini holds one malformed scenario per mistake, its first line
 * a comment saying what is wrong; every file there must have a row in
 * bad_files below. The messages quoting GLib's own text (cannot read) show
 * '?' for GLib's typographic quotes: the environment pins the C locale, in
 * which g_printerr() writes ASCII. */
#include "testutil.h"

#include <glib/gstdio.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#define DURATION_ACCEPTED                                                                \
  "accepted: a number with an optional unit us, ms, s, m or h (a bare number is "        \
  "seconds), e.g. 90, 1.5s, 250ms, 10m"
#define PROFILES_KNOWN                                                                   \
  "known: 5.5.1960.5 (rtm), 5.5.2232.18 (sp1), 5.5.2448.8 (sp2), 5.5.2577.0, "           \
  "5.5.2621.0, 5.5.2650.24 (sp3), 5.5.2653.23 (sp4); or any build 5.5.N[.M] from "       \
  "5.5.1960 on; or an IRC server: ngircd, inspircd, hybrid"
#define CHANNEL_ACCEPTED                                                                 \
  "accepted: '#' and 1 to 49 characters without spaces, commas or '#', e.g. #lobby"
#define TRY_RUN_HELP "Try 'chatsim run --help'.\n"
#define COMMANDS_HELP                                                                    \
  "Commands:\n"                                                                          \
  "  run SCENARIO       run a scenario; print each client's outcome and why\n"           \
  "  compare SCENARIO   run it under several profiles; a matrix of outcomes\n"           \
  "  check PATH...      check scenarios' expectations and golden timelines\n"            \
  "  plot SCENARIO      draw disconnect timelines with gnuplot (PNG, SVG, PDF, text)\n"  \
  "  study FILE         run a parameter study: P(drop) over a grid, TSV and figures\n"   \
  "  profiles           list the Chatsvc.exe version profiles and their parameters\n"    \
  "\n"                                                                                   \
  "Run 'chatsim COMMAND --help' for a command's options.\n"

/* ---- helpers ------------------------------------------------------------ */

/* One assertion named after its case, so that a failure says which. */
static void
check(gboolean ok, const char *name, const char *what, unsigned line)
{
  char *condition = g_strdup_printf("%s: %s", name, what);
  CU_assertImplementation(ok ? CU_TRUE : CU_FALSE, line, condition, __FILE__, "",
                          CU_FALSE);
  g_free(condition);
}
#define CHECK(ok, name, what) check((ok), (name), (what), __LINE__)

/* The names in `dir`, space-separated; "" when it is empty. */
static char *
dir_listing(const char *dir)
{
  GString *names = g_string_new(NULL);
  GDir *d = g_dir_open(dir, 0, NULL);
  const char *name;
  while (d && (name = g_dir_read_name(d)) != NULL)
    g_string_append_printf(names, "%s%s", names->len ? " " : "", name);
  if (d)
    g_dir_close(d);
  return g_string_free(names, FALSE);
}

/* Runs chatsim with `args` from the source tree and checks exit status 2,
 * an empty standard output and exactly `expected` on standard error. */
static void
expect_error_argv(const char *name, const char *const *args, const char *expected)
{
  TestRun run;
  test_chatsim_argv(&run, NULL, args);
  const char *out = run.out ? run.out : "";
  const char *err = run.err ? run.err : "";
  gboolean status_ok = run.status == 2, out_ok = *out == '\0';
  gboolean err_ok = strcmp(err, expected) == 0;
  CHECK(status_ok, name, "exit status 2");
  CHECK(out_ok, name, "nothing on standard output");
  CHECK(err_ok, name, "standard error is exactly the expected message");
  if (!status_ok || !out_ok || !err_ok)
    printf(
        "\n  %s: exit status %d\n  stdout:\n%s\n  stderr:\n%s\n  expected stderr:\n%s\n",
        name, run.status, out, err, expected);
  test_run_clear(&run);
}

/* The same, with NULL-terminated arguments. */
static void G_GNUC_NULL_TERMINATED
expect_error(const char *name, const char *expected, ...)
{
  GPtrArray *args = g_ptr_array_new();
  va_list ap;
  va_start(ap, expected);
  for (const char *a = va_arg(ap, const char *); a != NULL; a = va_arg(ap, const char *))
    g_ptr_array_add(args, (gpointer)a);
  va_end(ap);
  g_ptr_array_add(args, NULL);
  expect_error_argv(name, (const char *const *)args->pdata, expected);
  g_ptr_array_unref(args);
}

/* Checks that `dir` (where the run was told to write) is still empty: no
 * output, no temporary file left behind. */
static void
expect_nothing_written(const char *name, const char *dir)
{
  char *left = dir_listing(dir);
  CHECK(*left == '\0', name, "no file written");
  if (*left != '\0')
    printf("\n  %s: files written: %s\n", name, left);
  g_free(left);
}

/* `chatsim run SCENARIO [OPTION] --timeline DIR/timeline.tsv --summary
 * DIR/summary.tsv`, expecting the error and an empty DIR afterwards. */
static void
expect_run_error(const char *name, const char *scenario, const char *option,
                 const char *value, const char *expected)
{
  char *dir = test_tmpdir();
  char *timeline = g_build_filename(dir, "timeline.tsv", NULL);
  char *summary = g_build_filename(dir, "summary.tsv", NULL);
  const char *args[] = {"run",   scenario, "--timeline", timeline, "--summary",
                        summary, option,   value,        NULL};
  expect_error_argv(name, args, expected);
  expect_nothing_written(name, dir);
  g_free(timeline);
  g_free(summary);
  test_tmpdir_free(dir);
}

/* ---- tests/bad ---------------------------------------------------------- */

typedef struct {
  const char *name; /* tests/bad/NAME.ini */
  const char *expected;
} BadFile;

static const BadFile bad_files[] = {
    {"too-many-clients",
     "chatsim: tests/bad/too-many-clients.ini:12: [client crowd2] count: brings the "
     "clients to 20000000, more than the 10000000 a scenario may have in all; the file's "
     "130000000 clients would need 28080000148 bytes (26.2 GiB) for 130000000 clients, 1 "
     "channel and 130000000 memberships, more than the 8589934592 bytes (8.0 GiB) "
     "available (CHATSIM_MEMORY_AVAILABLE)\n"},
    {"too-much-memory",
     "chatsim: tests/bad/too-much-memory.ini:9: [client crowd] count: the scenario is "
     "too large for this machine: it needs 10120029600 bytes (9.4 GiB) for 10000000 "
     "clients, 200 channels and 2000000000 memberships, more than the 8589934592 bytes "
     "(8.0 GiB) available (CHATSIM_MEMORY_AVAILABLE); use fewer clients or channels\n"},
    {"long-key", "chatsim: tests/bad/long-key.ini:6: [scenario] "
                 "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx.."
                 ".: unknown key; accepted: name, description, duration, seed, profile, "
                 "check_profiles, golden\n"},
    {"long-value",
     "chatsim: tests/bad/long-value.ini:4: [scenario] duration: "
     "'99999999999999999999999999999999999999999999999999999999999999999999999999999999.."
     ".' is not a duration; accepted: a number with an optional unit us, ms, s, m or h "
     "(a bare number is seconds), e.g. 90, 1.5s, 250ms, 10m\n"},
    {"capitalised-key", "chatsim: tests/bad/capitalised-key.ini:4: [scenario] Duration: "
                        "unknown key (did you mean duration?); accepted: name, "
                        "description, duration, seed, profile, check_profiles, golden\n"},
    {"not-a-key-value",
     "chatsim: tests/bad/not-a-key-value.ini:8: 'join #lobby' is not a [group], a key = "
     "value pair or a comment (a line starting with # or ;)\n"},
    {"trailing-comment",
     "chatsim: tests/bad/trailing-comment.ini:8: [network] latency: '40ms  #a LAN' is "
     "not a duration; accepted: a number with an optional unit us, ms, s, m or h (a bare "
     "number is seconds), e.g. 90, 1.5s, 250ms, 10m (a comment after a value starts with "
     "# or ; with a blank on both sides: 'key = value  # comment')\n"},
    {"unknown-group", "chatsim: tests/bad/unknown-group.ini:7: [netwrok]: unknown group "
                      "(did you mean [network]?); accepted: [scenario], [network], "
                      "[server], [client NAME], [expect], [expect VERSION]\n"},
    {"unknown-key",
     "chatsim: tests/bad/unknown-key.ini:8: [client lurker] channels: unknown key; "
     "accepted: connect, join, talk, start, pong, pong_delay, keepalive, quit, count\n"},
    {"unknown-network-key", "chatsim: tests/bad/unknown-network-key.ini:9: [network] "
                            "loss: unknown key; accepted: latency, jitter\n"},
    {"unknown-scenario-key",
     "chatsim: tests/bad/unknown-scenario-key.ini:4: [scenario] length: unknown key; "
     "accepted: name, description, duration, seed, profile, check_profiles, golden\n"},
    {"unknown-server-key",
     "chatsim: tests/bad/unknown-server-key.ini:8: [server] PingDelay: unknown key (did "
     "you mean ping_delay?); accepted: ping_delay, ping_attempts, reply_window, "
     "restart_on_send, ping_counts_as_send, recv_idle_limit, check_interval, "
     "check_phase, clock_resolution, ping_compare, reply_compare, loop_wakeup, "
     "ping_answer, login_penalty, welcome\n"},
    {"unknown-expect-client",
     "chatsim: tests/bad/unknown-expect-client.ini:15: [expect] lurkr: no client or "
     "group of that name (did you mean lurker?); accepted: lurker, chatter (or chatter.1 "
     ".. chatter.3)\n"},
    {"typo-key", "chatsim: tests/bad/typo-key.ini:4: [scenario] duraton: unknown key "
                 "(did you mean duration?); accepted: name, description, duration, seed, "
                 "profile, check_profiles, golden\n"},
    {"text-after-header",
     "chatsim: tests/bad/text-after-header.ini:7: '[client lurker] join = #lobby' is not "
     "a group header: after ']' only a comment may follow, starting with # or ;\n"},
    {"many-errors",
     "chatsim: tests/bad/many-errors.ini:4: [scenario] duration: '45min' is not a "
     "duration; accepted: a number with an optional unit us, ms, s, m or h (a bare "
     "number is seconds), e.g. 90, 1.5s, 250ms, 10m\nchatsim: "
     "tests/bad/many-errors.ini:7: [netwrok]: unknown group (did you mean [network]?); "
     "accepted: [scenario], [network], [server], [client NAME], [expect], [expect "
     "VERSION]\nchatsim: tests/bad/many-errors.ini:11: [client lurker] join: 'lobby' is "
     "not a channel name; accepted: '#' and 1 to 49 characters without spaces, commas or "
     "'#', e.g. #lobby\nchatsim: tests/bad/many-errors.ini:12: [client lurker] talk: "
     "'sometimes' is not a talk schedule; accepted: never, every D, poisson MEAN, at T1, "
     "T2, ... (D, MEAN and T are durations)\nchatsim: tests/bad/many-errors.ini:13: "
     "[client lurker] pong: 'maybe' is not yes or no; accepted: yes, no, true, "
     "false\nchatsim: tests/bad/many-errors.ini:19: [client chatter] strat: unknown key "
     "(did you mean start?); accepted: connect, join, talk, start, pong, pong_delay, "
     "keepalive, quit, count\nchatsim: tests/bad/many-errors.ini:23: [expect] chater.2: "
     "no client or group of that name (did you mean chatter.2?); accepted: chatter (or "
     "chatter.1 .. chatter.3)\n"},
    {"bad-client-name",
     "chatsim: tests/bad/bad-client-name.ini:7: [client silent one] does not name a "
     "client; accepted: [client NAME], NAME of up to 64 letters, digits, '_' or '-'\n"},
    {"bad-count", "chatsim: tests/bad/bad-count.ini:8: [client chatter] count: 'four' is "
                  "not a whole number from 1 to 10000000\n"},
    {"bad-duration-unit", "chatsim: tests/bad/bad-duration-unit.ini:4: [scenario] "
                          "duration: '45min' is not a duration; " DURATION_ACCEPTED "\n"},
    {"bad-jitter", "chatsim: tests/bad/bad-jitter.ini:9: [network] jitter: '10%' is not "
                   "a duration; " DURATION_ACCEPTED "\n"},
    {"bad-keepalive",
     "chatsim: tests/bad/bad-keepalive.ini:9: [client random] keepalive: 'sometimes' is "
     "not a duration; " DURATION_ACCEPTED ", or off\n"},
    {"bad-poisson-mean",
     "chatsim: tests/bad/bad-poisson-mean.ini:9: [client random] talk: poisson: 'often' "
     "is not a duration; accepted: a number with an optional unit us, ms, s, m or h (a "
     "bare number is seconds), e.g. 90, 1.5s, 250ms, 10m\n"},
    {"bad-pong", "chatsim: tests/bad/bad-pong.ini:9: [client frozen] pong: 'maybe' is "
                 "not yes or no; accepted: yes, no, true, false\n"},
    {"bad-seed", "chatsim: tests/bad/bad-seed.ini:5: [scenario] seed: '-3' is not a "
                 "whole number from 0 to 18446744073709551615\n"},
    {"bad-server-boolean",
     "chatsim: tests/bad/bad-server-boolean.ini:8: [server] restart_on_send: 'sometimes' "
     "is not yes or no; accepted: yes, no, true, false\n"},
    {"bad-server-override",
     "chatsim: tests/bad/bad-server-override.ini:8: [server] ping_delay: '0' is zero; "
     "ping_delay must be longer than 0\n"},
    {"bad-talk-at-time", "chatsim: tests/bad/bad-talk-at-time.ini:9: [client bursty] "
                         "talk: at: 'soon' is not a duration; " DURATION_ACCEPTED "\n"},
    {"bad-talk", "chatsim: tests/bad/bad-talk.ini:9: [client chatter] talk: 'sometimes' "
                 "is not a talk schedule; accepted: never, every D, poisson MEAN, at T1, "
                 "T2, ... (D, MEAN and T are durations)\n"},
    {"binary-file", "chatsim: tests/bad/binary-file.ini: not a text file (NUL bytes or "
                    "invalid UTF-8)\n"},
    {"channel-too-long",
     "chatsim: tests/bad/channel-too-long.ini:8: [client lurker] join: "
     "'#a-channel-name-that-goes-on-and-on-and-on-and-on-for-ever' is not a channel "
     "name; " CHANNEL_ACCEPTED "\n"},
    {"channel-without-hash",
     "chatsim: tests/bad/channel-without-hash.ini:8: [client lurker] join: 'help' is not "
     "a channel name; " CHANNEL_ACCEPTED "\n"},
    {"client-without-name",
     "chatsim: tests/bad/client-without-name.ini:7: [client] does not name a client; "
     "accepted: [client NAME], NAME of up to 64 letters, digits, '_' or '-'\n"},
    {"connect-after-end", "chatsim: tests/bad/connect-after-end.ini:11: [client late] "
                          "connect: 2h is not before the end of the run (duration 1h)\n"},
    {"count-too-large", "chatsim: tests/bad/count-too-large.ini:8: [client crowd] count: "
                        "'20000000' is not a whole number from 1 to 10000000\n"},
    {"count-zero", "chatsim: tests/bad/count-zero.ini:11: [client chatter] count: '0' is "
                   "not a whole number from 1 to 10000000\n"},
    {"duplicate-channel", "chatsim: tests/bad/duplicate-channel.ini:8: [client chatter] "
                          "join: #lobby is listed twice\n"},
    {"duplicate-group",
     "chatsim: tests/bad/duplicate-group.ini:15: duplicate group [client lurker] (first "
     "at line 7); each group may appear once\n"},
    {"duplicate-key",
     "chatsim: tests/bad/duplicate-key.ini:14: [client chatter] talk: duplicate key "
     "(first at line 13); each key may appear once in a group\n"},
    {"empty-channel-in-join",
     "chatsim: tests/bad/empty-channel-in-join.ini:8: [client lurker] join: '' is not a "
     "channel name; " CHANNEL_ACCEPTED "\n"},
    {"empty-duration", "chatsim: tests/bad/empty-duration.ini:4: [scenario] duration: '' "
                       "is not a duration; " DURATION_ACCEPTED "\n"},
    {"empty-key", "chatsim: tests/bad/empty-key.ini:8: '= 40ms' has no key before '='; "
                  "accepted: key = value\n"},
    {"garbled-version", "chatsim: tests/bad/garbled-version.ini:5: [scenario] profile: "
                        "unknown version '5,5,2577,0'; " PROFILES_KNOWN "\n"},
    {"invalid-utf8", "chatsim: tests/bad/invalid-utf8.ini: not a text file (NUL bytes or "
                     "invalid UTF-8)\n"},
    {"keepalive-zero", "chatsim: tests/bad/keepalive-zero.ini:9: [client random] "
                       "keepalive: must be longer than 0; to turn it off, say off\n"},
    {"key-before-group",
     "chatsim: tests/bad/key-before-group.ini:2: 'duration = 1h' stands before any "
     "group; a file starts with a group such as [scenario]\n"},
    {"missing-duration",
     "chatsim: tests/bad/missing-duration.ini:2: [scenario] duration: missing; say how "
     "long the run lasts, e.g. duration = 45m\n"},
    {"missing-profile",
     "chatsim: tests/bad/missing-profile.ini: no profile: set [scenario] profile = "
     "VERSION, or give one to the command (run and plot: --profile VERSION; study: "
     "profiles in [study])\n"},
    {"negative-duration", "chatsim: tests/bad/negative-duration.ini:8: [network] "
                          "latency: '-40ms' is negative; durations are 0 or more\n"},
    {"negative-pong-delay",
     "chatsim: tests/bad/negative-pong-delay.ini:9: [client lurker] pong_delay: '-250ms' "
     "is negative; durations are 0 or more\n"},
    {"no-clients", "chatsim: tests/bad/no-clients.ini: no [client NAME] group; a "
                   "scenario needs at least one client\n"},
    {"no-digit-after-point",
     "chatsim: tests/bad/no-digit-after-point.ini:8: [network] latency: '1.s' is not a "
     "duration (no digit after the decimal point); " DURATION_ACCEPTED "\n"},
    {"no-scenario-group",
     "chatsim: tests/bad/no-scenario-group.ini: no [scenario] group; a scenario needs at "
     "least [scenario] with duration and one [client NAME]\n"},
    {"old-version",
     "chatsim: tests/bad/old-version.ini:5: [scenario] profile: version '5.5.1000' is "
     "older than Exchange 5.5 RTM (5.5.1960); " PROFILES_KNOWN "\n"},
    {"overflowing-duration",
     "chatsim: tests/bad/overflowing-duration.ini:4: [scenario] duration: "
     "'99999999999999999h' is too long; the longest duration is 2305843009213s\n"},
    {"ping-attempts-too-many",
     "chatsim: tests/bad/ping-attempts-too-many.ini:8: [server] ping_attempts: '1000' is "
     "not a whole number from 1 to 16\n"},
    {"ping-attempts-zero", "chatsim: tests/bad/ping-attempts-zero.ini:8: [server] "
                           "ping_attempts: '0' is not a whole number from 1 to 16\n"},
    {"quit-before-connect",
     "chatsim: tests/bad/quit-before-connect.ini:13: [client late] quit: 1m is before "
     "the client connects (connect = 2m); quit is a scenario time\n"},
    {"seed-too-large",
     "chatsim: tests/bad/seed-too-large.ini:5: [scenario] seed: '18446744073709551616' "
     "is not a whole number from 0 to 18446744073709551615\n"},
    {"space-separated-channels",
     "chatsim: tests/bad/space-separated-channels.ini:8: [client lurker] join: '#lobby "
     "#help' is not a channel name; " CHANNEL_ACCEPTED "\n"},
    {"start-before-connect",
     "chatsim: tests/bad/start-before-connect.ini:11: [client chatter] start: 5s is "
     "before the client connects (connect = 1m); start is a scenario time\n"},
    {"start-without-every",
     "chatsim: tests/bad/start-without-every.ini:10: [client bursty] start: only applies "
     "to talk = every D or talk = poisson MEAN\n"},
    {"sub-microsecond",
     "chatsim: tests/bad/sub-microsecond.ini:9: [client lurker] pong_delay: '0.5us' is "
     "not a whole number of microseconds (the finest unit)\n"},
    {"talk-after-quit", "chatsim: tests/bad/talk-after-quit.ini:9: [client bursty] talk: "
                        "at: 400s is not before the client quits (quit = 5m); QUIT is "
                        "its last act, so list times before quit\n"},
    {"talk-at-out-of-order",
     "chatsim: tests/bad/talk-at-out-of-order.ini:10: [client bursty] talk: at: '151.5s' "
     "comes before the time listed ahead of it; list times in order\n"},
    {"talk-before-connect",
     "chatsim: tests/bad/talk-before-connect.ini:10: [client bursty] talk: at: 1m is "
     "before the client connects (connect = 2m); times are scenario times\n"},
    {"talks-but-joins-nothing",
     "chatsim: tests/bad/talks-but-joins-nothing.ini:11: [client chatter] talk: the "
     "client talks but joins no channel; add join = #channel or say talk = never\n"},
    {"unclosed-group-header",
     "chatsim: tests/bad/unclosed-group-header.ini:7: '[client lurker' is not a group "
     "header; accepted: [scenario], [network], [server], [client NAME], [expect], "
     "[expect VERSION]\n"},
    {"unknown-profile", "chatsim: tests/bad/unknown-profile.ini:5: [scenario] profile: "
                        "unknown version 'sp9'; " PROFILES_KNOWN "\n"},
    {"zero-duration", "chatsim: tests/bad/zero-duration.ini:4: [scenario] duration: must "
                      "be longer than 0\n"},
    {"zero-poisson-mean", "chatsim: tests/bad/zero-poisson-mean.ini:9: [client random] "
                          "talk: 'poisson 0s': the mean must be longer than 0\n"},
    {"zero-talk-period", "chatsim: tests/bad/zero-talk-period.ini:9: [client chatter] "
                         "talk: 'every 0s': the period must be longer than 0\n"},
    {"pong-delay-without-pong",
     "chatsim: tests/bad/pong-delay-without-pong.ini:10: [client frozen] pong_delay: has "
     "no effect with pong = no (the client never answers); remove it or say pong = "
     "yes\n"},
    {"bad-expectation", "chatsim: tests/bad/bad-expectation.ini:10: [expect] lurker: "
                        "'dropped' is not an expectation; accepted: connected, quit, or "
                        "disconnected [at TIME[+-TOL]] [by recv-idle|ping-timeout]\n"},
    {"bad-expect-reason",
     "chatsim: tests/bad/bad-expect-reason.ini:10: [expect] lurker: 'disconnected at "
     "600s by timeout' is not an expectation; accepted: connected, quit, or disconnected "
     "[at TIME[+-TOL]] [by recv-idle|ping-timeout]\n"},
    {"bad-expect-tolerance",
     "chatsim: tests/bad/bad-expect-tolerance.ini:10: [expect] lurker: 'disconnected at "
     "600s?abit': 'abit' is not a duration; accepted: a number with an optional unit us, "
     "ms, s, m or h (a bare number is seconds), e.g. 90, 1.5s, 250ms, 10m\n"},
    {"expect-unknown-version",
     "chatsim: tests/bad/expect-unknown-version.ini:9: [expect 6.0]: unknown version "
     "'6.0'; known: 5.5.1960.5 (rtm), 5.5.2232.18 (sp1), 5.5.2448.8 (sp2), 5.5.2577.0, "
     "5.5.2621.0, 5.5.2650.24 (sp3), 5.5.2653.23 (sp4); or any build 5.5.N[.M] from "
     "5.5.1960 on; or an IRC server: ngircd, inspircd, hybrid\n"},
    {"bad-check-profiles",
     "chatsim: tests/bad/bad-check-profiles.ini:5: [scenario] check_profiles: unknown "
     "version 'sp5'; known: 5.5.1960.5 (rtm), 5.5.2232.18 (sp1), 5.5.2448.8 (sp2), "
     "5.5.2577.0, 5.5.2621.0, 5.5.2650.24 (sp3), 5.5.2653.23 (sp4); or any build "
     "5.5.N[.M] from 5.5.1960 on; or an IRC server: ngircd, inspircd, hybrid\n"},
    {"expect-not-checked", "chatsim: tests/bad/expect-not-checked.ini:10: [expect sp3] "
                           "is never checked: sp3 is not in [scenario] check_profiles\n"},
    {"talk-at-quit",
     "chatsim: tests/bad/talk-at-quit.ini:8: [client leaver] talk: at: 30s is not before "
     "the client quits (quit = 30s); QUIT is its last act, so list times before quit\n"},
    {"empty-check-profiles",
     "chatsim: tests/bad/empty-check-profiles.ini:4: [scenario] check_profiles: names no "
     "version; accepted: all, or versions separated by commas, e.g. sp2, 5.5.2577.0\n"},
    {NULL, NULL},
};

static void
test_bad_files(void)
{
  for (const BadFile *b = bad_files; b->name != NULL; b++) {
    char *path = g_strdup_printf("tests/bad/%s.ini", b->name);
    expect_run_error(b->name, path, NULL, NULL, b->expected);
    g_free(path);
  }
}

/* Every file in tests/bad has a row, every row a file, and each file says
 * on its first line what is wrong with it. */
static void
test_bad_files_all_listed(void)
{
  char *dir = test_source_path("tests/bad");
  GDir *d = g_dir_open(dir, 0, NULL);
  CU_ASSERT_PTR_NOT_NULL_FATAL(d);
  const char *file;
  guint files = 0;
  while ((file = g_dir_read_name(d)) != NULL) {
    files++;
    gboolean listed = FALSE;
    for (const BadFile *b = bad_files; b->name != NULL && !listed; b++) {
      char *ini = g_strconcat(b->name, ".ini", NULL);
      listed = strcmp(ini, file) == 0;
      g_free(ini);
    }
    CHECK(listed, file, "has a row in bad_files");
    if (!listed)
      printf("\n  tests/bad/%s has no row in bad_files\n", file);
  }
  g_dir_close(d);
  guint rows = 0;
  for (const BadFile *b = bad_files; b->name != NULL; b++, rows++) {
    char *ini = g_strconcat(b->name, ".ini", NULL);
    char *path = g_build_filename(dir, ini, NULL);
    char *text = NULL;
    gsize length = 0;
    gboolean read = g_file_get_contents(path, &text, &length, NULL);
    CHECK(read, b->name, "the file exists");
    CHECK(read && g_str_has_prefix(text, "# ") && strchr(text, '\n') != NULL, b->name,
          "the first line is a comment saying what is wrong");
    g_free(text);
    g_free(path);
    g_free(ini);
  }
  CU_ASSERT_EQUAL(files, rows);
  CU_ASSERT_TRUE(rows >= 28);
  g_free(dir);
}

/* ---- the scenario file itself ------------------------------------------- */

static void
test_missing_file(void)
{
  expect_run_error(
      "missing file", "tests/bad/no-such-file.ini", NULL, NULL,
      "chatsim: tests/bad/no-such-file.ini: cannot read: Failed to open file "
      "?tests/bad/no-such-file.ini?: No such file or directory\n");
}

/* A directory (mode 000) given as the scenario. Root may open it and reads
 * EISDIR; anyone else is refused at open. */
static void
test_directory_as_scenario(void)
{
  char *dir = test_tmpdir();
  char *path = g_build_filename(dir, "scenario.ini", NULL);
  CU_ASSERT_EQUAL_FATAL(g_mkdir(path, 0700), 0);
  CU_ASSERT_EQUAL(g_chmod(path, 0), 0);
  char *expected =
      g_access(path, R_OK) == 0
          ? g_strdup_printf("chatsim: %s: cannot read: Error reading file ?%s?: Is a "
                            "directory\n",
                            path, path)
          : g_strdup_printf("chatsim: %s: cannot read: Failed to open file ?%s?: "
                            "Permission denied\n",
                            path, path);
  expect_run_error("directory as scenario", path, NULL, NULL, expected);
  g_chmod(path, 0700);
  g_free(expected);
  g_free(path);
  test_tmpdir_free(dir);
}

/* ---- options ------------------------------------------------------------ */

static void
test_profile_garbage(void)
{
  expect_run_error("--profile garbage", "scenarios/kb233512.ini", "--profile", "garbage",
                   "chatsim run: --profile: unknown version 'garbage'; " PROFILES_KNOWN
                   "\n" TRY_RUN_HELP);
}

static void
test_seed_negative(void)
{
  expect_run_error("--seed -1", "scenarios/kb233512.ini", "--seed", "-1",
                   "chatsim run: --seed: '-1' is not a whole number from 0 to "
                   "18446744073709551615\n" TRY_RUN_HELP);
}

static void
test_seed_missing_argument(void)
{
  expect_error("--seed without a value",
               "chatsim run: Missing argument for --seed\n" TRY_RUN_HELP, "run",
               "scenarios/kb233512.ini", "--seed", NULL);
}

static void
test_duration_zero(void)
{
  expect_run_error("--duration 0", "scenarios/kb233512.ini", "--duration", "0",
                   "chatsim run: --duration: must be longer than 0\n" TRY_RUN_HELP);
}

static void
test_duration_negative(void)
{
  expect_run_error("--duration -5m", "scenarios/kb233512.ini", "--duration", "-5m",
                   "chatsim run: --duration: '-5m' is negative; durations are 0 or "
                   "more\n" TRY_RUN_HELP);
}

/* A --duration that ends the run before a client connects. */
static void
test_duration_before_connect(void)
{
  char *dir = test_tmpdir();
  char *path = g_build_filename(dir, "late.ini", NULL);
  const char text[] = "# A client that connects at 2m.\n"
                      "[scenario]\n"
                      "duration = 1h\n"
                      "profile = sp2\n"
                      "\n"
                      "[client late]\n"
                      "connect = 2m\n"
                      "join = #lobby\n";
  CU_ASSERT_TRUE_FATAL(g_file_set_contents(path, text, -1, NULL));
  char *expected = g_strdup_printf("chatsim: %s:7: [client late] connect: 2m is not "
                                   "before the end of the run (duration 1m, from "
                                   "--duration)\n",
                                   path);
  expect_run_error("--duration before connect", path, "--duration", "1m", expected);
  g_free(expected);
  g_free(path);
  test_tmpdir_free(dir);
}

static void
test_format_xml(void)
{
  expect_run_error("--format xml", "scenarios/kb233512.ini", "--format", "xml",
                   "chatsim run: --format: 'xml' is not a format; accepted: text, "
                   "tsv\n" TRY_RUN_HELP);
}

/* Options that name nothing are errors, not a silent "none". */
static void
test_empty_lists(void)
{
  expect_run_error("--trace ''", "scenarios/kb233512.ini", "--trace", "",
                   "chatsim run: --trace: no client or group named ''; accepted: all, "
                   "none, lurker, chatter, chatter.1 to chatter.4 (several separated by "
                   "commas)\n" TRY_RUN_HELP);
  expect_error("compare --profiles ''",
               "chatsim compare: --profiles: '' names no version; accepted: all, or "
               "versions separated by commas, e.g. sp2,5.5.2577.0\n"
               "Try 'chatsim compare --help'.\n",
               "compare", "scenarios/kb233512.ini", "--profiles", "", NULL);
}

/* The timeline and the summary in one file would lose the timeline. */
static void
test_same_output(void)
{
  char *dir = test_tmpdir();
  char *path = g_build_filename(dir, "out.tsv", NULL);
  expect_error("--timeline F --summary F",
               "chatsim run: --timeline and --summary name the same file\n" TRY_RUN_HELP,
               "run", "scenarios/kb233512.ini", "--timeline", path, "--summary", path,
               NULL);
  expect_nothing_written("--timeline F --summary F", dir);
  g_free(path);
  test_tmpdir_free(dir);
}

static void
test_trace_nobody(void)
{
  expect_run_error(
      "--trace nobody", "scenarios/kb233512.ini", "--trace", "nobody",
      "chatsim run: --trace: no client or group named 'nobody'; accepted: all, "
      "none, lurker, chatter, chatter.1 to chatter.4 (several separated by "
      "commas)\n" TRY_RUN_HELP);
}

static void
test_unknown_option(void)
{
  expect_run_error("--bogus", "scenarios/kb233512.ini", "--bogus", NULL,
                   "chatsim run: Unknown option --bogus\n" TRY_RUN_HELP);
}

static void
test_both_outputs_on_stdout(void)
{
  expect_error("--timeline - --summary -",
               "chatsim run: --timeline and --summary cannot both go to standard "
               "output\n" TRY_RUN_HELP,
               "run", "scenarios/kb233512.ini", "--timeline", "-", "--summary", "-",
               NULL);
}

/* The timeline cannot be written: the error names it, and the summary,
 * which could have been, is not written either. */
static void
test_timeline_unwritable(void)
{
  char *dir = test_tmpdir();
  char *timeline = g_build_filename(dir, "missing", "timeline.tsv", NULL);
  char *summary = g_build_filename(dir, "summary.tsv", NULL);
  char *expected =
      g_strdup_printf("chatsim: %s: cannot write: No such file or directory\n", timeline);
  expect_error("unwritable --timeline", expected, "run", "scenarios/kb233512.ini",
               "--timeline", timeline, "--summary", summary, NULL);
  expect_nothing_written("unwritable --timeline", dir);
  g_free(expected);
  g_free(summary);
  g_free(timeline);
  test_tmpdir_free(dir);
}

/* `check` on several paths: every error of a bad file, each line with
 * the prefix, after the good file's results; exit 2. */
static void
test_check_many_errors(void)
{
  TestRun run;
  test_chatsim(&run, NULL, "check", "tests/bad/many-errors.ini", "scenarios/kb233512.ini",
               NULL);
  const BadFile *b = bad_files;
  while (strcmp(b->name, "many-errors") != 0)
    b++;
  CU_ASSERT_EQUAL(run.status, 2);
  CU_ASSERT_STRING_EQUAL(run.err, b->expected);
  CU_ASSERT_TRUE(
      g_str_has_prefix(run.out, "1 path could not be checked (errors above)\n"));
  test_run_clear(&run);
}

/* ---- --set ------------------------------------------------------------------ */

#define SET_ACCEPTED                                                                     \
  "accepted: GROUP.KEY=VALUE, e.g. --set server.ping_delay=90s or --set 'client "        \
  "lurker.talk=every 5m'"

/* A bad --set is an error of the scenario, named by the option. */
static void
test_set_errors(void)
{
  expect_run_error(
      "--set bad value", "scenarios/kb233512.ini", "--set", "server.ping_delay=abc",
      "chatsim: --set 'server.ping_delay=abc': [server] ping_delay: 'abc' is "
      "not a duration; " DURATION_ACCEPTED "\n");
  expect_run_error("--set without a group", "scenarios/kb233512.ini", "--set", "x=1",
                   "chatsim: --set 'x=1': no GROUP.KEY before '='; " SET_ACCEPTED "\n");
  expect_run_error("--set unknown key", "scenarios/kb233512.ini", "--set",
                   "client lurker.tlak=never",
                   "chatsim: --set 'client lurker.tlak=never': [client lurker] tlak: "
                   "unknown key (did you mean talk?); accepted: connect, join, talk, "
                   "start, pong, pong_delay, keepalive, quit, count\n");
  expect_error("compare --set unknown group",
               "chatsim: --set 'sever.ping_delay=1m': [sever]: unknown group (did you "
               "mean [server]?); accepted: [scenario], [network], [server], [client "
               "NAME], [expect], [expect VERSION]\n",
               "compare", "scenarios/kb233512.ini", "--set", "sever.ping_delay=1m", NULL);
  /* The file's errors first, then the option's. */
  expect_run_error("file and --set errors", "tests/bad/bad-pong.ini", "--set",
                   "network.latency=-1s",
                   "chatsim: tests/bad/bad-pong.ini:9: [client frozen] pong: 'maybe' is "
                   "not yes or no; accepted: yes, no, true, false\n"
                   "chatsim: --set 'network.latency=-1s': [network] latency: '-1s' is "
                   "negative; durations are 0 or more\n");
  char *dir = test_tmpdir();
  char *png = g_build_filename(dir, "kb.png", NULL);
  expect_error(
      "plot --set bad value",
      "chatsim: --set 'client lurker.count=0': [client lurker] count: '0' is not "
      "a whole number from 1 to 10000000\n",
      "plot", "scenarios/kb233512.ini", "--set", "client lurker.count=0", "-o", png,
      NULL);
  expect_nothing_written("plot --set bad value", dir);
  g_free(png);
  test_tmpdir_free(dir);
}

/* ---- commands ----------------------------------------------------------- */

static void
test_unknown_command(void)
{
  expect_error("unknown command",
               "chatsim: unknown command 'frobnicate'\n\n" COMMANDS_HELP, "frobnicate",
               "scenarios/kb233512.ini", NULL);
}

static void
test_no_command(void)
{
  expect_error("no command", "Usage: chatsim COMMAND [OPTION...]\n\n" COMMANDS_HELP,
               NULL);
}

static void
test_run_without_file(void)
{
  expect_error("run without a file", "chatsim run: no scenario file given\n" TRY_RUN_HELP,
               "run", NULL);
}

static void
test_run_two_files(void)
{
  expect_error("run with two files",
               "chatsim run: more than one scenario file given\n" TRY_RUN_HELP, "run",
               "scenarios/kb233512.ini", "scenarios/quiet-channel.ini", NULL);
}

/* Each profile in flight holds a model: compare and check budget memory
 * for --jobs of them (capped by the runs) and say how to lower it. The
 * file's model needs 1384 bytes: two fit in 3000, three do not. */
static void
test_jobs_memory(void)
{
  g_setenv("CHATSIM_MEMORY_AVAILABLE", "3000", TRUE);
#define TOO_MANY(N, BYTES, KIB)                                                          \
  "chatsim: scenarios/kb233512.ini:36: [client chatter] count: the scenario is too "     \
  "large for this machine: it needs " BYTES " bytes (" KIB " KiB) for " N " runs at "    \
  "once (--jobs " N ") of 5 clients, 1 channel and 5 memberships, more than the 3000 "   \
  "bytes (2.9 KiB) available (CHATSIM_MEMORY_AVAILABLE); lower --jobs to 2 or fewer, "   \
  "or use fewer clients or channels\n"
  expect_error("compare -j 3", TOO_MANY("3", "3684", "3.6"), "compare",
               "scenarios/kb233512.ini", "-j", "3", NULL);
  TestRun run;
  test_chatsim(&run, NULL, "compare", "scenarios/kb233512.ini", "--jobs", "2", NULL);
  CU_ASSERT_EQUAL(run.status, 0);
  CU_ASSERT_STRING_EQUAL(run.err, "");
  test_run_clear(&run);
  /* Two profiles: never more than two models, whatever --jobs says. */
  test_chatsim(&run, NULL, "compare", "scenarios/kb233512.ini", "-j", "8", "-P",
               "sp2,5.5.2577.0", "-q", NULL);
  CU_ASSERT_EQUAL(run.status, 0);
  test_run_clear(&run);
  test_chatsim(&run, NULL, "check", "scenarios/kb233512.ini", "-j", "4", NULL);
  CU_ASSERT_EQUAL(run.status, 2);
  CU_ASSERT_STRING_EQUAL(run.err, TOO_MANY("4", "4912", "4.8"));
  test_run_clear(&run);
  test_chatsim(&run, NULL, "check", "scenarios/kb233512.ini", "-j", "2", NULL);
  CU_ASSERT_EQUAL(run.status, 0);
  test_run_clear(&run);
#undef TOO_MANY
  g_setenv("CHATSIM_MEMORY_AVAILABLE", "8589934592", TRUE);
  expect_error("compare -j -1",
               "chatsim compare: --jobs: -1 is not 0 or more\nTry 'chatsim compare "
               "--help'.\n",
               "compare", "scenarios/kb233512.ini", "-j", "-1", NULL);
}

int
main(void)
{
  /* The messages must not depend on the caller's locale. */
  g_setenv("LC_ALL", "C", TRUE);
  /* The memory a scenario may use, so that size errors read the same on
   * every machine (docs/scenarios.md). */
  g_setenv("CHATSIM_MEMORY_AVAILABLE", "8589934592", TRUE);
  g_unsetenv("CHARSET");
  g_unsetenv("LANGUAGE");
  static const TestCase tests[] = {
      {"every tests/bad file: exit 2, exact message, nothing written", test_bad_files},
      {"every tests/bad file has a row and a comment", test_bad_files_all_listed},
      {"missing scenario file", test_missing_file},
      {"directory given as the scenario", test_directory_as_scenario},
      {"--profile garbage", test_profile_garbage},
      {"--seed -1", test_seed_negative},
      {"--seed without a value", test_seed_missing_argument},
      {"--duration 0", test_duration_zero},
      {"--duration -5m", test_duration_negative},
      {"--duration ending before a client connects", test_duration_before_connect},
      {"--format xml", test_format_xml},
      {"--trace nobody", test_trace_nobody},
      {"empty --trace and --profiles", test_empty_lists},
      {"--timeline and --summary on one file", test_same_output},
      {"unknown option", test_unknown_option},
      {"--timeline and --summary both on stdout", test_both_outputs_on_stdout},
      {"unwritable --timeline", test_timeline_unwritable},
      {"bad --set on run, compare and plot", test_set_errors},
      {"check: every error of a file, each line prefixed", test_check_many_errors},
      {"unknown command", test_unknown_command},
      {"compare and check: memory for --jobs models at once", test_jobs_memory},
      {"no command", test_no_command},
      {"run without a file", test_run_without_file},
      {"run with two files", test_run_two_files},
      {NULL, NULL},
  };
  return test_run_suite("e2e_errors", tests);
}

/* cli_profiles.c: the `chatsim profiles` command. */
#include "chatsim/cli.h"

#include "chatsim/profile.h"

#include <stdio.h>
#include <string.h>

int
sim_cli_profiles_main(int argc, char **argv)
{
  char *format = NULL;
  const GOptionEntry entries[] = {
      {"format", 0, 0, G_OPTION_ARG_STRING, &format, "text (default) or tsv", "FORMAT"},
      {NULL, 0, 0, 0, NULL, NULL, NULL},
  };
  int code = 0;
  gboolean tsv = FALSE;
  if (!sim_cli_parse_options(
          "profiles", "",
          "List the Chatsvc.exe version profiles and the IRC server profiles.", entries,
          &argc, &argv, &code) ||
      !sim_cli_parse_format("profiles", format, &tsv, &code)) {
    g_free(format);
    return code;
  }
  g_free(format);
  if (argc > 1)
    return sim_cli_usage_error("profiles", "unexpected argument '%s'", argv[1]);
  gsize n_builds = 0, n_servers = 0;
  const SimProfile *builds = sim_profile_all(&n_builds);
  const SimProfile *servers = sim_profile_servers(&n_servers);
  const char *const *params = sim_profile_param_names();
  GString *out = g_string_new(NULL);
  const char *fmt = tsv ? "%s\t" : "%-12s ";
  g_string_append_printf(out, fmt, "version");
  g_string_append_printf(out, tsv ? "%s\t%s\t" : "%-5s %-5s ", "alias", "build");
  /* Columns as wide as their name, and at least as "inclusive". */
#define WIDTH(name) ((int)MAX(strlen(name), strlen("inclusive")))
  for (const char *const *p = params; *p; p++)
    if (tsv)
      g_string_append_printf(out, "%s\t", *p);
    else
      g_string_append_printf(out, "%-*s  ", WIDTH(*p), *p);
  g_string_append(out, "label\n");
  for (gsize i = 0; i < n_builds + n_servers; i++) {
    const SimProfile *p = i < n_builds ? &builds[i] : &servers[i - n_builds];
    char build[16] = "-";
    if (p->build > 0)
      g_snprintf(build, sizeof build, "%u", p->build);
    g_string_append_printf(out, fmt, p->version);
    g_string_append_printf(out, tsv ? "%s\t%s\t" : "%-5s %-5s ",
                           p->alias ? p->alias : "-", build);
    for (const char *const *name = params; *name; name++) {
      char *v = sim_profile_param_format(&p->keepalive, *name);
      if (tsv)
        g_string_append_printf(out, "%s\t", v);
      else
        g_string_append_printf(out, "%-*s  ", WIDTH(*name), v);
      g_free(v);
    }
    g_string_append_printf(out, "%s\n", p->label);
  }
#undef WIDTH
  fputs(out->str, stdout);
  g_string_free(out, TRUE);
  return SIM_CLI_EXIT_OK;
}

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
  if (!sim_cli_parse_options("profiles", "", "List the Chatsvc.exe version profiles.",
                             entries, &argc, &argv, &code) ||
      !sim_cli_parse_format("profiles", format, &tsv, &code)) {
    g_free(format);
    return code;
  }
  g_free(format);
  if (argc > 1)
    return sim_cli_usage_error("profiles", "unexpected argument '%s'", argv[1]);
  gsize n = 0;
  const SimProfile *profiles = sim_profile_all(&n);
  const char *const *params = sim_profile_param_names();
  GString *out = g_string_new(NULL);
  const char *fmt = tsv ? "%s\t" : "%-12s ";
  g_string_append_printf(out, fmt, "version");
  g_string_append_printf(out, tsv ? "%s\t%s\t" : "%-5s %-5s ", "alias", "build");
  for (const char *const *p = params; *p; p++)
    g_string_append_printf(out, tsv ? "%s\t" : "%s  ", *p);
  g_string_append(out, "label\n");
  for (gsize i = 0; i < n; i++) {
    const SimProfile *p = &profiles[i];
    g_string_append_printf(out, fmt, p->version);
    g_string_append_printf(out, tsv ? "%s\t%u\t" : "%-5s %-5u ",
                           p->alias ? p->alias : "-", p->build);
    for (const char *const *name = params; *name; name++) {
      char *v = sim_profile_param_format(&p->keepalive, *name);
      if (tsv)
        g_string_append_printf(out, "%s\t", v);
      else
        g_string_append_printf(out, "%-*s  ", (int)strlen(*name), v);
      g_free(v);
    }
    g_string_append_printf(out, "%s\n", p->label);
  }
  fputs(out->str, stdout);
  g_string_free(out, TRUE);
  return SIM_CLI_EXIT_OK;
}

/* main.c: chatsim's entry point. */
#include "chatsim/cli.h"

#include <locale.h>

int
main(int argc, char **argv)
{
  /* GLib's messages (and file names in them) print in the user's charset. */
  setlocale(LC_ALL, "");
  /* Numbers print the same everywhere: "0.025 s", never "0,025 s". */
  setlocale(LC_NUMERIC, "C");
  return sim_cli_main(argc, argv);
}

/* main.c: chatsim's entry point. */
#include "chatsim/cli.h"

#include <locale.h>

int
main(int argc, char **argv)
{
  /* GLib's messages (and file names in them) print in the user's charset. */
  setlocale(LC_ALL, "");
  return sim_cli_main(argc, argv);
}

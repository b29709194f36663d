/* main.c: chatsim's entry point. */
#include "chatsim/cli.h"

int
main(int argc, char **argv)
{
  return sim_cli_main(argc, argv);
}

/* cli.h: the chatsim command line. */
#ifndef CHATSIM_CLI_H
#define CHATSIM_CLI_H

#include <glib.h>

G_BEGIN_DECLS

#define SIM_CLI_ERROR (sim_cli_error_quark())
GQuark sim_cli_error_quark(void);

enum {
  SIM_CLI_EXIT_OK = 0,
  SIM_CLI_EXIT_CHECK = 1, /* a check failed */
  SIM_CLI_EXIT_INPUT = 2, /* bad usage or input */
};

int sim_cli_main(int argc, char **argv);

G_END_DECLS

#endif

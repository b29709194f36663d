/* footprint.h: how large a scenario's run is, counted from its client
 * groups before anything is allocated for it, against the memory the
 * machine has. */
#ifndef CHATSIM_FOOTPRINT_H
#define CHATSIM_FOOTPRINT_H

#include "chatsim/model.h"

G_BEGIN_DECLS

typedef struct {
  guint64 clients;          /* in all */
  guint channels;           /* distinct; names ignore case */
  guint64 memberships;      /* client-channel pairs */
  guint64 bytes;            /* sim_model_bytes of the three: one model */
  guint models;             /* how many such models are in memory at once */
  guint64 available;        /* 0: nothing says */
  const char *source;       /* where `available` comes from */
  guint too_many;           /* the group whose count passes the limit, or G_MAXUINT */
  guint64 too_many_clients; /* the clients up to and with that group */
  guint too_large; /* the group whose clients, times `models`, pass `available`, or
                      G_MAXUINT */
} SimFootprint;

/* Measures `specs` (SimClientSpec *) against `max_clients` in all and the
 * memory available to `models` runs of them at once (compare and check
 * run several profiles in parallel, each with its own model). */
void sim_footprint_measure(const GPtrArray *specs, guint64 max_clients, guint models,
                           SimFootprint *out);
/* Bytes this process may still use: $CHATSIM_MEMORY_AVAILABLE if set (a
 * cap for shared machines, and what tests use), else MemAvailable from
 * /proc/meminfo, else the free pages; 0 if nothing says. */
guint64 sim_footprint_available(const char **source);
/* "1.5 GiB": ASCII, so that a message reads the same in every locale. */
char *sim_footprint_format_bytes(guint64 bytes);

G_END_DECLS

#endif

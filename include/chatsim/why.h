/* why.h: the "why" sentence of a disconnect (docs/model.md), in the Chat
 * Service's words or in an IRC server's. */
#ifndef CHATSIM_WHY_H
#define CHATSIM_WHY_H

#include "chatsim/profile.h"

G_BEGIN_DECLS

/* The state of a connection that a disconnect leaves behind, with the due
 * times of its rules as the model computed them. */
typedef struct {
  gboolean recv_idle;    /* the reason: recv-idle, else ping-timeout */
  SimTime now;           /* when the server acted */
  SimTime last_recv;     /* last data received */
  const char *last_kind; /* what it was: "join", "pong", ... */
  SimTime last_activity; /* the ping process's last restart */
  SimTime first_ping;    /* of the current round */
  SimTime last_ping;
  guint pings;      /* in the current round */
  guint unanswered; /* PINGs since the last receipt */
  guint restarts;   /* server sends that restarted it since then */
  SimTime last_restart;
  SimTime idle_due;  /* recv_idle_limit ran out */
  SimTime ping_due;  /* the next PING fell due */
  SimTime reply_due; /* the reply window ran out */
} SimWhy;

/* Appends the sentence for `why` under `profile`'s words and `keepalive`
 * (the parameters of the run, defaults resolved). */
void sim_why_append(const SimProfile *profile, const SimKeepalive *keepalive,
                    const SimWhy *why, GString *out);

G_END_DECLS

#endif

# common.gp: what every chatsim figure shares: the values chatsim fills in
# (the names between at-signs below), the terminal, the colours and the
# column numbers. Each figure template includes it at its COMMON placeholder.

# ---- values filled in by chatsim plot --------------------------------------
TERMINAL = @TERMINAL@       # png, svg, pdf or dumb
WIDTH = @WIDTH@             # pixels (dumb: characters)
HEIGHT = @HEIGHT@
OUTPUT = @OUTPUT@           # relative to this script; '' = standard output
SCENARIO = @SCENARIO@
DESCRIPTION = @DESCRIPTION@
NOTE = @NOTE@               # groups drawn in part, e.g. 'chatter: 3 of 4 shown'
EVENTS = @EVENTS@           # one row per drawn event; one block (index) per panel
IDLE = @IDLE@               # idle curves; one block per panel and lane
LANES = @LANES@             # one row per lane; one block per panel
DURATION = @DURATION@       # s, the end of the run
IDLE_MAX = @IDLE_MAX@       # s, the highest idle value in IDLE
N_LANES = @N_LANES@
LANE_NAMES = @LANE_NAMES@   # the lanes' clients, in lane order
N_PANELS = @N_PANELS@       # one per profile run
array PANEL_VERSION[N_PANELS] = [@PANEL_VERSIONS@]
array PANEL_LABEL[N_PANELS] = [@PANEL_LABELS@]
array PANEL_OUTCOME[N_PANELS] = [@PANEL_OUTCOMES@]
array PANEL_MARKS[N_PANELS] = [@PANEL_MARKS@]        # the marks that occur
array PING_DELAY[N_PANELS] = [@PING_DELAY@]          # s
array RECV_IDLE_LIMIT[N_PANELS] = [@RECV_IDLE_LIMIT@] # s; 0 = off

# ---- terminal ----------------------------------------------------------------
FONT = 'DejaVu Sans,11'
if (TERMINAL eq 'png') {
  set terminal pngcairo size WIDTH,HEIGHT font FONT noenhanced background rgb 'white'
} else {
  if (TERMINAL eq 'svg') {
    set terminal svg size WIDTH,HEIGHT font FONT noenhanced background rgb 'white'
  } else {
    if (TERMINAL eq 'pdf') {
      set terminal pdfcairo size WIDTH/72.0,HEIGHT/72.0 font FONT noenhanced
    } else {
      set terminal dumb size WIDTH,HEIGHT noenhanced
    }
  }
}
if (strlen(OUTPUT) > 0) {
  set output OUTPUT
} else {
  set output
}
DUMB = TERMINAL eq 'dumb'
set datafile separator "\t"

# ---- columns of the data files (see docs/plots.md) ------------------------------
# EVENTS: profile lane client time_us time_s mark idle_s label
# IDLE:   profile lane client time_s idle_s
# LANES:  profile lane client connect_s end_s outcome reason pings_sent restarts
E_LANE = 2; E_CLIENT = 3; E_TIME = 5; E_MARK = 6; E_IDLE = 7; E_LABEL = 8
I_TIME = 4; I_IDLE = 5
L_LANE = 2; L_CLIENT = 3; L_CONNECT = 4; L_END = 5

# ---- helpers -----------------------------------------------------------------
# Whether a space-separated list holds a word: a series whose mark never
# occurs gets no legend entry (title '').
has(list, word) = strstrt(' '.list.' ', ' '.word.' ') > 0
ALL_MARKS = ''
do for [p = 1:N_PANELS] { ALL_MARKS = ALL_MARKS.' '.PANEL_MARKS[p] }
key_title(mark, text) = has(ALL_MARKS, mark) ? text : ''
# y of the events of one mark, NaN for the others (gnuplot skips those).
only(mark, y) = strcol(E_MARK) eq mark ? y : NaN
# Seconds as chatsim prints them in labels: 600.04, 90.
secs(x) = gprintf('%g', x)
# Time tics a few minutes apart whatever the run's length.
XTIC = DURATION <= 300 ? 30 : DURATION <= 900 ? 60 : DURATION <= 2400 ? 180 : \
       DURATION <= 5400 ? 300 : DURATION <= 14400 ? 900 : 3600

# ---- colours (colour-blind safe; red only for disconnects) ---------------------
array LANE_COLOR[8] = ['#0072B2', '#E69F00', '#009E73', '#CC79A7', \
                       '#56B4E9', '#6B6B6B', '#8C564B', '#B8B000']
lane_color(i) = LANE_COLOR[(i - 1) % 8 + 1]
C_MESSAGE = '#0072B2'
C_RELAY = '#A8A8A8'
C_PING = '#E69F00'
C_PONG = '#009E73'
C_KEEPALIVE = '#9467BD'
C_DROP = '#D62728'
C_QUIT = '#000000'
C_LANE = '#C8C8C8'

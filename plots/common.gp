# common.gp: what every chatsim figure shares: the values chatsim fills in
# (the names between at-signs below), the terminal, the colours and the
# column numbers. Each figure template includes it at its COMMON placeholder.

# ---- values filled in by chatsim plot --------------------------------------
# Terminal png, svg, pdf or dumb; size in pixels (dumb: characters); the
# image relative to this script ('' = standard output).
TERMINAL = @TERMINAL@
WIDTH = @WIDTH@
HEIGHT = @HEIGHT@
OUTPUT = @OUTPUT@
# chatsim renders to a temporary file and renames it into place, so a
# failed render never leaves a broken image; run by hand, this is unset.
if (exists("CHATSIM_OUTPUT")) OUTPUT = CHATSIM_OUTPUT
SCENARIO = @SCENARIO@
DESCRIPTION = @DESCRIPTION@
# Groups drawn in part, e.g. 'chatter: 3 of 4 shown'; '' when none.
NOTE = @NOTE@
# Data, relative to this script. EVENTS: one row per drawn event, one block
# (index) per panel. IDLE: the idle curves, one block per panel and lane.
# LANES: one row per lane, one block per panel.
EVENTS = @EVENTS@
IDLE = @IDLE@
LANES = @LANES@
# The end of the run and the highest value in IDLE, in seconds.
DURATION = @DURATION@
IDLE_MAX = @IDLE_MAX@
# The lanes' clients, in lane order (lane 1 first).
N_LANES = @N_LANES@
LANE_NAMES = @LANE_NAMES@
# One panel per profile run: its version, label, outcome, the marks that
# occur in it, and its thresholds in seconds (recv_idle_limit 0 = off).
N_PANELS = @N_PANELS@
array PANEL_VERSION[N_PANELS] = [@PANEL_VERSIONS@]
array PANEL_LABEL[N_PANELS] = [@PANEL_LABELS@]
array PANEL_OUTCOME[N_PANELS] = [@PANEL_OUTCOMES@]
array PANEL_MARKS[N_PANELS] = [@PANEL_MARKS@]
array PING_DELAY[N_PANELS] = [@PING_DELAY@]
array RECV_IDLE_LIMIT[N_PANELS] = [@RECV_IDLE_LIMIT@]

# ---- paths are relative to this script: run from anywhere ------------------
# gnuplot 5.4 sets ARG0 to the script's path; work in its directory.
SCRIPT_DIR = ''
if (exists('ARG0')) {
  do for [i = 1:strlen(ARG0)] { if (ARG0[i:i] eq '/') { SCRIPT_DIR = ARG0[1:i] } }
}
if (strlen(SCRIPT_DIR) > 0) { cd SCRIPT_DIR }

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
# The first line of every title.
HEADING = strlen(DESCRIPTION) > 0 ? SCENARIO.': '.DESCRIPTION : SCENARIO
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

# ---- colours (colour-blind safe; lanes avoid the orange of PINGs and the red
# of disconnects) -----------------------------------------------------------------
array LANE_COLOR[8] = ['#0072B2', '#009E73', '#CC79A7', '#6B6B6B', \
                       '#8C564B', '#B8B000', '#332288', '#56B4E9']
lane_color(i) = LANE_COLOR[(i - 1) % 8 + 1]
C_MESSAGE = '#0072B2'
C_RELAY = '#A8A8A8'
C_PING = '#E69F00'
C_PONG = '#009E73'
C_KEEPALIVE = '#9467BD'
C_DROP = '#D62728'
C_QUIT = '#000000'
C_LANE = '#C8C8C8'

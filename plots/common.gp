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
# Which clients are drawn, e.g. '4 of 5 clients drawn (chatter: 3 of 4)';
# '' when every client is.
NOTE = @NOTE@
# Data, relative to this script. EVENTS: one row per drawn event, one block
# (index) per panel. IDLE: the idle curves, one block per panel and lane.
# LANES: one row per lane, one block per panel. CONNECTED: clients connected
# over time, one block per panel and group.
EVENTS = @EVENTS@
IDLE = @IDLE@
LANES = @LANES@
CONNECTED = @CONNECTED@
# The end of the run and the highest value in IDLE, in seconds; the lowest
# fraction in CONNECTED once a group has connected.
DURATION = @DURATION@
IDLE_MAX = @IDLE_MAX@
CONNECTED_MIN = @CONNECTED_MIN@
# Clients in the scenario and groups ([client NAME] sections).
N_CLIENTS = @N_CLIENTS@
N_GROUPS = @N_GROUPS@
# The lanes' clients, in lane order (lane 1 first). LANE_SAME[i] is the
# first lane whose idle curve is lane i's in every panel (i if none): such
# a curve is drawn once, and LANE_TITLE names every lane it stands for.
N_LANES = @N_LANES@
LANE_NAMES = @LANE_NAMES@
array LANE_SAME[N_LANES > 0 ? N_LANES : 1] = [@LANE_SAME@]
array LANE_TITLE[N_LANES > 0 ? N_LANES : 1] = [@LANE_TITLES@]
# The longest legend entry of a lane (or disconnected), of a group, in characters.
KEY_CHARS = @KEY_CHARS@
# One panel per profile run: its version, label, outcome (over every
# client, drawn or not) and how many were dropped, the marks that occur in
# it, and its thresholds in seconds (recv_idle_limit 0 = off).
N_PANELS = @N_PANELS@
array PANEL_VERSION[N_PANELS] = [@PANEL_VERSIONS@]
array PANEL_LABEL[N_PANELS] = [@PANEL_LABELS@]
array PANEL_OUTCOME[N_PANELS] = [@PANEL_OUTCOMES@]
array PANEL_DROPPED[N_PANELS] = [@PANEL_DROPPED@]
array PANEL_MARKS[N_PANELS] = [@PANEL_MARKS@]
array PING_DELAY[N_PANELS] = [@PING_DELAY@]
array RECV_IDLE_LIMIT[N_PANELS] = [@RECV_IDLE_LIMIT@]
# Per panel p and group g, at (p - 1) * N_GROUPS + g: the first group whose
# connected curve in that panel is g's (g if none), and the legend entry
# naming every group a curve stands for.
array GROUP_SAME[N_PANELS * N_GROUPS] = [@GROUP_SAME@]
array GROUP_TITLE[N_PANELS * N_GROUPS] = [@GROUP_TITLES@]
GROUP_KEY_CHARS = @GROUP_KEY_CHARS@

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
# CONNECTED: profile group clients time_s connected fraction
E_LANE = 2; E_CLIENT = 3; E_TIME = 5; E_MARK = 6; E_IDLE = 7; E_LABEL = 8
I_TIME = 4; I_IDLE = 5
L_LANE = 2; L_CLIENT = 3; L_CONNECT = 4; L_END = 5
C_TIME = 4; C_FRACTION = 6

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
# Labels of drops in the last quarter of the run go left of their mark, so
# the image's right edge never cuts them.
RIGHT_SIDE = 0.75
late(x) = x >= RIGHT_SIDE * DURATION
# Time tics a few minutes apart whatever the run's length, at most one per
# 80 pixels (10 characters).
array TIC_STEP[10] = [30, 60, 120, 180, 300, 600, 900, 1800, 3600, 7200]
MAX_TICS = DUMB ? WIDTH / 10.0 : WIDTH / 80.0
XTIC = 14400
do for [i = 10:1:-1] { if (DURATION / TIC_STEP[i] <= MAX_TICS) { XTIC = TIC_STEP[i] } }

# ---- colours (colour-blind safe; lanes avoid the orange of PINGs and the red
# of disconnects) -----------------------------------------------------------------
# Curves 1 to 8 are solid, 9 to 16 dashed, 17 to 24 dotted: 24 curves look
# different (chatsim draws no more than that in one figure).
array LANE_COLOR[8] = ['#0072B2', '#009E73', '#CC79A7', '#6B6B6B', \
                       '#8C564B', '#B8B000', '#332288', '#56B4E9']
lane_color(i) = LANE_COLOR[(i - 1) % 8 + 1]
array LANE_DASH[3] = [1, 2, 3]
lane_dash(i) = LANE_DASH[((i - 1) / 8) % 3 + 1]
C_MESSAGE = '#0072B2'
C_RELAY = '#A8A8A8'
C_PING = '#E69F00'
C_PONG = '#009E73'
C_KEEPALIVE = '#9467BD'
C_DROP = '#D62728'
C_QUIT = '#000000'
C_LANE = '#C8C8C8'

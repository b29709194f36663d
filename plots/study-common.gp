# study-common.gp: what the study figures share: the values chatsim fills in
# (the names between at-signs below), the terminal and the colours. Each
# study template includes it at its COMMON placeholder.

# ---- values filled in by chatsim study --plot / chatsim plot --study --------
# Terminal png, svg, pdf or dumb; size in pixels (dumb: characters); the
# image relative to this script.
TERMINAL = @TERMINAL@
WIDTH = @WIDTH@
HEIGHT = @HEIGHT@
OUTPUT = @OUTPUT@
# chatsim renders to a temporary file and renames it into place, so a
# failed render never leaves a broken image; run by hand, this is unset.
if (exists("CHATSIM_OUTPUT")) OUTPUT = CHATSIM_OUTPUT
# The points of one client group, relative to this script; one block
# (index) per profile. Columns: profile x y p_drop ci_low ci_high drops
# clients x_value y_value. x is the first variable's value when all its
# values are numbers (1-D), else its index; y is the second's index.
DATA = @DATA@
STUDY = @STUDY@
GROUP = @GROUP@
XNAME = @XNAME@
YNAME = @YNAME@
NUMERIC_X = @NUMERIC_X@
# ' (s)' after a variable whose values are all numbers (durations are
# written in seconds), else ''.
X_UNIT = @X_UNIT@
Y_UNIT = @Y_UNIT@
N_PROFILES = @N_PROFILES@
array PROFILE[N_PROFILES] = [@PROFILES@]
N_X = @N_X@
N_Y = @N_Y@
array X_VALUE[N_X] = [@X_VALUES@]
array Y_VALUE[N_Y] = [@Y_VALUES@]
D_X = 2; D_Y = 3; D_P = 4; D_LOW = 5; D_HIGH = 6; D_DROPS = 7; D_CLIENTS = 8

# ---- paths are relative to this script: run from anywhere ------------------
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
set output OUTPUT
DUMB = TERMINAL eq 'dumb'
set datafile separator "\t"
set datafile commentschars '#'

# ---- colours (colour-blind safe, as the timeline figures) ---------------------
array PROFILE_COLOR[8] = ['#0072B2', '#D62728', '#009E73', '#E69F00', \
                          '#CC79A7', '#56B4E9', '#6B6B6B', '#332288']
profile_color(i) = PROFILE_COLOR[(i - 1) % 8 + 1]
HEADING = sprintf("%s: P(drop) of client group '%s'", STUDY, GROUP)

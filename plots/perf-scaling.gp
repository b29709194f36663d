# Scaling of chatsim with the number of clients (tools/bench fills in
# @DATA@ and @OUTPUT@). Log-log axes; the dashed line is n log n through the
# smallest run, so a curve that stays at or under it grows no faster.
set terminal pngcairo size 1280,720 font "DejaVu Sans,12"
set output "@OUTPUT@"
set datafile separator "\t"
set key top left box opaque
set logscale xy
set grid xtics ytics mxtics mytics lc rgb "#dddddd"
set xlabel "clients"
set format x "%.0s%c"
set multiplot layout 1,2 title "chatsim on the 10k benchmark's shape (10% Poisson talkers, 1 h, 5.5.2577.0, --trace none), 10k to 1M"
stats "@DATA@" using 1 every ::0::0 nooutput
n0 = STATS_min
stats "@DATA@" using 2 every ::0::0 nooutput
w0 = STATS_min
set ylabel "wall time (s)"
plot "@DATA@" using 1:2 with linespoints pt 7 lw 2 lc rgb "#0072b2" title "whole process", \
     "@DATA@" using 1:3 with linespoints pt 5 lw 2 lc rgb "#009e73" title "event loop", \
     "@DATA@" using 1:6 with linespoints pt 4 lw 2 lc rgb "#e69f00" title "bare queue (floor)", \
     [n0:*] w0 * (x * log(x)) / (n0 * log(n0)) with lines dt 2 lw 2 lc rgb "#999999" title "n log n"
stats "@DATA@" using 4 every ::0::0 nooutput
r0 = STATS_min
set ylabel "peak RSS (MiB)"
plot "@DATA@" using 1:4 with linespoints pt 7 lw 2 lc rgb "#d55e00" title "peak RSS", \
     [n0:*] r0 * (x * log(x)) / (n0 * log(n0)) with lines dt 2 lw 2 lc rgb "#999999" title "n log n", \
     128.0 * x / 2**20 with lines dt 3 lw 2 lc rgb "#cc79a7" title "128 bytes/client"
unset multiplot

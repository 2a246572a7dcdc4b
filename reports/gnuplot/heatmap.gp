# heatmap.gp - a matrix of counts: the first line of the data file holds
# the column labels (after a corner cell), each other line a row label and
# its counts. Colour is log10(1 + count); each non-zero cell shows its
# count. mmaplab writes the variables above this line (see lines.gp).
set datafile separator "\t"
set title title_text noenhanced
set xlabel xlabel_text noenhanced
set ylabel ylabel_text noenhanced
set cblabel "log10(1 + cases)"
set palette defined (0 "#ffffff", 0.5 "#9ecae1", 1 "#08306b")
set cbrange [0:*]
set xtics rotate by -35 nomirror noenhanced
set ytics nomirror noenhanced
set yrange [nrows-0.5:-0.5]
set xrange [-0.5:ncols-1.5]
set key off
set terminal svg size width,height noenhanced font "sans,11" background "#ffffff"
set output out_svg
plot datafile matrix rowheaders columnheaders using 1:2:(log10(1+$3)) with image, \
     '' matrix rowheaders columnheaders using 1:2:($3 > 0 ? sprintf("%d", $3) : "") with labels
set terminal pngcairo size width,height noenhanced font "sans,9" background "#ffffff"
set output out_png
replot
set output

# lines.gp - a line chart: column 1 of the data file is x, columns 2..ncols
# one series each (column heads are the legend). mmaplab writes the
# variables above this line: datafile, out_png, out_svg, title_text,
# xlabel_text, ylabel_text, ncols, nrows, logx, logy, xbytes, width, height.
set datafile separator "\t"
set datafile missing "NaN"
set title title_text noenhanced
set xlabel xlabel_text noenhanced
set ylabel ylabel_text noenhanced
set key below noenhanced box
set grid xtics ytics mytics
if (logx) { set logscale x 2 }
if (logy) { set logscale y 10 }
if (xbytes) { set format x "%.0b %BB" }
set yrange [*:*]
if (!logy) { set yrange [0:*] }
set style data linespoints
set terminal svg size width,height noenhanced font "sans,12" background "#ffffff"
set output out_svg
plot for [i=2:ncols] datafile using 1:i title columnheader(i) lw 2 pt 7
set terminal pngcairo size width,height noenhanced font "sans,10" background "#ffffff"
set output out_png
replot
set output

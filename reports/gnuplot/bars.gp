# bars.gp - clustered bars: column 1 of the data file is the group label,
# columns 2..ncols one series each (column heads are the legend). mmaplab
# writes the variables above this line (see lines.gp).
set datafile separator "\t"
set datafile missing "NaN"
set title title_text noenhanced
set xlabel xlabel_text noenhanced
set ylabel ylabel_text noenhanced
set key below noenhanced box
set grid ytics mytics
set style data histograms
set style histogram clustered gap 1
set style fill solid 0.85 border -1
set boxwidth 0.9
set xtics rotate by -30 nomirror noenhanced
if (logy) { set logscale y 10 } else { set yrange [0:*] }
set terminal svg size width,height noenhanced font "sans,12" background "#ffffff"
set output out_svg
plot for [i=2:ncols] datafile using i:xtic(1) title columnheader(i)
set terminal pngcairo size width,height noenhanced font "sans,10" background "#ffffff"
set output out_png
replot
set output

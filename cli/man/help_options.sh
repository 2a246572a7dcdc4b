#!/bin/bash
# help_options.sh: reads a --help text on stdin and prints the long options
# it lists, one a line, sorted: the "--name" that begins an option line (a
# line indented by 1 to 10 spaces that starts with "-x, --name" or
# "--name"), its value ("=VALUE", " VALUE") cut off. The man page test and
# the completion test compare the page and the completion with this list.
set -euo pipefail
sed -nE 's/^ {1,10}(-[A-Za-z0-9], )?(--[A-Za-z0-9][A-Za-z0-9_-]*).*/\2/p' |
  LC_ALL=C sort -u

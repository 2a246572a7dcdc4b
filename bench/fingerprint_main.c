/* fingerprint_main.c - mmaplab-fingerprint: print this machine's fingerprint.
 *
 *   mmaplab-fingerprint [--dir DIR] [--compact]
 *
 * Prints the fingerprint JSON (fingerprint.h) on stdout; DIR is the
 * directory of the test files whose filesystem is recorded (default: the
 * current directory). Exit status: 0 printed, 2 misuse or error (one line
 * on stderr, nothing on stdout).
 */
#include "fingerprint.h"

int main(int argc, char **argv) {
  return fp_cli("mmaplab-fingerprint", argc, argv);
}

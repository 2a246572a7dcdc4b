/* peers_windows.h - the second processes of the Windows tests: functions
 * a test runs in a child process (th_run_peer), not tests themselves.
 * PP(name) is peer_name(void) in test_windows*.c; runner_windows.c runs
 * it for `--peer name`. */
#ifndef MML_PEERS_WINDOWS_H
#define MML_PEERS_WINDOWS_H

#define TEST_PEERS_WINDOWS(PP)                                                 \
  PP(tagname_reader)                                                           \
  PP(fault_unguarded)

#endif /* MML_PEERS_WINDOWS_H */

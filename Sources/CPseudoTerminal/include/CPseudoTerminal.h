#ifndef CPSEUDOTERMINAL_H
#define CPSEUDOTERMINAL_H
#include <stddef.h>
#include <sys/types.h>

/// Opens a pseudo-terminal master of `rows` × `columns`; writes the slave's path into `name`.
/// Returns the master fd, or -1.
int cpt_open_master(char *name, size_t size, unsigned short rows, unsigned short columns);

/// Starts `path` in a new session whose controlling terminal is `slave` (so Ctrl-C typed on the
/// master sends SIGINT), with the slave as standard input, output and error. Returns the pid or -1.
pid_t cpt_spawn(const char *path, char *const argv[], char *const envp[], const char *slave, int master);
#endif

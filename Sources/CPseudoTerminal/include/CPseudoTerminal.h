#ifndef CPSEUDOTERMINAL_H
#define CPSEUDOTERMINAL_H
#include <stddef.h>
/// Opens a pseudo-terminal master; writes the slave's path into `name`. Returns the master fd or -1.
int cpt_open_master(char *name, size_t size);
#endif

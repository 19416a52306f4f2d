#define _XOPEN_SOURCE 600
#define _DEFAULT_SOURCE
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <termios.h>
#include <unistd.h>
#include "CPseudoTerminal.h"

int cpt_open_master(char *name, size_t size, unsigned short rows, unsigned short columns) {
    int master = posix_openpt(O_RDWR | O_NOCTTY);
    if (master < 0) return -1;
    if (grantpt(master) != 0 || unlockpt(master) != 0) { close(master); return -1; }
    const char *slave = ptsname(master);
    if (slave == NULL || strlen(slave) + 1 > size) { close(master); return -1; }
    strcpy(name, slave);
    struct winsize ws;
    memset(&ws, 0, sizeof ws);
    ws.ws_row = rows;
    ws.ws_col = columns;
    ioctl(master, TIOCSWINSZ, &ws);
    return master;
}

pid_t cpt_spawn(const char *path, char *const argv[], char *const envp[], const char *slave, int master) {
    pid_t pid = fork();
    if (pid != 0) return pid;
    /* child: only async-signal-safe calls until exec. Start with no signal blocked or ignored:
       a test runner's blocked SIGINT would otherwise be inherited across exec. */
    sigset_t none;
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, NULL);
    signal(SIGINT, SIG_DFL);
    setsid();
    int fd = open(slave, O_RDWR);
    if (fd < 0) _exit(127);
    ioctl(fd, TIOCSCTTY, 0);
    dup2(fd, 0);
    dup2(fd, 1);
    dup2(fd, 2);
    if (fd > 2) close(fd);
    close(master);
    execve(path, argv, envp);
    _exit(127);
}

// Small C wrappers around libedit's variadic API (el_set, el_get, history), which Swift cannot
// call directly, plus access to C globals that Swift 6 treats as not concurrency-safe.
#ifndef CCHC_CEDITLINE_SHIM_H
#define CCHC_CEDITLINE_SHIM_H

#include <errno.h>
#include <histedit.h>
#include <langinfo.h>
#include <locale.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

typedef const char *_Nullable (*cel_prompt_fn)(EditLine *_Nullable);
typedef unsigned char (*cel_addfn_fn)(EditLine *_Nullable, int);

static inline int cel_set_prompt(EditLine *el, cel_prompt_fn fn) { return el_set(el, EL_PROMPT, fn); }
static inline int cel_set_editor(EditLine *el, const char *mode) { return el_set(el, EL_EDITOR, mode); }
static inline int cel_set_signal(EditLine *el, int on) { return el_set(el, EL_SIGNAL, on); }
static inline int cel_set_clientdata(EditLine *el, void *_Nullable d) { return el_set(el, EL_CLIENTDATA, d); }
static inline void *_Nullable cel_get_clientdata(EditLine *el) {
    void *p = NULL;
    el_get(el, EL_CLIENTDATA, &p);
    return p;
}
static inline int cel_addfn(EditLine *el, const char *name, const char *help, cel_addfn_fn fn) {
    return el_set(el, EL_ADDFN, name, help, fn);
}
static inline int cel_bind(EditLine *el, const char *key, const char *fname) {
    return el_set(el, EL_BIND, key, fname, NULL);
}
static inline int cel_set_history(EditLine *el, History *h) { return el_set(el, EL_HIST, history, h); }
static inline int cel_hist_setsize(History *h, int n) { HistEvent ev; return history(h, &ev, H_SETSIZE, n); }
static inline int cel_hist_setunique(History *h, int on) { HistEvent ev; return history(h, &ev, H_SETUNIQUE, on); }
static inline int cel_hist_enter(History *h, const char *l) { HistEvent ev; return history(h, &ev, H_ENTER, l); }
static inline int cel_hist_load(History *h, const char *p) { HistEvent ev; return history(h, &ev, H_LOAD, p); }
static inline int cel_hist_save(History *h, const char *p) { HistEvent ev; return history(h, &ev, H_SAVE, p); }

static inline FILE *cel_stdin(void) { return stdin; }
static inline FILE *cel_stdout(void) { return stdout; }
static inline FILE *cel_stderr(void) { return stderr; }

/// Ctrl-C: a SIGINT handler without SA_RESTART that only records the press, so el_gets returns
/// -1 with EINTR and the REPL discards the line instead of dying, and a long command that checks
/// the flag stops.
/// Set by Ctrl-C; read and cleared by the workbench between and during commands.
static volatile sig_atomic_t cel_interrupted = 0;
static void cel_sigint_noop(int sig) { (void)sig; cel_interrupted = 1; }
static inline int cel_interrupt_pending(void) { return cel_interrupted; }
static inline void cel_clear_interrupt(void) { cel_interrupted = 0; }
static inline void cel_install_sigint_interrupt(void) {
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = cel_sigint_noop;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = 0;
    sigaction(SIGINT, &sa, NULL);
    sigset_t interrupt;
    sigemptyset(&interrupt);
    sigaddset(&interrupt, SIGINT);
    pthread_sigmask(SIG_UNBLOCK, &interrupt, NULL);
}
static inline int cel_errno(void) { return errno; }

/// libedit drops every non-ASCII byte under a non-UTF-8 locale: use the user's locale when it is
/// UTF-8, else C.UTF-8. Returns 1 when a UTF-8 locale is in force afterwards.
static inline int cel_ensure_utf8_locale(void) {
    setlocale(LC_ALL, "");
    const char *cs = nl_langinfo(CODESET);
    if (cs == NULL || strcmp(cs, "UTF-8") != 0) {
        if (setlocale(LC_CTYPE, "C.UTF-8") == NULL) return 0;
    }
    cs = nl_langinfo(CODESET);
    return cs != NULL && strcmp(cs, "UTF-8") == 0;
}
#endif

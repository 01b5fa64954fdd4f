// The parts of ncursesw that Swift cannot reach directly.
//
// SwiftPM drops pkg-config's -D_XOPEN_SOURCE=600, which is what normally turns
// on the wide-character API, so we ask for it here before the header.
// Swift 6 also refuses C globals (stdscr, LINES, COLS) as not concurrency-safe
// and does not import function-like macros (COLOR_PAIR, KEY_F, A_*), so each gets
// a small inline function with an spo_ prefix.
#ifndef CNCURSESW_SHIM_H
#define CNCURSESW_SHIM_H

#ifndef NCURSES_WIDECHAR
#define NCURSES_WIDECHAR 1
#endif
#ifndef _XOPEN_SOURCE_EXTENDED
#define _XOPEN_SOURCE_EXTENDED 1
#endif

#include <locale.h>
#include <wchar.h>
#include <ncursesw/curses.h>

static inline WINDOW *spo_stdscr(void) { return stdscr; }
static inline int spo_lines(void) { return LINES; }
static inline int spo_cols(void) { return COLS; }
static inline int spo_colors(void) { return COLORS; }
static inline int spo_color_pairs(void) { return COLOR_PAIRS; }
static inline int spo_err(void) { return ERR; }
static inline int spo_ok(void) { return OK; }

static inline attr_t spo_a_normal(void) { return A_NORMAL; }
static inline attr_t spo_a_bold(void) { return A_BOLD; }
static inline attr_t spo_a_dim(void) { return A_DIM; }
static inline attr_t spo_a_underline(void) { return A_UNDERLINE; }
static inline attr_t spo_a_reverse(void) { return A_REVERSE; }
static inline attr_t spo_a_italic(void) { return A_ITALIC; }
static inline attr_t spo_color_pair(int n) { return COLOR_PAIR(n); }

static inline int spo_key_code_yes(void) { return KEY_CODE_YES; }
static inline int spo_key_resize(void) { return KEY_RESIZE; }
static inline int spo_key_up(void) { return KEY_UP; }
static inline int spo_key_down(void) { return KEY_DOWN; }
static inline int spo_key_left(void) { return KEY_LEFT; }
static inline int spo_key_right(void) { return KEY_RIGHT; }
static inline int spo_key_home(void) { return KEY_HOME; }
static inline int spo_key_end(void) { return KEY_END; }
static inline int spo_key_npage(void) { return KEY_NPAGE; }
static inline int spo_key_ppage(void) { return KEY_PPAGE; }
static inline int spo_key_backspace(void) { return KEY_BACKSPACE; }
static inline int spo_key_enter(void) { return KEY_ENTER; }
static inline int spo_key_btab(void) { return KEY_BTAB; }
static inline int spo_key_dc(void) { return KEY_DC; }
static inline int spo_key_f(int n) { return KEY_F(n); }

// Draws `n` wide characters at (y, x) with the given attributes and colour pair.
static inline int spo_put(int y, int x, const wchar_t *text, int n, attr_t attrs, short pair) {
    attr_set(attrs, pair, NULL);
    return mvaddnwstr(y, x, text, n);
}

#endif

/* ut_layout.h - where a tool's helper programs and data are, found from
 * the tool's own executable, so that an installed prefix can be moved and
 * no source or build path is compiled into a program.
 *
 * Installed: the executable is PREFIX/BINDIR/NAME or
 * PREFIX/LIBEXECDIR/mmaplab/NAME (the GNU install directories the build was
 * configured with, relative to the prefix). Helpers are in
 * PREFIX/LIBEXECDIR/mmaplab and data in PREFIX/DATADIR/mmaplab, at the
 * paths they have in the source tree (conformance/cases, ...).
 *
 * Build tree: the file `mmaplab-layout` at the top of the build tree
 * (written by CMake, never installed) names the source tree, the data
 * root, and each helper's path, one "KEY PATH" per line. It is found by
 * walking up from the executable's directory.
 *
 * Part of mmaplab_util (prefix ut_); never part of the core's API.
 */
#ifndef MMAPLAB_UT_LAYOUT_H
#define MMAPLAB_UT_LAYOUT_H

typedef enum ut_layout_kind {
  UT_LAYOUT_NONE = 0,  /* neither layout found */
  UT_LAYOUT_BUILD,     /* run from a build tree */
  UT_LAYOUT_INSTALLED, /* run from an installed prefix */
} ut_layout_kind;

typedef struct ut_layout {
  ut_layout_kind kind;
  char *data;    /* data root: the source tree, or PREFIX/DATADIR/mmaplab */
  char *helpers; /* installed: PREFIX/LIBEXECDIR/mmaplab; build: NULL */
  char *file;    /* build: the mmaplab-layout file read; installed: NULL */
} ut_layout;

/* Finds the layout of the program whose executable is EXE (an absolute
 * path with symbolic links resolved). 0 and *L filled (free with
 * ut_layout_free), or -1 with *L's kind UT_LAYOUT_NONE. BINDIR, LIBEXECDIR
 * and DATADIR are the install directories relative to the prefix. */
int ut_layout_find(const char *exe, const char *bindir, const char *libexecdir,
                   const char *datadir, ut_layout *l);
void ut_layout_free(ut_layout *l);

/* The layout of this process's executable (/proc/self/exe), with the
 * install directories this build was configured with; found on the first
 * call (call it first from one thread). Exits with status 2 and one line
 * on stderr when no layout is found: a broken install. */
const ut_layout *ut_layout_self(void);

/* DATA_ROOT/REL, a new string (exits as ut_layout_self does). */
char *ut_layout_data(const char *rel);

/* The path of helper program NAME ("mmaplab-conform"), a new string:
 * PREFIX/LIBEXECDIR/mmaplab/NAME installed, the build tree's target file
 * otherwise. Exits with status 2 and one line on stderr when the build tree
 * has no such program. */
char *ut_layout_helper(const char *name);

/* Where a tool writes when not told: in a build tree SOURCE/REL_IN_TREE
 * (inside the checkout, as the developers' workflows expect); installed,
 * NAME in the current directory, because nothing is ever written under the
 * install prefix. A new string. */
char *ut_layout_output(const char *rel_in_tree, const char *name);

/* 1 when this process runs from an installed prefix. */
int ut_layout_installed(void);

#endif /* MMAPLAB_UT_LAYOUT_H */

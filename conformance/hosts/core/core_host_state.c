/* core_host_state.c - the names, maps, views and descriptors of one case,
 * with CPython's lifetimes: a map lives while it is bound or viewed. */
#include "core_host.h"
#include "core_host_os.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

/* Makes room for one more element in a growable array. */
static void *grow(void *arr, size_t n, size_t *cap, size_t elem) {
  if (n < *cap)
    return arr;
  *cap = *cap ? 2 * *cap : 8;
  return ut_xrealloc(arr, *cap * elem);
}

void ch_state_init(ch_state *st, json_t *files) {
  memset(st, 0, sizeof *st);
  st->files = files != NULL ? files : json_object();
}

json_t *ch_misuse(ch_state *st, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(st->misuse, sizeof st->misuse, fmt, ap);
  va_end(ap);
  return NULL;
}

/* CPython deallocates an object when its last reference goes. */
static void maybe_destroy(ch_map *cm) {
  if (cm->m != NULL && !cm->bound && cm->views == 0) {
    mml_destroy(cm->m);
    cm->m = NULL;
  }
}

void ch_view_release(ch_view *v) {
  if (v->released)
    return;
  v->released = 1;
  mml_buffer_release(v->map->m);
  v->map->views--;
  maybe_destroy(v->map);
}

ch_binding *ch_find(ch_state *st, const char *name) {
  for (size_t i = 0; i < st->nnames; i++)
    if (strcmp(st->names[i].name, name) == 0)
      return &st->names[i];
  return NULL;
}

ch_fd *ch_find_fd(ch_state *st, const char *name) {
  for (size_t i = 0; i < st->nfds; i++)
    if (strcmp(st->fds[i].name, name) == 0)
      return &st->fds[i];
  return NULL;
}

void ch_unbind(ch_state *st, const char *name) {
  ch_binding *b = ch_find(st, name);
  if (b == NULL)
    return;
  if (b->kind == CH_MAP) {
    b->map->bound = 0;
    maybe_destroy(b->map);
  } else {
    /* A memoryview that loses its last reference releases its export. */
    ch_view_release(b->view);
  }
  free(b->name);
  *b = st->names[--st->nnames];
}

static ch_binding *new_binding(ch_state *st, const char *name) {
  ch_unbind(st, name);
  st->names = grow(st->names, st->nnames, &st->capnames, sizeof *st->names);
  ch_binding *b = &st->names[st->nnames++];
  memset(b, 0, sizeof *b);
  b->name = ut_xstrdup(name);
  return b;
}

void ch_bind_map(ch_state *st, const char *name, mml_map *m) {
  ch_map *cm = ut_xrealloc(NULL, sizeof *cm);
  cm->m = m;
  cm->bound = 1;
  cm->views = 0;
  st->maps = grow(st->maps, st->nmaps, &st->capmaps, sizeof *st->maps);
  st->maps[st->nmaps++] = cm;
  ch_binding *b = new_binding(st, name);
  b->kind = CH_MAP;
  b->map = cm;
}

void ch_bind_view(ch_state *st, const char *name, ch_map *map, uint8_t *data,
                  int64_t len, int readonly) {
  ch_view *v = ut_xrealloc(NULL, sizeof *v);
  v->map = map;
  v->data = data;
  v->len = len;
  v->readonly = readonly;
  v->released = 0;
  map->views++;
  st->views = grow(st->views, st->nviews, &st->capviews, sizeof *st->views);
  st->views[st->nviews++] = v;
  /* Rebinding may drop the map itself (export on m as m): the new view
   * already holds it, so it survives, as in CPython. */
  ch_binding *b = new_binding(st, name);
  b->kind = CH_VIEW;
  b->view = v;
}

void ch_keep_fd(ch_state *st, int fd) {
  st->extra = grow(st->extra, st->nextra, &st->capextra, sizeof *st->extra);
  st->extra[st->nextra++] = fd;
}

void ch_bind_fd(ch_state *st, const char *name, int fd) {
  ch_fd *old = ch_find_fd(st, name);
  if (old != NULL) {
    /* The Python host forgets the old descriptor; we close it at the end
     * of the case instead of leaking it. */
    ch_keep_fd(st, old->fd);
    old->fd = fd;
    return;
  }
  st->fds = grow(st->fds, st->nfds, &st->capfds, sizeof *st->fds);
  st->fds[st->nfds].name = ut_xstrdup(name);
  st->fds[st->nfds++].fd = fd;
}

int ch_unbind_fd(ch_state *st, const char *name) {
  ch_fd *f = ch_find_fd(st, name);
  int fd;
  if (f == NULL)
    return -1;
  fd = f->fd;
  free(f->name);
  *f = st->fds[--st->nfds];
  return fd;
}

void ch_state_clear(ch_state *st) {
  /* Views first, so that every map can then go (errors are ignored). */
  for (size_t i = 0; i < st->nviews; i++) {
    ch_view_release(st->views[i]);
    free(st->views[i]);
  }
  for (size_t i = 0; i < st->nnames; i++)
    free(st->names[i].name);
  for (size_t i = 0; i < st->nmaps; i++) {
    mml_destroy(st->maps[i]->m);
    free(st->maps[i]);
  }
  for (size_t i = 0; i < st->nfds; i++) {
    ch_os_close(st->fds[i].fd);
    free(st->fds[i].name);
  }
  for (size_t i = 0; i < st->nextra; i++)
    ch_os_close(st->extra[i]);
  ch_os_end_case();
  free(st->names);
  free(st->views);
  free(st->maps);
  free(st->fds);
  free(st->extra);
  json_decref(st->files);
  memset(st, 0, sizeof *st);
}

#ifndef LECTERN_SMAP_H
#define LECTERN_SMAP_H

#include <stddef.h>

/* A map from byte strings to numbers: open addressing, at most half full,
 * so a lookup or an insertion costs O(1) on average and n insertions O(n).
 * Keys are borrowed: the bytes must outlive the map and must not change.
 * A zeroed struct smap is an empty map; smap_release() frees it. */

struct smap_slot {
	const char *key; /* NULL: empty */
	size_t len, val;
	size_t hash; /* compared first, so a probe rarely touches another key */
};

struct smap {
	struct smap_slot *slot;
	size_t cap, n;
};

/* The value of key[0..len), or NULL; the pointer lasts until the next
 * smap_put. */
size_t *smap_get(const struct smap *m, const char *key, size_t len);

/* Sets the value of key[0..len), adding the key if it is new. */
void smap_put(struct smap *m, const char *key, size_t len, size_t val);

/* Frees the slots (never the keys) and empties m. */
void smap_release(struct smap *m);

#endif

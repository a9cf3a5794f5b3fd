/* The string map (smap.h): FNV-1a over the key's bytes, a final mix so
 * the low bits the mask keeps depend on every byte, linear probing. */
#include "smap.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "xalloc.h"

static size_t smap_hash(const char *s, size_t n)
{
	uint64_t h = 0xcbf29ce484222325ull;
	for (size_t i = 0; i < n; i++) {
		h ^= (unsigned char)s[i];
		h *= 0x100000001b3ull;
	}
	h ^= h >> 33; /* spread the high bits into the low ones the mask keeps */
	h *= 0xff51afd7ed558ccdull;
	h ^= h >> 33;
	return (size_t)h;
}

/* The slot holding key (of hash h), or the empty one where it would go. */
static struct smap_slot *smap_slot(const struct smap *m, const char *key, size_t len, size_t h)
{
	size_t mask = m->cap - 1;
	for (size_t i = h & mask;; i = (i + 1) & mask) {
		struct smap_slot *sl = &m->slot[i];
		if (!sl->key || (sl->hash == h && sl->len == len && memcmp(sl->key, key, len) == 0))
			return sl;
	}
}

size_t *smap_get(const struct smap *m, const char *key, size_t len)
{
	if (!m->cap)
		return NULL;
	struct smap_slot *sl = smap_slot(m, key, len, smap_hash(key, len));
	return sl->key ? &sl->val : NULL;
}

void smap_put(struct smap *m, const char *key, size_t len, size_t val)
{
	if (2 * (m->n + 1) > m->cap) {
		struct smap old = *m;
		m->cap = old.cap ? old.cap * 2 : 64;
		m->slot = xcalloc(m->cap, sizeof *m->slot);
		for (size_t i = 0; i < old.cap; i++) {
			if (!old.slot[i].key)
				continue;
			size_t j = old.slot[i].hash & (m->cap - 1); /* keys are distinct */
			while (m->slot[j].key)
				j = (j + 1) & (m->cap - 1);
			m->slot[j] = old.slot[i];
		}
		free(old.slot);
	}
	size_t h = smap_hash(key, len);
	struct smap_slot *sl = smap_slot(m, key, len, h);
	if (!sl->key)
		m->n++;
	*sl = (struct smap_slot){ key, len, val, h };
}

void smap_release(struct smap *m)
{
	free(m->slot);
	*m = (struct smap){ 0 };
}
